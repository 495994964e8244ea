//! 组织生活 rows: one activity per row, attendance as lists of names with reasons.

use super::lookups::{Finder, Lookups};
use super::{Columns, ImportReport, RowCheck};
use crate::domain::activities::{self, ActivityData, Mark};
use crate::domain::roll::RollMember;
use crate::io::table::Cell;
use crate::kernel::action::Action;
use crate::kernel::error::ImportError;
use crate::kernel::ids::{self, IdMap, IdSet};
use crate::kernel::labels::{ActivityKind, AttendanceStatus, MeetingForm};
use crate::kernel::text::person_name;
use crate::store::Tx;
use crate::Result;

/// Whether two texts differ at most by where their lines break.
fn same_but_line_breaks(a: &str, b: &str) -> bool {
    let flat = |s: &str| s.chars().filter(|c| !matches!(c, '\n' | '\r')).collect::<String>();
    flat(a) == flat(b)
}

/// `张三、李四（出差）, 王五(病假)` → [(张三, None), (李四, Some(出差)), (王五, Some(病假))]. Items are
/// separated by 、，,;；/ or line breaks outside brackets; a list with none of these is separated by
/// spaces — unless that would cut a padded name (“王　芳”) into single characters.
pub fn parse_name_list(text: &str) -> Vec<(String, Option<String>)> {
    let split_outside_brackets = |is_sep: &dyn Fn(char) -> bool| -> Vec<String> {
        let (mut items, mut item, mut depth) = (Vec::new(), String::new(), 0);
        for c in text.chars() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = (depth - 1).max(0),
                _ => {}
            }
            if depth == 0 && is_sep(c) {
                items.push(std::mem::take(&mut item));
            } else {
                item.push(c);
            }
        }
        items.push(item);
        items.into_iter().filter(|i| !i.trim().is_empty()).collect()
    };
    let mut items = split_outside_brackets(&|c| matches!(c, '、' | ',' | '，' | ';' | '；' | '/' | '\n'));
    if items.len() == 1 {
        let spaced = split_outside_brackets(&|c: char| c.is_whitespace());
        if spaced
            .iter()
            .all(|i| i.split(['（', '(']).next().unwrap_or("").trim().chars().count() >= 2)
        {
            items = spaced;
        }
    }
    items
        .iter()
        .map(|item| match item.find(['（', '(']) {
            Some(i) => {
                let reason = item[i..]
                    .trim_start_matches(['（', '('])
                    .trim_end_matches(['）', ')'])
                    .trim()
                    .to_string();
                (item[..i].trim().to_string(), crate::kernel::text::non_empty(&reason))
            }
            None => (item.trim().to_string(), None),
        })
        .collect()
}

/// A row of 组织生活 as read and checked against the ledger's members, 党小组 and rolls: what
/// [`write_activity`] merges with the ledger's activity of that day and 主题 and writes.
pub(super) struct ReadActivity {
    date: chrono::NaiveDate,
    title: String,
    kinds: Vec<ActivityKind>,
    form: Option<MeetingForm>,
    hours: Option<f64>,
    votes: [Option<i64>; 3],
    election: Option<bool>,
    host_id: Option<i64>,
    recorder_id: Option<i64>,
    speaker_id: Option<i64>,
    group_id: Option<i64>,
    expected: Vec<RollMember>,
    has_attendance: bool,
    marks: IdMap<i64, Mark>,
    guests: Vec<String>,
    /// 地点, 议题, 内容摘要 and 决议 as the row gives them.
    texts: [Option<String>; 4],
    warnings: Vec<String>,
}

const TEXT_COLUMNS: [&str; 4] = ["地点", "议题", "内容摘要", "决议"];

