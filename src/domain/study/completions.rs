//! Completions of study tasks as they are recorded: one from a form, or a hundred thousand from an
//! import's file (written a hundred to a statement).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};

use crate::kernel::action::Action;
use crate::kernel::ids::IdMap;
use crate::kernel::labels::StudySource;
use crate::store::Tx;
use crate::Error;
use crate::Result;

/// Records (or corrects) a member's completion of a task.
pub fn record_completion(
    tx: &Tx,
    task_id: i64,
    member_id: i64,
    completed_on: NaiveDate,
    source: StudySource,
) -> Result<Action> {
    let old: Option<(NaiveDate, StudySource)> = tx
        .prepare_cached("SELECT completed_on, source FROM study_record WHERE task_id = ?1 AND member_id = ?2")?
        .query_row([task_id, member_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let published: NaiveDate = tx
        .prepare_cached("SELECT published_on FROM study_task WHERE id = ?1")?
        .query_row([task_id], |r| r.get(0))?;
    write_completion(tx, task_id, member_id, (completed_on, source), old, published)
}

/// A completion checked against its task's publish date and written over what was recorded (`old`).
fn write_completion(
    tx: &Tx,
    task_id: i64,
    member_id: i64,
    new: (NaiveDate, StudySource),
    old: Option<(NaiveDate, StudySource)>,
    published: NaiveDate,
) -> Result<Action> {
    let (completed_on, source) = new;
    after_publishing(completed_on, published)?;
    match old {
        Some(o) if o == new => Ok(Action::Unchanged),
        Some(_) => {
            tx.prepare_cached(
                "UPDATE study_record SET completed_on = ?3, source = ?4 WHERE task_id = ?1 AND member_id = ?2",
            )?
            .execute(params![task_id, member_id, completed_on, source])?;
            Ok(Action::Update)
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO study_record (task_id, member_id, completed_on, source) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![task_id, member_id, completed_on, source])?;
            Ok(Action::Create)
        }
    }
}

/// A task is completed on or after the day it is published.
fn after_publishing(completed_on: NaiveDate, published: NaiveDate) -> Result<()> {
    if completed_on < published {
        return Err(Error::invalid(format!(
            "完成日期 {completed_on} 早于任务发布日期 {published}"
        )));
    }
    Ok(())
}

/// New completions written by one statement: written one by one, each row's statement would
/// cost more than the row (SQLite journals the pages every statement touches, for its own undo).
const COMPLETIONS_PER_INSERT: usize = 100;

/// Many completions recorded in one transaction (an import's file of a hundred thousand): the
/// branch's tasks and the completions already recorded are read once, then each completion is
/// checked as [`record_completion`] does. New ones are written a hundred at a time: call
/// [`Completions::finish`] once the last is recorded.
pub struct Completions {
    /// Task name → id.
    tasks: HashMap<String, i64>,
    /// Task id → publish date.
    published: IdMap<i64, NaiveDate>,
    /// (task, member) → what is recorded, including what this transaction wrote.
    recorded: IdMap<(i64, i64), (NaiveDate, StudySource)>,
    /// New completions not written yet.
    waiting: Vec<(i64, i64, NaiveDate, StudySource)>,
}

impl Completions {
    pub fn read(conn: &Connection, branch_id: i64) -> Result<Completions> {
        let mut st = conn.prepare_cached("SELECT name, id, published_on FROM study_task WHERE branch_id = ?1")?;
        let (mut tasks, mut published) = (HashMap::new(), IdMap::default());
        let mut rows = st.query([branch_id])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(1)?;
            tasks.insert(r.get(0)?, id);
            published.insert(id, r.get(2)?);
        }
        let mut st = conn.prepare_cached(
            "SELECT r.task_id, r.member_id, r.completed_on, r.source FROM study_record r
             JOIN study_task t ON t.id = r.task_id WHERE t.branch_id = ?1",
        )?;
        let recorded = st
            .query_map([branch_id], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Completions {
            tasks,
            published,
            recorded,
            waiting: Vec::new(),
        })
    }

    /// The branch's task of that name.
    pub fn task(&self, name: &str) -> Option<i64> {
        self.tasks.get(name.trim()).copied()
    }

    /// [`record_completion`] of a task of this branch.
    pub fn record(
        &mut self,
        tx: &Tx,
        task_id: i64,
        member_id: i64,
        completed_on: NaiveDate,
        source: StudySource,
    ) -> Result<Action> {
        let Some(&published) = self.published.get(&task_id) else {
            return record_completion(tx, task_id, member_id, completed_on, source);
        };
        let key = (task_id, member_id);
        let Some(old) = self.recorded.get(&key).copied() else {
            after_publishing(completed_on, published)?;
            self.waiting.push((task_id, member_id, completed_on, source));
            self.recorded.insert(key, (completed_on, source));
            if self.waiting.len() == COMPLETIONS_PER_INSERT {
                self.finish(tx)?;
            }
            return Ok(Action::Create);
        };
        // The row corrected may be one still waiting.
        self.finish(tx)?;
        let action = write_completion(tx, task_id, member_id, (completed_on, source), Some(old), published)?;
        self.recorded.insert(key, (completed_on, source));
        Ok(action)
    }

    /// Writes the new completions still waiting.
    pub fn finish(&mut self, tx: &Tx) -> Result<()> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        let sql = format!(
            "INSERT INTO study_record (task_id, member_id, completed_on, source) VALUES {}",
            vec!["(?, ?, ?, ?)"; self.waiting.len()].join(", ")
        );
        // Each date as the text a `NaiveDate` binds as (`%F`), written directly: formatted
        // through chrono's pattern, the dates cost a tenth of the binding. The two differ only
        // for years outside 0–9999, which keep the pattern.
        let dates: Vec<String> = self
            .waiting
            .iter()
            .map(|&(_, _, d, _)| match d.year() {
                0..=9999 => d.to_string(),
                _ => d.format("%F").to_string(),
            })
            .collect();
        let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(4 * self.waiting.len());
        for ((task_id, member_id, _, source), completed_on) in self.waiting.iter().zip(&dates) {
            values.extend([task_id as &dyn rusqlite::ToSql, member_id, completed_on, source]);
        }
        // Full batches share one cached statement; the last, shorter one is prepared for itself.
        if self.waiting.len() == COMPLETIONS_PER_INSERT {
            tx.prepare_cached(&sql)?.execute(values.as_slice())?;
        } else {
            tx.prepare(&sql)?.execute(values.as_slice())?;
        }
        self.waiting.clear();
        Ok(())
    }
}
