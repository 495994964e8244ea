//! The ledger file: where it lives, its connection PRAGMAs, migrations and transactions.

use std::path::{Path, PathBuf};

use rusqlite::{OpenFlags, TransactionBehavior};
use rusqlite_migration::{Migrations, M};

mod alongside;
pub mod audit;
pub mod backups;
pub mod crypto;
pub mod files;
mod memo;
pub mod memory;
mod tx;

pub use alongside::alongside;
pub use memo::Memo;
/// The connection type every layer above queries through.
pub use rusqlite::Connection;
pub use tx::Tx;

use crate::kernel::progress::{OnProgress, Progress};
use crate::Error;
use crate::Result;

pub const ENV_LEDGER: &str = "ZHIBU_LEDGER";

/// Where this process's writes come from, as the audit log records them: the desktop app or the
/// command line names itself once at start.
static ORIGIN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Whether opening a ledger takes a rolling backup, and how old the newest may be before it does:
/// the desktop app backs up on every opening, the command line at most daily; tests and the
/// library's other callers never.
static BACKUP_ON_OPEN: std::sync::OnceLock<std::time::Duration> = std::sync::OnceLock::new();

/// Makes [`Ledger::open`] take a rolling backup when the newest is older than `interval`.
pub fn back_up_on_open(interval: std::time::Duration) {
    let _ = BACKUP_ON_OPEN.set(interval);
}

/// Names this process for the audit log (“桌面”, “命令行 import activities”); the first call holds.
pub fn set_origin(origin: impl Into<String>) {
    let _ = ORIGIN.set(origin.into());
}

/// SQL that keeps the rows of branch `?1` when there is one, all rows otherwise. Written into the
/// query's text rather than as `(?1 IS NULL OR col = ?1)`, so each form gets its own plan and one
/// branch's figures read that branch's rows through its index, not the college's.
pub fn branch_is(column: &str, branch_id: Option<i64>) -> String {
    match branch_id {
        Some(_) => format!("{column} = ?1"),
        None => "?1 IS NULL".to_string(),
    }
}

/// Each migration may rebuild any table: it runs with foreign keys off (a table others reference
/// can be dropped and recreated) and `PRAGMA foreign_key_check` must find nothing before it commits.
fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        M::up(include_str!("migrations/001_foundation.sql")).foreign_key_check(),
        M::up(include_str!("migrations/002_study_points.sql")).foreign_key_check(),
        M::up(include_str!("migrations/003_one_source.sql")).foreign_key_check(),
        M::up(include_str!("migrations/004_history.sql")).foreign_key_check(),
        M::up(include_str!("migrations/005_distinct_records.sql")).foreign_key_check(),
        M::up(include_str!("migrations/006_talks_awards.sql")).foreign_key_check(),
        M::up(include_str!("migrations/007_appraisal.sql")).foreign_key_check(),
        M::up(include_str!("migrations/008_rules_elections.sql")).foreign_key_check(),
        M::up(include_str!("migrations/009_garden.sql")).foreign_key_check(),
        M::up(include_str!("migrations/010_audit.sql")).foreign_key_check(),
        M::up(include_str!("migrations/011_scale.sql")).foreign_key_check(),
        M::up(include_str!("migrations/012_packages.sql")).foreign_key_check(),
        M::up(include_str!("migrations/013_covering.sql")).foreign_key_check(),
        M::up(include_str!("migrations/014_audit_index.sql")).foreign_key_check(),
        M::up(include_str!("migrations/015_compact_audit.sql")).foreign_key_check(),
    ])
}

/// `PRAGMA cache_size` of a bulk write (negative: in KiB).
const BULK_CACHE_KIB: i64 = -65_536;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 15;

pub struct Ledger {
    conn: Connection,
    /// The rows this connection's writes changed, for the audit log (see [`audit::watch`]).
    notes: audit::Notes,
    path: PathBuf,
    /// Where this ledger's writes come from, as the audit log records it (“桌面”, “命令行 import”).
    origin: String,
    /// The lock on `<ledger>.lock` that makes this the ledger's one writer, from its first write
    /// (or [`Ledger::claim_writer`]) until it is closed.
    writer_lock: Option<std::fs::File>,
}

