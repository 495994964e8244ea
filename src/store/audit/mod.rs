//! The audit trail. Every transaction made through Zhibu appends, before it commits, one entry per
//! row it changed (when, from where, table, row, old → new with personal data masked, and a digest
//! of the row as it now stands), each entry hashed with the one before it. The chain's head is also
//! kept outside the SQLite file, beside it (`<ledger>.audit-head`) and beside each backup. So a row
//! of the ledger or of the log edited, deleted or inserted with another tool no longer matches the
//! log, and a log cut short no longer matches the head: [`verify`] names the table and the row.
//!
//! The changes are caught by temporary triggers that only Zhibu's own writing connection has
//! ([`watch`]): no write path can forget to log, and a write by another tool is never logged.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::types::{Value, ValueRef};
use rusqlite::Connection;

use crate::kernel::ids::IdMap;
use crate::{Error, Result};

mod rows;
pub(super) mod share;
mod verify;

use rows::{json_value, row_hash, row_key, sha256_joined, shown, tables, Table};
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

    /// [`Op::code`] where a statement binds it by reference.
    fn code_ref(self) -> &'static &'static str {
        match self {
            Op::Insert => &"insert",
            Op::Update => &"update",
            Op::Delete => &"delete",
            Op::Baseline => &"baseline",
            Op::Attest => &"attest",
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

/// What the writing connection's triggers noted, in order: for every row a statement inserted,
/// updated or deleted, its table, the operation, its key and its values before. Held beside the
/// connection (a note costs a push, not a row written and read back), taken by [`append`].
///
/// A note of a statement that failed and was undone, or of a transaction rolled back, is kept
/// harmlessly: [`append`] logs a row as it now stands against its values when first noted, and a
/// change undone leaves nothing to log. [`Notes::truncate`] forgets a rolled-back transaction's.
#[derive(Clone, Default)]
pub(crate) struct Notes {
    /// The audited tables, by the number a note names them with.
    tables: Arc<Vec<Table>>,
    list: Arc<Mutex<NoteList>>,
}

#[derive(Default)]
struct NoteList {
    notes: Vec<Note>,
}

struct Note {
    table: usize,
    op: Op,
    /// The key as [`row_key`] writes it, and its values.
    key: String,
    key_values: Vec<Value>,
    /// The row's values before; `None` for an insert.
    old: Option<Vec<serde_json::Value>>,
}

impl Notes {
    fn list(&self) -> Result<std::sync::MutexGuard<'_, NoteList>> {
        self.list
            .lock()
            .map_err(|_| Error::Internal("审计记录的改动清单无法读取".into()))
    }

    /// How many notes are held: where the notes of a transaction about to begin start.
    pub(crate) fn len(&self) -> Result<usize> {
        Ok(self.list()?.notes.len())
    }

    /// Forgets the notes from `len` on: those of a transaction that was rolled back.
    pub(crate) fn truncate(&self, len: usize) -> Result<()> {
        self.list()?.notes.truncate(len);
        Ok(())
    }
}

/// The SQL function the triggers note a row with: (table number, operation, the key before and/or
/// after, the values before) — see [`watch`].
const NOTE: &str = "zhibu_audit_note";

/// The notes of a change to a row of `table` (number `at`) as the trigger passes it: `op` ('i',
/// 'u' or 'd') and `arg(i)`, the key after (insert); the key before, then the values before
/// (delete); the key before, the key after, then the values before (update). One note, or two when
/// an update moves the row to another key: it leaves one key and arrives at another.
fn read_change<'a>(
    table: &Table,
    at: usize,
    op: &str,
    args: usize,
    arg: &dyn Fn(usize) -> ValueRef<'a>,
) -> rusqlite::Result<Vec<Note>> {
    let (k, width) = (table.key.len(), table.columns.len());
    let wanted = match op {
        "i" => k,
        "d" => k + width,
        _ => 2 * k + width,
    };
    if args != wanted {
        return Err(rusqlite::Error::UserFunctionError(
            format!("{}：{args} 个值，应为 {wanted} 个", table.name).into(),
        ));
    }
    let key = |from: usize| -> (String, Vec<Value>) {
        let values: Vec<ValueRef> = (from..from + k).map(arg).collect();
        (
            row_key(values.iter().copied()),
            values.into_iter().map(Value::from).collect(),
        )
    };
    let row = |from: usize| (from..from + width).map(|i| json_value(arg(i))).collect::<Vec<_>>();
    let note = |op, (key, key_values): (String, Vec<Value>), old| Note {
        table: at,
        op,
        key,
        key_values,
        old,
    };
    Ok(match op {
        "i" => vec![note(Op::Insert, key(0), None)],
        "d" => vec![note(Op::Delete, key(0), Some(row(k)))],
        _ => {
            let (was, now, before) = (key(0), key(k), row(2 * k));
            if was.0 != now.0 {
                vec![
                    note(Op::Delete, was, Some(before.clone())),
                    note(Op::Insert, now, Some(before)),
                ]
            } else {
                vec![note(Op::Update, now, Some(before))]
            }
        }
    })
}

