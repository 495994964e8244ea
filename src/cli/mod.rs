//! The command line's grammar and its dispatch; each command group lives in its own file.

/// `println!` for the CLI's output: when stdout is gone (`zhibu check | head`), the command ends
/// quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

mod activity;
mod appraisal;
mod audit;
mod export;
mod garden;
mod import;
mod ledger;
mod member;
mod org;
mod pioneer;
mod points;
mod report;
mod rules;
mod study;
mod usage;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use zhibu::{store, Error, Ledger, Result};

#[derive(Parser)]
#[command(name = "zhibu", version, about = "支部台账：高校基层党支部的离线电子台账")]
struct Cli {
    /// 台账文件（默认：环境变量 ZHIBU_LEDGER，否则用户数据目录下的 zhibu/ledger.db）
    #[arg(long, global = true, value_name = "FILE")]
    ledger: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    #[command(flatten)]
    Ledger(ledger::LedgerCommand),
    /// 从 .csv 或 .xlsx 导入（整表成功才写入）
    Import(import::ImportArgs),
    /// 审计日志：经支部台账所做的每一处改动
    Audit {
        #[command(subcommand)]
        audit: audit::AuditCommand,
    },
    /// 报表
    Report {
        #[command(subcommand)]
        report: report::ReportCommand,
    },
    /// 导出电子台账工作簿或会议图表
    Export {
        #[command(subcommand)]
        export: export::ExportCommand,
    },
    /// 积分
    Points {
        #[command(subcommand)]
        points: points::PointsCommand,
    },
    /// 党员的变动：转出/离开、调整党小组、转正、转入（各带日期）
    Member {
        #[command(subcommand)]
        member: member::MemberCommand,
    },
    /// 支部
    Branch {
        #[command(subcommand)]
        branch: org::BranchCommand,
    },
    /// 可配置的组织生活规则与民主评议指引（带施行日期）
    Rules {
        #[command(subcommand)]
        rules: rules::RulesCommand,
    },
    /// 民主评议
    Appraisal {
        #[command(subcommand)]
        appraisal: appraisal::AppraisalCommand,
    },
    /// 支部委员会
    Committee {
        #[command(subcommand)]
        committee: org::CommitteeCommand,
    },
    /// 党小组
    Group {
        #[command(subcommand)]
        group: org::GroupCommand,
    },
    /// 组织生活：列出、删除、附件
    Activity {
        #[command(subcommand)]
        activity: activity::ActivityCommand,
    },
    /// 学习任务的完成记录
    Study {
        #[command(subcommand)]
        study: study::StudyCommand,
    },
    /// 数字党建园地：扩展模块、资料、通知、月度模块
    Garden {
        #[command(subcommand)]
        garden: garden::GardenCommand,
    },
    /// 投票
    Poll {
        #[command(subcommand)]
        poll: garden::PollCommand,
    },
    /// 资讯轮值
    Rota {
        #[command(subcommand)]
        rota: garden::RotaCommand,
    },
    /// 检索：活动、学习任务、心得、讨论、园地资料（含文件中的文字）、通知、投票、资讯
    Search {
        /// 要查找的字词（可用空格分隔多个词，须同时出现）
        query: String,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 先锋示范岗
    Pioneer {
        #[command(subcommand)]
        pioneer: pioneer::PioneerCommand,
    },
}

/// Diagnostics to stderr, off unless asked for: `RUST_LOG=info zhibu …` (or `debug`, or
/// `zhibu=debug`). Log lines carry ids, counts and timings, never personal data.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// The command as the audit log names it: its subcommand words (“命令行 member leave”), never the
/// values given to it, which may be personal data.
fn origin() -> String {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut words = Vec::new();
    let mut skip_value = false;
    for a in &args {
        if std::mem::take(&mut skip_value) {
            continue;
        }
        if a == "--ledger" {
            skip_value = true;
        } else if !a.is_empty() && a.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') && !a.starts_with('-') {
            words.push(a.as_str());
            if words.len() == 2 {
                break;
            }
        } else if !a.starts_with('-') {
            break;
        }
    }
    format!("命令行 {}", words.join(" "))
}

/// Where a password comes from: `ZHIBU_PASSWORD` for batch use, else typed at the terminal.
const ENV_PASSWORD: &str = "ZHIBU_PASSWORD";

