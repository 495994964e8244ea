//! The audit trail. Every transaction made through Zhibu appends, before it commits, one entry per
//! row it changed (when, from where, table, row, old → new with personal data masked, and a digest
//! of the row as it now stands), each entry hashed with the one before it. The chain's head is also
//! kept outside the SQLite file, beside it (`<ledger>.audit-head`) and beside each backup. So a row
//! of the ledger or of the log edited, deleted or inserted with another tool no longer matches the
//! log, and a log cut short no longer matches the head: [`verify`] names the table and the row.
//!
//! The changes are caught by temporary triggers that only Zhibu's own writing connection has
//! ([`watch`]): no write path can forget to log, and a write by another tool is never logged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, Connection};

use crate::{Error, Result};

mod rows;
pub(super) mod share;
mod verify;

use rows::{json_value, row_hash, sha256, shown, tables, Table};
pub use share::{chain_after, key_columns, row_digest, ChainEntry};
pub use verify::{count, entries, settle, verify};

/// Tables whose rows are not the ledger's own record: the log itself, and the search index's
/// documents, which triggers derive from the records.
const UNAUDITED: [&str; 2] = ["audit_log", "search_doc"];

/// Columns that hold personal data: logged masked, as the app shows them.
const SENSITIVE: [(&str, &str, usize, usize); 2] = [("member", "phone", 3, 4), ("member", "id_number", 4, 4)];

/// The last entry of the chain: its number and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

/// One entry of the log, as 设置 and the export show it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub origin: String,
    pub table: String,
    /// The table's name for the secretary (党员, 活动, 考勤…).
    pub table_label: String,
    pub row_key: String,
    pub op: Op,
    pub change: String,
    /// The change in words: “status：缺席 → 出席”, or the row's values when added or removed.
    pub described: String,
}

/// A logged change in words: each column `column：old → new`, or `column：value` for a row added or
/// removed (personal data already masked).
pub fn describe(change: &str) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(change) else {
        return change.to_string();
    };
    let show = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "（空）".to_string(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    map.iter()
        .map(|(column, v)| match v {
            serde_json::Value::Array(pair) if pair.len() == 2 => {
                format!("{column}：{} → {}", show(&pair[0]), show(&pair[1]))
            }
            v => format!("{column}：{}", show(v)),
        })
        .collect::<Vec<_>>()
        .join("；")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Insert,
    Update,
    Delete,
    /// The row as it stood when the log began, or after a schema upgrade.
    Baseline,
    /// The row as it stands, unchanged, vouched for when it left the ledger in a package
    /// (`io::package`): the receiver reads it against this entry.
    Attest,
}

impl Op {
    fn code(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::Baseline => "baseline",
            Op::Attest => "attest",
        }
    }

    fn parse(code: &str) -> Option<Op> {
        [Op::Insert, Op::Update, Op::Delete, Op::Baseline, Op::Attest]
            .into_iter()
            .find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Op::Insert => "新增",
            Op::Update => "修改",
            Op::Delete => "删除",
            Op::Baseline => "建档",
            Op::Attest => "上报存证",
        }
    }
}

/// The name a secretary knows a table by.
pub fn table_label(table: &str) -> &str {
    match table {
        "member" => "党员",
        "membership_period" => "在册记录",
        "member_status_event" => "党员状态变更",
        "group_assignment" => "党小组调整",
        "probation_extension" => "预备期延长",
        "branch" => "支部",
        "party_group" => "党小组",
        "committee_role" => "支委",
        "activity" => "组织生活",
        "activity_kind" => "组织生活类型",
        "attendance" => "考勤",
        "attachment" => "附件",
        "study_task" => "学习任务",
        "study_task_member" => "学习任务对象",
        "study_record" => "学习记录",
        "point_rule" | "point_rule_set" => "积分规则",
        "point_adjustment" => "积分调整",
        "appraisal" => "民主评议",
        "appraisal_guide" => "民主评议指引",
        "life_rule_set" => "组织生活规则",
        "heart_talk" | "heart_talk_party" => "谈心谈话",
        "award" => "表彰",
        "pioneer_kind" | "pioneer_post" | "pioneer_deed" => "先锋示范岗",
        "discussion" => "讨论",
        "reflection" => "心得体会",
        "quiz_result" => "测验",
        "resource" | "garden_module" => "园地资料",
        "announcement" => "通知",
        "poll" | "poll_option" | "poll_vote" => "投票",
        "news_item" => "资讯",
        "news_rota" => "资讯轮值",
        "package_export" => "上报包导出",
        "package_receipt" | "package_row" => "上报包接收",
        other => other,
    }
}