/// Gives this connection (the ledger's one writer) the temporary triggers that note, in the
/// returned [`Notes`], the key of every row a transaction inserts, updates or deletes, with its
/// values before. Another tool's connection has none of them.
pub(super) fn watch(conn: &Connection) -> Result<Notes> {
    use rusqlite::functions::FunctionFlags;
    let notes = Notes {
        tables: Arc::new(tables(conn)?),
        list: Arc::default(),
    };
    let (tables, list) = (notes.tables.clone(), notes.list.clone());
    conn.create_scalar_function(NOTE, -1, FunctionFlags::SQLITE_UTF8, move |ctx| {
        let at = usize::try_from(ctx.get::<i64>(0)?).unwrap_or(usize::MAX);
        let Some(table) = tables.get(at) else {
            return Err(rusqlite::Error::UserFunctionError(format!("未知的表编号 {at}").into()));
        };
        let op = ctx.get_raw(1).as_str().unwrap_or("");
        let notes = read_change(table, at, op, ctx.len().saturating_sub(2), &|i| ctx.get_raw(i + 2))?;
        list.lock()
            .map_err(|_| rusqlite::Error::UserFunctionError("审计记录的改动清单无法写入".into()))?
            .notes
            .extend(notes);
        Ok(None::<i64>)
    })?;
    let mut sql = String::new();
    for (i, t) in notes.tables.iter().enumerate() {
        let list = |prefix: &str, cols: &mut dyn Iterator<Item = &String>| {
            cols.map(|c| format!(", {prefix}.\"{c}\"")).collect::<String>()
        };
        let key_new = list("NEW", &mut t.key.iter().map(|&i| &t.columns[i]));
        let key_old = list("OLD", &mut t.key.iter().map(|&i| &t.columns[i]));
        let old = list("OLD", &mut t.columns.iter());
        let name = &t.name;
        sql.push_str(&format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS \"audit_{name}_i\" AFTER INSERT ON main.\"{name}\" BEGIN
                 SELECT {NOTE}({i}, 'i'{key_new}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS \"audit_{name}_u\" AFTER UPDATE ON main.\"{name}\" BEGIN
                 SELECT {NOTE}({i}, 'u'{key_old}{key_new}{old}); END;
             CREATE TEMP TRIGGER IF NOT EXISTS \"audit_{name}_d\" AFTER DELETE ON main.\"{name}\" BEGIN
                 SELECT {NOTE}({i}, 'd'{key_old}{old}); END;"
        ));
    }
    conn.execute_batch(&sql)?;
    Ok(notes)
}

