//! 积分: rankings, explanations, adjustments, the dated rule sets.

use tauri::State;
use zhibu::analysis::points::{self, Explanation, Standing};
use zhibu::domain::points::{self as rules, RuleInput, RuleSet};
use zhibu::kernel::action::Action;
use zhibu::Result;

use crate::state::AppState;

/// From the year's points kept (counted ahead when the ledger opened).
#[tauri::command(rename_all = "snake_case")]
pub async fn points_ranking(state: State<'_, AppState>, year: i32, month: Option<u32>) -> Result<Vec<Standing>> {
    state
        .read_kept(move |conn, branch_id, kept| kept.charts.points.ranking(conn, branch_id, year, month))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn points_explain(
    state: State<'_, AppState>,
    member_id: i64,
    year: i32,
    month: Option<u32>,
) -> Result<Explanation> {
    let (from, to) = points::period(year, month)?;
    state
        .read(move |conn, branch_id| points::explain(conn, branch_id, member_id, from, to))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_point_adjustment(
    state: State<'_, AppState>,
    member_id: i64,
    date: String,
    points: f64,
    reason: String,
) -> Result<Action> {
    state
        .write(move |tx, _| rules::adjust_from_form(tx, member_id, &date, points, &reason))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn point_rule_sets(state: State<'_, AppState>) -> Result<Vec<RuleSet>> {
    state.read(|conn, _| rules::rule_sets(conn)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_point_rules(
    state: State<'_, AppState>,
    effective_from: String,
    note: Option<String>,
    rules: Vec<RuleInput>,
) -> Result<RuleSet> {
    state
        .write(move |tx, _| self::rules::save_rules_from_form(tx, &effective_from, note.as_deref(), &rules))
        .await
}
