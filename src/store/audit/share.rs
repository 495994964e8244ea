//! What a package (`io::package`) takes out of the log, and what its receiver recomputes: rows
//! vouched for as they stand (`attest` entries, chained like every other), the chain's tail, a
//! row's key and digest, an entry's link to the one before.

use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::rows::{digest_hex, row_hash, row_key, Table};
use super::{entry_hash, write_entries, Change, Head, Op};
use crate::Result;

/// One entry of the log as it leaves the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEntry {
    pub seq: i64,
    pub at: String,
    pub origin: String,
    pub table: String,
    pub row_key: String,
    pub op: String,
    pub change: String,
    pub row_hash: Option<String>,
    pub hash: String,
}

impl ChainEntry {
    /// The hash this entry has when it follows the entry hashed `prev`: equal to [`Self::hash`]
    /// unless the entry or the one before was changed.
    pub fn link(&self, prev: &str) -> String {
        digest_hex(&entry_hash(
            prev,
            self.seq,
            &self.at,
            &self.origin,
            &self.table,
            &self.row_key,
            &self.op,
            &self.change,
            self.row_hash.as_deref(),
        ))
    }

    /// Whether the entry vouches for a row as it stands (written by [`attest`]).
    pub fn is_attest(&self) -> bool {
        self.op == Op::Attest.code()
    }
}

/// Each entry after `seq`, oldest first, to `each`.
pub fn chain_after(conn: &Connection, seq: i64, each: &mut dyn FnMut(ChainEntry) -> Result<()>) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, origin, tbl, row_key, op, change, row_hash, hash FROM audit_log WHERE seq > ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([seq])?;
    while let Some(r) = rows.next()? {
        each(ChainEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            origin: r.get(2)?,
            table: r.get(3)?,
            row_key: r.get(4)?,
            op: r.get(5)?,
            change: r.get(6)?,
            row_hash: r.get(7)?,
            hash: r.get(8)?,
        })?;
    }
    Ok(())
}

/// A table's columns in order, and the positions of those that form its primary key.
pub fn key_columns(conn: &Connection, table: &str) -> Result<(Vec<String>, Vec<usize>)> {
    let t = Table::read(conn, table)?;
    Ok((t.columns, t.key))
}

/// A row as the log knows it: its key (“[12]”, “[3,7]”) and its digest, from its values in column
/// order and the positions of its key columns.
pub fn row_digest(table: &str, key: &[usize], values: &[ValueRef<'_>]) -> (String, String) {
    let k = row_key(&key.iter().filter_map(|&i| values.get(i).copied()).collect::<Vec<_>>());
    let hash = digest_hex(&row_hash(table, &k, values.iter().copied()));
    (k, hash)
}

/// Appends, in the transaction on `conn`, one `attest` entry per row given as (table, key,
/// digest): the rows are vouched for as they stand. Returns the new head.
pub(crate) fn attest(conn: &Connection, origin: &str, rows: Vec<(String, String, String)>) -> Result<Option<Head>> {
    let changes = rows
        .into_iter()
        .map(|(table, key, hash)| Change {
            table,
            key,
            op: Op::Attest,
            change: "{}".into(),
            row_hash: Some(hash),
        })
        .collect();
    write_entries(conn, origin, changes)
}
