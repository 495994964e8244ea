//! 考勤表.

use rust_xlsxwriter::Workbook;

use std::collections::HashMap;

use chrono::Datelike;

use super::super::sheet::{t, Sheet, FIRST_DATA_ROW, HEADER_ROW, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::kernel::labels::{ActivityKind, AttendanceStatus};
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    if book.activities.is_empty() {
        return Ok(None);
    }
    // 考勤表: members × activities, 出/假/缺/列; blank where the member was not expected. Narrow
    // columns with upright header text keep a book.opts.year of meetings on one landscape page.
    let mut headers: Vec<(String, f64)> = vec![("姓名".into(), 8.0)];
    // A 党小组会 is named by its group (“第一组”), so three groups meeting on one day stay apart.
    let group = |id: Option<i64>| -> Option<String> {
        let name = book.group_names.get(&id?)?;
        let stem = name
            .trim_end_matches("党小组")
            .trim_end_matches("小组")
            .trim_end_matches('组');
        Some(format!("{stem}组"))
    };
    headers.extend(book.activities.iter().map(|a| {
        let what = match a.kinds.first() {
            Some(ActivityKind::GroupMeeting) => group(a.group_id).unwrap_or_else(|| "小组".into()),
            _ => short_kind(&a.kinds).to_string(),
        };
        (format!("{}.{}{what}", a.date.month(), a.date.day()), 2.4)
    }));
    headers.extend([
        ("出席".into(), 4.5),
        ("请假".into(), 4.5),
        ("缺席".into(), 4.5),
        ("出席率".into(), 7.0),
    ]);
    let header_refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    let mut sh = Sheet::new(
        wb,
        &book.f,
        SHEETS[6],
        &book.title("考勤表（出＝出席，假＝请假，缺＝缺席，列＝列席）"),
        &header_refs,
        true,
    )?;
    sh.header_height(124.0)?;
    sh.ws.set_freeze_panes(FIRST_DATA_ROW, 1)?;
    sh.ws.set_margins(0.3, 0.3, 0.5, 0.5, 0.3, 0.3);
    for c in 1..1 + book.activities.len() as u16 {
        sh.ws
            .write_string_with_format(HEADER_ROW, c, &headers[c as usize].0, &book.f.vertical)?;
    }
    let marks: Vec<HashMap<i64, AttendanceStatus>> = book
        .activities
        .iter()
        .map(|a| {
            // Marks outside a member's periods count nowhere, and show nowhere either.
            a.roll
                .entries
                .iter()
                .filter(|e| e.on_roll || e.status == AttendanceStatus::Observer)
                .map(|e| (e.member_id, e.status))
                .collect()
        })
        .collect();
    for m in &book.roster {
        let mut row = vec![t(&m.name)];
        let mut count = [0usize; 3];
        for day in &marks {
            let status = day.get(&m.id);
            if let Some(i) = [
                AttendanceStatus::Present,
                AttendanceStatus::Leave,
                AttendanceStatus::Absent,
            ]
            .iter()
            .position(|s| Some(s) == status)
            {
                count[i] += 1;
            }
            row.push(status.map(|s| V::C(attendance_mark(*s).into())).unwrap_or(V::Empty));
        }
        let expected = count.iter().sum::<usize>();
        row.extend([V::N(count[0] as f64), V::N(count[1] as f64), V::N(count[2] as f64)]);
        row.push(if expected > 0 {
            V::Pct(count[0] as f64 / expected as f64)
        } else {
            V::Empty
        });
        sh.row(row)?;
    }
    Ok(Some(sh.finish_signed(SIGN)?))
}
/// The one-character mark of the 考勤表.
fn attendance_mark(s: AttendanceStatus) -> &'static str {
    match s {
        AttendanceStatus::Present => "出",
        AttendanceStatus::Leave => "假",
        AttendanceStatus::Absent => "缺",
        AttendanceStatus::Observer => "列",
    }
}

/// The main kind of an activity in two characters, for the narrow 考勤表 header.
fn short_kind(kinds: &[ActivityKind]) -> &'static str {
    match kinds.first() {
        Some(ActivityKind::GeneralMeeting) => "大会",
        Some(ActivityKind::CommitteeMeeting) => "支委",
        Some(ActivityKind::GroupMeeting) => "小组",
        Some(ActivityKind::PartyLecture) => "党课",
        Some(ActivityKind::ThemeDay) => "党日",
        Some(ActivityKind::LifeMeeting) => "生活",
        Some(ActivityKind::Appraisal) => "评议",
        Some(ActivityKind::HeartTalk) => "谈心",
        Some(ActivityKind::MicroLecture) => "微课",
        Some(ActivityKind::Salon) => "沙龙",
        Some(ActivityKind::Seminar) => "讨论",
        Some(ActivityKind::TheoryStudy) => "学习",
        Some(ActivityKind::Volunteer) => "志愿",
        Some(ActivityKind::Other) | None => "其他",
    }
}
