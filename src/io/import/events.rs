//! Rows about one member on one date — study records, discussions, reflections, quizzes, adjustments —
//! and study tasks.

use std::collections::HashMap;

use super::{number, required, Columns, ImportKind, ImportReport, Row, RowCheck};
use crate::domain::points::{self, Tenths};
use crate::domain::{awards, members, study};
use crate::io::table::Cell;
use crate::kernel::action::Action;
use crate::kernel::labels::{AwardLevel, DiscussionKind, StudySource};
use crate::store::Tx;
use crate::Result;
fn task_row(
    tx: &Tx,
    branch_id: i64,
    cols: &Columns,
    chk: &mut RowCheck,
    cells: &[Cell],
) -> Result<Option<(Action, String)>> {
    let name = cols.text(cells, "任务名称");
    if name.is_none() {
        chk.fail("任务名称", "", "任务名称不能为空");
    }
    let published_on = required(chk, cols, cells, "发布日期");
    let due_on = chk.date(cols, cells, "截止日期");
    let hours = number(chk, cols, cells, "学时", 0.0, 100.0);
    if let (Some(p), Some(d)) = (published_on, due_on) {
        if d < p {
            chk.fail("截止日期", &d.to_string(), "截止日期早于发布日期");
        }
    }
    let (Some(name), Some(published_on)) = (name, published_on) else {
        return Ok(None);
    };
    if chk.failed {
        return Ok(None);
    }
    let data = study::TaskData {
        name: name.clone(),
        category: cols.text(cells, "类别"),
        published_on,
        due_on,
        hours: hours.unwrap_or(0.0),
    };
    let (_, action) = study::upsert_task(tx, branch_id, &data)?;
    Ok(Some((action, name)))
}

