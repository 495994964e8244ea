//! `import KIND FILE`: a spreadsheet into the ledger, whole or not at all.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use zhibu::io::import::{self, ImportKind, ImportReport};
use zhibu::io::package::{self, Consent};
use zhibu::kernel::action::Action;
use zhibu::{Error, Result};

#[derive(Args)]
pub struct ImportArgs {
    /// members 党员名册、activities 组织生活、study-tasks 学习任务、study-records 学习记录、
    /// discussions 讨论、reflections 心得体会、quizzes 测验、points-adjustments 积分加减分；
    /// package 支部上报包（党委台账收取支部导出的上报包）
    kind: String,
    file: PathBuf,
    /// 只检查并报告将发生的变化，不写入
    #[arg(long)]
    dry_run: bool,
    /// 导入到哪个支部（台账中有多个支部时必填）
    #[arg(long)]
    branch: Option<String>,
    /// 以 JSON 输出报告
    #[arg(long)]
    json: bool,
    /// 上报包：确认导入较早导出的包（替换已收到的较新的包），或来自另一份台账的同名支部的包
    #[arg(long)]
    confirm: bool,
}

pub fn run(path: &Path, args: ImportArgs) -> Result<ExitCode> {
    if args.kind == "package" {
        return run_package(path, &args);
    }
    let kind = ImportKind::parse(&args.kind)?;
    let (mut ledger, branch_id) = super::open_branch(path, args.branch.as_deref())?;
    let report = import::run(&mut ledger, branch_id, kind, &args.file, args.dry_run, &mut |_| {})?;
    if args.json {
        super::print_json(&report)?;
    } else {
        print_report(&report);
    }
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `import package FILE`: verified, then in — replacing the branch's earlier package of the year.
fn run_package(path: &Path, args: &ImportArgs) -> Result<ExitCode> {
    let mut ledger = zhibu::Ledger::open(path)?;
    let plan = if args.dry_run {
        package::inspect(ledger.conn(), &args.file, &mut |_| {})?
    } else {
        let consent = if args.confirm {
            Consent::Confirmed
        } else {
            Consent::Replace
        };
        package::import(&mut ledger, &args.file, consent, &mut |_| {})?
    };
    if !plan.applied && !args.dry_run {
        let why = plan.confirm.clone().unwrap_or_default();
        return Err(Error::Conflict(format!(
            "{why}。台账未做任何修改；确认无误后加 --confirm 重新导入"
        )));
    }
    if args.json {
        super::print_json(&plan)?;
        return Ok(ExitCode::SUCCESS);
    }
    let what = if plan.applied {
        "已导入上报包"
    } else {
        "上报包核验通过（预览，未写入）"
    };
    say!("{what}：{}", args.file.display());
    let parent = plan
        .parent_org
        .as_deref()
        .map(|p| format!("（{p}）"))
        .unwrap_or_default();
    say!(
        "  {}{parent}　{} 年度　导出于 {}",
        plan.branch,
        plan.year,
        plan.exported_at
    );
    say!(
        "  党员 {} 人，组织生活 {} 次，共 {} 行记录；审计链头 {}",
        plan.members,
        plan.activities,
        plan.rows,
        plan.head
    );
    if plan.new_branch {
        say!(
            "  {}支部“{}”",
            if plan.applied { "已新建" } else { "将新建" },
            plan.branch
        );
    }
    for r in &plan.replaces {
        say!(
            "  {}：{} {} 年度的上报包（导出于 {}，导入于 {}，党员 {} 人，组织生活 {} 次）",
            if plan.applied { "已替换" } else { "将替换" },
            r.branch,
            r.year,
            r.exported_at,
            r.imported_at,
            r.members,
            r.activities
        );
    }
    if let Some(c) = plan.confirm.as_deref().filter(|_| !plan.applied) {
        say!("  须确认：{c}");
    }
    for n in &plan.notes {
        say!("提示：{n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Changed rows (and warnings) the text report lists one by one.
const CHANGES_LISTED: usize = 50;

fn print_report(r: &ImportReport) {
    let what = if r.applied {
        "已导入"
    } else {
        "预览（未写入）"
    };
    say!(
        "{what}：{}，共 {} 行：新增 {}，更新 {}，不变 {}",
        Path::new(&r.file).display(),
        r.rows,
        r.created,
        r.updated,
        r.unchanged
    );
    for w in r.warnings.iter().take(CHANGES_LISTED) {
        say!("提示：{w}");
    }
    if r.warnings.len() > CHANGES_LISTED {
        say!(
            "提示：……另有 {} 条提示未列出（加 --json 可得全部）",
            r.warnings.len() - CHANGES_LISTED
        );
    }
    let changed = r.changes.iter().filter(|c| c.action != Action::Unchanged);
    for c in changed.clone().take(CHANGES_LISTED) {
        let action = if c.action == Action::Create { "新增" } else { "更新" };
        say!("  第 {} 行 {action}：{}", c.row, c.summary);
    }
    // A file of a hundred thousand records is counted above, not listed line by line.
    let more = changed.count().saturating_sub(CHANGES_LISTED);
    if more > 0 {
        say!("  ……另有 {more} 行新增或更新未逐行列出（加 --json 可得全部）");
    }
    for e in &r.errors {
        eprintln!("错误：{e}");
    }
}
