//! 党员积分 rules: the dated rule sets (values and caps the secretary edits in 设置) and the manual
//! 加分/减分. Points themselves are never stored: `analysis::points` derives them from the events.
//!
//! Units: points are kept in tenths (0.5 → 5) so sums are exact. A rule's cap is the most events of
//! that rule counted per member per month (per year for 先锋示范岗 ratings); events past it score 0.

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize, Serializer};

use crate::kernel::action::Action;
use crate::kernel::labels::PointRule;
use crate::store::Tx;
use crate::Error;
use crate::Result;

/// Points in tenths; shown as a decimal number (`2.5`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub i64);

impl Tenths {
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }

    /// From a typed number of points; refuses more than one decimal place.
    pub fn from_points(points: f64) -> Result<Tenths> {
        let t = (points * 10.0).round();
        if !points.is_finite() || (t - points * 10.0).abs() > 1e-6 || t.abs() > 1e7 {
            return Err(Error::invalid(format!("分值“{points}”应为最多一位小数的数字")));
        }
        Ok(Tenths(t as i64))
    }
}

impl std::fmt::Display for Tenths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.abs();
        if a % 10 == 0 {
            write!(f, "{sign}{}", a / 10)
        } else {
            write!(f, "{sign}{}.{}", a / 10, a % 10)
        }
    }
}

impl Serialize for Tenths {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_f64(self.as_f64())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleValue {
    pub rule: PointRule,
    pub label: &'static str,
    pub points: Tenths,
    pub cap: Option<i64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleSet {
    pub id: i64,
    pub effective_from: NaiveDate,
    pub note: Option<String>,
    pub rules: Vec<RuleValue>,
}

impl RuleSet {
    pub fn value(&self, rule: PointRule) -> (Tenths, Option<i64>) {
        self.rules
            .iter()
            .find(|r| r.rule == rule)
            .map(|r| (r.points, r.cap))
            .unwrap_or_default()
    }
}

/// 先锋示范岗 ratings are capped per year; every other rule per month.
pub fn cap_period_is_year(rule: PointRule) -> bool {
    matches!(rule, PointRule::PioneerExcellent | PointRule::PioneerQualified)
}

/// Every rule set, oldest first.
pub fn rule_sets(conn: &Connection) -> Result<Vec<RuleSet>> {
    let mut st = conn.prepare_cached("SELECT id, effective_from, note FROM point_rule_set ORDER BY effective_from")?;
    let sets: Vec<(i64, NaiveDate, Option<String>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut rules = conn.prepare_cached("SELECT rule, tenths, cap FROM point_rule WHERE rule_set_id = ?1")?;
    sets.into_iter()
        .map(|(id, effective_from, note)| {
            let mut values: Vec<RuleValue> = rules
                .query_map([id], |r| {
                    let rule: PointRule = r.get(0)?;
                    Ok(RuleValue {
                        rule,
                        label: rule.label(),
                        points: Tenths(r.get(1)?),
                        cap: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            values.sort_by_key(|v| v.rule);
            Ok(RuleSet {
                id,
                effective_from,
                note,
                rules: values,
            })
        })
        .collect()
}

/// The rule set in force on `day`.
pub fn rules_on(sets: &[RuleSet], day: NaiveDate) -> Option<&RuleSet> {
    sets.iter().rev().find(|s| s.effective_from <= day)
}

#[derive(Debug, Clone, Deserialize)]
pub struct RuleInput {
    pub rule: String,
    pub points: f64,
    pub cap: Option<i64>,
}

/// A new rule set in force from `effective_from` (replacing one of the same date). Earlier events
/// keep the rules of their own date.
pub fn save_rule_set(tx: &Tx, effective_from: NaiveDate, note: Option<&str>, rules: &[RuleInput]) -> Result<RuleSet> {
    crate::kernel::text::check_optional("说明", note, crate::kernel::text::TEXT_MAX)?;
    let mut values = Vec::new();
    for r in rules {
        let rule =
            PointRule::parse(&r.rule).ok_or_else(|| Error::invalid(format!("积分规则：无法识别“{}”", r.rule)))?;
        if r.cap.is_some_and(|c| c <= 0) {
            return Err(Error::invalid(format!("{}：上限应为正整数或留空", rule.label())));
        }
        values.push((rule, Tenths::from_points(r.points)?, r.cap));
    }
    for rule in PointRule::ALL {
        if !values.iter().any(|v| v.0 == *rule) {
            return Err(Error::invalid(format!("积分规则缺少“{}”", rule.label())));
        }
    }
    tx.execute("DELETE FROM point_rule_set WHERE effective_from = ?1", [effective_from])?;
    tx.execute(
        "INSERT INTO point_rule_set (effective_from, note) VALUES (?1, ?2)",
        params![effective_from, note.and_then(crate::kernel::text::non_empty)],
    )?;
    let id = tx.last_insert_rowid();
    let mut st =
        tx.prepare_cached("INSERT INTO point_rule (rule_set_id, rule, tenths, cap) VALUES (?1, ?2, ?3, ?4)")?;
    for (rule, t, cap) in values {
        st.execute(params![id, rule, t.0, cap])?;
    }
    rule_sets(tx)?.into_iter().find(|s| s.id == id).ok_or(Error::NotFound {
        what: "积分规则",
        key: id.to_string(),
    })
}

/// A 加分/减分 entered in the app: date as typed, points as a number.
pub fn adjust_from_form(tx: &Tx, member_id: i64, date: &str, points: f64, reason: &str) -> Result<Action> {
    let date = crate::kernel::text::required_date("日期", Some(date))?;
    // Each adjustment entered in the form is one more, even when equal to an earlier one.
    add_adjustment(tx, member_id, date, Tenths::from_points(points)?, reason, usize::MAX)
}

/// A rule set entered in 设置, from the date typed.
pub fn save_rules_from_form(tx: &Tx, effective_from: &str, note: Option<&str>, rules: &[RuleInput]) -> Result<RuleSet> {
    let from = crate::kernel::text::required_date("施行日期", Some(effective_from))?;
    save_rule_set(tx, from, note, rules)
}

/// A manual 加分/减分 with its reason; the same one again changes nothing.
/// The `nth` equal adjustment (member, date, points, reason) of a file: two equal ones stay two,
/// and the same file imported again adds nothing.
pub fn add_adjustment(
    tx: &Tx,
    member_id: i64,
    date: NaiveDate,
    points: Tenths,
    reason: &str,
    nth: usize,
) -> Result<Action> {
    let reason = crate::kernel::text::non_empty(reason).ok_or_else(|| Error::invalid("加减分须写明事由"))?;
    crate::kernel::text::check_text("事由", &reason, crate::kernel::text::TITLE_MAX)?;
    if points.0 == 0 {
        return Err(Error::invalid("分值不能为 0"));
    }
    let held: usize = tx.query_row(
        "SELECT count(*) FROM point_adjustment WHERE member_id = ?1 AND date = ?2 AND tenths = ?3 AND reason = ?4",
        params![member_id, date, points.0, reason],
        |r| r.get(0),
    )?;
    if held >= nth {
        return Ok(Action::Unchanged);
    }
    tx.execute(
        "INSERT INTO point_adjustment (member_id, date, tenths, reason) VALUES (?1, ?2, ?3, ?4)",
        params![member_id, date, points.0, reason],
    )?;
    Ok(Action::Create)
}
