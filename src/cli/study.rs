//! `study undo`: take back a completion recorded by mistake. Recording one is `import study-records`.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::{members, study};
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum StudyCommand {
    /// 撤销某名党员某项学习任务的完成记录
    Undo {
        /// 学习任务名称
        #[arg(long)]
        task: String,
        /// 姓名或身份证号
        #[arg(long)]
        member: String,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run(path: &Path, command: StudyCommand) -> Result<ExitCode> {
    let StudyCommand::Undo { task, member, branch } = command;
    let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let task_id = study::find_task(ledger.conn(), branch_id, &task)?.ok_or_else(|| Error::NotFound {
        what: "学习任务",
        key: task.trim().to_string(),
    })?;
    let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
    let stat = ledger.write(|tx| {
        // The core names the missing record by its ids; the secretary knows it by name and task.
        study::remove_completion(tx, task_id, member_id).map_err(|e| match e {
            Error::NotFound { what, .. } => Error::NotFound {
                what,
                key: format!("{} {}", member.trim(), task.trim()),
            },
            other => other,
        })?;
        study::task_stat(tx, branch_id, task_id)
    })?;
    say!(
        "已撤销：{}　{}；现完成 {} / 应完成 {}",
        member.trim(),
        stat.name,
        stat.completed,
        stat.required
    );
    Ok(ExitCode::SUCCESS)
}
