//! Lists of activities with their tallies: a period's (活动 view, reports) and the latest few (首页).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{ActivitySummary, Tally};
use crate::domain::roll;
use crate::kernel::labels::ActivityKind;
use crate::Result;

/// Activities dated `from..=to` (all branches when `branch_id` is None), newest first.
pub fn list(conn: &Connection, branch_id: Option<i64>, from: NaiveDate, to: NaiveDate) -> Result<Vec<ActivitySummary>> {
    let tallies = roll::tallies(conn, branch_id, from, to)?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT a.id, a.branch_id, a.date, a.title, a.location, a.form, h.name, g.name, a.hours,
                (SELECT count(*) FROM attachment t WHERE t.activity_id = a.id),
                (SELECT group_concat(kind) FROM activity_kind k WHERE k.activity_id = a.id)
         FROM activity a LEFT JOIN member h ON h.id = a.host_id LEFT JOIN party_group g ON g.id = a.group_id
         WHERE {} AND a.date BETWEEN ?2 AND ?3
         ORDER BY a.date DESC, a.id DESC",
        crate::store::branch_is("a.branch_id", branch_id)
    ))?;
    let rows = st.query_map(params![branch_id, from, to], |r| {
        let id = r.get(0)?;
        let kinds = ActivityKind::from_codes(r.get::<_, Option<String>>(10)?.as_deref());
        let (expected, present, leave) = tallies.get(&id).copied().unwrap_or_default();
        Ok(ActivitySummary {
            id,
            branch_id: r.get(1)?,
            date: r.get(2)?,
            title: r.get(3)?,
            kinds,
            location: r.get(4)?,
            form: r.get(5)?,
            host_name: r.get(6)?,
            group_name: r.get(7)?,
            hours: r.get(8)?,
            tally: Tally::from_counts(expected, present, leave),
            attachment_count: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest `n` activities of the branch dated `from..=to`, newest first: [`list`] over only the
/// days they span (首页 shows five; a year's rolls are not counted for them).
pub fn latest(
    conn: &Connection,
    branch_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    n: usize,
) -> Result<Vec<ActivitySummary>> {
    let nth: Option<NaiveDate> = conn
        .query_row(
            "SELECT date FROM activity WHERE branch_id = ?1 AND date BETWEEN ?2 AND ?3
             ORDER BY date DESC, id DESC LIMIT 1 OFFSET ?4",
            params![branch_id, from, to, n.saturating_sub(1) as i64],
            |r| r.get(0),
        )
        .optional()?;
    let mut out = list(conn, Some(branch_id), nth.unwrap_or(from), to)?;
    out.truncate(n);
    Ok(out)
}
