//! 组织生活: activities of one or more kinds, their meeting record, roll call and attachments.
//!
//! 应到 is never stored: it is the roll on the activity's date (domain.md) for the activity's scope —
//! the group's members for a 党小组会, the sitting committee for a 支委会, else the whole branch.
//! A member on that roll with no attendance mark counts as 缺席.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

mod attachments;
mod held;
mod imported;
mod listing;
mod marks;
mod verdict;
mod year;

pub use attachments::{add_attachment, attachments, remove_attachment, Attachment};
pub use held::{
    attendance_by_member, held, last_present, present_at, repeated_absences, Absentee, Held, REPEATED_ABSENCES,
};
pub use imported::{data_of, find, Keys};
pub use listing::{latest, list};
use marks::marks_of;
pub use marks::WaitingMarks;
pub use verdict::{judge, verdict, Seat, Verdict};
pub use year::year_with_rolls;

use crate::domain::roll::{self, scope_for, RollMember};
use crate::kernel::dates;
use crate::kernel::ids::{self, IdMap, IdSet};
use crate::kernel::labels::{ActivityKind, AttendanceStatus, MeetingForm};
use crate::kernel::text::{check_optional, check_text, opt_text, required_date, LABEL_MAX, TEXT_MAX, TITLE_MAX};
use crate::store::Tx;
use crate::Error;
use crate::Result;

#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Tally {
    /// 应到
    pub expected: i64,
    /// 实到
    pub present: i64,
    pub leave: i64,
    pub absent: i64,
    /// 实到 / 应到, `None` when nobody was expected.
    pub rate: Option<f64>,
}

