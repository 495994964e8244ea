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
use sha2::{Digest, Sha256};

use crate::kernel::text::mask;
use crate::{Error, Result};

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Insert,
    Update,
    Delete,
    /// The row as it stood when the log began, or after a schema upgrade.
    Baseline,
}

impl Op {
    fn code(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
            Op::Baseline => "baseline",
        }
    }

    fn parse(code: &str) -> Option<Op> {
        [Op::Insert, Op::Update, Op::Delete, Op::Baseline]
            .into_iter()
            .find(|o| o.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Op::Insert => "新增",
            Op::Update => "修改",
            Op::Delete => "删除",
            Op::Baseline => "建档",
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
    let path = head_path(ledger);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, format!("{} {}\n", head.seq, head.hash))?;
    std::fs::rename(&tmp, &path)?;
    Ok(())
}

/// The head beside `ledger`: `Ok(None)` when there is none.
pub fn read_head(ledger: &Path) -> Result<Option<Head>> {
    let text = match std::fs::read_to_string(head_path(ledger)) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut parts = text.split_whitespace();
    match (parts.next().and_then(|s| s.parse().ok()), parts.next()) {
        (Some(seq), Some(hash)) => Ok(Some(Head {
            seq,
            hash: hash.to_string(),
        })),
        _ => Err(Error::Format(format!(
            "审计链头文件 {} 内容无法识别",
            head_path(ledger).display()
        ))),
    }
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

/// Whether `table` is part of the audited record.
fn audited(conn: &Connection, table: &str) -> bool {
    !UNAUDITED.contains(&table) && !table.starts_with("sqlite_") && !is_shadow(conn, table)
}

/// A full-text index's own storage (`search_index_data` …): derived, like the documents.
fn is_shadow(conn: &Connection, table: &str) -> bool {
    conn.query_row(
        "SELECT type = 'shadow' FROM pragma_table_list WHERE schema = 'main' AND name = ?1",
        [table],
        |r| r.get::<_, bool>(0),
    )
    .unwrap_or(false)
}

/// The audited tables, with their columns in order and which of them form the primary key.
fn tables(conn: &Connection) -> Result<Vec<Table>> {
    let names: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .filter(|n| audited(conn, n))
        .map(|n| Table::read(conn, &n))
        .collect()
}

struct Table {
    name: String,
    columns: Vec<String>,
    /// Column positions of the primary key, in column order.
    key: Vec<usize>,
}

impl Table {
    fn read(conn: &Connection, name: &str) -> Result<Table> {
        let cols: Vec<(String, i64)> = conn
            .prepare("SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid")?
            .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let key = cols
            .iter()
            .enumerate()
            .filter(|(_, c)| c.1 > 0)
            .map(|(i, _)| i)
            .collect();
        Ok(Table {
            name: name.to_string(),
            columns: cols.into_iter().map(|c| c.0).collect(),
            key,
        })
    }

    fn select_all(&self) -> String {
        let cols = self
            .columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        format!("SELECT {cols} FROM \"{}\"", self.name)
    }

    fn select_one(&self) -> String {
        let cond = self
            .key
            .iter()
            .enumerate()
            .map(|(i, &k)| format!("\"{}\" IS ?{}", self.columns[k], i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        format!("{} WHERE {cond}", self.select_all())
    }
}

/// A value written so that two different rows never read the same: its type, then its content.
fn canonical(v: ValueRef<'_>, out: &mut String) {
    use std::fmt::Write as _;
    match v {
        ValueRef::Null => out.push('n'),
        ValueRef::Integer(i) => {
            let _ = write!(out, "i{i}");
        }
        ValueRef::Real(f) => {
            let _ = write!(out, "r{:016x}", f.to_bits());
        }
        ValueRef::Text(t) => {
            let _ = write!(out, "t{}:", t.len());
            out.push_str(&String::from_utf8_lossy(t));
        }
        ValueRef::Blob(b) => {
            let _ = write!(out, "b{}:", b.len());
            for byte in b {
                let _ = write!(out, "{byte:02x}");
            }
        }
    }
    out.push('\u{1f}');
}

fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of a row: its table, its key and every value in column order.
fn row_hash<'a>(table: &str, key: &str, values: impl Iterator<Item = ValueRef<'a>>) -> String {
    let mut text = format!("{table}\u{0}{key}\u{0}");
    for v in values {
        canonical(v, &mut text);
    }
    sha256(&text)
}

/// A row's key as the log writes it: the primary key's values as a JSON array (“[12,5]”).
fn row_key<'a>(values: impl Iterator<Item = ValueRef<'a>>) -> String {
    let parts: Vec<serde_json::Value> = values.map(json_value).collect();
    serde_json::Value::Array(parts).to_string()
}

fn json_value(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => format!("（{} 字节的二进制数据）", b.len()).into(),
    }
}

