//! 会议记录 (`zhibu export minutes`): one printed page per meeting of the year, in date order, in the
//! form secretaries keep in the 三会一课 记录本 — 时间, 地点, 主持人, 记录人, 应到/实到, 缺席人员及原因,
//! 列席, 议题, 内容摘要, 决议与表决, 学时 — with the lines the 主持人 and 记录人 sign, so a year can be
//! printed and bound. One sheet; a page break before each meeting.

use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::lines::{balanced, lines_needed};
use super::sheet::Formats;
use super::{names_with_reasons, save, SheetReport, WorkbookReport};
use crate::domain::activities::{self, Activity};
use crate::domain::{members, org};
use crate::kernel::dates;
use crate::kernel::labels::AttendanceStatus;
use crate::kernel::progress::{OnProgress, Progress};
use crate::Result;

pub const SHEET: &str = "会议记录";
/// Label, value, label, value: the widths of the form's four columns (characters).
const WIDTHS: [f64; 4] = [13.0, 30.0, 13.0, 30.0];
/// Points per printed line at 10.5 pt, with leading.
const LINE: f64 = 15.0;

pub fn workbook(
    conn: &Connection,
    branch_id: i64,
    year: i32,
    out: &Path,
    progress: OnProgress,
) -> Result<WorkbookReport> {
    let (start, end) = dates::year_bounds(year)?;
    let branch = org::get(conn, branch_id)?.name;
    let mut list = activities::list(conn, Some(branch_id), start, end)?;
    list.reverse();
    let names: std::collections::HashMap<i64, String> =
        members::list(conn, branch_id, &members::MemberFilter::everyone())?
            .into_iter()
            .map(|m| (m.id, m.name))
            .collect();
    let f = Formats::new();
    let label = Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(rust_xlsxwriter::Color::RGB(0xF4D6D6))
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    // Long text starts at the top of its box, as on a 记录本's page.
    let top = Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_paper_size(9);
    ws.set_margins(0.6, 0.6, 0.7, 0.7, 0.3, 0.3);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&C{} {year} 年三会一课记录", branch.replace('&', "&&")));
    ws.set_footer(format!("&C第 &P 页，共 &N 页&R{SHEET}"));
    let wide = WIDTHS[1] + WIDTHS[2] + WIDTHS[3];
    let total = list.len() as u32;
    let mut row: u32 = 0;
    let mut breaks = Vec::new();
    for (i, summary) in list.iter().enumerate() {
        progress(Progress {
            done: i as u32,
            total,
            stage: format!("{} {}", summary.date, summary.title),
        });
        let a = activities::get(conn, Path::new(""), summary.id)?;
        if row > 0 {
            breaks.push(row);
        }
        ws.merge_range(row, 0, row, 3, &format!("{branch} 会议记录"), &f.title)?;
        ws.set_row_height(row, 30)?;
        row += 1;
        let name = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned()).unwrap_or_default();
        let pairs: [(&str, String, &str, String); 4] = [
            ("会议名称", a.title.clone(), "类型", kinds(&a)),
            ("时间", when(&a), "地点", a.location.clone().unwrap_or_default()),
            ("主持人", name(a.host_id), "记录人", name(a.recorder_id)),
            (
                "应到",
                format!("{} 人", a.roll.tally.expected),
                "实到",
                format!(
                    "{} 人{}",
                    a.roll.tally.present,
                    a.roll
                        .tally
                        .rate
                        .map(|r| format!("（出席率 {:.1}%）", r * 100.0))
                        .unwrap_or_default()
                ),
            ),
        ];
        for (l1, v1, l2, v2) in pairs {
            let (v1, v2) = (balanced(&v1, WIDTHS[1]), balanced(&v2, WIDTHS[3]));
            let lines = lines_needed(&v1, WIDTHS[1]).max(lines_needed(&v2, WIDTHS[3]));
            ws.set_row_height(row, (LINE * lines as f64).max(22.0))?;
            ws.write_string_with_format(row, 0, l1, &label)?;
            ws.write_string_with_format(row, 1, &v1, &f.wrap)?;
            ws.write_string_with_format(row, 2, l2, &label)?;
            ws.write_string_with_format(row, 3, &v2, &f.wrap)?;
            row += 1;
        }
        let absent: Vec<&activities::RollEntry> = a
            .roll
            .entries
            .iter()
            .filter(|e| e.on_roll && e.status != AttendanceStatus::Present)
            .collect();
        let leave: Vec<&activities::RollEntry> = absent
            .iter()
            .copied()
            .filter(|e| e.status == AttendanceStatus::Leave)
            .collect();
        let unexcused: Vec<&activities::RollEntry> = absent
            .iter()
            .copied()
            .filter(|e| e.status == AttendanceStatus::Absent)
            .collect();
        let mut missing = Vec::new();
        if !leave.is_empty() {
            missing.push(format!("请假：{}", names_with_reasons(&leave)));
        }
        if !unexcused.is_empty() {
            missing.push(format!("缺席：{}", names_with_reasons(&unexcused)));
        }
        let observers: Vec<&activities::RollEntry> = a
            .roll
            .entries
            .iter()
            .filter(|e| e.status == AttendanceStatus::Observer)
            .collect();
        let mut guests = Vec::new();
        if !observers.is_empty() {
            guests.push(names_with_reasons(&observers));
        }
        guests.extend(a.guests.clone());
        // The minimum lines give the page the room of a 记录本's page, for notes by hand too.
        let wide_rows: [(&str, String, usize); 7] = [
            ("缺席人员及原因", or_none(missing.join("；")), 2),
            ("列席", or_none(guests.join("、")), 1),
            ("议题", or_none(a.agenda.clone().unwrap_or_default()), 5),
            ("内容摘要", or_none(a.summary.clone().unwrap_or_default()), 18),
            ("决议与表决", decision(&a), 4),
            ("学时", format!("{} 学时（计入出席者）", num(a.hours)), 1),
            (
                "签字",
                "主持人（签字）：　　　　　　　　　　　记录人（签字）：".to_string(),
                3,
            ),
        ];
        for (l, v, min_lines) in wide_rows {
            let v = balanced(&v, wide);
            let lines = lines_needed(&v, wide).max(min_lines);
            ws.set_row_height(row, (LINE * lines as f64).max(22.0))?;
            ws.write_string_with_format(row, 0, l, &label)?;
            let format = if min_lines > 2 { &top } else { &f.wrap };
            ws.merge_range(row, 1, row, 3, &v, format)?;
            row += 1;
        }
    }
    if list.is_empty() {
        ws.merge_range(0, 0, 0, 3, &format!("{branch} {year} 年没有组织生活记录"), &f.title)?;
    }
    ws.set_page_breaks(&breaks)?;
    progress(Progress {
        done: total,
        total,
        stage: "保存文件".into(),
    });
    save(
        &mut wb,
        out,
        vec![SheetReport {
            name: SHEET,
            rows: list.len(),
        }],
    )
}

