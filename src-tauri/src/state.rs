//! The open ledger and how commands reach it. One writer connection behind a mutex serialises the
//! writes (one user action = one transaction); reads take a connection from a small pool of
//! read-only connections, so with WAL they never wait behind a write, an import or an export. Every
//! command runs its work on the blocking thread pool, never on the window's thread, so the window
//! answers clicks while a long export runs.
//!
//! One window per ledger: the session's writer claims the ledger's lock as soon as it is opened, so
//! a second window (or a writing command) on the same file is refused at once, in words.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use zhibu::analysis::college;
use zhibu::domain::org::{self, LedgerInfo};
use zhibu::io::charts;
use zhibu::kernel::progress::Progress;
use zhibu::store::backups::{self, Reason};
use zhibu::store::Connection;
use zhibu::store::{self, Tx};
use zhibu::{Error, Ledger, Result};

/// Idle read connections kept for reuse; more are opened when work overlaps.
const IDLE_READERS: usize = 4;

/// How often the daily backup looks whether a day has passed since the last rolling backup.
const DAILY_CHECK: Duration = Duration::from_secs(3600);

/// How long a restore waits for work still running on the session (a page being read) to end.
const RESTORE_WAIT: Duration = Duration::from_secs(5);

pub struct Session {
    path: PathBuf,
    branch_id: AtomicI64,
    writer: Mutex<Ledger>,
    readers: Mutex<Vec<Connection>>,
    kept: Kept,
}

/// Figures counted for a view and kept while the ledger is unchanged, for when it is asked again.
#[derive(Default)]
pub struct Kept {
    /// The college's year: the 党委 view and 报表's 党支部工作排行.
    pub college: college::Counted,
    /// A branch's year as 报表's charts read it.
    pub charts: charts::Read,
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
pub struct AppState {
    session: RwLock<Option<Arc<Session>>>,
    /// The ledger the app last tried to open and could not (at start, or again after a restore),
    /// for 设置 to say why none is open.
    unopened: Mutex<Option<Unopened>>,
}

/// A ledger that could not be opened, and why: another window is changing it, it is damaged…
#[derive(Clone, serde::Serialize)]
pub struct Unopened {
    path: PathBuf,
    message: String,
    /// The error's kind: `locked` when a password would open it.
    kind: &'static str,
}

impl AppState {
    pub fn session(&self) -> Result<Arc<Session>> {
        self.session.read().map_err(poisoned)?.clone().ok_or(Error::NoLedger)
    }

    /// Makes `ledger` the session, working on its first branch, once its writer holds the ledger's
    /// lock: a ledger another window or command is changing is refused here, and the session stays
    /// as it was. The rolling backup of opening is taken behind the window's back (see
    /// [`back_up_on_opening`]).
    pub fn replace(&self, mut ledger: Ledger) -> Result<Arc<Session>> {
        ledger.claim_writer()?;
        let branch_id = org::list(ledger.conn())?.first().map(|b| b.id).ok_or(Error::NoLedger)?;
        let session = Arc::new(Session {
            path: ledger.path().to_path_buf(),
            branch_id: AtomicI64::new(branch_id),
            writer: Mutex::new(ledger),
            readers: Mutex::new(Vec::new()),
            kept: Kept::default(),
        });
        back_up_on_opening(&session);
        count_ahead(&session);
        *self.session.write().map_err(poisoned)? = Some(session.clone());
        *self.unopened.lock().map_err(poisoned)? = None;
        Ok(session)
    }

    /// Opens the ledger at `path` as the session. The ledger this window already has is kept as it
    /// is: opened again, it would find its own lock taken.
    pub async fn open(&self, path: PathBuf) -> Result<Arc<Session>> {
        if let Ok(current) = self.session() {
            if store::same_file(current.path(), &path) {
                return Ok(current);
            }
        }
        let ledger = off_main(move || Ledger::open(&path)).await?;
        self.replace(ledger)
    }

    /// Remembers why the ledger at `path` could not be opened, for [`AppState::unopened`].
    pub fn not_opened(&self, path: &Path, e: &Error) {
        tracing::warn!(kind = e.kind(), "ledger not opened");
        if let Ok(mut why) = self.unopened.lock() {
            *why = Some(Unopened {
                path: path.to_path_buf(),
                message: e.to_string(),
                kind: e.kind(),
            });
        }
    }

    /// Why no ledger is open, when the app tried one and failed.
    pub fn unopened(&self) -> Option<Unopened> {
        self.unopened.lock().ok()?.clone()
    }

    /// Puts the backup `from` back in place of the session's ledger and opens it again; returns the
    /// new session and the copy of the ledger as it was. The core restores a ledger this process
    /// does not hold open, so the session is closed first: work still running on it is given a
    /// moment to end, else the restore is refused and the session goes on as it was.
    pub async fn restore(
        &self,
        from: PathBuf,
        mut progress: impl FnMut(Progress) + Send + 'static,
    ) -> Result<(Arc<Session>, PathBuf)> {
        let current = self.session()?;
        // Refused before the session is closed for it.
        backups::check_source(current.path(), &from)?;
        drop(current);
        self.on_closed_file(move |path| backups::restore(path, &from, &mut progress))
            .await
    }

