//! The one write path: every user action is one IMMEDIATE transaction of this type. It derefs to the
//! connection for the queries a write makes, and holds the file work that must wait for the commit:
//! an attachment is copied to a staging name inside the transaction and moved into place after the
//! commit; a file is deleted only after the commit. A failed or rolled-back transaction removes its
//! staged copies and deletes nothing, so no row ever points at a missing file.

use std::cell::RefCell;
use std::ops::Deref;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, Transaction};

use crate::Result;

enum FileWork {
    /// A copy staged under `staged`, to be renamed to `target`.
    Place {
        staged: PathBuf,
        target: PathBuf,
    },
    Remove(PathBuf),
}

pub struct Tx<'c> {
    tx: Transaction<'c>,
    attachments_dir: PathBuf,
    /// Where the transaction comes from, as the audit log records it.
    origin: String,
    /// What the connection noted of the rows it changed, for the audit log.
    notes: super::audit::Notes,
    after_commit: RefCell<Vec<FileWork>>,
}

impl Deref for Tx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        &self.tx
    }
}

impl<'c> Tx<'c> {
    pub(super) fn new(
        tx: Transaction<'c>,
        attachments_dir: PathBuf,
        origin: String,
        notes: super::audit::Notes,
    ) -> Tx<'c> {
        Tx {
            tx,
            attachments_dir,
            origin,
            notes,
            after_commit: RefCell::new(Vec::new()),
        }
    }

    /// Vouches in the audit log, now, for rows as they stand, each given as (table, key, digest)
    /// (see `audit::row_digest`): a package carries these entries so its receiver can check them.
    pub fn attest(&self, rows: Vec<(String, String, String)>) -> Result<()> {
        super::audit::share::attest(&self.tx, &self.origin, rows)?;
        Ok(())
    }

    /// Logs now what this transaction has changed so far (otherwise logged as it commits), so the
    /// chain that ends with those changes can be read before the commit. Returns the log's head.
    pub fn log_now(&self) -> Result<Option<super::audit::Head>> {
        super::audit::append(&self.tx, &self.notes, &self.origin)?;
        super::audit::head(&self.tx)
    }

    /// The ledger's attachment folder, `<file>.attachments/`.
    pub fn attachments_dir(&self) -> &Path {
        &self.attachments_dir
    }

    /// Copies `source` now to a staging name beside `target` (so a vanished source fails the action,
    /// not the commit); after the commit the copy takes `target`'s name. Returns the bytes copied.
    pub fn copy_in(&self, source: &Path, target: &Path) -> Result<u64> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
            super::owner_only_dir(&self.attachments_dir)?;
            super::owner_only_dir(dir)?;
        }
        let mut staged = target.as_os_str().to_owned();
        staged.push(".staged");
        let staged = PathBuf::from(staged);
        let size = std::fs::copy(source, &staged)?;
        super::owner_only_file(&staged)?;
        self.after_commit.borrow_mut().push(FileWork::Place {
            staged,
            target: target.to_path_buf(),
        });
        Ok(size)
    }

    /// Copies `source` (a `what`, for the message when it is missing) into `folder` of the attachment folder under its own file name, made unique
    /// (`name(2).ext`, …) against the disk and against `claimed` (a name a row already holds, a copy
    /// staged in this transaction included). Returns the file name as given, the stored path
    /// relative to the attachment folder (with `/`), and the bytes copied.
    pub fn store_file(
        &self,
        what: &'static str,
        source: &Path,
        folder: &str,
        claimed: &dyn Fn(&str) -> Result<bool>,
    ) -> Result<(String, String, u64)> {
        if !source.is_file() {
            return Err(crate::Error::NotFound {
                what,
                key: source.display().to_string(),
            });
        }
        let file_name = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .and_then(|n| crate::kernel::text::non_empty(&n))
            .ok_or_else(|| crate::Error::invalid(format!("无法识别文件名“{}”", source.display())))?;
        let dir = self.attachments_dir.join(folder);
        let (stem, ext) = match file_name.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
            _ => (file_name.clone(), String::new()),
        };
        let mut stored = file_name.clone();
        let mut n = 2;
        while claimed(&format!("{folder}/{stored}"))? || dir.join(&stored).exists() {
            stored = format!("{stem}({n}){ext}");
            n += 1;
        }
        let size = self.copy_in(source, &dir.join(&stored))?;
        Ok((file_name, format!("{folder}/{stored}"), size))
    }

    /// Deletes `path` once the transaction has committed.
    pub fn remove_after_commit(&self, path: &Path) {
        self.after_commit
            .borrow_mut()
            .push(FileWork::Remove(path.to_path_buf()));
    }

    pub(super) fn commit(self) -> Result<()> {
        let Tx { tx, after_commit, .. } = self;
        let work = after_commit.into_inner();
        if let Err(e) = tx.commit() {
            discard(work);
            return Err(e.into());
        }
        for w in work {
            match w {
                FileWork::Place { staged, target } => std::fs::rename(&staged, &target)?,
                FileWork::Remove(path) => remove_if_present(&path)?,
            }
        }
        Ok(())
    }

    pub(super) fn rollback(self) -> Result<()> {
        let Tx { tx, after_commit, .. } = self;
        discard(after_commit.into_inner());
        Ok(tx.rollback()?)
    }
}

/// Undoes the staging of a transaction that did not commit.
fn discard(work: Vec<FileWork>) {
    for w in work {
        if let FileWork::Place { staged, .. } = w {
            let _ = std::fs::remove_file(staged);
        }
    }
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}
