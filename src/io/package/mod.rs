//! Reporting up without a server (issue 14): each branch secretary keeps her own ledger on her own
//! laptop; `export package` writes her branch's year as one file, `import package` takes it into the
//! 党委's ledger, which computes the college's book and rankings from the packages it received.
//!
//! **The file** (`format`): a zip of `manifest.json` (format and schema version, branch and 上级党组织,
//! year, exported_at, the source's audit-chain head, every part's SHA-256 and row count), one
//! `rows/<table>.jsonl` a table (a row a line, its values in column order, types kept: a REAL stays
//! a REAL bit for bit), and `chain.jsonl`, the source's audit-log entries the export wrote.
//!
//! **What is carried** (`carry`), for branch B and year Y — what the reports of B's year read:
//! - the branch row; its 党小组, 支委 seats and 先锋岗 kinds (all of them: history is dated);
//! - its members on the roll at some time in Y, and any member a carried record names (a host, a
//!   mark, a completion, a seat, a 组长, a talk, a rota turn), with each one's membership periods in
//!   B, 党小组 history, status changes and 预备期 extension; a member of another branch of the
//!   same source ledger who is named (one who sat in) goes as his row alone, with no history;
//! - Y's activities with their kinds and attendance; the study tasks published in Y or completed in
//!   Y (their completions score in Y), with their audiences and completions; discussions,
//!   reflections, quizzes, point adjustments and awards dated in Y; heart talks of Y with who took
//!   part; 先锋岗 posts of Y or rated in Y, with their deeds; Y's 民主评议 records; the news rota
//!   periods touching Y and the news collected on them in Y;
//! - the point rules, the 组织生活 rules and the 民主评议 guides, for comparison only: rules are
//!   ledger-wide, and the 党委's ledger measures every branch by its own (one yardstick for the
//!   ranking); a branch whose rules differ for Y is named as its package goes in (`rules`).
//!
//! Deliberately not carried: attachments (their files, and so their rows: the 佐证材料 stay with the
//! branch — `export evidence` hands them in), the 园地 (resources, announcements, polls and their
//! votes, modules), settings (the 关注名单 threshold), the search index (the receiver's triggers
//! rebuild it), the branch's own audit log beyond the export's entries, and the source's own records
//! of packages.
//!
//! **Verification.** The export is one transaction of the source ledger: it checks that the log's
//! chain is whole and that every row it carries is as the log last saw it (so a row changed by
//! another tool is never vouched for), writes one `attest` entry for each row it carries (its table,
//! key and digest — `store::audit` hashes rows and links entries), then its own `package_export`
//! row, whose entry is last: the package's head. The receiver (`read`), before writing anything,
//! recomputes every entry's link from the anchor (the source's head before the export) to the head,
//! checks that the last entry logged the manifest's own record (so branch, year, exported_at, the
//! parts' digests and counts are what the export wrote), every part against its digest, every row
//! against the entry that vouches for it, and that every vouched row is there. A row edited, added or
//! deleted, a part replaced, the manifest or the head edited, a truncated or foreign file: refused,
//! naming the part, table and row, the ledger unchanged. The bounds of `format` hold for any file.
//!
//! Limits: there are no keys. Whoever has the software can make a ledger say anything and export
//! it, or rewrite a package and recompute every digest and link; the chain proves only that the
//! package is whole and unchanged since some Zhibu wrote it. What does tie it to the secretary's own
//! ledger is the head: the export prints it (“1234:9f86d081”), `report packages` shows it, and the
//! secretary can read hers out of her ledger (`<ledger>.audit-head`, or `audit list`) to compare.
//!
//! **Identity and replacement** (`load`). A branch across ledgers is its source ledger's identity (a
//! random id each ledger is given once, `ledger_setting.ledger_id`, kept by backups and copies) and
//! its id in that ledger: a branch renamed at home is still found. A package of a branch never
//! received goes to the branch of that name, made if there is none; a branch of that name the 党委
//! keeps records of itself is refused (it would count twice). A later package of the same branch and
//! year replaces the earlier wholesale, in one transaction: the earlier package's rows out (those
//! another year's package also brought stay: a member, a task), this one's in, ids remapped. A
//! package exported before the one already received (by the source chain's position, which a wrong
//! clock cannot reorder), or a branch of the same name coming from another ledger (a new laptop),
//! needs confirmation: `--confirm`, or the window's dialog. Rows two years' packages share take the
//! values of the later export. Other branches are never touched.

mod carry;
mod format;
mod load;
mod read;
mod rules;
mod valid;
mod write;

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::kernel::progress::OnProgress;
use crate::store::Ledger;
use crate::Result;

pub use format::{FORMAT, FORMAT_VERSION};

/// What `export package` wrote.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport {
    pub path: String,
    pub branch: String,
    pub parent_org: Option<String>,
    pub year: i32,
    pub exported_at: String,
    /// Members of the branch on its roll at some time in the year.
    pub members: i64,
    pub activities: i64,
    /// Rows carried, all tables together.
    pub rows: usize,
    pub bytes: u64,
    /// The source's audit chain after the export, short: “seq:first 8 hex digits”.
    pub head: String,
}

/// Writes branch `branch_id`'s year `year` to `out` as a package (see the module's doc).
pub fn export(
    ledger: &mut Ledger,
    branch_id: i64,
    year: i32,
    out: &Path,
    progress: OnProgress,
) -> Result<ExportReport> {
    write::export(ledger, branch_id, year, out, progress)
}