/// Appends to the log what `notes` hold (the changes of the transaction on `conn`), each row once,
/// chained to the log's head; returns the new head, `None` when nothing changed.
///
/// The rows are read back here, on the connection's thread; what is made of them — their digests,
/// the change texts, the chain — is made by [`Logger`]. Past [`HASHED_APART_FROM`] rows (an
/// import's hundred thousand), a second thread does that while this one reads the rows and writes
/// the entries: the same entries, in the same order, as one thread would make.
pub(super) fn append(conn: &Connection, notes: &Notes, origin: &str) -> Result<Option<Head>> {
    let taken = std::mem::take(&mut notes.list()?.notes);
    let tables = &notes.tables;
    // Per row, in the order first touched: its first note (the operation, the values before) and
    // the last operation.
    let mut rows: Vec<(usize, Op)> = Vec::with_capacity(taken.len());
    {
        // Keys are written from primary keys (row ids nearly always): see kernel::ids.
        let mut at: IdMap<(usize, &str), usize> = crate::kernel::ids::map_with_capacity(taken.len());
        for (n, note) in taken.iter().enumerate() {
            match at.entry((note.table, note.key.as_str())) {
                std::collections::hash_map::Entry::Occupied(e) => rows[*e.get()].1 = note.op,
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(rows.len());
                    rows.push((n, note.op));
                }
            }
        }
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let mut taken: Vec<Option<Note>> = taken.into_iter().map(Some).collect();
    let logger = Logger::new(conn, tables, origin)?;
    let mut writer = EntryWriter::new(conn, &logger.at, origin);
    // One statement per table reads the rows as they now stand.
    let mut reads = Vec::new();
    reads.resize_with(tables.len(), || None);
    let mut read = |n: usize| -> Result<Option<Touched>> {
        let Some(note) = taken[n].take() else { return Ok(None) };
        let Some(table) = tables.get(note.table) else {
            return Err(Error::Internal(format!("审计记录中的表编号 {} 无法识别", note.table)));
        };
        let read = match &mut reads[note.table] {
            Some(read) => read,
            slot => slot.insert(conn.prepare_cached(&table.select_one)?),
        };
        let now = current_row(read, table, note.key_values)?;
        Ok(Some(Touched {
            table: note.table,
            key: note.key,
            op: note.op,
            old: note.old,
            now,
        }))
    };
    if rows.len() < HASHED_APART_FROM {
        let mut logger = logger;
        for (n, _) in rows {
            if let Some(entry) = read(n)?.and_then(|t| logger.log(t)) {
                writer.push(entry)?;
            }
        }
        return writer.finish();
    }
    std::thread::scope(|scope| {
        let (to_hash, jobs) = std::sync::mpsc::channel::<Vec<Touched>>();
        let (to_write, hashed) = std::sync::mpsc::channel::<Vec<Logged>>();
        let mut logger = logger;
        scope.spawn(move || {
            for batch in jobs {
                let logged: Vec<Logged> = batch.into_iter().filter_map(|t| logger.log(t)).collect();
                if to_write.send(logged).is_err() {
                    return;
                }
            }
        });
        let mut batch = Vec::with_capacity(ROWS_PER_BATCH);
        for (n, _) in rows {
            if let Some(t) = read(n)? {
                batch.push(t);
            }
            if batch.len() == ROWS_PER_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(ROWS_PER_BATCH));
                to_hash.send(full).map_err(|_| hasher_gone())?;
                // The entries hashed meanwhile are written while the next rows are read.
                while let Ok(logged) = hashed.try_recv() {
                    writer.extend(logged)?;
                }
            }
        }
        to_hash.send(batch).map_err(|_| hasher_gone())?;
        drop(to_hash);
        for logged in hashed {
            writer.extend(logged)?;
        }
        writer.finish()
    })
}

/// Rows past which [`append`] hashes on a second thread (below, starting one costs more than it
/// saves), and how many it is handed at a time.
const HASHED_APART_FROM: usize = 4_096;
const ROWS_PER_BATCH: usize = 512;

fn hasher_gone() -> Error {
    Error::Internal("审计日志的摘要计算中断".into())
}

/// A row a transaction touched, read back for the log: its table (by number), key, first noted
/// operation and values before, and its values now (`None` when it is gone).
struct Touched {
    table: usize,
    key: String,
    op: Op,
    old: Option<Vec<serde_json::Value>>,
    now: Option<Vec<Stored>>,
}

