//! The open ledger: which file, which branch, the UI's vocabulary, backups.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use zhibu::domain::org::{self, LedgerInfo};
use zhibu::io::vocabulary::{self, Vocabulary};
use zhibu::kernel::progress::Progress;
use zhibu::{store, Ledger, Result};

use crate::state::{off_main, today, AppState};

#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_info(state: State<'_, AppState>) -> Result<LedgerInfo> {
    let session = state.session()?;
    off_main(move || session.info(today())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn open_ledger(state: State<'_, AppState>, path: PathBuf) -> Result<LedgerInfo> {
    let ledger = off_main(move || Ledger::open(&path)).await?;
    let session = state.replace(ledger)?;
    off_main(move || session.info(today())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_ledger(
    state: State<'_, AppState>,
    path: PathBuf,
    branch: String,
    parent: Option<String>,
) -> Result<LedgerInfo> {
    let ledger = off_main(move || org::new_ledger(&path, &branch, parent.as_deref())).await?;
    let session = state.replace(ledger)?;
    off_main(move || session.info(today())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn select_branch(state: State<'_, AppState>, id: i64) -> Result<LedgerInfo> {
    let session = state.select_branch(id)?;
    off_main(move || session.info(today())).await
}

#[tauri::command(rename_all = "snake_case")]
pub fn vocabulary() -> Vocabulary {
    vocabulary::vocabulary()
}

/// A consistent copy of the ledger and its attachments, taken from a reader while the app works on.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_ledger(state: State<'_, AppState>, out: PathBuf, on_progress: Channel<Progress>) -> Result<()> {
    let session = state.session()?;
    let path = session.path().to_path_buf();
    off_main(move || session.read(|conn, _| store::backup(conn, &path, &out, &mut super::forward(on_progress)))).await
}
