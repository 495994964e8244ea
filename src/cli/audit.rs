//! `audit list`, `audit export`: the log of every change made through Zhibu.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::io::export;
use zhibu::store::audit;
use zhibu::{Ledger, Result};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 列出最近的审计日志（最新在前；身份证号、电话已隐藏）
    List {
        /// 条数
        #[arg(long, default_value_t = 50)]
        limit: i64,
        /// 跳过最新的若干条
        #[arg(long, default_value_t = 0)]
        offset: i64,
        /// 以 JSON 输出
        #[arg(long)]
        json: bool,
    },
    /// 把全部审计日志导出为 .xlsx
    Export {
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
    },
}

pub fn run(path: &Path, command: AuditCommand) -> Result<ExitCode> {
    let ledger = Ledger::open(path)?;
    match command {
        AuditCommand::List { limit, offset, json } => {
            let entries = audit::entries(ledger.conn(), offset, limit.clamp(0, 100_000))?;
            if json {
                super::print_json(&entries)?;
            } else {
                for e in &entries {
                    say!(
                        "{:>6}  {}  {}  {}{}  {}  {}",
                        e.seq,
                        e.at,
                        e.origin,
                        e.table_label,
                        e.row_key,
                        e.op.label(),
                        e.described
                    );
                }
                say!("共 {} 条", audit::count(ledger.conn())?);
            }
        }
        AuditCommand::Export { out } => {
            let report = export::audit::workbook(ledger.conn(), &out, &mut |_| {})?;
            say!("已导出审计日志：{}", report.path);
        }
    }
    Ok(ExitCode::SUCCESS)
}
