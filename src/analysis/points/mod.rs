//! 党员积分: points derived from recorded events by the rule set in force on each event's date.
//! Nothing is stored but the rules and the events, so every point traces to one event and one rule,
//! and changing the rules from a date on never changes an earlier month.
//!

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::domain::points::{cap_period_is_year, rule_sets, rules_on, RuleSet, Tenths};
use crate::domain::roll;
use crate::kernel::dates;
use crate::kernel::ids::IdMap;
use crate::kernel::labels::{AttendanceStatus, PointRule};
use crate::Result;

mod year;
pub use year::{year_points, Kept, YearPoints};

/// One scoring event of one member under one rule.
#[derive(Debug, Clone, Serialize)]
pub struct PointEvent {
    pub member_id: i64,
    pub date: NaiveDate,
    /// `None` for a manual adjustment (加分/减分), which carries its own value and reason.
    pub rule: Option<PointRule>,
    pub rule_label: &'static str,
    pub detail: String,
    pub points: Tenths,
    /// False when the rule's cap for the period was already reached: the event scores 0.
    pub counted: bool,
    /// The date the rule set used took effect.
    pub rule_set_from: NaiveDate,
}

#[derive(Clone)]
struct RawEvent {
    member_id: i64,
    date: NaiveDate,
    rule: PointRule,
    detail: String,
    /// For quizzes: the score; the rule's value is per 10 points of score.
    score: Option<f64>,
}

/// Whose events to score, and whether to write each event's text (a ranking needs only the points).
#[derive(Debug, Clone, Copy)]
struct Whose {
    /// One branch, or every branch of the ledger.
    branch: Option<i64>,
    /// One member (caps count per member, so a member's events score alone as among all).
    member: Option<i64>,
    details: bool,
}

impl Whose {
    /// SQL keeping branch ?1's rows (`col` its branch) and member ?4's (`m` its member).
    fn filter(&self, col: &str, m: &str) -> String {
        let member = match self.member {
            Some(_) => format!("{m} = ?4"),
            None => "?4 IS NULL".to_string(),
        };
        format!("{} AND {member}", crate::store::branch_is(col, self.branch))
    }

    /// The join of `parent` and its `child` rows `on`: for one member, by the member's own rows (an
    /// index by member); else parent first, each child read in its primary key's order beside the
    /// others of its parent. SQLite, left to choose, reads the whole college's marks by member and
    /// looks the parent up once per mark: twice the time.
    fn parents_first(&self, parent: &str, child: &str, on: &str) -> String {
        match self.member {
            Some(_) => format!("{child} JOIN {parent} ON {on}"),
            None => format!("{parent} CROSS JOIN {child} ON {on}"),
        }
    }
}

fn raw_events(conn: &Connection, whose: Whose, from: NaiveDate, to: NaiveDate) -> Result<Vec<RawEvent>> {
    let mut out = Vec::new();
    each_raw_event(conn, whose, from, to, &mut |e| out.push(e))?;
    Ok(out)
}

