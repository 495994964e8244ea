//! `export workbook|charts`: the year's 电子台账 and the meeting charts.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::io::{charts, export, package};
use zhibu::kernel::dates;
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum ExportCommand {
    /// 年度电子台账工作簿（.xlsx，可直接打印上交）
    Workbook {
        #[arg(long)]
        year: i32,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long)]
        branch: Option<String>,
        /// 写出完整的联系电话和身份证号（默认隐藏）
        #[arg(long)]
        include_sensitive: bool,
        /// 完整版：另附积分明细和学习记录两份明细（默认只含审阅用的台账）
        #[arg(long)]
        full: bool,
        /// A4 横向放不下的宽表（花名册、组织生活记录、考勤表）用 A3 纸打印：放得下的一页打完，放不下的分成更少几页
        #[arg(long)]
        a3: bool,
    },
    /// 年度民主评议表（.xlsx）：民主评议汇总表（含评定等次下拉框）、合规日历、谈心谈话、表彰
    Appraisal {
        #[arg(long)]
        year: i32,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long)]
        branch: Option<String>,
        /// 合规日历按哪一天判断（默认今天）
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// 全院（党委）年度工作簿：各支部汇总、支部排行、合规情况，以及带“支部”列的花名册、组织生活记录、考勤明细、学习记录、学时统计、积分排行
    College {
        #[arg(long)]
        year: i32,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        /// 合规情况按哪一天判断（默认今天）
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
    },
    /// 会议记录：每次组织生活一页（时间、地点、主持人、记录人、应到实到、缺席及原因、议题、内容摘要、决议与表决），可打印装订
    Minutes {
        #[arg(long)]
        year: i32,
        #[arg(long, value_name = "FILE.xlsx")]
        out: PathBuf,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 佐证材料文件夹：按月份和扩展模块整理的活动附件与园地资料，附索引表
    Evidence {
        #[arg(long)]
        year: i32,
        /// 新的文件夹（已存在且不为空时不写入）
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 支部上报包：本支部一个年度的全部记录和审计链存证，一个文件，交党委导入（zhibu import package）
    Package {
        #[arg(long)]
        year: i32,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 会议展示图表（PNG，1920×1080）
    Charts {
        #[arg(long)]
        year: i32,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[arg(long)]
        branch: Option<String>,
        /// 积分排行显示前 N 名
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// 只显示前 N 名的姓名
        #[arg(long)]
        anonymize: bool,
    },
}

pub fn run(path: &Path, command: ExportCommand) -> Result<ExitCode> {
    match command {
        ExportCommand::Workbook {
            year,
            out,
            branch,
            include_sensitive,
            full,
            a3,
        } => {
            dates::year_bounds(year)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let opts = export::WorkbookOptions {
                year,
                branch_id,
                include_sensitive,
                include_details: full,
                a3,
            };
            let report = export::workbook(ledger.conn(), opts, &out, &mut |_| {})?;
            say!("已导出电子台账：{}", report.path);
            for s in &report.sheets {
                say!("  {}：{} 行", s.name, s.rows);
            }
        }
        ExportCommand::College { year, out, as_of } => {
            dates::year_bounds(year)?;
            let as_of = super::day_or_today("--as-of", as_of)?;
            let (ledger, _) = super::open_branch_or_all(path, None)?;
            let report = export::college::workbook(ledger.conn(), year, as_of, &out, &mut |_| {})?;
            say!("已导出全院工作簿：{}", report.path);
            for s in &report.sheets {
                say!("  {}：{} 行", s.name, s.rows);
            }
        }
        ExportCommand::Minutes { year, out, branch } => {
            dates::year_bounds(year)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let report = export::minutes::workbook(ledger.conn(), branch_id, year, &out, &mut |_| {})?;
            say!(
                "已导出会议记录：{}（{} 次组织生活，每次一页）",
                report.path,
                report.sheets[0].rows
            );
        }
        ExportCommand::Evidence { year, out, branch } => {
            dates::year_bounds(year)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let r = export::evidence::write(
                ledger.conn(),
                &ledger.attachments_dir(),
                branch_id,
                year,
                &out,
                &mut |_| {},
            )?;
            say!(
                "已导出佐证材料：{}（文件 {} 个，链接 {} 个，索引 {}）",
                r.dir,
                r.files,
                r.links,
                export::evidence::INDEX
            );
            for m in &r.missing {
                say!("  台账文件夹中缺少：{m}");
            }
        }
        ExportCommand::Appraisal {
            year,
            out,
            branch,
            as_of,
        } => {
            dates::year_bounds(year)?;
            let as_of = super::day_or_today("--as-of", as_of)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let report = export::appraisal::workbook(ledger.conn(), branch_id, year, as_of, &out, &mut |_| {})?;
            say!("已导出民主评议表：{}", report.path);
            for s in &report.sheets {
                say!("  {}：{} 行", s.name, s.rows);
            }
        }
        ExportCommand::Package { year, out, branch } => {
            dates::year_bounds(year)?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let r = package::export(&mut ledger, branch_id, year, &out, &mut |_| {})?;
            say!("已导出上报包：{}（{}）", r.path, size(r.bytes));
            let parent = r.parent_org.as_deref().map(|p| format!("（{p}）")).unwrap_or_default();
            say!("  {}{parent}　{} 年度　导出于 {}", r.branch, r.year, r.exported_at);
            say!(
                "  党员 {} 人，组织生活 {} 次，共 {} 行记录",
                r.members,
                r.activities,
                r.rows
            );
            say!("  审计链头：{}（党委导入时显示同一链头，可据此核对）", r.head);
        }
        ExportCommand::Charts {
            year,
            out,
            branch,
            top,
            anonymize,
        } => {
            dates::year_bounds(year)?;
            if top == 0 {
                return Err(Error::invalid("--top 应为正整数"));
            }
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let opts = charts::ChartOptions {
                top,
                anonymize,
                ..charts::ChartOptions::new(year, branch_id)
            };
            let written = charts::write_all(ledger.conn(), &opts, &out, &mut |_| {})?;
            say!("已导出 {} 张图表到：{}", written.len(), out.display());
            for c in &written {
                say!("  {}　{}", c.file_name, c.title);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// 8.1 KB, 2.3 MB.
fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    }
}
