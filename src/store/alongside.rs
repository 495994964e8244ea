//! Two cores on one question: part of a long read runs on a second, read-only connection to the
//! ledger's file while the rest runs on the caller's, both reading the same committed state.

use std::path::Path;

use rusqlite::{Connection, MAIN_DB};

use super::{audit, crypto, open_reader};
use crate::Result;

/// Tries at catching both connections on one state before reading in turn instead.
const TRIES: usize = 3;

/// Runs `beside` on a second reader of the ledger's file while `here` runs on this thread with
/// `conn`, and returns both results. Both read one committed state: each holds a read transaction,
/// and they agree on the audit log's last entry, which every committed change moves. Without a
/// file or a reader, for an encrypted ledger, when `conn` holds uncommitted writes, or when writes
/// keep landing between the two, both run here in turn, `here` first: work the two share out
/// between them (sheets taken from one queue) is then all done where the caller hears of it.
pub fn alongside<A: Send, B>(
    conn: &Connection,
    beside: impl FnOnce(&Connection) -> Result<A> + Send,
    here: impl FnOnce() -> Result<B>,
) -> Result<(A, B)> {
    let Some((_held, reader)) = second_reader(conn)? else {
        let here = here()?;
        return Ok((beside(conn)?, here));
    };
    std::thread::scope(|s| {
        let there = s.spawn(move || beside(&reader));
        let here = here();
        let there = there.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        Ok((there?, here?))
    })
}

/// A reader in a read transaction on the state `conn` reads (itself held in one by the guard
/// returned while it had none), or nothing when there is no such reader.
fn second_reader(conn: &Connection) -> Result<Option<(Held<'_>, Connection)>> {
    let Some(path) = conn.path().filter(|p| !p.is_empty()).map(Path::new) else {
        return Ok(None);
    };
    // Opening an encrypted ledger derives its key, which costs more than the reader saves.
    if crypto::is_encrypted(path) {
        return Ok(None);
    }
    let held = if conn.is_autocommit() {
        conn.execute_batch("BEGIN")?;
        Held(Some(conn))
    } else if conn.is_readonly(MAIN_DB)? {
        // A reader's own transaction (a nested call): nothing uncommitted to miss.
        Held(None)
    } else {
        return Ok(None);
    };
    let state = audit::head(conn)?.map(|h| h.seq);
    let Ok(reader) = open_reader(path) else {
        return Ok(None);
    };
    for _ in 0..TRIES {
        reader.execute_batch("BEGIN")?;
        if audit::head(&reader)?.map(|h| h.seq) == state {
            return Ok(Some((held, reader)));
        }
        reader.execute_batch("COMMIT")?;
    }
    Ok(None)
}

/// Ends the read transaction [`second_reader`] began on the caller's connection, however the
/// reading ends.
struct Held<'a>(Option<&'a Connection>);

impl Drop for Held<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.0 {
            // Nothing was written: ending the read cannot fail in a way worth reporting.
            let _ = conn.execute_batch("COMMIT");
        }
    }
}