/// The events of [`raw_events`], each passed to `out` as it is read.
fn each_raw_event(
    conn: &Connection,
    whose: Whose,
    from: NaiveDate,
    to: NaiveDate,
    out: &mut dyn FnMut(RawEvent),
) -> Result<()> {
    let range = params![whose.branch, from, to, whose.member];
    // Text only where asked for, and for quizzes, whose order within a day the text decides.
    let text = |f: &dyn Fn() -> String| if whose.details { f() } else { String::new() };
    // Attendance: one event per activity, whatever its kinds; only members on that day's roll.
    // A mark of a member who was not on the roll that day (recorded before a 转出 was) scores nothing.
    // The roll is checked in memory: a year of the college reads 130k marks.
    // The title only where the text is written.
    let periods = roll::Periods::read(conn, whose.branch, whose.member)?;
    let mut st = conn.prepare_cached(&format!(
        "SELECT t.member_id, a.date, t.status, {title}, a.branch_id FROM {from}
         WHERE {} AND a.date BETWEEN ?2 AND ?3 AND t.status <> 'observer'",
        whose.filter("a.branch_id", "t.member_id"),
        from = whose.parents_first("activity a", "attendance t", "a.id = t.activity_id"),
        title = if whose.details { "a.title" } else { "''" },
    ))?;
    let mut rows = st.query(range)?;
    // Read by activity, a day's marks come together: each day is parsed once.
    let mut day: Option<(String, NaiveDate)> = None;
    while let Some(r) = rows.next()? {
        let raw = r.get_ref(1)?.as_str().unwrap_or_default();
        let date = match &day {
            Some((last, date)) if last == raw => *date,
            _ => {
                let date = day_at(r, 1)?;
                day = Some((raw.to_string(), date));
                date
            }
        };
        let member_id = r.get(0)?;
        if !periods.on_roll(member_id, r.get(4)?, raw) {
            continue;
        }
        let status = r.get::<_, AttendanceStatus>(2)?;
        let rule = match status {
            AttendanceStatus::Present => PointRule::Attend,
            AttendanceStatus::Leave => PointRule::Leave,
            _ => PointRule::Absent,
        };
        out(RawEvent {
            member_id,
            date,
            rule,
            detail: if whose.details {
                format!("{}（{}）", r.get::<_, String>(3)?, status.label())
            } else {
                String::new()
            },
            score: None,
        });
    }
    // Speakers: the activity's 主讲人, else its 主持人.
    for (kinds, rule, role) in [
        ("'micro_lecture', 'party_lecture'", PointRule::LectureSpeaker, "主讲"),
        ("'salon', 'seminar'", PointRule::SalonSpeaker, "主发言"),
    ] {
        let mut st = conn.prepare_cached(&format!(
            "SELECT coalesce(a.speaker_id, a.host_id), a.date, a.title FROM activity a
             WHERE {filter} AND a.date BETWEEN ?2 AND ?3 AND coalesce(a.speaker_id, a.host_id) IS NOT NULL
               AND EXISTS (SELECT 1 FROM activity_kind k WHERE k.activity_id = a.id AND k.kind IN ({kinds}))",
            filter = whose.filter("a.branch_id", "coalesce(a.speaker_id, a.host_id)")
        ))?;
        for r in st.query_map(range, |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?)))? {
            let (member_id, date, title) = r?;
            out(RawEvent {
                member_id,
                date,
                rule,
                detail: text(&|| format!("{title}（{role}）")),
                score: None,
            });
        }
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT r.member_id, r.completed_on, {name}, t.due_on IS NOT NULL AND r.completed_on > t.due_on
         FROM {from} WHERE {} AND r.completed_on BETWEEN ?2 AND ?3",
        whose.filter("t.branch_id", "r.member_id"),
        from = whose.parents_first("study_task t", "study_record r", "t.id = r.task_id"),
        name = if whose.details { "t.name" } else { "''" },
    ))?;
    for r in st.query_map(range, |r| {
        Ok((r.get(0)?, day_at(r, 1)?, r.get::<_, String>(2)?, r.get::<_, bool>(3)?))
    })? {
        let (member_id, date, name, late) = r?;
        let rule = if late {
            PointRule::StudyLate
        } else {
            PointRule::StudyOnTime
        };
        out(RawEvent {
            member_id,
            date,
            rule,
            detail: text(&|| format!("学习任务：{name}")),
            score: None,
        });
    }
    let member_events: [(&str, PointRule); 4] = [
        (
            "SELECT x.member_id, x.date, CASE x.kind WHEN 'post' THEN '发帖：' ELSE '回帖：' END || x.topic, NULL FROM discussion x",
            PointRule::Discussion,
        ),
        ("SELECT x.member_id, x.date, '心得体会：' || x.title, NULL FROM reflection x", PointRule::Reflection),
        ("SELECT x.member_id, x.date, '测验：' || x.quiz || '（' || x.score || ' 分）', x.score FROM quiz_result x", PointRule::Quiz),
        (
            "SELECT x.member_id, x.date, '资讯轮值：' || x.title, NULL
             FROM (SELECT r.member_id, n.date, n.title FROM news_item n JOIN news_rota r ON r.id = n.rota_id) x",
            PointRule::NewsItem,
        ),
    ];
    for (select, rule) in member_events {
        let mut st = conn.prepare_cached(&format!(
            "{select} JOIN member m ON m.id = x.member_id WHERE {} AND x.date BETWEEN ?2 AND ?3",
            whose.filter("m.branch_id", "x.member_id")
        ))?;
        for r in st.query_map(range, |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<f64>>(3)?,
            ))
        })? {
            let (member_id, date, detail, score) = r?;
            out(RawEvent {
                member_id,
                date,
                rule,
                detail: if whose.details || rule == PointRule::Quiz {
                    detail
                } else {
                    String::new()
                },
                score,
            });
        }
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT p.member_id, p.rated_on, p.rating, k.name || '（' || p.year || ' 年）'
         FROM pioneer_post p JOIN pioneer_kind k ON k.id = p.kind_id
         WHERE {} AND p.rated_on BETWEEN ?2 AND ?3 AND p.rating IN ('excellent', 'qualified')",
        whose.filter("k.branch_id", "p.member_id")
    ))?;
    for r in st.query_map(range, |r| {
        Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
    })? {
        let (member_id, date, rating, post) = r?;
        let rule = if rating == "excellent" {
            PointRule::PioneerExcellent
        } else {
            PointRule::PioneerQualified
        };
        out(RawEvent {
            member_id,
            date,
            rule,
            detail: format!("先锋示范岗：{post}"),
            score: None,
        });
    }
    let branches = match whose.branch {
        Some(b) => vec![b],
        None => crate::domain::org::list(conn)?.into_iter().map(|b| b.id).collect(),
    };
    let mut awards = Vec::new();
    for b in branches {
        awards.extend(crate::domain::awards::list(conn, b, from, to)?);
    }
    for a in awards
        .into_iter()
        .filter(|a| whose.member.is_none_or(|m| m == a.member_id))
    {
        out(RawEvent {
            member_id: a.member_id,
            date: a.date,
            rule: a.level.rule(),
            detail: format!("表彰：{}（{}）", a.title, a.level.label()),
            score: None,
        });
    }
    Ok(())
}

