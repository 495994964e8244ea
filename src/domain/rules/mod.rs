//! The configurable rules of domain.md besides the points: the 组织生活 calendar (how often a 党课 is
//! due, the fixed day of the monthly 主题党日) and the 民主评议 guide (基础分, 加分 and 测评 limits, the
//! grade thresholds). Each is kept as dated versions, like the points rules: a period is judged by
//! the version in force on its last day, a year's 民主评议 by the one in force on 31 December.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::kernel::labels::{AppraisalGrade, Cadence};
use crate::kernel::text::{check_optional, non_empty, required_date, TEXT_MAX};
use crate::store::Tx;
use crate::{Error, Result};

/// The 组织生活 calendar's configurable items.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LifeRules {
    pub effective_from: NaiveDate,
    pub note: Option<String>,
    /// How often a 党课 is due (default: every quarter).
    pub party_lecture_every: Cadence,
    /// The 主题党日's fixed day of the month, its deadline (default none: any day of the month; a
    /// day past the month's end means its last day).
    pub theme_day_of_month: Option<u32>,
}

/// The points-based 民主评议 guide: score = base + bonus (up to `bonus_max`, from the year's points)
/// + 测评 (up to `poll_max`) − 减分; the thresholds suggest the grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guide {
    pub effective_from: NaiveDate,
    pub note: Option<String>,
    pub base: f64,
    pub bonus_max: f64,
    pub poll_max: f64,
    pub excellent_min: f64,
    pub qualified_min: f64,
    pub basic_min: f64,
}

impl Guide {
    /// The grade a score suggests, before the third of 优秀 is applied.
    pub fn grade_for(&self, score: f64) -> AppraisalGrade {
        match score {
            s if s >= self.excellent_min => AppraisalGrade::Excellent,
            s if s >= self.qualified_min => AppraisalGrade::Qualified,
            s if s >= self.basic_min => AppraisalGrade::Basic,
            _ => AppraisalGrade::Unqualified,
        }
    }
}

fn year_end(year: i32) -> Result<NaiveDate> {
    Ok(crate::kernel::dates::year_bounds(year)?.1)
}

/// domain.md's defaults, as migration 008 seeds them: what applies should a ledger lack its versions.
const DEFAULT_LIFE: LifeRules = LifeRules {
    effective_from: NaiveDate::MIN,
    note: None,
    party_lecture_every: Cadence::Quarter,
    theme_day_of_month: None,
};
const DEFAULT_GUIDE: Guide = Guide {
    effective_from: NaiveDate::MIN,
    note: None,
    base: 60.0,
    bonus_max: 30.0,
    poll_max: 10.0,
    excellent_min: 90.0,
    qualified_min: 80.0,
    basic_min: 60.0,
};

