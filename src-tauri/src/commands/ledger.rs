//! The open ledger: which file, which branch, the UI's vocabulary, backups and restoring one.

use std::path::PathBuf;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use zhibu::domain::org::{self, LedgerInfo};
use zhibu::io::vocabulary::{self, Vocabulary};
use zhibu::kernel::progress::Progress;
use zhibu::store::backups::{self, BackupInfo};
use zhibu::{store, Result};

use crate::state::{off_main, today, AppState, Unopened};

#[tauri::command(rename_all = "snake_case")]
pub async fn ledger_info(state: State<'_, AppState>) -> Result<LedgerInfo> {
    let session = state.session()?;
    off_main(move || session.info(today())).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn open_ledger(state: State<'_, AppState>, path: PathBuf) -> Result<LedgerInfo> {
    let session = state.open(path).await?;
    off_main(move || session.info(today())).await
}

/// Opens the encrypted ledger at `path` with `password`, kept in this process's memory only.
#[tauri::command(rename_all = "snake_case")]
pub async fn unlock_ledger(state: State<'_, AppState>, path: PathBuf, password: String) -> Result<LedgerInfo> {
    store::crypto::set_password(Some(password));
    let opened = state.open(path.clone()).await;
    if let Err(e) = &opened {
        state.not_opened(&path, e);
    }
    let session = opened?;
    off_main(move || session.info(today())).await
}

/// Encrypts the open ledger and its backups with `password` (typed twice), or takes the encryption
/// off when `password` is `None`.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_ledger_password(
    state: State<'_, AppState>,
    password: Option<String>,
    again: Option<String>,
) -> Result<LedgerInfo> {
    if let Some(p) = &password {
        store::crypto::check_new_password(p, again.as_deref().unwrap_or(""))?;
    }
    let (session, ()) = state
        .on_closed_file(move |path| backups::set_encryption(path, password.as_deref()))
        .await?;
    off_main(move || session.info(today())).await
}

/// Why no ledger is open though the app tried one (another window is changing it), for 设置.
#[tauri::command(rename_all = "snake_case")]
pub fn unopened_ledger(state: State<'_, AppState>) -> Option<Unopened> {
    state.unopened()
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

/// Async so it answers off the main thread, which may be busy painting.
#[tauri::command(rename_all = "snake_case")]
pub async fn vocabulary() -> Vocabulary {
    vocabulary::vocabulary()
}

/// A consistent copy of the ledger and its attachments, taken from a reader while the app works on.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_ledger(state: State<'_, AppState>, out: PathBuf, on_progress: Channel<Progress>) -> Result<()> {
    let session = state.session()?;
    let path = session.path().to_path_buf();
    off_main(move || session.read(|conn, _| store::backup(conn, &path, &out, &mut super::forward(on_progress)))).await
}

/// The rolling backups beside the ledger: where they are, how many are kept, what each holds.
#[derive(Serialize)]
pub struct Backups {
    dir: PathBuf,
    keep: u32,
    /// Newest first.
    backups: Vec<BackupInfo>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_backups(state: State<'_, AppState>) -> Result<Backups> {
    let session = state.session()?;
    off_main(move || {
        Ok(Backups {
            dir: backups::dir_for(session.path()),
            keep: session.read(|conn, _| backups::keep(conn))?,
            backups: backups::list(session.path())?,
        })
    })
    .await
}

/// What a ledger file chosen to restore from holds, read without changing it.
#[tauri::command(rename_all = "snake_case")]
pub async fn inspect_backup(path: PathBuf) -> Result<BackupInfo> {
    off_main(move || backups::inspect(&path)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn set_backup_keep(state: State<'_, AppState>, count: u32) -> Result<u32> {
    state.write(move |tx, _| backups::set_keep(tx, count)).await
}

#[derive(Serialize)]
pub struct Restored {
    info: LedgerInfo,
    /// Where the ledger as it was before the restore was copied.
    safety_copy: PathBuf,
}

/// Puts a backup back as the ledger, after a backup of the ledger as it is, and opens it again.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_ledger(
    state: State<'_, AppState>,
    from: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<Restored> {
    let (session, safety_copy) = state.restore(from, super::forward(on_progress)).await?;
    let info = off_main(move || session.info(today())).await?;
    Ok(Restored { info, safety_copy })
}
