//! `appraisal grade|score`: the branch's 民主评议 decision on a member (优秀 within a third of those
//! graded), and a member's 自评, 互评, 测评 and 备注.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::appraisal::{self, Fill, Scores};
use zhibu::domain::members;
use zhibu::kernel::action::Action;
use zhibu::kernel::labels::AppraisalGrade;
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum AppraisalCommand {
    /// 评定等次：优秀、合格、基本合格、不合格，或 清除
    Grade {
        /// 姓名或身份证号
        member: String,
        #[arg(long)]
        year: i32,
        /// 评定等次：优秀、合格、基本合格 或 不合格
        #[arg(long)]
        grade: String,
        /// 评定者（默认 支部委员会）
        #[arg(long, default_value = "支部委员会")]
        by: String,
        /// 评定日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 记录自评等次、互评得分、测评得分、备注（未给出的保持不变；写“清除”清空该项）
    Score {
        /// 姓名或身份证号
        member: String,
        #[arg(long)]
        year: i32,
        /// 自评等次：优秀、合格、基本合格、不合格
        #[arg(long = "self", value_name = "GRADE")]
        self_grade: Option<String>,
        /// 互评得分（0–100）
        #[arg(long)]
        peer: Option<String>,
        /// 测评得分（0 至评议指引的测评上限，默认 10）
        #[arg(long)]
        poll: Option<String>,
        #[arg(long)]
        note: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
}

const CLEAR: &str = "清除";

/// A flag as given: absent keeps the recorded value, “清除” empties it.
fn change<T>(given: Option<String>, kept: Option<T>, parse: impl Fn(&str) -> Result<T>) -> Result<Option<T>> {
    match given.as_deref().map(str::trim) {
        None => Ok(kept),
        Some(CLEAR) => Ok(None),
        Some(t) => parse(t).map(Some),
    }
}

fn number(field: &'static str) -> impl Fn(&str) -> Result<f64> {
    move |t| {
        t.parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .ok_or_else(|| Error::invalid(format!("{field}：“{t}”不是数字")))
    }
}

fn parse_grade(t: &str) -> Result<AppraisalGrade> {
    AppraisalGrade::parse(t).ok_or_else(|| {
        Error::invalid(format!(
            "等次：无法识别“{t}”，应为 优秀、合格、基本合格、不合格 或 {CLEAR}"
        ))
    })
}

pub fn run(path: &Path, command: AppraisalCommand) -> Result<ExitCode> {
    match command {
        AppraisalCommand::Grade {
            member,
            year,
            grade,
            by,
            date,
            branch,
        } => decide(path, member, year, grade, by, date, branch),
        AppraisalCommand::Score {
            member,
            year,
            self_grade,
            peer,
            poll,
            note,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            let kept = appraisal::records(ledger.conn(), branch_id, year)?
                .remove(&member_id)
                .unwrap_or_default();
            let scores = Scores {
                self_grade: change(self_grade, kept.self_grade, parse_grade)?,
                peer_score: change(peer, kept.peer_score, number("互评得分"))?,
                poll_score: change(poll, kept.poll_score, number("测评得分"))?,
                note: change(note, kept.note, |t| Ok(t.to_string()))?,
            };
            let action = ledger.write(|tx| appraisal::score(tx, branch_id, member_id, year, &scores, Fill::Replace))?;
            let done = if action == Action::Unchanged {
                "没有变化"
            } else {
                "已记录"
            };
            say!("{done}：{member} {year} 年民主评议的自评与得分");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn decide(
    path: &Path,
    member: String,
    year: i32,
    grade: String,
    by: String,
    date: Option<String>,
    branch: Option<String>,
) -> Result<ExitCode> {
    let grade = match grade.trim() {
        CLEAR => None,
        g => Some(parse_grade(g)?),
    };
    let on = match date {
        Some(d) => zhibu::kernel::text::required_date("--date", Some(&d))?,
        None => chrono::Local::now().date_naive(),
    };
    let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
    ledger.write(|tx| appraisal::decide(tx, branch_id, member_id, year, grade, &by, on))?;
    say!(
        "已记录：{member} {year} 年民主评议 {}",
        grade.map_or("（已清除）", |g| g.label())
    );
    Ok(ExitCode::SUCCESS)
}
