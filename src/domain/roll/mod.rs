//! The roll (在册): who is on the roll of a scope — the branch, one 党小组, the 支委 — on a date.
//! Every 应到, every "members required" and every member count asks this module, and this module
//! asks only the views `roll_period` and `group_period` (and the 支委 seats), so the rule lives in
//! one place. A period is `[start_on, end_on)`: a member who leaves on D is not on the roll on D.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::kernel::labels::{ActivityKind, AttendanceStatus};
use crate::{Error, Result};

mod months;
mod rolls;
pub use months::during_each_month;
pub use rolls::{Periods, Rolls};

/// Whose attendance an activity expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Branch,
    Group(i64),
    Committee,
}

/// A 党小组会 expects its group; a 支委会 (not also a 党员大会) the committee; anything else everyone.
pub fn scope_for(kinds: &[ActivityKind], group_id: Option<i64>) -> Result<Scope> {
    if kinds.contains(&ActivityKind::GroupMeeting) {
        group_id
            .map(Scope::Group)
            .ok_or_else(|| Error::invalid("党小组会须选择党小组"))
    } else if kinds.contains(&ActivityKind::CommitteeMeeting) && !kinds.contains(&ActivityKind::GeneralMeeting) {
        Ok(Scope::Committee)
    } else {
        Ok(Scope::Branch)
    }
}

/// SQL that is true when member `member` is on the roll of branch `branch` on `day` (each an SQL
/// expression: a column or a parameter), for queries that join the roll into their own rows. The
/// unary `+` keeps SQLite on the member's own few periods (by member_id), whatever else it knows.
pub fn on_roll_sql(member: &str, branch: &str, day: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM roll_period rp WHERE rp.member_id = {member} AND +rp.branch_id = {branch}
           AND +rp.start_on <= {day} AND (rp.end_on IS NULL OR rp.end_on > {day}))"
    )
}

/// SQL that is true when member `member` is on the roll of branch `branch` on some day of `from..=to`.
pub fn on_roll_during_sql(member: &str, branch: &str, from: &str, to: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM roll_period rp WHERE rp.member_id = {member} AND +rp.branch_id = {branch}
           AND +rp.start_on <= {to} AND (rp.end_on IS NULL OR rp.end_on > {from}))"
    )
}

/// The whole-branch rolls of [`on`] for many days at once, in memory: the membership periods of the
/// members recorded in their branch, read once by branch.
pub struct BranchRolls(crate::kernel::ids::IdMap<i64, Vec<(i64, String, Option<String>)>>);

impl BranchRolls {
    /// The periods of branch `branch_id` (of every branch when `None`).
    pub fn read(conn: &Connection, branch_id: Option<i64>) -> Result<BranchRolls> {
        let mut by_branch = crate::kernel::ids::IdMap::<i64, Vec<_>>::default();
        let mut st = conn.prepare_cached(&format!(
            "SELECT rp.branch_id, rp.member_id, rp.start_on, rp.end_on FROM roll_period rp
             JOIN member m ON m.id = rp.member_id AND m.branch_id = rp.branch_id WHERE {}",
            crate::store::branch_is("rp.branch_id", branch_id)
        ))?;
        let mut q = st.query(params![branch_id])?;
        while let Some(r) = q.next()? {
            by_branch
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?, r.get(3)?));
        }
        Ok(BranchRolls(by_branch))
    }

    /// The members on branch `branch`'s roll on `day` (an ISO date), each once, by id.
    pub fn on(&self, branch: i64, day: &str) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .0
            .get(&branch)
            .into_iter()
            .flatten()
            .filter(|(_, start, end)| start.as_str() <= day && end.as_deref().is_none_or(|e| e > day))
            .map(|p| p.0)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

