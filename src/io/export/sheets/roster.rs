//! 花名册.

use rust_xlsxwriter::Workbook;

use super::super::sheet::{od, ot, t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::Result;

pub fn write(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let headers = [
        ("姓名", 10.0),
        ("性别", 6.0),
        ("民族", 8.0),
        ("出生日期", 12.0),
        ("学历", 12.0),
        ("人员类别", 12.0),
        ("党员类别", 10.0),
        ("入党日期", 12.0),
        ("转正日期", 12.0),
        ("党小组", 12.0),
        ("工作岗位", 24.0),
        ("联系电话", 14.0),
        ("身份证号", 21.0),
        ("状态", 8.0),
        ("离开日期", 12.0),
        ("去向", 20.0),
    ];
    let what = if book.opts.include_sensitive {
        "党员花名册"
    } else {
        "党员花名册（联系电话、身份证号已隐藏）"
    };
    let mut sh = Sheet::new(wb, &book.f, SHEETS[4], &book.title(what), &headers, true)?
        .wrap(&[10, 15])
        .numbered()?;
    for m in &book.roster {
        sh.row(vec![
            t(&m.name),
            ot(m.gender.map(|g| g.label())),
            ot(m.ethnicity.clone()),
            od(m.birth_date),
            ot(m.education.clone()),
            t(m.category.label()),
            t(m.membership.label()),
            V::D(m.joined_on),
            od(m.confirmed_on),
            ot(m.group_name.clone()),
            ot(m.position.clone()),
            ot(m.phone.clone()),
            ot(m.id_number.clone()),
            t(m.status.label()),
            od(m.left_on),
            ot(m.left_to.clone()),
        ])?;
    }
    Ok(Some(sh.finish_signed(SIGN)?))
}
