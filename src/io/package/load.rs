//! `import package`: a checked package into the 党委's ledger — which branch it is, what it replaces,
//! and the writing itself: the replaced package's rows out, this one's in, ids remapped, in one
//! transaction.

use std::collections::{HashMap, HashSet};

use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::carry::{Owner, TABLES};
use super::read::{Package, Part, Shapes};
use super::{rules, Plan, Received};
use crate::kernel::progress::{OnProgress, Progress};
use crate::store::{audit, Tx};
use crate::{Error, Result};

/// The receiver's carried tables as it knows them.
pub fn shapes(conn: &Connection) -> Result<Shapes> {
    TABLES
        .iter()
        .map(|c| Ok((c.table.to_string(), audit::key_columns(conn, c.table)?)))
        .collect()
}

fn receipt(conn: &Connection, id: i64) -> Result<Received> {
    Ok(conn.query_row(
        &format!("{} WHERE r.id = ?1", super::RECEIVED_SQL),
        [id],
        super::received_row,
    )?)
}

/// What importing `pkg` into the ledger on `conn` would do.
pub fn plan(conn: &Connection, pkg: &Package) -> Result<Plan> {
    let m = &pkg.manifest;
    let own: Option<String> = conn
        .query_row("SELECT value FROM ledger_setting WHERE key = 'ledger_id'", [], |r| {
            r.get(0)
        })
        .optional()?;
    if own.as_deref() == Some(m.ledger_id.as_str()) {
        return Err(Error::Conflict(format!(
            "这个上报包（{}，{} 年）是从本台账（或它的副本）导出的，不能再导入本台账",
            m.branch, m.year
        )));
    }
    let mut plan = Plan {
        file_name: pkg.file_name.clone(),
        branch: m.branch.clone(),
        parent_org: m.parent_org.clone(),
        year: m.year,
        exported_at: m.exported_at.clone(),
        head: m.head.short(),
        members: m.members,
        activities: m.activities,
        rows: pkg.rows(),
        branch_id: None,
        new_branch: false,
        replaces: Vec::new(),
        confirm: None,
        notes: rules::differences(conn, pkg)?,
        applied: false,
    };
    let same_source: Vec<(i64, i64, i32, i64)> = conn
        .prepare(
            "SELECT id, branch_id, year, head_seq FROM package_receipt WHERE source_ledger = ?1 AND source_branch = ?2
             ORDER BY year",
        )?
        .query_map(params![m.ledger_id, m.source_branch], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let by_name = crate::domain::org::find_by_name(conn, &m.branch)?;
    if let Some(&(_, branch_id, _, _)) = same_source.first() {
        plan.branch_id = Some(branch_id);
        if by_name.is_some_and(|b| b != branch_id) {
            return Err(Error::Conflict(format!(
                "上报包的支部已改名为“{}”，而本台账中另有一个同名支部：请先将那个支部改名，再导入",
                m.branch
            )));
        }
        if let Some(&(id, _, _, head_seq)) = same_source.iter().find(|r| r.2 == m.year) {
            let earlier = receipt(conn, id)?;
            if m.head.seq < head_seq {
                plan.confirm = Some(format!(
                    "这个上报包导出于 {}，早于已收到的{}{} 年度上报包（导出于 {}）：导入将用较早的内容替换较新的",
                    m.exported_at, earlier.branch, m.year, earlier.exported_at
                ));
            }
            plan.replaces.push(earlier);
        }
        return Ok(plan);
    }
    let Some(branch_id) = by_name else {
        plan.new_branch = true;
        return Ok(plan);
    };
    plan.branch_id = Some(branch_id);
    let theirs: Vec<i64> = conn
        .prepare("SELECT id FROM package_receipt WHERE branch_id = ?1 ORDER BY year")?
        .query_map([branch_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if theirs.is_empty() {
        let has_records: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM member WHERE branch_id = ?1) OR EXISTS (SELECT 1 FROM activity WHERE branch_id = ?1)
                 OR EXISTS (SELECT 1 FROM study_task WHERE branch_id = ?1) OR EXISTS (SELECT 1 FROM heart_talk WHERE branch_id = ?1)
                 OR EXISTS (SELECT 1 FROM news_rota WHERE branch_id = ?1)",
            [branch_id],
            |r| r.get(0),
        )?;
        if has_records {
            return Err(Error::Conflict(format!(
                "本台账中已有“{}”支部及其记录（不是由上报包导入的）：为免重复计算，未导入。台账未做任何修改",
                m.branch
            )));
        }
        return Ok(plan);
    }
    for id in theirs {
        plan.replaces.push(receipt(conn, id)?);
    }
    let years: Vec<String> = plan.replaces.iter().map(|r| r.year.to_string()).collect();
    plan.confirm = Some(format!(
        "本台账此前收到的“{}”上报包来自另一份台账（另一台电脑，或重新建立的台账）：导入将删除此前收到的该支部全部上报（{} 年度），以这份为准",
        m.branch,
        years.join("、")
    ));
    Ok(plan)
}

/// The rows a receipt brought that no other receipt also brought, by table.
fn only_of(conn: &Connection, receipt: i64) -> Result<HashMap<String, Vec<i64>>> {
    let mut out: HashMap<String, Vec<i64>> = HashMap::new();
    let mut st = conn.prepare(
        "SELECT p.tbl, p.local_id FROM package_row p WHERE p.receipt_id = ?1 AND NOT EXISTS (
             SELECT 1 FROM package_row q WHERE q.tbl = p.tbl AND q.local_id = p.local_id AND q.receipt_id <> p.receipt_id)",
    )?;
    for r in st.query_map([receipt], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
        let (t, id) = r?;
        out.entry(t).or_default().push(id);
    }
    Ok(out)
}