/// Since when each member on the branch's roll on `day` has been on it without a break (the start
/// of the period covering `day`), by member id.
pub fn on_roll_since(
    conn: &Connection,
    branch_id: i64,
    day: NaiveDate,
) -> Result<std::collections::HashMap<i64, NaiveDate>> {
    let mut st = conn.prepare_cached(
        "SELECT member_id, start_on FROM roll_period
         WHERE branch_id = ?1 AND start_on <= ?2 AND (end_on IS NULL OR end_on > ?2)",
    )?;
    let rows = st.query_map(params![branch_id, day], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// SQL: the 党小组 of member `member` on `day` (NULL when in none). Assignments do not overlap:
/// at most one covers a day.
pub fn group_on_sql(member: &str, day: &str) -> String {
    format!(
        "(SELECT gp.group_id FROM group_period gp WHERE gp.member_id = {member}
           AND gp.start_on <= {day} AND (gp.end_on IS NULL OR gp.end_on > {day}))"
    )
}

/// SQL: how many members of 党小组 `group` are on the roll of branch `branch` on `day` — the size of
/// the group's roll of [`on`], counted from the group's own assignments.
pub fn group_count_sql(group: &str, branch: &str, day: &str) -> String {
    format!(
        "(SELECT count(DISTINCT gp.member_id) FROM group_period gp WHERE gp.group_id = {group}
           AND gp.start_on <= {day} AND (gp.end_on IS NULL OR gp.end_on > {day}) AND {on_roll})",
        on_roll = on_roll_sql("gp.member_id", branch, day)
    )
}

#[derive(Debug, Clone, Serialize)]
pub struct RollMember {
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    /// A 正式党员 that day, with a vote (预备党员 have none).
    pub voting: bool,
}

impl RollMember {
    /// From a row of (member id, name, group name, voting).
    pub fn from_row(r: &rusqlite::Row) -> rusqlite::Result<RollMember> {
        Ok(RollMember {
            member_id: r.get(0)?,
            name: r.get(1)?,
            group_name: r.get(2)?,
            voting: r.get(3)?,
        })
    }
}

/// SQL true when member `m` (the alias) is a 正式党员 on `day`: 转正 by then, or recorded 正式 with no
/// 转正日期 known.
pub fn voting_sql(day: &str) -> String {
    format!(
        "((m.confirmed_on IS NOT NULL AND m.confirmed_on <= {day}) OR (m.confirmed_on IS NULL AND m.membership = 'full'))"
    )
}

