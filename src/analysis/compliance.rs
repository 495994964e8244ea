//! Whether the branch's organisational life was complete, by the calendar of domain.md: a 支委会 and
//! a 主题党日 every month and a 党小组会 of **every** group every month; a 党员大会 and a 党课 every
//! quarter; a 组织生活会, the 民主评议 and a 党课 given by the secretary every year; a 谈心谈话 with
//! every member every year; and each 党员大会 valid — more than half of the 正式党员 who should attend
//! present (预备党员 have no vote), four fifths for an election. How often a 党课 is due and the
//! 主题党日's fixed day are the secretary's (`domain::rules`, the version in force at each period's
//! end). An item whose deadline (its period's end; the fixed day for a 主题党日) has not passed is
//! `due`, not missing.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;

use crate::domain::activities::{self, verdict, Held};
use crate::domain::rules::{self, LifeRules};
use crate::domain::{org, roll, talks};
use crate::kernel::dates;
use crate::kernel::labels::{ActivityKind, Cadence, CommitteeRole};
use crate::Result;

/// The kinds due every period of a cadence, besides a 党课 at the cadence the rules give it.
fn required(every: Cadence, rules: &LifeRules) -> Vec<ActivityKind> {
    let mut kinds = match every {
        Cadence::Month => vec![ActivityKind::CommitteeMeeting, ActivityKind::ThemeDay],
        Cadence::Quarter => vec![ActivityKind::GeneralMeeting],
        Cadence::Year => vec![ActivityKind::LifeMeeting, ActivityKind::Appraisal],
    };
    if rules.party_lecture_every == every {
        kinds.push(ActivityKind::PartyLecture);
    }
    kinds
}

/// An item's deadline: its period's end, or the 主题党日's fixed day of the month.
fn deadline(kind: ActivityKind, period_end: NaiveDate, rules: &LifeRules) -> NaiveDate {
    match (kind, rules.theme_day_of_month) {
        (ActivityKind::ThemeDay, Some(day)) => period_end.with_day(day.min(period_end.day())).unwrap_or(period_end),
        _ => period_end,
    }
}
/// The yearly item that is not a kind of its own: a 党课 given by the secretary.
pub const SECRETARY_LECTURE: &str = "secretary_party_lecture";

