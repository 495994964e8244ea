//! The 党委's annual workbook (`zhibu export college`): every branch of the ledger side by side —
//! 支部汇总, 支部排行, 合规情况 — then the college's registers with a 支部 column: 花名册,
//! 组织生活记录, 考勤明细 (one row per mark, not a members × activities grid: a 考勤表 is a
//! branch's), 学习记录, 学时统计, 积分排行. The registers stream from SQLite into constant-memory
//! sheets, an activity or a task at a time: memory stays flat however large the college.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rust_xlsxwriter::{Workbook, Worksheet};

use super::sheet::{od, ot, t, Formats, Sheet, V};
use super::{save, SheetReport, WorkbookReport};
use crate::analysis::college::{self, BranchFigures};
use crate::analysis::points;
use crate::domain::{members, org, roll};
use crate::kernel::dates;
use crate::kernel::labels::{
    ActivityKind, AttendanceStatus, Gender, MeetingForm, MemberStatus, Membership, PersonCategory, StudySource,
};
use crate::kernel::progress::{OnProgress, Progress};
use crate::{store, Result};

/// The sheets in their order.
pub const SHEETS: [&str; 9] = [
    "支部汇总",
    "支部排行",
    "合规情况",
    "花名册",
    "组织生活记录",
    "考勤明细",
    "学习记录",
    "学时统计",
    "积分排行",
];

/// Writes the college's book for `year` to `out`, judging compliance by `today`.
pub fn workbook(
    conn: &Connection,
    year: i32,
    today: NaiveDate,
    out: &Path,
    progress: OnProgress,
) -> Result<WorkbookReport> {
    let total = SHEETS.len() as u32 + 2;
    let mut step = |done: u32, stage: &str| {
        progress(Progress {
            done,
            total,
            stage: stage.to_string(),
        })
    };
    step(0, "计算各支部数据");
    let (start, end) = dates::year_bounds(year)?;
    let order = branch_order(conn)?;
    let f = Formats::new();
    let mut wb = Workbook::new();
    for name in SHEETS {
        wb.add_worksheet_with_constant_memory()?.set_name(name)?;
    }
    let mut worksheets = std::mem::take(wb.worksheets_mut());
    // The registers stream on two connections at once: 考勤明细 here, 花名册 and 学习记录 on a
    // second reader, which then counts every branch's year; the sheets of figures follow.
    let (mut here, mut beside, mut figured) = (Vec::new(), Vec::new(), Vec::new());
    for (i, ws) in worksheets.iter_mut().enumerate() {
        match WRITERS[i] {
            Writer::Register(w) if STREAMED_BESIDE.contains(&SHEETS[i]) => beside.push((i, w, ws)),
            Writer::Register(w) => here.push((i, w, ws)),
            Writer::Figured(w) => figured.push((i, w, ws)),
        }
    }
    let mut reports: Vec<Option<SheetReport>> = SHEETS.iter().map(|_| None).collect();
    let ((y, written_beside), written_here) = store::alongside(
        conn,
        |reader| {
            let c = College::new(reader, year, (start, end), &order, &f);
            let mut written = Vec::new();
            for (i, write, ws) in beside {
                written.push((i, write(ws, &c)?));
            }
            Ok((college::year(reader, year, today)?, written))
        },
        || {
            let c = College::new(conn, year, (start, end), &order, &f);
            let mut written = Vec::new();
            for (n, (i, write, ws)) in here.into_iter().enumerate() {
                step(n as u32 + 1, SHEETS[i]);
                written.push((i, write(ws, &c)?));
            }
            Ok(written)
        },
    )?;
    for (i, report) in written_here.into_iter().chain(written_beside) {
        reports[i] = Some(report);
    }
    let c = College::new(conn, year, (start, end), &order, &f);
    let begun = SHEETS.len() - figured.len();
    for (n, (i, write, ws)) in figured.into_iter().enumerate() {
        step((begun + n) as u32 + 1, SHEETS[i]);
        reports[i] = Some(write(ws, &c, &y)?);
    }
    *wb.worksheets_mut() = worksheets;
    step(total - 1, "保存文件");
    let report = save(&mut wb, out, reports.into_iter().flatten().collect())?;
    step(total, "完成");
    Ok(report)
}

