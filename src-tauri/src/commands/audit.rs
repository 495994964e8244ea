//! 设置 → 审计日志: the log a page at a time, newest first, and the whole of it as a workbook.

use std::path::PathBuf;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use zhibu::io::export::{self, WorkbookReport};
use zhibu::kernel::progress::Progress;
use zhibu::store::audit::{self, Entry};
use zhibu::Result;

use crate::state::AppState;

#[derive(Serialize)]
pub struct AuditPage {
    /// Entries in the whole log.
    total: i64,
    entries: Vec<AuditEntry>,
}

/// An entry with its operation in words (新增, 修改…), as the core names it.
#[derive(Serialize)]
pub struct AuditEntry {
    #[serde(flatten)]
    entry: Entry,
    op_label: &'static str,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn audit_log(state: State<'_, AppState>, offset: i64, limit: i64) -> Result<AuditPage> {
    state
        .read(move |conn, _| {
            let entries = audit::entries(conn, offset, limit)?
                .into_iter()
                .map(|entry| AuditEntry {
                    op_label: entry.op.label(),
                    entry,
                })
                .collect();
            Ok(AuditPage {
                total: audit::count(conn)?,
                entries,
            })
        })
        .await
}

/// The whole log, oldest first, as a workbook.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_audit_log(
    state: State<'_, AppState>,
    out: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<WorkbookReport> {
    state
        .read(move |conn, _| export::audit::workbook(conn, &out, &mut super::forward(on_progress)))
        .await
}
