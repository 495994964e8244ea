//! 先锋示范岗.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{od, ot, t, Sheet, SIGN};
use super::super::{Book, SheetReport, SHEETS};
use crate::domain::pioneers;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let posts = pioneers::list(book.conn, book.opts.branch_id, book.opts.year)?;
    if posts.is_empty() {
        return Ok(None);
    }
    let headers = [
        ("类别", 10.0),
        ("姓名", 10.0),
        ("公开承诺", 36.0),
        ("主要事迹", 50.0),
        ("年终评定", 10.0),
        ("评定日期", 12.0),
    ];
    let mut sh = Sheet::new(wb, &book.f, SHEETS[13], &book.title("先锋示范岗"), &headers, true)?
        .wrap(&[2, 3])
        .numbered()?;
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
    Ok(Some(sh.finish_signed(SIGN)?))
}