/// Takes out what a received package brought (what another year's package also brought stays),
/// and the record of it.
fn remove(tx: &Tx, receipt: i64) -> Result<()> {
    let year: i32 = tx.query_row("SELECT year FROM package_receipt WHERE id = ?1", [receipt], |r| {
        r.get(0)
    })?;
    tx.execute(
        "DELETE FROM appraisal WHERE year = ?1
           AND member_id IN (SELECT local_id FROM package_row WHERE receipt_id = ?2 AND tbl = 'member')",
        params![year, receipt],
    )?;
    let mut only = only_of(tx, receipt)?;
    for c in TABLES.iter().rev() {
        // The branch itself stays: the package replacing this one goes to it.
        if c.table == "branch" {
            continue;
        }
        let Some(ids) = only.remove(c.table) else { continue };
        let mut delete = tx.prepare_cached(&format!("DELETE FROM \"{}\" WHERE id = ?1", c.table))?;
        for id in ids {
            if c.table == "member" {
                tx.execute("DELETE FROM probation_extension WHERE member_id = ?1", [id])?;
                tx.execute("DELETE FROM appraisal WHERE member_id = ?1", [id])?;
            }
            delete.execute([id])?;
        }
    }
    tx.execute("DELETE FROM package_receipt WHERE id = ?1", [receipt])?;
    Ok(())
}

/// A column that refers to another table: where, and whether it may be empty.
struct Reference {
    at: usize,
    parent: String,
    nullable: bool,
    /// The parent is written after this table (a 党小组's 组长): set once everything is in.
    later: bool,
}