/// Column `i`'s day: an ISO date as the ledger stores it read directly, anything else as rusqlite
/// reads a date (a year of the college reads 230k of them).
fn day_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<NaiveDate> {
    if let Ok(text) = r.get_ref(i)?.as_str() {
        let b = text.as_bytes();
        let num = |range: std::ops::Range<usize>| {
            b[range]
                .iter()
                .try_fold(0_u32, |n, c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
        };
        if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
            if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
                if let Some(day) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    return Ok(day);
                }
            }
        }
    }
    r.get(i)
}

fn adjustments(conn: &Connection, whose: Whose, from: NaiveDate, to: NaiveDate) -> Result<Vec<PointEvent>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT x.member_id, x.date, x.tenths, x.reason FROM point_adjustment x JOIN member m ON m.id = x.member_id
         WHERE {} AND x.date BETWEEN ?2 AND ?3",
        whose.filter("m.branch_id", "x.member_id")
    ))?;
    let rows = st.query_map(params![whose.branch, from, to, whose.member], |r| {
        let date: NaiveDate = r.get(1)?;
        let tenths: i64 = r.get(2)?;
        Ok(PointEvent {
            member_id: r.get(0)?,
            date,
            rule: None,
            rule_label: if tenths > 0 { "手动加分" } else { "手动减分" },
            detail: r.get(3)?,
            points: Tenths(tenths),
            counted: true,
            rule_set_from: date,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every event of the branch dated `from..=to`, scored by the rules of its date, caps applied in
/// date order, oldest first. Ranges should start on a month's first day so monthly caps are whole.
pub fn events(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<PointEvent>> {
    let whose = Whose {
        branch: Some(branch_id),
        member: None,
        details: true,
    };
    scored(conn, whose, from, to)
}

/// Each member's points over `from..=to`, of one branch or of every branch: the events of
/// [`events`] scored without their text.
pub fn totals(
    conn: &Connection,
    branch_id: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<i64, Tenths>> {
    let whose = Whose {
        branch: branch_id,
        member: None,
        details: false,
    };
    let sets = rule_sets(conn)?;
    // A rule no set caps scores each event on its own: added as read, in any order. Only the
    // events of a rule some set caps are held, to be counted in order as `scored` counts them.
    let capped: Vec<PointRule> = sets
        .iter()
        .flat_map(|s| s.rules.iter())
        .filter(|r| r.cap.is_some())
        .map(|r| r.rule)
        .collect();
    let mut totals: HashMap<i64, Tenths> = HashMap::new();
    let mut held: Vec<Counted> = Vec::new();
    each_raw_event(conn, whose, from, to, &mut |e| {
        if capped.contains(&e.rule) {
            held.push(Counted::from(e));
        } else if let Some(set) = rules_on(&sets, e.date) {
            let (value, _) = set.value(e.rule);
            totals.entry(e.member_id).or_insert(Tenths(0)).0 += points_of(e.score, value);
        }
    })?;
    add_counted(&sets, &mut held, &mut totals);
    for e in adjustments(conn, whose, from, to)? {
        totals.entry(e.member_id).or_insert(Tenths(0)).0 += e.points.0;
    }
    Ok(totals)
}

/// An event's points under a rule worth `value`: a quiz's score ÷ 10 × the value, rounded half up
/// to a tenth; any other event the value.
fn points_of(score: Option<f64>, value: Tenths) -> i64 {
    match score {
        Some(score) => (score * value.0 as f64 / 10.0).round() as i64,
        None => value.0,
    }
}

/// A raw event of a capped rule as a total needs it: the text only where it orders events of
/// unequal points (a quiz's, which names its score).
struct Counted {
    member_id: i64,
    score: Option<f64>,
    date: NaiveDate,
    rule: PointRule,
    detail: Option<Box<str>>,
}

impl From<RawEvent> for Counted {
    fn from(e: RawEvent) -> Counted {
        Counted {
            member_id: e.member_id,
            score: e.score,
            date: e.date,
            rule: e.rule,
            detail: (e.rule == PointRule::Quiz && !e.detail.is_empty()).then(|| e.detail.into_boxed_str()),
        }
    }
}

/// Adds each member's points of `events` to `totals`, caps applied as [`scored`] applies them:
/// per member, rule and period, in date order (then by text). Sorted by member and rule first, each
/// such run is counted in that same order, with no table of counts.
fn add_counted(sets: &[RuleSet], events: &mut [Counted], totals: &mut HashMap<i64, Tenths>) {
    events.sort_unstable_by(|a, b| {
        (a.member_id, a.rule, a.date, &a.detail).cmp(&(b.member_id, b.rule, b.date, &b.detail))
    });
    let mut run: Option<(i64, PointRule, i32, u32)> = None;
    let mut n = 0_i64;
    for e in events.iter() {
        let Some(set) = rules_on(sets, e.date) else { continue };
        let (value, cap) = set.value(e.rule);
        let month = if cap_period_is_year(e.rule) { 0 } else { e.date.month() };
        let key = (e.member_id, e.rule, e.date.year(), month);
        if run != Some(key) {
            run = Some(key);
            n = 0;
        }
        n += 1;
        let total = totals.entry(e.member_id).or_insert(Tenths(0));
        if cap.is_none_or(|c| n <= c) {
            total.0 += points_of(e.score, value);
        }
    }
}

fn scored(conn: &Connection, whose: Whose, from: NaiveDate, to: NaiveDate) -> Result<Vec<PointEvent>> {
    let sets = rule_sets(conn)?;
    let mut raw = raw_events(conn, whose, from, to)?;
    sort_raw(&mut raw);
    Ok(score(&sets, raw, adjustments(conn, whose, from, to)?))
}

/// The order caps are applied in.
fn sort_raw(raw: &mut [RawEvent]) {
    raw.sort_by(|a, b| (a.date, a.member_id, a.rule, &a.detail).cmp(&(b.date, b.member_id, b.rule, &b.detail)));
}

/// Counts events against their rules' caps — per member, rule and period, in the order given —
/// and scores them. A yearly cap counts over the whole run, or within each month with `month_caps`
/// (as a month's range alone scores them).
struct Caps {
    month_caps: bool,
    used: IdMap<(i64, PointRule, i32, u32), i64>,
}

impl Caps {
    fn new(month_caps: bool) -> Caps {
        Caps {
            month_caps,
            used: IdMap::default(),
        }
    }

    /// The event's points and whether its cap left it counted (0 points when not), by the rule set
    /// of its date; `None` before any set.
    fn score<'s>(&mut self, sets: &'s [RuleSet], e: &RawEvent) -> Option<(&'s RuleSet, Tenths, bool)> {
        let set = rules_on(sets, e.date)?;
        let (value, cap) = set.value(e.rule);
        let month = if cap_period_is_year(e.rule) && !self.month_caps {
            0
        } else {
            e.date.month()
        };
        let n = self
            .used
            .entry((e.member_id, e.rule, e.date.year(), month))
            .or_default();
        *n += 1;
        let counted = cap.is_none_or(|c| *n <= c);
        let points = if counted { points_of(e.score, value) } else { 0 };
        Some((set, Tenths(points), counted))
    }
}

/// Scores events sorted by [`sort_raw`] by the rules of their dates, caps applied in that order,
/// then the adjustments; oldest first.
fn score(sets: &[RuleSet], raw: Vec<RawEvent>, adjustments: Vec<PointEvent>) -> Vec<PointEvent> {
    let mut caps = Caps::new(false);
    let mut out = Vec::with_capacity(raw.len() + adjustments.len());
    for e in raw {
        let Some((set, points, counted)) = caps.score(sets, &e) else {
            continue;
        };
        out.push(PointEvent {
            member_id: e.member_id,
            date: e.date,
            rule: Some(e.rule),
            rule_label: e.rule.label(),
            detail: e.detail,
            points,
            counted,
            rule_set_from: set.effective_from,
        });
    }
    out.extend(adjustments);
    out.sort_by_key(|e| e.date);
    out
}

/// A period of the ranking: a whole year, or one month of it.
pub fn period(year: i32, month: Option<u32>) -> Result<(NaiveDate, NaiveDate)> {
    match month {
        Some(m) => dates::month_bounds(year, m),
        None => dates::year_bounds(year),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Standing {
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub points: Tenths,
    /// Ties share a rank: 1, 1, 3.
    pub rank: i64,
}

/// Members 在册 at some time in the period, by points; everyone on the roll appears, 0 points too.
pub fn ranking(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Standing>> {
    let totals = totals(conn, Some(branch_id), from, to)?;
    Ok(rank(roll::during(conn, Some(branch_id), from, to)?, &totals))
}

/// [`ranking`] of the members `roll` ([`roll::during`] the period) by their `totals` of it.
pub fn rank(roll: Vec<roll::RollMember>, totals: &HashMap<i64, Tenths>) -> Vec<Standing> {
    let mut rows: Vec<Standing> = roll
        .into_iter()
        .map(|m| Standing {
            member_id: m.member_id,
            name: m.name,
            group_name: m.group_name,
            points: Tenths(0),
            rank: 0,
        })
        .collect();
    for s in &mut rows {
        s.points = totals.get(&s.member_id).copied().unwrap_or(Tenths(0));
    }
    rows.sort_by(|a, b| b.points.cmp(&a.points).then(a.member_id.cmp(&b.member_id)));
    assign_ranks(&mut rows, |s| s.points, |s, r| s.rank = r);
    rows
}

/// Competition ranking over rows already sorted best first: equal keys share the rank.
pub fn assign_ranks<T, K: PartialEq + Copy>(rows: &mut [T], key: impl Fn(&T) -> K, mut set: impl FnMut(&mut T, i64)) {
    let mut prev: Option<K> = None;
    let mut rank = 0;
    for (i, row) in rows.iter_mut().enumerate() {
        let k = key(row);
        if prev != Some(k) {
            rank = i as i64 + 1;
            prev = Some(k);
        }
        set(row, rank);
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RuleTotal {
    pub rule_label: &'static str,
    pub events: i64,
    pub points: Tenths,
}

#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub member_id: i64,
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub total: Tenths,
    pub by_rule: Vec<RuleTotal>,
    pub events: Vec<PointEvent>,
}

/// A member's total for the period and every event and rule behind it.
pub fn explain(
    conn: &Connection,
    branch_id: i64,
    member_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Explanation> {
    let m = crate::domain::members::get(conn, member_id)?;
    let whose = Whose {
        branch: Some(branch_id),
        member: Some(member_id),
        details: true,
    };
    let events = scored(conn, whose, from, to)?;
    let mut by_rule: Vec<RuleTotal> = Vec::new();
    for e in &events {
        match by_rule.iter_mut().find(|r| r.rule_label == e.rule_label) {
            Some(r) => {
                r.events += 1;
                r.points.0 += e.points.0;
            }
            None => by_rule.push(RuleTotal {
                rule_label: e.rule_label,
                events: 1,
                points: e.points,
            }),
        }
    }
    Ok(Explanation {
        member_id,
        name: m.name,
        from,
        to,
        total: Tenths(events.iter().map(|e| e.points.0).sum()),
        by_rule,
        events,
    })
}

impl Explanation {
    /// Readable Chinese, as `zhibu points explain` prints it.
    pub fn to_text(&self) -> String {
        let mut s = format!(
            "{}　{} 至 {}　积分合计：{} 分\n",
            self.name, self.from, self.to, self.total
        );
        s.push_str("\n按规则汇总：\n");
        for r in &self.by_rule {
            s.push_str(&format!("  {}：{} 次，{} 分\n", r.rule_label, r.events, r.points));
        }
        s.push_str("\n明细：\n");
        // Name the rule set only where it differs from the one most events used: when rules changed.
        let first_rules = self
            .events
            .iter()
            .filter(|e| e.rule.is_some())
            .map(|e| e.rule_set_from)
            .min();
        for e in &self.events {
            let sign = if e.points.0 > 0 { "+" } else { "" };
            let note = if e.counted {
                String::new()
            } else {
                "（已达上限，不计分）".to_string()
            };
            let rules = match e.rule {
                Some(_) if Some(e.rule_set_from) != first_rules => format!("（按 {} 起施行的规则）", e.rule_set_from),
                _ => String::new(),
            };
            s.push_str(&format!(
                "  {}　{}　{}{}　{}{note}{rules}\n",
                e.date, e.rule_label, sign, e.points, e.detail
            ));
        }
        s
    }
}