/// Members on the roll of the scope on `date`, in roster order (by group, then by record). Each scope
/// starts from the rows that can match (the group's assignments, the committee's seats, the branch's
/// members), so a roll costs what the scope holds, not what the ledger holds.
pub fn on(conn: &Connection, branch_id: i64, date: NaiveDate, scope: Scope) -> Result<Vec<RollMember>> {
    let (from, filter) = match scope {
        // ?3 (the group) is NULL outside a group's scope; naming it keeps one parameter list.
        Scope::Branch => ("member m", "m.branch_id = ?1 AND ?3 IS NULL".to_string()),
        Scope::Group(_) => (
            "group_period gp JOIN member m ON m.id = gp.member_id",
            "gp.group_id = ?3 AND gp.start_on <= ?2 AND (gp.end_on IS NULL OR gp.end_on > ?2)".to_string(),
        ),
        Scope::Committee => (
            "member m",
            "?3 IS NULL AND m.id IN (SELECT c.member_id FROM committee_role c WHERE c.branch_id = ?1
                        AND c.term_start <= ?2 AND (c.term_end IS NULL OR c.term_end >= ?2))"
                .to_string(),
        ),
    };
    let group = match scope {
        Scope::Group(g) => Some(g),
        _ => None,
    };
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, name, (SELECT name FROM party_group WHERE id = grp), voting FROM (
           SELECT m.id, m.name, {group_of} AS grp, {voting} AS voting FROM {from} WHERE {filter} AND {on_roll})
         ORDER BY grp IS NULL, grp, id",
        group_of = group_on_sql("m.id", "?2"),
        voting = voting_sql("?2"),
        on_roll = on_roll_sql("m.id", "?1", "?2"),
    ))?;
    let rows = st.query_map(params![branch_id, date, group], RollMember::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Two ids and a period `[start, end)` (or a term `[start, end]`) as ISO dates.
type Dated = (i64, i64, String, Option<String>);

/// Each activity's 应到 and, of those, how many were marked 出席 and 请假 — the activities of one
/// branch (or all) dated `from..=to`, by activity id. The same roll as [`on`] with the scope of
/// [`scope_for`], for all of them at once: the periods, assignments, seats and marks are read once
/// and each activity's roll is counted in memory, so a year's figures cost what its rows cost, not
/// a query per activity (tests/scale.rs holds the two to the same counts).
pub fn tallies(
    conn: &Connection,
    branch_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::collections::HashMap<i64, (i64, i64, i64)>> {
    use std::collections::HashMap;
    let branch = |col: &str| crate::store::branch_is(col, branch_id);
    // Dates stay ISO text: they compare as the days they are.
    let rows = |sql: &str| -> Result<Vec<Dated>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(params![branch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let covers = |start: &str, end: &Option<String>, day: &str| start <= day && end.as_deref().is_none_or(|e| e > day);
    // Membership periods by branch (of members recorded in that branch) and by member.
    let mut by_branch: HashMap<i64, Vec<(i64, String, Option<String>)>> = HashMap::new();
    let mut by_member: HashMap<i64, Vec<(i64, String, Option<String>)>> = HashMap::new();
    let mut st = conn.prepare_cached(&format!(
        "SELECT rp.member_id, rp.branch_id, rp.start_on, rp.end_on, m.branch_id = rp.branch_id
         FROM roll_period rp JOIN member m ON m.id = rp.member_id WHERE {}",
        branch("rp.branch_id")
    ))?;
    let mut q = st.query(params![branch_id])?;
    while let Some(r) = q.next()? {
        let (member, b, start, end, home): (i64, i64, String, Option<String>, bool) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        if home {
            by_branch
                .entry(b)
                .or_default()
                .push((member, start.clone(), end.clone()));
        }
        by_member.entry(member).or_default().push((b, start, end));
    }
    let on_roll = |member: i64, b: i64, day: &str| {
        by_member
            .get(&member)
            .is_some_and(|ps| ps.iter().any(|(pb, s, e)| *pb == b && covers(s, e, day)))
    };
    let mut by_group: HashMap<i64, Vec<(i64, String, Option<String>)>> = HashMap::new();
    for (member, group, start, end) in rows(&format!(
        "SELECT gp.member_id, gp.group_id, gp.start_on, gp.end_on FROM group_period gp
         JOIN party_group g ON g.id = gp.group_id WHERE {}",
        branch("g.branch_id")
    ))? {
        by_group.entry(group).or_default().push((member, start, end));
    }
    let mut seats: HashMap<i64, Vec<(i64, String, Option<String>)>> = HashMap::new();
    for (member, b, start, end) in rows(&format!(
        "SELECT member_id, branch_id, term_start, term_end FROM committee_role WHERE {}",
        branch("branch_id")
    ))? {
        seats.entry(b).or_default().push((member, start, end));
    }
    // The marks by activity, then member, read alongside the activities in id order: one
    // activity's marks are held at a time, not the year's (a college's run to six figures).
    let mut marks_st = conn.prepare_cached(&format!(
        "SELECT t.activity_id, t.member_id, t.status FROM attendance t JOIN activity a ON a.id = t.activity_id
         WHERE {} AND a.date BETWEEN ?2 AND ?3 ORDER BY t.activity_id, t.member_id",
        branch("a.branch_id")
    ))?;
    let mut marks = marks_st.query(params![branch_id, from, to])?;
    let mark_of = |r: &rusqlite::Row| -> rusqlite::Result<(i64, i64, Option<AttendanceStatus>)> {
        Ok((
            r.get(0)?,
            r.get(1)?,
            AttendanceStatus::from_code(r.get_ref(2)?.as_str()?),
        ))
    };
    let mut next_mark = match marks.next()? {
        Some(r) => Some(mark_of(r)?),
        None => None,
    };
    // This activity's marks: (member, status).
    let mut of_this: Vec<(i64, Option<AttendanceStatus>)> = Vec::new();
    let mut st = conn.prepare_cached(&format!(
        "SELECT a.id, a.branch_id, a.date, a.group_id,
                (SELECT group_concat(kind) FROM activity_kind k WHERE k.activity_id = a.id)
         FROM activity a WHERE {} AND a.date BETWEEN ?2 AND ?3 ORDER BY a.id",
        branch("a.branch_id")
    ))?;
    let mut out = HashMap::new();
    let mut q = st.query(params![branch_id, from, to])?;
    while let Some(r) = q.next()? {
        let (id, b, day, group): (i64, i64, String, Option<i64>) = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
        let kinds = ActivityKind::from_codes(r.get::<_, Option<String>>(4)?.as_deref());
        of_this.clear();
        while let Some((activity, member, status)) = next_mark {
            if activity > id {
                break;
            }
            if activity == id {
                of_this.push((member, status));
            }
            next_mark = match marks.next()? {
                Some(r) => Some(mark_of(r)?),
                None => None,
            };
        }
        // A 党小组会 without its group expects nobody (the form refuses one).
        let mut expected: Vec<i64> = match scope_for(&kinds, group) {
            Ok(Scope::Branch) => by_branch
                .get(&b)
                .map(|ps| ps.iter().filter(|(_, s, e)| covers(s, e, &day)).map(|p| p.0).collect())
                .unwrap_or_default(),
            Ok(Scope::Group(g)) => by_group
                .get(&g)
                .map(|ps| {
                    ps.iter()
                        .filter(|(m, s, e)| covers(s, e, &day) && on_roll(*m, b, &day))
                        .map(|p| p.0)
                        .collect()
                })
                .unwrap_or_default(),
            Ok(Scope::Committee) => seats
                .get(&b)
                .map(|ss| {
                    ss.iter()
                        .filter(|(_, s, e)| {
                            s.as_str() <= day.as_str() && e.as_deref().is_none_or(|e| e >= day.as_str())
                        })
                        .filter(|(m, ..)| on_roll(*m, b, &day))
                        .map(|p| p.0)
                        .collect()
                })
                .unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        expected.sort_unstable();
        expected.dedup();
        let (mut present, mut leave) = (0, 0);
        for member in &expected {
            if let Ok(i) = of_this.binary_search_by_key(member, |m| m.0) {
                match of_this[i].1 {
                    Some(AttendanceStatus::Present) => present += 1,
                    Some(AttendanceStatus::Leave) => leave += 1,
                    _ => {}
                }
            }
        }
        if !expected.is_empty() {
            out.insert(id, (expected.len() as i64, present, leave));
        }
    }
    Ok(out)
}

/// SQL: the latest 党小组 member `member` was put in by `day` (NULL when none): the group a year's
/// register shows.
pub fn latest_group_sql(member: &str, day: &str) -> String {
    format!(
        "(SELECT gp.group_id FROM group_period gp WHERE gp.member_id = {member} AND gp.start_on <= {day}
           ORDER BY gp.start_on DESC LIMIT 1)"
    )
}

/// Members on the roll of the branch at some time in `from..=to`, with their latest group by `to`.
pub fn during(conn: &Connection, branch_id: Option<i64>, from: NaiveDate, to: NaiveDate) -> Result<Vec<RollMember>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT id, name, (SELECT name FROM party_group WHERE id = grp), voting FROM (
           SELECT m.id, m.name, {group} AS grp, {voting} AS voting FROM member m
           WHERE {branch} AND {during})
         ORDER BY grp IS NULL, grp, id",
        group = latest_group_sql("m.id", "?3"),
        during = on_roll_during_sql("m.id", "m.branch_id", "?2", "?3"),
        voting = voting_sql("?3"),
        branch = crate::store::branch_is("m.branch_id", branch_id),
    ))?;
    let rows = st.query_map(params![branch_id, from, to], RollMember::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many members are on the roll at the end of `day` (of one branch, or of all).
pub fn count(conn: &Connection, branch_id: Option<i64>, day: NaiveDate) -> Result<i64> {
    Ok(conn.query_row(
        &format!(
            "SELECT count(*) FROM member m WHERE {} AND {}",
            crate::store::branch_is("m.branch_id", branch_id),
            on_roll_sql("m.id", "m.branch_id", "?2")
        ),
        params![branch_id, day],
        |r| r.get(0),
    )?)
}

/// How many members each branch has on the roll at the end of `day`: (branch id, count).
pub fn count_by_branch(conn: &Connection, day: NaiveDate) -> Result<Vec<(i64, i64)>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.branch_id, count(*) FROM member m WHERE {} GROUP BY m.branch_id",
        on_roll_sql("m.id", "m.branch_id", "?1")
    ))?;
    let rows = st.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Whether any member, past or present, was ever in the 党小组 (history keeps such a group).
pub fn group_ever_used(conn: &Connection, group_id: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM group_period WHERE group_id = ?1)",
        [group_id],
        |r| r.get(0),
    )?)
}

/// The 党小组 of the branch that had a member on the roll at some time in `from..=to`, by name.
pub fn groups_during(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<(i64, String)>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT DISTINCT g.id, g.name FROM party_group g JOIN group_period gp ON gp.group_id = g.id
         WHERE g.branch_id = ?1 AND gp.start_on <= ?3 AND (gp.end_on IS NULL OR gp.end_on > ?2)
           AND {}
         ORDER BY g.id",
        on_roll_during_sql("gp.member_id", "?1", "?2", "?3")
    ))?;
    let rows = st.query_map(params![branch_id, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