/// The registers streamed on the second reader.
const STREAMED_BESIDE: [&str; 2] = ["花名册", "学习记录"];

/// How a sheet is written: a register streamed from the ledger alone, or with the year's figures.
#[derive(Clone, Copy)]
enum Writer {
    Register(Register),
    Figured(Figured),
}

type Register = fn(&mut Worksheet, &College) -> Result<SheetReport>;
type Figured = fn(&mut Worksheet, &College, &college::Year) -> Result<SheetReport>;

/// The writer of each sheet, in the order of [`SHEETS`].
const WRITERS: [Writer; 9] = [
    Writer::Figured(summary),
    Writer::Figured(ranking),
    Writer::Figured(compliance),
    Writer::Register(roster),
    Writer::Figured(activities),
    Writer::Register(attendance),
    Writer::Register(records),
    Writer::Figured(hours),
    Writer::Figured(points_ranking),
];

struct College<'a> {
    conn: &'a Connection,
    year: i32,
    start: NaiveDate,
    end: NaiveDate,
    /// Branch ids in the registers' order: by 党总支, then as created.
    order: Vec<(i64, String)>,
    f: Formats,
}

impl<'c> College<'c> {
    /// The book's settings with a connection to read through: each thread streaming has its own.
    fn new(
        conn: &'c Connection,
        year: i32,
        (start, end): (NaiveDate, NaiveDate),
        order: &[(i64, String)],
        f: &Formats,
    ) -> College<'c> {
        College {
            conn,
            year,
            start,
            end,
            order: order.to_vec(),
            f: f.clone(),
        }
    }

    fn title(&self, what: &str) -> String {
        format!("{} 年全院{what}", self.year)
    }

    /// The figures in the registers' order (by 党总支).
    fn by_parent<'y>(&self, y: &'y college::Year) -> Vec<&'y BranchFigures> {
        let at: HashMap<i64, usize> = self.order.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
        let mut rows: Vec<&BranchFigures> = y.figures.iter().collect();
        rows.sort_by_key(|f| at.get(&f.branch_id).copied().unwrap_or(usize::MAX));
        rows
    }
}

fn branch_order(conn: &Connection) -> Result<Vec<(i64, String)>> {
    let mut branches = org::list(conn)?;
    // Branches without a 党总支 last.
    branches.sort_by(|a, b| {
        (a.parent_org.is_none(), &a.parent_org, a.id).cmp(&(b.parent_org.is_none(), &b.parent_org, b.id))
    });
    Ok(branches.into_iter().map(|b| (b.id, b.name)).collect())
}

fn n(x: i64) -> V {
    V::N(x as f64)
}

