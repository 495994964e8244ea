//! 先锋岗: kinds, posts, deeds, the year-end rating.

use tauri::State;
use zhibu::domain::pioneers::{self, Kind, Post, PostInput};
use zhibu::Result;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn pioneer_kinds(state: State<'_, AppState>) -> Result<Vec<Kind>> {
    state.read(pioneers::kinds).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_pioneer_kind(state: State<'_, AppState>, name: String) -> Result<Kind> {
    state
        .write(move |tx, branch_id| pioneers::add_kind(tx, branch_id, &name))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn delete_pioneer_kind(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.write(move |tx, _| pioneers::delete_kind(tx, id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_pioneer_posts(state: State<'_, AppState>, year: i32) -> Result<Vec<Post>> {
    state
        .read(move |conn, branch_id| pioneers::list(conn, branch_id, year))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn save_pioneer_post(state: State<'_, AppState>, input: PostInput) -> Result<Post> {
    state
        .write(move |tx, branch_id| pioneers::save_post(tx, branch_id, &input))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_pioneer_deed(
    state: State<'_, AppState>,
    post_id: i64,
    date: String,
    description: String,
) -> Result<Post> {
    state
        .write(move |tx, branch_id| pioneers::add_deed(tx, branch_id, post_id, &date, &description))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_pioneer_deed(state: State<'_, AppState>, id: i64) -> Result<()> {
    state.write(move |tx, _| pioneers::remove_deed(tx, id)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rate_pioneer_post(
    state: State<'_, AppState>,
    post_id: i64,
    rating: Option<String>,
    rated_on: Option<String>,
) -> Result<Post> {
    state
        .write(move |tx, branch_id| pioneers::rate(tx, branch_id, post_id, rating.as_deref(), rated_on.as_deref()))
        .await
}
