//! An activities file read ahead of its writing, on a second thread. Reading a row — its names,
//! its members' roll that day — needs nothing the import writes, and took a sixth of the time;
//! the writing (the activity, its marks, the audit log) has the one connection that writes to
//! itself. So rows go to a thread that reads them while this one writes the rows read before,
//! and come back in the order they went: the same report, errors and warnings in the same order,
//! as reading and writing each row in turn.

use std::sync::mpsc;

use super::activities::{read_activity, ReadActivity};
use super::lookups::{Finder, Known, Reads};
use super::Columns;
use crate::io::table::Cell;
use crate::kernel::error::ImportError;
use crate::{Error, Result};

/// Rows sent ahead and not yet taken back: enough to keep both threads busy; at most this many
/// rows of a file are held at once.
const AHEAD: usize = 64;

/// A row to be read: its number, cells and held warnings.
type Job = (usize, Vec<Cell>, Vec<String>);

/// A row as it comes back: its number, the warnings held for it (see [`Ahead::send`]), and what
/// reading it found — or its cells, when it needs the ledger itself (see [`Reads`]).
pub(super) struct Read {
    pub row: usize,
    pub held: Vec<String>,
    outcome: Outcome,
}

enum Outcome {
    Read {
        errors: Vec<ImportError>,
        read: Result<Option<Box<ReadActivity>>>,
    },
    Unread(Vec<Cell>),
}

impl Read {
    /// What the row holds, its errors added to `errors`: as the reading thread read it, or read
    /// now by `writer` (the writer's own [`Finder`]).
    pub(super) fn take(
        self,
        writer: &Finder,
        cols: &Columns,
        errors: &mut Vec<ImportError>,
    ) -> Result<Option<ReadActivity>> {
        match self.outcome {
            Outcome::Read { errors: found, read } => {
                errors.extend(found);
                read.map(|r| r.map(|r| *r))
            }
            Outcome::Unread(cells) => read_activity(writer, cols, self.row, &cells, errors),
        }
    }
}

pub(super) struct Ahead {
    to_read: mpsc::Sender<Job>,
    read: mpsc::Receiver<Read>,
    in_flight: usize,
}

impl Ahead {
    /// Starts the reading thread in `scope`. `known` must already be read ([`Known::read_all`]).
    pub(super) fn start<'scope, 'env: 'scope>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        known: &'env Known,
        cols: &'env Columns,
        branch_id: i64,
    ) -> Ahead {
        let (to_read, jobs) = mpsc::channel::<Job>();
        let (done, read) = mpsc::channel();
        scope.spawn(move || {
            let reads = Reads::Ahead {
                needed: Default::default(),
            };
            let find = Finder {
                known,
                conn: &reads,
                branch_id,
            };
            for (row, cells, held) in jobs {
                let mut errors = Vec::new();
                let read = read_activity(&find, cols, row, &cells, &mut errors);
                let outcome = match reads.needs_writer() {
                    true => Outcome::Unread(cells),
                    false => Outcome::Read {
                        errors,
                        read: read.map(|r| r.map(Box::new)),
                    },
                };
                if done.send(Read { row, held, outcome }).is_err() {
                    return;
                }
            }
        });
        Ahead {
            to_read,
            read,
            in_flight: 0,
        }
    }

    /// Sends a row to be read, with the warnings about it to be said when it is written; returns the
    /// oldest row sent, read, once [`AHEAD`] rows are on their way.
    pub(super) fn send(&mut self, row: usize, cells: Vec<Cell>, held: Vec<String>) -> Result<Option<Read>> {
        self.to_read.send((row, cells, held)).map_err(|_| gone())?;
        self.in_flight += 1;
        if self.in_flight < AHEAD {
            return Ok(None);
        }
        self.next()
    }

    /// The oldest row sent and not yet taken back, once read; `None` when none is left.
    pub(super) fn next(&mut self) -> Result<Option<Read>> {
        if self.in_flight == 0 {
            return Ok(None);
        }
        self.in_flight -= 1;
        self.read.recv().map(Some).map_err(|_| gone())
    }
}

/// The reading thread ends only when the rows stop coming, or when it panics — and then the
/// scope that runs it panics too: this is said only if that ever changes.
fn gone() -> Error {
    Error::Internal("读取组织生活记录的线程中断".into())
}
