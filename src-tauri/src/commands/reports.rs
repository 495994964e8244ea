//! 首页 and 报表: the dashboard, chart previews, and the exports, which run on a reader of their own
//! and report each sheet or chart as it is done.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use zhibu::analysis::compliance::{self, Compliance};
use zhibu::analysis::reports::{self, Dashboard};
use zhibu::io::charts::{self, Chart, ChartOptions};
use zhibu::io::export::{self, WorkbookOptions, WorkbookReport};
use zhibu::kernel::progress::Progress;
use zhibu::kernel::text::optional_date;
use zhibu::Result;

use crate::state::{today, AppState};

#[tauri::command(rename_all = "snake_case")]
pub async fn dashboard(state: State<'_, AppState>, today: Option<String>) -> Result<Dashboard> {
    let day = optional_date("日期", today.as_deref())?.unwrap_or_else(self::today);
    state
        .read(move |conn, branch_id| reports::dashboard(conn, branch_id, day))
        .await
}

/// The year's compliance calendar, judged as of today (or `as_of`).
#[tauri::command(rename_all = "snake_case")]
pub async fn compliance(state: State<'_, AppState>, year: i32, as_of: Option<String>) -> Result<Compliance> {
    let day = optional_date("日期", as_of.as_deref())?.unwrap_or_else(self::today);
    state
        .read(move |conn, branch_id| compliance::compliance(conn, branch_id, year, day))
        .await
}

#[derive(serde::Serialize)]
pub struct ChartPreview {
    file_name: &'static str,
    title: String,
    /// The PNG as a data URL, for an <img> under the strict CSP (img-src data:).
    data_url: String,
}

fn chart_options(year: i32, branch_id: i64, top: usize, anonymize: bool) -> ChartOptions {
    ChartOptions {
        top: top.max(1),
        anonymize,
        ..ChartOptions::new(year, branch_id)
    }
}

/// The previews' size: a quarter of a slide's pixels, drawn, sent and decoded in far less time. 演示模式
/// asks for the slides themselves (`full`).
const PREVIEW: (u32, u32) = (960, 540);

#[tauri::command(rename_all = "snake_case")]
pub async fn chart_previews(
    state: State<'_, AppState>,
    year: i32,
    top: usize,
    anonymize: bool,
    full: bool,
    on_progress: Channel<Progress>,
) -> Result<Vec<ChartPreview>> {
    use base64::Engine;
    let charts = state
        .read_kept(move |conn, branch_id, kept| {
            let opts = chart_options(year, branch_id, top, anonymize);
            let (width, height) = if full { (opts.width, opts.height) } else { PREVIEW };
            let opts = ChartOptions { width, height, ..opts };
            charts::render_slides(
                conn,
                &opts,
                &kept.charts,
                &kept.college,
                &mut super::forward(on_progress),
            )
        })
        .await?;
    Ok(charts
        .into_iter()
        .map(|c| ChartPreview {
            file_name: c.file_name,
            title: c.title,
            data_url: format!(
                "data:image/png;base64,{}",
                base64::engine::general_purpose::STANDARD.encode(&c.png)
            ),
        })
        .collect())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_charts(
    state: State<'_, AppState>,
    year: i32,
    dir: PathBuf,
    top: usize,
    anonymize: bool,
    on_progress: Channel<Progress>,
) -> Result<Vec<Chart>> {
    state
        .read(move |conn, branch_id| {
            let opts = chart_options(year, branch_id, top, anonymize);
            charts::write_all(conn, &opts, &dir, &mut super::forward(on_progress))
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_workbook(
    state: State<'_, AppState>,
    year: i32,
    out: PathBuf,
    include_sensitive: bool,
    include_details: bool,
    a3: bool,
    on_progress: Channel<Progress>,
) -> Result<WorkbookReport> {
    state
        .read(move |conn, branch_id| {
            let opts = WorkbookOptions {
                year,
                branch_id,
                include_sensitive,
                include_details,
                a3,
            };
            export::workbook(conn, opts, &out, &mut super::forward(on_progress))
        })
        .await
}

/// The year's 会议记录: one printed page per meeting.
#[tauri::command(rename_all = "snake_case")]
pub async fn export_minutes(
    state: State<'_, AppState>,
    year: i32,
    out: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<WorkbookReport> {
    state
        .read(move |conn, branch_id| {
            export::minutes::workbook(conn, branch_id, year, &out, &mut super::forward(on_progress))
        })
        .await
}
