//! The desktop shell: a window around the core. Commands live in `commands/`, one file per domain,
//! each a few lines over one core call; `state` holds the open ledger and runs every command off
//! the window's thread. Rules and SQL live in the `zhibu` crate.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod state;

use std::path::{Path, PathBuf};

use commands::{
    activities, appraisal, audit, college, garden, imports, ledger, members, org, packages, pioneers, points, reports,
    rules, study,
};
use state::AppState;
use zhibu::store;

/// `--ledger FILE` on the command line, else `ZHIBU_LEDGER`, else the default in the data folder.
fn ledger_path_from_args() -> PathBuf {
    let args: Vec<String> = std::env::args().collect();
    let explicit = args
        .iter()
        .position(|a| a == "--ledger")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--ledger=").map(PathBuf::from)));
    store::resolve_path(explicit.as_deref())
}

fn open_at_start(state: &AppState, path: &Path) {
    store::set_origin("桌面");
    // The rolling backup of each opening is AppState::replace's, off the window's path. A ledger
    // that cannot be opened (another window is changing it, it is damaged) leaves the app running
    // with none: 设置 says why and can open or create one.
    if let Err(e) = zhibu::domain::org::open_or_new_ledger(path).and_then(|l| state.replace(l)) {
        state.not_opened(path, &e);
        eprintln!("无法打开台账 {}：{e}", path.display());
    }
}

/// Logs go to the app's log folder (`%APPDATA%\cn.zhibu.desktop\logs` on Windows), one file a day,
/// the last 14 kept; `RUST_LOG` sets the level (default `info`). Lines carry ids, counts and
/// timings, never personal data. The guard flushes the file when the app ends.
fn init_logging(dir: Option<PathBuf>) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("zhibu")
        .filename_suffix("log")
        .max_log_files(14)
        .build(dir?)
        .ok()?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}

fn main() {
    zhibu::store::memory::allocate_through_mimalloc();
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::default())
        .setup(|app| {
            use tauri::Manager;
            if let Some(guard) = init_logging(app.path().app_log_dir().ok()) {
                app.manage(guard);
            }
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "zhibu-desktop started");
            open_at_start(&app.state::<AppState>(), &ledger_path_from_args());
            state::back_up_daily(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            ledger::ledger_info,
            ledger::open_ledger,
            ledger::create_ledger,
            ledger::select_branch,
            ledger::vocabulary,
            ledger::backup_ledger,
            ledger::unopened_ledger,
            ledger::unlock_ledger,
            ledger::set_ledger_password,
            ledger::list_backups,
            ledger::inspect_backup,
            ledger::set_backup_keep,
            ledger::restore_ledger,
            audit::audit_log,
            audit::export_audit_log,
            reports::dashboard,
            reports::compliance,
            appraisal::appraisal_sheet,
            appraisal::save_appraisal_scores,
            appraisal::decide_appraisal,
            appraisal::excellent_cap,
            appraisal::list_heart_talks,
            appraisal::add_heart_talk,
            appraisal::list_awards,
            appraisal::add_award,
            members::list_members,
            members::get_member,
            members::save_member,
            members::leave_member,
            members::move_member,
            members::regularize_member,
            members::extend_probation,
            members::transfer_member_in,
            members::member_history,
            activities::list_activities,
            activities::get_activity,
            activities::activity_roll,
            activities::save_activity,
            activities::delete_activity,
            activities::add_attachment,
            activities::remove_attachment,
            imports::import_preview,
            imports::import_apply,
            org::update_branch,
            org::list_groups,
            org::save_group,
            org::delete_group,
            org::list_committee,
            org::save_committee_role,
            org::delete_committee_role,
            study::list_study_tasks,
            study::study_task_members,
            study::save_study_task,
            study::record_study,
            study::remove_study_record,
            study::member_study,
            points::points_ranking,
            points::points_explain,
            points::add_point_adjustment,
            points::point_rule_sets,
            points::save_point_rules,
            college::college_overview,
            college::export_college_workbook,
            garden::garden_year,
            garden::garden_modules,
            garden::add_garden_module,
            garden::remove_garden_module,
            garden::add_resource,
            garden::open_resource,
            garden::remove_resource,
            garden::import_resource_folder,
            garden::announce,
            garden::remove_announcement,
            garden::create_poll,
            garden::vote_poll,
            garden::count_poll,
            garden::close_poll,
            garden::remove_poll,
            garden::rota_turns,
            garden::rota_now,
            garden::deal_rota,
            garden::add_news_item,
            garden::clear_rota,
            garden::search_ledger,
            garden::attention_list,
            garden::set_attention_threshold,
            garden::export_evidence,
            rules::life_rules,
            rules::save_life_rules,
            rules::save_appraisal_guide,
            rules::appraisal_guide,
            rules::meeting_verdict,
            pioneers::pioneer_kinds,
            pioneers::add_pioneer_kind,
            pioneers::delete_pioneer_kind,
            pioneers::list_pioneer_posts,
            pioneers::save_pioneer_post,
            pioneers::add_pioneer_deed,
            pioneers::remove_pioneer_deed,
            pioneers::rate_pioneer_post,
            reports::chart_previews,
            reports::export_charts,
            reports::export_workbook,
            reports::export_minutes,
            packages::export_package,
            packages::import_package,
            packages::list_packages,
        ])
        .run(tauri::generate_context!())
        .expect("the window system could not start (is a display available?)");
}
