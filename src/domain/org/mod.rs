//! The organisation: branches, 党小组 with their 组长, and the 支委 with their terms.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::roll;
use crate::kernel::labels::CommitteeRole;
use crate::kernel::text::{bounded_text, check_optional, non_empty, optional_date, LABEL_MAX, TITLE_MAX};
use crate::store::Tx;
use crate::store::{attachments_dir_for, Ledger};
use crate::Error;
use crate::Result;

#[derive(Debug, Clone, Serialize)]
pub struct Branch {
    pub id: i64,
    pub name: String,
    pub parent_org: Option<String>,
    pub founded_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
pub struct BranchInput {
    pub id: i64,
    pub name: String,
    pub parent_org: Option<String>,
    pub founded_on: Option<String>,
}

pub fn create(tx: &Tx, name: &str, parent_org: Option<&str>, founded_on: Option<NaiveDate>) -> Result<i64> {
    let name = bounded_text("支部名称", name, TITLE_MAX)?;
    check_optional("上级党组织", parent_org, TITLE_MAX)?;
    if find_by_name(tx, &name)?.is_some() {
        return Err(Error::Conflict(format!("台账中已有名为“{name}”的支部")));
    }
    tx.execute(
        "INSERT INTO branch (name, parent_org, founded_on) VALUES (?1, ?2, ?3)",
        params![name, parent_org.and_then(non_empty), founded_on],
    )?;
    let id = tx.last_insert_rowid();
    crate::domain::pioneers::add_default_kinds(tx, id)?;
    Ok(id)
}

pub fn list(conn: &Connection) -> Result<Vec<Branch>> {
    let mut st = conn.prepare_cached("SELECT id, name, parent_org, founded_on FROM branch ORDER BY id")?;
    let rows = st.query_map([], |r| {
        Ok(Branch {
            id: r.get(0)?,
            name: r.get(1)?,
            parent_org: r.get(2)?,
            founded_on: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<Branch> {
    list(conn)?.into_iter().find(|b| b.id == id).ok_or(Error::NotFound {
        what: "支部",
        key: id.to_string(),
    })
}

pub fn find_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row("SELECT id FROM branch WHERE name = ?1", [name.trim()], |r| r.get(0))
        .optional()?)
}

/// The branch a command works on: the one named, else the ledger's only branch.
pub fn resolve(conn: &Connection, name: Option<&str>) -> Result<i64> {
    if let Some(n) = name {
        return find_by_name(conn, n)?.ok_or(Error::NotFound {
            what: "支部",
            key: n.to_string(),
        });
    }
    let all = list(conn)?;
    match all.as_slice() {
        [only] => Ok(only.id),
        [] => Err(Error::invalid("台账中还没有支部")),
        // A college's 60 names would bury the point: the first few show how a name is written.
        many => {
            let names: Vec<&str> = many.iter().take(3).map(|b| b.name.as_str()).collect();
            let more = if many.len() > 3 { "等" } else { "" };
            Err(Error::invalid(format!(
                "台账中有 {} 个支部（{}{more}），请用 --branch 指定（支部名称见 zhibu branch list）",
                many.len(),
                names.join("、")
            )))
        }
    }
}

pub fn update(tx: &Tx, input: &BranchInput) -> Result<Branch> {
    let name = bounded_text("支部名称", &input.name, TITLE_MAX)?;
    check_optional("上级党组织", input.parent_org.as_deref(), TITLE_MAX)?;
    let founded = optional_date("成立日期", input.founded_on.as_deref())?;
    if let Some(other) = find_by_name(tx, &name)?.filter(|id| *id != input.id) {
        return Err(Error::Conflict(format!("台账中已有名为“{name}”的支部（编号 {other}）")));
    }
    let n = tx.execute(
        "UPDATE branch SET name = ?2, parent_org = ?3, founded_on = ?4 WHERE id = ?1",
        params![input.id, name, input.parent_org.as_deref().and_then(non_empty), founded],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "支部",
            key: input.id.to_string(),
        });
    }
    get(tx, input.id)
}

/// A new ledger file with its first branch, in one go. Refuses a file that already has content.
pub fn new_ledger(path: &Path, branch: &str, parent_org: Option<&str>) -> Result<Ledger> {
    let mut ledger = Ledger::create_empty(path)?;
    ledger.write(|tx| create(tx, branch, parent_org, None).map(|_| ()))?;
    Ok(ledger)
}

/// The desktop's start: open the file, or create it with a placeholder branch the secretary
/// renames in 设置, so a first start never stops at an error.
pub fn open_or_new_ledger(path: &Path) -> Result<Ledger> {
    if Ledger::has_content(path) {
        Ledger::open(path)
    } else {
        new_ledger(path, "我的党支部", None)
    }
}

/// What the app shows about the open ledger.
#[derive(Debug, Serialize)]
pub struct LedgerInfo {
    pub path: PathBuf,
    pub attachments_dir: PathBuf,
    pub branch_id: i64,
    pub branches: Vec<Branch>,
    pub members_on_roll: i64,
    pub activity_count: i64,
    pub schema_version: i64,
    /// Encrypted at rest (a password opens it).
    pub encrypted: bool,
}

/// The ledger at `path` seen through `conn` (any connection to it: a reader's, in the app).
pub fn ledger_info(conn: &Connection, path: &Path, branch_id: i64, today: NaiveDate) -> Result<LedgerInfo> {
    Ok(LedgerInfo {
        path: path.to_path_buf(),
        attachments_dir: attachments_dir_for(path),
        branch_id,
        branches: list(conn)?,
        members_on_roll: roll::count(conn, Some(branch_id), today)?,
        activity_count: conn.query_row("SELECT count(*) FROM activity WHERE branch_id = ?1", [branch_id], |r| {
            r.get(0)
        })?,
        schema_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        encrypted: crate::store::crypto::is_encrypted(path),
    })
}

// ---- 党小组 ----

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: i64,
    pub name: String,
    pub leader_id: Option<i64>,
    pub leader_name: Option<String>,
    pub member_count: i64,
}

#[derive(Debug, Deserialize)]
pub struct GroupInput {
    pub id: Option<i64>,
    pub name: String,
    pub leader_id: Option<i64>,
}

pub fn list_groups(conn: &Connection, branch_id: i64) -> Result<Vec<Group>> {
    let today = "date('now', 'localtime')";
    let mut st = conn.prepare_cached(&format!(
        "SELECT g.id, g.name, g.leader_id, l.name, {count}
         FROM party_group g LEFT JOIN member l ON l.id = g.leader_id
         WHERE g.branch_id = ?1 ORDER BY g.id",
        count = roll::group_count_sql("g.id", "g.branch_id", today),
    ))?;
    let rows = st.query_map([branch_id], |r| {
        Ok(Group {
            id: r.get(0)?,
            name: r.get(1)?,
            leader_id: r.get(2)?,
            leader_name: r.get(3)?,
            member_count: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The branch's 党小组 by name, as [`group_by_name`] finds them.
pub fn group_ids_by_name(conn: &Connection, branch_id: i64) -> Result<HashMap<String, i64>> {
    let mut st = conn.prepare_cached("SELECT name, id FROM party_group WHERE branch_id = ?1")?;
    let rows = st.query_map([branch_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn group_by_name(conn: &Connection, branch_id: i64, name: &str) -> Result<Option<i64>> {
    // Prepared once per connection: an import asks it for each of 1,500 meetings.
    Ok(conn
        .prepare_cached("SELECT id FROM party_group WHERE branch_id = ?1 AND name = ?2")?
        .query_row(params![branch_id, name.trim()], |r| r.get(0))
        .optional()?)
}

pub fn save_group(tx: &Tx, branch_id: i64, input: &GroupInput) -> Result<Group> {
    let name = bounded_text("党小组名称", &input.name, LABEL_MAX)?;
    if let Some(other) = group_by_name(tx, branch_id, &name)?.filter(|id| Some(*id) != input.id) {
        return Err(Error::Conflict(format!("已有名为“{name}”的党小组（编号 {other}）")));
    }
    if let Some(leader) = input.leader_id {
        let in_branch: Option<i64> = tx
            .query_row("SELECT branch_id FROM member WHERE id = ?1", [leader], |r| r.get(0))
            .optional()?;
        if in_branch != Some(branch_id) {
            return Err(Error::invalid(format!("组长（编号 {leader}）不是本支部党员")));
        }
    }
    let id = match input.id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE party_group SET name = ?3, leader_id = ?4 WHERE id = ?1 AND branch_id = ?2",
                params![id, branch_id, name, input.leader_id],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "党小组",
                    key: id.to_string(),
                });
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO party_group (branch_id, name, leader_id) VALUES (?1, ?2, ?3)",
                params![branch_id, name, input.leader_id],
            )?;
            tx.last_insert_rowid()
        }
    };
    list_groups(tx, branch_id)?
        .into_iter()
        .find(|g| g.id == id)
        .ok_or(Error::NotFound {
            what: "党小组",
            key: id.to_string(),
        })
}

/// A group that any member (past or present) or any meeting refers to is kept: history needs it.
pub fn delete_group(tx: &Tx, id: i64) -> Result<()> {
    let used = roll::group_ever_used(tx, id)?
        || tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM activity WHERE group_id = ?1)",
            [id],
            |r| r.get::<_, bool>(0),
        )?;
    if used {
        return Err(Error::Conflict(
            "该党小组仍有党员或会议记录，不能删除；请先把党员调到其他党小组".into(),
        ));
    }
    if tx.execute("DELETE FROM party_group WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound {
            what: "党小组",
            key: id.to_string(),
        });
    }
    Ok(())
}

