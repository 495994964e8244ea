//! The configurable rules besides the points (设置): the 组织生活 calendar and the 民主评议 guide,
//! each a dated version; and the 党员大会 verdict the meeting form shows while the roll is called.

use tauri::State;
use zhibu::domain::activities::{judge, Seat, Verdict};
use zhibu::domain::rules::{self, AllRules, Guide, GuideInput, LifeRules, LifeRulesInput};
use zhibu::kernel::labels::ActivityKind;
use zhibu::Result;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn life_rules(state: State<'_, AppState>) -> Result<AllRules> {
    state.read(|conn, _| rules::all(conn)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_life_rules(state: State<'_, AppState>, input: LifeRulesInput) -> Result<LifeRules> {
    state.write(move |tx, _| rules::save_life_rules(tx, &input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_appraisal_guide(state: State<'_, AppState>, input: GuideInput) -> Result<Guide> {
    state.write(move |tx, _| rules::save_guide(tx, &input)).await
}

/// The guide a year's 民主评议 uses, for the sheet's explanation.
#[tauri::command(rename_all = "snake_case")]
pub async fn appraisal_guide(state: State<'_, AppState>, year: i32) -> Result<Guide> {
    state.read(move |conn, _| rules::guide_for(conn, year)).await
}

/// The verdict of a 党员大会 or 支委会 from the roll as the form holds it (null for other kinds): who
/// counts and the quorum are the core's.
/// Async so it answers off the main thread, which may be busy painting.
#[tauri::command(rename_all = "snake_case")]
pub async fn meeting_verdict(
    kinds: Vec<String>,
    seats: Vec<Seat>,
    election: bool,
    votes_yes: Option<i64>,
) -> Option<Verdict> {
    let kinds: Vec<ActivityKind> = kinds.iter().filter_map(|k| ActivityKind::parse(k)).collect();
    judge(&kinds, &seats, election, votes_yes)
}
