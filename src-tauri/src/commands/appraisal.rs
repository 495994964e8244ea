//! 民主评议, 谈心谈话 and 表彰: the year's appraisal sheet and the branch's decisions, the talks and
//! the honours.

use tauri::State;
use zhibu::analysis::appraisal::{self, Row};
use zhibu::domain::appraisal::{self as records, Fill, Scores};
use zhibu::domain::awards::{self, Award};
use zhibu::domain::talks::{self, HeartTalk, TalkData};
use zhibu::kernel::action::Action;
use zhibu::kernel::dates;
use zhibu::kernel::labels::{AppraisalGrade, AwardLevel};
use zhibu::kernel::text::{optional_date, required_date};
use zhibu::{Error, Result};

use crate::state::{today, AppState};

/// The year's points come kept: counted ahead when the ledger opened, or by 报表's ranking.
#[tauri::command(rename_all = "snake_case")]
pub async fn appraisal_sheet(state: State<'_, AppState>, year: i32) -> Result<Vec<Row>> {
    state
        .read_kept(move |conn, branch_id, kept| {
            let points = kept.charts.points.year(conn, branch_id, year)?;
            appraisal::sheet_from(conn, branch_id, year, &points)
        })
        .await
}

/// The 自评, 互评, 测评 and 备注 of a member's row as the sheet shows it (null clears a field).
#[tauri::command(rename_all = "snake_case")]
pub async fn save_appraisal_scores(
    state: State<'_, AppState>,
    member_id: i64,
    year: i32,
    self_grade: Option<String>,
    peer_score: Option<f64>,
    poll_score: Option<f64>,
    note: Option<String>,
) -> Result<Action> {
    let self_grade = self_grade
        .filter(|g| !g.trim().is_empty())
        .map(|g| grade(&g))
        .transpose()?;
    state
        .write(move |tx, branch_id| {
            let scores = Scores {
                self_grade,
                peer_score,
                poll_score,
                note,
            };
            records::score(tx, branch_id, member_id, year, &scores, Fill::Replace)
        })
        .await
}

/// The branch's grade for a member (null takes it back); 优秀 within a third of those graded.
#[tauri::command(rename_all = "snake_case")]
pub async fn decide_appraisal(
    state: State<'_, AppState>,
    member_id: i64,
    year: i32,
    grade: Option<String>,
    decided_by: String,
) -> Result<Action> {
    let grade = grade
        .filter(|g| !g.trim().is_empty())
        .map(|g| self::grade(&g))
        .transpose()?;
    state
        .write(move |tx, branch_id| records::decide(tx, branch_id, member_id, year, grade, &decided_by, today()))
        .await
}

/// The most 优秀 allowed among `graded` members: the sheet's counter asks the core for the rule.
/// Async so it answers off the main thread, which may be busy painting.
#[tauri::command(rename_all = "snake_case")]
pub async fn excellent_cap(graded: usize) -> usize {
    records::excellent_cap(graded)
}

fn grade(text: &str) -> Result<AppraisalGrade> {
    AppraisalGrade::parse(text)
        .ok_or_else(|| Error::invalid(format!("等次：无法识别“{text}”，应为 优秀、合格、基本合格 或 不合格")))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_heart_talks(state: State<'_, AppState>, year: i32) -> Result<Vec<HeartTalk>> {
    let (from, to) = dates::year_bounds(year)?;
    state
        .read(move |conn, branch_id| talks::list(conn, branch_id, from, to))
        .await
}

/// A 谈心谈话 from the form: the talker a member (`talker_id`) or anyone named (`talker`).
#[tauri::command(rename_all = "snake_case")]
pub async fn add_heart_talk(
    state: State<'_, AppState>,
    date: String,
    talker: String,
    talker_id: Option<i64>,
    parties: Vec<i64>,
    topic: Option<String>,
    follow_up: Option<String>,
) -> Result<Action> {
    let date = required_date("日期", Some(&date))?;
    state
        .write(move |tx, branch_id| {
            let data = TalkData {
                date,
                talker,
                talker_id,
                parties,
                topic,
                follow_up,
            };
            // Each talk entered in the form is one more.
            talks::add(tx, branch_id, &data, usize::MAX)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_awards(state: State<'_, AppState>, year: i32) -> Result<Vec<Award>> {
    let (from, to) = dates::year_bounds(year)?;
    state
        .read(move |conn, branch_id| awards::list(conn, branch_id, from, to))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_award(
    state: State<'_, AppState>,
    member_id: i64,
    date: Option<String>,
    level: String,
    title: String,
) -> Result<Action> {
    let date = optional_date("日期", date.as_deref())?.unwrap_or_else(today);
    let level = AwardLevel::parse(&level)
        .ok_or_else(|| Error::invalid(format!("级别：无法识别“{level}”，应为 校级、市级、省级 或 国家级")))?;
    state
        .write(move |tx, _| awards::add(tx, member_id, date, level, &title, usize::MAX))
        .await
}
