//! 民主评议党员: per member and year, the 自评 grade, the 互评 and 民主测评 scores, and the branch's
//! decision (who decided, when). Those graded are the 正式党员 on the roll at the year's end;
//! 预备党员 take part but are not graded; 优秀 goes to at most a third of those graded.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::domain::roll::{self, RollMember, Scope};
use crate::domain::rules;
use crate::kernel::action::Action;
use crate::kernel::labels::AppraisalGrade;
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Record {
    pub self_grade: Option<AppraisalGrade>,
    /// 党员互评得分, 0–100.
    pub peer_score: Option<f64>,
    /// 民主测评得分, 0–10 (the guide's 测评 part).
    pub poll_score: Option<f64>,
    pub grade: Option<AppraisalGrade>,
    pub decided_by: Option<String>,
    pub decided_on: Option<NaiveDate>,
    pub note: Option<String>,
}

/// The year's records of the branch, by member.
pub fn records(conn: &Connection, branch_id: i64, year: i32) -> Result<HashMap<i64, Record>> {
    let mut st = conn.prepare_cached(
        "SELECT a.member_id, a.self_grade, a.peer_score, a.poll_score, a.grade, a.decided_by, a.decided_on, a.note
         FROM appraisal a JOIN member m ON m.id = a.member_id WHERE m.branch_id = ?1 AND a.year = ?2",
    )?;
    let rows = st.query_map(params![branch_id, year], |r| {
        Ok((
            r.get(0)?,
            Record {
                self_grade: r.get(1)?,
                peer_score: r.get(2)?,
                poll_score: r.get(3)?,
                grade: r.get(4)?,
                decided_by: r.get(5)?,
                decided_on: r.get(6)?,
                note: r.get(7)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn year_end(year: i32) -> Result<NaiveDate> {
    Ok(crate::kernel::dates::year_bounds(year)?.1)
}

/// Everyone who takes part: the members on the roll at the year's end (`voting` = graded).
pub fn participants(conn: &Connection, branch_id: i64, year: i32) -> Result<Vec<RollMember>> {
    roll::on(conn, branch_id, year_end(year)?, Scope::Branch)
}

/// The 自评, 互评, 测评 and 备注 a form or an import gives.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub self_grade: Option<AppraisalGrade>,
    pub peer_score: Option<f64>,
    pub poll_score: Option<f64>,
    pub note: Option<String>,
}

fn participant(tx: &Tx, branch_id: i64, member_id: i64, year: i32) -> Result<RollMember> {
    participants(tx, branch_id, year)?
        .into_iter()
        .find(|m| m.member_id == member_id)
        .ok_or_else(|| {
            Error::invalid(format!(
                "编号 {member_id} 的党员 {year} 年底不在册，不参加本年度民主评议"
            ))
        })
}

/// How the scores are given: an import fills in only what its cells hold (a blank cell keeps what is
/// recorded); the sheet in the app gives the whole row, so an emptied field clears it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    Merge,
    Replace,
}

/// Records the 自评, 互评, 测评 and 备注 of a member. 测评 stops at the guide's limit for the year.
pub fn score(tx: &Tx, branch_id: i64, member_id: i64, year: i32, s: &Scores, fill: Fill) -> Result<Action> {
    let m = participant(tx, branch_id, member_id, year)?;
    if s.peer_score.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
        return Err(Error::invalid(format!("“{}”：互评得分应在 0–100 之间", m.name)));
    }
    let poll_max = rules::guide_for(tx, year)?.poll_max;
    if let Some(p) = s.poll_score.filter(|p| !(0.0..=poll_max).contains(p)) {
        return Err(Error::invalid(format!(
            "“{}”：测评得分“{p}”应在 0–{poll_max} 之间（评议指引的测评上限）",
            m.name
        )));
    }
    crate::kernel::text::check_optional("备注", s.note.as_deref(), crate::kernel::text::TEXT_MAX)?;
    let old = records(tx, branch_id, year)?.remove(&member_id);
    let o = old.clone().unwrap_or_default();
    let new = match fill {
        Fill::Merge => Record {
            self_grade: s.self_grade.or(o.self_grade),
            peer_score: s.peer_score.or(o.peer_score),
            poll_score: s.poll_score.or(o.poll_score),
            note: s.note.clone().or(o.note.clone()),
            ..o.clone()
        },
        Fill::Replace => Record {
            self_grade: s.self_grade,
            peer_score: s.peer_score,
            poll_score: s.poll_score,
            note: s.note.as_deref().and_then(crate::kernel::text::non_empty),
            ..o.clone()
        },
    };
    if old.as_ref().unwrap_or(&Record::default()) == &new {
        return Ok(Action::Unchanged);
    }
    if old.as_ref() == Some(&new) {
        return Ok(Action::Unchanged);
    }
    tx.execute(
        "INSERT INTO appraisal (member_id, year, self_grade, peer_score, poll_score, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (member_id, year) DO UPDATE SET self_grade = ?3, peer_score = ?4, poll_score = ?5, note = ?6",
        params![member_id, year, new.self_grade, new.peer_score, new.poll_score, new.note],
    )?;
    Ok(if old.is_some() { Action::Update } else { Action::Create })
}

/// The most 优秀 allowed: a third of those graded, rounded down.
pub fn excellent_cap(graded: usize) -> usize {
    graded / 3
}

/// The branch's decision on a member's grade (`None` takes it back). 预备党员 are not graded, and
/// 优秀 stops at a third of those graded, with a message naming the counts.
pub fn decide(
    tx: &Tx,
    branch_id: i64,
    member_id: i64,
    year: i32,
    grade: Option<AppraisalGrade>,
    decided_by: &str,
    decided_on: NaiveDate,
) -> Result<Action> {
    let m = participant(tx, branch_id, member_id, year)?;
    if grade.is_some() && !m.voting {
        return Err(Error::invalid(format!(
            "“{}”是预备党员：参加民主评议，但不评定等次",
            m.name
        )));
    }
    let all = participants(tx, branch_id, year)?;
    let graded = all.iter().filter(|p| p.voting).count();
    let records = records(tx, branch_id, year)?;
    if grade == Some(AppraisalGrade::Excellent) {
        let others = records
            .iter()
            .filter(|(id, r)| **id != member_id && r.grade == Some(AppraisalGrade::Excellent))
            .count();
        let cap = excellent_cap(graded);
        if others + 1 > cap {
            return Err(Error::Conflict(format!(
                "“{}”不能再评优秀：已有 {others} 人评为优秀，优秀不得超过受评正式党员 {graded} 人的三分之一（{cap} 人）",
                m.name
            )));
        }
    }
    let old = records.get(&member_id);
    if old.map(|r| r.grade) == Some(grade) || (old.is_none() && grade.is_none()) {
        return Ok(Action::Unchanged);
    }
    let (by, on) = match grade {
        Some(_) => (Some(decided_by.trim()), Some(decided_on)),
        None => (None, None),
    };
    tx.execute(
        "INSERT INTO appraisal (member_id, year, grade, decided_by, decided_on) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (member_id, year) DO UPDATE SET grade = ?3, decided_by = ?4, decided_on = ?5",
        params![member_id, year, grade, by, on],
    )?;
    Ok(if old.is_some() { Action::Update } else { Action::Create })
}
