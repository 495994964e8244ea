//! 学时统计.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::domain::study;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let people = &book.people;
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
    let mut sh = Sheet::new(wb, &book.f, SHEETS[9], &book.title("学时统计"), &headers, false)?.numbered()?;
    for p in people {
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
    if !people.is_empty() {
        let n = people.len() as f64;
        let avg =
            |f: fn(&study::MemberStudy) -> f64| V::N((people.iter().map(f).sum::<f64>() / n * 10.0).round() / 10.0);
        let reached = people.iter().filter(|p| p.meets_yearly_hours).count();
        sh.total(
            "平均",
            vec![
                t(format!("{} 人", people.len())),
                V::Empty,
                avg(|p| p.required as f64),
                avg(|p| p.completed as f64),
                V::Empty,
                avg(|p| p.task_hours),
                avg(|p| p.meeting_hours),
                avg(|p| p.study_hours),
                t(format!("达到 {reached} 人")),
            ],
        )?;
    }
    Ok(Some(sh.finish_signed(SIGN)?))
}
