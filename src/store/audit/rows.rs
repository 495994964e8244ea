//! The ledger's rows as the log reads them: which tables, their keys, a canonical digest of a row.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use sha2::{Digest as _, Sha256};

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
    /// The statement reading one row by its key (see [`Table::select_one`]), and the one reading
    /// the rows from a key on, in key order (see [`Table::select_from`]).
    pub select_one: String,
    pub select_from: String,
    /// Each column's name as a JSON string, and the order serde_json writes a map of the columns
    /// in: the log's change texts are written from these.
    pub json_keys: Vec<String>,
    pub json_order: Vec<usize>,
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
        let columns: Vec<String> = cols.into_iter().map(|c| c.0).collect();
        let map: serde_json::Map<String, serde_json::Value> =
            columns.iter().map(|c| (c.clone(), serde_json::Value::Null)).collect();
        let json_order = map.keys().filter_map(|k| columns.iter().position(|c| c == k)).collect();
        let mut table = Table {
            name: name.to_string(),
            json_keys: columns
                .iter()
                .map(|c| serde_json::Value::from(c.as_str()).to_string())
                .collect(),
            json_order,
            columns,
            key,
            select_one: String::new(),
            select_from: String::new(),
        };
        table.select_one = table.select_one();
        table.select_from = table.select_from();
        Ok(table)
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

    /// The rows whose key sorts at or after the key bound, in key order: the primary key's own
    /// index, never a sort.
    fn select_from(&self) -> String {
        let key: Vec<String> = self.key.iter().map(|&k| format!("\"{}\"", self.columns[k])).collect();
        let params: Vec<String> = (1..=key.len()).map(|i| format!("?{i}")).collect();
        format!(
            "{} WHERE ({}) >= ({}) ORDER BY {}",
            self.select_all(),
            key.join(", "),
            params.join(", "),
            key.join(", ")
        )
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
            match std::str::from_utf8(t) {
                Ok(text) => out.push_str(text),
                Err(_) => out.push_str(&String::from_utf8_lossy(t)),
            }
        }
        ValueRef::Blob(b) => {
            let _ = write!(out, "b{}:", b.len());
            out.push_str(&const_hex::encode(b));
        }
    }
    out.push('\u{1f}');
}

/// A SHA-256 digest. The log hashes and shows it as lowercase hex ([`digest_hex`]) and stores its
/// bytes.
pub(super) type Digest = [u8; 32];

/// The SHA-256 of `parts` joined by NUL: fed to the hasher part by part, so no joined copy is made
/// (the log hashes one entry per changed row).
pub(super) fn sha256_joined(parts: &[&str]) -> Digest {
    let mut hasher = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hasher.update([0u8]);
        }
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

pub(super) fn sha256(text: &str) -> Digest {
    Sha256::digest(text.as_bytes()).into()
}

/// A digest in lowercase hex, as the log hashes and shows it (two per changed row).
pub(super) fn digest_hex(digest: &Digest) -> String {
    const_hex::Buffer::<32>::new().format(digest).to_string()
}

/// The digest whose lowercase hex is `text`; `None` for any other text.
pub(super) fn parse_digest(text: &str) -> Option<Digest> {
    let mut digest = [0u8; 32];
    let lowercase = text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    (lowercase && const_hex::decode_to_slice(text, &mut digest).is_ok()).then_some(digest)
}

/// The digest of a row: its table, its key and every value in column order.
pub(super) fn row_hash<'a>(table: &str, key: &str, values: impl Iterator<Item = ValueRef<'a>>) -> Digest {
    let mut text = String::with_capacity(256);
    text.push_str(table);
    text.push('\u{0}');
    text.push_str(key);
    text.push('\u{0}');
    for v in values {
        canonical(v, &mut text);
    }
    sha256(&text)
}

/// A row's key as the log writes it: the primary key's values as a JSON array (“[12,5]”).
pub(super) fn row_key(values: &[ValueRef<'_>]) -> String {
    // Whole numbers (nearly every key) are written as JSON writes them, without building its values.
    if values.iter().all(|v| matches!(v, ValueRef::Integer(_))) {
        let mut key = String::with_capacity(2 + 12 * values.len());
        key.push('[');
        let mut digits = itoa::Buffer::new();
        for (i, v) in values.iter().enumerate() {
            if let ValueRef::Integer(n) = v {
                if i > 0 {
                    key.push(',');
                }
                // Written in place, without `fmt`: a note is taken of every row a statement writes.
                key.push_str(digits.format(*n));
            }
        }
        key.push(']');
        return key;
    }
    let parts: Vec<serde_json::Value> = values.iter().copied().map(json_value).collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_the_lowercase_hex_sha256_of_the_parts_joined_by_nul() {
        // FIPS 180-2's example: the digests the log already holds must still verify.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(digest_hex(&sha256("abc")), abc);
        assert_eq!(parse_digest(abc), Some(sha256("abc")));
        for not_a_digest in [&abc[1..], &abc.to_uppercase(), &format!("0x{}", &abc[2..]), ""] {
            assert_eq!(parse_digest(not_a_digest), None, "{not_a_digest}");
        }
        assert_eq!(sha256_joined(&["abc"]), sha256("abc"));
        assert_eq!(sha256_joined(&["a", "", "b"]), sha256("a\0\0b"));
        let mut text = String::new();
        canonical(ValueRef::Blob(&[0x00, 0xab, 0x7f]), &mut text);
        assert_eq!(text, "b3:00ab7f\u{1f}");
    }

    #[test]
    fn keys_are_written_as_json_writes_them() {
        let json =
            |values: &[ValueRef]| serde_json::Value::Array(values.iter().map(|v| json_value(*v)).collect()).to_string();
        for key in [
            vec![ValueRef::Integer(12), ValueRef::Integer(-5)],
            vec![ValueRef::Integer(i64::MIN)],
            vec![ValueRef::Text(b"a\"b"), ValueRef::Integer(1)],
            vec![ValueRef::Real(2.0), ValueRef::Null],
            vec![],
        ] {
            assert_eq!(row_key(&key), json(&key));
        }
        assert_eq!(row_key(&[ValueRef::Integer(12), ValueRef::Integer(5)]), "[12,5]");
    }
}
