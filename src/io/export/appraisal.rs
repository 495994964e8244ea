//! The year's appraisal spreadsheet (`zhibu export appraisal`): the 民主评议 汇总表 — each member's
//! figures that ground the grade, the guide's score and suggestion, a grade dropdown, 备注 — then the
//! compliance calendar, the 谈心谈话 and the 表彰, print-ready with the lines the branch signs. The
//! 民主评议 sheet imports back (`import appraisal`): only what was typed into it changes.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::{DataValidation, Workbook};

use super::sheet::{ot, t, Formats, Sheet, V};
use super::{save, SheetReport, WorkbookReport};
use crate::analysis::compliance;
use crate::analysis::{appraisal, points};
use crate::domain::activities::attendance_by_member;
use crate::domain::study::{self, YEARLY_HOURS};
use crate::domain::{awards, org, pioneers, talks};
use crate::kernel::dates;
use crate::kernel::labels::AppraisalGrade;
use crate::kernel::progress::{OnProgress, Progress};
use crate::Result;

/// The sheets of the appraisal workbook, in order.
pub const APPRAISAL_SHEETS: [&str; 4] = ["民主评议", "合规日历", "谈心谈话", "表彰"];

use super::sheet::SIGN;

pub fn workbook(
    conn: &Connection,
    branch_id: i64,
    year: i32,
    as_of: chrono::NaiveDate,
    out: &Path,
    progress: OnProgress,
) -> Result<WorkbookReport> {
    let branch = org::get(conn, branch_id)?.name;
    let title = |what: &str| format!("{branch} {year} 年{what}");
    let f = Formats::new();
    let mut wb = Workbook::new();
    let total = APPRAISAL_SHEETS.len() as u32 + 1;
    let step = |done: u32, stage: &str| Progress {
        done,
        total,
        stage: stage.to_string(),
    };
    let mut sheets = Vec::new();
    progress(step(0, APPRAISAL_SHEETS[0]));
    let figures = SummaryFigures::read(conn, branch_id, year)?;
    sheets.push(summary(
        &mut wb,
        &f,
        conn,
        branch_id,
        year,
        &title("民主评议党员汇总表"),
        &figures,
    )?);
    progress(step(1, APPRAISAL_SHEETS[1]));
    let c = compliance::compliance(conn, branch_id, year, as_of)?;
    sheets.push(calendar(&mut wb, &f, &c, &title("组织生活合规情况"))?);
    progress(step(2, APPRAISAL_SHEETS[2]));
    sheets.push(heart_talks(&mut wb, &f, conn, branch_id, year, &title("谈心谈话记录"))?);
    progress(step(3, APPRAISAL_SHEETS[3]));
    sheets.push(award_sheet(&mut wb, &f, conn, branch_id, year, &title("表彰情况"))?);
    progress(step(4, "保存文件"));
    let report = save(&mut wb, out, sheets)?;
    progress(step(total, "完成"));
    Ok(report)
}

/// What the 民主评议 sheet shows of each member besides the appraisal's own records.
pub(super) struct SummaryFigures {
    pub rows: Vec<appraisal::Row>,
    /// (present, expected) by member ([`attendance_by_member`]).
    pub attendance: HashMap<i64, (i64, i64)>,
    pub study: HashMap<i64, study::MemberStudy>,
    /// The year's points rank by member.
    pub ranks: HashMap<i64, i64>,
}

impl SummaryFigures {
    fn read(conn: &Connection, branch_id: i64, year: i32) -> Result<SummaryFigures> {
        let (start, end) = dates::year_bounds(year)?;
        Ok(SummaryFigures {
            rows: appraisal::sheet(conn, branch_id, year)?,
            attendance: attendance_by_member(conn, branch_id, start, end)?,
            study: study::member_stats(conn, Some(branch_id), year)?
                .into_iter()
                .map(|s| (s.member_id, s))
                .collect(),
            ranks: points::ranking(conn, branch_id, start, end)?
                .into_iter()
                .map(|s| (s.member_id, s.rank))
                .collect(),
        })
    }
}