/// `--ledger`, else `ZHIBU_LEDGER`, else `<data dir>/zhibu/ledger.db`.
pub fn resolve_path(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os(ENV_LEDGER).filter(|v| !v.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("zhibu")
        .join("ledger.db")
}

impl Ledger {
    /// Open an existing ledger (migrating it to the current schema).
    pub fn open(path: &Path) -> Result<Ledger> {
        if !path.is_file() {
            return Err(Error::NotFound {
                what: "台账文件",
                key: format!("{}（可先用 zhibu init 创建）", path.display()),
            });
        }
        let ledger = Self::open_without_backup(path)?;
        // The window or command that holds the ledger for writing takes the backups; while one
        // does, another opening (a second window, a report from the command line) takes none.
        if let Some(interval) = BACKUP_ON_OPEN.get() {
            if backups::due(path, *interval) {
                if let Ok(_writer) = writer_lock(path) {
                    // A backup that fails (a full disk) must not keep the secretary from her ledger.
                    if let Err(e) = backups::take(&ledger, backups::Reason::Opened, &mut |_| {}) {
                        tracing::warn!(kind = e.kind(), "rolling backup on opening failed");
                    }
                }
            }
        }
        Ok(ledger)
    }

    /// [`open`](Self::open) without the rolling backup: for work on the file itself (a restore).
    pub(crate) fn open_without_backup(path: &Path) -> Result<Ledger> {
        let ledger = Self::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        // A ledger made by an earlier version may be readable by others; it holds personal data.
        let _ = owner_only_file(path);
        Ok(ledger)
    }

    /// Creates a new, empty ledger file (schema only). Refuses a file that already has content:
    /// `domain::org::new_ledger` gives it its first branch in the same breath.
    pub fn create_empty(path: &Path) -> Result<Ledger> {
        if Self::has_content(path) {
            return Err(Error::Conflict(format!(
                "文件 {} 已存在且不为空，为防止覆盖已有台账，未做任何修改",
                path.display()
            )));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        // Created empty and owner-only first: SQLite gives its journal files the same permissions.
        if !path.exists() {
            std::fs::File::create(path)?;
        }
        owner_only_file(path)?;
        Self::connect(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE)
    }

    pub fn has_content(path: &Path) -> bool {
        path.metadata().map(|m| m.len() > 0).unwrap_or(false)
    }

    fn connect(path: &Path, flags: OpenFlags) -> Result<Ledger> {
        let mut conn = crypto::open(path, flags | OpenFlags::SQLITE_OPEN_NO_MUTEX, false)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Room for every statement an import's row runs (its lookups, the roll, the writes, the
        // audit's): with rusqlite's 16, a row's statements push each other out and are parsed again.
        conn.set_prepared_statement_cache_capacity(128);
        // A file that is not SQLite fails here, before anything is written to it.
        conn.query_row("PRAGMA schema_version", [], |r| r.get::<_, i64>(0))
            .map_err(|_| Error::Format(format!("{} 不是支部台账文件", path.display())))?;
        register_functions(&conn)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // FULL: a ledger's commits are few and precious; a power cut must not lose the last one.
        conn.pragma_update(None, "synchronous", "FULL")?;
        // Off while migrating (SQLite ignores the PRAGMA inside a transaction, so it is set here).
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let before: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        refuse_newer(before)?;
        migrations().to_latest(&mut conn)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        if before != SCHEMA_VERSION {
            tracing::info!(from = before, to = SCHEMA_VERSION, "ledger schema migrated");
        }
        // The log begins with the ledger as it stands; an upgrade that rewrote rows says so.
        if before != SCHEMA_VERSION || audit::count(&conn)? == 0 {
            let origin = if before == 0 || before == SCHEMA_VERSION {
                "建立审计日志".to_string()
            } else {
                format!("台账结构升级（第 {before} 版 → 第 {SCHEMA_VERSION} 版）")
            };
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let head = audit::settle(&tx, &origin)?;
            tx.commit()?;
            if let Some(head) = head {
                audit::write_head(path, &head)?;
            }
        }
        let notes = audit::watch(&conn)?;
        tracing::debug!(path = %path.display(), "ledger opened");
        Ok(Ledger {
            conn,
            notes,
            path: path.to_path_buf(),
            origin: ORIGIN.get().cloned().unwrap_or_else(|| "支部台账".into()),
            writer_lock: None,
        })
    }

    /// A read-only connection to the same file, for queries that must not wait behind a write or an
    /// export (WAL lets readers run beside the one writer). The ledger must already be migrated.
    pub fn reader(&self) -> Result<Connection> {
        open_reader(&self.path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Attachments live in a folder beside the ledger file: `<file>.attachments/`.
    pub fn attachments_dir(&self) -> PathBuf {
        attachments_dir_for(&self.path)
    }

    pub fn schema_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// One user action = one IMMEDIATE transaction: all of it is written, or none (files included).
    /// Its changes are logged in the audit trail before it commits, and the trail's head is
    /// written beside the file after.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.claim_writer()?;
        let started = std::time::Instant::now();
        let (origin, path, notes) = (self.origin.clone(), self.path.clone(), self.notes.clone());
        let mark = notes.len()?;
        let tx = self.begin()?;
        // The head as committed: `f` may log entries of its own before the commit (`Tx::attest`).
        let before = audit::head(&tx)?;
        let done = f(&tx).and_then(|out| {
            audit::append(&tx, &notes, &origin)?;
            let after = audit::head(&tx)?.filter(|h| Some(h) != before.as_ref());
            if let Some(after) = &after {
                audit::write_pending(&path, before.as_ref(), after)?;
            }
            Ok((out, after))
        });
        match done {
            Ok((out, head)) => {
                tx.commit()?;
                if let Some(head) = head {
                    audit::write_head(&path, &head)?;
                }
                tracing::debug!(
                    elapsed_ms = started.elapsed().as_millis() as u64,
                    "transaction committed"
                );
                Ok(out)
            }
            Err(e) => {
                tx.rollback()?;
                notes.truncate(mark)?;
                // The kind only: messages name members and values.
                tracing::info!(kind = e.kind(), "transaction rolled back");
                Err(e)
            }
        }
    }

    /// Runs `f` (a write of a hundred thousand rows: an import) with room for 64 MB of the file's
    /// pages in memory rather than SQLite's 2 MB, so the tables and indexes it grows are not
    /// written out and read back again before the commit. The room is given back after.
    ///
    /// Its commit leaves the pages in the write-ahead log (committed: written and synced there)
    /// without the checkpoint that would copy them into the file at once — 50 MB for 140,000
    /// attendance marks, a sixth of the import's time. The window runs [`Ledger::checkpoint`]
    /// behind the secretary's back; the command line's ledger does it as it closes.
    pub fn bulk<T>(&mut self, f: impl FnOnce(&mut Ledger) -> Result<T>) -> Result<T> {
        let before: i64 = self.conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
        let checkpoints: i64 = self.conn.query_row("PRAGMA wal_autocheckpoint", [], |r| r.get(0))?;
        self.conn.pragma_update(None, "cache_size", BULK_CACHE_KIB)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 0)?;
        let out = f(self);
        // The write is done (or not) whatever becomes of the settings: a failure here is only logged.
        for (pragma, value) in [("cache_size", before), ("wal_autocheckpoint", checkpoints)] {
            if let Err(e) = self.conn.pragma_update(None, pragma, value) {
                tracing::warn!(pragma, error = %e, "setting not restored after a bulk write");
            }
        }
        out
    }

    /// Copies what the write-ahead log holds into the ledger file, as far as no reader still needs
    /// it: after a [`Ledger::bulk`] write, at a moment no one waits for it.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Runs `f` in a transaction that is always rolled back: what an action would do, without doing it.
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&Tx) -> Result<T>) -> Result<T> {
        self.claim_writer()?;
        let notes = self.notes.clone();
        let mark = notes.len()?;
        let tx = self.begin()?;
        let out = f(&tx);
        tx.rollback()?;
        notes.truncate(mark)?;
        out
    }

    /// Makes this the ledger's one writer until it is closed: another window or command that
    /// writes to the same file is refused at once, in words, rather than wait and fail on a lock.
    /// Reading is never refused.
    pub fn claim_writer(&mut self) -> Result<()> {
        if self.writer_lock.is_none() {
            self.writer_lock = Some(writer_lock(&self.path)?);
        }
        Ok(())
    }

    fn begin(&mut self) -> Result<Tx<'_>> {
        let dir = self.attachments_dir();
        Ok(Tx::new(
            self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?,
            dir,
            self.origin.clone(),
            self.notes.clone(),
        ))
    }
}

