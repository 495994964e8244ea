//! A member's history, kept and never overwritten: the periods on a branch's roll (入党 or 转入 →
//! 转出 / 停止党籍 / 出党 / 去世) and the 党小组 assignments with their start dates. This module is
//! their only writer; `domain::roll` reads them (through its views) for every 应到 and count. The
//! member row's status, left_on, left_to and group_id mirror the latest state, written here too.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::kernel::action::Action;
use crate::kernel::labels::{Arrival, MemberStatus};
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    pub branch_id: i64,
    pub start_on: NaiveDate,
    pub arrival: Arrival,
    pub came_from: Option<String>,
    /// Exclusive: not on the roll from this day.
    pub end_on: Option<NaiveDate>,
    pub departure: Option<MemberStatus>,
    pub went_to: Option<String>,
}

/// The member's periods, oldest first.
pub fn periods(conn: &Connection, member_id: i64) -> Result<Vec<Period>> {
    let mut st = conn.prepare_cached(
        "SELECT branch_id, start_on, arrival, came_from, end_on, departure, went_to FROM membership_period
         WHERE member_id = ?1 ORDER BY start_on",
    )?;
    let rows = st.query_map([member_id], |r| {
        Ok(Period {
            branch_id: r.get(0)?,
            start_on: r.get(1)?,
            arrival: r.get(2)?,
            came_from: r.get(3)?,
            end_on: r.get(4)?,
            departure: r.get(5)?,
            went_to: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn name_of(tx: &Tx, member_id: i64) -> Result<String> {
    tx.query_row("SELECT name FROM member WHERE id = ?1", [member_id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            what: "党员",
            key: member_id.to_string(),
        })
}

fn record_status(tx: &Tx, member_id: i64, status: MemberStatus, on: NaiveDate, note: Option<&str>) -> Result<()> {
    tx.execute(
        "INSERT INTO member_status_event (member_id, status, effective_on, note) VALUES (?1, ?2, ?3, ?4)",
        params![member_id, status, on, note],
    )?;
    Ok(())
}

/// Puts the member on the branch's roll from `start_on`: as a new member (入党) or as one who
/// arrives (转入) from `came_from`. Refused while a period is open or before the last one ended.
pub fn begin(
    tx: &Tx,
    member_id: i64,
    branch_id: i64,
    start_on: NaiveDate,
    arrival: Arrival,
    came_from: Option<&str>,
) -> Result<()> {
    let name = name_of(tx, member_id)?;
    if let Some(last) = periods(tx, member_id)?.last() {
        match last.end_on {
            None => {
                return Err(Error::Conflict(format!(
                    "党员“{name}”自 {} 起已在册，不能再次{}",
                    last.start_on,
                    arrival.label()
                )))
            }
            Some(end) if start_on < end => {
                return Err(Error::invalid(format!(
                    "党员“{name}”：{}日期 {start_on} 早于上次离开的日期 {end}",
                    arrival.label()
                )))
            }
            _ => {}
        }
    }
    tx.execute(
        "INSERT INTO membership_period (member_id, branch_id, start_on, arrival, came_from) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![member_id, branch_id, start_on, arrival, came_from],
    )?;
    tx.execute(
        "UPDATE member SET branch_id = ?2, status = 'active', left_on = NULL, left_to = NULL,
            updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        params![member_id, branch_id],
    )?;
    let note = match (arrival, came_from) {
        (Arrival::Joined, _) => "入党（列入名册）".to_string(),
        (Arrival::TransferredIn, Some(from)) => format!("转入（来自{from}）"),
        (Arrival::TransferredIn, None) => "转入".to_string(),
    };
    record_status(tx, member_id, MemberStatus::Active, start_on, Some(&note))
}

/// Takes the member off the roll from `on` (转出 / 停止党籍 / 出党 / 去世), going to `went_to`.
pub fn end(tx: &Tx, member_id: i64, on: NaiveDate, departure: MemberStatus, went_to: Option<&str>) -> Result<()> {
    crate::kernel::text::check_optional("去向", went_to, crate::kernel::text::TITLE_MAX)?;
    let name = name_of(tx, member_id)?;
    if departure == MemberStatus::Active {
        return Err(Error::invalid("离开方式应为 转出、停止党籍、出党 或 去世"));
    }
    let open = periods(tx, member_id)?.into_iter().rev().find(|p| p.end_on.is_none());
    let Some(open) = open else {
        return Err(Error::Conflict(format!("党员“{name}”当前不在册，无需再记录离开")));
    };
    if on <= open.start_on {
        return Err(Error::invalid(format!(
            "党员“{name}”：离开日期 {on} 应晚于{}日期 {}",
            open.arrival.label(),
            open.start_on
        )));
    }
    tx.execute(
        "UPDATE membership_period SET end_on = ?3, departure = ?4, went_to = ?5
         WHERE member_id = ?1 AND start_on = ?2",
        params![member_id, open.start_on, on, departure, went_to],
    )?;
    tx.execute(
        "UPDATE member SET status = ?2, left_on = ?3, left_to = ?4,
            updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        params![member_id, departure, on, went_to],
    )?;
    record_status(tx, member_id, departure, on, went_to)
}

/// Moves the start of the member's first period when a mistyped 入党日期 is corrected (only a
/// period that began by joining; a 转入 keeps its own date). Group assignments that began with it
/// move too.
pub fn correct_joining(tx: &Tx, member_id: i64, old: NaiveDate, new: NaiveDate) -> Result<()> {
    let first = periods(tx, member_id)?.into_iter().next();
    if let Some(p) = first.filter(|p| p.arrival == Arrival::Joined && p.start_on == old) {
        if p.end_on.is_some_and(|e| e <= new) {
            return Err(Error::invalid(format!("入党日期 {new} 不早于离开日期")));
        }
        tx.execute(
            "UPDATE membership_period SET start_on = ?3 WHERE member_id = ?1 AND start_on = ?2",
            params![member_id, old, new],
        )?;
        tx.execute(
            "UPDATE group_assignment SET start_on = ?3 WHERE member_id = ?1 AND start_on = ?2",
            params![member_id, old, new],
        )?;
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    pub group_id: Option<i64>,
    pub group_name: Option<String>,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
}

/// The member's 党小组 assignments, oldest first.
pub fn assignments(conn: &Connection, member_id: i64) -> Result<Vec<Assignment>> {
    let mut st = conn.prepare_cached(
        "SELECT a.group_id, g.name, a.start_on, a.end_on FROM group_assignment a
         LEFT JOIN party_group g ON g.id = a.group_id WHERE a.member_id = ?1 ORDER BY a.start_on",
    )?;
    let rows = st.query_map([member_id], |r| {
        Ok(Assignment {
            group_id: r.get(0)?,
            group_name: r.get(1)?,
            start_on: r.get(2)?,
            end_on: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The member belongs to `group_id` (None: to no group) from `from` on; earlier meetings keep the
/// group of their day. A move dated before the latest recorded one is refused: history is appended.
pub fn assign(tx: &Tx, member_id: i64, group_id: Option<i64>, from: NaiveDate) -> Result<Action> {
    let name = name_of(tx, member_id)?;
    let history = assignments(tx, member_id)?;
    match history.last() {
        None if group_id.is_none() => return Ok(Action::Unchanged),
        Some(last) if last.group_id == group_id => return Ok(Action::Unchanged),
        Some(last) if from < last.start_on => {
            return Err(Error::invalid(format!(
                "党员“{name}”：调整日期 {from} 早于已记录的 {} 起的党小组，党小组记录只能往后添加",
                last.start_on
            )))
        }
        Some(last) if from == last.start_on => {
            tx.execute(
                "UPDATE group_assignment SET group_id = ?3 WHERE member_id = ?1 AND start_on = ?2",
                params![member_id, from, group_id],
            )?;
        }
        last => {
            if let Some(last) = last {
                tx.execute(
                    "UPDATE group_assignment SET end_on = ?3 WHERE member_id = ?1 AND start_on = ?2",
                    params![member_id, last.start_on, from],
                )?;
            }
            tx.execute(
                "INSERT INTO group_assignment (member_id, group_id, start_on) VALUES (?1, ?2, ?3)",
                params![member_id, group_id, from],
            )?;
        }
    }
    tx.execute(
        "UPDATE member SET group_id = ?2, updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?1",
        params![member_id, group_id],
    )?;
    Ok(if history.is_empty() {
        Action::Create
    } else {
        Action::Update
    })
}
