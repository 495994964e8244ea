//! 资讯轮值: members take turns collecting the news (科技动态, 国之工匠, 大国重器…) for a week or a
//! month, and what each collects is recorded against the turn (scored by the `news_item` rule).
//! Turns are dealt fairly over the roll: nobody gets a second turn before everyone on the roll has
//! had one; a member who leaves drops out; a member who arrives joins the end of the current round.

use std::collections::HashMap;

use chrono::{Duration, Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::domain::roll::{self, Scope};
use crate::kernel::text::{bounded_text, check_optional, non_empty, LINK_MAX, TEXT_MAX, TITLE_MAX};
use crate::store::Tx;
use crate::{Error, Result};

/// The topics turns cycle through when none is given.
pub const TOPICS: [&str; 3] = ["科技动态", "国之工匠", "大国重器"];

#[derive(Debug, Clone, Serialize)]
pub struct Turn {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub topic: String,
    /// News items collected on this turn.
    pub items: Vec<NewsItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NewsItem {
    pub id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub link: Option<String>,
    pub note: Option<String>,
}

/// How long a turn lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    Week,
    Month,
}

impl Length {
    pub fn parse(text: &str) -> Option<Length> {
        match text.trim() {
            "week" | "周" | "每周" | "一周" => Some(Length::Week),
            "month" | "月" | "每月" | "一月" => Some(Length::Month),
            _ => None,
        }
    }

    fn end(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            Length::Week => start.checked_add_signed(Duration::days(6)),
            Length::Month => start.checked_add_months(Months::new(1))?.pred_opt(),
        }
    }
}