/// Rows about one member on one date: study records, discussions, reflections, quizzes, adjustments.
pub fn member_event_row(
    at: Row,
    kind: ImportKind,
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
    // The k-th row of the file with a record's key is that key's k-th record in the ledger.
    let mut nth = |key: String| {
        let n = seen.entry(key).or_default();
        *n += 1;
        *n
    };
    if kind == ImportKind::StudyTasks {
        return task_row(tx, branch_id, cols, &mut chk, cells);
    }
    let date_column = if kind == ImportKind::StudyRecords {
        "完成日期"
    } else {
        "日期"
    };
    if kind == ImportKind::StudyRecords {
        // Platform exports list everyone: no 完成时间, or “--”/“未完成”, for those not finished yet.
        let done = cols.text(cells, date_column);
        if done
            .as_deref()
            .is_none_or(|t| matches!(t, "--" | "-" | "—" | "未完成" | "未学习" | "未开始"))
        {
            report.skipped += 1;
            return Ok(None);
        }
    }
    let date = required(&mut chk, cols, cells, date_column);
    let name = chk.name(cols, cells, "姓名");
    let (Some(name), Some(date)) = (name, date) else {
        return Ok(None);
    };
    // The row's 身份证号 or 出生日期, when given, says which of several members of that name it means.
    let born = chk.date(cols, cells, "出生日期");
    let found = match (cols.text(cells, "身份证号"), born) {
        (Some(idn), _) => at.member(&idn, date)?,
        (None, Some(b)) => members::find_identity(tx, branch_id, &name, Some(b), None)?,
        (None, None) => at.member(&name, date)?,
    };
    let Some(member_id) = found else {
        chk.fail("姓名", &name, "台账中没有这名党员");
        return Ok(None);
    };
    let text = |chk: &mut RowCheck, column: &str| {
        let t = cols.text(cells, column);
        if t.is_none() {
            chk.fail(column, "", format!("{column}不能为空"));
        }
        t
    };
    let outcome = match kind {
        ImportKind::StudyRecords => {
            let task = text(&mut chk, "任务名称");
            let source = chk
                .code(
                    cols,
                    cells,
                    "来源",
                    StudySource::parse,
                    "线下、学习通、学习强国 或 其他",
                )
                .unwrap_or(StudySource::Other);
            let Some(task) = task else { return Ok(None) };
            let Some(task_id) = at.task(&task)? else {
                chk.fail("任务名称", &task, "台账中没有这个学习任务（请先导入学习任务）");
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                at.record_completion(task_id, member_id, date, source)?,
                format!("{name} 完成“{task}”"),
            )
        }
        ImportKind::Discussions => {
            let dk = chk.code(cols, cells, "类型", DiscussionKind::parse, "发帖 或 回帖");
            if cols.text(cells, "类型").is_none() {
                chk.fail("类型", "", "类型不能为空");
            }
            let topic = text(&mut chk, "主题");
            let (Some(dk), Some(topic)) = (dk, topic) else {
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                study::add_discussion(
                    tx,
                    member_id,
                    date,
                    dk,
                    &topic,
                    cols.text(cells, "内容").as_deref(),
                    nth(format!("d|{member_id}|{date}|{dk:?}|{topic}")),
                )?,
                format!("{name} {}：{topic}", dk.label()),
            )
        }
        ImportKind::Reflections => {
            let title = text(&mut chk, "标题");
            let words = number(&mut chk, cols, cells, "字数", 0.0, 1e6).map(|w| w.round() as i64);
            let Some(title) = title else { return Ok(None) };
            if chk.failed {
                return Ok(None);
            }
            (
                study::add_reflection(
                    tx,
                    member_id,
                    date,
                    &title,
                    words,
                    cols.text(cells, "正文").as_deref(),
                    nth(format!("r|{member_id}|{date}|{title}")),
                )?,
                format!("{name}《{title}》"),
            )
        }
        ImportKind::Quizzes => {
            let quiz = text(&mut chk, "测验名称");
            if cols.text(cells, "得分").is_none() {
                chk.fail("得分", "", "得分不能为空");
            }
            let score = number(&mut chk, cols, cells, "得分", 0.0, 100.0);
            let (Some(quiz), Some(score)) = (quiz, score) else {
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                study::add_quiz(tx, member_id, date, &quiz, score)?,
                format!("{name} {quiz} {score} 分"),
            )
        }
        ImportKind::PointsAdjustments => {
            let reason = text(&mut chk, "事由");
            let raw = cols.text(cells, "分值");
            let points = match &raw {
                None => {
                    chk.fail("分值", "", "分值不能为空");
                    None
                }
                Some(t) => match cols.cell(cells, "分值").number().map(Tenths::from_points) {
                    Some(Ok(p)) if p.0 != 0 => Some(p),
                    _ => {
                        chk.fail("分值", t, "应为非零、最多一位小数的数字（减分写负数）");
                        None
                    }
                },
            };
            let (Some(reason), Some(points)) = (reason, points) else {
                return Ok(None);
            };
            (
                points::add_adjustment(
                    tx,
                    member_id,
                    date,
                    points,
                    &reason,
                    nth(format!("a|{member_id}|{date}|{}|{reason}", points.0)),
                )?,
                format!("{name} {points} 分：{reason}"),
            )
        }
        ImportKind::Awards => {
            let level = chk.code(cols, cells, "级别", AwardLevel::parse, "校级、市级、省级 或 国家级");
            if cols.text(cells, "级别").is_none() {
                chk.fail("级别", "", "级别不能为空");
            }
            let title = text(&mut chk, "名称");
            let (Some(level), Some(title)) = (level, title) else {
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                awards::add(
                    tx,
                    member_id,
                    date,
                    level,
                    &title,
                    nth(format!("w|{member_id}|{date}|{level:?}|{title}")),
                )?,
                format!("{name} {}：{title}", level.label()),
            )
        }
        ImportKind::Members
        | ImportKind::Activities
        | ImportKind::StudyTasks
        | ImportKind::HeartTalks
        | ImportKind::Appraisal
        | ImportKind::Resources => {
            unreachable!("handled by their own rows")
        }
    };
    Ok(Some(outcome))
}