/// Reads a row: its errors go to `errors`, and a row with any is `None`. Writes nothing, so it can
/// run on another thread, ahead of the writing ([`super::ahead`]).
pub(super) fn read_activity(
    find: &Finder,
    cols: &Columns,
    row: usize,
    cells: &[Cell],
    errors: &mut Vec<ImportError>,
) -> Result<Option<ReadActivity>> {
    let mut warnings = Vec::new();
    let mut chk = RowCheck::new(row, errors);
    let date = chk.date(cols, cells, "日期");
    if cols.text(cells, "日期").is_none() {
        chk.fail("日期", "", "日期不能为空");
    }
    let title = cols.text(cells, "主题");
    if title.is_none() {
        chk.fail("主题", "", "主题不能为空");
    }
    let mut kinds = Vec::new();
    match cols.text(cells, "类型") {
        None => chk.fail("类型", "", "类型不能为空"),
        Some(t) => {
            for k in t
                .split(['、', ',', '，', '/', ';', '；', '+'])
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                match ActivityKind::parse(k) {
                    Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                    Some(_) => {}
                    None => chk.fail(
                        "类型",
                        k,
                        "不是已知的活动类型（如 党员大会、支委会、党小组会、党课、主题党日、微党课、主题沙龙）",
                    ),
                }
            }
        }
    }
    kinds.sort();
    let form = chk.code(cols, cells, "形式", MeetingForm::parse, "线下、线上 或 线上线下结合");
    let hours = match cols.text(cells, "学时") {
        None => None,
        Some(t) => match cols.cell(cells, "学时").number().filter(|h| (0.0..=24.0).contains(h)) {
            Some(h) => Some(h),
            None => {
                chk.fail("学时", &t, "应为 0–24 之间的数字");
                None
            }
        },
    };
    let mut votes = [None; 3];
    for (i, column) in ["赞成", "反对", "弃权"].into_iter().enumerate() {
        if let Some(t) = cols.text(cells, column) {
            match cols
                .cell(cells, column)
                .number()
                .filter(|n| n.fract() == 0.0 && (0.0..=100_000.0).contains(n))
            {
                Some(n) => votes[i] = Some(n as i64),
                None => chk.fail(column, &t, "应为不小于 0 的整数票数"),
            }
        }
    }
    let election = match cols.text(cells, "选举").as_deref() {
        None => None,
        Some("是" | "选举" | "√" | "✓") => Some(true),
        Some("否" | "决议" | "") => Some(false),
        Some(t) => {
            chk.fail("选举", t, "应为 是 或 否（是：本次表决为选举，须五分之四正式党员到会）");
            None
        }
    };
    let (Some(date), Some(title)) = (date, title) else {
        return Ok(None);
    };
    if chk.failed {
        return Ok(None);
    }

    let person = |column: &str, chk: &mut RowCheck| -> Result<Option<i64>> {
        let Some(raw) = cols.text(cells, column) else {
            return Ok(None);
        };
        let name = match person_name(&raw) {
            Ok(n) => n,
            Err(why) => {
                chk.fail(column, &raw, why);
                return Ok(None);
            }
        };
        let id = find.member(&name, date)?;
        if id.is_none() {
            chk.fail(column, &name, "台账中没有这名党员");
        }
        Ok(id)
    };
    let host_id = person("主持人", &mut chk)?;
    let recorder_id = person("记录人", &mut chk)?;
    // The 主讲人 (of a 党课, 微党课, 沙龙) earns the speaker's points; without one, the 主持人 does.
    let speaker_id = person("主讲人", &mut chk)?;

    let group_id = match cols.text(cells, "党小组") {
        Some(g) if kinds.contains(&ActivityKind::GroupMeeting) => {
            let id = find.group(&g)?;
            if id.is_none() {
                chk.fail("党小组", &g, "台账中没有这个党小组");
            }
            id
        }
        Some(g) => {
            warnings.push(format!(
                "第 {row} 行：类型不含党小组会，已忽略党小组“{}”",
                crate::kernel::text::excerpt(&g, 40)
            ));
            None
        }
        None if kinds.contains(&ActivityKind::GroupMeeting) => {
            chk.fail("党小组", "", "党小组会须填写党小组");
            None
        }
        None => None,
    };
    if chk.failed {
        return Ok(None);
    }
    let expected = find.expected(date, &kinds, group_id)?;
    let mut on_roll: IdSet<i64> = ids::set_with_capacity(expected.len());
    on_roll.extend(expected.iter().map(|r| r.member_id));
    let has_attendance = ["出席", "请假", "缺席", "列席"].iter().any(|c| cols.has(c));

    let mut marks: IdMap<i64, Mark> = ids::map_with_capacity(expected.len());
    for (column, status) in [
        ("出席", AttendanceStatus::Present),
        ("请假", AttendanceStatus::Leave),
        ("缺席", AttendanceStatus::Absent),
    ] {
        let Some(list) = cols.text(cells, column) else {
            continue;
        };
        for (raw, reason) in parse_name_list(&list) {
            let name = match person_name(&raw) {
                Ok(n) => n,
                Err(why) => {
                    chk.fail(column, &raw, why);
                    continue;
                }
            };
            let Some(id) = find.member(&name, date)? else {
                chk.fail(column, &name, "台账中没有这名党员");
                continue;
            };
            let status = if on_roll.contains(&id) {
                status
            } else if status == AttendanceStatus::Present {
                warnings.push(format!("第 {row} 行：“{name}”不在当日应到名单中，记为列席"));
                AttendanceStatus::Observer
            } else {
                chk.fail(
                    column,
                    &name,
                    "不在当日应到名单中（未入党、已离开或不属于该党小组/支委）",
                );
                continue;
            };
            if marks
                .insert(
                    id,
                    Mark {
                        member_id: id,
                        status,
                        reason,
                    },
                )
                .is_some()
            {
                chk.fail(column, &name, "同一人在出席/请假/缺席中出现了不止一次");
            }
        }
    }
    // 列席: a member not on that day's roll sits in as an observer; anyone else is kept by name.
    let mut guests = Vec::new();
    for (raw, _) in cols
        .text(cells, "列席")
        .map(|l| parse_name_list(&l))
        .unwrap_or_default()
    {
        let name = match person_name(&raw) {
            Ok(n) => n,
            Err(why) => {
                chk.fail("列席", &raw, why);
                continue;
            }
        };
        match find.member(&name, date)? {
            Some(id) if on_roll.contains(&id) => {
                chk.fail("列席", &name, "在当日应到名单中，应记为出席、请假或缺席");
            }
            Some(id) => {
                marks.entry(id).or_insert(Mark {
                    member_id: id,
                    status: AttendanceStatus::Observer,
                    reason: None,
                });
            }
            None => guests.push(name),
        }
    }
    if chk.failed {
        return Ok(None);
    }
    Ok(Some(ReadActivity {
        date,
        title,
        kinds,
        form,
        hours,
        votes,
        election,
        host_id,
        recorder_id,
        speaker_id,
        group_id,
        expected,
        has_attendance,
        marks,
        guests,
        texts: TEXT_COLUMNS.map(|c| cols.text(cells, c)),
        warnings,
    }))
}