/// The turns overlapping `from..=to`, oldest first, with what was collected.
pub fn turns(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Turn>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.member_id, m.name, r.starts_on, r.ends_on, r.topic FROM news_rota r
         JOIN member m ON m.id = r.member_id
         WHERE r.branch_id = ?1 AND r.ends_on >= ?2 AND r.starts_on <= ?3 ORDER BY r.starts_on",
    )?;
    let mut items =
        conn.prepare_cached("SELECT id, date, title, link, note FROM news_item WHERE rota_id = ?1 ORDER BY date, id")?;
    let rows: Vec<Turn> = st
        .query_map(params![branch_id, from, to], |r| {
            Ok(Turn {
                id: r.get(0)?,
                member_id: r.get(1)?,
                name: r.get(2)?,
                starts_on: r.get(3)?,
                ends_on: r.get(4)?,
                topic: r.get(5)?,
                items: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter()
        .map(|mut t| {
            t.items = items
                .query_map([t.id], |r| {
                    Ok(NewsItem {
                        id: r.get(0)?,
                        date: r.get(1)?,
                        title: r.get(2)?,
                        link: r.get(3)?,
                        note: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(t)
        })
        .collect()
}

/// The turn covering `day`, if any: 首页's “本周资讯轮值”.
pub fn turn_on(conn: &Connection, branch_id: i64, day: NaiveDate) -> Result<Option<Turn>> {
    Ok(turns(conn, branch_id, day, day)?.into_iter().next())
}

/// Deals `count` more turns of `length` from `from` (after the last turn held), each to the member
/// on that day's roll with the fewest turns so far — ties to whoever joined the rota earlier — and
/// each with `topic`, else the next of [`TOPICS`].
pub fn deal(
    tx: &Tx,
    branch_id: i64,
    from: NaiveDate,
    count: u32,
    length: Length,
    topic: Option<&str>,
) -> Result<Vec<Turn>> {
    if !(1..=120).contains(&count) {
        return Err(Error::invalid("轮值期数应在 1–120 之间"));
    }
    let topic = topic.and_then(non_empty);
    check_optional("主题", topic.as_deref(), TITLE_MAX)?;
    let last_end: Option<NaiveDate> = tx
        .query_row(
            "SELECT max(ends_on) FROM news_rota WHERE branch_id = ?1",
            [branch_id],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    if let Some(end) = last_end.filter(|e| *e >= from) {
        return Err(Error::Conflict(format!(
            "已排的轮值到 {end} 为止，新的轮值应从 {} 或之后开始",
            end.succ_opt().unwrap_or(end)
        )));
    }
    // Replay the turns held so far to know each member's count and place.
    let mut state = Fairness::default();
    let held: Vec<(i64, NaiveDate)> = {
        let mut st =
            tx.prepare("SELECT member_id, starts_on FROM news_rota WHERE branch_id = ?1 ORDER BY starts_on")?;
        let rows = st.query_map([branch_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let dealt_before = held.len();
    for (member_id, start) in held {
        state.join(&on_roll(tx, branch_id, start)?);
        state.took(member_id);
    }
    let mut start = from;
    let mut ids = Vec::new();
    for i in 0..count as usize {
        let end = length.end(start).ok_or_else(|| Error::invalid("日期超出范围"))?;
        let eligible = on_roll(tx, branch_id, start)?;
        let member_id = state
            .next(&eligible)
            .ok_or_else(|| Error::invalid(format!("{start} 支部没有在册党员，无法排轮值")))?;
        let topic = topic
            .clone()
            .unwrap_or_else(|| TOPICS[(dealt_before + i) % TOPICS.len()].to_string());
        tx.execute(
            "INSERT INTO news_rota (branch_id, member_id, starts_on, ends_on, topic) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![branch_id, member_id, start, end, topic],
        )?;
        ids.push(tx.last_insert_rowid());
        start = end.succ_opt().ok_or_else(|| Error::invalid("日期超出范围"))?;
    }
    let all = turns(tx, branch_id, from, start)?;
    Ok(all.into_iter().filter(|t| ids.contains(&t.id)).collect())
}

fn on_roll(conn: &Connection, branch_id: i64, day: NaiveDate) -> Result<Vec<i64>> {
    Ok(roll::on(conn, branch_id, day, Scope::Branch)?
        .into_iter()
        .map(|m| m.member_id)
        .collect())
}

/// Turns taken per member, and the order members joined the rota in.
#[derive(Default)]
struct Fairness {
    taken: HashMap<i64, u32>,
    order: Vec<i64>,
}

impl Fairness {
    /// Members on the roll not seen before join the end of the current round: they start level
    /// with the fewest turns anyone on the roll has, after everyone already in it.
    fn join(&mut self, eligible: &[i64]) {
        let level = eligible
            .iter()
            .filter_map(|m| self.taken.get(m))
            .min()
            .copied()
            .unwrap_or(0);
        for m in eligible {
            if !self.taken.contains_key(m) {
                self.taken.insert(*m, level);
                self.order.push(*m);
            }
        }
    }

    fn took(&mut self, member_id: i64) {
        if !self.taken.contains_key(&member_id) {
            self.order.push(member_id);
        }
        *self.taken.entry(member_id).or_default() += 1;
    }

    fn next(&mut self, eligible: &[i64]) -> Option<i64> {
        self.join(eligible);
        let pick = self
            .order
            .iter()
            .filter(|m| eligible.contains(m))
            .min_by_key(|m| self.taken[*m])
            .copied()?;
        self.took(pick);
        Some(pick)
    }
}

/// Records a news item collected on the turn covering `date` (its member's, when `member_id` is
/// given it must be theirs). The same title on the same turn is the same item.
pub fn add_item(
    tx: &Tx,
    branch_id: i64,
    date: NaiveDate,
    member_id: Option<i64>,
    title: &str,
    link: Option<&str>,
    note: Option<&str>,
) -> Result<(i64, bool)> {
    let title = bounded_text("资讯标题", title, TITLE_MAX)?;
    let turn =
        turn_on(tx, branch_id, date)?.ok_or_else(|| Error::invalid(format!("{date} 没有排资讯轮值，请先排轮值")))?;
    if member_id.is_some_and(|m| m != turn.member_id) {
        return Err(Error::invalid(format!(
            "{date} 轮到的是{}（{} 至 {}），不是这名党员",
            turn.name, turn.starts_on, turn.ends_on
        )));
    }
    if let Some(existing) = turn.items.iter().find(|i| i.title == title) {
        return Ok((existing.id, false));
    }
    let link = link.and_then(non_empty);
    let note = note.and_then(non_empty);
    check_optional("链接", link.as_deref(), LINK_MAX)?;
    check_optional("备注", note.as_deref(), TEXT_MAX)?;
    tx.execute(
        "INSERT INTO news_item (rota_id, date, title, link, note) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![turn.id, date, title, link, note],
    )?;
    Ok((tx.last_insert_rowid(), true))
}

/// Removes turns from `from` on that have nothing collected yet (to deal them again after the roll
/// changed); turns with items stay. Returns how many went.
pub fn clear_from(tx: &Tx, branch_id: i64, from: NaiveDate) -> Result<usize> {
    Ok(tx.execute(
        "DELETE FROM news_rota WHERE branch_id = ?1 AND starts_on >= ?2
           AND NOT EXISTS (SELECT 1 FROM news_item i WHERE i.rota_id = news_rota.id)",
        params![branch_id, from],
    )?)
}