/// A package received, as 党委 views and `report packages` list it.
#[derive(Debug, Clone, Serialize)]
pub struct Received {
    pub branch_id: i64,
    pub branch: String,
    pub parent_org: Option<String>,
    pub year: i32,
    pub exported_at: String,
    pub imported_at: String,
    pub file_name: String,
    pub members: i64,
    pub activities: i64,
    /// Rows the package carried.
    pub rows: i64,
    /// The source's audit chain at the export, short (“1234:9f86d081”), to compare with the
    /// branch's own ledger.
    pub head: String,
}

const RECEIVED_SQL: &str =
    "SELECT r.branch_id, b.name, b.parent_org, r.year, r.exported_at, r.imported_at, r.file_name,
        r.members, r.activities, r.rows, r.head
     FROM package_receipt r JOIN branch b ON b.id = r.branch_id";

fn received_row(r: &rusqlite::Row) -> rusqlite::Result<Received> {
    let head: String = r.get(10)?;
    let short = match head.split_once(':') {
        Some((seq, hash)) => format!("{seq}:{}", hash.get(..8).unwrap_or(hash)),
        None => head,
    };
    Ok(Received {
        branch_id: r.get(0)?,
        branch: r.get(1)?,
        parent_org: r.get(2)?,
        year: r.get(3)?,
        exported_at: r.get(4)?,
        imported_at: r.get(5)?,
        file_name: r.get(6)?,
        members: r.get(7)?,
        activities: r.get(8)?,
        rows: r.get(9)?,
        head: short,
    })
}

/// The packages received for `year`, by 党总支 then branch.
pub fn received(conn: &Connection, year: i32) -> Result<Vec<Received>> {
    let mut st = conn.prepare(&format!(
        "{RECEIVED_SQL} WHERE r.year = ?1 ORDER BY b.parent_org IS NULL, b.parent_org, b.name"
    ))?;
    let rows = st.query_map([year], received_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A package this ledger wrote, with the head it carried: what the secretary reads out to the 党委
/// to show that a package it received is hers.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub branch: String,
    pub year: i32,
    pub exported_at: String,
    pub head: String,
}

/// The packages this ledger wrote for `year`, oldest first.
pub fn exported(conn: &Connection, year: i32) -> Result<Vec<Exported>> {
    let mut st = conn.prepare(
        "SELECT e.branch, e.year, e.exported_at, l.seq, l.hash FROM package_export e
         JOIN audit_log l ON l.tbl = 'package_export' AND l.row_key = '[' || e.id || ']' AND l.op = 'insert'
         WHERE e.year = ?1 ORDER BY l.seq",
    )?;
    let rows = st.query_map([year], |r| {
        let (seq, hash): (i64, String) = (r.get(3)?, r.get(4)?);
        Ok(Exported {
            branch: r.get(0)?,
            year: r.get(1)?,
            exported_at: r.get(2)?,
            head: format::Link { seq, hash }.short(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What importing a package does, or did.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub file_name: String,
    pub branch: String,
    pub parent_org: Option<String>,
    pub year: i32,
    pub exported_at: String,
    pub head: String,
    pub members: i64,
    pub activities: i64,
    pub rows: usize,
    /// The branch here the package goes to (once in, the one it went to).
    pub branch_id: Option<i64>,
    /// Whether it makes a new branch here.
    pub new_branch: bool,
    /// Packages received earlier that it replaces.
    pub replaces: Vec<Received>,
    /// Why it must be confirmed before it goes in: an older export than the one received, or the
    /// same branch's name from another ledger.
    pub confirm: Option<String>,
    /// What the 党委 should know: the branch's rules differ, 身份证号 already held by another branch.
    pub notes: Vec<String>,
    /// Whether it went in.
    pub applied: bool,
}

/// How far an import goes without asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consent {
    /// Stop before replacing anything, to ask (the window's first step).
    Ask,
    /// Replace an earlier package of the branch's year; stop when confirmation is needed (the
    /// command line without `--confirm`).
    Replace,
    /// Go in whatever it replaces (confirmed).
    Confirmed,
}

/// Reads and checks the package at `file`, and says what importing it into the ledger on `conn`
/// would do. Writes nothing.
pub fn inspect(conn: &Connection, file: &Path, progress: OnProgress) -> Result<Plan> {
    let pkg = read::read(file, &load::shapes(conn)?, progress)?;
    load::plan(conn, &pkg)
}

/// Reads and checks the package at `file`, then, as far as `consent` allows, takes it into the
/// ledger in one transaction: returns the plan, `applied` when it went in. A package that fails
/// its checks is refused (an error naming what fails) and the ledger is unchanged.
pub fn import(ledger: &mut Ledger, file: &Path, consent: Consent, progress: OnProgress) -> Result<Plan> {
    let pkg = read::read(file, &load::shapes(ledger.conn())?, progress)?;
    ledger.write(|tx| {
        let mut plan = load::plan(tx, &pkg)?;
        let go = match consent {
            Consent::Ask => plan.replaces.is_empty() && plan.confirm.is_none(),
            Consent::Replace => plan.confirm.is_none(),
            Consent::Confirmed => true,
        };
        if go {
            load::apply(tx, &pkg, &mut plan, progress)?;
            tracing::info!(rows = plan.rows, year = plan.year, "package imported");
        }
        Ok(plan)
    })
}