fn summary(ws: &mut Worksheet, c: &College, y: &college::Year) -> Result<SheetReport> {
    let headers = [
        ("党总支", 26.0),
        ("支部", 34.0),
        ("年末党员数", 8.0),
        ("组织生活次数", 8.0),
        ("应到人次", 9.0),
        ("实到人次", 9.0),
        ("出席率", 8.0),
        ("学习任务数", 8.0),
        ("学习完成率", 8.0),
        ("人均学时", 8.0),
        ("人均积分", 8.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[0], &c.title("各支部工作汇总"), &headers, true)?;
    for f in c.by_parent(y) {
        sh.row(vec![
            ot(f.parent_org.clone()),
            t(&f.name),
            n(f.members),
            n(f.activities),
            n(f.expected),
            n(f.present),
            V::Pct(f.attendance_rate),
            n(f.study_tasks),
            V::Pct(f.study_completion),
            V::N(round2(f.study_hours_avg)),
            V::N(round2(f.points_avg)),
        ])?;
    }
    sh.finish()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn ranking(ws: &mut Worksheet, c: &College, y: &college::Year) -> Result<SheetReport> {
    let headers = [
        ("排名", 6.0),
        ("支部", 34.0),
        ("党总支", 26.0),
        ("组织生活合规率", 10.0),
        ("出席率", 8.0),
        ("学习完成率", 8.0),
        ("人均积分", 8.0),
        ("综合指数", 8.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[1], &c.title("党支部工作排行"), &headers, false)?;
    for f in &y.figures {
        sh.row(vec![
            n(f.rank),
            t(&f.name),
            ot(f.parent_org.clone()),
            V::Pct(f.compliance),
            V::Pct(f.attendance_rate),
            V::Pct(f.study_completion),
            V::N(round2(f.points_avg)),
            V::N(f.index),
        ])?;
    }
    sh.finish_signed(
        "综合指数 = 30% × 组织生活合规率 + 30% × 出席率（Σ实到 ÷ Σ应到）+ 20% × 学习完成率 + 20% × 人均积分 ÷ 各支部人均积分的最高值，满分 100。",
    )
}

fn compliance(ws: &mut Worksheet, c: &College, y: &college::Year) -> Result<SheetReport> {
    let headers = [
        ("支部", 34.0),
        ("应开", 6.0),
        ("已开", 6.0),
        ("未开", 6.0),
        ("合规率", 8.0),
        ("未开事项", 60.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[2], &c.title("组织生活合规情况"), &headers, false)?.wrap(&[5]);
    for f in c.by_parent(y) {
        sh.row(vec![
            t(&f.name),
            n(f.required_items),
            n(f.held_items),
            n(f.required_items - f.held_items),
            V::Pct(f.compliance),
            t(f.missing.join("；")),
        ])?;
    }
    sh.finish()
}

/// A label of a stored code, or the code itself when no label knows it.
fn label(code: Option<String>, of: fn(&str) -> Option<&'static str>) -> V {
    match code {
        Some(c) => t(of(&c).map_or(c.clone(), str::to_string)),
        None => V::Empty,
    }
}

fn roster(ws: &mut Worksheet, c: &College) -> Result<SheetReport> {
    // 134.7 characters with the 序号: one A4 page across in landscape, at no less than 9 pt.
    let headers = [
        ("党总支", 22.0),
        ("支部", 30.5),
        ("党小组", 12.5),
        ("姓名", 8.2),
        ("性别", 4.0),
        ("党员类别", 10.5),
        ("入党日期", 11.0),
        ("转正日期", 11.0),
        ("人员类别", 12.5),
        ("状态", 7.5),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[3], &c.title("党员花名册"), &headers, true)?;
    let mut st = c.conn.prepare_cached(&format!(
        "SELECT b.parent_org, b.name, (SELECT name FROM party_group WHERE id = {group}), m.name, m.gender,
                m.membership, m.joined_on, m.confirmed_on, m.category, m.status
         FROM member m JOIN branch b ON b.id = m.branch_id
         WHERE m.branch_id = ?1 AND {during} ORDER BY m.id",
        group = roll::latest_group_sql("m.id", "?3"),
        during = roll::on_roll_during_sql("m.id", "m.branch_id", "?2", "?3"),
    ))?;
    for (branch, _) in &c.order {
        let mut rows = st.query(params![branch, c.start, c.end])?;
        while let Some(r) = rows.next()? {
            sh.row(vec![
                ot(r.get::<_, Option<String>>(0)?),
                t(r.get::<_, String>(1)?),
                ot(r.get::<_, Option<String>>(2)?),
                t(r.get::<_, String>(3)?),
                label(r.get(4)?, |s| Gender::from_code(s).map(Gender::label)),
                label(r.get(5)?, |s| Membership::from_code(s).map(Membership::label)),
                od(r.get(6)?),
                od(r.get(7)?),
                label(r.get(8)?, |s| PersonCategory::from_code(s).map(PersonCategory::label)),
                label(r.get(9)?, |s| MemberStatus::from_code(s).map(MemberStatus::label)),
            ])?;
        }
    }
    sh.finish()
}

/// Each branch's activities of the year in date order: (id, branch name, date, title, group, form,
/// hours, kind codes).
type ActivityRow = (
    i64,
    String,
    NaiveDate,
    String,
    Option<String>,
    Option<String>,
    f64,
    Option<String>,
);

fn activities_of(c: &College, branch: i64) -> Result<Vec<ActivityRow>> {
    let mut st = c.conn.prepare_cached(
        "SELECT a.id, b.name, a.date, a.title, g.name, a.form, a.hours,
                (SELECT group_concat(kind) FROM activity_kind k WHERE k.activity_id = a.id)
         FROM activity a JOIN branch b ON b.id = a.branch_id LEFT JOIN party_group g ON g.id = a.group_id
         WHERE a.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 ORDER BY a.date, a.id",
    )?;
    let rows = st.query_map(params![branch, c.start, c.end], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn activities(ws: &mut Worksheet, c: &College, y: &college::Year) -> Result<SheetReport> {
    let headers = [
        ("支部", 34.0),
        ("日期", 11.0),
        ("活动名称", 40.0),
        ("类型", 18.0),
        ("党小组", 13.0),
        ("形式", 14.0),
        ("应到", 6.0),
        ("实到", 6.0),
        ("请假", 6.0),
        ("缺席", 6.0),
        ("出席率", 8.0),
        ("学时", 6.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[4], &c.title("组织生活记录"), &headers, true)?;
    let tallies = &y.tallies;
    for (branch, _) in &c.order {
        for (id, branch_name, date, title, group, form, hours, kinds) in activities_of(c, *branch)? {
            let kinds: Vec<&str> = kinds
                .as_deref()
                .unwrap_or_default()
                .split(',')
                .filter_map(ActivityKind::from_code)
                .map(ActivityKind::label)
                .collect();
            let (expected, present, leave) = tallies.get(&id).copied().unwrap_or_default();
            sh.row(vec![
                t(branch_name),
                V::D(date),
                t(title),
                t(kinds.join("、")),
                ot(group),
                label(form, |s| MeetingForm::from_code(s).map(MeetingForm::label)),
                n(expected),
                n(present),
                n(leave),
                n(expected - present - leave),
                if expected > 0 {
                    V::Pct(present as f64 / expected as f64)
                } else {
                    V::Empty
                },
                V::N(hours),
            ])?;
        }
    }
    sh.finish()
}

fn attendance(ws: &mut Worksheet, c: &College) -> Result<SheetReport> {
    let headers = [
        ("支部", 34.0),
        ("日期", 11.0),
        ("活动名称", 40.0),
        ("姓名", 9.0),
        ("考勤", 6.0),
        ("原因", 20.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[5], &c.title("考勤明细"), &headers, false)?;
    let names = names(c)?;
    let mut marks = c.conn.prepare_cached(
        "SELECT t.member_id, t.status, t.reason FROM attendance t WHERE t.activity_id = ?1 ORDER BY t.member_id",
    )?;
    for (branch, _) in &c.order {
        for (id, branch_name, date, title, ..) in activities_of(c, *branch)? {
            let mut rows = marks.query([id])?;
            while let Some(r) = rows.next()? {
                let Some(name) = names.get(&r.get::<_, i64>(0)?) else {
                    continue;
                };
                sh.row(vec![
                    t(&branch_name),
                    V::D(date),
                    t(&title),
                    t(name),
                    label(r.get(1)?, |s| {
                        AttendanceStatus::from_code(s).map(AttendanceStatus::label)
                    }),
                    ot(r.get::<_, Option<String>>(2)?),
                ])?;
            }
        }
    }
    sh.finish()
}

/// Every member's name by id: the registers of marks and completions name them without a join
/// per row.
fn names(c: &College) -> Result<HashMap<i64, String>> {
    let mut st = c.conn.prepare_cached("SELECT id, name FROM member")?;
    let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn records(ws: &mut Worksheet, c: &College) -> Result<SheetReport> {
    let headers = [
        ("支部", 34.0),
        ("学习任务", 40.0),
        ("姓名", 9.0),
        ("完成日期", 11.0),
        ("来源", 11.0),
        ("按期", 5.0),
        ("学时", 6.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[6], &c.title("学习记录"), &headers, false)?;
    let mut tasks = c.conn.prepare_cached(
        "SELECT id, name, due_on, hours FROM study_task
         WHERE branch_id = ?1 AND published_on BETWEEN ?2 AND ?3 ORDER BY published_on, id",
    )?;
    let names = names(c)?;
    let mut done = c.conn.prepare_cached(
        "SELECT r.member_id, r.completed_on, r.source FROM study_record r WHERE r.task_id = ?1 ORDER BY r.member_id",
    )?;
    for (branch, branch_name) in &c.order {
        let list: Vec<(i64, String, Option<NaiveDate>, f64)> = tasks
            .query_map(params![branch, c.start, c.end], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        for (id, task, due, hours) in list {
            let mut rows = done.query([id])?;
            while let Some(r) = rows.next()? {
                let Some(name) = names.get(&r.get::<_, i64>(0)?) else {
                    continue;
                };
                let on: NaiveDate = r.get(1)?;
                let on_time = due.is_none_or(|d| on <= d);
                sh.row(vec![
                    t(branch_name),
                    t(&task),
                    t(name),
                    V::D(on),
                    label(r.get(2)?, |s| StudySource::from_code(s).map(StudySource::label)),
                    V::C(if on_time { "是" } else { "否" }.into()),
                    V::N(hours),
                ])?;
            }
        }
    }
    sh.finish()
}

/// Members on a roll during the year, grouped by branch in the registers' order.
fn members_by_branch<'m, T>(c: &College, members: &'m [T], id: impl Fn(&T) -> i64) -> Result<Vec<(&'m T, String)>> {
    let branch_of = members::branch_of_each(c.conn)?;
    let at: HashMap<i64, usize> = c.order.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    let mut rows: Vec<(usize, &T)> = members
        .iter()
        .filter_map(|m| branch_of.get(&id(m)).and_then(|b| at.get(b)).map(|i| (*i, m)))
        .collect();
    rows.sort_by_key(|(i, m)| (*i, id(m)));
    Ok(rows.into_iter().map(|(i, m)| (m, c.order[i].1.clone())).collect())
}

fn hours(ws: &mut Worksheet, c: &College, y: &college::Year) -> Result<SheetReport> {
    let headers = [
        ("支部", 34.0),
        ("姓名", 9.0),
        ("会议学时", 8.0),
        ("自学学时", 8.0),
        ("合计", 7.0),
        ("达标", 5.0),
    ];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[7], &c.title("党员学时统计"), &headers, false)?;
    for (m, branch) in members_by_branch(c, &y.people, |m| m.member_id)? {
        sh.row(vec![
            t(branch),
            t(&m.name),
            V::N(m.meeting_hours),
            V::N(m.task_hours),
            V::N(m.study_hours),
            V::C(if m.meets_yearly_hours { "是" } else { "否" }.into()),
        ])?;
    }
    sh.finish()
}

/// A member's place in the branch's points ranking.
struct Ranked<'m> {
    member_id: i64,
    name: &'m str,
    tenths: i64,
    rank: i64,
}

fn points_ranking(ws: &mut Worksheet, c: &College, y: &college::Year) -> Result<SheetReport> {
    let headers = [("支部", 34.0), ("排名", 6.0), ("姓名", 9.0), ("年度积分", 8.0)];
    let mut sh = Sheet::streamed(ws, &c.f, SHEETS[8], &c.title("党员积分排行"), &headers, false)?;
    let mut by_branch: Vec<(String, Vec<Ranked>)> = Vec::new();
    for (m, branch) in members_by_branch(c, &y.people, |m| m.member_id)? {
        let tenths = y.points.get(&m.member_id).map_or(0, |p| p.0);
        let row = Ranked {
            member_id: m.member_id,
            name: &m.name,
            tenths,
            rank: 0,
        };
        match by_branch.last_mut() {
            Some((b, list)) if *b == branch => list.push(row),
            _ => by_branch.push((branch, vec![row])),
        }
    }
    for (branch, mut list) in by_branch {
        list.sort_by(|a, b| b.tenths.cmp(&a.tenths).then(a.member_id.cmp(&b.member_id)));
        points::assign_ranks(&mut list, |r| r.tenths, |r, k| r.rank = k);
        for r in list {
            sh.row(vec![t(&branch), n(r.rank), t(r.name), V::N(r.tenths as f64 / 10.0)])?;
        }
    }
    sh.finish()
}
