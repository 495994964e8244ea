//! What was held, as the compliance calendar asks: activities with their kinds (no rolls computed)
//! and who attended an activity of a kind.

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::domain::roll;
use crate::kernel::labels::ActivityKind;
use crate::Result;

/// One activity as the compliance calendar sees it.
#[derive(Debug, Clone)]
pub struct Held {
    pub id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub kinds: Vec<ActivityKind>,
    pub group_id: Option<i64>,
    /// The 主讲人, else the 主持人.
    pub speaker_id: Option<i64>,
    pub election: bool,
}

/// The branch's activities dated `from..=to`, oldest first, with their kinds: no rolls computed.
pub fn held(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Held>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.date, a.title, a.group_id, coalesce(a.speaker_id, a.host_id), a.election,
                (SELECT group_concat(kind) FROM activity_kind k WHERE k.activity_id = a.id)
         FROM activity a WHERE a.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 ORDER BY a.date, a.id",
    )?;
    let rows = st.query_map(params![branch_id, from, to], |r| {
        let kinds: Option<String> = r.get(6)?;
        Ok(Held {
            id: r.get(0)?,
            date: r.get(1)?,
            title: r.get(2)?,
            kinds: ActivityKind::from_codes(kinds.as_deref()),
            group_id: r.get(3)?,
            speaker_id: r.get(4)?,
            election: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each member's (present, expected) over the activities dated `from..=to`: only marks of days the
/// member was on the roll count. The roll is checked in memory ([`roll::Periods`]): a subquery per
/// mark cost more than reading the year's marks.
pub fn attendance_by_member(
    conn: &Connection,
    branch_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::collections::HashMap<i64, (i64, i64)>> {
    let periods = roll::Periods::read(conn, Some(branch_id), None)?;
    let mut st = conn.prepare_cached(
        "SELECT t.member_id, t.status = 'present', a.date FROM attendance t
         JOIN activity a ON a.id = t.activity_id
         WHERE a.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 AND t.status <> 'observer'",
    )?;
    let mut out: std::collections::HashMap<i64, (i64, i64)> = Default::default();
    let mut rows = st.query(params![branch_id, from, to])?;
    while let Some(r) = rows.next()? {
        let member: i64 = r.get(0)?;
        if periods.on_roll(member, branch_id, r.get_ref(2)?.as_str().unwrap_or_default()) {
            let (present, expected) = out.entry(member).or_default();
            *present += r.get::<_, i64>(1)?;
            *expected += 1;
        }
    }
    Ok(out)
}

/// `member_id`'s last day present (出席) at an activity of the branch up to `to`: read from the
/// member's own marks (left to choose, SQLite reads the branch's every activity instead).
pub fn last_present(conn: &Connection, branch_id: i64, member_id: i64, to: NaiveDate) -> Result<Option<NaiveDate>> {
    let mut st = conn.prepare_cached(
        "SELECT max(a.date) FROM attendance t CROSS JOIN activity a ON a.id = t.activity_id
         WHERE t.member_id = ?1 AND t.status = 'present' AND a.branch_id = ?2 AND a.date <= ?3",
    )?;
    Ok(st.query_row(params![member_id, branch_id, to], |r| r.get(0))?)
}

/// Members present (出席) at an activity dated `from..=to`, of `kind` or of any kind.
pub fn present_at(
    conn: &Connection,
    branch_id: i64,
    kind: Option<ActivityKind>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashSet<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT t.member_id FROM activity a JOIN attendance t ON t.activity_id = a.id
         WHERE a.branch_id = ?1 AND a.date BETWEEN ?3 AND ?4 AND t.status = 'present'
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM activity_kind k WHERE k.activity_id = a.id AND k.kind = ?2))",
    )?;
    let rows = st.query_map(params![branch_id, kind, from, to], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// 无故缺席 this many times in a period (a quarter) puts a member on 首页 and the 关注名单.
pub const REPEATED_ABSENCES: i64 = 2;

#[derive(Debug, Serialize)]
pub struct Absentee {
    pub member_id: i64,
    pub name: String,
    pub absences: i64,
}

/// Members with [`REPEATED_ABSENCES`] or more 无故缺席 at activities dated `from..=to`, most first;
/// a mark counts only where the member was on that activity's roll.
pub fn repeated_absences(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Absentee>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.id, m.name, count(*) FROM attendance t JOIN activity a ON a.id = t.activity_id
         JOIN member m ON m.id = t.member_id
         WHERE a.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 AND t.status = 'absent'
           AND {}
         GROUP BY m.id HAVING count(*) >= ?4 ORDER BY count(*) DESC, m.id",
        roll::on_roll_sql("m.id", "a.branch_id", "a.date")
    ))?;
    let rows = st.query_map(params![branch_id, from, to, REPEATED_ABSENCES], |r| {
        Ok(Absentee {
            member_id: r.get(0)?,
            name: r.get(1)?,
            absences: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
