//! Reading the log against the ledger and the head beside it: what changed other than through Zhibu.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::Connection;

use super::rows::{digest_hex, row_hash, row_key, tables, Digest};
use super::{entry_hash, head_path, read_head_file, table_label, write_entries, Change, Entry, Head, Op};
use crate::Result;

/// A row as the log names it: its table and key.
type RowId = (String, String);

/// The latest digest the log holds for each row it knows, as stored (see migration 015: a digest's
/// bytes, or text that is none): `None` for a row it saw deleted. Read from the entries themselves,
/// not through `audit_log`, which would write each digest in hex.
fn logged_rows(conn: &Connection) -> Result<HashMap<RowId, Option<Vec<u8>>>> {
    let mut stmt = conn.prepare("SELECT tbl, row_key, row_hash FROM audit_entry ORDER BY seq")?;
    let mut rows = stmt.query([])?;
    let mut out = HashMap::new();
    while let Some(r) = rows.next()? {
        let stored = match r.get_ref(2)? {
            ValueRef::Null => None,
            ValueRef::Blob(b) | ValueRef::Text(b) => Some(b.to_vec()),
            ValueRef::Integer(i) => Some(i.to_string().into_bytes()),
            ValueRef::Real(f) => Some(f.to_string().into_bytes()),
        };
        out.insert((r.get(0)?, r.get(1)?), stored);
    }
    Ok(out)
}

/// Every audited row as it now stands: (table, key) → digest.
fn ledger_rows(conn: &Connection) -> Result<HashMap<RowId, Digest>> {
    let mut out = HashMap::new();
    for table in tables(conn)? {
        let mut stmt = conn.prepare(&table.select_all())?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let values: Vec<ValueRef> = (0..table.columns.len())
                .map(|i| r.get_ref(i))
                .collect::<rusqlite::Result<_>>()?;
            let key = row_key(&table.key.iter().map(|&i| values[i]).collect::<Vec<_>>());
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
        if logged.get(k).and_then(|h| h.as_deref()) != Some(hash.as_slice()) {
            changes.push(Change {
                table: k.0.clone(),
                key: k.1.clone(),
                op: Op::Baseline,
                change: "{}".into(),
                row_hash: Some(digest_hex(hash)),
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
        if digest_hex(&recomputed) != hash || Op::parse(&op).is_none() {
            problems.push(format!("审计日志第 {seq} 条（{} {key}）被改动", table_label(&table)));
        }
        expected = seq + 1;
        prev = hash.clone();
        last = Some(Head { seq, hash });
    }
    // The head kept outside the file: the log must reach it, through the same entry.
    // A head file scribbled over is one more finding; the rows are still read against the log.
    let (committed, pending, readable) = match read_head_file(path) {
        Ok((c, p)) => (c, p, true),
        Err(e) => {
            problems.push(e.to_string());
            (None, None, false)
        }
    };
    // A commit that went through while its head did not (a killed process) left the log at the
    // pending head: that is the head.
    let head = match (&pending, &last) {
        (Some(p), Some(l)) if p == l => Some(p.clone()),
        _ => committed,
    };
    match (head, &last) {
        (None, Some(_)) if readable => problems.push(format!(
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
            Some(Some(h)) if h.as_slice() == hash.as_slice() => {}
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

/// The log, newest first: `limit` entries from `offset`.
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
            described: super::describe(&r.get::<_, Option<String>>(6)?.unwrap_or_default()),
            change: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many entries the log holds.
pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}