    /// Runs `work` on the open ledger's file with the session closed (the core rewrites a file
    /// this process does not hold open), then opens it again: the new session and what `work`
    /// returned. Work still running on the session is given a moment to end, else `work` is refused
    /// and the session goes on as it was.
    pub async fn on_closed_file<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Path) -> Result<T> + Send + 'static,
    ) -> Result<(Arc<Session>, T)> {
        let session = self.session.write().map_err(poisoned)?.take().ok_or(Error::NoLedger)?;
        let path = session.path().to_path_buf();
        if let Err(session) = off_main(move || Ok(close(session))).await? {
            self.put_back(session)?;
            return Err(Error::Conflict(
                "台账正在导出或处理中，请等进度条走完后再试。本次未做任何修改".into(),
            ));
        }
        let done = {
            let path = path.clone();
            off_main(move || work(&path)).await
        };
        // The ledger comes back either way: changed, or as it was when the work failed.
        let reopened = {
            let path = path.clone();
            off_main(move || Ledger::open(&path))
                .await
                .and_then(|l| self.replace(l))
        };
        if let Err(e) = &reopened {
            self.not_opened(&path, e);
        }
        let value = done?;
        Ok((reopened?, value))
    }

    /// Gives a session back after a refused restore, unless another ledger was opened meanwhile.
    fn put_back(&self, session: Arc<Session>) -> Result<()> {
        self.session.write().map_err(poisoned)?.get_or_insert(session);
        Ok(())
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

    /// [`AppState::read`] with the figures the session keeps ([`Kept`]) as well.
    pub async fn read_kept<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection, i64, &Kept) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let session = self.session()?;
        off_main(move || session.read(|conn, branch_id| f(conn, branch_id, &session.kept))).await
    }

    /// A write on the blocking pool: `f(transaction, branch id)`, committed when it returns Ok.
    pub async fn write<T: Send + 'static>(&self, f: impl FnOnce(&Tx, i64) -> Result<T> + Send + 'static) -> Result<T> {
        let session = self.session()?;
        off_main(move || session.write(f)).await
    }

    /// [`Ledger::checkpoint`] on the blocking pool, not awaited: after an import, whose report
    /// shows meanwhile. A write asked for in the while waits for it (a few hundred ms at most).
    pub fn checkpoint_later(&self) {
        let Ok(session) = self.session() else { return };
        tauri::async_runtime::spawn_blocking(move || {
            if let Err(e) = session.with_writer(|ledger, _| ledger.checkpoint()) {
                tracing::info!(kind = e.kind(), "checkpoint after an import failed");
            }
        });
    }

    pub async fn with_writer<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Ledger, i64) -> Result<T> + Send + 'static,
    ) -> Result<T> {
        let session = self.session()?;
        off_main(move || session.with_writer(f)).await
    }
}

/// Closes `session` (its writer, its lock and its readers) once no command still works on it;
/// gives it back if one still does after [`RESTORE_WAIT`].
fn close(mut session: Arc<Session>) -> std::result::Result<(), Arc<Session>> {
    let started = Instant::now();
    loop {
        match Arc::try_unwrap(session) {
            Ok(closed) => {
                drop(closed);
                return Ok(());
            }
            Err(shared) if started.elapsed() < RESTORE_WAIT => {
                session = shared;
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(shared) => return Err(shared),
        }
    }
}

/// The rolling backup each time the secretary opens a ledger, taken on a thread of its own: a
/// ledger of 3,000 members copies for half a second, which the window no longer waits for to show
/// 首页. The thread holds the writer before this returns, so the backup holds the ledger as it was
/// opened — the secretary's first change waits for it — while reads (every view) go on.
fn back_up_on_opening(session: &Arc<Session>) {
    let (held, writer_held) = std::sync::mpsc::sync_channel::<()>(0);
    let session = session.clone();
    let spawned = std::thread::Builder::new()
        .name("opening-backup".into())
        .spawn(move || {
            let Ok(ledger) = session.writer.lock() else {
                return;
            };
            let _ = held.send(());
            // A backup that fails (a full disk) must not keep the secretary from her ledger.
            if let Err(e) = backups::take(&ledger, Reason::Opened, &mut |_| {}) {
                tracing::warn!(kind = e.kind(), "rolling backup on opening failed");
            }
        });
    match spawned {
        Ok(_) => {
            let _ = writer_held.recv();
        }
        Err(e) => tracing::warn!(error = %e, "opening backup thread not started"),
    }
}

/// Counts this year's figures for 报表 and the 党委 view on a thread of its own while the window
/// shows 首页, so that they open on figures already counted; a view asking meanwhile waits for this
/// count rather than counting beside it (see `store::Memo`).
fn count_ahead(session: &Arc<Session>) {
    let session = session.clone();
    let spawned = std::thread::Builder::new().name("count-ahead".into()).spawn(move || {
        let (read, counted) = (&session.kept.charts, &session.kept.college);
        if let Err(e) = session.read(|conn, branch_id| charts::count_ahead(conn, today(), branch_id, read, counted)) {
            tracing::info!(kind = e.kind(), "counting ahead failed");
        }
    });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "count-ahead thread not started");
    }
}

/// The daily rolling backup while the app stays open (opening took the first): a thread of its own
/// wakes hourly and asks for the session of the moment, so it follows the secretary from ledger to
/// ledger and holds none between checks. The backup goes through the session's writer, between two
/// writes.
pub fn back_up_daily(app: tauri::AppHandle) {
    use tauri::Manager;
    let spawned = std::thread::Builder::new()
        .name("daily-backup".into())
        .spawn(move || loop {
            std::thread::sleep(DAILY_CHECK);
            let Ok(session) = app.state::<AppState>().session() else {
                continue;
            };
            if backups::due(session.path(), backups::DAILY) {
                let taken = session.with_writer(|ledger, _| backups::take(ledger, Reason::Daily, &mut |_| {}));
                if let Err(e) = taken {
                    tracing::warn!(kind = e.kind(), "daily backup failed");
                }
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "daily backup thread not started");
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
