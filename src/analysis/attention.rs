//! 关注名单 (weak points): whom to talk with and what to aim the next 三会一课 at, from what the ledger
//! already holds — never from tracking minutes online (the 2023 complaint about 指尖上的形式主义
//! stands). A member on the roll is listed when behind the 32-学时 pace pro-rated to the date (from
//! the later of 1 January and the day they came on the roll), with repeated 无故缺席 in one quarter
//! (as 首页 counts them), or with task completion below the branch's threshold (80% by default;
//! tasks due by the date). Task categories come with their completion, lowest first: the
//! suggestion for the next topic.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::domain::study::{self, YEARLY_HOURS};
use crate::domain::{activities, roll, rules};
use crate::kernel::dates;
use crate::Result;

#[derive(Debug, Serialize)]
pub struct Attention {
    pub year: i32,
    pub as_of: NaiveDate,
    pub threshold: f64,
    pub members: Vec<Flagged>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Serialize)]
pub struct Flagged {
    pub member_id: i64,
    pub name: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Category {
    pub category: String,
    pub completion: f64,
    pub required: i64,
    pub completed: i64,
}

fn one_decimal(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

pub fn attention(conn: &Connection, branch_id: i64, year: i32, as_of: NaiveDate) -> Result<Attention> {
    let (tasks, people) = study::year_stats_until(conn, Some(branch_id), year, day(year, as_of)?)?;
    from_study(conn, branch_id, year, as_of, tasks, people)
}

/// The day within `year` that [`attention`] judges on `as_of`.
pub fn day(year: i32, as_of: NaiveDate) -> Result<NaiveDate> {
    let (start, end) = dates::year_bounds(year)?;
    Ok(as_of.clamp(start, end))
}

/// [`attention`] from the study figures as they stood on its [`day`] ([`study::year_stats_until`]),
/// counted by the caller with others.
pub fn from_study(
    conn: &Connection,
    branch_id: i64,
    year: i32,
    as_of: NaiveDate,
    tasks: Vec<study::TaskStat>,
    people: Vec<study::MemberStudy>,
) -> Result<Attention> {
    let (start, end) = dates::year_bounds(year)?;
    let day = day(year, as_of)?;
    let threshold = rules::attention_threshold(conn)?;
    let days_in_year = (end - start).num_days() + 1;
    let stats: HashMap<i64, study::MemberStudy> = people.into_iter().map(|s| (s.member_id, s)).collect();
    let since = roll::on_roll_since(conn, branch_id, day)?;
    let absences = absences_by_quarter(conn, branch_id, start, day)?;
    let mut members = Vec::new();
    for m in roll::on(conn, branch_id, day, roll::Scope::Branch)? {
        let mut reasons = Vec::new();
        let from = since.get(&m.member_id).copied().unwrap_or(start).max(start);
        let due_hours = YEARLY_HOURS * ((day - from).num_days() + 1) as f64 / days_in_year as f64;
        let s = stats.get(&m.member_id);
        let hours = s.map_or(0.0, |s| s.study_hours);
        if hours + 1e-9 < due_hours {
            reasons.push(format!(
                "学时 {}，按进度应达 {}（全年 {}）",
                one_decimal(hours),
                one_decimal(due_hours),
                one_decimal(YEARLY_HOURS)
            ));
        }
        for (q, n) in absences.get(&m.member_id).into_iter().flatten() {
            reasons.push(format!("{}无故缺席 {n} 次", dates::quarter_name(*q)));
        }
        if let Some(s) = s.filter(|s| s.required > 0 && s.completion_rate + 1e-9 < threshold) {
            reasons.push(format!(
                "学习任务完成 {}/{}（{}%，低于 {}%）",
                s.completed,
                s.required,
                one_decimal(s.completion_rate * 100.0),
                one_decimal(threshold * 100.0)
            ));
        }
        if !reasons.is_empty() {
            members.push(Flagged {
                member_id: m.member_id,
                name: m.name,
                reasons,
            });
        }
    }
    Ok(Attention {
        year,
        as_of: day,
        threshold,
        members,
        categories: categories(tasks, day),
    })
}

/// Members with repeated 无故缺席 in a quarter of the year up to `to`: member → [(quarter, count)].
fn absences_by_quarter(
    conn: &Connection,
    branch_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, Vec<(u32, i64)>>> {
    let mut out: HashMap<i64, Vec<(u32, i64)>> = HashMap::new();
    for q in 1..=4u32 {
        let (_, start, end) = dates::quarter_of(NaiveDate::from_ymd_opt(from.year(), q * 3, 1).unwrap_or(from));
        if start > to {
            break;
        }
        for a in activities::repeated_absences(conn, branch_id, start.max(from), end.min(to))? {
            out.entry(a.member_id).or_default().push((q, a.absences));
        }
    }
    Ok(out)
}

/// Completion by task category over the year's tasks due by `day`, lowest first.
fn categories(tasks: Vec<study::TaskStat>, day: NaiveDate) -> Vec<Category> {
    let mut by: HashMap<String, (i64, i64)> = HashMap::new();
    for t in tasks {
        if t.due_on.unwrap_or(t.published_on) > day {
            continue;
        }
        let e = by
            .entry(t.category.clone().unwrap_or_else(|| "未分类".to_string()))
            .or_default();
        e.0 += t.required;
        e.1 += t.completed;
    }
    let mut out: Vec<Category> = by
        .into_iter()
        .filter(|(_, (req, _))| *req > 0)
        .map(|(category, (required, completed))| Category {
            completion: completed as f64 / required as f64,
            category,
            required,
            completed,
        })
        .collect();
    out.sort_by(|a, b| a.completion.total_cmp(&b.completion).then(a.category.cmp(&b.category)));
    out
}
