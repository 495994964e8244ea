//! A year's activities with their rolls at once, for the registers of the annual workbook.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};

use super::{build_roll, verdict, Activity, Mark, ACTIVITY_COLUMNS};
use crate::domain::roll::{self, scope_for};
use crate::kernel::labels::{ActivityKind, AttendanceStatus};
use crate::Result;

/// The branch's activities dated `from..=to`, oldest first, each as [`get`](super::get) gives it but without its
/// attachments: the registers of a year at once. The rolls come from the branch's periods read
/// once ([`roll::Rolls`]) and the marks from one query, so a year costs its rows, not a roll query
/// per activity (tests/export_figures.rs holds every activity to [`get`](super::get)'s).
pub fn year_with_rolls(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Activity>> {
    let rolls = roll::Rolls::read(conn, branch_id)?;
    // Marks by activity, in each activity's order ([`marks_of`]: by member).
    let mut marks: HashMap<i64, Vec<Mark>> = HashMap::new();
    let mut st = conn.prepare_cached(
        "SELECT t.activity_id, t.member_id, t.status, t.reason FROM attendance t JOIN activity a ON a.id = t.activity_id
         WHERE a.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 ORDER BY t.activity_id, t.member_id",
    )?;
    let mut q = st.query(params![branch_id, from, to])?;
    while let Some(r) = q.next()? {
        marks.entry(r.get(0)?).or_default().push(Mark {
            member_id: r.get(1)?,
            status: r.get(2)?,
            reason: r.get(3)?,
        });
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT {ACTIVITY_COLUMNS}, (SELECT group_concat(kind) FROM activity_kind k WHERE k.activity_id = a.id)
         FROM activity a WHERE branch_id = ?1 AND date BETWEEN ?2 AND ?3 ORDER BY date, id"
    ))?;
    let rows = st.query_map(params![branch_id, from, to], |r: &Row| {
        Ok(Activity {
            kinds: ActivityKind::from_codes(r.get::<_, Option<String>>(21)?.as_deref()),
            ..Activity::from_row(r)?
        })
    })?;
    let mut list: Vec<Activity> = rows.collect::<rusqlite::Result<_>>()?;
    for a in &mut list {
        let expected = rolls.on(a.date, scope_for(&a.kinds, a.group_id)?);
        let of_this = marks.remove(&a.id).unwrap_or_default();
        a.roll = build_roll(conn, a.date, expected, &of_this, AttendanceStatus::Absent)?;
        a.verdict = verdict(&a.kinds, &a.roll, a.election, a.votes_yes);
    }
    Ok(list)
}
