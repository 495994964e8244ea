//! `points explain`: every point of a member, its event and its rule.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::analysis::points;
use zhibu::domain::members;
use zhibu::Result;

#[derive(Subcommand)]
pub enum PointsCommand {
    /// 说明某名党员的积分：每一分来自哪条记录、哪条规则
    Explain {
        /// 党员姓名或身份证号
        #[arg(long)]
        member: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run(path: &Path, command: PointsCommand) -> Result<ExitCode> {
    let PointsCommand::Explain {
        member,
        year,
        month,
        branch,
    } = command;
    let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let (from, to) = points::period(year, month)?;
    let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
    let text = points::explain(ledger.conn(), branch_id, member_id, from, to)?.to_text();
    say!("{}", text.trim_end_matches('\n'));
    Ok(ExitCode::SUCCESS)
}
