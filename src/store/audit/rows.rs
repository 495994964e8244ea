//! The ledger's rows as the log reads them: which tables, their keys, a canonical digest of a row.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest, Sha256};

use super::{SENSITIVE, UNAUDITED};
use crate::kernel::text::mask;
use crate::Result;

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
pub(super) fn tables(conn: &Connection) -> Result<Vec<Table>> {
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

pub(super) struct Table {
    pub name: String,
    pub columns: Vec<String>,
    /// Column positions of the primary key, in column order.
    pub key: Vec<usize>,
}

impl Table {
    pub fn read(conn: &Connection, name: &str) -> Result<Table> {
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

    pub fn select_all(&self) -> String {
        let cols = self
            .columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        format!("SELECT {cols} FROM \"{}\"", self.name)
    }

    pub fn select_one(&self) -> String {
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

pub(super) fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest of a row: its table, its key and every value in column order.
pub(super) fn row_hash<'a>(table: &str, key: &str, values: impl Iterator<Item = ValueRef<'a>>) -> String {
    let mut text = format!("{table}\u{0}{key}\u{0}");
    for v in values {
        canonical(v, &mut text);
    }
    sha256(&text)
}

/// A row's key as the log writes it: the primary key's values as a JSON array (“[12,5]”).
pub(super) fn row_key<'a>(values: impl Iterator<Item = ValueRef<'a>>) -> String {
    let parts: Vec<serde_json::Value> = values.map(json_value).collect();
    serde_json::Value::Array(parts).to_string()
}

pub(super) fn json_value(v: ValueRef<'_>) -> serde_json::Value {
    match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f).map_or(serde_json::Value::Null, Into::into),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(b) => format!("（{} 字节的二进制数据）", b.len()).into(),
    }
}

/// A value as the log shows it: personal data masked.
pub(super) fn shown(table: &str, column: &str, v: &serde_json::Value) -> serde_json::Value {
    match (SENSITIVE.iter().find(|s| s.0 == table && s.1 == column), v) {
        (Some(&(_, _, start, end)), serde_json::Value::String(t)) => mask(t, start, end).into(),
        _ => v.clone(),
    }
}
