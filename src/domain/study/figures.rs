//! Study figures over many tasks and members at once: who each task of a year requires (the roll on
//! its publish date, or the members it lists) with their completions, counted in one pass, and the
//! task and member figures of the year from it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use super::{ratio, TaskStat, YEARLY_HOURS};
use crate::domain::roll;
use crate::kernel::dates;
use crate::kernel::ids::IdMap;
use crate::Result;

/// (required, completed, late).
type Counts = (i64, i64, i64);

/// Who the tasks of a year require, counted by task and by member as they are found (a college's
/// year runs to six figures of them; none is held).
#[derive(Default)]
struct Required {
    /// Every requirement, by task.
    by_task: HashMap<i64, Counts>,
    /// By member: the requirements of tasks due (or, without a due date, published) by the day
    /// asked about, and every requirement of the year.
    by_member: HashMap<i64, (Counts, Counts)>,
}

impl Required {
    fn add(&mut self, task_id: i64, member_id: i64, done: bool, late: bool, due_by: bool) {
        let add = |f: &mut Counts| {
            f.0 += 1;
            f.1 += i64::from(done);
            f.2 += i64::from(late);
        };
        add(self.by_task.entry(task_id).or_default());
        let (due, all) = self.by_member.entry(member_id).or_default();
        if due_by {
            add(due);
        }
        add(all);
    }

    /// A member's requirements as of `day`: on the year's last, every one of the year.
    fn of_member(&self, member_id: i64, day: NaiveDate, year_end: NaiveDate) -> Counts {
        let (due, all) = self.by_member.get(&member_id).copied().unwrap_or_default();
        if day >= year_end {
            all
        } else {
            due
        }
    }
}

