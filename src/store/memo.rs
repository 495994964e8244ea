//! Figures kept while the ledger stays as it was: a view asked again (the 党委 view, 报表's charts)
//! answers from what was counted last instead of counting the whole year again.

use std::sync::{Arc, Mutex};

use rusqlite::Connection;

use super::audit;
use crate::Result;

/// The last value counted for a question `K`, kept while the ledger's file and its state are the
/// same. The state is the audit head, which every committed change moves; a ledger without a file is
/// counted afresh each time. One count runs at a time: a view asking while the same question is
/// being counted (counted ahead when the ledger opened) waits for that count instead of counting
/// again beside it.
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
        // Held while counting. A poisoned lock only means a count failed half-way: what is kept is
        // whole or nothing.
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        // The head is read before counting: a change landing meanwhile leaves the value kept under
        // a head no one will ask for again.
        let asked = Asked {
            ledger: ledger.to_string(),
            head: audit::head(conn)?.map(|h| (h.seq, h.hash)),
            question,
        };
        if let Some((_, value)) = kept.as_ref().filter(|(a, _)| *a == asked) {
            return Ok(value.clone());
        }
        let value = Arc::new(count()?);
        *kept = Some((asked, value.clone()));
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// 报表 opened while the year is still being counted ahead waits for that count, not a second one.
    #[test]
    fn one_asking_while_the_question_is_counted_waits_for_that_count() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.db");
        drop(crate::Ledger::create_empty(&path).unwrap());
        let memo = Memo::<i32, usize>::default();
        let counts = AtomicUsize::new(0);
        let asked: Vec<Arc<usize>> = std::thread::scope(|s| {
            let ask = || {
                let conn = super::super::open_reader(&path).unwrap();
                memo.get(&conn, 2026, || {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    Ok(counts.fetch_add(1, Ordering::SeqCst) + 1)
                })
                .unwrap()
            };
            let asking = [s.spawn(ask), s.spawn(ask)];
            asking.map(|a| a.join().unwrap()).into()
        });
        assert_eq!(counts.load(Ordering::SeqCst), 1);
        assert!(Arc::ptr_eq(&asked[0], &asked[1]));
    }
}
