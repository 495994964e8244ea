//! 支部上报: the branch's year out as one file for the 党委; a branch's file into the 党委's ledger
//! (checked first; asked before it replaces what was received); what was received.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use zhibu::io::package::{self, Consent, ExportReport, Plan, Received};
use zhibu::kernel::progress::Progress;
use zhibu::Result;

use crate::state::AppState;

/// The open branch's `year` as a package at `out`. The export vouches for the rows in the audit
/// log, so it is a write: it takes the writer.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_package(
    state: State<'_, AppState>,
    year: i32,
    out: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<ExportReport> {
    state
        .with_writer(move |ledger, branch_id| {
            package::export(ledger, branch_id, year, &out, &mut super::forward(on_progress))
        })
        .await
}

/// A branch's package into this ledger. Unconfirmed, it stops before replacing anything and returns
/// the plan (`applied: false`) for the window to ask; confirmed, it goes in.
#[tauri::command(rename_all = "snake_case")]
pub async fn import_package(
    state: State<'_, AppState>,
    path: PathBuf,
    confirmed: bool,
    on_progress: Channel<Progress>,
) -> Result<Plan> {
    let consent = if confirmed { Consent::Confirmed } else { Consent::Ask };
    state
        .with_writer(move |ledger, _| package::import(ledger, &path, consent, &mut super::forward(on_progress)))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn list_packages(state: State<'_, AppState>, year: i32) -> Result<Vec<Received>> {
    state.read(move |conn, _| package::received(conn, year)).await
}
