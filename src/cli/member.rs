//! `member leave|move|regularize|transfer-in`: a member's history, each change with its date. A
//! member is named by 姓名 or 身份证号; a name several members share is refused with the candidates.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::{members, org};
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum MemberCommand {
    /// 转出、停止党籍、出党或去世：记录保留，自该日起不再在册
    Leave {
        /// 姓名或身份证号
        member: String,
        #[arg(long)]
        date: String,
        /// 转出、停止党籍、出党 或 去世
        #[arg(long)]
        status: String,
        /// 去向
        #[arg(long)]
        to: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 调整党小组：自该日起属于新的党小组，此前的会议不变
    Move {
        member: String,
        /// 新的党小组名称
        #[arg(long)]
        group: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 转正：预备党员自该日起为正式党员
    Regularize {
        member: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 延长预备期：一次，6 至 12 个月
    ExtendProbation {
        member: String,
        /// 决定日期（在预备期内）
        #[arg(long, value_name = "DATE")]
        decided: String,
        /// 延长至
        #[arg(long, value_name = "DATE")]
        until: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 转入：已离开的党员自该日起重新在册（新党员转入请在导入名册时填写 转入日期）
    TransferIn {
        member: String,
        #[arg(long)]
        date: String,
        /// 来源（从何处转入）
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run(path: &Path, command: MemberCommand) -> Result<ExitCode> {
    let m = match command {
        MemberCommand::Leave {
            member,
            date,
            status,
            to,
            branch,
        } => write(path, branch, &member, |tx, _, id| {
            members::leave(tx, id, &status, Some(&date), to.as_deref())
        })?,
        MemberCommand::Move {
            member,
            group,
            date,
            branch,
        } => write(path, branch, &member, |tx, branch_id, id| {
            let g = org::group_by_name(tx, branch_id, &group)?.ok_or(Error::NotFound {
                what: "党小组",
                key: group.clone(),
            })?;
            members::move_group(tx, id, Some(g), &date)
        })?,
        MemberCommand::Regularize { member, date, branch } => {
            write(path, branch, &member, |tx, _, id| members::regularize(tx, id, &date))?
        }
        MemberCommand::ExtendProbation {
            member,
            decided,
            until,
            branch,
        } => write(path, branch, &member, |tx, _, id| {
            members::extend_probation(tx, id, &decided, &until)
        })?,
        MemberCommand::TransferIn {
            member,
            date,
            from,
            branch,
        } => write(path, branch, &member, |tx, branch_id, id| {
            members::transfer_in(tx, id, branch_id, &date, from.as_deref())
        })?,
    };
    say!(
        "已记录：{}　{}{}　党小组 {}",
        m.name,
        m.status.label(),
        m.left_on.map(|d| format!("（{d}）")).unwrap_or_default(),
        m.group_name.as_deref().unwrap_or("无")
    );
    Ok(ExitCode::SUCCESS)
}

/// One transaction on the member named by `key`.
fn write(
    path: &Path,
    branch: Option<String>,
    key: &str,
    f: impl FnOnce(&zhibu::store::Tx, i64, i64) -> Result<members::Member>,
) -> Result<members::Member> {
    let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let id = members::resolve(ledger.conn(), branch_id, key)?;
    ledger.write(|tx| f(tx, branch_id, id))
}
