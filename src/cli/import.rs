//! `import KIND FILE`: a spreadsheet into the ledger, whole or not at all.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use zhibu::io::import::{self, ImportKind, ImportReport};
use zhibu::kernel::action::Action;
use zhibu::Result;

#[derive(Args)]
pub struct ImportArgs {
    /// members 党员名册、activities 组织生活、study-tasks 学习任务、study-records 学习记录、
    /// discussions 讨论、reflections 心得体会、quizzes 测验、points-adjustments 积分加减分
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
}

pub fn run(path: &Path, args: ImportArgs) -> Result<ExitCode> {
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
    for w in &r.warnings {
        say!("提示：{w}");
    }
    for c in r.changes.iter().filter(|c| c.action != Action::Unchanged) {
        let action = if c.action == Action::Create { "新增" } else { "更新" };
        say!("  第 {} 行 {action}：{}", c.row, c.summary);
    }
    for e in &r.errors {
        eprintln!("错误：{e}");
    }
}
