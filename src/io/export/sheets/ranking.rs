//! 积分排行.

use rust_xlsxwriter::Workbook;

use std::collections::HashMap;

use super::super::sheet::{ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::domain::points::Tenths;
use crate::kernel::dates;
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let annual = &book.ranking;
    if annual.is_empty() {
        return Ok(None);
    }
    // Each month's points of those on the roll in it ([`points::ranking`] of the month); a month
    // not reached yet is blank, not a column of zeros.
    let months: Vec<HashMap<i64, f64>> = (1..=12)
        .map(|m| {
            let (a, _) = dates::month_bounds(book.opts.year, m)?;
            let i = m as usize - 1;
            if a > book.today {
                return Ok(HashMap::new());
            }
            let points = &book.points.months[i];
            Ok(book.on_roll_in_month[i]
                .iter()
                .map(|id| (*id, points.get(id).copied().unwrap_or(Tenths(0)).as_f64()))
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut headers: Vec<(String, f64)> = vec![
        ("名次".into(), 6.0),
        ("姓名".into(), 10.0),
        ("党小组".into(), 12.0),
        ("年度积分".into(), 10.0),
    ];
    headers.extend((1..=12).map(|m| (format!("{m}月"), 7.0)));
    let header_refs: Vec<(&str, f64)> = headers.iter().map(|(h, w)| (h.as_str(), *w)).collect();
    let mut sh = Sheet::new(
        wb,
        &book.f,
        SHEETS[12],
        &book.title("积分排行（同分同名次）"),
        &header_refs,
        true,
    )?;
    for s in annual {
        let mut row = vec![
            V::N(s.rank as f64),
            t(&s.name),
            ot(s.group_name.clone()),
            V::N(s.points.as_f64()),
        ];
        row.extend(
            months
                .iter()
                .map(|m| m.get(&s.member_id).map(|p| V::N(*p)).unwrap_or(V::Empty)),
        );
        sh.row(row)?;
    }
    Ok(Some(sh.finish_signed(SIGN)?))
}