/// A value as the row holds it, owned (text kept as bytes: the digest reads them as they are).
enum Stored {
    Null,
    Integer(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl Stored {
    fn of(v: ValueRef) -> Stored {
        match v {
            ValueRef::Null => Stored::Null,
            ValueRef::Integer(i) => Stored::Integer(i),
            ValueRef::Real(f) => Stored::Real(f),
            ValueRef::Text(t) => Stored::Text(t.to_vec()),
            ValueRef::Blob(b) => Stored::Blob(b.to_vec()),
        }
    }

    fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Stored::Null => ValueRef::Null,
            Stored::Integer(i) => ValueRef::Integer(*i),
            Stored::Real(f) => ValueRef::Real(*f),
            Stored::Text(t) => ValueRef::Text(t),
            Stored::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// An entry of the log, chained: its number and hash.
struct Logged {
    seq: i64,
    change: Change,
    hash: String,
}

/// Makes the log's entries of touched rows, in order: each row's digest and change text, each entry
/// chained to the one before it, from the log's head.
struct Logger<'t> {
    tables: &'t [Table],
    /// When, for every entry of the transaction, and from where.
    at: String,
    origin: String,
    seq: i64,
    prev: String,
}

impl<'t> Logger<'t> {
    fn new(conn: &Connection, tables: &'t [Table], origin: &str) -> Result<Logger<'t>> {
        let head = head(conn)?.unwrap_or(Head {
            seq: 0,
            hash: String::new(),
        });
        Ok(Logger {
            tables,
            at: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            origin: origin.to_string(),
            seq: head.seq,
            prev: head.hash,
        })
    }

    /// The entry of a touched row; `None` when there is nothing to log (added and removed again,
    /// or written over with what it held).
    fn log(&mut self, t: Touched) -> Option<Logged> {
        let table = self.tables.get(t.table)?;
        let now = t.now.map(|values| {
            let hash = row_hash(&table.name, &t.key, values.iter().map(Stored::as_ref));
            (values.iter().map(|v| json_value(v.as_ref())).collect::<Vec<_>>(), hash)
        });
        let op = match (t.op, &now) {
            (Op::Insert, None) => return None,
            (Op::Insert, Some(_)) => Op::Insert,
            (_, None) => Op::Delete,
            (_, Some(_)) => Op::Update,
        };
        let change = match (op, &t.old, &now) {
            (Op::Insert, _, Some((values, _))) => change_json(table, values, None),
            (Op::Delete, Some(old), _) => change_json(table, old, None),
            (Op::Update, Some(old), Some((values, _))) => match change_json(table, values, Some(old)) {
                // Written over with what it held: nothing to log.
                c if c == "{}" => return None,
                c => c,
            },
            _ => "{}".into(),
        };
        Some(self.chain(Change {
            row_hash: now.map(|(_, h)| h),
            table: table.name.clone(),
            key: t.key,
            op,
            change,
        }))
    }

    /// `change` as the entry after the last one made.
    fn chain(&mut self, change: Change) -> Logged {
        let seq = self.seq + 1;
        let hash = entry_hash(
            &self.prev,
            seq,
            &self.at,
            &self.origin,
            &change.table,
            &change.key,
            change.op.code(),
            &change.change,
            change.row_hash.as_deref(),
        );
        self.seq = seq;
        self.prev.clone_from(&hash);
        Logged { seq, change, hash }
    }
}

/// What the log shows of a change, as a JSON object by column with personal data masked: every
/// value of a row added or removed, or, given the values `before`, each changed column's
/// `[before, now]`. Written as serde_json writes a `Map` of them: the same text, without building
/// the map for each of a hundred thousand rows.
fn change_json(table: &Table, values: &[serde_json::Value], before: Option<&[serde_json::Value]>) -> String {
    let mut out = Vec::with_capacity(128);
    out.push(b'{');
    let shown = |i: usize, v: &serde_json::Value| shown(&table.name, &table.columns[i], v);
    for &i in &table.json_order {
        let (Some(now), was) = (values.get(i), before.and_then(|b| b.get(i))) else {
            continue;
        };
        let value = match (before, was) {
            (None, _) => shown(i, now),
            (Some(_), Some(was)) if was != now => serde_json::Value::Array(vec![shown(i, was), shown(i, now)]),
            _ => continue,
        };
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(table.json_keys[i].as_bytes());
        out.push(b':');
        // Writing a JSON value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &value);
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_default()
}

/// A row as it now stands in the ledger (read by `read`, the table's [`Table::select_one`]);
/// `None` when it is gone.
fn current_row(read: &mut rusqlite::Statement, table: &Table, key_values: Vec<Value>) -> Result<Option<Vec<Stored>>> {
    let mut rows = read.query(rusqlite::params_from_iter(key_values))?;
    Ok(match rows.next()? {
        Some(r) => Some(
            (0..table.columns.len())
                .map(|i| r.get_ref(i).map(Stored::of))
                .collect::<rusqlite::Result<_>>()?,
        ),
        None => None,
    })
}

/// Entries written by one statement: an import's hundred thousand entries are a few thousand
/// statements, not a hundred thousand. The rest go in statements of 16, 8, … 1 entries, each shape
/// prepared once.
const ENTRIES_PER_INSERT: usize = 32;

pub(super) fn write_entries(conn: &Connection, origin: &str, changes: Vec<Change>) -> Result<Option<Head>> {
    if changes.is_empty() {
        return Ok(None);
    }
    let mut logger = Logger::new(conn, &[], origin)?;
    let mut writer = EntryWriter::new(conn, &logger.at, origin);
    for c in changes {
        writer.push(logger.chain(c))?;
    }
    writer.finish()
}

/// Writes chained entries to the log as they come, [`ENTRIES_PER_INSERT`] to a statement; the
/// rest go in statements of 16, 8, … 1 entries, each shape prepared once.
struct EntryWriter<'c> {
    conn: &'c Connection,
    at: String,
    origin: String,
    waiting: Vec<Logged>,
    /// The last entry written.
    head: Option<Head>,
}

impl<'c> EntryWriter<'c> {
    fn new(conn: &'c Connection, at: &str, origin: &str) -> EntryWriter<'c> {
        EntryWriter {
            conn,
            at: at.to_string(),
            origin: origin.to_string(),
            waiting: Vec::with_capacity(ENTRIES_PER_INSERT),
            head: None,
        }
    }

    fn push(&mut self, entry: Logged) -> Result<()> {
        self.waiting.push(entry);
        if self.waiting.len() == ENTRIES_PER_INSERT {
            self.write()?;
        }
        Ok(())
    }

    fn extend(&mut self, entries: Vec<Logged>) -> Result<()> {
        for entry in entries {
            self.push(entry)?;
        }
        Ok(())
    }

    /// Writes what is waiting; returns the head of the log, `None` when no entry was written.
    fn finish(mut self) -> Result<Option<Head>> {
        self.write()?;
        Ok(self.head)
    }

    /// The waiting entries, in statements of the largest power of two not above what is left.
    fn write(&mut self) -> Result<()> {
        let mut rest = self.waiting.as_slice();
        while !rest.is_empty() {
            let n = ENTRIES_PER_INSERT.min(1 << rest.len().ilog2());
            let (chunk, tail) = rest.split_at(n);
            rest = tail;
            // The time and origin, the same for every entry, are bound once as ?1 and ?2.
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(2 + 7 * chunk.len());
            values.extend([&self.at as &dyn rusqlite::ToSql, &self.origin]);
            for Logged { seq, change: c, hash } in chunk {
                values.extend([
                    seq as &dyn rusqlite::ToSql,
                    &c.table,
                    &c.key,
                    c.op.code_ref(),
                    &c.change,
                    &c.row_hash,
                    hash,
                ]);
            }
            self.conn.prepare_cached(insert_sql(n))?.execute(values.as_slice())?;
        }
        if let Some(last) = self.waiting.last() {
            self.head = Some(Head {
                seq: last.seq,
                hash: last.hash.clone(),
            });
        }
        self.waiting.clear();
        Ok(())
    }
}

/// The statement writing `n` entries (a power of two up to [`ENTRIES_PER_INSERT`]), its text made
/// once per shape.
fn insert_sql(n: usize) -> &'static str {
    static SHAPES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let shapes = SHAPES.get_or_init(|| {
        (0..=ENTRIES_PER_INSERT.ilog2())
            .map(|shape| {
                let rows: Vec<String> = (0..1usize << shape)
                    .map(|r| {
                        let p = |i: usize| format!("?{}", 3 + 7 * r + i);
                        format!("({}, ?1, ?2, {})", p(0), (1..7).map(p).collect::<Vec<_>>().join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO audit_log (seq, at, origin, tbl, row_key, op, change, row_hash, hash) VALUES {}",
                    rows.join(", ")
                )
            })
            .collect()
    });
    &shapes[n.ilog2() as usize]
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
    sha256_joined(&[
        prev,
        &seq.to_string(),
        at,
        origin,
        table,
        key,
        op,
        change,
        row_hash.unwrap_or("-"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The change text as the log wrote it before [`change_json`]: a serde_json map.
    fn as_map(table: &Table, values: &[serde_json::Value], before: Option<&[serde_json::Value]>) -> String {
        let map: serde_json::Map<String, serde_json::Value> = table
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match before {
                None => Some((c.clone(), shown(&table.name, c, &values[i]))),
                Some(b) if b[i] != values[i] => Some((
                    c.clone(),
                    json!([shown(&table.name, c, &b[i]), shown(&table.name, c, &values[i])]),
                )),
                Some(_) => None,
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    #[test]
    fn change_texts_read_as_the_map_of_columns_with_personal_data_masked() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT, phone TEXT, \"引号\"\"列\" REAL, b BLOB)",
        )
        .unwrap();
        let table = Table::read(&conn, "member").unwrap();
        let row = [
            json!(7),
            json!("张\"三\n"),
            json!("13812345678"),
            json!(2.0),
            serde_json::Value::Null,
        ];
        let was = [
            json!(7),
            json!("张三"),
            json!("13812345678"),
            json!(1.5),
            serde_json::Value::Null,
        ];
        assert_eq!(change_json(&table, &row, None), as_map(&table, &row, None));
        assert_eq!(change_json(&table, &row, Some(&was)), as_map(&table, &row, Some(&was)));
        assert!(!change_json(&table, &row, None).contains("13812345678"));
        assert_eq!(change_json(&table, &row, Some(&row)), "{}");
    }
}
