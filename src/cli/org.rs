//! `branch add|list` and `committee set`: the organisation.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::{members, org};
use zhibu::{Ledger, Result};

#[derive(Subcommand)]
pub enum BranchCommand {
    /// 新增一个支部（一本台账可容纳一个党总支的多个支部）
    Add {
        name: String,
        /// 上级党组织
        #[arg(long)]
        parent: Option<String>,
    },
    /// 列出台账中的支部
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum CommitteeCommand {
    /// 任命支委：姓名（或身份证号）、职务、任期
    Set {
        member: String,
        /// 书记、副书记、组织委员、宣传委员、纪检委员、青年委员 或 支部委员
        #[arg(long)]
        role: String,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run_branch(path: &Path, command: BranchCommand) -> Result<ExitCode> {
    match command {
        BranchCommand::Add { name, parent } => {
            let mut ledger = Ledger::open(path)?;
            ledger.write(|tx| org::create(tx, &name, parent.as_deref(), None))?;
            say!("已新增支部：{}", name.trim());
        }
        BranchCommand::List { json } => {
            let ledger = Ledger::open(path)?;
            let branches = org::list(ledger.conn())?;
            if json {
                super::print_json(&branches)?;
            } else {
                for b in &branches {
                    say!("{}　{}", b.name, b.parent_org.as_deref().unwrap_or(""));
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_committee(path: &Path, command: CommitteeCommand) -> Result<ExitCode> {
    let CommitteeCommand::Set {
        member,
        role,
        from,
        to,
        branch,
    } = command;
    let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
    let input = org::CommitteeInput {
        id: None,
        member_id,
        role,
        term_start: Some(from),
        term_end: to,
    };
    let seat = ledger.write(|tx| org::save_committee_role(tx, branch_id, &input, chrono::Local::now().date_naive()))?;
    say!(
        "已任命：{}　{}　{} 起{}",
        seat.name,
        seat.role.label(),
        seat.term_start,
        seat.term_end.map(|d| format!("，至 {d}")).unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}
