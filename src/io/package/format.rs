//! The package file: a zip (the `zip` crate, deflate) of JSON — `manifest.json`, `chain.jsonl` and one
//! `rows/<table>.jsonl` per table — and the bounds it is read within.

use rusqlite::types::{Value, ValueRef};
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// What `manifest.json` says the file is.
pub const FORMAT: &str = "zhibu-package";
/// This build writes and reads version 1 of the format.
pub const FORMAT_VERSION: i64 = 1;

pub const MANIFEST: &str = "manifest.json";
pub const CHAIN: &str = "chain.jsonl";

/// The part holding a table's rows.
pub fn part_name(table: &str) -> String {
    format!("rows/{table}.jsonl")
}

// Bounds. A branch-year of issue 14's largest branch (3,000 members, 1,500 activities with 121,000
// marks, 100,000 study records: about 230,000 rows) is a file of about 20 MB inflating to about 90 MB,
// most of it the chain; the bounds are a few times that, and keep a crafted file to a few hundred MB
// of memory at most (the rows are held until they are written, the chain as a key and digest a row).

/// A file larger than this is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 96 * 1024 * 1024;
/// Files inside the zip: the manifest, the chain and a part per table (about 30).
pub const MAX_ENTRIES: usize = 64;
/// Bytes one file inside inflates to, counted as it inflates (a zip can lie about its sizes).
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;
/// Bytes all files inside inflate to together.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;
/// Bytes of one line: a row with several texts of 32,767 characters each is far less.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// Rows of all parts together (and so entries of the chain, one a row).
pub const MAX_ROWS: usize = 1_500_000;
/// The manifest's size.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

/// `manifest.json`: what the package is, for people and for the receiver. Every field but `head`,
/// `anchor` and the chain's digest is also in `record`, the package's own row of the source's
/// `package_export` table, which the chain's last entry vouches for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: i64,
    pub schema_version: i64,
    pub software: String,
    pub branch: String,
    pub parent_org: Option<String>,
    pub year: i32,
    pub exported_at: String,
    /// The source ledger's identity and the branch's id in it: the branch across ledgers.
    pub ledger_id: String,
    pub source_branch: i64,
    pub members: i64,
    pub activities: i64,
    /// The source's audit chain after the export: its last entry, the export's own.
    pub head: Link,
    /// The entry the package's chain follows (the source's head before the export).
    pub anchor: Link,
    pub parts: Vec<PartInfo>,
    pub chain: PartInfo,
    /// The `package_export` row as logged: columns and values in the source's column order.
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub seq: i64,
    pub hash: String,
}

impl Link {
    /// “1234:9f86d081”: enough to compare by voice or on paper with the source's own ledger.
    pub fn short(&self) -> String {
        format!("{}:{}", self.seq, self.hash.get(..8).unwrap_or(&self.hash))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartInfo {
    pub name: String,
    /// The table whose rows the part holds (empty for the chain).
    #[serde(default)]
    pub table: String,
    #[serde(default)]
    pub columns: Vec<String>,
    pub rows: usize,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub columns: Vec<String>,
    pub values: Vec<serde_json::Value>,
}

impl Record {
    pub fn get(&self, column: &str) -> Option<&serde_json::Value> {
        self.columns
            .iter()
            .position(|c| c == column)
            .and_then(|i| self.values.get(i))
    }
}

/// A stored value as a package writes it: null, a whole number, a number with a decimal point or an
/// exponent (so 2.0 stays a REAL), a string. serde_json's `float_roundtrip` reads every REAL back
/// bit for bit, so the receiver's digest of a row is the source's.
pub fn to_json(v: ValueRef<'_>) -> Result<serde_json::Value> {
    Ok(match v {
        ValueRef::Null => serde_json::Value::Null,
        ValueRef::Integer(i) => i.into(),
        ValueRef::Real(f) => serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .ok_or_else(|| Error::invalid("台账中有无法写出的数值"))?,
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned().into(),
        ValueRef::Blob(_) => return Err(Error::invalid("台账中有二进制数据，上报包不能携带")),
    })
}

/// A value read from a package; `None` for what no package writes (an object, a list, true/false).
pub fn from_json(v: serde_json::Value) -> Option<Value> {
    Some(match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => Value::Integer(i),
            _ => Value::Real(n.as_f64()?),
        },
        serde_json::Value::String(s) => Value::Text(s),
        _ => return None,
    })
}

pub fn sha256_hex(digest: impl AsRef<[u8]>) -> String {
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_value_comes_back_as_it_was() {
        for v in [
            Value::Null,
            Value::Integer(-7),
            Value::Integer(i64::MAX),
            Value::Real(2.0),
            Value::Real(85.3),
            Value::Real(0.1 + 0.2),
            Value::Real(1e-300),
            Value::Text("王　芳（出差）\n\"引号\"".into()),
        ] {
            let json = to_json(ValueRef::from(&v)).unwrap().to_string();
            let back = from_json(serde_json::from_str(&json).unwrap()).unwrap();
            assert_eq!(back, v, "{json}");
        }
        assert!(from_json(serde_json::json!({"a": 1})).is_none());
        assert!(from_json(serde_json::json!(true)).is_none());
    }
}
