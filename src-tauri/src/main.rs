//! The desktop shell: a window around the core. Each command takes the open ledger from the state,
//! calls one core function and returns its result; rules and SQL live in the `zhibu` crate.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use tauri::State;
use zhibu::activities::{self, Activity, ActivityInput, ActivitySummary, Attachment, Roll};
use zhibu::branches::{self, Branch, BranchInput, CommitteeInput, CommitteeSeat, Group, GroupInput};
use zhibu::import::{self, ImportKind, ImportReport};
use zhibu::ledger::{self, LedgerInfo};
use zhibu::members::{self, Member, MemberFilter, MemberInput};
use zhibu::reports::{self, Dashboard};
use zhibu::{charts, dates, export, pioneers, points, study, Error, Ledger, Result};

/// The open ledger and the branch the views work on.
struct Session {
    ledger: Ledger,
    branch_id: i64,
}

#[derive(Default)]
struct AppState(Mutex<Option<Session>>);

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&mut Session) -> Result<T>) -> Result<T> {
        let mut guard = self.0.lock().map_err(|_| Error::NoLedger)?;
        f(guard.as_mut().ok_or(Error::NoLedger)?)
    }

    fn replace(&self, ledger: Ledger) -> Result<LedgerInfo> {
        let branch_id = branches::list(ledger.conn())?
            .first()
            .map(|b| b.id)
            .ok_or(Error::NoLedger)?;
        let info = ledger.info(branch_id, today())?;
        *self.0.lock().map_err(|_| Error::NoLedger)? = Some(Session { ledger, branch_id });
        Ok(info)
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

#[tauri::command(rename_all = "snake_case")]
fn ledger_info(state: State<AppState>) -> Result<LedgerInfo> {
    state.with(|s| s.ledger.info(s.branch_id, today()))
}

#[tauri::command(rename_all = "snake_case")]
fn open_ledger(state: State<AppState>, path: PathBuf) -> Result<LedgerInfo> {
    state.replace(Ledger::open(&path)?)
}

#[tauri::command(rename_all = "snake_case")]
fn create_ledger(state: State<AppState>, path: PathBuf, branch: String, parent: Option<String>) -> Result<LedgerInfo> {
    state.replace(Ledger::create(&path, &branch, parent.as_deref())?)
}

#[tauri::command(rename_all = "snake_case")]
fn select_branch(state: State<AppState>, id: i64) -> Result<LedgerInfo> {
    state.with(|s| {
        branches::get(s.ledger.conn(), id)?;
        s.branch_id = id;
        s.ledger.info(id, today())
    })
}

#[tauri::command(rename_all = "snake_case")]
fn vocabulary() -> zhibu::vocabulary::Vocabulary {
    zhibu::vocabulary::vocabulary()
}

#[tauri::command(rename_all = "snake_case")]
fn dashboard(state: State<AppState>, today: Option<String>) -> Result<Dashboard> {
    let day = zhibu::text::optional_date("日期", today.as_deref())?.unwrap_or_else(self::today);
    state.with(|s| reports::dashboard(s.ledger.conn(), s.branch_id, day))
}

#[tauri::command(rename_all = "snake_case")]
fn list_members(state: State<AppState>, filter: Option<MemberFilter>) -> Result<Vec<Member>> {
    state.with(|s| members::list_masked(s.ledger.conn(), s.branch_id, &filter.unwrap_or_default()))
}

#[tauri::command(rename_all = "snake_case")]
fn get_member(state: State<AppState>, id: i64, reveal: bool) -> Result<Member> {
    state.with(|s| members::get_shown(s.ledger.conn(), id, reveal))
}

#[tauri::command(rename_all = "snake_case")]
fn save_member(state: State<AppState>, input: MemberInput) -> Result<Member> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger.write(|tx| members::save(tx, branch_id, &input))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn leave_member(
    state: State<AppState>,
    id: i64,
    status: String,
    left_on: Option<String>,
    left_to: Option<String>,
) -> Result<Member> {
    state.with(|s| {
        s.ledger
            .write(|tx| members::leave(tx, id, &status, left_on.as_deref(), left_to.as_deref()))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn list_activities(state: State<AppState>, year: i32, month: Option<u32>) -> Result<Vec<ActivitySummary>> {
    let (from, to) = match month {
        Some(m) => dates::month_bounds(year, m)?,
        None => dates::year_bounds(year)?,
    };
    state.with(|s| activities::list(s.ledger.conn(), Some(s.branch_id), from, to))
}

#[tauri::command(rename_all = "snake_case")]
fn get_activity(state: State<AppState>, id: i64) -> Result<Activity> {
    state.with(|s| activities::get(s.ledger.conn(), &s.ledger.attachments_dir(), id))
}

#[tauri::command(rename_all = "snake_case")]
fn activity_roll(
    state: State<AppState>,
    date: String,
    kinds: Vec<String>,
    group_id: Option<i64>,
    activity_id: Option<i64>,
) -> Result<Roll> {
    state.with(|s| activities::roll_preview(s.ledger.conn(), s.branch_id, &date, &kinds, group_id, activity_id))
}

#[tauri::command(rename_all = "snake_case")]
fn save_activity(state: State<AppState>, input: ActivityInput) -> Result<Activity> {
    state.with(|s| {
        let (branch_id, dir) = (s.branch_id, s.ledger.attachments_dir());
        s.ledger.write(|tx| activities::save(tx, &dir, branch_id, &input))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn delete_activity(state: State<AppState>, id: i64) -> Result<()> {
    state.with(|s| {
        let dir = s.ledger.attachments_dir();
        s.ledger.write(|tx| activities::delete(tx, &dir, id))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn add_attachment(state: State<AppState>, activity_id: i64, source: PathBuf) -> Result<Attachment> {
    state.with(|s| {
        let dir = s.ledger.attachments_dir();
        s.ledger
            .write(|tx| activities::add_attachment(tx, &dir, activity_id, &source))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn remove_attachment(state: State<AppState>, id: i64) -> Result<()> {
    state.with(|s| {
        let dir = s.ledger.attachments_dir();
        s.ledger.write(|tx| activities::remove_attachment(tx, &dir, id))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn import_preview(state: State<AppState>, kind: String, path: PathBuf) -> Result<ImportReport> {
    let kind = ImportKind::parse(&kind)?;
    state.with(|s| import::run(&mut s.ledger, s.branch_id, kind, &path, true))
}

#[tauri::command(rename_all = "snake_case")]
fn import_apply(state: State<AppState>, kind: String, path: PathBuf) -> Result<ImportReport> {
    let kind = ImportKind::parse(&kind)?;
    state.with(|s| import::run(&mut s.ledger, s.branch_id, kind, &path, false))
}

#[tauri::command(rename_all = "snake_case")]
fn update_branch(state: State<AppState>, input: BranchInput) -> Result<Branch> {
    state.with(|s| s.ledger.write(|tx| branches::update(tx, &input)))
}

#[tauri::command(rename_all = "snake_case")]
fn list_groups(state: State<AppState>) -> Result<Vec<Group>> {
    state.with(|s| branches::list_groups(s.ledger.conn(), s.branch_id))
}

#[tauri::command(rename_all = "snake_case")]
fn save_group(state: State<AppState>, input: GroupInput) -> Result<Group> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger.write(|tx| branches::save_group(tx, branch_id, &input))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn delete_group(state: State<AppState>, id: i64) -> Result<()> {
    state.with(|s| s.ledger.write(|tx| branches::delete_group(tx, id)))
}

#[tauri::command(rename_all = "snake_case")]
fn list_committee(state: State<AppState>) -> Result<Vec<CommitteeSeat>> {
    state.with(|s| branches::list_committee(s.ledger.conn(), s.branch_id, today()))
}

#[tauri::command(rename_all = "snake_case")]
fn save_committee_role(state: State<AppState>, input: CommitteeInput) -> Result<CommitteeSeat> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger
            .write(|tx| branches::save_committee_role(tx, branch_id, &input, today()))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn delete_committee_role(state: State<AppState>, id: i64) -> Result<()> {
    state.with(|s| s.ledger.write(|tx| branches::delete_committee_role(tx, id)))
}

// ---- 学习 ----

#[tauri::command(rename_all = "snake_case")]
fn list_study_tasks(state: State<AppState>, year: i32) -> Result<Vec<study::TaskStat>> {
    state.with(|s| study::task_stats(s.ledger.conn(), Some(s.branch_id), year))
}

#[tauri::command(rename_all = "snake_case")]
fn study_task_members(state: State<AppState>, task_id: i64) -> Result<Vec<study::TaskMemberRow>> {
    state.with(|s| study::task_members(s.ledger.conn(), s.branch_id, task_id))
}

#[tauri::command(rename_all = "snake_case")]
fn save_study_task(state: State<AppState>, input: study::TaskInput) -> Result<study::TaskStat> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger.write(|tx| study::save_task(tx, branch_id, &input))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn record_study(
    state: State<AppState>,
    task_id: i64,
    member_id: i64,
    completed_on: String,
    source: String,
) -> Result<study::TaskStat> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger
            .write(|tx| study::record_from_form(tx, branch_id, task_id, member_id, &completed_on, &source))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn remove_study_record(state: State<AppState>, task_id: i64, member_id: i64) -> Result<()> {
    state.with(|s| s.ledger.write(|tx| study::remove_completion(tx, task_id, member_id)))
}

#[tauri::command(rename_all = "snake_case")]
fn member_study(state: State<AppState>, year: i32) -> Result<Vec<study::MemberStudy>> {
    state.with(|s| study::member_stats(s.ledger.conn(), Some(s.branch_id), year))
}

// ---- 积分 ----

#[tauri::command(rename_all = "snake_case")]
fn points_ranking(state: State<AppState>, year: i32, month: Option<u32>) -> Result<Vec<points::Standing>> {
    let (from, to) = points::period(year, month)?;
    state.with(|s| points::ranking(s.ledger.conn(), s.branch_id, from, to))
}

#[tauri::command(rename_all = "snake_case")]
fn points_explain(
    state: State<AppState>,
    member_id: i64,
    year: i32,
    month: Option<u32>,
) -> Result<points::Explanation> {
    let (from, to) = points::period(year, month)?;
    state.with(|s| points::explain(s.ledger.conn(), s.branch_id, member_id, from, to))
}

#[tauri::command(rename_all = "snake_case")]
fn add_point_adjustment(
    state: State<AppState>,
    member_id: i64,
    date: String,
    points: f64,
    reason: String,
) -> Result<import::Action> {
    state.with(|s| {
        s.ledger
            .write(|tx| points::adjust_from_form(tx, member_id, &date, points, &reason))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn point_rule_sets(state: State<AppState>) -> Result<Vec<points::RuleSet>> {
    state.with(|s| points::rule_sets(s.ledger.conn()))
}

#[tauri::command(rename_all = "snake_case")]
fn save_point_rules(
    state: State<AppState>,
    effective_from: String,
    note: Option<String>,
    rules: Vec<points::RuleInput>,
) -> Result<points::RuleSet> {
    state.with(|s| {
        s.ledger
            .write(|tx| points::save_rules_from_form(tx, &effective_from, note.as_deref(), &rules))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn branch_ranking(state: State<AppState>, year: i32) -> Result<Vec<points::BranchStanding>> {
    state.with(|s| points::branch_ranking(s.ledger.conn(), year, today()))
}

// ---- 先锋岗 ----

#[tauri::command(rename_all = "snake_case")]
fn pioneer_kinds(state: State<AppState>) -> Result<Vec<pioneers::Kind>> {
    state.with(|s| pioneers::kinds(s.ledger.conn(), s.branch_id))
}

#[tauri::command(rename_all = "snake_case")]
fn add_pioneer_kind(state: State<AppState>, name: String) -> Result<pioneers::Kind> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger.write(|tx| pioneers::add_kind(tx, branch_id, &name))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn delete_pioneer_kind(state: State<AppState>, id: i64) -> Result<()> {
    state.with(|s| s.ledger.write(|tx| pioneers::delete_kind(tx, id)))
}

#[tauri::command(rename_all = "snake_case")]
fn list_pioneer_posts(state: State<AppState>, year: i32) -> Result<Vec<pioneers::Post>> {
    state.with(|s| pioneers::list(s.ledger.conn(), s.branch_id, year))
}

#[tauri::command(rename_all = "snake_case")]
fn save_pioneer_post(state: State<AppState>, input: pioneers::PostInput) -> Result<pioneers::Post> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger.write(|tx| pioneers::save_post(tx, branch_id, &input))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn add_pioneer_deed(state: State<AppState>, post_id: i64, date: String, description: String) -> Result<pioneers::Post> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger
            .write(|tx| pioneers::add_deed(tx, branch_id, post_id, &date, &description))
    })
}

#[tauri::command(rename_all = "snake_case")]
fn remove_pioneer_deed(state: State<AppState>, id: i64) -> Result<()> {
    state.with(|s| s.ledger.write(|tx| pioneers::remove_deed(tx, id)))
}

#[tauri::command(rename_all = "snake_case")]
fn rate_pioneer_post(
    state: State<AppState>,
    post_id: i64,
    rating: Option<String>,
    rated_on: Option<String>,
) -> Result<pioneers::Post> {
    state.with(|s| {
        let branch_id = s.branch_id;
        s.ledger
            .write(|tx| pioneers::rate(tx, branch_id, post_id, rating.as_deref(), rated_on.as_deref()))
    })
}

// ---- 报表 ----

#[derive(serde::Serialize)]
struct ChartPreview {
    file_name: &'static str,
    title: String,
    /// The PNG as a data URL, for an <img> under the strict CSP (img-src data:).
    data_url: String,
}

// `async`: drawing takes seconds; it runs off the window's thread so the UI shows its progress.
#[tauri::command(async, rename_all = "snake_case")]
fn chart_previews(state: State<AppState>, year: i32, top: usize, anonymize: bool) -> Result<Vec<ChartPreview>> {
    use base64::Engine;
    let charts = state.with(|s| {
        let opts = charts::ChartOptions {
            top: top.max(1),
            anonymize,
            ..charts::ChartOptions::new(year, s.branch_id)
        };
        charts::render_all(s.ledger.conn(), &opts)
    })?;
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

#[tauri::command(async, rename_all = "snake_case")]
fn export_charts(
    state: State<AppState>,
    year: i32,
    dir: PathBuf,
    top: usize,
    anonymize: bool,
) -> Result<Vec<charts::Chart>> {
    state.with(|s| {
        let opts = charts::ChartOptions {
            top: top.max(1),
            anonymize,
            ..charts::ChartOptions::new(year, s.branch_id)
        };
        charts::write_all(s.ledger.conn(), &opts, &dir)
    })
}

#[tauri::command(async, rename_all = "snake_case")]
fn export_workbook(
    state: State<AppState>,
    year: i32,
    out: PathBuf,
    include_sensitive: bool,
) -> Result<export::WorkbookReport> {
    state.with(|s| {
        let opts = export::WorkbookOptions {
            year,
            branch_id: s.branch_id,
            include_sensitive,
        };
        export::workbook(s.ledger.conn(), &s.ledger.attachments_dir(), opts, &out)
    })
}

/// `--ledger FILE` on the command line, else `ZHIBU_LEDGER`, else the default in the data folder.
fn ledger_path_from_args() -> PathBuf {
    let args: Vec<String> = std::env::args().collect();
    let explicit = args
        .iter()
        .position(|a| a == "--ledger")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .or_else(|| args.iter().find_map(|a| a.strip_prefix("--ledger=").map(PathBuf::from)));
    ledger::resolve_path(explicit.as_deref())
}

fn open_at_start(state: &AppState, path: &Path) {
    // A ledger that cannot be opened leaves the app running with none: 设置 can open or create one.
    if let Err(e) = Ledger::open_or_create(path).and_then(|l| state.replace(l)) {
        eprintln!("无法打开台账 {}：{e}", path.display());
    }
}

fn main() {
    let state = AppState::default();
    open_at_start(&state, &ledger_path_from_args());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            ledger_info,
            open_ledger,
            create_ledger,
            select_branch,
            vocabulary,
            dashboard,
            list_members,
            get_member,
            save_member,
            leave_member,
            list_activities,
            get_activity,
            activity_roll,
            save_activity,
            delete_activity,
            add_attachment,
            remove_attachment,
            import_preview,
            import_apply,
            update_branch,
            list_groups,
            save_group,
            delete_group,
            list_committee,
            save_committee_role,
            delete_committee_role,
            list_study_tasks,
            study_task_members,
            save_study_task,
            record_study,
            remove_study_record,
            member_study,
            points_ranking,
            points_explain,
            add_point_adjustment,
            point_rule_sets,
            save_point_rules,
            branch_ranking,
            pioneer_kinds,
            add_pioneer_kind,
            delete_pioneer_kind,
            list_pioneer_posts,
            save_pioneer_post,
            add_pioneer_deed,
            remove_pioneer_deed,
            rate_pioneer_post,
            chart_previews,
            export_charts,
            export_workbook,
        ])
        .run(tauri::generate_context!())
        .expect("the window system could not start (is a display available?)");
}
