//! `appraisal grade`: the branch's 民主评议 decision on a member (优秀 within a third of those graded).

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::{appraisal, members};
use zhibu::kernel::labels::AppraisalGrade;
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum AppraisalCommand {
    /// 评定等次：优秀、合格、基本合格、不合格，或 清除
    Grade {
        /// 姓名或身份证号
        member: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        grade: String,
        /// 评定者（默认 支部委员会）
        #[arg(long, default_value = "支部委员会")]
        by: String,
        /// 评定日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run(path: &Path, command: AppraisalCommand) -> Result<ExitCode> {
    let AppraisalCommand::Grade {
        member,
        year,
        grade,
        by,
        date,
        branch,
    } = command;
    let grade = match grade.trim() {
        "清除" => None,
        g => Some(AppraisalGrade::parse(g).ok_or_else(|| {
            Error::invalid(format!(
                "等次：无法识别“{g}”，应为 优秀、合格、基本合格、不合格 或 清除"
            ))
        })?),
    };
    let on = match date {
        Some(d) => zhibu::kernel::text::required_date("--date", Some(&d))?,
        None => chrono::Local::now().date_naive(),
    };
    let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
    ledger.write(|tx| appraisal::decide(tx, branch_id, member_id, year, grade, &by, on))?;
    say!(
        "已记录：{member} {year} 年民主评议 {}",
        grade.map_or("（已清除）", |g| g.label())
    );
    Ok(ExitCode::SUCCESS)
}