/// Every member each task of branch `branch_id` (all when `None`) published in `year` requires —
/// the roll on its publish date, or the members it lists — with the completion, counted by task
/// and by member (as of `until`, and over the whole year). The tasks, the lists, the completions and
/// the rolls are each read once, so task and member figures both count from one pass rather than a
/// roll per task.
fn requirements(conn: &Connection, branch_id: Option<i64>, year: i32, until: NaiveDate) -> Result<Required> {
    let (start, end) = dates::year_bounds(year)?;
    let tasks_where = crate::store::branch_is("t.branch_id", branch_id) + " AND t.published_on BETWEEN ?2 AND ?3";
    // (branch, published, due by `until`, listing its members) by task.
    let mut tasks: IdMap<i64, (i64, String, bool, bool)> = IdMap::default();
    let mut st = conn.prepare_cached(&format!(
        "SELECT t.id, t.branch_id, t.published_on, coalesce(t.due_on, t.published_on) <= ?4, t.audience <> 'roll'
         FROM study_task t WHERE {tasks_where}"
    ))?;
    let mut q = st.query(params![branch_id, start, end, until])?;
    while let Some(r) = q.next()? {
        tasks.insert(r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
    }
    // A task at a time: its completions (member → late when after the due date) and whom it
    // requires, so that no more than one task's are held (a college's year has 100k).
    let mut completions = conn.prepare_cached(
        "SELECT r.member_id, coalesce(r.completed_on > t.due_on, 0)
         FROM study_record r JOIN study_task t ON t.id = r.task_id WHERE r.task_id = ?1",
    )?;
    let mut named = conn.prepare_cached("SELECT member_id FROM study_task_member WHERE task_id = ?1")?;
    let rolls = roll::BranchRolls::read(conn, branch_id)?;
    let mut out = Required::default();
    let mut done: IdMap<i64, bool> = IdMap::default();
    for (&task_id, (branch, published, due_by, listed)) in &tasks {
        done.clear();
        let mut q = completions.query([task_id])?;
        while let Some(r) = q.next()? {
            done.insert(r.get(0)?, r.get(1)?);
        }
        let required: Vec<i64> = if *listed {
            named
                .query_map([task_id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            rolls.on(*branch, published)
        };
        for member_id in required {
            let late = done.get(&member_id).copied();
            out.add(task_id, member_id, late.is_some(), late.unwrap_or(false), *due_by);
        }
    }
    Ok(out)
}

/// Tasks published in `year`, oldest first, with their completion figures.
pub fn task_stats(conn: &Connection, branch_id: Option<i64>, year: i32) -> Result<Vec<TaskStat>> {
    let end = dates::year_bounds(year)?.1;
    tasks_of(conn, branch_id, year, &requirements(conn, branch_id, year, end)?)
}

/// The year's task figures and member figures, counted from one pass over who each task requires.
pub fn year_stats(conn: &Connection, branch_id: Option<i64>, year: i32) -> Result<(Vec<TaskStat>, Vec<MemberStudy>)> {
    year_stats_until(conn, branch_id, year, dates::year_bounds(year)?.1)
}

/// The year's task figures (every task of the year, as [`task_stats`]) and the member figures as
/// they stood on `until` (as [`member_stats_until`]), from one pass.
pub fn year_stats_until(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    until: NaiveDate,
) -> Result<(Vec<TaskStat>, Vec<MemberStudy>)> {
    let (req, at_until, _) = members_at(conn, branch_id, year, until, false)?;
    Ok((tasks_of(conn, branch_id, year, &req)?, at_until))
}

/// The year's task figures, and the member figures both of the whole year (as [`year_stats`]) and
/// as they stood on `until` (as [`year_stats_until`]), from one pass: a book shows both.
pub fn year_stats_and_until(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    until: NaiveDate,
) -> Result<(Vec<TaskStat>, Vec<MemberStudy>, Vec<MemberStudy>)> {
    let (req, at_until, of_year) = members_at(conn, branch_id, year, until, true)?;
    Ok((
        tasks_of(conn, branch_id, year, &req)?,
        of_year.unwrap_or_default(),
        at_until,
    ))
}

/// Who the year's tasks require, and the member figures as they stood on `until` (any day: before
/// the year nothing is due, after it the year's end counts), and over the whole year too when
/// `whole_year_too`, from one pass over the requirements and one over the hours.
fn members_at(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    until: NaiveDate,
    whole_year_too: bool,
) -> Result<(Required, Vec<MemberStudy>, Option<Vec<MemberStudy>>)> {
    let year_end = dates::year_bounds(year)?.1;
    let until = until.min(year_end);
    let req = requirements(conn, branch_id, year, until)?;
    let days = if whole_year_too {
        vec![until, year_end]
    } else {
        vec![until]
    };
    let mut figures = days
        .iter()
        .zip(hours_by_member(conn, branch_id, year, &days)?)
        .map(|(day, (tasks, meetings))| members_of(conn, branch_id, year, *day, &req, &tasks, &meetings))
        .collect::<Result<Vec<_>>>()?
        .into_iter();
    let at_until = figures.next().unwrap_or_default();
    Ok((req, at_until, figures.next()))
}

fn tasks_of(conn: &Connection, branch_id: Option<i64>, year: i32, req: &Required) -> Result<Vec<TaskStat>> {
    let (start, end) = dates::year_bounds(year)?;
    let fig = &req.by_task;
    let mut st = conn.prepare_cached(&format!(
        "SELECT s.id, s.name, s.category, s.published_on, s.due_on, s.hours, s.branch_id,
                (SELECT group_concat(member_id) FROM
                   (SELECT member_id FROM study_task_member x WHERE x.task_id = s.id ORDER BY member_id))
         FROM study_task s WHERE {} AND s.published_on BETWEEN ?2 AND ?3
         ORDER BY s.published_on, s.id",
        crate::store::branch_is("s.branch_id", branch_id)
    ))?;
    let rows = st.query_map(params![branch_id, start, end], |r| {
        let id = r.get(0)?;
        let (required, completed, late) = fig.get(&id).copied().unwrap_or_default();
        let listed: Option<String> = r.get(7)?;
        Ok(TaskStat {
            id,
            branch_id: r.get(6)?,
            name: r.get(1)?,
            category: r.get(2)?,
            published_on: r.get(3)?,
            due_on: r.get(4)?,
            hours: r.get(5)?,
            required,
            completed,
            on_time: completed - late,
            late,
            completion_rate: ratio(completed, required),
            on_time_rate: ratio(completed - late, required),
            listed_members: listed
                .unwrap_or_default()
                .split(',')
                .filter_map(|id| id.parse().ok())
                .collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberStudy {
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub required: i64,
    pub completed: i64,
    pub late: i64,
    pub completion_rate: f64,
    /// 学时 of tasks completed in the year.
    pub task_hours: f64,
    /// 学时 credited by activities attended (出席) in the year.
    pub meeting_hours: f64,
    pub study_hours: f64,
    pub meets_yearly_hours: bool,
}

/// Every member 在册 at some time in `year`, with their study figures.
pub fn member_stats(conn: &Connection, branch_id: Option<i64>, year: i32) -> Result<Vec<MemberStudy>> {
    member_stats_until(conn, branch_id, year, dates::year_bounds(year)?.1)
}

/// The same, as they stood on `until` within the year: 学时 earned by then, and the tasks due by then
/// (a task without a due date from its publication); at the year's end, every task of the year.
pub fn member_stats_until(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    until: NaiveDate,
) -> Result<Vec<MemberStudy>> {
    Ok(members_at(conn, branch_id, year, until, false)?.1)
}

/// Member figures as of `end` within the year, from who the tasks require and the hours earned by
/// then.
fn members_of(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    end: NaiveDate,
    req: &Required,
    task_hours: &IdMap<i64, Sum>,
    meeting_hours: &IdMap<i64, Sum>,
) -> Result<Vec<MemberStudy>> {
    let (start, year_end) = dates::year_bounds(year)?;
    let mut out = Vec::new();
    for m in roll::during(conn, branch_id, start, end)? {
        let (id, name, group_name) = (m.member_id, m.name, m.group_name);
        // (required, completed, late) of the tasks due by `end` (all of the year's at its end).
        let (req, done, late) = req.of_member(id, end, year_end);
        let task_hours = task_hours.get(&id).map_or(0.0, Sum::value);
        let meeting_hours = meeting_hours.get(&id).map_or(0.0, Sum::value);
        let study_hours = task_hours + meeting_hours;
        out.push(MemberStudy {
            member_id: id,
            name,
            group_name,
            required: req,
            completed: done,
            late,
            completion_rate: ratio(done, req),
            task_hours,
            meeting_hours,
            study_hours,
            meets_yearly_hours: study_hours >= YEARLY_HOURS,
        });
    }
    Ok(out)
}

/// Each member's 学时 of tasks and of activities, by member id.
type Hours = (IdMap<i64, Sum>, IdMap<i64, Sum>);

/// Each member's 学时 of the year up to each of `days` (of branch `branch_id`'s members, every
/// member's when `None`): those of the tasks they completed by then, and those of the activities they
/// attended (出席) by then. The year is read once, up to the last of `days`. The tasks' and
/// activities' hours are looked up in memory: a year of a large branch reads 100k completions and
/// 130k marks, each a lookup by id in SQL otherwise.
fn hours_by_member(conn: &Connection, branch_id: Option<i64>, year: i32, days: &[NaiveDate]) -> Result<Vec<Hours>> {
    let start = dates::year_bounds(year)?.0;
    let last = days.iter().copied().max().unwrap_or(start);
    // Dates are ISO text in the ledger, compared as such.
    let days: Vec<String> = days.iter().map(|d| d.to_string()).collect();
    // (hours, date) of each task or activity.
    let hours_of = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<IdMap<i64, (f64, String)>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(p, |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    // Each (member, task or activity, date done) row adds the hours of its task or activity, if it
    // has any, to each day's sums from that date on. The date is the row's own, else its task's or
    // activity's.
    let sums = |sql: &str, p: &[&dyn rusqlite::ToSql], hours: &IdMap<i64, (f64, String)>| {
        let mut st = conn.prepare_cached(sql)?;
        let mut rows = st.query(p)?;
        let mut out: Vec<IdMap<i64, Sum>> = days.iter().map(|_| IdMap::default()).collect();
        while let Some(r) = rows.next()? {
            let Some((h, date)) = hours.get(&r.get(1)?) else {
                continue;
            };
            let date = match r.get_ref(2)? {
                rusqlite::types::ValueRef::Text(own) => own,
                _ => date.as_bytes(),
            };
            for (day, sums) in days.iter().zip(&mut out) {
                if date <= day.as_bytes() {
                    sums.entry(r.get(0)?).or_default().add(*h);
                }
            }
        }
        Ok::<_, crate::Error>(out)
    };
    let branch = crate::store::branch_is("m.branch_id", branch_id);
    // Tasks by when they were completed, whoever published them.
    let task_hours = sums(
        &format!(
            "SELECT r.member_id, r.task_id, r.completed_on FROM study_record r JOIN member m ON m.id = r.member_id
             WHERE {branch} AND r.completed_on BETWEEN ?2 AND ?3"
        ),
        params![branch_id, start, last],
        &hours_of("SELECT id, hours, '' FROM study_task", params![])?,
    )?;
    // The activities of the period, in any branch: a member keeps the hours of a branch left since.
    let meeting_hours = sums(
        &format!(
            "SELECT x.member_id, x.activity_id, NULL FROM attendance x JOIN member m ON m.id = x.member_id
             WHERE {branch} AND x.status = 'present'"
        ),
        params![branch_id],
        &hours_of(
            "SELECT id, hours, date FROM activity WHERE date BETWEEN ?1 AND ?2",
            params![start, last],
        )?,
    )?;
    Ok(task_hours.into_iter().zip(meeting_hours).collect())
}

/// A sum of hours added as SQLite's `sum()` adds them (Kahan–Babuška–Neumaier), so that the figures
/// are those the SQL gave to the last bit.
#[derive(Default)]
struct Sum {
    sum: f64,
    err: f64,
}

impl Sum {
    fn add(&mut self, x: f64) {
        let t = self.sum + x;
        self.err += if self.sum.abs() > x.abs() {
            (self.sum - t) + x
        } else {
            (x - t) + self.sum
        };
        self.sum = t;
    }

    fn value(&self) -> f64 {
        self.sum + self.err
    }
}

#[cfg(test)]
mod tests {
    use super::Sum;

    #[test]
    fn hours_add_up_as_sqlite_adds_them() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for hours in [
            vec![0.1; 10],
            vec![0.1, 0.2, 0.3, 1e16, -1e16, 0.7],
            vec![1.5, 2.0, 0.5, 32.0],
        ] {
            let values: Vec<String> = hours.iter().map(|h| format!("({h:?})")).collect();
            let sql = format!("SELECT sum(column1) FROM (VALUES {})", values.join(", "));
            let by_sqlite: f64 = conn.query_row(&sql, [], |r| r.get(0)).unwrap();
            let mut ours = Sum::default();
            hours.iter().for_each(|h| ours.add(*h));
            assert_eq!(ours.value().to_bits(), by_sqlite.to_bits(), "{hours:?}");
        }
        let naive: f64 = [0.1; 10].iter().sum();
        assert_ne!(naive, 1.0, "a plain sum would fall short of 1");
    }
}
