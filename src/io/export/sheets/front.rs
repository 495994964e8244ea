//! The book's front matter: 封面 (支部, 上级党组织, year, 支部书记, 填报日期), 目录 (the sheets the book
//! holds, each a link), 支部基本情况 (支委, 党小组, the counts at the year's end).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};

use super::super::sheet::{t, Sheet, SIGN, V};
use super::super::{Book, SheetReport, SHEETS};
use crate::domain::{org, roll};
use crate::kernel::labels::CommitteeRole;
use crate::Result;

/// The day the book describes: the year's end, or today within the year.
fn as_of(book: &Book) -> chrono::NaiveDate {
    chrono::Local::now().date_naive().clamp(book.start, book.end)
}

pub fn cover(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let branch = org::get(book.conn, book.opts.branch_id)?;
    let secretaries = org::holders(
        book.conn,
        book.opts.branch_id,
        CommitteeRole::Secretary,
        as_of(book),
        as_of(book),
    )?;
    let secretary: Vec<String> = secretaries
        .iter()
        .filter_map(|id| book.names.get(id).cloned())
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[0])?;
    ws.set_paper_size(9);
    ws.set_screen_gridlines(false);
    ws.set_column_width(0, 8)?;
    ws.set_column_width(1, 18)?;
    ws.set_column_width(2, 44)?;
    ws.set_column_width(3, 8)?;
    let big = Format::new()
        .set_font_name("黑体")
        .set_font_size(26)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let year = Format::new()
        .set_font_name("黑体")
        .set_font_size(20)
        .set_align(FormatAlign::Center);
    let label = Format::new()
        .set_font_name("宋体")
        .set_font_size(14)
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::VerticalCenter);
    let value = Format::new()
        .set_font_name("宋体")
        .set_font_size(14)
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    ws.set_row_height(4, 90)?;
    ws.merge_range(4, 0, 4, 3, &branch.name, &big)?;
    ws.set_row_height(6, 40)?;
    ws.merge_range(6, 0, 6, 3, &format!("{} 年度支部工作台账", book.opts.year), &year)?;
    let today = chrono::Local::now().date_naive();
    let lines = [
        ("党支部：", branch.name.clone()),
        ("上级党组织：", branch.parent_org.clone().unwrap_or_default()),
        ("年度：", format!("{} 年", book.opts.year)),
        ("支部书记：", secretary.join("、")),
        ("填报日期：", today.format("%Y 年 %-m 月 %-d 日").to_string()),
    ];
    for (i, (l, v)) in lines.iter().enumerate() {
        let r = 14 + i as u32 * 2;
        ws.set_row_height(r, 30)?;
        ws.write_string_with_format(r, 1, *l, &label)?;
        ws.write_string_with_format(r, 2, v, &value)?;
    }
    // One page at full size: its columns and rows are sized for A4 portrait.
    ws.set_print_area(0, 0, 24, 3)?;
    ws.set_print_center_horizontally(true);
    Ok(Some(SheetReport {
        name: SHEETS[0],
        rows: 0,
    }))
}

/// The 目录's place, filled by [`fill_contents`] once the book knows which sheets it holds.
pub fn contents(wb: &mut Workbook, _book: &Book) -> Result<Option<SheetReport>> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEETS[1])?;
    Ok(Some(SheetReport {
        name: SHEETS[1],
        rows: 0,
    }))
}

/// What each sheet holds, for the 目录.
fn describe(name: &str) -> &'static str {
    match name {
        "支部基本情况" => "支委、党小组、年末党员人数",
        "年度统计" => "各类组织生活次数（含 0 次）与应开情况、出席率、学习",
        "花名册" => "年内在册党员",
        "组织生活记录" => "每次组织生活：时间、地点、应到实到、会议有效性",
        "考勤表" => "党员 × 活动：出、假、缺、列",
        "学习任务" => "学习任务的完成率与按时完成率",
        "学习记录" => "每条学习完成记录（明细）",
        "学时统计" => "每名党员的学时与 32 学时要求",
        "关注名单" => "需要关注的党员与完成率最低的学习类别",
        "积分明细" => "每一分的来源（明细）",
        "积分排行" => "年度与各月积分排行",
        "先锋示范岗" => "承诺、事迹与评定",
        "民主评议" => "评议得分、建议等次与评定等次",
        "合规日历" => "各月、季度、全年应开的会议",
        "谈心谈话" => "谈心谈话记录",
        "表彰" => "表彰情况",
        _ => "",
    }
}

/// Writes the 目录: every sheet after it, with a link and what it holds.
pub fn fill_contents(wb: &mut Workbook, book: &Book, sheets: &[SheetReport]) -> Result<()> {
    let listed: Vec<&SheetReport> = sheets.iter().skip(2).collect();
    let ws = wb.worksheet_from_name(SHEETS[1])?;
    let mut sh = Sheet::on(
        ws,
        &book.f,
        SHEETS[1],
        &book.title("支部工作台账 目录"),
        &[("序号", 6.0), ("表名", 16.0), ("内容", 50.0), ("行数", 8.0)],
        false,
    )?;
    for (i, s) in listed.iter().enumerate() {
        sh.row(vec![
            V::N((i + 1) as f64),
            V::Link(format!("internal:'{}'!A1", s.name), s.name.to_string()),
            t(describe(s.name)),
            V::N(s.rows as f64),
        ])?;
    }
    sh.finish()?;
    Ok(())
}

pub fn basics(wb: &mut Workbook, book: &Book) -> Result<Option<SheetReport>> {
    let day = as_of(book);
    let branch = org::get(book.conn, book.opts.branch_id)?;
    let mut sh = Sheet::new(
        wb,
        &book.f,
        SHEETS[2],
        &book.title(&format!("支部基本情况（{day}）")),
        &[("项目", 16.0), ("内容", 44.0), ("说明", 30.0)],
        false,
    )?
    .wrap(&[1, 2]);
    sh.row(vec![t("党支部"), t(&branch.name), V::Empty])?;
    sh.row(vec![
        t("上级党组织"),
        t(branch.parent_org.clone().unwrap_or_default()),
        V::Empty,
    ])?;
    sh.row(vec![t("成立日期"), branch.founded_on.map_or(V::Empty, V::D), V::Empty])?;
    let on_roll = roll::on(book.conn, book.opts.branch_id, day, roll::Scope::Branch)?;
    let full = on_roll.iter().filter(|m| m.voting).count();
    sh.row(vec![
        t("在册党员"),
        t(format!(
            "{} 人（正式党员 {full} 人，预备党员 {} 人）",
            on_roll.len(),
            on_roll.len() - full
        )),
        t(format!("{day} 在册")),
    ])?;
    for seat in org::list_committee(book.conn, book.opts.branch_id, day)?
        .iter()
        .filter(|s| s.current)
    {
        sh.row(vec![
            t(format!("支委：{}", seat.role.label())),
            t(&seat.name),
            t(format!(
                "任期 {} 起{}",
                seat.term_start,
                seat.term_end.map(|e| format!("，至 {e}")).unwrap_or_default()
            )),
        ])?;
    }
    for g in org::list_groups(book.conn, book.opts.branch_id)? {
        let members = on_roll
            .iter()
            .filter(|m| m.group_name.as_deref() == Some(g.name.as_str()))
            .count();
        sh.row(vec![
            t(format!("党小组：{}", g.name)),
            t(format!("{members} 人")),
            t(g.leader_name.map(|l| format!("组长 {l}")).unwrap_or_default()),
        ])?;
    }
    Ok(Some(sh.finish_signed(SIGN)?))
}
