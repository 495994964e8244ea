//! Figures over a period: the year summary (`report summary`) and the 首页 overview.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::domain::activities::{self, Absentee, ActivitySummary};
use crate::domain::roll;
use crate::domain::study;
use crate::kernel::dates;
use crate::kernel::labels::ActivityKind;
use crate::Result;

#[derive(Debug, Serialize)]
pub struct Summary {
    pub year: i32,
    pub branch: Option<String>,
    /// 在册 at year end.
    pub members: i64,
    /// Count per kind code; an activity of two kinds counts in both.
    pub activities: BTreeMap<&'static str, i64>,
    /// Distinct activities.
    pub activity_total: i64,
    pub expected_total: i64,
    pub present_total: i64,
    /// Σ实到 / Σ应到 over the year's activities (0 when nothing was expected).
    pub attendance_rate: f64,
    /// 学时 of all activities held (each activity once).
    pub activity_hours: f64,
    /// Study tasks published in the year.
    pub study_tasks: i64,
    /// Mean over those tasks of their completion rate (0 when there are none).
    pub study_completion: f64,
    /// Mean 学时 (tasks + meetings attended) of the members 在册 during the year.
    pub study_hours_avg: f64,
    /// Discussion posts + replies.
    pub discussions: i64,
    pub reflections: i64,
    pub quizzes: i64,
}

pub fn summary(conn: &Connection, branch_id: Option<i64>, year: i32) -> Result<Summary> {
    let (start, end) = dates::year_bounds(year)?;
    let list = activities::list(conn, branch_id, start, end)?;
    let (tasks, people) = study::year_stats(conn, branch_id, year)?;
    let held = list
        .iter()
        .map(|a| (a.kinds.as_slice(), a.tally.expected, a.tally.present, a.hours));
    summary_of(conn, branch_id, year, held, &tasks, &people)
}

/// The summary from what it counts: each activity held in the year (its kinds, 应到, 实到 and 学时)
/// and the year's task and member study figures — for callers that already hold them (the annual
/// workbook's 年度统计).
pub fn summary_of<'a>(
    conn: &Connection,
    branch_id: Option<i64>,
    year: i32,
    held: impl Iterator<Item = (&'a [ActivityKind], i64, i64, f64)>,
    tasks: &[study::TaskStat],
    people: &[study::MemberStudy],
) -> Result<Summary> {
    let end = dates::year_bounds(year)?.1;
    let mut by_kind: BTreeMap<&'static str, i64> = ActivityKind::ALL.iter().map(|k| (k.code(), 0)).collect();
    let (mut activity_total, mut expected, mut present, mut hours) = (0, 0, 0, 0.0);
    for (kinds, e, p, h) in held {
        for k in kinds {
            *by_kind.entry(k.code()).or_default() += 1;
        }
        activity_total += 1;
        expected += e;
        present += p;
        hours += h;
    }
    let (discussions, reflections, quizzes) = study::year_counts(conn, branch_id, year)?;
    let mean = |sum: f64, n: usize| if n > 0 { sum / n as f64 } else { 0.0 };
    let branch = match branch_id {
        Some(id) => Some(crate::domain::org::get(conn, id)?.name),
        None => None,
    };
    Ok(Summary {
        year,
        branch,
        members: roll::count(conn, branch_id, end)?,
        activities: by_kind,
        activity_total,
        expected_total: expected,
        present_total: present,
        attendance_rate: if expected > 0 {
            present as f64 / expected as f64
        } else {
            0.0
        },
        activity_hours: hours,
        study_tasks: tasks.len() as i64,
        study_completion: mean(tasks.iter().map(|t| t.completion_rate).sum(), tasks.len()),
        study_hours_avg: mean(people.iter().map(|p| p.study_hours).sum(), people.len()),
        discussions,
        reflections,
        quizzes,
    })
}

#[derive(Debug, Serialize)]
pub struct Period {
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub activities: i64,
    pub expected: i64,
    pub present: i64,
    pub rate: Option<f64>,
}

/// The figures of the activities of `list` dated `start..=end`.
fn period(list: &[ActivitySummary], label: String, start: NaiveDate, end: NaiveDate) -> Period {
    let held: Vec<&ActivitySummary> = list.iter().filter(|a| (start..=end).contains(&a.date)).collect();
    let expected: i64 = held.iter().map(|a| a.tally.expected).sum();
    let present: i64 = held.iter().map(|a| a.tally.present).sum();
    Period {
        label,
        start,
        end,
        activities: held.len() as i64,
        expected,
        present,
        rate: (expected > 0).then(|| present as f64 / expected as f64),
    }
}

#[derive(Debug, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub month: Period,
    pub quarter: Period,
    pub absent_twice: Vec<Absentee>,
    pub recent: Vec<ActivitySummary>,
}

pub fn dashboard(conn: &Connection, branch_id: i64, today: NaiveDate) -> Result<Dashboard> {
    let (m_start, m_end) = dates::month_bounds(today.year(), today.month())?;
    let (q, q_start, q_end) = dates::quarter_of(today);
    // The month lies within its quarter: one list counts both.
    let quarter_list = activities::list(conn, Some(branch_id), q_start, q_end)?;
    let month = period(
        &quarter_list,
        format!("{}年{}月", today.year(), today.month()),
        m_start,
        m_end,
    );
    let quarter = period(
        &quarter_list,
        format!("{}年{}", today.year(), dates::quarter_name(q)),
        q_start,
        q_end,
    );
    let absent_twice = activities::repeated_absences(conn, branch_id, q_start, q_end)?;
    let year_start = NaiveDate::from_ymd_opt(today.year() - 1, 1, 1).unwrap_or(today);
    let recent = activities::latest(conn, branch_id, year_start, today, 5)?;
    Ok(Dashboard {
        today,
        month,
        quarter,
        absent_twice,
        recent,
    })
}
