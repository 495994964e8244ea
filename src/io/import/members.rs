//! 党员名册 rows: a member found by 身份证号, else 姓名 + 出生日期; re-importing updates and never duplicates.

use std::collections::HashMap;

use super::{ImportReport, Row, RowCheck};
use crate::domain::members::{self, MemberData};
use crate::domain::org;
use crate::kernel::action::Action;
use crate::kernel::labels::{Gender, MemberStatus, Membership, PersonCategory};
use crate::Error;
use crate::Result;
pub fn member_row(
    at: Row,
    report: &mut ImportReport,
    seen_ids: &mut HashMap<String, usize>,
) -> Result<Option<(Action, String)>> {
    let Row {
        tx,
        branch_id,
        cols,
        row,
        cells,
        ..
    } = at;
    let mut chk = RowCheck::new(row, &mut report.errors);
    let name = chk.name(cols, cells, "姓名");
    let membership = cols.text(cells, "党员类别");
    let membership = match membership {
        None => {
            chk.fail("党员类别", "", "党员类别不能为空");
            None
        }
        Some(_) => chk.code(cols, cells, "党员类别", Membership::parse, "正式党员 或 预备党员"),
    };
    let joined_on = chk.date(cols, cells, "入党日期");
    if cols.text(cells, "入党日期").is_none() {
        chk.fail("入党日期", "", "入党日期不能为空");
    }
    let birth_date = chk.date(cols, cells, "出生日期");
    let confirmed_on = chk.date(cols, cells, "转正日期");
    let gender = chk.code(cols, cells, "性别", Gender::parse, "男 或 女");
    let category = chk.code(
        cols,
        cells,
        "人员类别",
        PersonCategory::parse,
        "在职教职工、学生、离退休 或 其他",
    );
    // A masked value (4501**********1234) comes from an export that hid it: keep what the ledger has.
    let unmasked = |column: &str| cols.text(cells, column).filter(|v| !v.contains('*'));
    let id_number = unmasked("身份证号").map(|s| s.to_ascii_uppercase());
    if let Some(idn) = &id_number {
        if let Err(e) = members::check_id_number(idn) {
            chk.fail("身份证号", &members::mask(idn, 4, 4), e.to_string());
        }
    }
    let phone = unmasked("联系电话");
    let transferred_in_on = chk.date(cols, cells, "转入日期");
    let status = chk.code(
        cols,
        cells,
        "状态",
        MemberStatus::parse,
        "在册、转出、停止党籍、出党 或 去世",
    );
    let left_on = chk.date(cols, cells, "离开日期");
    let departure = status.filter(|s| *s != MemberStatus::Active);
    if departure.is_some() && left_on.is_none() {
        chk.fail("离开日期", "", "状态为离开时须填写离开日期");
    }
    if chk.failed {
        return Ok(None);
    }
    let name = name.unwrap_or_default();
    let group_id = match cols.text(cells, "党小组") {
        None => None,
        Some(g) => Some(match org::group_by_name(tx, branch_id, &g)? {
            Some(id) => id,
            None => {
                report.warnings.push(format!(
                    "第 {row} 行：新建党小组“{}”",
                    crate::kernel::text::excerpt(&g, 40)
                ));
                org::save_group(
                    tx,
                    branch_id,
                    &org::GroupInput {
                        id: None,
                        name: g,
                        leader_id: None,
                    },
                )?
                .id
            }
        }),
    };
    // Blank cells keep what the ledger has: a partial export never erases data.
    let keep = |v: Option<String>| v.map(Some);
    let data = MemberData {
        name: name.clone(),
        membership,
        joined_on,
        gender: gender.map(Some),
        ethnicity: keep(cols.text(cells, "民族")),
        birth_date: birth_date.map(Some),
        education: keep(cols.text(cells, "学历")),
        category,
        confirmed_on: confirmed_on.map(Some),
        group_id: group_id.map(Some),
        position: keep(cols.text(cells, "工作岗位")),
        phone: keep(phone),
        id_number: keep(id_number.clone()),
        transferred_in_on,
        came_from: cols.text(cells, "来源"),
    };
    // One 身份证号 on two rows of one file would merge two people into one: name both rows.
    if let Some(idn) = &id_number {
        if let Some(first) = seen_ids.insert(idn.clone(), row) {
            return Err(Error::Conflict(format!(
                "身份证号 {} 与第 {first} 行重复，一人只能占一行",
                members::mask(idn, 4, 4)
            )));
        }
    }
    let mut existing = members::find_identity(tx, branch_id, &name, birth_date, id_number.as_deref())?;
    // Found by name (not by 身份证号, not by 出生日期 on both sides), a different 入党日期 is more likely a
    // second person of that name than a correction: a row with its own 身份证号 is that second
    // person; a row without one is asked about, never absorbed.
    if let Some(id) = existing {
        let held = members::get(tx, id)?;
        let by_name = held.id_number.is_none() && (birth_date.is_none() || held.birth_date.is_none());
        if by_name && joined_on.is_some_and(|j| j != held.joined_on) {
            if id_number.is_some() {
                existing = None;
            } else {
                return Err(Error::Conflict(format!(
                    "台账中已有党员“{name}”（入党日期 {}），本行入党日期为 {}：如是另一位同名党员，请加“身份证号”列；如是更正，请在党员页修改",
                    held.joined_on,
                    joined_on.map(|d| d.to_string()).unwrap_or_default()
                )));
            }
        }
    }
    let (id, mut action) = members::upsert(tx, branch_id, existing, &data)?;
    // The row's 状态: a departure is recorded once; a row that repeats it changes nothing.
    let now = members::get(tx, id)?;
    match (departure, left_on) {
        (Some(status), Some(on)) if now.status == MemberStatus::Active => {
            members::history::end(tx, id, on, status, cols.text(cells, "去向").as_deref())?;
            if action == Action::Unchanged {
                action = Action::Update;
            }
        }
        (Some(status), Some(on)) if now.status != status || now.left_on != Some(on) => {
            return Err(Error::Conflict(format!(
                "党员“{name}”台账中已于 {} {}，与本行的“{} {on}”不同",
                now.left_on.map(|d| d.to_string()).unwrap_or_default(),
                now.status.label(),
                status.label()
            )));
        }
        (None, _) if status == Some(MemberStatus::Active) && now.status != MemberStatus::Active => {
            return Err(Error::Conflict(format!(
                "党员“{name}”台账中已于 {} {}，本行却写“在册”；再次转入请用“转入”",
                now.left_on.map(|d| d.to_string()).unwrap_or_default(),
                now.status.label()
            )));
        }
        _ => {}
    }
    Ok(Some((action, name)))
}
