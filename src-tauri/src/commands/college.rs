//! 党委: the ledger's branches compared with the college's own figures, and the college's book,
//! written on a reader of its own while the window goes on.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use zhibu::analysis::college::Overview;
use zhibu::io::export::{self, WorkbookReport};
use zhibu::kernel::progress::Progress;
use zhibu::Result;

use crate::state::{today, AppState};

#[tauri::command(rename_all = "snake_case")]
pub async fn college_overview(state: State<'_, AppState>, year: i32) -> Result<Overview> {
    state
        .read_kept(move |conn, _, kept| kept.college.overview(conn, year, today()))
        .await
}

/// 导出全院台账: every branch's figures and registers (`zhibu export college`), compliance judged today.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_college_workbook(
    state: State<'_, AppState>,
    year: i32,
    out: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<WorkbookReport> {
    state
        .read(move |conn, _| export::college::workbook(conn, year, today(), &out, &mut super::forward(on_progress)))
        .await
}