pub(super) fn summary(
    wb: &mut Workbook,
    f: &Formats,
    conn: &Connection,
    branch_id: i64,
    year: i32,
    title: &str,
    figures: &SummaryFigures,
) -> Result<SheetReport> {
    let (start, end) = dates::year_bounds(year)?;
    let SummaryFigures {
        rows,
        attendance,
        study,
        ranks,
    } = figures;
    let mut posts: HashMap<i64, Vec<String>> = HashMap::new();
    for p in pioneers::list(conn, branch_id, year)? {
        let rating = p.rating.map(|r| format!("（{}）", r.label())).unwrap_or_default();
        posts
            .entry(p.member_id)
            .or_default()
            .push(format!("{}{rating}", p.kind));
    }
    let mut honours: HashMap<i64, Vec<String>> = HashMap::new();
    for a in awards::list(conn, branch_id, start, end)? {
        honours
            .entry(a.member_id)
            .or_default()
            .push(format!("{}（{}）", a.title, a.level.label()));
    }
    // The import headers (姓名, 年度, 互评得分, 测评得分, 评定等次, 备注) so the sheet imports back.
    let headers = [
        ("姓名", 9.0),
        ("年度", 5.0),
        ("出席率", 7.0),
        ("学时", 6.0),
        ("学习完成率", 8.0),
        ("积分", 7.0),
        ("积分名次", 7.0),
        ("先锋岗", 12.0),
        ("表彰", 12.0),
        ("互评得分", 8.0),
        ("测评得分", 8.0),
        ("评议得分", 8.0),
        ("建议等次", 9.0),
        ("评定等次", 9.0),
        ("备注", 10.0),
    ];
    let mut sh = Sheet::new(wb, f, APPRAISAL_SHEETS[0], title, &headers, true)?
        .wrap(&[7, 8, 14])
        .numbered()?;
    for r in rows {
        let (present, expected) = attendance.get(&r.member_id).copied().unwrap_or((0, 0));
        let s = study.get(&r.member_id);
        let label = |g: Option<AppraisalGrade>| ot(g.map(|g| g.label()));
        sh.row(vec![
            t(&r.name),
            V::N(year as f64),
            if expected > 0 {
                V::Pct(present as f64 / expected as f64)
            } else {
                V::Empty
            },
            s.map(|s| V::N(s.study_hours)).unwrap_or(V::Empty),
            s.filter(|s| s.required > 0)
                .map(|s| V::Pct(s.completion_rate))
                .unwrap_or(V::Empty),
            V::N(r.points),
            ranks.get(&r.member_id).map(|k| V::N(*k as f64)).unwrap_or(V::Empty),
            ot(posts.get(&r.member_id).map(|p| p.join("、"))),
            ot(honours.get(&r.member_id).map(|h| h.join("、"))),
            r.peer_score.map(V::N).unwrap_or(V::Empty),
            r.poll_score.map(V::N).unwrap_or(V::Empty),
            r.score.map(V::N).unwrap_or(V::Empty),
            if r.graded { label(r.suggested) } else { t("不评定") },
            label(r.grade),
            ot(r.note.clone()),
        ])?;
    }
    let (first, next) = sh.data_rows();
    if next > first {
        let grades: Vec<&str> = AppraisalGrade::ALL.iter().map(|g| g.label()).collect();
        let dropdown = DataValidation::new().allow_list_strings(&grades)?;
        // 评定等次, after the 序号.
        sh.ws.add_data_validation(first, 14, next - 1, 14, &dropdown)?;
    }
    let g = crate::domain::rules::guide_for(conn, year)?;
    sh.finish_signed(&format!(
        "受评正式党员 {} 人（预备党员参加评议、不评定等次），优秀不超过 {} 人；评议得分 = 基础分 {} + 加分（≤{}）+ 测评（≤{}）− 减分，{} 分及以上建议优秀，{} 分及以上合格，{} 分及以上基本合格；学时应不少于 {} 学时。\n{SIGN}",
        rows.iter().filter(|r| r.graded).count(),
        crate::domain::appraisal::excellent_cap(rows.iter().filter(|r| r.graded).count()),
        g.base,
        g.bonus_max,
        g.poll_max,
        g.excellent_min,
        g.qualified_min,
        g.basic_min,
        YEARLY_HOURS
    ))
}

