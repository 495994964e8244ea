//! The rolls of many dates at once — an import's file of 1,500 meetings, 130,000 marks. Asked one
//! activity at a time, [`on`](super::on) looks up every member's periods, group and vote in SQL:
//! most of such an import's time. Here the branch's periods are read once, from the same views
//! (`roll_period`, `group_period`) and seats, and each roll is found in memory by the same rules
//! as the SQL of this module states them: the same members, in the same order, as [`on`](super::on)
//! gives for each date and scope (tests/imports.rs compares the two on every day of two years).

use chrono::NaiveDate;
use rusqlite::Connection;

use super::{RollMember, Scope};
use crate::kernel::ids::IdMap;
use crate::Result;

/// A period as the views hold it: from `start` (inclusive) to `end` (exclusive, `None` for open),
/// compared as SQL compares them, as text.
type Period = (String, Option<String>);

struct Member {
    name: String,
    branch_id: i64,
    confirmed_on: Option<String>,
    full: bool,
    /// On the branch's roll.
    periods: Vec<Period>,
    /// In a 党小组: (group, period).
    groups: Vec<(i64, Period)>,
}

pub struct Rolls {
    branch_id: i64,
    /// Every member ever on the branch's roll (no one else is on any of its rolls).
    members: IdMap<i64, Member>,
    /// Each group's assignments: (member, period).
    assignments: IdMap<i64, Vec<(i64, Period)>>,
    group_names: IdMap<i64, String>,
    /// The branch's 支委 seats: (member, term start, term end — inclusive).
    seats: Vec<(i64, String, Option<String>)>,
}

/// Whether `day` falls in the period: `start <= day < end`.
fn covers((start, end): &Period, day: &str) -> bool {
    start.as_str() <= day && end.as_deref().is_none_or(|e| e > day)
}

impl Rolls {
    /// Reads the branch's periods, groups and seats.
    pub fn read(conn: &Connection, branch_id: i64) -> Result<Rolls> {
        let mut members: IdMap<i64, Member> = IdMap::default();
        let mut st = conn.prepare(
            "SELECT m.id, m.name, m.branch_id, m.confirmed_on, m.membership = 'full', rp.start_on, rp.end_on
             FROM roll_period rp JOIN member m ON m.id = rp.member_id WHERE rp.branch_id = ?1",
        )?;
        let mut rows = st.query([branch_id])?;
        while let Some(r) = rows.next()? {
            let period = (r.get(5)?, r.get(6)?);
            match members.get_mut(&r.get(0)?) {
                Some(m) => m.periods.push(period),
                None => {
                    members.insert(
                        r.get(0)?,
                        Member {
                            name: r.get(1)?,
                            branch_id: r.get(2)?,
                            confirmed_on: r.get(3)?,
                            full: r.get(4)?,
                            periods: vec![period],
                            groups: Vec::new(),
                        },
                    );
                }
            }
        }
        let mut assignments: IdMap<i64, Vec<(i64, Period)>> = IdMap::default();
        let mut st = conn.prepare(
            "SELECT gp.member_id, gp.group_id, gp.start_on, gp.end_on FROM group_period gp
             WHERE gp.member_id IN (SELECT member_id FROM roll_period WHERE branch_id = ?1)",
        )?;
        let mut rows = st.query([branch_id])?;
        while let Some(r) = rows.next()? {
            let (member_id, group_id): (i64, i64) = (r.get(0)?, r.get(1)?);
            let period: Period = (r.get(2)?, r.get(3)?);
            if let Some(m) = members.get_mut(&member_id) {
                m.groups.push((group_id, period.clone()));
            }
            assignments.entry(group_id).or_default().push((member_id, period));
        }
        let group_names = conn
            .prepare("SELECT id, name FROM party_group")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let seats = conn
            .prepare("SELECT member_id, term_start, term_end FROM committee_role WHERE branch_id = ?1")?
            .query_map([branch_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Rolls {
            branch_id,
            members,
            assignments,
            group_names,
            seats,
        })
    }

    /// What [`on`](super::on) gives for the branch.
    pub fn on(&self, date: NaiveDate, scope: Scope) -> Vec<RollMember> {
        // Dates are compared as the views' text, as SQL compares them.
        let day = date.to_string();
        let day = day.as_str();
        let candidates: Vec<i64> = match scope {
            Scope::Branch => self
                .members
                .iter()
                .filter(|(_, m)| m.branch_id == self.branch_id)
                .map(|(id, _)| *id)
                .collect(),
            // One candidate per assignment covering the day (they do not overlap).
            Scope::Group(g) => self
                .assignments
                .get(&g)
                .map(|a| a.iter().filter(|(_, p)| covers(p, day)).map(|(id, _)| *id).collect())
                .unwrap_or_default(),
            Scope::Committee => self
                .members
                .keys()
                .copied()
                .filter(|id| {
                    self.seats.iter().any(|(m, start, end)| {
                        m == id && start.as_str() <= day && end.as_deref().is_none_or(|e| e >= day)
                    })
                })
                .collect(),
        };
        let mut roll: Vec<(Option<i64>, RollMember)> = candidates
            .into_iter()
            .filter_map(|id| {
                let m = self.members.get(&id)?;
                if !m.periods.iter().any(|p| covers(p, day)) {
                    return None;
                }
                let group = m.groups.iter().find(|(_, p)| covers(p, day)).map(|(g, _)| *g);
                let voting = match &m.confirmed_on {
                    Some(c) => c.as_str() <= day,
                    None => m.full,
                };
                Some((
                    group,
                    RollMember {
                        member_id: id,
                        name: m.name.clone(),
                        group_name: group.and_then(|g| self.group_names.get(&g).cloned()),
                        voting,
                    },
                ))
            })
            .collect();
        // ORDER BY grp IS NULL, grp, id
        roll.sort_by_key(|(group, m)| (group.is_none(), *group, m.member_id));
        roll.into_iter().map(|(_, m)| m).collect()
    }
}

/// [`on_roll_sql`](super::on_roll_sql) in memory, for many marks at once: each member's periods on
/// the rolls read, with their branch.
pub struct Periods(IdMap<i64, Vec<(i64, Period)>>);

impl Periods {
    /// The periods on branch `branch_id`'s roll (every branch's when `None`), of member `member_id`
    /// alone when given.
    pub fn read(conn: &Connection, branch_id: Option<i64>, member_id: Option<i64>) -> Result<Periods> {
        let mut st = conn.prepare_cached(&format!(
            "SELECT member_id, branch_id, start_on, end_on FROM roll_period
             WHERE {} AND (?2 IS NULL OR member_id = ?2)",
            crate::store::branch_is("branch_id", branch_id)
        ))?;
        let mut by_member: IdMap<i64, Vec<(i64, Period)>> = IdMap::default();
        let mut rows = st.query(rusqlite::params![branch_id, member_id])?;
        while let Some(r) = rows.next()? {
            by_member
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, (r.get(2)?, r.get(3)?)));
        }
        Ok(Periods(by_member))
    }

    /// Whether `member` is on branch `branch`'s roll on `day` (an ISO date).
    pub fn on_roll(&self, member: i64, branch: i64, day: &str) -> bool {
        self.0
            .get(&member)
            .is_some_and(|ps| ps.iter().any(|(b, p)| *b == branch && covers(p, day)))
    }
}
