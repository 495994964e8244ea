//! 积分明细.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::analysis::points;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    // A detail log: only in the full book.
    if !book.opts.include_details {
        return Ok(None);
    }
    let events = points::events(book.conn, book.opts.branch_id, book.start, book.end)?;
    if events.is_empty() {
        return Ok(None);
    }
    let headers = [
        ("日期", 11.0),
        ("姓名", 10.0),
        ("规则", 18.0),
        ("事项", 44.0),
        ("积分", 7.0),
        ("是否计分", 14.0),
    ];
    let mut sh = Sheet::new(wb, &book.f, SHEETS[11], &book.title("积分明细"), &headers, false)?
        .wrap(&[3])
        .numbered()?;
    for e in &events {
        sh.row(vec![
            V::D(e.date),
            ot(book.names.get(&e.member_id).cloned()),
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
    Ok(Some(sh.finish_signed(SIGN)?))
}
