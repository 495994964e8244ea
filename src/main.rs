//! `zhibu`: the ledger from the command line, for batch work and for scripts. Errors go to stderr
//! in Chinese with exit code 1; nothing here panics on input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Datelike;
use clap::{Parser, Subcommand};
use zhibu::import::{ImportKind, ImportReport};
use zhibu::{
    branches, charts, check, dates, demo, export, import, ledger, points, reports, study, Error, Ledger, Result,
};

#[derive(Parser)]
#[command(name = "zhibu", version, about = "支部台账：高校基层党支部的离线电子台账")]
struct Cli {
    /// 台账文件（默认：环境变量 ZHIBU_LEDGER，否则用户数据目录下的 zhibu/ledger.db）
    #[arg(long, global = true, value_name = "FILE")]
    ledger: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
    },
    /// 从 .csv 或 .xlsx 导入（整表成功才写入）
    Import {
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
    },
    /// 报表
    Report {
        #[command(subcommand)]
        report: ReportCommand,
    },
    /// 导出电子台账工作簿或会议图表
    Export {
        #[command(subcommand)]
        export: ExportCommand,
    },
    /// 积分
    Points {
        #[command(subcommand)]
        points: PointsCommand,
    },
    /// 检查台账的完整性与一致性
    Check,
    /// 备份台账（程序运行时也可安全备份）
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum ExportCommand {
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

#[derive(Subcommand)]
enum PointsCommand {
    /// 说明某名党员的积分：每一分来自哪条记录、哪条规则
    Explain {
        /// 党员姓名
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

#[derive(Subcommand)]
enum ReportCommand {
    /// 年度统计
    Summary {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 积分排行（年度，或 --month 指定月份）
    Points {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 学习任务完成情况与党员学时
    Study {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 党支部工作排行（台账中有多个支部时）
    Branches {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("命令参数有误：{e}");
            return ExitCode::from(1);
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let path = ledger::resolve_path(cli.ledger.as_deref());
    match cli.command {
        Command::Init { branch, parent } => {
            Ledger::create(&path, &branch, parent.as_deref())?;
            println!("已新建台账：{}（支部：{}）", path.display(), branch.trim());
        }
        Command::Demo { today } => {
            let today = match today {
                Some(t) => zhibu::text::required_date("--today", Some(&t))?,
                None => chrono::Local::now().date_naive(),
            };
            let ledger = demo::create(&path, today)?;
            let s = reports::summary(ledger.conn(), None, today.year())?;
            println!(
                "已新建演示台账：{}（{}，党员 {} 人，{} 年组织生活 {} 次）",
                path.display(),
                demo::BRANCH,
                s.members,
                today.year(),
                s.activity_total
            );
        }
        Command::Import {
            kind,
            file,
            dry_run,
            branch,
            json,
        } => {
            let kind = ImportKind::parse(&kind)?;
            let mut ledger = Ledger::open(&path)?;
            let branch_id = branches::resolve(ledger.conn(), branch.as_deref())?;
            let report = import::run(&mut ledger, branch_id, kind, &file, dry_run)?;
            if json {
                print_json(&report)?;
            } else {
                print_import(&report);
            }
            if !report.errors.is_empty() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Report {
            report: ReportCommand::Summary { year, branch, json },
        } => {
            dates::year_bounds(year)?;
            let ledger = Ledger::open(&path)?;
            let branch_id = branch
                .as_deref()
                .map(|b| branches::resolve(ledger.conn(), Some(b)))
                .transpose()?;
            let s = reports::summary(ledger.conn(), branch_id, year)?;
            if json {
                print_json(&s)?;
            } else {
                print_summary(&s);
            }
        }
        Command::Report {
            report:
                ReportCommand::Points {
                    year,
                    month,
                    branch,
                    json,
                },
        } => {
            let (ledger, branch_id) = open_branch(&path, branch.as_deref())?;
            let (from, to) = points::period(year, month)?;
            let ranking = points::ranking(ledger.conn(), branch_id, from, to)?;
            if json {
                print_json(&ranking)?;
            } else {
                println!("积分排行：{from} 至 {to}");
                for s in &ranking {
                    println!("  第 {:>2} 名　{}　{} 分", s.rank, s.name, s.points);
                }
            }
        }
        Command::Report {
            report: ReportCommand::Study { year, branch, json },
        } => {
            let ledger = Ledger::open(&path)?;
            let branch_id = branch
                .as_deref()
                .map(|b| branches::resolve(ledger.conn(), Some(b)))
                .transpose()?;
            let report = StudyReport {
                tasks: study::task_stats(ledger.conn(), branch_id, year)?,
                members: study::member_stats(ledger.conn(), branch_id, year)?,
            };
            if json {
                print_json(&report)?;
            } else {
                println!("{year} 年学习任务 {} 项", report.tasks.len());
                for t in &report.tasks {
                    println!(
                        "  {}　完成率 {:.1}%（按时 {:.1}%）",
                        t.name,
                        t.completion_rate * 100.0,
                        t.on_time_rate * 100.0
                    );
                }
                println!("党员学时（应不少于 {} 学时）", study::YEARLY_HOURS);
                for m in &report.members {
                    let mark = if m.meets_yearly_hours { "" } else { "　未达标" };
                    println!(
                        "  {}　完成率 {:.1}%　学时 {}{mark}",
                        m.name,
                        m.completion_rate * 100.0,
                        m.study_hours
                    );
                }
            }
        }
        Command::Report {
            report: ReportCommand::Branches { year, json },
        } => {
            let ledger = Ledger::open(&path)?;
            let rows = points::branch_ranking(ledger.conn(), year, chrono::Local::now().date_naive())?;
            if json {
                print_json(&rows)?;
            } else {
                for r in &rows {
                    println!("  第 {} 名　{}　指数 {}", r.rank, r.name, r.index);
                }
            }
        }
        Command::Points {
            points:
                PointsCommand::Explain {
                    member,
                    year,
                    month,
                    branch,
                },
        } => {
            let (ledger, branch_id) = open_branch(&path, branch.as_deref())?;
            let (from, to) = points::period(year, month)?;
            let member_id = zhibu::members::find_identity(ledger.conn(), branch_id, &member, None, None)?.ok_or(
                Error::NotFound {
                    what: "党员",
                    key: member.clone(),
                },
            )?;
            print!(
                "{}",
                points::explain(ledger.conn(), branch_id, member_id, from, to)?.to_text()
            );
        }
        Command::Export {
            export:
                ExportCommand::Workbook {
                    year,
                    out,
                    branch,
                    include_sensitive,
                },
        } => {
            dates::year_bounds(year)?;
            let (ledger, branch_id) = open_branch(&path, branch.as_deref())?;
            let opts = export::WorkbookOptions {
                year,
                branch_id,
                include_sensitive,
            };
            let report = export::workbook(ledger.conn(), &ledger.attachments_dir(), opts, &out)?;
            println!("已导出电子台账：{}", report.path);
            for s in &report.sheets {
                println!("  {}：{} 行", s.name, s.rows);
            }
        }
        Command::Export {
            export:
                ExportCommand::Charts {
                    year,
                    out,
                    branch,
                    top,
                    anonymize,
                },
        } => {
            dates::year_bounds(year)?;
            if top == 0 {
                return Err(Error::invalid("--top 应为正整数"));
            }
            let (ledger, branch_id) = open_branch(&path, branch.as_deref())?;
            let opts = charts::ChartOptions {
                top,
                anonymize,
                ..charts::ChartOptions::new(year, branch_id)
            };
            let written = charts::write_all(ledger.conn(), &opts, &out)?;
            println!("已导出 {} 张图表到：{}", written.len(), out.display());
            for c in &written {
                println!("  {}　{}", c.file_name, c.title);
            }
        }
        Command::Check => {
            let ledger = Ledger::open(&path)?;
            let problems = check::run(&ledger)?;
            if problems.is_empty() {
                println!("台账完好：{}", path.display());
            } else {
                for p in &problems {
                    eprintln!("问题：{p}");
                }
                eprintln!("共发现 {} 个问题", problems.len());
                return Ok(ExitCode::from(1));
            }
        }
        Command::Backup { out } => {
            let ledger = Ledger::open(&path)?;
            ledger.backup(&out, |_, _| {})?;
            println!("已备份到：{}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct StudyReport {
    tasks: Vec<study::TaskStat>,
    members: Vec<study::MemberStudy>,
}

/// The ledger and the branch a command works on (the one named, else the only one).
fn open_branch(path: &Path, branch: Option<&str>) -> Result<(Ledger, i64)> {
    let ledger = Ledger::open(path)?;
    let branch_id = branches::resolve(ledger.conn(), branch)?;
    Ok((ledger, branch_id))
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Error::Format(e.to_string()))?;
    println!("{text}");
    Ok(())
}

fn print_import(r: &ImportReport) {
    let what = if r.applied {
        "已导入"
    } else {
        "预览（未写入）"
    };
    println!(
        "{what}：{}，共 {} 行：新增 {}，更新 {}，不变 {}",
        Path::new(&r.file).display(),
        r.rows,
        r.created,
        r.updated,
        r.unchanged
    );
    for w in &r.warnings {
        println!("提示：{w}");
    }
    for c in r.changes.iter().filter(|c| c.action != import::Action::Unchanged) {
        let action = if c.action == import::Action::Create {
            "新增"
        } else {
            "更新"
        };
        println!("  第 {} 行 {action}：{}", c.row, c.summary);
    }
    for e in &r.errors {
        eprintln!("错误：{e}");
    }
}

fn print_summary(s: &reports::Summary) {
    println!(
        "{} 年度统计{}",
        s.year,
        s.branch.as_deref().map(|b| format!("（{b}）")).unwrap_or_default()
    );
    println!("  年末在册党员：{} 人", s.members);
    println!("  组织生活：{} 次，学时合计 {}", s.activity_total, s.activity_hours);
    for k in zhibu::labels::ActivityKind::ALL {
        let n = s.activities.get(k.code()).copied().unwrap_or(0);
        if n > 0 {
            println!("    {}：{n} 次", k.label());
        }
    }
    println!(
        "  出席率：{:.1}%（实到 {} / 应到 {}）",
        s.attendance_rate * 100.0,
        s.present_total,
        s.expected_total
    );
}
