//! 组织生活: the list, one activity with its roll, saving, deleting, attachments.

use std::path::PathBuf;

use tauri::State;
use zhibu::domain::activities::{self, Activity, ActivityInput, ActivitySummary, Attachment, Roll};
use zhibu::kernel::dates;
use zhibu::{store, Result};

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn list_activities(
    state: State<'_, AppState>,
    year: i32,
    month: Option<u32>,
) -> Result<Vec<ActivitySummary>> {
    let (from, to) = match month {
        Some(m) => dates::month_bounds(year, m)?,
        None => dates::year_bounds(year)?,
    };
    state
        .read(move |conn, branch_id| activities::list(conn, Some(branch_id), from, to))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn get_activity(state: State<'_, AppState>, id: i64) -> Result<Activity> {
    let dir = store::attachments_dir_for(state.session()?.path());
    state.read(move |conn, _| activities::get(conn, &dir, id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn activity_roll(
    state: State<'_, AppState>,
    date: String,
    kinds: Vec<String>,
    group_id: Option<i64>,
    activity_id: Option<i64>,
) -> Result<Roll> {
    state
        .read(move |conn, branch_id| activities::roll_preview(conn, branch_id, &date, &kinds, group_id, activity_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_activity(state: State<'_, AppState>, input: ActivityInput) -> Result<Activity> {
    state
        .write(move |tx, branch_id| activities::save(tx, branch_id, &input))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_activity(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.write(move |tx, _| activities::delete(tx, id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_attachment(state: State<'_, AppState>, activity_id: i64, source: PathBuf) -> Result<Attachment> {
    state
        .write(move |tx, _| {
            let body = zhibu::io::extract::text_of(&source);
            activities::add_attachment(tx, activity_id, &source, body.as_deref())
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_attachment(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.write(move |tx, _| activities::remove_attachment(tx, id)).await
}
