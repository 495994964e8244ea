//! 学习教育: study tasks and who completed them, discussions, reflections, quizzes, and 学时.
//!
//! A task requires the members 在册 on its publish date (or the members it lists). Its completion
//! rate = members required who completed it (on time or late) / members required; a completion after
//! the 截止日期 is late: it counts as done, and the on-time rate is shown beside it.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::domain::roll::{self, RollMember, Scope};
use crate::kernel::action::Action;
use crate::kernel::dates;
use crate::kernel::labels::{DiscussionKind, StudySource};
use crate::kernel::text::{
    check_optional, check_text, non_empty, opt_text, optional_date, required_date, LABEL_MAX, TEXT_MAX, TITLE_MAX,
};
use crate::store::Tx;
use crate::Error;
use crate::Result;

mod completions;
mod figures;
pub use completions::{record_completion, Completions};

/// Every 党员 should have at least this many 学时 of centralised study a year (2019 条例).
pub const YEARLY_HOURS: f64 = 32.0;

#[derive(Debug, Clone, PartialEq)]
pub struct TaskData {
    pub name: String,
    pub category: Option<String>,
    pub published_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub hours: f64,
}

pub fn find_task(conn: &Connection, branch_id: i64, name: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM study_task WHERE branch_id = ?1 AND name = ?2",
            params![branch_id, name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

fn task_data(conn: &Connection, id: i64) -> Result<TaskData> {
    Ok(conn.query_row(
        "SELECT name, category, published_on, due_on, hours FROM study_task WHERE id = ?1",
        [id],
        |r| {
            Ok(TaskData {
                name: r.get(0)?,
                category: r.get(1)?,
                published_on: r.get(2)?,
                due_on: r.get(3)?,
                hours: r.get(4)?,
            })
        },
    )?)
}

fn check_task(d: &TaskData) -> Result<()> {
    check_text("任务名称", &d.name, TITLE_MAX)?;
    check_optional("类别", d.category.as_deref(), LABEL_MAX)?;
    if d.due_on.is_some_and(|due| due < d.published_on) {
        return Err(Error::invalid(format!("学习任务“{}”：截止日期早于发布日期", d.name)));
    }
    if !(0.0..=100.0).contains(&d.hours) {
        return Err(Error::invalid(format!(
            "学习任务“{}”：学时 {} 不在 0–100 之间",
            d.name, d.hours
        )));
    }
    Ok(())
}

/// Creates the task, or updates the one of the same name.
pub fn upsert_task(tx: &Tx, branch_id: i64, d: &TaskData) -> Result<(i64, Action)> {
    check_task(d)?;
    match find_task(tx, branch_id, &d.name)? {
        Some(id) if task_data(tx, id)? == *d => Ok((id, Action::Unchanged)),
        Some(id) => {
            tx.execute(
                "UPDATE study_task SET category = ?2, published_on = ?3, due_on = ?4, hours = ?5 WHERE id = ?1",
                params![id, d.category, d.published_on, d.due_on, d.hours],
            )?;
            Ok((id, Action::Update))
        }
        None => {
            tx.execute(
                "INSERT INTO study_task (branch_id, name, category, published_on, due_on, hours) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![branch_id, d.name, d.category, d.published_on, d.due_on, d.hours],
            )?;
            Ok((tx.last_insert_rowid(), Action::Create))
        }
    }
}

/// What the task form sends; dates as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct TaskInput {
    pub id: Option<i64>,
    pub name: String,
    pub category: Option<String>,
    pub published_on: Option<String>,
    pub due_on: Option<String>,
    pub hours: Option<f64>,
    /// The members who must do it; empty = everyone 在册 on the publish date.
    #[serde(default)]
    pub members: Vec<i64>,
}

/// Creates or edits (by id, so a task can be renamed) a study task from the form.
pub fn save_task(tx: &Tx, branch_id: i64, input: &TaskInput) -> Result<TaskStat> {
    let data = TaskData {
        name: non_empty(&input.name).ok_or_else(|| Error::invalid("任务名称不能为空"))?,
        category: opt_text(input.category.as_deref()),
        published_on: required_date("发布日期", input.published_on.as_deref())?,
        due_on: optional_date("截止日期", input.due_on.as_deref())?,
        hours: input.hours.unwrap_or(0.0),
    };
    check_task(&data)?;
    let id = match input.id {
        None => upsert_task(tx, branch_id, &data)?.0,
        Some(id) => {
            if find_task(tx, branch_id, &data.name)?.is_some_and(|other| other != id) {
                return Err(Error::Conflict(format!("已有名为“{}”的学习任务", data.name)));
            }
            tx.execute(
                "UPDATE study_task SET name = ?3, category = ?4, published_on = ?5, due_on = ?6, hours = ?7
                 WHERE id = ?1 AND branch_id = ?2",
                params![
                    id,
                    branch_id,
                    data.name,
                    data.category,
                    data.published_on,
                    data.due_on,
                    data.hours
                ],
            )?;
            id
        }
    };
    set_audience(tx, branch_id, id, &input.members)?;
    task_stat(tx, branch_id, id)
}

/// Who must do a task: the members listed, or — none listed — everyone 在册 on its publish date.
pub fn set_audience(tx: &Tx, branch_id: i64, task_id: i64, members: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM study_task_member WHERE task_id = ?1", [task_id])?;
    for m in members {
        let in_branch: bool = tx.query_row(
            "SELECT count(*) > 0 FROM member WHERE id = ?1 AND branch_id = ?2",
            [*m, branch_id],
            |r| r.get(0),
        )?;
        if !in_branch {
            return Err(Error::invalid(format!("编号 {m} 的党员不属于本支部")));
        }
        tx.execute(
            "INSERT OR IGNORE INTO study_task_member (task_id, member_id) VALUES (?1, ?2)",
            [task_id, *m],
        )?;
    }
    let audience = if members.is_empty() { "roll" } else { "listed" };
    tx.execute(
        "UPDATE study_task SET audience = ?2 WHERE id = ?1",
        params![task_id, audience],
    )?;
    Ok(())
}

/// Figures of one task.
pub fn task_stat(conn: &Connection, branch_id: i64, id: i64) -> Result<TaskStat> {
    let d = task_data(conn, id).map_err(|_| Error::NotFound {
        what: "学习任务",
        key: id.to_string(),
    })?;
    let rows = task_members(conn, branch_id, id)?;
    let required = rows.len() as i64;
    let completed = rows.iter().filter(|r| r.completed_on.is_some()).count() as i64;
    let late = rows.iter().filter(|r| r.late).count() as i64;
    let on_time = completed - late;
    Ok(TaskStat {
        id,
        branch_id,
        name: d.name,
        category: d.category,
        published_on: d.published_on,
        due_on: d.due_on,
        hours: d.hours,
        required,
        completed,
        on_time,
        late,
        completion_rate: ratio(completed, required),
        on_time_rate: ratio(on_time, required),
        listed_members: conn
            .prepare_cached("SELECT member_id FROM study_task_member WHERE task_id = ?1 ORDER BY member_id")?
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?,
    })
}

/// A completion ticked in the task's member list: date and source as the form gives them.
pub fn record_from_form(
    tx: &Tx,
    branch_id: i64,
    task_id: i64,
    member_id: i64,
    completed_on: &str,
    source: &str,
) -> Result<TaskStat> {
    let date = required_date("完成日期", Some(completed_on))?;
    let source = StudySource::parse(source).ok_or_else(|| Error::invalid(format!("来源：无法识别“{source}”")))?;
    let member_branch: i64 = tx.query_row("SELECT branch_id FROM member WHERE id = ?1", [member_id], |r| r.get(0))?;
    if member_branch != branch_id {
        return Err(Error::invalid("该党员不属于本支部"));
    }
    record_completion(tx, task_id, member_id, date, source)?;
    task_stat(tx, branch_id, task_id)
}

/// Takes back a completion recorded by mistake.
pub fn remove_completion(tx: &Tx, task_id: i64, member_id: i64) -> Result<()> {
    if tx.execute(
        "DELETE FROM study_record WHERE task_id = ?1 AND member_id = ?2",
        [task_id, member_id],
    )? == 0
    {
        return Err(Error::NotFound {
            what: "完成记录",
            key: format!("{task_id}/{member_id}"),
        });
    }
    Ok(())
}

/// Members a task requires: those it lists, else those 在册 on its publish date.
pub fn required_members(conn: &Connection, branch_id: i64, task_id: i64) -> Result<Vec<RollMember>> {
    let (published, audience): (NaiveDate, String) = conn.query_row(
        "SELECT published_on, audience FROM study_task WHERE id = ?1",
        [task_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if audience == "roll" {
        return roll::on(conn, branch_id, published, Scope::Branch);
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT m.id, m.name, (SELECT name FROM party_group WHERE id = {}), {} FROM study_task_member t
         JOIN member m ON m.id = t.member_id WHERE t.task_id = ?1 ORDER BY m.id",
        roll::group_on_sql("m.id", "?2"),
        roll::voting_sql("?2")
    ))?;
    let rows = st.query_map(params![task_id, published], RollMember::from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskStat {
    pub id: i64,
    pub branch_id: i64,
    pub name: String,
    pub category: Option<String>,
    pub published_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub hours: f64,
    pub required: i64,
    pub completed: i64,
    pub on_time: i64,
    pub late: i64,
    /// completed / required (0 when nobody is required).
    pub completion_rate: f64,
    pub on_time_rate: f64,
    /// Members the task names; empty when it requires the roll of its publish date.
    pub listed_members: Vec<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskMemberRow {
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub completed_on: Option<NaiveDate>,
    pub source: Option<StudySource>,
    pub late: bool,
}

fn ratio(n: i64, d: i64) -> f64 {
    if d > 0 {
        n as f64 / d as f64
    } else {
        0.0
    }
}

/// Completions of a task by member: (completed_on, source).
fn completions(conn: &Connection, task_id: i64) -> Result<HashMap<i64, (NaiveDate, StudySource)>> {
    let mut st = conn.prepare_cached("SELECT member_id, completed_on, source FROM study_record WHERE task_id = ?1")?;
    let rows = st.query_map([task_id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Each required member of a task with their completion, for the task's member list.
pub fn task_members(conn: &Connection, branch_id: i64, task_id: i64) -> Result<Vec<TaskMemberRow>> {
    let due: Option<NaiveDate> =
        conn.query_row("SELECT due_on FROM study_task WHERE id = ?1", [task_id], |r| r.get(0))?;
    let done = completions(conn, task_id)?;
    Ok(required_members(conn, branch_id, task_id)?
        .into_iter()
        .map(|m| {
            let c = done.get(&m.member_id);
            TaskMemberRow {
                member_id: m.member_id,
                name: m.name,
                group_name: m.group_name,
                completed_on: c.map(|c| c.0),
                source: c.map(|c| c.1),
                late: c.is_some_and(|c| due.is_some_and(|d| c.0 > d)),
            }
        })
        .collect())
}

pub use figures::{
    member_stats, member_stats_until, task_stats, year_stats, year_stats_and_until, year_stats_until, MemberStudy,
};

/// Adds the `nth` (1-based) discussion post or reply of a member with this date, kind and topic:
/// when the ledger already holds `nth` of them this changes nothing (beyond a text now given), so a
/// re-imported file adds nothing while three equal replies in it stay three. `body` is the post's
/// text, when the platform's export has it.
#[allow(clippy::too_many_arguments)]
pub fn add_discussion(
    tx: &Tx,
    member_id: i64,
    date: NaiveDate,
    kind: DiscussionKind,
    topic: &str,
    body: Option<&str>,
    nth: usize,
) -> Result<Action> {
    check_text("主题", topic, TITLE_MAX)?;
    check_optional("内容", body, TEXT_MAX)?;
    let body = body.and_then(crate::kernel::text::non_empty);
    let held: Vec<(i64, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, body FROM discussion WHERE member_id = ?1 AND date = ?2 AND kind = ?3 AND topic = ?4 ORDER BY id",
        )?
        .query_map(params![member_id, date, kind, topic.trim()], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match held.get(nth.saturating_sub(1)) {
        Some((id, old)) if body.is_some() && *old != body => {
            tx.execute("UPDATE discussion SET body = ?2 WHERE id = ?1", params![id, body])?;
            Ok(Action::Update)
        }
        Some(_) => Ok(Action::Unchanged),
        None => {
            tx.execute(
                "INSERT INTO discussion (member_id, date, kind, topic, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![member_id, date, kind, topic.trim(), body],
            )?;
            Ok(Action::Create)
        }
    }
}

/// Adds the `nth` 心得体会 of a member with this date and title (two of one title on different
/// dates are two), or corrects its length and text. Its full text is kept when given (and then
/// gives its length when none is).
#[allow(clippy::too_many_arguments)]
pub fn add_reflection(
    tx: &Tx,
    member_id: i64,
    date: NaiveDate,
    title: &str,
    words: Option<i64>,
    body: Option<&str>,
    nth: usize,
) -> Result<Action> {
    check_text("标题", title, TITLE_MAX)?;
    check_optional("正文", body, TEXT_MAX)?;
    let body = body.and_then(crate::kernel::text::non_empty);
    let words = words.or_else(|| {
        body.as_ref()
            .map(|b| b.chars().filter(|c| !c.is_whitespace()).count() as i64)
    });
    let held: Vec<(i64, Option<i64>, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, words, body FROM reflection WHERE member_id = ?1 AND date = ?2 AND title = ?3 ORDER BY id",
        )?
        .query_map(params![member_id, date, title.trim()], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    match held.get(nth.saturating_sub(1)) {
        Some((_, w, b)) if *w == words && (body.is_none() || *b == body) => Ok(Action::Unchanged),
        Some((id, _, b)) => {
            let body = body.or(b.clone());
            tx.execute(
                "UPDATE reflection SET words = ?2, body = ?3 WHERE id = ?1",
                params![id, words, body],
            )?;
            Ok(Action::Update)
        }
        None => {
            tx.execute(
                "INSERT INTO reflection (member_id, date, title, words, body) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![member_id, date, title.trim(), words, body],
            )?;
            Ok(Action::Create)
        }
    }
}

/// Records a quiz score (0–100), or corrects the member's score for that quiz.
pub fn add_quiz(tx: &Tx, member_id: i64, date: NaiveDate, quiz: &str, score: f64) -> Result<Action> {
    check_text("测验名称", quiz, TITLE_MAX)?;
    if !(0.0..=100.0).contains(&score) {
        return Err(Error::invalid(format!("测验“{quiz}”：得分 {score} 不在 0–100 之间")));
    }
    let old: Option<(NaiveDate, f64)> = tx
        .query_row(
            "SELECT date, score FROM quiz_result WHERE member_id = ?1 AND quiz = ?2",
            params![member_id, quiz.trim()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match old {
        Some(o) if o == (date, score) => Ok(Action::Unchanged),
        Some(_) => {
            tx.execute(
                "UPDATE quiz_result SET date = ?3, score = ?4 WHERE member_id = ?1 AND quiz = ?2",
                params![member_id, quiz.trim(), date, score],
            )?;
            Ok(Action::Update)
        }
        None => {
            tx.execute(
                "INSERT INTO quiz_result (member_id, date, quiz, score) VALUES (?1, ?2, ?3, ?4)",
                params![member_id, date, quiz.trim(), score],
            )?;
            Ok(Action::Create)
        }
    }
}

/// Counts of discussions (posts + replies), reflections and quiz results dated in `year`.
pub fn year_counts(conn: &Connection, branch_id: Option<i64>, year: i32) -> Result<(i64, i64, i64)> {
    let (start, end) = dates::year_bounds(year)?;
    let count = |table: &str| -> Result<i64> {
        Ok(conn.query_row(
            &format!(
                "SELECT count(*) FROM {table} x JOIN member m ON m.id = x.member_id
                 WHERE {} AND x.date BETWEEN ?2 AND ?3",
                crate::store::branch_is("m.branch_id", branch_id)
            ),
            params![branch_id, start, end],
            |r| r.get(0),
        )?)
    };
    Ok((count("discussion")?, count("reflection")?, count("quiz_result")?))
}
