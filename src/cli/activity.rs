//! `activity list|delete|attach|detach`: the year's organisational life and its attachments. An
//! activity is named, as in imports, by its 日期 and 主题. Recording one is `import activities`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::activities;
use zhibu::kernel::dates;
use zhibu::kernel::text::required_date;
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum ActivityCommand {
    /// 列出某年（或某月）的组织生活，新的在前
    List {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 删除一次组织生活及其出勤记录和附件
    Delete {
        #[arg(long, value_name = "DATE")]
        date: String,
        /// 主题
        #[arg(long)]
        title: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 为一次组织生活添加附件（签到表、照片、课件；文件复制进台账）
    Attach {
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        title: String,
        file: PathBuf,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 删除一次组织生活的附件
    Detach {
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        title: String,
        /// 附件的文件名
        #[arg(long)]
        file: String,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run(path: &Path, command: ActivityCommand) -> Result<ExitCode> {
    match command {
        ActivityCommand::List {
            year,
            month,
            branch,
            json,
        } => {
            let (from, to) = match month {
                Some(m) => dates::month_bounds(year, m)?,
                None => dates::year_bounds(year)?,
            };
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let list = activities::list(ledger.conn(), Some(branch_id), from, to)?;
            if json {
                super::print_json(&list)?;
            } else {
                say!("组织生活 {} 次：{from} 至 {to}", list.len());
                for a in &list {
                    let kinds: Vec<&str> = a.kinds.iter().map(|k| k.label()).collect();
                    say!(
                        "  {}　{}　{}　实到 {} / 应到 {}{}",
                        a.date,
                        a.title,
                        kinds.join("、"),
                        a.tally.present,
                        a.tally.expected,
                        if a.attachment_count > 0 {
                            format!("　附件 {} 个", a.attachment_count)
                        } else {
                            String::new()
                        }
                    );
                }
            }
        }
        ActivityCommand::Delete { date, title, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            ledger.write(|tx| activities::delete(tx, find(tx, branch_id, &date, &title)?))?;
            say!("已删除组织生活：{} {}", date.trim(), title.trim());
        }
        ActivityCommand::Attach {
            date,
            title,
            file,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let body = zhibu::io::extract::text_of(&file);
            let a = ledger.write(|tx| {
                activities::add_attachment(tx, find(tx, branch_id, &date, &title)?, &file, body.as_deref())
            })?;
            say!("已添加附件：{}（{} 字节）", a.file_name, a.size);
        }
        ActivityCommand::Detach {
            date,
            title,
            file,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            ledger.write(|tx| {
                let id = find(tx, branch_id, &date, &title)?;
                let attachment = activities::attachments(tx, tx.attachments_dir(), id)?
                    .into_iter()
                    .find(|a| a.file_name == file.trim())
                    .ok_or_else(|| Error::NotFound {
                        what: "附件",
                        key: file.trim().to_string(),
                    })?;
                activities::remove_attachment(tx, attachment.id)
            })?;
            say!("已删除附件：{}", file.trim());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The activity of the branch held on `date` with 主题 `title`.
pub(super) fn find(conn: &rusqlite::Connection, branch_id: i64, date: &str, title: &str) -> Result<i64> {
    let day = required_date("日期", Some(date))?;
    activities::find(conn, branch_id, day, title.trim())?.ok_or_else(|| Error::NotFound {
        what: "组织生活",
        key: format!("{day} {}", title.trim()),
    })
}
