//! The 数字党建园地: the months and modules, resources, announcements, polls, the 资讯轮值, search,
//! the 关注名单 and the 佐证材料 folder. A file's text is read (for search) before the write begins.

use std::path::PathBuf;

use tauri::ipc::Channel;
use tauri::State;
use zhibu::analysis::attention::{self, Attention};
use zhibu::analysis::garden::{self as view, Garden};
use zhibu::domain::garden::{self, Module, ResourceInput};
use zhibu::domain::polls::{self, Poll, PollInput};
use zhibu::domain::rota::{self, Length, Turn};
use zhibu::domain::rules;
use zhibu::domain::search::{self, Hit};
use zhibu::io::export::evidence::{self, EvidenceReport};
use zhibu::io::extract;
use zhibu::io::import::resources::{self, FolderReport};
use zhibu::kernel::progress::Progress;
use zhibu::kernel::text::{optional_date, required_date};
use zhibu::{store, Error, Result};

use crate::state::{off_main, today, AppState};

fn attachments_dir(state: &AppState) -> Result<PathBuf> {
    Ok(store::attachments_dir_for(state.session()?.path()))
}

/// The year's twelve monthly modules (or one month) and the extension modules.
#[tauri::command(rename_all = "snake_case")]
pub async fn garden_year(state: State<'_, AppState>, year: i32, month: Option<u32>) -> Result<Garden> {
    let dir = attachments_dir(&state)?;
    state
        .read(move |conn, branch_id| view::year(conn, &dir, branch_id, year, month, None))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn garden_modules(state: State<'_, AppState>) -> Result<Vec<Module>> {
    state.read(|conn, _| garden::modules(conn)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_garden_module(state: State<'_, AppState>, name: String) -> Result<Module> {
    state.write(move |tx, _| garden::add_module(tx, &name)).await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_garden_module(state: State<'_, AppState>, name: String) -> Result<()> {
    state.write(move |tx, _| garden::remove_module(tx, &name)).await
}

/// Adds a resource (a file copied into the ledger, or a link); returns its id.
#[tauri::command(rename_all = "snake_case")]
pub async fn add_resource(state: State<'_, AppState>, input: ResourceInput) -> Result<i64> {
    let file = input.file.clone();
    let body = off_main(move || Ok(file.as_deref().and_then(extract::text_of))).await?;
    state
        .write(move |tx, branch_id| garden::add_resource(tx, branch_id, &input, body.as_deref()).map(|r| r.0))
        .await
}

/// Opens a resource's copy or link with the system's program.
#[tauri::command(rename_all = "snake_case")]
pub async fn open_resource(state: State<'_, AppState>, id: i64) -> Result<()> {
    let dir = attachments_dir(&state)?;
    let target = state
        .read(move |conn, branch_id| garden::opens(conn, &dir, branch_id, id))
        .await?;
    let opened = match target {
        garden::Opens::File(path) => tauri_plugin_opener::open_path(path, None::<&str>),
        garden::Opens::Link(url) => tauri_plugin_opener::open_url(url, None::<&str>),
    };
    opened.map_err(|_| Error::Io(std::io::Error::other("没有找到能打开它的程序")))
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_resource(state: State<'_, AppState>, id: i64) -> Result<()> {
    state
        .write(move |tx, branch_id| garden::remove_resource(tx, branch_id, id))
        .await
}

/// Every file of a folder as a resource (all or nothing).
#[tauri::command(rename_all = "snake_case")]
pub async fn import_resource_folder(
    state: State<'_, AppState>,
    dir: PathBuf,
    date: Option<String>,
    module: Option<String>,
) -> Result<FolderReport> {
    let date = optional_date("日期", date.as_deref())?;
    state
        .with_writer(move |ledger, branch_id| {
            resources::import_folder(ledger, branch_id, &dir, date, module.as_deref())
        })
        .await
}

/// Posts an announcement with its attachments; returns its id.
#[tauri::command(rename_all = "snake_case")]
pub async fn announce(
    state: State<'_, AppState>,
    date: String,
    title: String,
    body: Option<String>,
    files: Vec<PathBuf>,
) -> Result<i64> {
    let files = off_main(move || Ok(extract::with_text(files))).await?;
    state
        .write(move |tx, branch_id| {
            garden::announce(tx, branch_id, &date, &title, body.as_deref(), &files).map(|r| r.0)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_announcement(state: State<'_, AppState>, id: i64) -> Result<()> {
    state
        .write(move |tx, branch_id| garden::remove_announcement(tx, branch_id, id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn create_poll(state: State<'_, AppState>, input: PollInput) -> Result<Poll> {
    state
        .write(move |tx, branch_id| {
            let id = polls::create(tx, branch_id, &input)?;
            polls::get(tx, branch_id, id)
        })
        .await
}

/// A member's vote (replacing theirs), dated today unless `date` is given.
#[tauri::command(rename_all = "snake_case")]
pub async fn vote_poll(
    state: State<'_, AppState>,
    poll_id: i64,
    member_id: i64,
    choices: Vec<String>,
    date: Option<String>,
) -> Result<Poll> {
    let on = optional_date("日期", date.as_deref())?.unwrap_or_else(today);
    state
        .write(move |tx, branch_id| {
            polls::vote(tx, branch_id, poll_id, member_id, &choices, on)?;
            polls::get(tx, branch_id, poll_id)
        })
        .await
}

/// A total counted elsewhere for one option (null clears it).
#[tauri::command(rename_all = "snake_case")]
pub async fn count_poll(state: State<'_, AppState>, poll_id: i64, option: String, votes: Option<i64>) -> Result<Poll> {
    state
        .write(move |tx, branch_id| {
            polls::count(tx, branch_id, poll_id, &option, votes)?;
            polls::get(tx, branch_id, poll_id)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn close_poll(state: State<'_, AppState>, poll_id: i64, date: String) -> Result<Poll> {
    let on = required_date("截止日期", Some(&date))?;
    state
        .write(move |tx, branch_id| {
            polls::close(tx, branch_id, poll_id, on)?;
            polls::get(tx, branch_id, poll_id)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn remove_poll(state: State<'_, AppState>, poll_id: i64) -> Result<()> {
    state
        .write(move |tx, branch_id| polls::remove(tx, branch_id, poll_id))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn rota_turns(state: State<'_, AppState>, year: i32) -> Result<Vec<Turn>> {
    let (from, to) = zhibu::kernel::dates::year_bounds(year)?;
    state
        .read(move |conn, branch_id| rota::turns(conn, branch_id, from, to))
        .await
}

/// The turn covering today (or `date`): 首页's “本周资讯轮值”.
#[tauri::command(rename_all = "snake_case")]
pub async fn rota_now(state: State<'_, AppState>, date: Option<String>) -> Result<Option<Turn>> {
    let day = optional_date("日期", date.as_deref())?.unwrap_or_else(today);
    state
        .read(move |conn, branch_id| rota::turn_on(conn, branch_id, day))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn deal_rota(
    state: State<'_, AppState>,
    from: String,
    count: u32,
    length: String,
    topic: Option<String>,
) -> Result<Vec<Turn>> {
    let from = required_date("开始日期", Some(&from))?;
    let length = Length::parse(&length).ok_or_else(|| Error::invalid(format!("每期长度：无法识别“{length}”")))?;
    state
        .write(move |tx, branch_id| rota::deal(tx, branch_id, from, count, length, topic.as_deref()))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn add_news_item(
    state: State<'_, AppState>,
    date: String,
    title: String,
    link: Option<String>,
    note: Option<String>,
) -> Result<i64> {
    let day = required_date("日期", Some(&date))?;
    state
        .write(move |tx, branch_id| {
            rota::add_item(tx, branch_id, day, None, &title, link.as_deref(), note.as_deref()).map(|r| r.0)
        })
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn clear_rota(state: State<'_, AppState>, from: String) -> Result<usize> {
    let from = required_date("日期", Some(&from))?;
    state
        .write(move |tx, branch_id| rota::clear_from(tx, branch_id, from))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn search_ledger(state: State<'_, AppState>, query: String) -> Result<Vec<Hit>> {
    state
        .read(move |conn, branch_id| search::search(conn, Some(branch_id), &query))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn attention_list(state: State<'_, AppState>, year: i32, as_of: Option<String>) -> Result<Attention> {
    let day = optional_date("日期", as_of.as_deref())?.unwrap_or_else(today);
    state
        .read(move |conn, branch_id| attention::attention(conn, branch_id, year, day))
        .await
}

/// Sets the 关注名单's task-completion threshold, as a percentage; returns it as 0–1.
#[tauri::command(rename_all = "snake_case")]
pub async fn set_attention_threshold(state: State<'_, AppState>, percent: f64) -> Result<f64> {
    state
        .write(move |tx, _| rules::set_attention_threshold(tx, percent))
        .await
}

#[tauri::command(rename_all = "snake_case")]
pub async fn export_evidence(
    state: State<'_, AppState>,
    year: i32,
    out: PathBuf,
    on_progress: Channel<Progress>,
) -> Result<EvidenceReport> {
    let dir = attachments_dir(&state)?;
    state
        .read(move |conn, branch_id| {
            evidence::write(conn, &dir, branch_id, year, &out, &mut super::forward(on_progress))
        })
        .await
}
