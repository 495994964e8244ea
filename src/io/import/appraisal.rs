//! 民主评议 rows: 姓名 (with 身份证号 or 出生日期 for namesakes) and any of 自评等次, 互评得分, 测评得分,
//! 评定等次, 备注; 年度 when given, else this year. An exported 民主评议 sheet with grades typed into its
//! dropdown imports back and changes only what was typed.

use chrono::Datelike;

use super::{number, ImportReport, Row, RowCheck};
use crate::domain::appraisal::{self, Scores};
use crate::domain::members;
use crate::kernel::action::Action;
use crate::kernel::labels::AppraisalGrade;
use crate::Result;

const GRADES: &str = "优秀、合格、基本合格 或 不合格";

pub fn appraisal_row(at: Row, report: &mut ImportReport) -> Result<Option<(Action, String)>> {
    let Row {
        tx,
        branch_id,
        cols,
        row,
        cells,
        ..
    } = at;
    let today = chrono::Local::now().date_naive();
    // A row with no name and nothing to record is the exported sheet's sign-off or notes.
    let nothing = ["姓名", "自评等次", "互评得分", "测评得分", "评定等次", "备注"]
        .iter()
        .all(|c| cols.text(cells, c).is_none());
    if nothing {
        report.skipped += 1;
        return Ok(None);
    }
    let mut chk = RowCheck::new(row, &mut report.errors);
    let name = chk.name(cols, cells, "姓名");
    let year = match number(&mut chk, cols, cells, "年度", 1900.0, 2100.0) {
        Some(y) => y as i32,
        None => today.year(),
    };
    let self_grade = chk.code(cols, cells, "自评等次", AppraisalGrade::parse, GRADES);
    let grade = chk.code(cols, cells, "评定等次", AppraisalGrade::parse, GRADES);
    let peer_score = number(&mut chk, cols, cells, "互评得分", 0.0, 100.0);
    // 测评 stops at the limit of the guide the year uses (10 by default).
    let poll_max = crate::domain::rules::guide_for(tx, year)?.poll_max;
    let poll_score = number(&mut chk, cols, cells, "测评得分", 0.0, poll_max);
    let born = chk.date(cols, cells, "出生日期");
    let Some(name) = name else { return Ok(None) };
    if chk.failed {
        return Ok(None);
    }
    let (_, year_end) = crate::kernel::dates::year_bounds(year)?;
    let member = match (cols.text(cells, "身份证号"), born) {
        (Some(idn), _) => at.member(&idn, year_end)?,
        (None, Some(b)) => members::find_identity(tx, branch_id, &name, Some(b), None)?,
        (None, None) => at.member(&name, year_end)?,
    };
    let Some(member_id) = member else {
        chk.fail("姓名", &name, "台账中没有这名党员");
        return Ok(None);
    };
    let scores = Scores {
        self_grade,
        peer_score,
        poll_score,
        note: cols.text(cells, "备注"),
    };
    let mut action = appraisal::score(tx, branch_id, member_id, year, &scores, appraisal::Fill::Merge)?;
    if grade.is_some() {
        let decided = appraisal::decide(tx, branch_id, member_id, year, grade, "导入评议表", today)?;
        if decided != Action::Unchanged {
            action = if action == Action::Create {
                Action::Create
            } else {
                decided
            };
        }
    }
    Ok(Some((action, format!("{name} {year} 年民主评议"))))
}
