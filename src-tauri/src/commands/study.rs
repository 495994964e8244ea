//! 学习: tasks, who completed them, each member's 学时.

use tauri::State;
use zhibu::domain::study::{self, MemberStudy, TaskInput, TaskMemberRow, TaskStat};
use zhibu::Result;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_study_tasks(state: State<'_, AppState>, year: i32) -> Result<Vec<TaskStat>> {
    state
        .read(move |conn, branch_id| study::task_stats(conn, Some(branch_id), year))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn study_task_members(state: State<'_, AppState>, task_id: i64) -> Result<Vec<TaskMemberRow>> {
    state
        .read(move |conn, branch_id| study::task_members(conn, branch_id, task_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_study_task(state: State<'_, AppState>, input: TaskInput) -> Result<TaskStat> {
    state
        .write(move |tx, branch_id| study::save_task(tx, branch_id, &input))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn record_study(
    state: State<'_, AppState>,
    task_id: i64,
    member_id: i64,
    completed_on: String,
    source: String,
) -> Result<TaskStat> {
    state
        .write(move |tx, branch_id| study::record_from_form(tx, branch_id, task_id, member_id, &completed_on, &source))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_study_record(state: State<'_, AppState>, task_id: i64, member_id: i64) -> Result<()> {
    state
        .write(move |tx, _| study::remove_completion(tx, task_id, member_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn member_study(state: State<'_, AppState>, year: i32) -> Result<Vec<MemberStudy>> {
    state
        .read(move |conn, branch_id| study::member_stats(conn, Some(branch_id), year))
        .await
}
