//! 年度统计: the year's figures, every kind of activity with its count — zero included, as an
//! auditor looks for exactly those — beside what the compliance calendar required of it.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::analysis::{compliance, reports};
use crate::kernel::labels::ActivityKind;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    // The figures of `report summary`, from the book's activities, rolls and study figures.
    let held = book
        .activities
        .iter()
        .map(|a| (a.kinds.as_slice(), a.roll.tally.expected, a.roll.tally.present, a.hours));
    let s = reports::summary_of(
        book.conn,
        Some(book.opts.branch_id),
        book.opts.year,
        held,
        &book.tasks,
        &book.people,
    )?;
    let mut sh = Sheet::new(
        wb,
        &book.f,
        SHEETS[3],
        &book.title("工作统计"),
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
    let calendar = &book.compliance;
    for k in ActivityKind::ALL {
        let n = s.activities.get(k.code()).copied().unwrap_or(0);
        stat(
            &format!("　其中：{}", k.label()),
            V::N(n as f64),
            &requirement(calendar, *k),
        )?;
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
    Ok(Some(sh.finish_signed(SIGN)?))
}

/// What the calendar required of a kind and how it stands: “每月：应开 12 项，已开 11，缺 1”.
fn requirement(c: &compliance::Compliance, kind: ActivityKind) -> String {
    let items: Vec<&compliance::Item> = c
        .items
        .iter()
        .filter(|i| {
            if kind == ActivityKind::GroupMeeting {
                i.item.starts_with("group:")
            } else {
                i.item == kind.code()
            }
        })
        .collect();
    let Some(first) = items.first() else {
        return String::new();
    };
    let every = match (kind, first.period) {
        (ActivityKind::GroupMeeting, _) => "每月每个党小组",
        (_, "month") => "每月",
        (_, "quarter") => "每季度",
        _ => "每年",
    };
    let count = |state: &str| items.iter().filter(|i| i.state == state).count();
    let mut text = format!("{every}：应开 {} 项，已开 {}", items.len(), count("held"));
    if count("missing") > 0 {
        text.push_str(&format!("，缺 {}", count("missing")));
    }
    if count("due") > 0 {
        text.push_str(&format!("，待开 {}", count("due")));
    }
    text
}
