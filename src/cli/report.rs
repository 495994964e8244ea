//! `report summary|points|study|branches|compliance|attention|appraisal`: the year's figures, as text or `--json` (a contract:
//! tests outside this repository read these JSON shapes).

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::analysis::{appraisal, attention, compliance, points, reports};
use zhibu::domain::study;
use zhibu::io::package;
use zhibu::kernel::dates;
use zhibu::kernel::labels::ActivityKind;
use zhibu::{Ledger, Result};

#[derive(Subcommand)]
pub enum ReportCommand {
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
    /// 组织生活合规日历：各月、各季度、全年应开未开的会议，未谈心谈话的党员，无效的党员大会
    Compliance {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        branch: Option<String>,
        /// 按哪一天判断（默认今天）：此前结束的月份、季度算缺，其余算待开
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 关注名单：学时落后于进度、一季度无故缺席两次及以上、学习任务完成率偏低的党员，和完成率最低的任务类别
    Attention {
        #[arg(long)]
        year: i32,
        /// 按哪一天计算（默认今天；过去的年份按年底）
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 民主评议：每名党员的评议得分、建议等次与评定等次（预备党员参加评议但不评定）
    Appraisal {
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
    /// 已收到的支部上报包：哪些支部已上报、何时导出、何时导入
    Packages {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        json: bool,
    },
}

#[derive(serde::Serialize)]
struct StudyReport {
    tasks: Vec<study::TaskStat>,
    members: Vec<study::MemberStudy>,
}

pub fn run(path: &Path, command: ReportCommand) -> Result<ExitCode> {
    match command {
        ReportCommand::Summary { year, branch, json } => {
            dates::year_bounds(year)?;
            let (ledger, branch_id) = super::open_branch_or_all(path, branch.as_deref())?;
            let s = reports::summary(ledger.conn(), branch_id, year)?;
            if json {
                super::print_json(&s)?;
            } else {
                print_summary(&s);
            }
        }
        ReportCommand::Points {
            year,
            month,
            branch,
            json,
        } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let (from, to) = points::period(year, month)?;
            let ranking = points::ranking(ledger.conn(), branch_id, from, to)?;
            if json {
                super::print_json(&ranking)?;
            } else {
                say!("积分排行：{from} 至 {to}");
                for s in &ranking {
                    say!("  第 {:>2} 名　{}　{} 分", s.rank, s.name, s.points);
                }
            }
        }
        ReportCommand::Study { year, branch, json } => {
            let (ledger, branch_id) = super::open_branch_or_all(path, branch.as_deref())?;
            let (tasks, members) = study::year_stats(ledger.conn(), branch_id, year)?;
            let report = StudyReport { tasks, members };
            if json {
                super::print_json(&report)?;
            } else {
                print_study(year, &report);
            }
        }
        ReportCommand::Compliance {
            year,
            branch,
            as_of,
            json,
        } => {
            let as_of = super::day_or_today("--as-of", as_of)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let c = compliance::compliance(ledger.conn(), branch_id, year, as_of)?;
            if json {
                super::print_json(&c)?;
            } else {
                let lines = c.missing_lines();
                say!("{year} 年组织生活合规情况（截至 {as_of}）");
                if lines.is_empty() {
                    say!("  应开的会议均已召开，无缺项");
                }
                for l in &lines {
                    say!("  缺：{l}");
                }
            }
        }
        ReportCommand::Attention {
            year,
            as_of,
            branch,
            json,
        } => {
            let as_of = super::day_or_today("--as-of", as_of)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let a = attention::attention(ledger.conn(), branch_id, year, as_of)?;
            if json {
                super::print_json(&a)?;
            } else {
                say!("{year} 年关注名单（截至 {}）", a.as_of);
                if a.members.is_empty() {
                    say!("  没有需要关注的党员");
                }
                for m in &a.members {
                    say!("  {}：{}", m.name, m.reasons.join("；"));
                }
                say!("学习任务类别完成率（从低到高，可作下次“三会一课”的主题参考）：");
                for c in &a.categories {
                    say!(
                        "  {}　{:.1}%（{}/{}）",
                        c.category,
                        c.completion * 100.0,
                        c.completed,
                        c.required
                    );
                }
            }
        }
        ReportCommand::Appraisal { year, branch, json } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let rows = appraisal::sheet(ledger.conn(), branch_id, year)?;
            if json {
                super::print_json(&rows)?;
            } else {
                let g = zhibu::domain::rules::guide_for(ledger.conn(), year)?;
                say!(
                    "{year} 年民主评议（基础分 {} + 加分 ≤{} + 测评 ≤{} − 减分）",
                    g.base,
                    g.bonus_max,
                    g.poll_max
                );
                for r in &rows {
                    let label = |g: Option<zhibu::kernel::labels::AppraisalGrade>| g.map_or("—", |g| g.label());
                    match r.score {
                        Some(s) => say!(
                            "  {}　{s} 分　建议：{}　评定：{}",
                            r.name,
                            label(r.suggested),
                            label(r.grade)
                        ),
                        None => say!("  {}　预备党员，参加评议，不评定等次", r.name),
                    }
                }
            }
        }
        ReportCommand::Branches { year, json } => {
            let ledger = Ledger::open(path)?;
            let rows = zhibu::analysis::college::ranking(ledger.conn(), year, chrono::Local::now().date_naive())?;
            if json {
                super::print_json(&rows)?;
            } else {
                for r in &rows {
                    say!("  第 {} 名　{}　指数 {}", r.rank, r.name, r.index);
                }
            }
        }
        ReportCommand::Packages { year, json } => {
            dates::year_bounds(year)?;
            let ledger = Ledger::open(path)?;
            let rows = package::received(ledger.conn(), year)?;
            if json {
                super::print_json(&rows)?;
                return Ok(ExitCode::SUCCESS);
            }
            // In a branch's own ledger: what it sent, with the head to read out to the 党委.
            for e in package::exported(ledger.conn(), year)? {
                say!(
                    "本台账导出：{}　{} 年度　导出于 {}　链头 {}",
                    e.branch,
                    e.year,
                    e.exported_at,
                    e.head
                );
            }
            if rows.is_empty() {
                say!("{year} 年度还没有收到支部上报包");
            } else {
                say!("{year} 年度已收到 {} 个支部的上报包", rows.len());
                for r in &rows {
                    say!(
                        "  {}　{}　导出于 {}　导入于 {}　党员 {} 人　组织生活 {} 次　链头 {}",
                        r.parent_org.as_deref().unwrap_or("—"),
                        r.branch,
                        r.exported_at,
                        r.imported_at,
                        r.members,
                        r.activities,
                        r.head
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_study(year: i32, report: &StudyReport) {
    say!("{year} 年学习任务 {} 项", report.tasks.len());
    for t in &report.tasks {
        say!(
            "  {}　完成率 {:.1}%（按时 {:.1}%）",
            t.name,
            t.completion_rate * 100.0,
            t.on_time_rate * 100.0
        );
    }
    say!("党员学时（应不少于 {} 学时）", study::YEARLY_HOURS);
    for m in &report.members {
        let mark = if m.meets_yearly_hours { "" } else { "　未达标" };
        say!(
            "  {}　完成率 {:.1}%　学时 {}{mark}",
            m.name,
            m.completion_rate * 100.0,
            m.study_hours
        );
    }
}

fn print_summary(s: &reports::Summary) {
    say!(
        "{} 年度统计{}",
        s.year,
        s.branch.as_deref().map(|b| format!("（{b}）")).unwrap_or_default()
    );
    say!("  年末在册党员：{} 人", s.members);
    say!("  组织生活：{} 次，学时合计 {}", s.activity_total, s.activity_hours);
    for k in ActivityKind::ALL {
        let n = s.activities.get(k.code()).copied().unwrap_or(0);
        if n > 0 {
            say!("    {}：{n} 次", k.label());
        }
    }
    say!(
        "  出席率：{:.1}%（实到 {} / 应到 {}）",
        s.attendance_rate * 100.0,
        s.present_total,
        s.expected_total
    );
}
