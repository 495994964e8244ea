//! The open ledger and how commands reach it. One writer connection behind a mutex serialises the
//! writes (one user action = one transaction); reads take a connection from a small pool of
//! read-only connections, so with WAL they never wait behind a write, an import or an export. Every
//! command runs its work on the blocking thread pool, never on the window's thread, so the window
//! answers clicks while a long export runs.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use chrono::NaiveDate;
use zhibu::domain::org::{self, LedgerInfo};
use zhibu::store::Connection;
use zhibu::store::{self, Tx};
use zhibu::{Error, Ledger, Result};

/// Idle read connections kept for reuse; more are opened when work overlaps.
const IDLE_READERS: usize = 4;

pub struct Session {
    path: PathBuf,
    branch_id: AtomicI64,
    writer: Mutex<Ledger>,
    readers: Mutex<Vec<Connection>>,
}

impl Session {
    pub fn branch_id(&self) -> i64 {
        self.branch_id.load(Ordering::Relaxed)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `f` on a read-only connection of the pool.
    pub fn read<T>(&self, f: impl FnOnce(&Connection, i64) -> Result<T>) -> Result<T> {
        let conn = match self.readers.lock().map_err(poisoned)?.pop() {
            Some(c) => c,
            None => store::open_reader(&self.path)?,
        };
        let out = f(&conn, self.branch_id());
        let mut idle = self.readers.lock().map_err(poisoned)?;
        if idle.len() < IDLE_READERS {
            idle.push(conn);
        }
        out
    }

    /// `f` as one transaction of the writer.
    pub fn write<T>(&self, f: impl FnOnce(&Tx, i64) -> Result<T>) -> Result<T> {
        let branch_id = self.branch_id();
        self.writer.lock().map_err(poisoned)?.write(|tx| f(tx, branch_id))
    }

    /// `f` with the writer itself, for work that manages its own transaction (an import, a preview).
    pub fn with_writer<T>(&self, f: impl FnOnce(&mut Ledger, i64) -> Result<T>) -> Result<T> {
        let branch_id = self.branch_id();
        f(&mut *self.writer.lock().map_err(poisoned)?, branch_id)
    }

    pub fn info(&self, today: NaiveDate) -> Result<LedgerInfo> {
        self.read(|conn, branch_id| org::ledger_info(conn, &self.path, branch_id, today))
    }
}

fn poisoned<T>(_: T) -> Error {
    Error::Internal("台账连接在一次失败的操作后不可用，请重新打开台账".into())
}

#[derive(Default)]
pub struct AppState(RwLock<Option<Arc<Session>>>);

impl AppState {
    pub fn session(&self) -> Result<Arc<Session>> {
        self.0.read().map_err(poisoned)?.clone().ok_or(Error::NoLedger)
    }

    /// Opens `ledger` as the session, working on its first branch.
    pub fn replace(&self, ledger: Ledger) -> Result<Arc<Session>> {
        let branch_id = org::list(ledger.conn())?.first().map(|b| b.id).ok_or(Error::NoLedger)?;
        let session = Arc::new(Session {
            path: ledger.path().to_path_buf(),
            branch_id: AtomicI64::new(branch_id),
            writer: Mutex::new(ledger),
            readers: Mutex::new(Vec::new()),
        });
        *self.0.write().map_err(poisoned)? = Some(session.clone());
        Ok(session)
    }

    pub fn select_branch(&self, id: i64) -> Result<Arc<Session>> {
        let session = self.session()?;
        session.read(|conn, _| org::get(conn, id))?;
        session.branch_id.store(id, Ordering::Relaxed);
        Ok(session)
    }

    /// A read on the blocking pool: `f(connection, branch id)`.
    pub async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection, i64) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let session = self.session()?;
        off_main(move || session.read(f)).await
    }

    /// A write on the blocking pool: `f(transaction, branch id)`, committed when it returns Ok.
    pub async fn write<T: Send + 'static>(&self, f: impl FnOnce(&Tx, i64) -> Result<T> + Send + 'static) -> Result<T> {
        let session = self.session()?;
        off_main(move || session.write(f)).await
    }

    pub async fn with_writer<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Ledger, i64) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let session = self.session()?;
        off_main(move || session.with_writer(f)).await
    }
}

/// Runs `f` on Tauri's blocking thread pool: neither the window's thread nor an async worker waits.
pub async fn off_main<T: Send + 'static>(f: impl FnOnce() -> Result<T> + Send + 'static) -> Result<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|_| Error::Internal("后台任务意外中止".into()))?
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
