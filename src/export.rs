//! The annual electronic ledger (电子台账) as one print-ready workbook: a sheet per register, each with
//! a title row, a header row that repeats on every printed page, frozen panes, an autofilter, real dates
//! and numbers, A4 with page numbers. The 花名册, 组织生活记录 and 学习记录 headers are the import headers,
//! so those sheets can be imported back and change nothing.

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet};
use serde::Serialize;

use crate::activities::{self, ActivitySummary};
use crate::labels::{ActivityKind, AttendanceStatus};
use crate::members::{self, MemberFilter};
use crate::{branches, dates, pioneers, points, reports, study, Error, Result};

/// The sheets in their order; those without data for the year are left out.
pub const SHEETS: [&str; 10] = [
    "年度统计",
    "花名册",
    "组织生活记录",
    "考勤表",
    "学习任务",
    "学习记录",
    "学时统计",
    "积分明细",
    "积分排行",
    "先锋示范岗",
];

#[derive(Debug, Clone, Copy)]
pub struct WorkbookOptions {
    pub year: i32,
    pub branch_id: i64,
    /// Write 联系电话 and 身份证号 in full; masked otherwise.
    pub include_sensitive: bool,
}

#[derive(Debug, Serialize)]
pub struct WorkbookReport {
    pub path: String,
    pub sheets: Vec<SheetReport>,
}

#[derive(Debug, Serialize)]
pub struct SheetReport {
    pub name: &'static str,
    /// Data rows below the header.
    pub rows: usize,
}

/// One cell's value, written with the format its kind needs.
enum V {
    T(String),
    N(f64),
    Pct(f64),
    D(NaiveDate),
    Empty,
}

fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

fn ot(s: Option<impl Into<String>>) -> V {
    s.map(|x| V::T(x.into())).unwrap_or(V::Empty)
}

fn od(d: Option<NaiveDate>) -> V {
    d.map(V::D).unwrap_or(V::Empty)
}

struct Formats {
    title: Format,
    header: Format,
    text: Format,
    wrap: Format,
    number: Format,
    pct: Format,
    date: Format,
    center: Format,
    vertical: Format,
}

impl Formats {
    fn new() -> Formats {
        // 宋体 for Excel/WPS on Windows; other readers substitute their CJK face.
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center),
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xF4D6D6))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            text: base.clone().set_align(FormatAlign::VerticalCenter),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::VerticalCenter),
            number: base
                .clone()
                .set_num_format("0.##")
                .set_align(FormatAlign::VerticalCenter),
            pct: base
                .clone()
                .set_num_format("0.0%")
                .set_align(FormatAlign::VerticalCenter),
            date: base
                .clone()
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::VerticalCenter),
            center: base
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            // Upright (stacked) text: CJK reads top to bottom in a narrow column.
            vertical: base
                .set_bold()
                .set_font_size(9)
                .set_background_color(Color::RGB(0xF4D6D6))
                .set_rotation(270)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
        }
    }
}

const TITLE_ROW: RowNum = 0;
const HEADER_ROW: RowNum = 1;
const FIRST_DATA_ROW: RowNum = 2;

/// A sheet under construction: title and headers written, rows appended, finished with its filter.
struct Sheet<'a> {
    name: &'static str,
    ws: &'a mut Worksheet,
    f: &'a Formats,
    cols: u16,
    widths: Vec<f64>,
    next: RowNum,
    wrap_cols: Vec<u16>,
}

/// Lines a wrapped text takes in a column `width` characters wide (a CJK character is two).
fn lines_needed(text: &str, width: f64) -> usize {
    text.split('\n')
        .map(|line| {
            let units: f64 = line.chars().map(|c| if c.is_ascii() { 1.0 } else { 2.0 }).sum();
            ((units * 1.05) / width.max(1.0)).ceil().max(1.0) as usize
        })
        .sum()
}

