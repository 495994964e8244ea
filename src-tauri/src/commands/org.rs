//! 设置 → 支部: the branch, its 党小组 and its 支委.

use tauri::State;
use zhibu::domain::org::{self, Branch, BranchInput, CommitteeInput, CommitteeSeat, Group, GroupInput};
use zhibu::Result;

use crate::state::{today, AppState};

#[tauri::command(rename_all = "snake_case")]
pub async fn update_branch(state: State<'_, AppState>, input: BranchInput) -> Result<Branch> {
    state.write(move |tx, _| org::update(tx, &input)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_groups(state: State<'_, AppState>) -> Result<Vec<Group>> {
    state.read(org::list_groups).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_group(state: State<'_, AppState>, input: GroupInput) -> Result<Group> {
    state
        .write(move |tx, branch_id| org::save_group(tx, branch_id, &input))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_group(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.write(move |tx, _| org::delete_group(tx, id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_committee(state: State<'_, AppState>) -> Result<Vec<CommitteeSeat>> {
    state
        .read(|conn, branch_id| org::list_committee(conn, branch_id, today()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_committee_role(state: State<'_, AppState>, input: CommitteeInput) -> Result<CommitteeSeat> {
    state
        .write(move |tx, branch_id| org::save_committee_role(tx, branch_id, &input, today()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_committee_role(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.write(move |tx, _| org::delete_committee_role(tx, id)).await
}
