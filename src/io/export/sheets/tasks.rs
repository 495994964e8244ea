//! 学习任务.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{od, ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    if book.tasks.is_empty() {
        return Ok(None);
    }
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
    let mut sh = Sheet::new(wb, &book.f, SHEETS[7], &book.title("学习任务完成情况"), &headers, true)?
        .wrap(&[0])
        .numbered()?;
    for k in &book.tasks {
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
    // 平均: each task's rate averaged, as the 年度统计's 学习任务平均完成率.
    let n = book.tasks.len() as f64;
    let mean = |f: fn(&crate::domain::study::TaskStat) -> f64| V::Pct(book.tasks.iter().map(f).sum::<f64>() / n);
    let mut avg = vec![V::Empty; 11];
    avg[0] = t(format!("{} 项", book.tasks.len()));
    avg[9] = mean(|k| k.completion_rate);
    avg[10] = mean(|k| k.on_time_rate);
    sh.total("平均", avg)?;
    Ok(Some(sh.finish_signed(SIGN)?))
}
