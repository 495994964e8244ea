//! 导入: preview a spreadsheet, then apply it whole; progress row by row.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use zhibu::io::import::{self, ImportKind, ImportReport};
use zhibu::kernel::progress::Progress;
use zhibu::Result;

use crate::state::AppState;

#[tauri::command(rename_all = "snake_case")]
pub async fn import_preview(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<ImportReport> {
    run(state, kind, path, true, on_progress).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn import_apply(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<ImportReport> {
    run(state, kind, path, false, on_progress).await
}

async fn run(
    state: State<'_, AppState>,
    kind: String,
    path: PathBuf,
    dry_run: bool,
    on_progress: Channel<Progress>,
) -> Result<ImportReport> {
    let kind = ImportKind::parse(&kind)?;
    let report = state
        .with_writer(move |ledger, branch_id| {
            import::run(
                ledger,
                branch_id,
                kind,
                &path,
                dry_run,
                &mut super::forward(on_progress),
            )
        })
        .await?;
    if report.applied {
        state.checkpoint_later();
    }
    Ok(report)
}
