//! What the rows of one file look up — members by name, study tasks and their completions, the
//! activities already in the ledger, the rolls of their days — read once for the whole file rather
//! than once per row.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::OnceLock;

use rusqlite::Connection;

use super::Row;
use crate::domain::roll;
use crate::store::Tx;
use crate::{Error, Result};

/// What rows look up, read once per import rather than once per row (a file of study records names
/// the same 3,000 members and 40 tasks a hundred thousand times): the branch's members by name, its
/// study tasks by name, its activities by date and 主题 (with those the import creates).
#[derive(Default)]
pub(crate) struct Lookups {
    pub(super) known: Known,
    completions: RefCell<Option<crate::domain::study::Completions>>,
    activities: RefCell<Option<crate::domain::activities::Keys>>,
    /// The marks of the activities the import created, not written yet.
    pub(super) marks: RefCell<crate::domain::activities::WaitingMarks>,
}

/// What an activities import never changes and its rows only read — the branch's members by name,
/// its 党小组 by name, its rolls — shared with the thread that reads its rows ahead of the writing.
/// (A members import creates members and 党小组: it asks the ledger for each row's.)
#[derive(Default)]
pub(crate) struct Known {
    names: OnceLock<HashMap<String, Vec<i64>>>,
    groups: OnceLock<HashMap<String, i64>>,
    rolls: OnceLock<roll::Rolls>,
}

impl Known {
    /// Reads all of it now (before a second thread shares it).
    pub(super) fn read_all(&self, conn: &Connection, branch_id: i64) -> Result<()> {
        let find = Finder {
            known: self,
            conn: &Reads::Writer(conn),
            branch_id,
        };
        find.names()?;
        find.groups()?;
        find.rolls()?;
        Ok(())
    }
}

/// Where a [`Finder`] reads the ledger for what is not [`Known`]: the writer's connection, or none —
/// on the thread reading ahead, which cannot share it. There a row that needs the ledger (a name
/// several members share, a 身份证号) is only marked, and the writer reads it again.
pub(crate) enum Reads<'a> {
    Writer(&'a Connection),
    Ahead { needed: Cell<bool> },
}

impl Reads<'_> {
    fn conn(&self) -> Result<&Connection> {
        match self {
            Reads::Writer(conn) => Ok(conn),
            Reads::Ahead { needed } => {
                needed.set(true);
                // Never shown: the row is read again by the writer (see `needs_writer`).
                Err(Error::Internal("这一行须由写入的连接读取".into()))
            }
        }
    }

    /// Whether the row just read needed the ledger and must be read again by the writer.
    pub(super) fn needs_writer(&self) -> bool {
        match self {
            Reads::Writer(_) => false,
            Reads::Ahead { needed } => needed.take(),
        }
    }
}

/// Finds what a row names — members, 党小组, rolls — in what is [`Known`], reading the ledger for
/// what is not.
pub(crate) struct Finder<'a> {
    pub(super) known: &'a Known,
    pub(super) conn: &'a Reads<'a>,
    pub(super) branch_id: i64,
}