/// Writes a row read by [`read_activity`]: a new activity, or the ledger's activity of that day and
/// 主题 with what the row fills in (blank cells keep what the ledger has).
pub(super) fn write_activity(
    tx: &Tx,
    branch_id: i64,
    look: &Lookups,
    read: ReadActivity,
    report: &mut ImportReport,
) -> Result<Option<(Action, String)>> {
    let ReadActivity { date, mut marks, .. } = read;
    let existing = look.activity(tx, branch_id, date, &read.title, read.group_id)?;
    let mut waiting = look.marks.borrow_mut();
    if existing.is_some() {
        // An activity an earlier row created may have its marks waiting: written before they are read.
        waiting.finish(tx)?;
    }
    let old = existing.map(|id| activities::data_of(tx, id)).transpose()?;
    let attendance = if read.has_attendance || old.is_none() {
        let mut all: Vec<Mark> = read
            .expected
            .iter()
            .map(|r| {
                marks.remove(&r.member_id).unwrap_or(Mark {
                    member_id: r.member_id,
                    status: AttendanceStatus::Absent,
                    reason: None,
                })
            })
            .collect();
        all.extend(marks.into_values());
        all.sort_by_key(|m| m.member_id);
        all
    } else {
        old.as_ref().map(|o| o.attendance.clone()).unwrap_or_default()
    };

    // Blank cells keep what the ledger has (times typed in the app stay).
    let o = old.as_ref();
    // A printed register carries its own line breaks (see `io::export::lines`): prose that differs
    // from the ledger's only by them is the ledger's.
    let [location, agenda, summary, resolution] = read.texts;
    let text = |new: Option<String>, old: Option<&Option<String>>| {
        let old = old.cloned().flatten();
        match new {
            Some(new) if old.as_deref().is_some_and(|o| same_but_line_breaks(o, &new)) => old,
            Some(new) => Some(new),
            None => old,
        }
    };
    let data = ActivityData {
        date,
        start_time: o.and_then(|o| o.start_time),
        end_time: o.and_then(|o| o.end_time),
        location: text(location, o.map(|o| &o.location)),
        form: read.form.or(o.map(|o| o.form)).unwrap_or(MeetingForm::Offline),
        title: read.title,
        kinds: read.kinds,
        host_id: read.host_id.or(o.and_then(|o| o.host_id)),
        recorder_id: read.recorder_id.or(o.and_then(|o| o.recorder_id)),
        speaker_id: read.speaker_id.or(o.and_then(|o| o.speaker_id)),
        group_id: read.group_id,
        hours: read.hours.or(o.map(|o| o.hours)).unwrap_or(0.0),
        agenda: text(agenda, o.map(|o| &o.agenda)),
        summary: text(summary, o.map(|o| &o.summary)),
        resolution: text(resolution, o.map(|o| &o.resolution)),
        guests: if read.guests.is_empty() {
            o.and_then(|o| o.guests.clone())
        } else {
            Some(read.guests.join("、"))
        },
        election: read.election.or(o.map(|o| o.election)).unwrap_or(false),
        votes: {
            let kept = o.map(|o| o.votes).unwrap_or([None; 3]);
            [0, 1, 2].map(|i| read.votes[i].or(kept[i]))
        },
        attendance,
    };
    report.warnings.extend(read.warnings);
    let summary = format!("{date} {}", data.title);
    if old.as_ref() == Some(&data) {
        return Ok(Some((Action::Unchanged, summary)));
    }
    let action = if existing.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    let id = activities::upsert_waiting(tx, branch_id, existing, &data, &read.expected, &mut waiting)?;
    if existing.is_none() {
        look.created_activity(id, date, &data.title, read.group_id);
    }
    Ok(Some((action, summary)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_with_reasons_in_either_bracket() {
        assert_eq!(
            parse_name_list("张三、李四（出差）, 王五(病假)，"),
            vec![
                ("张三".to_string(), None),
                ("李四".to_string(), Some("出差".to_string())),
                ("王五".to_string(), Some("病假".to_string())),
            ]
        );
    }
}
