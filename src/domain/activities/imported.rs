//! What imports ask of activities: which activity a row of a file means, and the activity as
//! stored, to compare the row with.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{get, marks_of, ActivityData, Mark};
use crate::kernel::dates;
use crate::Result;

/// The branch's activities as imports identify them: by date and 主题, and for a 党小组会 by its
/// 党小组 too — every group may hold its “第1次党小组学习” on the same day. Read once for a whole
/// file.
#[derive(Debug, Default)]
pub struct Keys(HashMap<(NaiveDate, String), Vec<Keyed>>);

/// An activity with its 党小组 (a 党小组会's; `None` for any other).
type Keyed = (i64, Option<i64>);

impl Keys {
    pub fn read(conn: &Connection, branch_id: i64) -> Result<Keys> {
        let mut keys = Keys::default();
        let mut st = conn.prepare_cached("SELECT id, date, title, group_id FROM activity WHERE branch_id = ?1")?;
        let mut rows = st.query([branch_id])?;
        while let Some(r) = rows.next()? {
            let title: String = r.get(2)?;
            keys.add(r.get(0)?, r.get(1)?, &title, r.get(3)?);
        }
        Ok(keys)
    }

    pub fn add(&mut self, id: i64, date: NaiveDate, title: &str, group_id: Option<i64>) {
        self.0
            .entry((date, title.to_string()))
            .or_default()
            .push((id, group_id));
    }

    /// The activity of `date` and `title` held by `group_id` (`None`: not a 党小组会). Failing that,
    /// the only activity of that date and 主题 outside any group, or — for a row outside any group —
    /// the only one of that date and 主题: a row may change what kind of meeting it was. `None` when
    /// the row is a new activity.
    pub fn find(&self, date: NaiveDate, title: &str, group_id: Option<i64>) -> Option<i64> {
        let same = self.0.get(&(date, title.to_string()))?;
        if let Some((id, _)) = same.iter().find(|(_, g)| *g == group_id) {
            return Some(*id);
        }
        match (group_id, same.as_slice()) {
            (None, [(id, _)]) => Some(*id),
            (Some(_), _) => {
                let mut outside = same.iter().filter(|(_, g)| g.is_none());
                match (outside.next(), outside.next()) {
                    (Some((id, _)), None) => Some(*id),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

/// An activity is identified in imports by its branch, date and 主题.
pub fn find(conn: &Connection, branch_id: i64, date: NaiveDate, title: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM activity WHERE branch_id = ?1 AND date = ?2 AND title = ?3",
            params![branch_id, date, title],
            |r| r.get(0),
        )
        .optional()?)
}

/// The stored form of an activity, for comparing an import row with it.
pub fn data_of(conn: &Connection, id: i64) -> Result<ActivityData> {
    let a = get(conn, Path::new(""), id)?;
    let mut attendance: Vec<Mark> = marks_of(conn, id)?;
    attendance.sort_by_key(|m| m.member_id);
    Ok(ActivityData {
        date: a.date,
        start_time: a.start_time.as_deref().and_then(dates::parse_time),
        end_time: a.end_time.as_deref().and_then(dates::parse_time),
        location: a.location,
        form: a.form,
        title: a.title,
        kinds: a.kinds,
        host_id: a.host_id,
        recorder_id: a.recorder_id,
        speaker_id: a.speaker_id,
        group_id: a.group_id,
        hours: a.hours,
        agenda: a.agenda,
        summary: a.summary,
        resolution: a.resolution,
        guests: a.guests,
        election: a.election,
        votes: [a.votes_yes, a.votes_no, a.votes_abstain],
        attendance,
    })
}
