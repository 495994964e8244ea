//! 谈心谈话 rows: 日期, 谈话人 (a member or anyone named), 谈话对象 (members, a list), 主题, 后续事项.

use std::collections::HashMap;

use super::activities::parse_name_list;
use super::{required, ImportReport, Row, RowCheck};
use crate::domain::talks::{self, TalkData};
use crate::kernel::action::Action;
use crate::kernel::text::person_name;
use crate::Result;

pub fn heart_talk_row(
    at: Row,
    report: &mut ImportReport,
    seen: &mut HashMap<String, usize>,
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
    let date = required(&mut chk, cols, cells, "日期");
    let talker = chk.name(cols, cells, "谈话人");
    let (Some(date), Some(talker)) = (date, talker) else {
        return Ok(None);
    };
    let mut parties = Vec::new();
    let listed = cols.text(cells, "谈话对象").unwrap_or_default();
    for (raw, _) in parse_name_list(&listed) {
        let name = match person_name(&raw) {
            Ok(n) => n,
            Err(why) => {
                chk.fail("谈话对象", &raw, why);
                continue;
            }
        };
        match at.member(&name, date)? {
            Some(id) => parties.push(id),
            None => chk.fail("谈话对象", &name, "台账中没有这名党员"),
        }
    }
    if parties.is_empty() && !chk.failed {
        chk.fail("谈话对象", &listed, "谈话对象不能为空");
    }
    if chk.failed {
        return Ok(None);
    }
    // The talker may come from outside the branch (the 党委): a member is linked, anyone else named.
    let talker_id = at.member(&talker, date)?;
    let data = TalkData {
        date,
        talker: talker.clone(),
        talker_id,
        parties,
        topic: cols.text(cells, "主题"),
        follow_up: cols.text(cells, "后续事项"),
    };
    let key = format!("{date}|{talker}|{listed}|{:?}", data.topic);
    let n = seen.entry(key).or_default();
    *n += 1;
    let action = talks::add(tx, branch_id, &data, *n)?;
    Ok(Some((action, format!("{date} {talker} 与 {listed} 谈心谈话"))))
}