/// The head kept beside a ledger (or a backup) file.
pub fn head_path(ledger: &Path) -> PathBuf {
    let mut name = ledger.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".audit-head");
    ledger.with_file_name(name)
}

/// Writes the head beside `ledger`, whole or not at all (a temporary file renamed over it).
pub fn write_head(ledger: &Path, head: &Head) -> Result<()> {
    write_head_file(ledger, &format!("{} {}\n", head.seq, head.hash))
}

/// Before a commit: the head as it stands (if any) and the head the commit will make. A process
/// killed between the commit and [`write_head`] leaves the log at the pending head, which is then
/// no sign of tampering.
pub fn write_pending(ledger: &Path, committed: Option<&Head>, pending: &Head) -> Result<()> {
    let committed = committed.map(|h| format!("{} {}\n", h.seq, h.hash)).unwrap_or_default();
    write_head_file(
        ledger,
        &format!("{committed}{PENDING} {} {}\n", pending.seq, pending.hash),
    )
}

const PENDING: &str = "pending";

fn write_head_file(ledger: &Path, text: &str) -> Result<()> {
    let path = head_path(ledger);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, text)?;
    super::owner_only_file(Path::new(&tmp))?;
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

/// The head beside `ledger`: `Ok(None)` when there is none.
pub fn read_head(ledger: &Path) -> Result<Option<Head>> {
    Ok(read_head_file(ledger)?.0)
}

/// The committed head beside `ledger` and the pending one, if a commit was under way.
pub(super) fn read_head_file(ledger: &Path) -> Result<(Option<Head>, Option<Head>)> {
    let text = match std::fs::read_to_string(head_path(ledger)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((None, None)),
        Err(e) => return Err(e.into()),
    };
    let unreadable = || Error::Format(format!("审计链头文件 {} 内容无法识别", head_path(ledger).display()));
    let parse = |line: &str| -> Result<Head> {
        let mut parts = line.split_whitespace();
        match (parts.next().and_then(|s| s.parse().ok()), parts.next(), parts.next()) {
            (Some(seq), Some(hash), None) => Ok(Head {
                seq,
                hash: hash.to_string(),
            }),
            _ => Err(unreadable()),
        }
    };
    let (mut committed, mut pending) = (None, None);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match line.strip_prefix(PENDING) {
            Some(rest) => pending = Some(parse(rest)?),
            None => committed = Some(parse(line)?),
        }
    }
    if committed.is_none() && pending.is_none() {
        return Err(unreadable());
    }
    Ok((committed, pending))
}

/// The head of the log in the ledger, `None` while it is empty.
pub fn head(conn: &Connection) -> Result<Option<Head>> {
    let mut stmt = conn.prepare_cached("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")?;
    let mut rows = stmt.query([])?;
    Ok(match rows.next()? {
        Some(r) => Some(Head {
            seq: r.get(0)?,
            hash: r.get(1)?,
        }),
        None => None,
    })
}

/// What the log says happened to one row.
pub(super) struct Change {
    pub table: String,
    pub key: String,
    pub op: Op,
    pub change: String,
    pub row_hash: Option<String>,
}

