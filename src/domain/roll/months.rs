//! Who was on a branch's roll in each month of a year, from its periods read once.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::kernel::dates;
use crate::Result;

/// The members on the roll of branch `branch_id` at some time in each month of `year` (January
/// first): [`during`](super::during) of each month, whose members it gives (tests hold the two
/// equal), from the branch's periods read once rather than twelve queries.
pub fn during_each_month(conn: &Connection, branch_id: i64, year: i32) -> Result<Vec<HashSet<i64>>> {
    let mut st = conn.prepare_cached(
        "SELECT rp.member_id, rp.start_on, rp.end_on FROM roll_period rp JOIN member m ON m.id = rp.member_id
         WHERE m.branch_id = ?1 AND rp.branch_id = m.branch_id",
    )?;
    let periods: Vec<(i64, String, Option<String>)> = st
        .query_map([branch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    (1..=12)
        .map(|m| {
            // Compared as text, as the SQL of this module compares the views' dates.
            let (from, to) = dates::month_bounds(year, m)?;
            let (from, to) = (from.to_string(), to.to_string());
            Ok(periods
                .iter()
                .filter(|(_, s, e)| *s <= to && e.as_ref().is_none_or(|e| *e > from))
                .map(|p| p.0)
                .collect())
        })
        .collect()
}
