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
    /// The requirements of tasks due (or, without a due date, published) by the day asked about; at
    /// the year's end every one — by member.
    by_member: HashMap<i64, Counts>,
}

impl Required {
    fn add(&mut self, task_id: i64, member_id: i64, done: bool, late: bool, due_by: bool, whole_year: bool) {
        let add = |f: &mut Counts| {
            f.0 += 1;
            f.1 += i64::from(done);
            f.2 += i64::from(late);
        };
        add(self.by_task.entry(task_id).or_default());
        if whole_year || due_by {
            add(self.by_member.entry(member_id).or_default());
        }
    }
}

/// Every member each task of branch `branch_id` (all when `None`) published in `year` requires —
/// the roll on its publish date, or the members it lists — with the completion, counted by task
/// and by member (as of `until`). The tasks, the lists, the completions and the rolls are each read
/// once, so task and member figures both count from one pass rather than a roll per task.
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
    let whole_year = until >= end;
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
            out.add(
                task_id,
                member_id,
                late.is_some(),
                late.unwrap_or(false),
                *due_by,
                whole_year,
            );
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
    let end = until.min(dates::year_bounds(year)?.1);
    let req = requirements(conn, branch_id, year, end)?;
    Ok((
        tasks_of(conn, branch_id, year, &req)?,
        members_of(conn, branch_id, year, end, &req)?,
    ))
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
    let end = until.min(dates::year_bounds(year)?.1);
    let req = requirements(conn, branch_id, year, end)?;
    members_of(conn, branch_id, year, end, &req)
}

/// Member figures as of `end` within the year, from who the tasks require.
fn members_of(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    end: NaiveDate,
    req: &Required,
) -> Result<Vec<MemberStudy>> {
    let start = dates::year_bounds(year)?.0;
    // (required, completed, late) of the tasks due by `end` (all of the year's at its end).
    let tasks = &req.by_member;
    let hours_by_member = |sql: &str| -> Result<HashMap<i64, f64>> {
        let mut st = conn.prepare_cached(sql)?;
        let rows = st.query_map(params![branch_id, start, end], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let branch = crate::store::branch_is("m.branch_id", branch_id);
    let task_hours = hours_by_member(&format!(
        "SELECT r.member_id, sum(t.hours) FROM study_record r JOIN study_task t ON t.id = r.task_id
         JOIN member m ON m.id = r.member_id
         WHERE {} AND r.completed_on BETWEEN ?2 AND ?3 GROUP BY r.member_id",
        branch
    ))?;
    let meeting_hours = hours_by_member(&format!(
        "SELECT x.member_id, sum(a.hours) FROM attendance x JOIN activity a ON a.id = x.activity_id
         JOIN member m ON m.id = x.member_id
         WHERE {} AND x.status = 'present' AND a.date BETWEEN ?2 AND ?3
         GROUP BY x.member_id",
        branch
    ))?;
    let mut out = Vec::new();
    for m in roll::during(conn, branch_id, start, end)? {
        let (id, name, group_name) = (m.member_id, m.name, m.group_name);
        let (req, done, late) = tasks.get(&id).copied().unwrap_or_default();
        let task_hours = task_hours.get(&id).copied().unwrap_or(0.0);
        let meeting_hours = meeting_hours.get(&id).copied().unwrap_or(0.0);
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