impl<'a> Sheet<'a> {
    fn new(
        wb: &'a mut Workbook,
        f: &'a Formats,
        name: &'static str,
        title: &str,
        headers: &[(&str, f64)],
        landscape: bool,
    ) -> Result<Sheet<'a>> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        let cols = headers.len() as u16;
        ws.merge_range(TITLE_ROW, 0, TITLE_ROW, cols.saturating_sub(1).max(1), title, &f.title)?;
        ws.set_row_height(TITLE_ROW, 30)?;
        for (i, (h, width)) in headers.iter().enumerate() {
            ws.write_string_with_format(HEADER_ROW, i as u16, *h, &f.header)?;
            ws.set_column_width(i as u16, *width)?;
        }
        ws.set_row_height(HEADER_ROW, 22)?;
        ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
        ws.set_paper_size(9);
        if landscape {
            ws.set_landscape();
        }
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(TITLE_ROW, HEADER_ROW)?;
        ws.set_footer(format!("&C第 &P 页，共 &N 页&R{name}"));
        let widths = headers.iter().map(|(_, w)| *w).collect();
        Ok(Sheet {
            name,
            ws,
            f,
            cols,
            widths,
            next: FIRST_DATA_ROW,
            wrap_cols: Vec::new(),
        })
    }

    fn wrap(mut self, cols: &[u16]) -> Self {
        self.wrap_cols = cols.to_vec();
        self
    }

    fn row(&mut self, values: Vec<V>) -> Result<()> {
        let r = self.next;
        // Readers do not grow rows for wrapped text on opening: size them here.
        let lines = values
            .iter()
            .enumerate()
            .filter(|(c, _)| self.wrap_cols.contains(&(*c as u16)))
            .filter_map(|(c, v)| match v {
                V::T(s) => Some(lines_needed(s, self.widths.get(c).copied().unwrap_or(10.0))),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            self.ws.set_row_height(r, 14.5 * lines as f64)?;
        }
        for (c, v) in values.into_iter().enumerate() {
            let c = c as u16;
            let text_format = if self.wrap_cols.contains(&c) {
                &self.f.wrap
            } else {
                &self.f.text
            };
            match v {
                V::T(s) => self.ws.write_string_with_format(r, c, s, text_format)?,
                V::N(n) => self.ws.write_number_with_format(r, c, n, &self.f.number)?,
                V::Pct(p) => self.ws.write_number_with_format(r, c, p, &self.f.pct)?,
                V::D(d) => self.ws.write_datetime_with_format(r, c, excel_date(d)?, &self.f.date)?,
                V::Empty => self.ws.write_blank(r, c, text_format)?,
            };
        }
        self.next += 1;
        Ok(())
    }

    /// Autofilter over the header and data; says how many data rows the sheet holds.
    fn finish(self) -> Result<SheetReport> {
        let last = self.next.saturating_sub(1).max(HEADER_ROW);
        self.ws.autofilter(HEADER_ROW, 0, last, self.cols - 1)?;
        Ok(SheetReport {
            name: self.name,
            rows: (self.next - FIRST_DATA_ROW) as usize,
        })
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year() as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}

fn names_with_reasons(entries: &[&activities::RollEntry]) -> String {
    entries
        .iter()
        .map(|e| match &e.reason {
            Some(r) => format!("{}（{r}）", e.name),
            None => e.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Writes the year's workbook to `out` and says what it holds.
pub fn workbook(
    conn: &Connection,
    attachments_dir: &Path,
    opts: WorkbookOptions,
    out: &Path,
) -> Result<WorkbookReport> {
    let (start, end) = dates::year_bounds(opts.year)?;
    let branch = branches::get(conn, opts.branch_id)?;
    let year = opts.year;
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut sheets = Vec::new();
    let title = |what: &str| format!("{} {year} 年{what}", branch.name);

    // 年度统计: the same figures as `report summary`.
    let s = reports::summary(conn, Some(opts.branch_id), year)?;
    {
        let mut sh = Sheet::new(
            &mut wb,
            &f,
            SHEETS[0],
            &title("工作统计"),
            &[("项目", 30.0), ("数值", 16.0), ("说明", 44.0)],
            false,
        )?;
        let mut stat = |label: &str, v: V, note: &str| sh.row(vec![t(label), v, t(note)]);
        stat("年末在册党员（人）", V::N(s.members as f64), "12 月 31 日在册")?;
        stat(
            "组织生活（次）",
            V::N(s.activity_total as f64),
            "一次活动算作多种类型时，下列分类各计一次",
        )?;
        for k in ActivityKind::ALL {
            let n = s.activities.get(k.code()).copied().unwrap_or(0);
            if n > 0 {
                stat(&format!("　其中：{}", k.label()), V::N(n as f64), "")?;
            }
        }
        stat(
            "平均出席率",
            V::Pct(s.attendance_rate),
            &format!("实到 {} 人次 ÷ 应到 {} 人次", s.present_total, s.expected_total),
        )?;
        stat("学习任务（项）", V::N(s.study_tasks as f64), "本年发布")?;
        stat(
            "学习任务平均完成率",
            V::Pct(s.study_completion),
            "各任务完成率的平均值（含逾期完成）",
        )?;
        stat(
            "人均学时",
            V::N((s.study_hours_avg * 10.0).round() / 10.0),
            "学习任务 + 出席组织生活；每人每年应不少于 32 学时",
        )?;
        stat("讨论（帖）", V::N(s.discussions as f64), "发帖 + 回帖")?;
        stat("心得体会（篇）", V::N(s.reflections as f64), "")?;
        stat("测验（人次）", V::N(s.quizzes as f64), "")?;
        sheets.push(sh.finish()?);
    }

    // 花名册: everyone on the roll at some time in the year; the import headers first.
    let everyone = members::list(conn, opts.branch_id, &MemberFilter::everyone())?;
    let names: HashMap<i64, String> = everyone.iter().map(|m| (m.id, m.name.clone())).collect();
    let roster: Vec<members::Member> = everyone
        .into_iter()
        .filter(|m| m.joined_on <= end && m.left_on.is_none_or(|l| l > start))
        .map(|m| if opts.include_sensitive { m } else { m.masked() })
        .collect();
    {
        let headers = [
            ("姓名", 10.0),
            ("性别", 6.0),
            ("民族", 8.0),
            ("出生日期", 12.0),
            ("学历", 12.0),
            ("人员类别", 12.0),
            ("党员类别", 10.0),
            ("入党日期", 12.0),
            ("转正日期", 12.0),
            ("党小组", 12.0),
            ("工作岗位", 24.0),
            ("联系电话", 14.0),
            ("身份证号", 21.0),
            ("状态", 8.0),
            ("离开日期", 12.0),
            ("去向", 20.0),
        ];
        let what = if opts.include_sensitive {
            "党员花名册"
        } else {
            "党员花名册（联系电话、身份证号已隐藏）"
        };
        let mut sh = Sheet::new(&mut wb, &f, SHEETS[1], &title(what), &headers, true)?.wrap(&[10, 15]);
        for m in &roster {
            sh.row(vec![
                t(&m.name),
                ot(m.gender.map(|g| g.label())),
                ot(m.ethnicity.clone()),
                od(m.birth_date),
                ot(m.education.clone()),
                t(m.category.label()),
                t(m.membership.label()),
                V::D(m.joined_on),
                od(m.confirmed_on),
                ot(m.group_name.clone()),
                ot(m.position.clone()),
                ot(m.phone.clone()),
                ot(m.id_number.clone()),
                t(m.status.label()),
                od(m.left_on),
                ot(m.left_to.clone()),
            ])?;
        }
        sheets.push(sh.finish()?);
    }

    // 组织生活记录: one row per activity, oldest first, attendance as names.
    let mut year_activities: Vec<ActivitySummary> = activities::list(conn, Some(opts.branch_id), start, end)?;
    year_activities.reverse();
    let details: Vec<activities::Activity> = year_activities
        .iter()
        .map(|a| activities::get(conn, attachments_dir, a.id))
        .collect::<Result<_>>()?;
    let name_of = |id: Option<i64>| id.and_then(|i| names.get(&i).cloned());
    if !details.is_empty() {
        let headers = [
            ("日期", 11.0),
            ("类型", 14.0),
            ("主题", 30.0),
            ("地点", 14.0),
            ("形式", 8.0),
            ("主持人", 8.0),
            ("记录人", 8.0),
            ("学时", 6.0),
            ("内容摘要", 30.0),
            ("党小组", 10.0),
            ("出席", 36.0),
            ("请假", 18.0),
            ("缺席", 14.0),
            ("应到", 6.0),
            ("实到", 6.0),
            ("出席率", 8.0),
        ];
        let mut sh =
            Sheet::new(&mut wb, &f, SHEETS[2], &title("组织生活记录"), &headers, true)?.wrap(&[1, 2, 8, 10, 11, 12]);
        for (a, s) in details.iter().zip(&year_activities) {
            let with = |st: AttendanceStatus| -> Vec<&activities::RollEntry> {
                a.roll.entries.iter().filter(|e| e.status == st).collect()
            };
            // 列席 names go with 出席: the import records anyone not on the roll who attended as 列席.
            let mut attended = with(AttendanceStatus::Present);
            attended.extend(with(AttendanceStatus::Observer));
            sh.row(vec![
                V::D(a.date),
                t(a.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join("、")),
                t(&a.title),
                ot(a.location.clone()),
                t(a.form.label()),
                ot(name_of(a.host_id)),
                ot(name_of(a.recorder_id)),
                V::N(a.hours),
                ot(a.summary.clone()),
                ot(s.group_name.clone()),
                t(names_with_reasons(&attended)),
                t(names_with_reasons(&with(AttendanceStatus::Leave))),
                t(names_with_reasons(&with(AttendanceStatus::Absent))),
                V::N(a.roll.tally.expected as f64),
                V::N(a.roll.tally.present as f64),
                a.roll.tally.rate.map(V::Pct).unwrap_or(V::Empty),
            ])?;
        }
        sheets.push(sh.finish()?);

        // 考勤表: members × activities, 出/假/缺/列; blank where the member was not expected. Narrow
        // columns with upright header text keep a year of meetings on one landscape page.
        let mut headers: Vec<(String, f64)> = vec![("姓名".into(), 8.0)];
        headers.extend(details.iter().map(|a| {
            (
                format!("{}.{}{}", a.date.month(), a.date.day(), short_kind(&a.kinds)),
                2.4,
            )
        }));
        headers.extend([
            ("出席".into(), 4.5),
            ("请假".into(), 4.5),
            ("缺席".into(), 4.5),
            ("出席率".into(), 7.0),
        ]);
        let header_refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
        let mut sh = Sheet::new(
            &mut wb,
            &f,
            SHEETS[3],
            &title("考勤表（出＝出席，假＝请假，缺＝缺席，列＝列席）"),
            &header_refs,
            true,
        )?;
        sh.ws.set_row_height(HEADER_ROW, 80)?;
        sh.ws.set_freeze_panes(FIRST_DATA_ROW, 1)?;
        sh.ws.set_margins(0.3, 0.3, 0.5, 0.5, 0.3, 0.3);
        for c in 1..1 + details.len() as u16 {
            sh.ws
                .write_string_with_format(HEADER_ROW, c, &headers[c as usize].0, &f.vertical)?;
        }
        let marks: Vec<HashMap<i64, AttendanceStatus>> = details
            .iter()
            .map(|a| a.roll.entries.iter().map(|e| (e.member_id, e.status)).collect())
            .collect();
        for m in &roster {
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
                row.push(status.map(|s| t(attendance_mark(*s))).unwrap_or(V::Empty));
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
        for c in 1..1 + details.len() as u16 {
            sh.ws.set_column_format(c, &f.center)?;
        }
        sheets.push(sh.finish()?);
    }

    // 学习任务 and 学习记录.
    let tasks = study::task_stats(conn, Some(opts.branch_id), year)?;
    if !tasks.is_empty() {
        let headers = [
            ("任务名称", 36.0),
            ("类别", 10.0),
            ("发布日期", 12.0),
            ("截止日期", 12.0),
            ("学时", 6.0),
            ("应完成", 8.0),
            ("已完成", 8.0),
            ("按时", 6.0),
            ("逾期", 6.0),
            ("完成率", 9.0),
            ("按时完成率", 11.0),
        ];
        let mut sh = Sheet::new(&mut wb, &f, SHEETS[4], &title("学习任务完成情况"), &headers, true)?.wrap(&[0]);
        for k in &tasks {
            sh.row(vec![
                t(&k.name),
                ot(k.category.clone()),
                V::D(k.published_on),
                od(k.due_on),
                V::N(k.hours),
                V::N(k.required as f64),
                V::N(k.completed as f64),
                V::N(k.on_time as f64),
                V::N(k.late as f64),
                V::Pct(k.completion_rate),
                V::Pct(k.on_time_rate),
            ])?;
        }
        sheets.push(sh.finish()?);

        let headers = [
            ("姓名", 10.0),
            ("任务名称", 40.0),
            ("完成日期", 12.0),
            ("来源", 10.0),
            ("党小组", 12.0),
            ("是否逾期", 10.0),
        ];
        let mut sh = Sheet::new(&mut wb, &f, SHEETS[5], &title("学习记录"), &headers, false)?.wrap(&[1]);
        for k in &tasks {
            for r in study::task_members(conn, opts.branch_id, k.id)? {
                let (Some(done), Some(source)) = (r.completed_on, r.source) else {
                    continue;
                };
                sh.row(vec![
                    t(&r.name),
                    t(&k.name),
                    V::D(done),
                    t(source.label()),
                    ot(r.group_name.clone()),
                    t(if r.late { "逾期" } else { "按时" }),
                ])?;
            }
        }
        sheets.push(sh.finish()?);
    }

    // 学时统计.
    let people = study::member_stats(conn, Some(opts.branch_id), year)?;
    {
        let headers = [
            ("姓名", 10.0),
            ("党小组", 12.0),
            ("应完成任务", 11.0),
            ("已完成", 8.0),
            ("完成率", 9.0),
            ("任务学时", 10.0),
            ("组织生活学时", 12.0),
            ("合计学时", 10.0),
            ("是否达到 32 学时", 14.0),
        ];
        let mut sh = Sheet::new(&mut wb, &f, SHEETS[6], &title("学时统计"), &headers, false)?;
        for p in &people {
            sh.row(vec![
                t(&p.name),
                ot(p.group_name.clone()),
                V::N(p.required as f64),
                V::N(p.completed as f64),
                if p.required > 0 {
                    V::Pct(p.completion_rate)
                } else {
                    V::Empty
                },
                V::N(p.task_hours),
                V::N(p.meeting_hours),
                V::N(p.study_hours),
                t(if p.meets_yearly_hours { "是" } else { "否" }),
            ])?;
        }
        sheets.push(sh.finish()?);
    }

    // 积分明细 and 积分排行 (annual and each month).
    let events = points::events(conn, opts.branch_id, start, end)?;
    if !events.is_empty() {
        let headers = [
            ("日期", 11.0),
            ("姓名", 10.0),
            ("规则", 18.0),
            ("事项", 50.0),
            ("积分", 7.0),
            ("是否计分", 14.0),
        ];
        let mut sh = Sheet::new(&mut wb, &f, SHEETS[7], &title("积分明细"), &headers, false)?.wrap(&[3]);
        for e in &events {
            sh.row(vec![
                V::D(e.date),
                ot(names.get(&e.member_id).cloned()),
                t(e.rule_label),
                t(&e.detail),
                V::N(e.points.as_f64()),
                t(if e.counted {
                    "计分"
                } else {
                    "已达上限，不计分"
                }),
            ])?;
        }
        sheets.push(sh.finish()?);
    }
    let annual = points::ranking(conn, opts.branch_id, start, end)?;
    if !annual.is_empty() {
        let months: Vec<HashMap<i64, f64>> = (1..=12)
            .map(|m| {
                let (a, b) = dates::month_bounds(year, m)?;
                Ok(points::ranking(conn, opts.branch_id, a, b)?
                    .into_iter()
                    .map(|s| (s.member_id, s.points.as_f64()))
                    .collect())
            })
            .collect::<Result<_>>()?;
        let mut headers: Vec<(String, f64)> = vec![
            ("名次".into(), 6.0),
            ("姓名".into(), 10.0),
            ("党小组".into(), 12.0),
            ("年度积分".into(), 10.0),
        ];
        headers.extend((1..=12).map(|m| (format!("{m}月"), 7.0)));
        let header_refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
        let mut sh = Sheet::new(
            &mut wb,
            &f,
            SHEETS[8],
            &title("积分排行（同分同名次）"),
            &header_refs,
            true,
        )?;
        for s in &annual {
            let mut row = vec![
                V::N(s.rank as f64),
                t(&s.name),
                ot(s.group_name.clone()),
                V::N(s.points.as_f64()),
            ];
            row.extend(
                months
                    .iter()
                    .map(|m| m.get(&s.member_id).map(|p| V::N(*p)).unwrap_or(V::Empty)),
            );
            sh.row(row)?;
        }
        sheets.push(sh.finish()?);
    }

    // 先锋示范岗.
    let posts = pioneers::list(conn, opts.branch_id, year)?;
    if !posts.is_empty() {
        let headers = [
            ("类别", 10.0),
            ("姓名", 10.0),
            ("公开承诺", 36.0),
            ("主要事迹", 50.0),
            ("年终评定", 10.0),
            ("评定日期", 12.0),
        ];
        let mut sh = Sheet::new(&mut wb, &f, SHEETS[9], &title("先锋示范岗"), &headers, true)?.wrap(&[2, 3]);
        for p in &posts {
            let deeds = p
                .deeds
                .iter()
                .map(|d| format!("{} {}", d.date, d.description))
                .collect::<Vec<_>>()
                .join("\n");
            sh.row(vec![
                t(&p.kind),
                t(&p.name),
                ot(p.pledge.clone()),
                t(deeds),
                ot(p.rating.map(|r| r.label())),
                od(p.rated_on),
            ])?;
        }
        sheets.push(sh.finish()?);
    }

    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Written beside the target first, then moved: a failed export never leaves half a file.
    let partial = out.with_extension("xlsx.part");
    wb.save(&partial)?;
    std::fs::rename(&partial, out).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Error::Io(e)
    })?;
    Ok(WorkbookReport {
        path: out.display().to_string(),
        sheets,
    })
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
