//! The 民主评议 sheet: each participant's figures, the guide's score and suggested grade beside the
//! branch's decision. The guide (domain.md, a common points-based one, configurable in 设置; by
//! default): 基础分 60 + 加分 up to 30 (the member's positive points of the year relative to the
//! branch's best) + 测评 up to 10 − 减分 (the year's deductions: 无故缺席, 减分 adjustments…). ≥ 90
//! suggests 优秀 (within the third), 80–89 合格, 60–79 基本合格, below 60 不合格. The guide suggests;
//! the branch decides.

use rusqlite::Connection;
use serde::Serialize;

use crate::analysis::points;
use crate::domain::appraisal::{self, excellent_cap};
use crate::domain::rules;
use crate::kernel::labels::AppraisalGrade;
use crate::Result;

#[derive(Debug, Serialize)]
pub struct Row {
    pub member_id: i64,
    pub name: String,
    /// A 正式党员 at the year's end: graded. 预备党员 take part, with no score or grade.
    pub graded: bool,
    pub points: f64,
    pub bonus: Option<f64>,
    pub deduction: Option<f64>,
    pub poll_score: Option<f64>,
    pub peer_score: Option<f64>,
    pub self_grade: Option<AppraisalGrade>,
    pub score: Option<f64>,
    pub suggested: Option<AppraisalGrade>,
    pub grade: Option<AppraisalGrade>,
    pub decided_by: Option<String>,
    pub note: Option<String>,
}

fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The year's 民主评议 sheet of the branch: its points summed in one pass over the year's events
/// ([`points::year_points`]), not from a list of them built and sorted first.
pub fn sheet(conn: &Connection, branch_id: i64, year: i32) -> Result<Vec<Row>> {
    sheet_from(conn, branch_id, year, &points::year_points(conn, branch_id, year)?)
}

/// [`sheet`] from the year's points already counted: each member's gained and lost points.
pub fn sheet_from(conn: &Connection, branch_id: i64, year: i32, points: &points::YearPoints) -> Result<Vec<Row>> {
    let guide = rules::guide_for(conn, year)?;
    let people = appraisal::participants(conn, branch_id, year)?;
    let records = appraisal::records(conn, branch_id, year)?;
    let best = people
        .iter()
        .filter(|m| m.voting)
        .map(|m| points.gained.get(&m.member_id).copied().unwrap_or(0.0))
        .fold(0.0_f64, f64::max);
    let mut rows: Vec<Row> = people
        .into_iter()
        .map(|m| {
            let r = records.get(&m.member_id).cloned().unwrap_or_default();
            let plus = points.gained.get(&m.member_id).copied().unwrap_or(0.0);
            let minus = points.lost.get(&m.member_id).copied().unwrap_or(0.0);
            let bonus = if best > 0.0 {
                tenth(guide.bonus_max * plus / best)
            } else {
                0.0
            };
            let poll = r.poll_score.unwrap_or(0.0).min(guide.poll_max);
            let score = tenth((guide.base + bonus + poll - minus).clamp(0.0, 100.0));
            Row {
                member_id: m.member_id,
                name: m.name,
                graded: m.voting,
                points: tenth(plus - minus),
                bonus: m.voting.then_some(bonus),
                deduction: m.voting.then_some(tenth(minus)),
                poll_score: r.poll_score,
                peer_score: r.peer_score,
                self_grade: r.self_grade,
                score: m.voting.then_some(score),
                suggested: None,
                grade: r.grade,
                decided_by: r.decided_by,
                note: r.note,
            }
        })
        .collect();
    // 优秀 is suggested to the best scores at or above its threshold, a third of those graded at most;
    // a score past the third is suggested 合格.
    let graded = rows.iter().filter(|r| r.graded).count();
    let mut by_score: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].graded).collect();
    by_score.sort_by(|&a, &b| rows[b].score.unwrap_or(0.0).total_cmp(&rows[a].score.unwrap_or(0.0)));
    let mut excellent = 0;
    for i in by_score {
        let score = rows[i].score.unwrap_or(0.0);
        rows[i].suggested = Some(match guide.grade_for(score) {
            AppraisalGrade::Excellent if excellent < excellent_cap(graded) => {
                excellent += 1;
                AppraisalGrade::Excellent
            }
            AppraisalGrade::Excellent => AppraisalGrade::Qualified,
            g => g,
        });
    }
    Ok(rows)
}