pub(super) fn calendar(wb: &mut Workbook, f: &Formats, c: &compliance::Compliance, title: &str) -> Result<SheetReport> {
    let mut headers: Vec<(String, f64)> = vec![("要求".into(), 26.0)];
    headers.extend((1..=12).map(|m| (format!("{m}月"), 5.5)));
    let refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    let mut sh = Sheet::new(wb, f, APPRAISAL_SHEETS[1], title, &refs, true)?;
    // One row per required item, from the calendar's items (so the rules in force decide what is
    // required): a month's in its column, a quarter's in its last month, the year's in 12月.
    // ✓ held, 缺 missing, 待 still due.
    let mut rows: Vec<((&str, &str), Vec<V>)> = Vec::new();
    for it in &c.items {
        let column = match it.period {
            "month" => it.number,
            "quarter" => it.number * 3,
            _ => 12,
        } as usize;
        let key = (it.period, it.item.as_str());
        let at = match rows.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                let every = match it.period {
                    "month" => "每月",
                    "quarter" => "每季度",
                    _ => "每年",
                };
                let mut cells = vec![t(format!("{}（{every}）", compliance::item_label(&it.item)))];
                cells.extend(std::iter::repeat_with(|| V::Empty).take(12));
                rows.push((key, cells));
                rows.len() - 1
            }
        };
        let mark = match it.state {
            "missing" => "缺",
            "due" => "待",
            _ => "✓",
        };
        rows[at].1[column] = V::C(mark.into());
    }
    for (_, cells) in rows {
        sh.row(cells)?;
    }
    let mut notes = Vec::new();
    if !c.heart_talk_missing.is_empty() || !c.heart_talk_due.is_empty() {
        let names: Vec<&str> = c
            .heart_talk_missing
            .iter()
            .chain(&c.heart_talk_due)
            .map(String::as_str)
            .collect();
        notes.push(format!("尚未谈心谈话：{}", names.join("、")));
    }
    notes.extend(c.warning_lines());
    notes.push(format!("✓ 已开　缺 应开未开　待 尚未到期（截至 {}）", c.as_of));
    notes.push(SIGN.to_string());
    sh.finish_signed(&notes.join("\n"))
}

pub(super) fn heart_talks(
    wb: &mut Workbook,
    f: &Formats,
    conn: &Connection,
    branch_id: i64,
    year: i32,
    title: &str,
) -> Result<SheetReport> {
    let (start, end) = dates::year_bounds(year)?;
    let headers = [
        ("日期", 11.0),
        ("谈话人", 12.0),
        ("谈话对象", 24.0),
        ("主题", 24.0),
        ("后续事项", 24.0),
    ];
    let mut sh = Sheet::new(wb, f, APPRAISAL_SHEETS[2], title, &headers, true)?
        .wrap(&[2, 3, 4])
        .numbered()?;
    for talk in talks::list(conn, branch_id, start, end)? {
        sh.row(vec![
            V::D(talk.date),
            t(talk.talker),
            t(talk.parties.join("、")),
            ot(talk.topic),
            ot(talk.follow_up),
        ])?;
    }
    sh.finish_signed(SIGN)
}

pub(super) fn award_sheet(
    wb: &mut Workbook,
    f: &Formats,
    conn: &Connection,
    branch_id: i64,
    year: i32,
    title: &str,
) -> Result<SheetReport> {
    let (start, end) = dates::year_bounds(year)?;
    let headers = [("姓名", 10.0), ("日期", 11.0), ("级别", 8.0), ("名称", 36.0)];
    let mut sh = Sheet::new(wb, f, APPRAISAL_SHEETS[3], title, &headers, false)?
        .wrap(&[3])
        .numbered()?;
    for a in awards::list(conn, branch_id, start, end)? {
        sh.row(vec![t(a.name), V::D(a.date), t(a.level.label()), t(a.title)])?;
    }
    sh.finish_signed(SIGN)
}