impl Ledger {
    /// A consistent copy of the ledger and its attachment folder: see [`backup`].
    pub fn backup(&self, out: &Path, progress: OnProgress) -> Result<()> {
        backup(&self.conn, &self.path, out, progress)
    }
}

/// A consistent copy of the ledger at `path` read through `conn` (SQLite's online backup: safe while
/// the app writes, and from a reader connection), and of its attachment folder beside it. Refuses to
/// overwrite an existing file.
pub fn backup(conn: &Connection, path: &Path, out: &Path, progress: OnProgress) -> Result<()> {
    if out.exists() {
        return Err(Error::Conflict(format!(
            "{} 已存在，为防止覆盖，未做备份",
            out.display()
        )));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    {
        // A copy of an encrypted ledger is encrypted with it.
        let mut dst = crypto::open(
            out,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            crypto::is_encrypted(path),
        )?;
        let backup = rusqlite::backup::Backup::new(conn, &mut dst)?;
        loop {
            let step = backup.step(256)?;
            let p = backup.progress();
            progress(Progress {
                done: (p.pagecount - p.remaining).max(0) as u32,
                total: p.pagecount.max(0) as u32,
                stage: "复制台账".into(),
            });
            match step {
                rusqlite::backup::StepResult::Done => break,
                rusqlite::backup::StepResult::More => {}
                _ => std::thread::sleep(std::time::Duration::from_millis(20)),
            }
        }
    }
    tracing::info!("backup written");
    // The copy stands alone: fold the WAL back so it is one file, with its audit head beside it.
    let copy = crypto::open(out, OpenFlags::SQLITE_OPEN_READ_WRITE, false)?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    owner_only_file(out)?;
    if let Some(head) = audit::head(&copy)? {
        audit::write_head(out, &head)?;
    }
    link_or_copy_dir(&attachments_dir_for(path), &attachments_dir_for(out))
}

/// The files of `from` in `to` (which may hold others already): hard links where the disk allows,
/// since an attachment never changes once stored, else copies. An existing file is kept.
fn link_or_copy_dir(from: &Path, to: &Path) -> Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    owner_only_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            link_or_copy_dir(&entry.path(), &target)?;
        } else if !target.exists() && std::fs::hard_link(entry.path(), &target).is_err() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// The lock beside `path` (`<ledger>.lock`) that makes its holder the ledger's one writer while the
