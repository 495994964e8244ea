//! 表彰: a member honoured at a level (校级/市级/省级/国家级) on a date; each scores by its level's
//! points rule (analysis::points).

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::Serialize;

use crate::kernel::action::Action;
use crate::kernel::labels::AwardLevel;
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Award {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub date: NaiveDate,
    pub level: AwardLevel,
    pub title: String,
}

/// Adds the `nth` equal 表彰 (member, date, level, title): a re-import adds nothing.
pub fn add(tx: &Tx, member_id: i64, date: NaiveDate, level: AwardLevel, title: &str, nth: usize) -> Result<Action> {
    let title = title.trim();
    if title.is_empty() {
        return Err(Error::invalid("表彰名称不能为空"));
    }
    crate::kernel::text::check_text("表彰名称", title, crate::kernel::text::TITLE_MAX)?;
    let held: usize = tx.query_row(
        "SELECT count(*) FROM award WHERE member_id = ?1 AND date = ?2 AND level = ?3 AND title = ?4",
        params![member_id, date, level, title],
        |r| r.get(0),
    )?;
    if held >= nth {
        return Ok(Action::Unchanged);
    }
    tx.execute(
        "INSERT INTO award (member_id, date, level, title) VALUES (?1, ?2, ?3, ?4)",
        params![member_id, date, level, title],
    )?;
    Ok(Action::Create)
}

/// The branch's 表彰 dated `from..=to`, oldest first.
pub fn list(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Award>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.member_id, m.name, a.date, a.level, a.title FROM award a JOIN member m ON m.id = a.member_id
         WHERE m.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 ORDER BY a.date, a.id",
    )?;
    let rows = st.query_map(params![branch_id, from, to], |r| {
        Ok(Award {
            id: r.get(0)?,
            member_id: r.get(1)?,
            name: r.get(2)?,
            date: r.get(3)?,
            level: r.get(4)?,
            title: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