#[derive(Debug, Serialize)]
pub struct Month {
    pub month: u32,
    /// Kind codes required of an ended month and not held.
    pub missing: Vec<&'static str>,
    /// 党小组 that held no 党小组会 in an ended month.
    pub groups_missing: Vec<String>,
    /// The same, for a month not ended yet: still due.
    pub due: Vec<&'static str>,
    pub groups_due: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Quarter {
    pub quarter: u32,
    pub missing: Vec<&'static str>,
    pub due: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct InvalidMeeting {
    pub date: NaiveDate,
    pub title: String,
    /// `general_meeting` or `committee_meeting`.
    pub meeting: ActivityKind,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct Compliance {
    pub year: i32,
    /// The day the calendar was read on: periods ending before it are judged, the rest are due.
    pub as_of: NaiveDate,
    pub months: Vec<Month>,
    pub quarters: Vec<Quarter>,
    pub year_missing: Vec<&'static str>,
    pub year_due: Vec<&'static str>,
    /// Members on the roll at the year's end with no 谈心谈话 (of an ended year; else `heart_talk_due`).
    pub heart_talk_missing: Vec<String>,
    pub heart_talk_due: Vec<String>,
    pub invalid_meetings: Vec<InvalidMeeting>,
    /// Members on the roll on `as_of` with no organisational life attended for 6 months (the
    /// 失联 warning of domain.md), with the last day they attended, if ever.
    pub lapsed: Vec<Lapsed>,
    /// Every required item of the year with its state and deadline, in calendar order.
    pub items: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub struct Lapsed {
    pub name: String,
    pub last_present: Option<NaiveDate>,
}

/// One required item of one period, with its state and deadline: the calendar and the to-do list of
/// 首页 read these rather than the rules.
#[derive(Debug, Serialize)]
pub struct Item {
    /// `month`, `quarter` or `year`.
    pub period: &'static str,
    /// The month (1–12) or quarter (1–4); the year for a yearly item.
    pub number: i32,
    /// A kind code, `secretary_party_lecture`, `heart_talk`, or `group:<党小组 name>`.
    pub item: String,
    /// `held`, `missing` (the period ended without it) or `due` (the period has not ended).
    pub state: &'static str,
    /// The last day of the period.
    pub deadline: NaiveDate,
    /// Days from `as_of` to the deadline; negative once it has passed.
    pub days_left: i64,
    /// For a quarter's 党员大会 or a month's 支委会: how many held in the period were invalid.
    pub invalid: usize,
}

fn state(missing: bool, due: bool) -> &'static str {
    if missing {
        "missing"
    } else if due {
        "due"
    } else {
        "held"
    }
}

/// Months without organisational life after which a member is flagged.
pub const LAPSE_MONTHS: u32 = 6;

/// Splits what was not held into missing (the period ended before `as_of`) or due.
fn judge<T>(unheld: Vec<T>, end: NaiveDate, as_of: NaiveDate) -> (Vec<T>, Vec<T>) {
    if end < as_of {
        (unheld, Vec::new())
    } else {
        (Vec::new(), unheld)
    }
}

/// The kinds of a period not held, split into missing (deadline passed) and due; with the deadline
/// of each required kind.
#[allow(clippy::type_complexity)]
fn judge_kinds(
    held: &[&Held],
    kinds: &[ActivityKind],
    end: NaiveDate,
    rules: &LifeRules,
    as_of: NaiveDate,
) -> (Vec<&'static str>, Vec<&'static str>, Vec<(ActivityKind, NaiveDate)>) {
    let (mut missing, mut due, mut deadlines) = (Vec::new(), Vec::new(), Vec::new());
    for &k in kinds {
        let by = deadline(k, end, rules);
        deadlines.push((k, by));
        if held.iter().any(|a| a.kinds.contains(&k)) {
            continue;
        }
        if by < as_of {
            missing.push(k.code());
        } else {
            due.push(k.code());
        }
    }
    (missing, due, deadlines)
}

fn within(held: &[Held], from: NaiveDate, to: NaiveDate) -> Vec<&Held> {
    held.iter().filter(|a| a.date >= from && a.date <= to).collect()
}

pub fn compliance(conn: &Connection, branch_id: i64, year: i32, as_of: NaiveDate) -> Result<Compliance> {
    let (start, end) = dates::year_bounds(year)?;
    let held = activities::held(conn, branch_id, start, end)?;
    let rule_sets = rules::life_rule_sets(conn)?;
    let mut months = Vec::new();
    let mut items = Vec::new();
    let mut item = |period: &'static str, number: i32, item: String, state: &'static str, deadline: NaiveDate| {
        items.push(Item {
            period,
            number,
            item,
            state,
            deadline,
            days_left: (deadline - as_of).num_days(),
            invalid: 0,
        })
    };
    for month in 1..=12 {
        let (from, to) = dates::month_bounds(year, month)?;
        let in_month = within(&held, from, to);
        let rules = rules::life_rules_on(&rule_sets, to);
        let (missing, due, deadlines) = judge_kinds(&in_month, &required(Cadence::Month, &rules), to, &rules, as_of);
        let existing = roll::groups_during(conn, branch_id, from, to)?;
        let groups: Vec<String> = existing
            .iter()
            .filter(|(g, _)| {
                !in_month
                    .iter()
                    .any(|a| a.group_id == Some(*g) && a.kinds.contains(&ActivityKind::GroupMeeting))
            })
            .map(|(_, name)| name.clone())
            .collect();
        let (groups_missing, groups_due) = judge(groups, to, as_of);
        for (k, by) in deadlines {
            let s = state(missing.contains(&k.code()), due.contains(&k.code()));
            item("month", month as i32, k.code().to_string(), s, by);
        }
        for (_, g) in existing {
            let s = state(groups_missing.contains(&g), groups_due.contains(&g));
            item("month", month as i32, format!("group:{g}"), s, to);
        }
        months.push(Month {
            month,
            missing,
            groups_missing,
            due,
            groups_due,
        });
    }
    let mut quarters = Vec::new();
    for quarter in 1..=4u32 {
        let (from, _) = dates::month_bounds(year, quarter * 3 - 2)?;
        let (_, to) = dates::month_bounds(year, quarter * 3)?;
        let rules = rules::life_rules_on(&rule_sets, to);
        let kinds = required(Cadence::Quarter, &rules);
        let (missing, due, deadlines) = judge_kinds(&within(&held, from, to), &kinds, to, &rules, as_of);
        for (k, by) in deadlines {
            let s = state(missing.contains(&k.code()), due.contains(&k.code()));
            item("quarter", quarter as i32, k.code().to_string(), s, by);
        }
        quarters.push(Quarter { quarter, missing, due });
    }
    let all: Vec<&Held> = held.iter().collect();
    let rules = rules::life_rules_on(&rule_sets, end);
    let (mut year_missing, mut year_due, deadlines) =
        judge_kinds(&all, &required(Cadence::Year, &rules), end, &rules, as_of);
    let secretaries = org::holders(conn, branch_id, CommitteeRole::Secretary, start, end)?;
    let secretary_spoke = held.iter().any(|a| {
        a.kinds.contains(&ActivityKind::PartyLecture) && a.speaker_id.is_some_and(|s| secretaries.contains(&s))
    });
    if !secretary_spoke {
        let (m, d) = judge(vec![SECRETARY_LECTURE], end, as_of);
        year_missing.extend(m);
        year_due.extend(d);
    }
    for code in deadlines.iter().map(|(k, _)| k.code()).chain([SECRETARY_LECTURE]) {
        let s = state(year_missing.contains(&code), year_due.contains(&code));
        item("year", year, code.to_string(), s, end);
    }

    // A 谈心谈话 record, or attending an activity held as 谈心谈话.
    let mut talked: HashSet<i64> = talks::talked_with(conn, branch_id, start, end)?;
    talked.extend(activities::present_at(
        conn,
        branch_id,
        Some(ActivityKind::HeartTalk),
        start,
        end,
    )?);
    // Every member on the roll at the year's end (or today, within the year) is talked with; one who
    // left during the year no longer is.
    let untalked: Vec<String> = roll::on(conn, branch_id, end.min(as_of), roll::Scope::Branch)?
        .into_iter()
        .filter(|m| !talked.contains(&m.member_id))
        .map(|m| m.name)
        .collect();
    let (heart_talk_missing, heart_talk_due) = judge(untalked, end, as_of);
    let talk_state = state(!heart_talk_missing.is_empty(), !heart_talk_due.is_empty());
    item(
        "year",
        year,
        ActivityKind::HeartTalk.code().to_string(),
        talk_state,
        end,
    );

    let mut invalid_meetings = Vec::new();
    let quorate = [ActivityKind::GeneralMeeting, ActivityKind::CommitteeMeeting];
    let meetings: Vec<&Held> = held
        .iter()
        .filter(|a| a.date <= as_of && quorate.iter().any(|k| a.kinds.contains(k)))
        .collect();
    if !meetings.is_empty() {
        // The branch's periods read once for all its meetings' rolls.
        let rolls = roll::Rolls::read(conn, branch_id)?;
        for a in meetings {
            let roll = activities::roll_of_held(conn, &rolls, a)?;
            if let Some(v) = verdict(&a.kinds, &roll, a.election, None).filter(|v| !v.valid) {
                invalid_meetings.push(InvalidMeeting {
                    date: a.date,
                    title: a.title.clone(),
                    meeting: v.meeting,
                    reason: v.text,
                });
            }
        }
    }
    // A quarter's 党员大会 and a month's 支委会 carry how many of theirs were invalid.
    for it in items.iter_mut() {
        let (meeting, period_of): (ActivityKind, fn(NaiveDate) -> u32) = match (it.period, it.item.as_str()) {
            ("quarter", "general_meeting") => (ActivityKind::GeneralMeeting, |d| dates::quarter_of(d).0),
            ("month", "committee_meeting") => (ActivityKind::CommitteeMeeting, |d| d.month()),
            _ => continue,
        };
        it.invalid = invalid_meetings
            .iter()
            .filter(|m| m.meeting == meeting && period_of(m.date) as i32 == it.number)
            .count();
    }
    // Flagged when on the roll for the whole window and never present in it. Only the window's
    // marks are read for everyone (a large branch's whole history took half the calendar's time),
    // then the last day present of each one flagged.
    let lapsed = match as_of.checked_sub_months(chrono::Months::new(LAPSE_MONTHS)) {
        Some(window_start) => {
            let present = match window_start.succ_opt() {
                Some(after) => activities::present_at(conn, branch_id, None, after, as_of)?,
                None => HashSet::new(),
            };
            let earlier: HashSet<i64> = roll::on(conn, branch_id, window_start, roll::Scope::Branch)?
                .into_iter()
                .map(|m| m.member_id)
                .collect();
            roll::on(conn, branch_id, as_of, roll::Scope::Branch)?
                .into_iter()
                .filter(|m| earlier.contains(&m.member_id) && !present.contains(&m.member_id))
                .map(|m| {
                    Ok(Lapsed {
                        last_present: activities::last_present(conn, branch_id, m.member_id, window_start)?,
                        name: m.name,
                    })
                })
                .collect::<Result<_>>()?
        }
        None => Vec::new(),
    };
    Ok(Compliance {
        year,
        as_of,
        months,
        quarters,
        year_missing,
        year_due,
        heart_talk_missing,
        heart_talk_due,
        invalid_meetings,
        lapsed,
        items,
    })
}

/// An item as the secretary reads it: “支委会”, “第一党小组会”, “书记讲党课”.
pub fn item_label(item: &str) -> String {
    match item.strip_prefix("group:") {
        // “第一党小组” meets in a “第一党小组会”; “一组” in an “一组党小组会”.
        Some(group) if group.ends_with("党小组") => format!("{group}会"),
        Some(group) => format!("{group}党小组会"),
        None if item == SECRETARY_LECTURE => "书记讲党课".to_string(),
        None => ActivityKind::from_code(item).map_or(item, |k| k.label()).to_string(),
    }
}

impl Compliance {
    /// The share of the items judged so far (held, or past their deadline) that were held: the
    /// organisational-life part of the 党支部工作排行. 0 when nothing can be judged yet.
    pub fn held_share(&self) -> f64 {
        let judged = self.items.iter().filter(|i| i.state != "due").count();
        let held = self.items.iter().filter(|i| i.state == "held").count();
        if judged == 0 {
            0.0
        } else {
            held as f64 / judged as f64
        }
    }

    /// Every item missing, as the secretary reads it: “3月：支委会、第二党小组会”.
    pub fn missing_lines(&self) -> Vec<String> {
        let label = |code: &str| item_label(code);
        let mut lines = Vec::new();
        for m in &self.months {
            let mut items: Vec<String> = m.missing.iter().map(|c| label(c)).collect();
            items.extend(m.groups_missing.iter().map(|g| item_label(&format!("group:{g}"))));
            if !items.is_empty() {
                lines.push(format!("{}月：{}", m.month, items.join("、")));
            }
        }
        for q in self.quarters.iter().filter(|q| !q.missing.is_empty()) {
            let items: Vec<String> = q.missing.iter().map(|c| label(c)).collect();
            lines.push(format!("{}：{}", dates::quarter_name(q.quarter), items.join("、")));
        }
        if !self.year_missing.is_empty() {
            let items: Vec<String> = self.year_missing.iter().map(|c| label(c)).collect();
            lines.push(format!("全年：{}", items.join("、")));
        }
        if !self.heart_talk_missing.is_empty() {
            lines.push(format!("未谈心谈话：{}", self.heart_talk_missing.join("、")));
        }
        lines.extend(self.warning_lines());
        lines
    }

    /// The meetings held but invalid (“2026-04-03 4月支委会：…会议无效”), then each member flagged
    /// 失联 (“陈静：2026-03-27 后未参加组织生活已满 6 个月（失联预警）”): what the printed calendar
    /// lists under its grid too.
    pub fn warning_lines(&self) -> impl Iterator<Item = String> + '_ {
        let invalid = self
            .invalid_meetings
            .iter()
            .map(|m| format!("{} {}：{}", m.date, m.title, m.reason));
        invalid.chain(self.lapsed.iter().map(|l| {
            let since = l
                .last_present
                .map_or("从未参加".to_string(), |d| format!("{d} 后未参加"));
            format!("{}：{since}组织生活已满 {LAPSE_MONTHS} 个月（失联预警）", l.name)
        }))
    }
}