/// Every version of the calendar rules, oldest first.
pub fn life_rule_sets(conn: &Connection) -> Result<Vec<LifeRules>> {
    let mut st = conn.prepare_cached(
        "SELECT effective_from, note, party_lecture_every, theme_day_of_month FROM life_rule_set ORDER BY effective_from",
    )?;
    let rows = st.query_map([], |r| {
        Ok(LifeRules {
            effective_from: r.get(0)?,
            note: r.get(1)?,
            party_lecture_every: r.get(2)?,
            theme_day_of_month: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The calendar rules in force on `day` (the defaults before any version).
pub fn life_rules_on(sets: &[LifeRules], day: NaiveDate) -> LifeRules {
    sets.iter()
        .rev()
        .find(|s| s.effective_from <= day)
        .cloned()
        .unwrap_or(DEFAULT_LIFE)
}

/// What 设置 or the CLI gives for a new version.
#[derive(Debug, Clone, Deserialize)]
pub struct LifeRulesInput {
    pub effective_from: String,
    pub note: Option<String>,
    pub party_lecture_every: String,
    pub theme_day_of_month: Option<u32>,
}

/// A version of the calendar rules in force from its date (replacing one of the same date).
pub fn save_life_rules(tx: &Tx, input: &LifeRulesInput) -> Result<LifeRules> {
    let from = required_date("施行日期", Some(&input.effective_from))?;
    let every = Cadence::parse(&input.party_lecture_every).ok_or_else(|| {
        Error::invalid(format!(
            "党课频次：无法识别“{}”，应为 每月、每季度 或 每年",
            input.party_lecture_every
        ))
    })?;
    if let Some(d) = input.theme_day_of_month.filter(|d| !(1..=31).contains(d)) {
        return Err(Error::invalid(format!(
            "主题党日固定日：“{d}”应为 1–31 之间的日子，或留空表示当月任意一天"
        )));
    }
    check_optional("说明", input.note.as_deref(), TEXT_MAX)?;
    let note = input.note.as_deref().and_then(non_empty);
    tx.execute(
        "INSERT INTO life_rule_set (effective_from, note, party_lecture_every, theme_day_of_month) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (effective_from) DO UPDATE SET note = ?2, party_lecture_every = ?3, theme_day_of_month = ?4",
        params![from, note, every, input.theme_day_of_month],
    )?;
    Ok(LifeRules {
        effective_from: from,
        note,
        party_lecture_every: every,
        theme_day_of_month: input.theme_day_of_month,
    })
}

/// Every version of the guide, oldest first.
pub fn guides(conn: &Connection) -> Result<Vec<Guide>> {
    let mut st = conn.prepare_cached(
        "SELECT effective_from, note, base, bonus_max, poll_max, excellent_min, qualified_min, basic_min
         FROM appraisal_guide ORDER BY effective_from",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Guide {
            effective_from: r.get(0)?,
            note: r.get(1)?,
            base: r.get(2)?,
            bonus_max: r.get(3)?,
            poll_max: r.get(4)?,
            excellent_min: r.get(5)?,
            qualified_min: r.get(6)?,
            basic_min: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The guide a year's 民主评议 uses: the version in force on 31 December (the defaults before any).
pub fn guide_for(conn: &Connection, year: i32) -> Result<Guide> {
    let end = year_end(year)?;
    Ok(guides(conn)?
        .into_iter()
        .rev()
        .find(|g| g.effective_from <= end)
        .unwrap_or(DEFAULT_GUIDE))
}

/// Every rule of this module as 设置 and `rules show` list them.
#[derive(Debug, Serialize)]
pub struct AllRules {
    pub life: Vec<LifeRules>,
    pub guides: Vec<Guide>,
    /// The 关注名单's completion threshold, 0–1.
    pub attention_threshold: f64,
}

pub fn all(conn: &Connection) -> Result<AllRules> {
    Ok(AllRules {
        life: life_rule_sets(conn)?,
        guides: guides(conn)?,
        attention_threshold: attention_threshold(conn)?,
    })
}

#[derive(Debug, Clone, Deserialize)]
pub struct GuideInput {
    pub effective_from: String,
    pub note: Option<String>,
    pub base: f64,
    pub bonus_max: f64,
    pub poll_max: f64,
    pub excellent_min: f64,
    pub qualified_min: f64,
    pub basic_min: f64,
}

/// A version of the guide in force from its date (replacing one of the same date).
pub fn save_guide(tx: &Tx, g: &GuideInput) -> Result<Guide> {
    let from = required_date("施行日期", Some(&g.effective_from))?;
    for (field, v) in [
        ("基础分", g.base),
        ("加分上限", g.bonus_max),
        ("测评上限", g.poll_max),
        ("优秀分数线", g.excellent_min),
        ("合格分数线", g.qualified_min),
        ("基本合格分数线", g.basic_min),
    ] {
        if !(0.0..=100.0).contains(&v) {
            return Err(Error::invalid(format!("{field}：“{v}”应在 0–100 之间")));
        }
    }
    if g.base + g.bonus_max + g.poll_max > 100.0 + 1e-9 {
        return Err(Error::invalid(format!(
            "基础分 {} + 加分上限 {} + 测评上限 {} 超过了 100 分",
            g.base, g.bonus_max, g.poll_max
        )));
    }
    if !(g.excellent_min > g.qualified_min && g.qualified_min > g.basic_min) {
        return Err(Error::invalid(format!(
            "分数线应从高到低：优秀 {} ＞ 合格 {} ＞ 基本合格 {}",
            g.excellent_min, g.qualified_min, g.basic_min
        )));
    }
    check_optional("说明", g.note.as_deref(), TEXT_MAX)?;
    let note = g.note.as_deref().and_then(non_empty);
    tx.execute(
        "INSERT INTO appraisal_guide (effective_from, note, base, bonus_max, poll_max, excellent_min, qualified_min, basic_min)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (effective_from) DO UPDATE SET note = ?2, base = ?3, bonus_max = ?4, poll_max = ?5,
             excellent_min = ?6, qualified_min = ?7, basic_min = ?8",
        params![from, note, g.base, g.bonus_max, g.poll_max, g.excellent_min, g.qualified_min, g.basic_min],
    )?;
    Ok(Guide {
        effective_from: from,
        note,
        base: g.base,
        bonus_max: g.bonus_max,
        poll_max: g.poll_max,
        excellent_min: g.excellent_min,
        qualified_min: g.qualified_min,
        basic_min: g.basic_min,
    })
}

const ATTENTION_KEY: &str = "attention.completion_min";
/// The 关注名单's default: a member below 80% task completion is listed.
pub const ATTENTION_DEFAULT: f64 = 0.8;

/// The task completion below which a member is on the 关注名单 (0–1).
pub fn attention_threshold(conn: &Connection) -> Result<f64> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM setting WHERE key = ?1", [ATTENTION_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok())
        .filter(|v: &f64| (0.0..=1.0).contains(v))
        .unwrap_or(ATTENTION_DEFAULT))
}

/// Sets that threshold, given as a percentage (0–100).
pub fn set_attention_threshold(tx: &Tx, percent: f64) -> Result<f64> {
    if !(0.0..=100.0).contains(&percent) {
        return Err(Error::invalid(format!(
            "关注名单的完成率标准：“{percent}”应在 0–100 之间"
        )));
    }
    let v = percent / 100.0;
    tx.execute(
        "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        params![ATTENTION_KEY, v.to_string()],
    )?;
    Ok(v)
}