fn references(conn: &Connection, part: &Part, order: usize) -> Result<Vec<Reference>> {
    let fks: Vec<(String, String)> = conn
        .prepare("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")?
        .query_map([&part.table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let notnull: HashMap<String, bool> = conn
        .prepare("SELECT name, \"notnull\" FROM pragma_table_info(?1)")?
        .query_map([&part.table], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(fks
        .into_iter()
        .filter_map(|(from, parent)| {
            let at = part.column(&from)?;
            let later = TABLES.iter().position(|c| c.table == parent).is_some_and(|p| p > order);
            Some(Reference {
                at,
                nullable: !notnull.get(&from).copied().unwrap_or(false),
                parent,
                later,
            })
        })
        .collect())
}

struct Loader<'t, 'c> {
    tx: &'t Tx<'c>,
    branch: i64,
    receipt: i64,
    /// Rows another year's package brought too: overwritten when this package is the newest export.
    newest: bool,
    map: HashMap<(String, i64), i64>,
    kept: HashSet<(String, i64)>,
    overwritten: HashSet<(String, i64)>,
    cleared: HashSet<(String, i64)>,
    /// (table, id here, column, the parent's id in the source) set once every row is in.
    later: Vec<(String, i64, String, String, i64)>,
    id_numbers_dropped: usize,
}

impl Loader<'_, '_> {
    /// A row's values with every reference turned into this ledger's ids.
    fn remap(&mut self, part: &Part, refs: &[Reference], row: &[Value]) -> Result<Vec<Value>> {
        let mut out = row.to_vec();
        for r in refs {
            let Value::Integer(src) = row[r.at] else { continue };
            out[r.at] = if r.parent == "branch" {
                Value::Integer(self.branch)
            } else if let Some(&local) = self.map.get(&(r.parent.clone(), src)) {
                Value::Integer(local)
            } else if r.nullable {
                Value::Null
            } else {
                return Err(Error::invalid(format!(
                    "上报包中{}（{}）的一行引用了包中没有的{}记录，未导入",
                    audit::table_label(&part.table),
                    part.table,
                    audit::table_label(&r.parent)
                )));
            };
        }
        Ok(out)
    }

    fn load(&mut self, part: &Part, order: usize, owner: Owner) -> Result<()> {
        let refs = references(self.tx, part, order)?;
        let id_at = part.column("id");
        let cols: Vec<usize> = (0..part.columns.len()).filter(|&i| Some(i) != id_at).collect();
        let names = |at: &[usize]| {
            at.iter()
                .map(|&i| format!("\"{}\"", part.columns[i]))
                .collect::<Vec<_>>()
        };
        let listed = names(&cols);
        let marks = vec!["?"; cols.len()].join(", ");
        let verb = if owner == Owner::MemberYear {
            "INSERT OR REPLACE"
        } else {
            "INSERT"
        };
        let insert = format!(
            "{verb} INTO \"{}\" ({}) VALUES ({marks})",
            part.table,
            listed.join(", ")
        );
        let update = format!(
            "UPDATE \"{}\" SET {} WHERE id = ?{}",
            part.table,
            listed
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 1))
                .collect::<Vec<_>>()
                .join(", "),
            cols.len() + 1
        );
        for row in &part.rows {
            let mut values = self.remap(part, &refs, row)?;
            match owner {
                Owner::Rules => return Ok(()),
                Owner::With { column, parent } => {
                    let Some(Value::Integer(p)) = part.column(column).map(|i| values[i].clone()) else {
                        continue;
                    };
                    let key = (parent.to_string(), p);
                    if self.kept.contains(&key) {
                        continue;
                    }
                    if self.overwritten.contains(&key) && self.cleared.insert((part.table.clone(), p)) {
                        self.tx
                            .execute(&format!("DELETE FROM \"{}\" WHERE \"{column}\" = ?1", part.table), [p])?;
                    }
                    let v: Vec<&Value> = cols.iter().map(|&i| &values[i]).collect();
                    self.tx.prepare_cached(&insert)?.execute(params_from_iter(v))?;
                }
                Owner::MemberYear => {
                    let v: Vec<&Value> = cols.iter().map(|&i| &values[i]).collect();
                    self.tx.prepare_cached(&insert)?.execute(params_from_iter(v))?;
                }
                Owner::Own => {
                    let Some(Value::Integer(src)) = id_at.map(|i| row[i].clone()) else {
                        return Err(Error::invalid(format!("上报包中{}的一行没有编号，未导入", part.table)));
                    };
                    let existing = if part.table == "branch" {
                        Some(self.branch)
                    } else {
                        self.existing(&part.table, src)?
                    };
                    let mut later = Vec::new();
                    for r in refs.iter().filter(|r| r.later && r.nullable) {
                        if let Value::Integer(p) = row[r.at] {
                            values[r.at] = Value::Null;
                            later.push((part.columns[r.at].clone(), r.parent.clone(), p));
                        }
                    }
                    if part.table == "member" {
                        self.free_id_number(part, &mut values, existing)?;
                    }
                    let v: Vec<&Value> = cols.iter().map(|&i| &values[i]).collect();
                    let local = match existing {
                        Some(l) if self.newest || (part.table == "branch" && self.is_new_branch()?) => {
                            let mut st = self.tx.prepare_cached(&update)?;
                            st.execute(params_from_iter(
                                v.into_iter().chain(std::iter::once(&Value::Integer(l))),
                            ))?;
                            self.overwritten.insert((part.table.clone(), l));
                            l
                        }
                        Some(l) => {
                            self.kept.insert((part.table.clone(), l));
                            later.clear();
                            l
                        }
                        None => {
                            self.tx.prepare_cached(&insert)?.execute(params_from_iter(v))?;
                            self.tx.last_insert_rowid()
                        }
                    };
                    for (column, parent, p) in later {
                        self.later.push((part.table.clone(), local, column, parent, p));
                    }
                    self.map.insert((part.table.clone(), src), local);
                    self.tx
                        .prepare_cached(
                            "INSERT OR REPLACE INTO package_row (receipt_id, tbl, source_id, local_id) VALUES (?1, ?2, ?3, ?4)",
                        )?
                        .execute(params![self.receipt, part.table, src, local])?;
                }
            }
        }
        Ok(())
    }

    /// Whether the branch has no other package than this one (so its row is this package's).
    fn is_new_branch(&self) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM package_receipt WHERE branch_id = ?1 AND id <> ?2)",
            params![self.branch, self.receipt],
            |r| r.get(0),
        )?)
    }

    /// The row here that another of the branch's packages brought for the source's row `src`.
    fn existing(&self, table: &str, src: i64) -> Result<Option<i64>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT p.local_id FROM package_row p JOIN package_receipt r ON r.id = p.receipt_id
                 WHERE r.branch_id = ?1 AND p.tbl = ?2 AND p.source_id = ?3 AND r.id <> ?4 LIMIT 1",
            )?
            .query_row(params![self.branch, table, src, self.receipt], |r| r.get(0))
            .optional()?)
    }

    /// A 身份证号 is one person's in the whole ledger: a member who moved between two branches of the
    /// college is in both packages, and the copy that comes second is kept without it.
    fn free_id_number(&mut self, part: &Part, values: &mut [Value], existing: Option<i64>) -> Result<()> {
        let Some(at) = part.column("id_number") else {
            return Ok(());
        };
        let Value::Text(number) = &values[at] else {
            return Ok(());
        };
        let taken: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM member WHERE id_number = ?1 AND id IS NOT ?2)",
            params![number, existing],
            |r| r.get(0),
        )?;
        if taken {
            values[at] = Value::Null;
            self.id_numbers_dropped += 1;
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<()> {
        for (table, local, column, parent, src) in std::mem::take(&mut self.later) {
            let value = self.map.get(&(parent, src)).copied();
            self.tx.execute(
                &format!("UPDATE \"{table}\" SET \"{column}\" = ?1 WHERE id = ?2"),
                params![value, local],
            )?;
        }
        Ok(())
    }
}

