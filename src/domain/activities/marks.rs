//! The attendance marks of an activity as stored: read, and written many to a statement.

use rusqlite::Connection;

use super::Mark;
use crate::kernel::labels::AttendanceStatus;
use crate::store::Tx;
use crate::Result;

pub(super) fn marks_of(conn: &Connection, activity_id: i64) -> Result<Vec<Mark>> {
    let mut st = conn.prepare_cached("SELECT member_id, status, reason FROM attendance WHERE activity_id = ?1")?;
    let rows = st.query_map([activity_id], |r| {
        Ok(Mark {
            member_id: r.get(0)?,
            status: r.get(1)?,
            reason: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Marks written by one statement: a branch meeting's 3,000 are three statements, not 3,000 (each
/// statement has SQLite journal the pages it touches, for its own undo, and runs its own triggers'
/// programs; at 64 a statement, an import of 1,500 meetings spent a tenth more). The rest go in
/// statements of 512, 256, … 1 marks: eleven shapes in all, each prepared once.
const MARKS_PER_INSERT: usize = 1024;

/// A mark as written: (activity, member, status, reason).
pub(super) type MarkRow = (i64, i64, AttendanceStatus, Option<String>);

pub(super) fn insert_marks(tx: &Tx, marks: &[MarkRow]) -> Result<()> {
    let mut rest = marks;
    while !rest.is_empty() {
        // The largest power of two not above what is left, at most MARKS_PER_INSERT.
        let n = MARKS_PER_INSERT.min(1 << rest.len().ilog2());
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        let sql = format!(
            "INSERT INTO attendance (activity_id, member_id, status, reason) VALUES {}",
            vec!["(?, ?, ?, ?)"; chunk.len()].join(", ")
        );
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(4 * chunk.len());
        for (activity_id, member_id, status, reason) in chunk {
            values.extend([activity_id as &dyn rusqlite::ToSql, member_id, status, reason]);
        }
        tx.prepare_cached(&sql)?.execute(values.as_slice())?;
    }
    Ok(())
}

/// The marks of new activities, waiting to be written many activities' at a time: an import's
/// meetings of 87 marks each would otherwise be five statements a meeting (64 + 16 + 4 + 2 + 1),
/// each journalling for its own undo every page of the marks-by-member index it touches — most of
/// them, again, a meeting later. Call [`WaitingMarks::finish`] before the marks are read or
/// changed, and once the last activity is written.
#[derive(Default)]
pub struct WaitingMarks {
    waiting: Vec<MarkRow>,
}

impl WaitingMarks {
    pub(super) fn extend(&mut self, tx: &Tx, marks: impl IntoIterator<Item = MarkRow>) -> Result<()> {
        self.waiting.extend(marks);
        // Whole statements now, the rest with the next activity's.
        if self.waiting.len() >= MARKS_PER_INSERT {
            let whole = self.waiting.len() / MARKS_PER_INSERT * MARKS_PER_INSERT;
            insert_marks(tx, &self.waiting[..whole])?;
            self.waiting.drain(..whole);
        }
        Ok(())
    }

    /// Writes the marks still waiting.
    pub fn finish(&mut self, tx: &Tx) -> Result<()> {
        insert_marks(tx, &self.waiting)?;
        self.waiting.clear();
        Ok(())
    }
}
