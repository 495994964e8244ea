//! 组织生活记录.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::domain::activities::RollEntry;
use crate::kernel::labels::AttendanceStatus;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    if book.activities.is_empty() {
        return Ok(None);
    }
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
        ("会议有效性", 22.0),
    ];
    let mut sh = Sheet::new(wb, &book.f, SHEETS[5], &book.title("组织生活记录"), &headers, true)?
        .wrap(&[1, 2, 8, 10, 11, 12, 16])
        .numbered()?;
    for a in &book.activities {
        let with =
            |st: AttendanceStatus| -> Vec<&RollEntry> { a.roll.entries.iter().filter(|e| e.status == st).collect() };
        // 列席 names go with 出席: the import records anyone not on the roll who attended as 列席.
        let mut attended = with(AttendanceStatus::Present);
        attended.extend(with(AttendanceStatus::Observer));
        sh.row(vec![
            V::D(a.date),
            t(a.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join("、")),
            t(&a.title),
            ot(a.location.clone()),
            t(a.form.label()),
            ot(book.name_of(a.host_id)),
            ot(book.name_of(a.recorder_id)),
            V::N(a.hours),
            ot(a.summary.clone()),
            ot(a.group_id.and_then(|g| book.group_names.get(&g).cloned())),
            t(super::super::names_with_reasons(&attended)),
            t(super::super::names_with_reasons(&with(AttendanceStatus::Leave))),
            t(super::super::names_with_reasons(&with(AttendanceStatus::Absent))),
            V::N(a.roll.tally.expected as f64),
            V::N(a.roll.tally.present as f64),
            a.roll.tally.rate.map(V::Pct).unwrap_or(V::Empty),
            ot(a.verdict.as_ref().map(|v| v.text.clone())),
        ])?;
    }
    // 合计: the year's 人次 and the pooled rate (Σ实到 ÷ Σ应到), as the 年度统计 gives it.
    let expected: i64 = book.activities.iter().map(|a| a.roll.tally.expected).sum();
    let present: i64 = book.activities.iter().map(|a| a.roll.tally.present).sum();
    let hours: f64 = book.activities.iter().map(|a| a.hours).sum();
    let mut total = vec![V::Empty; 16];
    total[1] = t(format!("{} 次", book.activities.len()));
    total[7] = V::N(hours);
    total[13] = V::N(expected as f64);
    total[14] = V::N(present as f64);
    total[15] = if expected > 0 {
        V::Pct(present as f64 / expected as f64)
    } else {
        V::Empty
    };
    sh.total("合计", total)?;
    Ok(Some(sh.finish_signed(SIGN)?))
}