/// Gives this connection (the ledger's one writer) the temporary triggers that note, in the
/// temporary table `audit_change`, the key of every row a transaction inserts, updates or deletes,
/// with its values before. Another tool's connection has none of them.
pub(super) fn watch(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS audit_change (n INTEGER PRIMARY KEY, tbl TEXT, op TEXT, key TEXT, old TEXT);",
    );
    for t in tables(conn)? {
        let list = |prefix: &str, cols: &mut dyn Iterator<Item = &String>| {
            cols.map(|c| format!("{prefix}.\"{c}\"")).collect::<Vec<_>>().join(", ")
        };
        let key_new = format!("json_array({})", list("NEW", &mut t.key.iter().map(|&i| &t.columns[i])));
        let key_old = format!("json_array({})", list("OLD", &mut t.key.iter().map(|&i| &t.columns[i])));
        let old = format!("json_array({})", list("OLD", &mut t.columns.iter()));
        let name = &t.name;
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS \"audit_{name}_i\" AFTER INSERT ON main.\"{name}\" BEGIN
                 INSERT INTO audit_change (tbl, op, key) VALUES ('{name}', 'insert', {key_new}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS \"audit_{name}_u\" AFTER UPDATE ON main.\"{name}\" BEGIN
                 INSERT INTO audit_change (tbl, op, key, old) SELECT '{name}', 'delete', {key_old}, {old}
                     WHERE {key_old} <> {key_new};
                 INSERT INTO audit_change (tbl, op, key, old) VALUES ('{name}',
                     CASE WHEN {key_old} <> {key_new} THEN 'insert' ELSE 'update' END, {key_new}, {old}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS \"audit_{name}_d\" AFTER DELETE ON main.\"{name}\" BEGIN
                 INSERT INTO audit_change (tbl, op, key, old) VALUES ('{name}', 'delete', {key_old}, {old}); END;"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Appends to the log what the transaction on `conn` changed (as [`watch`] noted it), each row
/// once, chained to the log's head; returns the new head, `None` when nothing changed.
pub(super) fn append(conn: &Connection, origin: &str) -> Result<Option<Head>> {
    // Per row, in the order first touched: the first operation and values before, the last operation.
    let mut order: Vec<(String, String)> = Vec::new();
    let mut seen: HashMap<(String, String), (Op, Option<String>, Op)> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached("SELECT tbl, op, key, old FROM audit_change ORDER BY n")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (table, op, key, old): (String, String, String, Option<String>) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let op = Op::parse(&op).unwrap_or(Op::Update);
            let key = canonical_key(&key)?;
            let k = (table, key);
            match seen.get_mut(&k) {
                Some(entry) => entry.2 = op,
                None => {
                    order.push(k.clone());
                    seen.insert(k, (op, old, op));
                }
            }
        }
    }
    conn.execute("DELETE FROM audit_change", [])?;
    let mut tables: HashMap<String, Table> = HashMap::new();
    let mut found = Vec::new();
    for k in order {
        let (first, old, last) = seen.remove(&k).unwrap_or((Op::Update, None, Op::Update));
        let (table_name, key) = k;
        if !tables.contains_key(&table_name) {
            tables.insert(table_name.clone(), Table::read(conn, &table_name)?);
        }
        let table = &tables[&table_name];
        let old: Option<Vec<serde_json::Value>> = old.and_then(|o| serde_json::from_str(&o).ok());
        let now = current_row(conn, table, &key)?;
        let op = match (first, last, &now) {
            (Op::Insert, _, None) => continue,
            (Op::Insert, _, Some(_)) => Op::Insert,
            (_, _, None) => Op::Delete,
            (_, _, Some(_)) => Op::Update,
        };
        let shown_row = |values: &[serde_json::Value]| -> String {
            let map: serde_json::Map<String, serde_json::Value> = table
                .columns
                .iter()
                .zip(values)
                .map(|(c, v)| (c.clone(), shown(&table.name, c, v)))
                .collect();
            serde_json::Value::Object(map).to_string()
        };
        let change = match (op, &old, &now) {
            (Op::Insert, _, Some((values, _))) => shown_row(values),
            (Op::Delete, Some(old), _) => shown_row(old),
            (Op::Update, Some(old), Some((values, _))) => {
                let map: serde_json::Map<String, serde_json::Value> = table
                    .columns
                    .iter()
                    .zip(old.iter().zip(values))
                    .filter(|(_, (o, n))| o != n)
                    .map(|(c, (o, n))| {
                        (
                            c.clone(),
                            serde_json::json!([shown(&table.name, c, o), shown(&table.name, c, n)]),
                        )
                    })
                    .collect();
                if map.is_empty() {
                    continue;
                }
                serde_json::Value::Object(map).to_string()
            }
            _ => "{}".into(),
        };
        found.push(Change {
            row_hash: now.map(|(_, h)| h),
            table: table_name,
            key,
            op,
            change,
        });
    }
    write_entries(conn, origin, found)
}

/// A key as SQLite's `json_array` wrote it, written as [`row_key`] writes it.
fn canonical_key(json: &str) -> Result<String> {
    let values: Vec<serde_json::Value> =
        serde_json::from_str(json).map_err(|_| Error::Internal(format!("审计记录的行标识无法识别：{json}")))?;
    Ok(serde_json::Value::Array(values).to_string())
}

/// A row as it now stands in the ledger, its values as the log shows them and its digest; `None`
/// when it is gone.
fn current_row(conn: &Connection, table: &Table, key: &str) -> Result<Option<(Vec<serde_json::Value>, String)>> {
    let keys: Vec<serde_json::Value> = serde_json::from_str(key).map_err(|e| Error::Internal(e.to_string()))?;
    let values: Vec<Value> = keys
        .into_iter()
        .map(|k| match k {
            serde_json::Value::Number(n) if n.is_i64() => Value::Integer(n.as_i64().unwrap_or(0)),
            serde_json::Value::Number(n) => Value::Real(n.as_f64().unwrap_or(0.0)),
            serde_json::Value::String(s) => Value::Text(s),
            _ => Value::Null,
        })
        .collect();
    let mut stmt = conn.prepare_cached(&table.select_one())?;
    let mut rows = stmt.query(rusqlite::params_from_iter(values))?;
    Ok(match rows.next()? {
        Some(r) => {
            let values: Vec<ValueRef> = (0..table.columns.len())
                .map(|i| r.get_ref(i))
                .collect::<rusqlite::Result<_>>()?;
            let hash = row_hash(&table.name, key, values.iter().copied());
            Some((values.into_iter().map(json_value).collect(), hash))
        }
        None => None,
    })
}

pub(super) fn write_entries(conn: &Connection, origin: &str, changes: Vec<Change>) -> Result<Option<Head>> {
    if changes.is_empty() {
        return Ok(None);
    }
    let at = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let mut head = head(conn)?.unwrap_or(Head {
        seq: 0,
        hash: String::new(),
    });
    let mut insert = conn.prepare_cached(
        "INSERT INTO audit_log (seq, at, origin, tbl, row_key, op, change, row_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for c in changes {
        let seq = head.seq + 1;
        let hash = entry_hash(
            &head.hash,
            seq,
            &at,
            origin,
            &c.table,
            &c.key,
            c.op.code(),
            &c.change,
            c.row_hash.as_deref(),
        );
        insert.execute(params![
            seq,
            at,
            origin,
            c.table,
            c.key,
            c.op.code(),
            c.change,
            c.row_hash,
            hash
        ])?;
        head = Head { seq, hash };
    }
    Ok(Some(head))
}

#[allow(clippy::too_many_arguments)]
pub(super) fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    origin: &str,
    table: &str,
    key: &str,
    op: &str,
    change: &str,
    row_hash: Option<&str>,
) -> String {
    sha256(
        &[
            prev,
            &seq.to_string(),
            at,
            origin,
            table,
            key,
            op,
            change,
            row_hash.unwrap_or("-"),
        ]
        .join("\u{0}"),
    )
}