fn or_none(text: String) -> String {
    if text.trim().is_empty() {
        "无".to_string()
    } else {
        text
    }
}

fn num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

fn kinds(a: &Activity) -> String {
    let mut s: Vec<&str> = a.kinds.iter().map(|k| k.label()).collect();
    if a.election {
        s.push("（选举）");
    }
    format!("{}　{}", s.join("、"), a.form.label())
}

fn when(a: &Activity) -> String {
    match (&a.start_time, &a.end_time) {
        (Some(s), Some(e)) => format!("{} {s}–{e}", a.date),
        (Some(s), None) => format!("{} {s}", a.date),
        _ => a.date.to_string(),
    }
}

/// 决议, the votes, and for a 党员大会 or 支委会 the verdict.
fn decision(a: &Activity) -> String {
    let mut parts = Vec::new();
    if let Some(r) = a.resolution.as_deref().filter(|r| !r.trim().is_empty()) {
        parts.push(r.to_string());
    }
    if let (Some(y), n, ab) = (a.votes_yes, a.votes_no, a.votes_abstain) {
        parts.push(format!(
            "表决：赞成 {y} 票，反对 {} 票，弃权 {} 票",
            n.unwrap_or(0),
            ab.unwrap_or(0)
        ));
    }
    if let Some(v) = &a.verdict {
        parts.push(v.text.clone());
    }
    or_none(parts.join("\n"))
}
