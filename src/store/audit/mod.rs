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

use crate::{Error, Result};

mod log;
mod rows;
pub(super) mod share;
mod verify;

pub(super) use log::append;
use log::{entry_hash, write_entries};
use rows::{digest_hex, json_value, parse_digest, row_hash, row_key, sha256_joined, shown, tables, Digest, Table};
pub use share::{chain_after, key_columns, row_digest, ChainEntry};
pub use verify::{count, entries, settle, verify};

/// Tables whose rows are not the ledger's own record: the log itself (its entries and their times
/// and origins), and the search index's documents, which triggers derive from the records.
const UNAUDITED: [&str; 3] = ["audit_entry", "audit_stamp", "search_doc"];

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

#[derive(Clone)]
struct Note {
    table: usize,
    op: Op,
    key: NoteKey,
    /// The row's values before; `None` for an insert.
    old: Option<Vec<serde_json::Value>>,
}

/// A row's key as a note holds it: whole numbers (nearly every key) in place, so that noting a row
/// allocates nothing; the key's text ([`row_key`]) is written later, by the log's own thread.
#[derive(Clone, Debug, PartialEq)]
enum NoteKey {
    Whole(WholeKey),
    Other(Box<[Value]>),
}

/// A key of whole numbers, as an array that sorts as SQLite sorts the key (unused places are 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct WholeKey {
    values: [i64; WHOLE_KEY_MAX],
    len: u8,
}

/// The longest key held in place: the ledger's are of one column or two.
const WHOLE_KEY_MAX: usize = 3;

/// What tells one row's key from another's, to log each row once.
#[derive(PartialEq, Eq, Hash)]
enum KeyId {
    Whole(WholeKey),
    Text(String),
}

impl NoteKey {
    fn of(values: &[ValueRef<'_>]) -> NoteKey {
        let mut whole = WholeKey {
            values: [0; WHOLE_KEY_MAX],
            len: values.len() as u8,
        };
        let in_place = !values.is_empty()
            && values.len() <= WHOLE_KEY_MAX
            && whole.values.iter_mut().zip(values).all(|(place, value)| match value {
                ValueRef::Integer(i) => {
                    *place = *i;
                    true
                }
                _ => false,
            });
        match in_place {
            true => NoteKey::Whole(whole),
            false => NoteKey::Other(values.iter().map(|&v| Value::from(v)).collect()),
        }
    }

    fn whole(&self) -> Option<WholeKey> {
        match self {
            NoteKey::Whole(w) => Some(*w),
            NoteKey::Other(_) => None,
        }
    }

    /// The key's values, to bind to a statement.
    fn values(&self) -> Vec<Value> {
        match self {
            NoteKey::Whole(w) => w.values[..w.len as usize].iter().map(|&i| Value::Integer(i)).collect(),
            NoteKey::Other(values) => values.to_vec(),
        }
    }

    /// The key as the log writes it ([`row_key`]).
    fn text(&self) -> String {
        match self {
            NoteKey::Whole(w) => row_key(
                &w.values[..w.len as usize]
                    .iter()
                    .map(|&i| ValueRef::Integer(i))
                    .collect::<Vec<_>>(),
            ),
            NoteKey::Other(values) => row_key(&values.iter().map(ValueRef::from).collect::<Vec<_>>()),
        }
    }

    fn id(&self) -> KeyId {
        match self {
            NoteKey::Whole(w) => KeyId::Whole(*w),
            NoteKey::Other(_) => KeyId::Text(self.text()),
        }
    }
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

/// The notes of a change to a row of `table` (number `at`) as the trigger passes it, pushed to
/// `notes`: `op` ('i', 'u' or 'd') and `arg(i)`, the key after (insert); the key before, then the
/// values before (delete); the key before, the key after, then the values before (update). One
/// note, or two when an update moves the row to another key: it leaves one key and arrives at
/// another.
fn read_change<'a>(
    table: &Table,
    at: usize,
    op: &str,
    args: usize,
    arg: &dyn Fn(usize) -> ValueRef<'a>,
    notes: &mut Vec<Note>,
) -> rusqlite::Result<()> {
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
    let key = |from: usize| -> NoteKey {
        let mut values = [ValueRef::Null; WHOLE_KEY_MAX];
        match values.get_mut(..k) {
            Some(place) => {
                for (i, v) in place.iter_mut().enumerate() {
                    *v = arg(from + i);
                }
                NoteKey::of(place)
            }
            None => NoteKey::of(&(from..from + k).map(arg).collect::<Vec<_>>()),
        }
    };
    let row = |from: usize| (from..from + width).map(|i| json_value(arg(i))).collect::<Vec<_>>();
    let note = |op, key, old| Note {
        table: at,
        op,
        key,
        old,
    };
    match op {
        "i" => notes.push(note(Op::Insert, key(0), None)),
        "d" => notes.push(note(Op::Delete, key(0), Some(row(k)))),
        _ => {
            let (was, now, before) = (key(0), key(k), row(2 * k));
            if was != now {
                notes.push(note(Op::Delete, was, Some(before.clone())));
                notes.push(note(Op::Insert, now, Some(before)));
            } else {
                notes.push(note(Op::Update, now, Some(before)));
            }
        }
    }
    Ok(())
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
        let mut list = list
            .lock()
            .map_err(|_| rusqlite::Error::UserFunctionError("审计记录的改动清单无法写入".into()))?;
        read_change(
            table,
            at,
            op,
            ctx.len().saturating_sub(2),
            &|i| ctx.get_raw(i + 2),
            &mut list.notes,
        )?;
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
