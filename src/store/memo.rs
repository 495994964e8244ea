//! Figures kept while the ledger stays as it was: a view asked again (the 党委 view, 报表's charts)
//! answers from what was counted last instead of counting the whole year again.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::audit;
use crate::Result;

/// The last value counted for a question `K`, kept while the ledger's file and its state are the
/// same. The state is the audit head, which every committed change moves; a ledger without a file is
/// counted afresh each time.
pub struct Memo<K, V>(Mutex<Option<(Asked<K>, Arc<V>)>>);

#[derive(PartialEq)]
struct Asked<K> {
    ledger: String,
    head: Option<(i64, String)>,
    question: K,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Memo(Mutex::new(None))
    }
}

impl<K: PartialEq, V> Memo<K, V> {
    /// The value kept for `question` on the ledger as it stands, else `count`'s, then kept.
    pub fn get(&self, conn: &Connection, question: K, count: impl FnOnce() -> Result<V>) -> Result<Arc<V>> {
        let Some(ledger) = conn.path().filter(|p| !p.is_empty()) else {
            return Ok(Arc::new(count()?));
        };
        // The head is read before counting: a change landing meanwhile leaves the value kept under
        // a head no one will ask for again.
        let asked = Asked {
            ledger: ledger.to_string(),
            head: audit::head(conn)?.map(|h| (h.seq, h.hash)),
            question,
        };
        // A poisoned lock only means a count failed half-way: what is kept is whole or nothing.
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, value)) = kept.as_ref().filter(|(a, _)| *a == asked) {
            return Ok(value.clone());
        }
        drop(kept);
        let value = Arc::new(count()?);
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some((asked, value.clone()));
        Ok(value)
    }
}