/// returned file stays open; refused at once, in words, when another window or command holds it.
pub(crate) fn writer_lock(path: &Path) -> Result<std::fs::File> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(PathBuf::from(&name))?;
    owner_only_file(Path::new(&name))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Conflict(format!(
            "台账 {} 正在另一个支部台账窗口或命令中修改：请先关闭那边，再重试。本次未做任何修改",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// Whether `a` and `b` name the same file (a relative path, a link, another spelling).
pub fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// Refuses a ledger written by a newer Zhibu, naming both versions: opening would not understand it.
fn refuse_newer(version: i64) -> Result<()> {
    if version > SCHEMA_VERSION {
        return Err(Error::Conflict(format!(
            "台账文件来自更新版本的支部台账（数据结构第 {version} 版），本程序（{}，数据结构第 {SCHEMA_VERSION} 版）无法打开；请升级支部台账。文件未做任何修改",
            env!("CARGO_PKG_VERSION")
        )));
    }
    Ok(())
}

/// A file only its owner may read (0600 on Unix; on Windows the user's profile keeps it private).
pub fn owner_only_file(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    let _ = path;
    Ok(())
}

/// A folder only its owner may open (0700 on Unix).
pub fn owner_only_dir(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    let _ = path;
    Ok(())
}

/// A read-only connection to a ledger file opened (and so migrated) by [`Ledger::open`].
pub fn open_reader(path: &Path) -> Result<Connection> {
    let conn = crypto::open(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        false,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(conn)
}

/// The SQL functions the ledger's triggers call: `zhibu_grams(text)`, the search index's reading of
/// a text (see `kernel::text::search_grams`). Every connection that writes must have them.
pub fn register_functions(conn: &Connection) -> Result<()> {
    use rusqlite::functions::FunctionFlags;
    conn.create_scalar_function(
        "zhibu_grams",
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text: Option<String> = ctx.get(0)?;
            Ok(text.map(|t| crate::kernel::text::search_grams(&t)))
        },
    )?;
    Ok(())
}

pub fn attachments_dir_for(ledger: &Path) -> PathBuf {
    let mut name = ledger.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".attachments");
    ledger.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid() {
        // As `validate` does, on a fresh database — with the functions the triggers call.
        let mut conn = Connection::open_in_memory().unwrap();
        register_functions(&conn).unwrap();
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        migrations().to_latest(&mut conn).unwrap();
    }

    /// SQLite is built as `.cargo/config.toml` says: two readers at once take no global lock for
    /// each allocation or each page.
    #[test]
    fn sqlite_is_built_without_global_memory_locks() {
        let conn = Connection::open_in_memory().unwrap();
        let mut st = conn.prepare("PRAGMA compile_options").unwrap();
        let options: Vec<String> = st.query_map([], |r| r.get(0)).unwrap().map(|o| o.unwrap()).collect();
        assert!(options.iter().any(|o| o == "DEFAULT_MEMSTATUS=0"), "{options:?}");
        assert!(!options.iter().any(|o| o == "ENABLE_MEMORY_MANAGEMENT"), "{options:?}");
    }

    #[test]
    fn a_new_ledger_is_migrated_and_refuses_to_be_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("l.db");
        let ledger = Ledger::create_empty(&path).unwrap();
        assert_eq!(ledger.schema_version().unwrap(), SCHEMA_VERSION);
        let fk: i64 = ledger
            .conn()
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(fk, 1);
        let mode: String = ledger
            .conn()
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(ledger);
        assert!(matches!(Ledger::create_empty(&path), Err(Error::Conflict(_))));
        assert!(Ledger::open(&path).is_ok());
    }

    /// An import's pages stay in the write-ahead log, committed, until the checkpoint after it; the
    /// cache and checkpoint settings are those of an ordinary write again.
    #[test]
    fn a_bulk_write_leaves_its_checkpoint_for_later() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("l.db");
        let mut ledger = Ledger::create_empty(&path).unwrap();
        let size = || std::fs::metadata(&path).unwrap().len();
        let setting = |l: &Ledger, pragma: &str| -> i64 {
            l.conn()
                .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
                .unwrap()
        };
        let settings = |l: &Ledger| (setting(l, "cache_size"), setting(l, "wal_autocheckpoint"));
        let (before, ordinary) = (size(), settings(&ledger));
        ledger
            .bulk(|l| {
                l.write(|tx| {
                    // 8 MB: 2,000 pages, twice what an ordinary commit checkpoints at once.
                    tx.execute_batch(
                        "CREATE TABLE bulk (x BLOB);
                         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                         INSERT INTO bulk SELECT randomblob(4000) FROM n;",
                    )?;
                    Ok(())
                })
            })
            .unwrap();
        assert_eq!(settings(&ledger), ordinary);
        assert_eq!(size(), before, "nothing copied into the file yet");
        let reader = open_reader(&path).unwrap();
        let rows: i64 = reader.query_row("SELECT count(*) FROM bulk", [], |r| r.get(0)).unwrap();
        assert_eq!(rows, 2000, "committed, in the log");
        drop(reader);
        assert_eq!(size(), before);
        ledger.checkpoint().unwrap();
        assert!(size() > before + 8_000_000, "{} → {}", before, size());
    }

    /// A version-7 ledger (before elections and the dated rules) keeps its 民主评议 records and its
    /// 党员大会, which are not elections, and gains the default rules.
    #[test]
    fn a_v7_ledger_gains_elections_and_the_default_rules() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v7.db");
        {
            let mut conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
            migrations().to_version(&mut conn, 7).unwrap();
            conn.execute_batch(
                "INSERT INTO branch (id, name) VALUES (1, '测试支部');
                 INSERT INTO member (id, branch_id, name, membership, joined_on) VALUES (1, 1, '赵一', 'full', '2010-07-01');
                 INSERT INTO activity (id, branch_id, date, title) VALUES (1, 1, '2026-06-20', '党员大会');
                 INSERT INTO appraisal (member_id, year, poll_score, grade, decided_by, decided_on)
                     VALUES (1, 2026, 8.5, 'excellent', '支委会', '2027-01-10');",
            )
            .unwrap();
        }
        let ledger = Ledger::open(&path).unwrap();
        let c = ledger.conn();
        let kept: (f64, String, i64) = c
            .query_row(
                "SELECT a.poll_score, a.grade, v.election FROM appraisal a, activity v WHERE v.id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(kept, (8.5, "excellent".to_string(), 0));
        let defaults: (String, f64, f64) = c
            .query_row(
                "SELECT l.party_lecture_every, g.base, g.excellent_min FROM life_rule_set l, appraisal_guide g",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(defaults, ("quarter".to_string(), 60.0, 90.0));
    }

    #[test]
    fn a_foreign_file_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "这不是数据库，只是一段文字，长度足够让 SQLite 读头部时失败。").unwrap();
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(Ledger::open(&path), Err(Error::Format(_))));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
