//! 党员: the roster, one member, saving, leaving.

use tauri::State;
use zhibu::domain::members::{self, Member, MemberFilter, MemberInput};
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