/// Writes `pkg` as `plan` says: the packages it replaces out, its rows in, its receipt recorded.
pub fn apply(tx: &Tx, pkg: &Package, plan: &mut Plan, progress: OnProgress) -> Result<()> {
    let m = &pkg.manifest;
    // Rows go in parents first, but a 党小组 names its 组长 before the members are in: checked at
    // the commit.
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for r in &plan.replaces {
        let id: i64 = tx.query_row(
            "SELECT id FROM package_receipt WHERE branch_id = ?1 AND year = ?2",
            params![r.branch_id, r.year],
            |row| row.get(0),
        )?;
        remove(tx, id)?;
    }
    let branch = match plan.branch_id {
        Some(id) => {
            // A branch made here by hand and still empty takes the package: its default 党小组 and
            // 先锋岗 kinds give way to the branch's own.
            if plan.replaces.is_empty() && !has_receipts(tx, id)? {
                tx.execute("DELETE FROM pioneer_kind WHERE branch_id = ?1", [id])?;
                tx.execute("UPDATE party_group SET leader_id = NULL WHERE branch_id = ?1", [id])?;
                tx.execute("DELETE FROM party_group WHERE branch_id = ?1", [id])?;
            }
            id
        }
        None => {
            tx.execute(
                "INSERT INTO branch (name, parent_org) VALUES (?1, ?2)",
                params![m.branch, m.parent_org],
            )?;
            tx.last_insert_rowid()
        }
    };
    let newest: bool = tx.query_row(
        "SELECT coalesce(max(head_seq), -1) <= ?2 FROM package_receipt WHERE branch_id = ?1",
        params![branch, m.head.seq],
        |r| r.get(0),
    )?;
    let imported_at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    tx.execute(
        "INSERT INTO package_receipt (branch_id, year, source_ledger, source_branch, exported_at, imported_at,
                                      file_name, head, head_seq, members, activities, rows)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            branch,
            m.year,
            m.ledger_id,
            m.source_branch,
            m.exported_at,
            imported_at,
            pkg.file_name,
            format!("{}:{}", m.head.seq, m.head.hash),
            m.head.seq,
            m.members,
            m.activities,
            pkg.rows() as i64
        ],
    )?;
    let receipt = tx.last_insert_rowid();
    let mut loader = Loader {
        tx,
        branch,
        receipt,
        newest,
        map: HashMap::new(),
        kept: HashSet::new(),
        overwritten: HashSet::new(),
        cleared: HashSet::new(),
        later: Vec::new(),
        id_numbers_dropped: 0,
    };
    loader.map.insert(("branch".into(), m.source_branch), branch);
    let total = TABLES.len() as u32;
    for (order, c) in TABLES.iter().enumerate() {
        progress(Progress {
            done: order as u32,
            total,
            stage: format!("写入{}", audit::table_label(c.table)),
        });
        match pkg.part(c.table) {
            Some(part) if c.owner != Owner::Rules => loader.load(part, order, c.owner)?,
            _ => {}
        }
    }
    loader.finish()?;
    if loader.id_numbers_dropped > 0 {
        plan.notes.push(format!(
            "{} 名党员的身份证号已在本台账其他支部的记录中（如在学院内转接组织关系）：本支部的记录不重复保存身份证号",
            loader.id_numbers_dropped
        ));
    }
    plan.branch_id = Some(branch);
    plan.applied = true;
    Ok(())
}

fn has_receipts(conn: &Connection, branch: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM package_receipt WHERE branch_id = ?1)",
        [branch],
        |r| r.get(0),
    )?)
}