/// A value as the log shows it: personal data masked.
fn shown(table: &str, column: &str, v: &serde_json::Value) -> serde_json::Value {
    match (SENSITIVE.iter().find(|s| s.0 == table && s.1 == column), v) {
        (Some(&(_, _, start, end)), serde_json::Value::String(t)) => mask(t, start, end).into(),
        _ => v.clone(),
    }
}

/// What the log says happened to one row.
struct Change {
    table: String,
    key: String,
    op: Op,
    change: String,
    row_hash: Option<String>,
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

fn write_entries(conn: &Connection, origin: &str, changes: Vec<Change>) -> Result<Option<Head>> {
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
fn entry_hash(
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

/// The latest digest the log holds for each row it knows: `None` for a row it saw deleted.
fn logged_rows(conn: &Connection) -> Result<HashMap<(String, String), Option<String>>> {
    let mut stmt = conn.prepare("SELECT tbl, row_key, row_hash FROM audit_log ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        out.insert((r.get(0)?, r.get(1)?), r.get(2)?);
    }
    Ok(out)
}

/// Every audited row as it now stands: (table, key) → digest.
fn ledger_rows(conn: &Connection) -> Result<HashMap<(String, String), String>> {
    let mut out = HashMap::new();
    for table in tables(conn)? {
        let mut stmt = conn.prepare(&table.select_all())?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let values: Vec<ValueRef> = (0..table.columns.len())
                .map(|i| r.get_ref(i))
                .collect::<rusqlite::Result<_>>()?;
            let key = row_key(table.key.iter().map(|&i| values[i]));
            let hash = row_hash(&table.name, &key, values.iter().copied());
            out.insert((table.name.clone(), key), hash);
        }
    }
    Ok(out)
}

/// Brings the log level with the ledger: a `baseline` entry for every row the log does not know
/// as it stands, a `delete` for every row it knows that is gone. On an empty log this is the
/// ledger as the log begins; after a schema upgrade, the rows the upgrade rewrote. Returns the new
/// head, if anything was written.
pub fn settle(conn: &Connection, origin: &str) -> Result<Option<Head>> {
    let logged = logged_rows(conn)?;
    let now = ledger_rows(conn)?;
    let mut changes = Vec::new();
    let mut keys: Vec<&(String, String)> = now.keys().collect();
    keys.sort();
    for k in keys {
        let hash = &now[k];
        if logged.get(k) != Some(&Some(hash.clone())) {
            changes.push(Change {
                table: k.0.clone(),
                key: k.1.clone(),
                op: Op::Baseline,
                change: "{}".into(),
                row_hash: Some(hash.clone()),
            });
        }
    }
    let mut gone: Vec<&(String, String)> = logged
        .iter()
        .filter(|(k, h)| h.is_some() && !now.contains_key(*k))
        .map(|(k, _)| k)
        .collect();
    gone.sort();
    for k in gone {
        changes.push(Change {
            table: k.0.clone(),
            key: k.1.clone(),
            op: Op::Delete,
            change: "{}".into(),
            row_hash: None,
        });
    }
    write_entries(conn, origin, changes)
}

/// What the log and its head say about the ledger at `path`: every row of the ledger or the log
/// changed, added or removed other than through Zhibu, by table and row. Empty when all agree.
pub fn verify(conn: &Connection, path: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    // The chain: numbered without gaps, each entry hashed with the one before.
    let mut stmt =
        conn.prepare("SELECT seq, at, origin, tbl, row_key, op, change, row_hash, hash FROM audit_log ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let (mut expected, mut prev) = (1i64, String::new());
    let mut last = None;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let text = |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
        let (at, origin, table, key, op, change) = (text(1)?, text(2)?, text(3)?, text(4)?, text(5)?, text(6)?);
        let row_hash: Option<String> = r.get(7)?;
        let hash = text(8)?;
        if seq != expected {
            problems.push(if seq > expected {
                format!("审计日志第 {expected}–{} 条被删除", seq - 1)
            } else {
                format!("审计日志第 {seq} 条编号重复或乱序")
            });
        }
        let recomputed = entry_hash(
            &prev,
            seq,
            &at,
            &origin,
            &table,
            &key,
            &op,
            &change,
            row_hash.as_deref(),
        );
        if recomputed != hash || Op::parse(&op).is_none() {
            problems.push(format!("审计日志第 {seq} 条（{} {key}）被改动", table_label(&table)));
        }
        expected = seq + 1;
        prev = hash.clone();
        last = Some(Head { seq, hash });
    }
    // The head kept outside the file: the log must reach it, through the same entry.
    match (read_head(path)?, &last) {
        (None, Some(_)) => problems.push(format!(
            "审计链头文件 {} 缺失，无法确认审计日志末尾是否完整",
            head_path(path).display()
        )),
        (Some(h), None) => problems.push(format!("审计日志被清空（链头记录了 {} 条）", h.seq)),
        (Some(h), Some(l)) if h.seq > l.seq => {
            problems.push(format!("审计日志末尾第 {}–{} 条被删除", l.seq + 1, h.seq))
        }
        (Some(h), Some(l)) if h.seq < l.seq => problems.push(format!(
            "审计日志比链头多出第 {}–{} 条（在支部台账之外追加，或上次写入时程序异常退出）",
            h.seq + 1,
            l.seq
        )),
        (Some(h), Some(l)) if h.hash != l.hash => {
            problems.push(format!("审计日志第 {} 条与链头不符，日志被改写", l.seq))
        }
        _ => {}
    }
    // The rows: each as the log last saw it.
    let logged = logged_rows(conn)?;
    let now = ledger_rows(conn)?;
    let mut found: Vec<String> = Vec::new();
    for ((table, key), hash) in &now {
        match logged.get(&(table.clone(), key.clone())) {
            Some(Some(h)) if h == hash => {}
            Some(Some(_)) => found.push(format!(
                "{}（{table}）行 {key}：内容在支部台账之外被改动",
                table_label(table)
            )),
            _ => found.push(format!(
                "{}（{table}）行 {key}：在支部台账之外被添加",
                table_label(table)
            )),
        }
    }
    for ((table, key), hash) in &logged {
        if hash.is_some() && !now.contains_key(&(table.clone(), key.clone())) {
            found.push(format!(
                "{}（{table}）行 {key}：在支部台账之外被删除",
                table_label(table)
            ));
        }
    }
    found.sort();
    problems.extend(found);
    Ok(problems)
}

/// The log, newest first: `limit` entries from `offset`, optionally of one table.
pub fn entries(conn: &Connection, offset: i64, limit: i64) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, origin, tbl, row_key, op, change FROM audit_log ORDER BY seq DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = stmt.query_map([limit, offset], |r| {
        let table: String = r.get(3)?;
        let op: String = r.get(5)?;
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            origin: r.get(2)?,
            table_label: table_label(&table).to_string(),
            table,
            row_key: r.get(4)?,
            op: Op::parse(&op).unwrap_or(Op::Update),
            change: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many entries the log holds.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}