impl Tally {
    fn from_counts(expected: i64, present: i64, leave: i64) -> Tally {
        Tally {
            expected,
            present,
            leave,
            absent: expected - present - leave,
            rate: (expected > 0).then(|| present as f64 / expected as f64),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RollEntry {
    pub member_id: i64,
    pub name: String,
    pub group_name: Option<String>,
    pub on_roll: bool,
    /// A 正式党员 that day (预备党员 and people not on the roll have no vote).
    pub voting: bool,
    pub status: AttendanceStatus,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Roll {
    #[serde(flatten)]
    pub tally: Tally,
    pub entries: Vec<RollEntry>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub member_id: i64,
    pub status: AttendanceStatus,
    pub reason: Option<String>,
}

/// The roll with marks: everyone expected (unmarked = `default` status), then observers.
fn build_roll(
    conn: &Connection,
    date: NaiveDate,
    expected: Vec<RollMember>,
    marks: &[Mark],
    default: AttendanceStatus,
) -> Result<Roll> {
    let by_member: HashMap<i64, &Mark> = marks.iter().map(|m| (m.member_id, m)).collect();
    let mut entries: Vec<RollEntry> = expected
        .into_iter()
        .map(|rm| {
            let mark = by_member
                .get(&rm.member_id)
                .filter(|m| m.status != AttendanceStatus::Observer);
            RollEntry {
                member_id: rm.member_id,
                name: rm.name,
                group_name: rm.group_name,
                on_roll: true,
                voting: rm.voting,
                status: mark.map_or(default, |m| m.status),
                reason: mark.and_then(|m| m.reason.clone()),
            }
        })
        .collect();
    let on_roll: std::collections::HashSet<i64> = entries.iter().map(|e| e.member_id).collect();
    for m in marks.iter().filter(|m| !on_roll.contains(&m.member_id)) {
        let (name, group_name) = conn.query_row(
            &format!(
                "SELECT m.name, (SELECT name FROM party_group WHERE id = {}) FROM member m WHERE m.id = ?1",
                roll::group_on_sql("m.id", "?2")
            ),
            params![m.member_id, date],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
        )?;
        entries.push(RollEntry {
            member_id: m.member_id,
            name,
            group_name,
            on_roll: false,
            voting: false,
            // 列席, or a mark left from before the member's period changed (recorded before a 转出
            // was): shown as it was recorded, counted nowhere.
            status: m.status,
            reason: m.reason.clone(),
        });
    }
    let count = |s| entries.iter().filter(|e| e.on_roll && e.status == s).count() as i64;
    let expected = entries.iter().filter(|e| e.on_roll).count() as i64;
    let tally = Tally::from_counts(
        expected,
        count(AttendanceStatus::Present),
        count(AttendanceStatus::Leave),
    );
    Ok(Roll { tally, entries })
}

/// What the form asks while it is being filled in: the roll for these settings, with the saved
/// marks of `activity_id` when editing. New rows default to 出席 (the secretary clicks the exceptions).
pub fn roll_preview(
    conn: &Connection,
    branch_id: i64,
    date: &str,
    kinds: &[String],
    group_id: Option<i64>,
    activity_id: Option<i64>,
) -> Result<Roll> {
    let date = required_date("日期", Some(date))?;
    let kinds = parse_kinds(kinds)?;
    let expected = roll::on(conn, branch_id, date, scope_for(&kinds, group_id)?)?;
    let marks = activity_id
        .map(|id| marks_of(conn, id))
        .transpose()?
        .unwrap_or_default();
    build_roll(conn, date, expected, &marks, AttendanceStatus::Present)
}

fn parse_kinds(kinds: &[String]) -> Result<Vec<ActivityKind>> {
    let mut out = Vec::new();
    for k in kinds {
        let kind = ActivityKind::parse(k).ok_or_else(|| Error::invalid(format!("类型：无法识别“{k}”")))?;
        if !out.contains(&kind) {
            out.push(kind);
        }
    }
    if out.is_empty() {
        return Err(Error::invalid("类型不能为空，请至少选择一种活动类型"));
    }
    out.sort();
    Ok(out)
}

/// A validated activity. Attendance lists marks as given; the roll fills in the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityData {
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub end_time: Option<NaiveTime>,
    pub location: Option<String>,
    pub form: MeetingForm,
    pub title: String,
    pub kinds: Vec<ActivityKind>,
    pub host_id: Option<i64>,
    pub recorder_id: Option<i64>,
    pub speaker_id: Option<i64>,
    pub group_id: Option<i64>,
    pub hours: f64,
    pub agenda: Option<String>,
    pub summary: Option<String>,
    pub resolution: Option<String>,
    /// 列席 who are not members of the branch: names as text, joined by 、.
    pub guests: Option<String>,
    /// A 党员大会 that elects: valid only with four fifths of the voters present.
    pub election: bool,
    pub votes: [Option<i64>; 3],
    pub attendance: Vec<Mark>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct MarkInput {
    pub member_id: i64,
    pub status: String,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActivityInput {
    pub id: Option<i64>,
    pub date: Option<String>,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub form: Option<String>,
    pub title: Option<String>,
    pub kinds: Vec<String>,
    pub host_id: Option<i64>,
    pub recorder_id: Option<i64>,
    pub speaker_id: Option<i64>,
    pub group_id: Option<i64>,
    pub hours: Option<f64>,
    pub agenda: Option<String>,
    pub summary: Option<String>,
    pub resolution: Option<String>,
    #[serde(default)]
    pub guests: Option<String>,
    pub votes_yes: Option<i64>,
    pub votes_no: Option<i64>,
    pub votes_abstain: Option<i64>,
    #[serde(default)]
    pub election: bool,
    #[serde(default)]
    pub attendance: Vec<MarkInput>,
}

fn optional_time(field: &str, s: Option<&str>) -> Result<Option<NaiveTime>> {
    match opt_text(s) {
        None => Ok(None),
        Some(t) => dates::parse_time(&t)
            .map(Some)
            .ok_or_else(|| Error::invalid(format!("{field}：无法识别的时间“{t}”，请写成 14:30 这样的格式"))),
    }
}

impl ActivityInput {
    pub fn validate(&self) -> Result<ActivityData> {
        let form = match opt_text(self.form.as_deref()) {
            None => MeetingForm::Offline,
            Some(f) => MeetingForm::parse(&f).ok_or_else(|| Error::invalid(format!("形式：无法识别“{f}”")))?,
        };
        let mut attendance = Vec::with_capacity(self.attendance.len());
        for m in &self.attendance {
            let status = AttendanceStatus::parse(&m.status)
                .ok_or_else(|| Error::invalid(format!("考勤：无法识别的状态“{}”", m.status)))?;
            attendance.push(Mark {
                member_id: m.member_id,
                status,
                reason: opt_text(m.reason.as_deref()),
            });
        }
        Ok(ActivityData {
            date: required_date("日期", self.date.as_deref())?,
            start_time: optional_time("开始时间", self.start_time.as_deref())?,
            end_time: optional_time("结束时间", self.end_time.as_deref())?,
            location: opt_text(self.location.as_deref()),
            form,
            title: opt_text(self.title.as_deref()).ok_or_else(|| Error::invalid("主题不能为空"))?,
            kinds: parse_kinds(&self.kinds)?,
            host_id: self.host_id,
            recorder_id: self.recorder_id,
            speaker_id: self.speaker_id,
            group_id: self.group_id,
            hours: self.hours.unwrap_or(0.0),
            agenda: opt_text(self.agenda.as_deref()),
            summary: opt_text(self.summary.as_deref()),
            resolution: opt_text(self.resolution.as_deref()),
            guests: opt_text(self.guests.as_deref()),
            election: self.election,
            votes: [self.votes_yes, self.votes_no, self.votes_abstain],
            attendance,
        })
    }
}

fn member_name_in_branch(conn: &Connection, branch_id: i64, id: i64) -> Result<String> {
    conn.prepare_cached("SELECT name FROM member WHERE id = ?1 AND branch_id = ?2")?
        .query_row([id, branch_id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::invalid(format!("编号 {id} 的党员不属于本支部")))
}

/// The lengths and characters of an activity's texts, by what each holds.
fn check_texts(d: &ActivityData) -> Result<()> {
    check_text("主题", &d.title, TITLE_MAX)?;
    check_optional("地点", d.location.as_deref(), LABEL_MAX)?;
    for (field, value) in [
        ("议题", &d.agenda),
        ("内容摘要", &d.summary),
        ("决议", &d.resolution),
        ("列席", &d.guests),
    ] {
        check_optional(field, value.as_deref(), TEXT_MAX)?;
    }
    for m in &d.attendance {
        check_optional("考勤原因", m.reason.as_deref(), TITLE_MAX)?;
    }
    Ok(())
}

/// The 党小组 an activity of `kinds` is stored with: only a 党小组会 has one.
fn stored_group(kinds: &[ActivityKind], group_id: Option<i64>) -> Option<i64> {
    group_id.filter(|_| kinds.contains(&ActivityKind::GroupMeeting))
}

/// Whose attendance an activity of `kinds` (of the 党小组 `group_id`, for a 党小组会) expects.
pub fn scope(kinds: &[ActivityKind], group_id: Option<i64>) -> Result<roll::Scope> {
    scope_for(kinds, stored_group(kinds, group_id))
}

/// The roll an activity's attendance is checked and completed against: who is expected at an
/// activity of `kinds` (of the 党小组 `group_id`, for a 党小组会) on `date`.
pub fn expected(
    conn: &Connection,
    branch_id: i64,
    date: NaiveDate,
    kinds: &[ActivityKind],
    group_id: Option<i64>,
) -> Result<Vec<RollMember>> {
    roll::on(conn, branch_id, date, scope(kinds, group_id)?)
}

/// Insert (`id` None) or replace an activity with its kinds and attendance; returns its id.
pub fn upsert(tx: &Tx, branch_id: i64, id: Option<i64>, d: &ActivityData) -> Result<i64> {
    let expected = expected(tx, branch_id, d.date, &d.kinds, d.group_id)?;
    upsert_on_roll(tx, branch_id, id, d, &expected)
}

/// [`upsert`] with the activity's roll already read by [`expected`] for its date, kinds and group
/// (an import reads it first, to check the names of its row against it).
pub fn upsert_on_roll(
    tx: &Tx,
    branch_id: i64,
    id: Option<i64>,
    d: &ActivityData,
    expected: &[RollMember],
) -> Result<i64> {
    let mut waiting = WaitingMarks::default();
    let id = upsert_waiting(tx, branch_id, id, d, expected, &mut waiting)?;
    waiting.finish(tx)?;
    Ok(id)
}

/// [`upsert_on_roll`] for one of many activities written at once (an import): a new activity's
/// marks join `waiting`, written with those of the activities after it.
pub fn upsert_waiting(
    tx: &Tx,
    branch_id: i64,
    id: Option<i64>,
    d: &ActivityData,
    expected: &[RollMember],
    waiting: &mut WaitingMarks,
) -> Result<i64> {
    check_texts(d)?;
    if !(0.0..=24.0).contains(&d.hours) || !d.hours.is_finite() {
        return Err(Error::invalid(format!("学时：{} 不在 0–24 之间", d.hours)));
    }
    if let (Some(s), Some(e)) = (d.start_time, d.end_time) {
        if e < s {
            return Err(Error::invalid(format!(
                "结束时间 {} 早于开始时间 {}",
                e.format("%H:%M"),
                s.format("%H:%M")
            )));
        }
    }
    if d.votes.iter().any(|v| v.is_some_and(|v| v < 0)) {
        return Err(Error::invalid("表决票数不能为负数"));
    }
    let group_id = stored_group(&d.kinds, d.group_id);
    if let Some(g) = group_id {
        let gb: Option<i64> = tx
            .prepare_cached("SELECT branch_id FROM party_group WHERE id = ?1")?
            .query_row([g], |r| r.get(0))
            .optional()?;
        if gb != Some(branch_id) {
            return Err(Error::invalid(format!("党小组（编号 {g}）不属于本支部")));
        }
    }
    for pid in [d.host_id, d.recorder_id, d.speaker_id].into_iter().flatten() {
        member_name_in_branch(tx, branch_id, pid)?;
    }
    let mut on_roll: IdMap<i64, &str> = ids::map_with_capacity(expected.len());
    on_roll.extend(expected.iter().map(|r| (r.member_id, r.name.as_str())));
    let mut seen: IdSet<i64> = ids::set_with_capacity(d.attendance.len());
    for m in &d.attendance {
        // Whoever is on the branch's roll that day is of the branch; anyone else is looked up.
        let name = match on_roll.get(&m.member_id) {
            Some(name) => std::borrow::Cow::Borrowed(*name),
            None => std::borrow::Cow::Owned(member_name_in_branch(tx, branch_id, m.member_id)?),
        };
        if !seen.insert(m.member_id) {
            return Err(Error::invalid(format!("考勤：“{name}”出现了不止一次")));
        }
        match (on_roll.contains_key(&m.member_id), m.status) {
            (true, AttendanceStatus::Observer) => {
                return Err(Error::invalid(format!("考勤：“{name}”在应到名单中，不能记为列席")));
            }
            (false, s) if s != AttendanceStatus::Observer => {
                return Err(Error::invalid(format!(
                    "考勤：“{name}”在 {} 不在应到名单中（未入党、已离开或不属于该党小组/支委），只能记为列席",
                    d.date
                )));
            }
            _ => {}
        }
    }
    let present = d
        .attendance
        .iter()
        .filter(|m| m.status == AttendanceStatus::Present)
        .count() as i64;
    let votes_total: i64 = d.votes.iter().flatten().sum();
    if votes_total > present {
        return Err(Error::invalid(format!(
            "表决票数合计 {votes_total} 超过了实到人数 {present}"
        )));
    }

    let [yes, no, abstain] = d.votes;
    let fields = params![
        branch_id,
        d.date,
        d.start_time.map(|t| t.format("%H:%M").to_string()),
        d.end_time.map(|t| t.format("%H:%M").to_string()),
        d.location,
        d.form,
        d.title,
        d.host_id,
        d.recorder_id,
        d.speaker_id,
        group_id,
        d.hours,
        d.agenda,
        d.summary,
        d.resolution,
        yes,
        no,
        abstain,
        d.guests,
        d.election,
    ];
    let id = match id {
        None => {
            tx.prepare_cached(
                "INSERT INTO activity (branch_id, date, start_time, end_time, location, form, title, host_id,
                    recorder_id, speaker_id, group_id, hours, agenda, summary, resolution, votes_yes, votes_no,
                    votes_abstain, guests, election)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
            )?
            .execute(fields)?;
            tx.last_insert_rowid()
        }
        Some(id) => {
            let owner: Option<i64> = tx
                .query_row("SELECT branch_id FROM activity WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if owner != Some(branch_id) {
                return Err(Error::NotFound {
                    what: "活动",
                    key: id.to_string(),
                });
            }
            let mut all: Vec<&dyn rusqlite::ToSql> = fields.to_vec();
            all.push(&id);
            tx.prepare_cached(
                "UPDATE activity SET branch_id = ?1, date = ?2, start_time = ?3, end_time = ?4, location = ?5,
                    form = ?6, title = ?7, host_id = ?8, recorder_id = ?9, speaker_id = ?10, group_id = ?11,
                    hours = ?12, agenda = ?13, summary = ?14, resolution = ?15, votes_yes = ?16, votes_no = ?17,
                    votes_abstain = ?18, guests = ?19, election = ?20,
                    updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
                 WHERE id = ?21",
            )?
            .execute(all.as_slice())?;
            tx.prepare_cached("DELETE FROM activity_kind WHERE activity_id = ?1")?
                .execute([id])?;
            // Its marks may be among those waiting: written first, then replaced.
            waiting.finish(tx)?;
            tx.prepare_cached("DELETE FROM attendance WHERE activity_id = ?1")?
                .execute([id])?;
            id
        }
    };
    let mut kind_st = tx.prepare_cached("INSERT INTO activity_kind (activity_id, kind) VALUES (?1, ?2)")?;
    for k in &d.kinds {
        kind_st.execute(params![id, k])?;
    }
    // Everyone on the roll gets a stored mark (unmarked = 缺席), so the record reads whole on its own.
    let mut given: IdMap<i64, &Mark> = ids::map_with_capacity(d.attendance.len());
    given.extend(d.attendance.iter().map(|m| (m.member_id, m)));
    let marks = expected
        .iter()
        .map(|rm| match given.get(&rm.member_id) {
            Some(m) => (id, m.member_id, m.status, m.reason.clone()),
            None => (id, rm.member_id, AttendanceStatus::Absent, None),
        })
        .chain(
            d.attendance
                .iter()
                .filter(|m| m.status == AttendanceStatus::Observer)
                .map(|m| (id, m.member_id, m.status, m.reason.clone())),
        );
    waiting.extend(tx, marks)?;
    Ok(id)
}

#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub id: i64,
    pub branch_id: i64,
    pub date: NaiveDate,
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub form: MeetingForm,
    pub title: String,
    pub kinds: Vec<ActivityKind>,
    pub host_id: Option<i64>,
    pub recorder_id: Option<i64>,
    pub speaker_id: Option<i64>,
    pub group_id: Option<i64>,
    pub hours: f64,
    pub agenda: Option<String>,
    pub summary: Option<String>,
    pub resolution: Option<String>,
    pub votes_yes: Option<i64>,
    pub votes_no: Option<i64>,
    pub votes_abstain: Option<i64>,
    pub guests: Option<String>,
    pub election: bool,
    pub roll: Roll,
    /// For a 党员大会: valid or not, and whether its resolution passed.
    pub verdict: Option<Verdict>,
    pub attachments: Vec<Attachment>,
}

fn kinds_of(conn: &Connection, id: i64) -> Result<Vec<ActivityKind>> {
    let mut st = conn.prepare_cached("SELECT kind FROM activity_kind WHERE activity_id = ?1 ORDER BY kind")?;
    let mut kinds: Vec<ActivityKind> = st.query_map([id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    kinds.sort();
    Ok(kinds)
}

/// The roll and marks of a saved activity.
pub fn roll_of(conn: &Connection, branch_id: i64, id: i64, date: NaiveDate, group_id: Option<i64>) -> Result<Roll> {
    let kinds = kinds_of(conn, id)?;
    let expected = roll::on(conn, branch_id, date, scope_for(&kinds, group_id)?)?;
    build_roll(conn, date, expected, &marks_of(conn, id)?, AttendanceStatus::Absent)
}

/// What [`roll_of`] gives a held activity, from its branch's rolls read once (`rolls`, of the
/// activity's branch): for many activities at once.
pub fn roll_of_held(conn: &Connection, rolls: &roll::Rolls, held: &Held) -> Result<Roll> {
    let expected = rolls.on(held.date, scope_for(&held.kinds, held.group_id)?);
    build_roll(
        conn,
        held.date,
        expected,
        &marks_of(conn, held.id)?,
        AttendanceStatus::Absent,
    )
}

/// The columns [`Activity::from_row`] reads, in its order (kinds, roll and attachments apart).
const ACTIVITY_COLUMNS: &str = "id, branch_id, date, start_time, end_time, location, form, title, host_id, recorder_id,
     speaker_id, group_id, hours, agenda, summary, resolution, votes_yes, votes_no, votes_abstain, guests, election";

impl Activity {
    /// An activity from a row of [`ACTIVITY_COLUMNS`], without its kinds, roll or attachments.
    fn from_row(r: &Row) -> rusqlite::Result<Activity> {
        Ok(Activity {
            id: r.get(0)?,
            branch_id: r.get(1)?,
            date: r.get(2)?,
            start_time: r.get(3)?,
            end_time: r.get(4)?,
            location: r.get(5)?,
            form: r.get(6)?,
            title: r.get(7)?,
            kinds: Vec::new(),
            host_id: r.get(8)?,
            recorder_id: r.get(9)?,
            speaker_id: r.get(10)?,
            group_id: r.get(11)?,
            hours: r.get(12)?,
            agenda: r.get(13)?,
            summary: r.get(14)?,
            resolution: r.get(15)?,
            votes_yes: r.get(16)?,
            votes_no: r.get(17)?,
            votes_abstain: r.get(18)?,
            guests: r.get(19)?,
            election: r.get(20)?,
            roll: Roll {
                tally: Tally::default(),
                entries: Vec::new(),
            },
            verdict: None,
            attachments: Vec::new(),
        })
    }
}

pub fn get(conn: &Connection, attachments_dir: &Path, id: i64) -> Result<Activity> {
    let row = conn
        .query_row(
            &format!("SELECT {ACTIVITY_COLUMNS} FROM activity WHERE id = ?1"),
            [id],
            Activity::from_row,
        )
        .optional()?;
    let mut a = row.ok_or(Error::NotFound {
        what: "活动",
        key: id.to_string(),
    })?;
    a.kinds = kinds_of(conn, id)?;
    a.roll = roll_of(conn, a.branch_id, id, a.date, a.group_id)?;
    a.verdict = verdict(&a.kinds, &a.roll, a.election, a.votes_yes);
    a.attachments = attachments(conn, attachments_dir, id)?;
    Ok(a)
}

#[derive(Debug, Clone, Serialize)]
pub struct ActivitySummary {
    pub id: i64,
    pub branch_id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub kinds: Vec<ActivityKind>,
    pub location: Option<String>,
    pub form: MeetingForm,
    pub host_name: Option<String>,
    pub group_name: Option<String>,
    pub hours: f64,
    #[serde(flatten)]
    pub tally: Tally,
    pub attachment_count: i64,
}

pub fn save(tx: &Tx, branch_id: i64, input: &ActivityInput) -> Result<Activity> {
    let data = input.validate()?;
    let id = upsert(tx, branch_id, input.id, &data)?;
    get(tx, tx.attachments_dir(), id)
}

/// Deletes an activity with its marks and attachments; the files go once the deletion has committed.
pub fn delete(tx: &Tx, id: i64) -> Result<()> {
    let files = attachments(tx, tx.attachments_dir(), id)?;
    if tx.execute("DELETE FROM activity WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound {
            what: "活动",
            key: id.to_string(),
        });
    }
    for f in files {
        tx.remove_after_commit(&f.path);
    }
    Ok(())
}