// ---- 支委 ----

#[derive(Debug, Clone, Serialize)]
pub struct CommitteeSeat {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub role: CommitteeRole,
    pub term_start: NaiveDate,
    pub term_end: Option<NaiveDate>,
    pub current: bool,
}

#[derive(Debug, Deserialize)]
pub struct CommitteeInput {
    pub id: Option<i64>,
    pub member_id: i64,
    pub role: String,
    pub term_start: Option<String>,
    pub term_end: Option<String>,
}

/// Who held the role in the branch at some time in `from..=to` (term ends are inclusive).
pub fn holders(
    conn: &Connection,
    branch_id: i64,
    role: CommitteeRole,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT member_id FROM committee_role WHERE branch_id = ?1 AND role = ?2
           AND term_start <= ?4 AND (term_end IS NULL OR term_end >= ?3)",
    )?;
    let rows = st.query_map(params![branch_id, role, from, to], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn list_committee(conn: &Connection, branch_id: i64, today: NaiveDate) -> Result<Vec<CommitteeSeat>> {
    let mut st = conn.prepare_cached(
        "SELECT c.id, c.member_id, m.name, c.role, c.term_start, c.term_end
         FROM committee_role c JOIN member m ON m.id = c.member_id
         WHERE c.branch_id = ?1 ORDER BY c.term_start DESC, c.id",
    )?;
    let rows = st.query_map([branch_id], |r| {
        let term_start: NaiveDate = r.get(4)?;
        let term_end: Option<NaiveDate> = r.get(5)?;
        Ok(CommitteeSeat {
            id: r.get(0)?,
            member_id: r.get(1)?,
            name: r.get(2)?,
            role: r.get(3)?,
            term_start,
            term_end,
            current: term_start <= today && term_end.is_none_or(|e| e >= today),
        })
    })?;
    let mut seats: Vec<CommitteeSeat> = rows.collect::<rusqlite::Result<_>>()?;
    seats.sort_by_key(|s| (!s.current, s.role));
    Ok(seats)
}

pub fn save_committee_role(tx: &Tx, branch_id: i64, input: &CommitteeInput, today: NaiveDate) -> Result<CommitteeSeat> {
    let id = store_committee_role(tx, branch_id, input)?;
    list_committee(tx, branch_id, today)?
        .into_iter()
        .find(|s| s.id == id)
        .ok_or(Error::NotFound {
            what: "支委职务",
            key: id.to_string(),
        })
}

fn store_committee_role(tx: &Tx, branch_id: i64, input: &CommitteeInput) -> Result<i64> {
    let role =
        CommitteeRole::parse(&input.role).ok_or_else(|| Error::invalid(format!("职务：无法识别“{}”", input.role)))?;
    let start = optional_date("任期开始", input.term_start.as_deref())?
        .ok_or_else(|| Error::invalid("任期开始日期不能为空"))?;
    let end = optional_date("任期结束", input.term_end.as_deref())?;
    if end.is_some_and(|e| e < start) {
        return Err(Error::invalid("任期结束日期早于开始日期"));
    }
    let member_branch: Option<i64> = tx
        .query_row("SELECT branch_id FROM member WHERE id = ?1", [input.member_id], |r| {
            r.get(0)
        })
        .optional()?;
    if member_branch != Some(branch_id) {
        return Err(Error::invalid(format!(
            "支委（编号 {}）不是本支部党员",
            input.member_id
        )));
    }
    match input.id {
        Some(id) => {
            let n = tx.execute(
                "UPDATE committee_role SET member_id = ?3, role = ?4, term_start = ?5, term_end = ?6
                 WHERE id = ?1 AND branch_id = ?2",
                params![id, branch_id, input.member_id, role, start, end],
            )?;
            if n == 0 {
                return Err(Error::NotFound {
                    what: "支委职务",
                    key: id.to_string(),
                });
            }
            Ok(id)
        }
        None => {
            tx.execute(
                "INSERT INTO committee_role (branch_id, member_id, role, term_start, term_end) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![branch_id, input.member_id, role, start, end],
            )?;
            Ok(tx.last_insert_rowid())
        }
    }
}

pub fn delete_committee_role(tx: &Tx, id: i64) -> Result<()> {
    if tx.execute("DELETE FROM committee_role WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound {
            what: "支委职务",
            key: id.to_string(),
        });
    }
    Ok(())
}
