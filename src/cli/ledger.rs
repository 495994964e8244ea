//! `init`, `demo`, `check`, `backup`: the ledger file itself.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Datelike;
use clap::Subcommand;
use zhibu::analysis::{check, reports};
use zhibu::io::demo;
use zhibu::store::{backups, crypto};
use zhibu::{Ledger, Result};

/// `check`'s exit code when the ledger is tampered with or damaged (1 is bad input, 2 bad usage).
const TAMPERED_OR_DAMAGED: u8 = 3;

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// 新建台账（不会覆盖已有内容的文件）
    Init {
        /// 支部名称
        #[arg(long)]
        branch: String,
        /// 上级党组织
        #[arg(long)]
        parent: Option<String>,
    },
    /// 新建一本演示台账：约 20 名党员、3 个党小组、一整年的组织生活
    Demo {
        /// 演示数据截至的日期（默认今天）
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// branch：一个约 20 人的支部（默认）；large：一个 3000 人、60 个党小组的支部；college：一个学院党委，6 个党总支、60 个支部、3000 名党员（后两者用于性能测试）
        #[arg(long, default_value = "branch", value_parser = ["branch", "large", "college"])]
        scale: String,
    },
    /// 检查台账的完整性与一致性，并核对审计日志：发现在支部台账之外的改动或损坏时退出码为 3
    Check,
    /// 从备份恢复台账：先把当前台账备份到 <台账>.backups/，再用 FILE 替换
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// 加密台账（连同自动备份）：此后打开须输入密码（或设环境变量 ZHIBU_PASSWORD）
    Encrypt,
    /// 取消台账加密（连同自动备份）
    Decrypt,
    /// 自动备份：列出 <台账>.backups/ 中的备份及其内容，或设定保留份数
    Backups {
        #[command(subcommand)]
        command: BackupsCommand,
    },
    /// 备份台账（程序运行时也可安全备份）
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum BackupsCommand {
    /// 列出自动备份（最新在前）：时间、原因、党员与组织生活条数
    List {
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 设定保留的自动备份份数（默认 30）
    Keep {
        /// 保留几份，如 30
        count: u32,
    },
}

pub fn run(path: &Path, command: LedgerCommand) -> Result<ExitCode> {
    match command {
        LedgerCommand::Init { branch, parent } => {
            zhibu::domain::org::new_ledger(path, &branch, parent.as_deref())?;
            say!("已新建台账：{}（支部：{}）", path.display(), branch.trim());
        }
        LedgerCommand::Demo { today, scale } => {
            let today = match today {
                Some(t) => zhibu::kernel::text::required_date("--today", Some(&t))?,
                None => chrono::Local::now().date_naive(),
            };
            let (ledger, branch) = match scale.as_str() {
                "large" => (demo::create_large(path, today)?, demo::LARGE_BRANCH),
                "college" => (demo::college::create(path, today, 1)?, demo::college::COMMITTEE),
                _ => (demo::create(path, today)?, demo::BRANCH),
            };
            let s = reports::summary(ledger.conn(), None, today.year())?;
            say!(
                "已新建演示台账：{}（{}，党员 {} 人，{} 年组织生活 {} 次）",
                path.display(),
                branch,
                s.members,
                today.year(),
                s.activity_total
            );
        }
        LedgerCommand::Check => {
            // A file too damaged to open is what `check` exists to report.
            let ledger = match Ledger::open(path) {
                Ok(l) => l,
                Err(e @ (zhibu::Error::Format(_) | zhibu::Error::Database(_) | zhibu::Error::Migration(_))) => {
                    eprintln!("问题：{e}");
                    return Ok(ExitCode::from(TAMPERED_OR_DAMAGED));
                }
                Err(e) => return Err(e),
            };
            let problems = check::run(&ledger).unwrap_or_else(|e| vec![format!("检查未能完成：{e}")]);
            if problems.is_empty() {
                say!("台账完好：{}", path.display());
            } else {
                for p in &problems {
                    eprintln!("问题：{p}");
                }
                eprintln!("共发现 {} 个问题", problems.len());
                return Ok(ExitCode::from(TAMPERED_OR_DAMAGED));
            }
        }
        LedgerCommand::Restore { file } => {
            let safety = backups::restore(path, &file, &mut |_| {})?;
            say!("已从 {} 恢复台账：{}", file.display(), path.display());
            say!("恢复前的台账已备份到：{}", safety.display());
        }
        LedgerCommand::Encrypt => {
            if crypto::is_encrypted(path) {
                return Err(zhibu::Error::Conflict(format!("台账 {} 已经加密", path.display())));
            }
            let password = super::new_password()?;
            backups::set_encryption(path, Some(&password))?;
            say!("已加密台账及其自动备份：{}", path.display());
            say!("请牢记密码：忘记密码将无法打开台账。");
        }
        LedgerCommand::Decrypt => {
            if !crypto::is_encrypted(path) {
                return Err(zhibu::Error::Conflict(format!("台账 {} 没有加密", path.display())));
            }
            backups::set_encryption(path, None)?;
            say!("已取消加密：{}", path.display());
        }
        LedgerCommand::Backups { command } => match command {
            BackupsCommand::List { json } => {
                let list = backups::list(path)?;
                if json {
                    super::print_json(&list)?;
                } else if list.is_empty() {
                    say!("还没有自动备份：{}", backups::dir_for(path).display());
                } else {
                    for b in &list {
                        say!(
                            "{}  {}  党员 {} 人，组织生活 {} 次{}  {}",
                            b.taken_at,
                            b.reason_label,
                            b.members,
                            b.activities,
                            b.latest_activity
                                .as_deref()
                                .map(|d| format!("（最近 {d}）"))
                                .unwrap_or_default(),
                            b.path
                        );
                    }
                }
            }
            BackupsCommand::Keep { count } => {
                let mut ledger = Ledger::open(path)?;
                let n = ledger.write(|tx| backups::set_keep(tx, count))?;
                say!("自动备份保留 {n} 份");
            }
        },
        LedgerCommand::Backup { out } => {
            let ledger = Ledger::open(path)?;
            ledger.backup(&out, &mut |_| {})?;
            say!("已备份到：{}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