/// The password of the encrypted ledger at `path`.
fn password(path: &Path) -> Result<String> {
    if let Some(p) = std::env::var_os(ENV_PASSWORD).filter(|p| !p.is_empty()) {
        return Ok(p.to_string_lossy().into_owned());
    }
    rpassword::prompt_password(format!("台账 {} 已加密，请输入密码：", path.display())).map_err(|_| {
        Error::Locked(format!(
            "台账 {} 已加密：请输入密码，或设环境变量 {ENV_PASSWORD}",
            path.display()
        ))
    })
}

/// A new password, from `ZHIBU_PASSWORD` or typed twice at the terminal.
fn new_password() -> Result<String> {
    if let Some(p) = std::env::var_os(ENV_PASSWORD).filter(|p| !p.is_empty()) {
        let p = p.to_string_lossy().into_owned();
        store::crypto::check_new_password(&p, &p)?;
        return Ok(p);
    }
    let typed = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map_err(|_| Error::invalid(format!("无法读取密码：请在终端中输入，或设环境变量 {ENV_PASSWORD}")))
    };
    let first = typed("新密码：")?;
    let again = typed("再输入一次：")?;
    store::crypto::check_new_password(&first, &again)?;
    Ok(first)
}

pub fn main() -> ExitCode {
    store::memory::allocate_through_mimalloc();
    init_logging();
    let parsed = usage::explained(Cli::command())
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            print!("{}", usage::help(&e));
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("命令参数有误：{}", usage::message(&e));
            return ExitCode::from(1);
        }
    };
    let path = store::resolve_path(cli.ledger.as_deref());
    store::set_origin(origin());
    store::back_up_on_open(store::backups::DAILY);
    if store::crypto::is_encrypted(&path) {
        match password(&path) {
            Ok(p) => store::crypto::set_password(Some(p)),
            Err(e) => {
                eprintln!("错误：{e}");
                return ExitCode::from(1);
            }
        }
    }
    let outcome = match cli.command {
        Command::Ledger(c) => ledger::run(&path, c),
        Command::Import(args) => import::run(&path, args),
        Command::Audit { audit } => audit::run(&path, audit),
        Command::Report { report } => report::run(&path, report),
        Command::Export { export } => export::run(&path, export),
        Command::Points { points } => points::run(&path, points),
        Command::Member { member } => member::run(&path, member),
        Command::Branch { branch } => org::run_branch(&path, branch),
        Command::Committee { committee } => org::run_committee(&path, committee),
        Command::Rules { rules } => rules::run(&path, rules),
        Command::Appraisal { appraisal } => appraisal::run(&path, appraisal),
        Command::Group { group } => org::run_group(&path, group),
        Command::Activity { activity } => activity::run(&path, activity),
        Command::Study { study } => study::run(&path, study),
        Command::Pioneer { pioneer } => pioneer::run(&path, pioneer),
        Command::Garden { garden } => garden::run_garden(&path, garden),
        Command::Poll { poll } => garden::run_poll(&path, poll),
        Command::Rota { rota } => garden::run_rota(&path, rota),
        Command::Search { query, branch, json } => garden::run_search(&path, &query, branch.as_deref(), json),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            // A script that asked for JSON gets the error as JSON too, where the report would have been.
            if std::env::args().any(|a| a == "--json") {
                let json = serde_json::to_string(&e).unwrap_or_else(|_| format!("{{\"kind\":\"{}\"}}", e.kind()));
                say!("{json}");
            }
            eprintln!("错误：{e}");
            ExitCode::from(1)
        }
    }
}

/// The ledger and the branch a command works on (the one named, else the only one).
fn open_branch(path: &Path, branch: Option<&str>) -> Result<(Ledger, i64)> {
    let ledger = Ledger::open(path)?;
    let branch_id = zhibu::domain::org::resolve(ledger.conn(), branch)?;
    Ok((ledger, branch_id))
}

/// The branch named, or — none named — every branch of the ledger.
fn open_branch_or_all(path: &Path, branch: Option<&str>) -> Result<(Ledger, Option<i64>)> {
    let ledger = Ledger::open(path)?;
    let branch_id = branch
        .map(|b| zhibu::domain::org::resolve(ledger.conn(), Some(b)))
        .transpose()?;
    Ok((ledger, branch_id))
}

/// A date flag as given, else today.
fn day_or_today(flag: &str, given: Option<String>) -> Result<chrono::NaiveDate> {
    match given {
        Some(d) => zhibu::kernel::text::required_date(flag, Some(&d)),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|_| Error::Internal("无法生成 JSON 输出".into()))?;
    say!("{text}");
    Ok(())
}
