//! 投票: a question with its options, single or multiple choice, open from one date to another;
//! votes recorded per member (one per member, or several for a multiple-choice poll), or totals
//! counted on paper or on the platform. The result counts both.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::domain::roll::{self, Scope};
use crate::kernel::text::{bounded_text, non_empty, optional_date, required_date};
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, Deserialize)]
pub struct PollInput {
    pub question: String,
    pub options: Vec<String>,
    #[serde(default)]
    pub multiple: bool,
    pub opens_on: String,
    pub closes_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OptionResult {
    pub id: i64,
    pub label: String,
    /// Votes recorded per member plus any counted total.
    pub votes: i64,
    pub counted: Option<i64>,
    /// Who chose it (recorded votes).
    pub voters: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Poll {
    pub id: i64,
    pub question: String,
    pub multiple: bool,
    pub opens_on: NaiveDate,
    pub closes_on: Option<NaiveDate>,
    pub options: Vec<OptionResult>,
    /// Members who voted (recorded votes).
    pub voted: i64,
    /// Members on the roll on the opening day.
    pub eligible: i64,
}

pub fn create(tx: &Tx, branch_id: i64, p: &PollInput) -> Result<i64> {
    let question = bounded_text("投票的问题", &p.question, 500)?;
    let opens = required_date("开始日期", Some(&p.opens_on))?;
    let closes = optional_date("截止日期", p.closes_on.as_deref())?;
    if closes.is_some_and(|c| c < opens) {
        return Err(Error::invalid("截止日期不能早于开始日期"));
    }
    let mut options: Vec<String> = Vec::new();
    for o in &p.options {
        if non_empty(o).is_none() {
            continue;
        }
        let o = bounded_text("选项", o, 200)?;
        if options.contains(&o) {
            return Err(Error::invalid(format!("选项“{o}”重复了")));
        }
        options.push(o);
    }
    if options.len() < 2 {
        return Err(Error::invalid("投票至少需要两个选项"));
    }
    if options.len() > 50 {
        return Err(Error::invalid("选项太多：最多 50 个"));
    }
    tx.execute(
        "INSERT INTO poll (branch_id, question, multiple, opens_on, closes_on) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![branch_id, question, p.multiple, opens, closes],
    )?;
    let id = tx.last_insert_rowid();
    for (i, o) in options.iter().enumerate() {
        tx.execute(
            "INSERT INTO poll_option (poll_id, position, label) VALUES (?1, ?2, ?3)",
            params![id, i as i64 + 1, o],
        )?;
    }
    Ok(id)
}

fn poll_row(conn: &Connection, branch_id: i64, id: i64) -> Result<(String, bool, NaiveDate, Option<NaiveDate>)> {
    conn.query_row(
        "SELECT question, multiple, opens_on, closes_on FROM poll WHERE id = ?1 AND branch_id = ?2",
        params![id, branch_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "投票",
        key: id.to_string(),
    })
}

fn option_id(conn: &Connection, poll_id: i64, label: &str) -> Result<i64> {
    conn.query_row(
        "SELECT id FROM poll_option WHERE poll_id = ?1 AND label = ?2",
        params![poll_id, label.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::invalid(format!("投票中没有选项“{}”", label.trim())))
}

/// A member's vote, replacing any earlier one of theirs: one option, or several when the poll
/// allows. Only members on the roll on the day may vote, within the poll's dates.
pub fn vote(tx: &Tx, branch_id: i64, poll_id: i64, member_id: i64, choices: &[String], on: NaiveDate) -> Result<()> {
    let (_, multiple, opens, closes) = poll_row(tx, branch_id, poll_id)?;
    if on < opens || closes.is_some_and(|c| on > c) {
        return Err(Error::invalid(format!(
            "投票时间为 {opens} 至 {}，{on} 不能投票",
            closes.map_or("（未定）".to_string(), |c| c.to_string())
        )));
    }
    let on_roll = roll::on(tx, branch_id, on, Scope::Branch)?;
    let name = on_roll
        .iter()
        .find(|m| m.member_id == member_id)
        .map(|m| m.name.clone())
        .ok_or_else(|| Error::invalid(format!("编号 {member_id} 的党员 {on} 不在册，不能投票")))?;
    if choices.is_empty() {
        return Err(Error::invalid(format!("{name}：请至少选择一个选项")));
    }
    if !multiple && choices.len() > 1 {
        return Err(Error::invalid(format!("{name}：这是单选投票，只能选一个选项")));
    }
    let ids: Vec<i64> = choices
        .iter()
        .map(|c| option_id(tx, poll_id, c))
        .collect::<Result<_>>()?;
    tx.execute(
        "DELETE FROM poll_vote WHERE member_id = ?1 AND option_id IN (SELECT id FROM poll_option WHERE poll_id = ?2)",
        params![member_id, poll_id],
    )?;
    for id in ids {
        tx.execute(
            "INSERT OR IGNORE INTO poll_vote (option_id, member_id) VALUES (?1, ?2)",
            params![id, member_id],
        )?;
    }
    Ok(())
}

/// A total counted elsewhere (on paper, on the platform) for one option; None clears it.
pub fn count(tx: &Tx, branch_id: i64, poll_id: i64, option: &str, total: Option<i64>) -> Result<()> {
    poll_row(tx, branch_id, poll_id)?;
    if total.is_some_and(|t| !(0..=1_000_000).contains(&t)) {
        return Err(Error::invalid("票数应为 0 或正整数"));
    }
    let id = option_id(tx, poll_id, option)?;
    tx.execute("UPDATE poll_option SET counted = ?1 WHERE id = ?2", params![total, id])?;
    Ok(())
}

/// Closes a poll on a day (no votes after it).
pub fn close(tx: &Tx, branch_id: i64, poll_id: i64, on: NaiveDate) -> Result<()> {
    let (_, _, opens, _) = poll_row(tx, branch_id, poll_id)?;
    if on < opens {
        return Err(Error::invalid("截止日期不能早于开始日期"));
    }
    tx.execute("UPDATE poll SET closes_on = ?1 WHERE id = ?2", params![on, poll_id])?;
    Ok(())
}

pub fn get(conn: &Connection, branch_id: i64, id: i64) -> Result<Poll> {
    let (question, multiple, opens_on, closes_on) = poll_row(conn, branch_id, id)?;
    let mut st = conn.prepare_cached(
        "SELECT o.id, o.label, o.counted,
                (SELECT group_concat(m.name, '、') FROM poll_vote v JOIN member m ON m.id = v.member_id
                  WHERE v.option_id = o.id)
         FROM poll_option o WHERE o.poll_id = ?1 ORDER BY o.position",
    )?;
    let options = st
        .query_map([id], |r| {
            let counted: Option<i64> = r.get(2)?;
            let voters: Option<String> = r.get(3)?;
            let voters: Vec<String> = voters
                .map(|v| v.split('、').map(String::from).collect())
                .unwrap_or_default();
            Ok(OptionResult {
                id: r.get(0)?,
                label: r.get(1)?,
                votes: voters.len() as i64 + counted.unwrap_or(0),
                counted,
                voters,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let voted: i64 = conn.query_row(
        "SELECT count(DISTINCT v.member_id) FROM poll_vote v JOIN poll_option o ON o.id = v.option_id WHERE o.poll_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let eligible = roll::on(conn, branch_id, opens_on, Scope::Branch)?.len() as i64;
    Ok(Poll {
        id,
        question,
        multiple,
        opens_on,
        closes_on,
        options,
        voted,
        eligible,
    })
}

/// The branch's polls opened `from..=to`, oldest first.
pub fn list(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Poll>> {
    let ids: Vec<i64> = {
        let mut st = conn.prepare_cached(
            "SELECT id FROM poll WHERE branch_id = ?1 AND opens_on BETWEEN ?2 AND ?3 ORDER BY opens_on, id",
        )?;
        let rows = st.query_map(params![branch_id, from, to], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    ids.into_iter().map(|id| get(conn, branch_id, id)).collect()
}

/// A poll by its question (the latest one asking it), as the CLI names it.
pub fn find(conn: &Connection, branch_id: i64, question: &str) -> Result<i64> {
    conn.query_row(
        "SELECT id FROM poll WHERE branch_id = ?1 AND question = ?2 ORDER BY opens_on DESC, id DESC LIMIT 1",
        params![branch_id, question.trim()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound {
        what: "投票",
        key: question.trim().to_string(),
    })
}

pub fn remove(tx: &Tx, branch_id: i64, id: i64) -> Result<()> {
    poll_row(tx, branch_id, id)?;
    tx.execute("DELETE FROM poll WHERE id = ?1", [id])?;
    Ok(())
}
