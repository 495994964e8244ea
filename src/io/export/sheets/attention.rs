//! 关注名单: whom the branch should talk with and why, and the task categories to aim the next
//! 三会一课 at — as of today within the year, or at the year's end for a past year.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{t, Sheet, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let a = &book.attention;
    let headers = [("姓名", 12.0), ("需要关注的原因", 70.0)];
    let mut sh = Sheet::new(
        wb,
        &book.f,
        SHEETS[10],
        &book.title(&format!("关注名单（截至 {}）", a.as_of)),
        &headers,
        false,
    )?
    .wrap(&[1])
    .numbered()?;
    for m in &a.members {
        sh.row(vec![t(&m.name), t(m.reasons.join("；"))])?;
    }
    let lowest: Vec<String> = a
        .categories
        .iter()
        .take(3)
        .map(|c| format!("{}（完成率 {:.1}%）", c.category, c.completion * 100.0))
        .collect();
    let note = if lowest.is_empty() {
        "截至当日没有到期的学习任务。".to_string()
    } else {
        format!(
            "完成率最低的学习任务类别：{}。可作为下次“三会一课”的主题参考。",
            lowest.join("、")
        )
    };
    if a.members.is_empty() {
        sh.row(vec![V::Empty, t("没有需要关注的党员")])?;
    }
    Ok(Some(sh.finish_signed(&format!(
        "列入标准：学时落后于全年 32 学时的进度；一个季度内无故缺席两次及以上；学习任务完成率低于 {:.0}%。\n{note}",
        a.threshold * 100.0
    ))?))
}
