//! 党员: the roster, one member, saving, leaving.

use tauri::State;
use zhibu::domain::members::{self, history, Member, MemberFilter, MemberInput};
use zhibu::Result;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_members(state: State<'_, AppState>, filter: Option<MemberFilter>) -> Result<Vec<Member>> {
    state
        .read(move |conn, branch_id| members::list_masked(conn, branch_id, &filter.unwrap_or_default()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_member(state: State<'_, AppState>, id: i64, reveal: bool) -> Result<Member> {
    state.read(move |conn, _| members::get_shown(conn, id, reveal)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_member(state: State<'_, AppState>, input: MemberInput) -> Result<Member> {
    state
        .write(move |tx, branch_id| members::save(tx, branch_id, &input))
        .await
}

/// 调整党小组 from a date (`group_id` null: to none).
#[tauri::command(rename_all = "snake_case")]
pub async fn move_member(state: State<'_, AppState>, id: i64, group_id: Option<i64>, from: String) -> Result<Member> {
    state
        .write(move |tx, _| members::move_group(tx, id, group_id, &from))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn regularize_member(state: State<'_, AppState>, id: i64, on: String) -> Result<Member> {
    state.write(move |tx, _| members::regularize(tx, id, &on)).await
}

/// 延长预备期: once, by 6 to 12 months.
#[tauri::command(rename_all = "snake_case")]
pub async fn extend_probation(
    state: State<'_, AppState>,
    id: i64,
    decided_on: String,
    until: String,
) -> Result<Member> {
    state
        .write(move |tx, _| members::extend_probation(tx, id, &decided_on, &until))
        .await
}

/// 转入: a member who left arrives again on `on`, from `came_from`.
#[tauri::command(rename_all = "snake_case")]
pub async fn transfer_member_in(
    state: State<'_, AppState>,
    id: i64,
    on: String,
    came_from: Option<String>,
) -> Result<Member> {
    state
        .write(move |tx, branch_id| members::transfer_in(tx, id, branch_id, &on, came_from.as_deref()))
        .await
}

/// The member's periods on the roll and 党小组 assignments, for the record's history.
#[tauri::command(rename_all = "snake_case")]
pub async fn member_history(state: State<'_, AppState>, id: i64) -> Result<MemberHistory> {
    state
        .read(move |conn, _| {
            Ok(MemberHistory {
                periods: history::periods(conn, id)?,
                groups: history::assignments(conn, id)?,
            })
        })
        .await
}

#[derive(serde::Serialize)]
pub struct MemberHistory {
    periods: Vec<history::Period>,
    groups: Vec<history::Assignment>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn leave_member(
    state: State<'_, AppState>,
    id: i64,
    status: String,
    left_on: Option<String>,
    left_to: Option<String>,
) -> Result<Member> {
    state
        .write(move |tx, _| members::leave(tx, id, &status, left_on.as_deref(), left_to.as_deref()))
        .await
}
