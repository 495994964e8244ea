//! `points explain|rules|set-rules|adjust`: every point of a member, its event and its rule; the
//! dated rule sets; the manual 加分/减分.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::analysis::points;
use zhibu::domain::members;
use zhibu::domain::points::{self as rules, RuleInput};
use zhibu::kernel::action::Action;
use zhibu::kernel::labels::PointRule;
use zhibu::{Error, Ledger, Result};

#[derive(Subcommand)]
pub enum PointsCommand {
    /// 说明某名党员的积分：每一分来自哪条记录、哪条规则
    Explain {
        /// 党员姓名或身份证号
        #[arg(long)]
        member: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 列出积分规则：每套规则的施行日期、各项分值与上限
    Rules {
        #[arg(long)]
        json: bool,
    },
    /// 新定一套积分规则，自 --from 起施行（此前的记录仍按当时的规则计分）
    SetRules {
        /// 施行日期（同一日期的旧规则被替换）
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 说明
        #[arg(long)]
        note: Option<String>,
        /// 每条规则一项，须全部给出（代码见 points rules）：代码=分值[:上限]，如 attend=2、discussion=0.5:5；
        /// 上限是每月计分的次数（先锋岗评定为每年）
        #[arg(long = "rule", value_name = "CODE=POINTS[:CAP]", required = true)]
        rules: Vec<String>,
    },
    /// 为党员加分或减分（减分写负数），须写明事由
    Adjust {
        /// 姓名或身份证号
        #[arg(long)]
        member: String,
        #[arg(long, value_name = "DATE")]
        date: String,
        /// 分值：加分写正数，减分写负数
        #[arg(long, allow_negative_numbers = true)]
        points: f64,
        /// 事由
        #[arg(long)]
        reason: String,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run(path: &Path, command: PointsCommand) -> Result<ExitCode> {
    match command {
        PointsCommand::Explain {
            member,
            year,
            month,
            branch,
        } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let (from, to) = points::period(year, month)?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            let text = points::explain(ledger.conn(), branch_id, member_id, from, to)?.to_text();
            say!("{}", text.trim_end_matches('\n'));
        }
        PointsCommand::Rules { json } => {
            let ledger = Ledger::open(path)?;
            let sets = rules::rule_sets(ledger.conn())?;
            if json {
                super::print_json(&sets)?;
            } else {
                for s in &sets {
                    print_rule_set(s);
                }
            }
        }
        PointsCommand::SetRules {
            from,
            note,
            rules: given,
        } => {
            let inputs = parse_rules(&given)?;
            let mut ledger = Ledger::open(path)?;
            let set = ledger.write(|tx| rules::save_rules_from_form(tx, &from, note.as_deref(), &inputs))?;
            say!("已保存积分规则：");
            print_rule_set(&set);
        }
        PointsCommand::Adjust {
            member,
            date,
            points,
            reason,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            let action = ledger.write(|tx| rules::adjust_from_form(tx, member_id, &date, points, &reason))?;
            let what = if points > 0.0 { "加分" } else { "减分" };
            if action == Action::Create {
                say!(
                    "已记录{what}：{}　{}　{points} 分　{}",
                    member.trim(),
                    date.trim(),
                    reason.trim()
                );
            } else {
                say!("台账中已有这条{what}，未重复记录");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_rule_set(s: &rules::RuleSet) {
    say!(
        "自 {} 起施行{}",
        s.effective_from,
        s.note.as_deref().map(|n| format!("（{n}）")).unwrap_or_default()
    );
    for r in &s.rules {
        let period = if rules::cap_period_is_year(r.rule) {
            "每年"
        } else {
            "每月"
        };
        say!(
            "  {}（{}）：{} 分{}",
            r.label,
            r.rule.code(),
            r.points,
            r.cap.map(|c| format!("，{period}最多计 {c} 次")).unwrap_or_default()
        );
    }
}

/// `attend=2`, `discussion=0.5:5`: a rule, its points and its optional cap. Which rules are known
/// and that none is missing is the core's to say; a rule given twice is refused here.
fn parse_rules(given: &[String]) -> Result<Vec<RuleInput>> {
    let mut inputs: Vec<RuleInput> = Vec::new();
    for text in given {
        let bad = || {
            Error::invalid(format!(
                "--rule：无法识别“{text}”，应写成 代码=分值 或 代码=分值:上限，如 attend=2、discussion=0.5:5"
            ))
        };
        let (rule, value) = text.split_once('=').ok_or_else(bad)?;
        let (points, cap) = match value.split_once(':') {
            Some((p, c)) => (p, Some(c.trim().parse::<i64>().map_err(|_| bad())?)),
            None => (value, None),
        };
        let points: f64 = points.trim().parse().map_err(|_| bad())?;
        let rule = rule.trim().to_string();
        if let Some(known) = PointRule::parse(&rule) {
            if inputs.iter().any(|i| PointRule::parse(&i.rule) == Some(known)) {
                return Err(Error::invalid(format!("--rule：“{}”给出了不止一次", known.label())));
            }
        }
        inputs.push(RuleInput { rule, points, cap });
    }
    Ok(inputs)
}
