//! 学习记录.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::domain::study;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    // A detail log: only in the full book.
    if !book.opts.include_details {
        return Ok(None);
    }
    if book.tasks.is_empty() {
        return Ok(None);
    }
    let headers = [
        ("姓名", 10.0),
        ("任务名称", 40.0),
        ("完成日期", 12.0),
        ("来源", 10.0),
        ("党小组", 12.0),
        ("是否逾期", 10.0),
    ];
    let mut sh = Sheet::new(wb, &book.f, SHEETS[8], &book.title("学习记录"), &headers, false)?
        .wrap(&[1])
        .numbered()?;
    for k in &book.tasks {
        for r in study::task_members(book.conn, book.opts.branch_id, k.id)? {
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
    Ok(Some(sh.finish_signed(SIGN)?))
}
