//! `rules show|set-life|set-guide|set-attention`: the configurable rules besides the points — how often a 党课 is
//! due and the 主题党日's fixed day, and the 民主评议 guide — each a dated version.

use std::path::Path;
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::domain::rules::{self, Guide, GuideInput, LifeRules, LifeRulesInput};
use zhibu::{Error, Ledger, Result};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// 列出组织生活规则与民主评议指引的各个版本（施行日期、内容）
    Show {
        #[arg(long)]
        json: bool,
    },
    /// 新的组织生活规则：党课频次、主题党日固定日
    SetLife {
        /// 施行日期：此后结束的月份、季度、年度按新规则检查
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 党课频次：每月、每季度 或 每年
        #[arg(long, default_value = "每季度")]
        party_lecture: String,
        /// 主题党日固定日（1–31；不写表示当月任意一天）
        #[arg(long)]
        theme_day: Option<u32>,
        #[arg(long)]
        note: Option<String>,
    },
    /// 新的民主评议指引：评议得分 = 基础分 + 加分 + 测评 − 减分，及各等次分数线
    SetGuide {
        /// 施行日期：12 月 31 日已施行的指引用于当年的评议
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 基础分
        #[arg(long, default_value_t = 60.0)]
        base: f64,
        /// 加分上限（积分最高者得满）
        #[arg(long, default_value_t = 30.0)]
        bonus_max: f64,
        /// 测评分上限
        #[arg(long, default_value_t = 10.0)]
        poll_max: f64,
        /// 优秀的分数线
        #[arg(long, default_value_t = 90.0)]
        excellent: f64,
        /// 合格的分数线
        #[arg(long, default_value_t = 80.0)]
        qualified: f64,
        /// 基本合格的分数线（更低为不合格）
        #[arg(long, default_value_t = 60.0)]
        basic: f64,
        #[arg(long)]
        note: Option<String>,
    },
    /// 关注名单的学习任务完成率标准（百分比，默认 80）
    SetAttention {
        /// 完成率低于这个百分比的党员列入关注名单，如 80
        #[arg(long)]
        percent: f64,
    },
}

pub fn run(path: &Path, command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::Show { json } => {
            let ledger = Ledger::open(path)?;
            let all = rules::all(ledger.conn())?;
            if json {
                super::print_json(&all)?;
            } else {
                say!("组织生活规则：");
                all.life.iter().for_each(print_life);
                say!("民主评议指引：");
                all.guides.iter().for_each(print_guide);
                say!(
                    "关注名单：学习任务完成率低于 {}% 的党员列入",
                    all.attention_threshold * 100.0
                );
            }
        }
        RulesCommand::SetLife {
            from,
            party_lecture,
            theme_day,
            note,
        } => {
            let mut ledger = Ledger::open(path)?;
            let input = LifeRulesInput {
                effective_from: from,
                note,
                party_lecture_every: party_lecture,
                theme_day_of_month: theme_day,
            };
            let saved = ledger.write(|tx| rules::save_life_rules(tx, &input))?;
            say!("已保存组织生活规则：");
            print_life(&saved);
        }
        RulesCommand::SetAttention { percent } => {
            let mut ledger = Ledger::open(path)?;
            let v = ledger.write(|tx| rules::set_attention_threshold(tx, percent))?;
            say!("已保存：学习任务完成率低于 {}% 的党员列入关注名单", v * 100.0);
        }
        RulesCommand::SetGuide {
            from,
            base,
            bonus_max,
            poll_max,
            excellent,
            qualified,
            basic,
            note,
        } => {
            if [base, bonus_max, poll_max, excellent, qualified, basic]
                .iter()
                .any(|v| !v.is_finite())
            {
                return Err(Error::invalid("评议指引的分值应为数字"));
            }
            let mut ledger = Ledger::open(path)?;
            let input = GuideInput {
                effective_from: from,
                note,
                base,
                bonus_max,
                poll_max,
                excellent_min: excellent,
                qualified_min: qualified,
                basic_min: basic,
            };
            let saved = ledger.write(|tx| rules::save_guide(tx, &input))?;
            say!("已保存民主评议指引：");
            print_guide(&saved);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn since(from: chrono::NaiveDate, note: &Option<String>) -> String {
    format!(
        "自 {from} 起{}",
        note.as_deref().map(|n| format!("（{n}）")).unwrap_or_default()
    )
}

fn print_life(r: &LifeRules) {
    say!(
        "  {}：党课{}至少一次；主题党日{}",
        since(r.effective_from, &r.note),
        r.party_lecture_every.label(),
        r.theme_day_of_month
            .map_or("每月任意一天".to_string(), |d| format!("每月 {d} 日前"))
    );
}

fn print_guide(g: &Guide) {
    say!(
        "  {}：基础分 {} + 加分（最多 {}）+ 测评（最多 {}）− 减分；{} 分及以上优秀，{} 分及以上合格，{} 分及以上基本合格",
        since(g.effective_from, &g.note),
        g.base,
        g.bonus_max,
        g.poll_max,
        g.excellent_min,
        g.qualified_min,
        g.basic_min
    );
}