impl Finder<'_> {
    /// What `cell` holds, read by `read` on first use.
    fn once<'k, T>(&self, cell: &'k OnceLock<T>, read: impl FnOnce(&Connection, i64) -> Result<T>) -> Result<&'k T> {
        if let Some(known) = cell.get() {
            return Ok(known);
        }
        let read = read(self.conn.conn()?, self.branch_id)?;
        Ok(cell.get_or_init(|| read))
    }

    fn names(&self) -> Result<&HashMap<String, Vec<i64>>> {
        self.once(&self.known.names, crate::domain::members::ids_by_name)
    }

    fn groups(&self) -> Result<&HashMap<String, i64>> {
        self.once(&self.known.groups, crate::domain::org::group_ids_by_name)
    }

    fn rolls(&self) -> Result<&roll::Rolls> {
        self.once(&self.known.rolls, roll::Rolls::read)
    }

    /// The member a name means in this branch on `date`: a 身份证号 says exactly who; a name, the one
    /// member of that name, or the one of them on the roll that day. Names that remain ambiguous
    /// are an error listing the candidates.
    pub(crate) fn member(&self, name: &str, date: chrono::NaiveDate) -> Result<Option<i64>> {
        let branch_id = self.branch_id;
        if crate::domain::members::is_id_number(name) {
            return match crate::domain::members::resolve(self.conn.conn()?, branch_id, name) {
                Err(Error::NotFound { .. }) => Ok(None),
                other => other.map(Some),
            };
        }
        let many = match self.names()?.get(name).map(Vec::as_slice) {
            None | Some([]) => return Ok(None),
            Some([id]) => return Ok(Some(*id)),
            Some(many) => many,
        };
        let conn = self.conn.conn()?;
        let mut st = conn.prepare_cached(&format!(
            "SELECT {} FROM member m WHERE m.id = ?2",
            roll::on_roll_sql("m.id", "?1", "?3")
        ))?;
        let mut on_roll = Vec::new();
        for &id in many {
            if st.query_row(rusqlite::params![branch_id, id, date], |r| r.get::<_, bool>(0))? {
                on_roll.push(id);
            }
        }
        match on_roll.as_slice() {
            [id] => Ok(Some(*id)),
            _ => crate::domain::members::resolve(conn, branch_id, name)
                .map(Some)
                .map_err(|e| Error::invalid(format!("{e}（可在该行加“身份证号”列）"))),
        }
    }

    /// The branch's 党小组 of that name.
    pub(crate) fn group(&self, name: &str) -> Result<Option<i64>> {
        Ok(self.groups()?.get(name.trim()).copied())
    }

    /// Who is expected at an activity of `kinds` (of the 党小组 `group_id`, for a 党小组会) on `date`:
    /// [`crate::domain::activities::expected`], from the branch's periods read once ([`roll::Rolls`]).
    pub(crate) fn expected(
        &self,
        date: chrono::NaiveDate,
        kinds: &[crate::kernel::labels::ActivityKind],
        group_id: Option<i64>,
    ) -> Result<Vec<roll::RollMember>> {
        Ok(self
            .rolls()?
            .on(date, crate::domain::activities::scope(kinds, group_id)?))
    }
}

impl Lookups {
    /// Writes what the rows left waiting (new study completions and marks are written in batches).
    pub(super) fn finish(&self, tx: &Tx) -> Result<()> {
        self.marks.borrow_mut().finish(tx)?;
        match self.completions.borrow_mut().as_mut() {
            Some(c) => c.finish(tx),
            None => Ok(()),
        }
    }

    /// The activity a row of `date`, `title` and (for a 党小组会) `group_id` means, if the ledger has it.
    pub(crate) fn activity(
        &self,
        conn: &Connection,
        branch_id: i64,
        date: chrono::NaiveDate,
        title: &str,
        group_id: Option<i64>,
    ) -> Result<Option<i64>> {
        let mut keys = self.activities.borrow_mut();
        if keys.is_none() {
            *keys = Some(crate::domain::activities::Keys::read(conn, branch_id)?);
        }
        Ok(keys.as_ref().and_then(|k| k.find(date, title, group_id)))
    }

    /// Notes an activity the import created, for the rows after it.
    pub(crate) fn created_activity(&self, id: i64, date: chrono::NaiveDate, title: &str, group_id: Option<i64>) {
        if let Some(keys) = self.activities.borrow_mut().as_mut() {
            keys.add(id, date, title, group_id);
        }
    }
}

impl Row<'_> {
    /// [`Finder::member`] on the writer's connection.
    pub(crate) fn member(&self, name: &str, date: chrono::NaiveDate) -> Result<Option<i64>> {
        Finder {
            known: &self.look.known,
            conn: &Reads::Writer(self.tx),
            branch_id: self.branch_id,
        }
        .member(name, date)
    }

    /// `f` on the branch's study tasks and their completions, read on first use.
    fn completions<T>(&self, f: impl FnOnce(&mut crate::domain::study::Completions) -> Result<T>) -> Result<T> {
        let mut slot = self.look.completions.borrow_mut();
        if slot.is_none() {
            *slot = Some(crate::domain::study::Completions::read(self.tx, self.branch_id)?);
        }
        match slot.as_mut() {
            Some(c) => f(c),
            None => Err(Error::Internal("学习记录未能读取".into())),
        }
    }

    /// The branch's study task of that name.
    pub(crate) fn task(&self, name: &str) -> Result<Option<i64>> {
        self.completions(|c| Ok(c.task(name)))
    }

    /// Records a member's completion of a task (see [`crate::domain::study::record_completion`]).
    pub(crate) fn record_completion(
        &self,
        task_id: i64,
        member_id: i64,
        date: chrono::NaiveDate,
        source: crate::kernel::labels::StudySource,
    ) -> Result<crate::kernel::action::Action> {
        self.completions(|c| c.record(self.tx, task_id, member_id, date, source))
    }
}
