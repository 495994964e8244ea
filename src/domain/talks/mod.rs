//! 谈心谈话: one-to-one (or one-to-several) talks — date, who talked, with whom, the topic and what
//! follows from it. Every member on the roll should have one a year (analysis::compliance asks).

use std::collections::HashSet;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::kernel::action::Action;
use crate::kernel::text::{check_optional, check_text, opt_text, NAME_MAX, TEXT_MAX, TITLE_MAX};
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct HeartTalk {
    pub id: i64,
    pub date: NaiveDate,
    pub talker: String,
    pub talker_id: Option<i64>,
    /// The members talked with, by name.
    pub parties: Vec<String>,
    pub topic: Option<String>,
    pub follow_up: Option<String>,
}

/// What one talk says, for adding it.
#[derive(Debug, Clone)]
pub struct TalkData {
    pub date: NaiveDate,
    pub talker: String,
    pub talker_id: Option<i64>,
    pub parties: Vec<i64>,
    pub topic: Option<String>,
    pub follow_up: Option<String>,
}

/// Adds the `nth` talk with this date, talker, parties and topic: a re-imported file adds nothing,
/// two equal talks in one file stay two.
pub fn add(tx: &Tx, branch_id: i64, d: &TalkData, nth: usize) -> Result<Action> {
    if d.parties.is_empty() {
        return Err(Error::invalid("谈话对象不能为空"));
    }
    let mut parties = d.parties.clone();
    parties.sort_unstable();
    parties.dedup();
    for p in &parties {
        let in_branch: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM member WHERE id = ?1 AND branch_id = ?2)",
            [*p, branch_id],
            |r| r.get(0),
        )?;
        if !in_branch {
            return Err(Error::invalid(format!("谈话对象（编号 {p}）不是本支部党员")));
        }
    }
    check_text("谈话人", &d.talker, NAME_MAX)?;
    check_optional("主题", d.topic.as_deref(), TITLE_MAX)?;
    check_optional("后续事项", d.follow_up.as_deref(), TEXT_MAX)?;
    let key = parties.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let topic = opt_text(d.topic.as_deref());
    let held: usize = tx.query_row(
        "SELECT count(*) FROM heart_talk h WHERE h.branch_id = ?1 AND h.date = ?2 AND h.talker = ?3
           AND h.topic IS ?4
           AND (SELECT group_concat(member_id) FROM (SELECT member_id FROM heart_talk_party
                WHERE talk_id = h.id ORDER BY member_id)) = ?5",
        params![branch_id, d.date, d.talker.trim(), topic, key],
        |r| r.get(0),
    )?;
    if held >= nth {
        return Ok(Action::Unchanged);
    }
    tx.execute(
        "INSERT INTO heart_talk (branch_id, date, talker, talker_id, topic, follow_up) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            branch_id,
            d.date,
            d.talker.trim(),
            d.talker_id,
            topic,
            opt_text(d.follow_up.as_deref())
        ],
    )?;
    let id = tx.last_insert_rowid();
    for p in parties {
        tx.execute(
            "INSERT INTO heart_talk_party (talk_id, member_id) VALUES (?1, ?2)",
            [id, p],
        )?;
    }
    Ok(Action::Create)
}

/// The branch's talks dated `from..=to`, oldest first.
pub fn list(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<HeartTalk>> {
    let mut st = conn.prepare_cached(
        "SELECT h.id, h.date, h.talker, h.talker_id, h.topic, h.follow_up,
                (SELECT group_concat(m.name, '、') FROM heart_talk_party p JOIN member m ON m.id = p.member_id
                  WHERE p.talk_id = h.id)
         FROM heart_talk h WHERE h.branch_id = ?1 AND h.date BETWEEN ?2 AND ?3 ORDER BY h.date, h.id",
    )?;
    let rows = st.query_map(params![branch_id, from, to], |r| {
        let parties: Option<String> = r.get(6)?;
        Ok(HeartTalk {
            id: r.get(0)?,
            date: r.get(1)?,
            talker: r.get(2)?,
            talker_id: r.get(3)?,
            topic: r.get(4)?,
            follow_up: r.get(5)?,
            parties: parties
                .unwrap_or_default()
                .split('、')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Members talked with (as a party) in `from..=to`.
pub fn talked_with(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<HashSet<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT DISTINCT p.member_id FROM heart_talk_party p JOIN heart_talk h ON h.id = p.talk_id
         WHERE h.branch_id = ?1 AND h.date BETWEEN ?2 AND ?3",
    )?;
    let rows = st.query_map(params![branch_id, from, to], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
