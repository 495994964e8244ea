//! Backups the secretary never has to think about: a copy of the ledger when it is opened and daily
//! while it stays open, in `<ledger>.backups/` beside it, the newest [`keep`] kept; each with its
//! attachments (hard links where the disk allows: attachments never change once stored) and its
//! audit head. [`list`] says what each holds before [`restore`] puts one back, which first backs
//! up the ledger as it is.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{audit, Ledger};
use crate::kernel::progress::OnProgress;
use crate::{Error, Result};

/// Rolling backups kept unless the secretary says otherwise.
pub const DEFAULT_KEEP: u32 = 30;

/// How often the open ledger is backed up while it stays open.
pub const DAILY: Duration = Duration::from_secs(24 * 3600);

/// Why a rolling backup was taken: its file name carries the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Opened,
    Daily,
    BeforeRestore,
}

impl Reason {
    fn code(self) -> &'static str {
        match self {
            Reason::Opened => "opened",
            Reason::Daily => "daily",
            Reason::BeforeRestore => "before-restore",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::Opened => "打开台账时",
            Reason::Daily => "每日",
            Reason::BeforeRestore => "恢复前",
        }
    }

    fn from_file_name(name: &str) -> Option<Reason> {
        [Reason::Opened, Reason::Daily, Reason::BeforeRestore]
            .into_iter()
            .find(|r| name.ends_with(&format!("-{}.db", r.code())))
    }
}

/// What a backup holds, read from it before it is restored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BackupInfo {
    pub path: String,
    /// When it was taken (local time), from its name.
    pub taken_at: String,
    pub reason: Option<Reason>,
    pub reason_label: String,
    pub bytes: u64,
    pub schema_version: i64,
    pub branches: i64,
    pub members: i64,
    pub activities: i64,
    /// The date of its latest 组织生活, if any.
    pub latest_activity: Option<String>,
}

/// The folder of `ledger`'s rolling backups.
pub fn dir_for(ledger: &Path) -> PathBuf {
    let mut name = ledger.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".backups");
    ledger.with_file_name(name)
}

/// How many rolling backups the ledger keeps.
pub fn keep(conn: &Connection) -> Result<u32> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM ledger_setting WHERE key = 'backup_keep'", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(v.and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_KEEP))
}

/// Sets how many rolling backups to keep (1 to 365).
pub fn set_keep(conn: &Connection, n: u32) -> Result<u32> {
    if !(1..=365).contains(&n) {
        return Err(Error::invalid(format!("保留的备份份数：“{n}”应在 1 到 365 之间")));
    }
    conn.execute(
        "INSERT INTO ledger_setting (key, value) VALUES ('backup_keep', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [n.to_string()],
    )?;
    Ok(n)
}

/// Takes a rolling backup of `ledger` now, then keeps only the newest [`keep`]. Returns its path.
pub fn take(ledger: &Ledger, reason: Reason, progress: OnProgress) -> Result<PathBuf> {
    let dir = dir_for(ledger.path());
    std::fs::create_dir_all(&dir)?;
    super::owner_only_dir(&dir)?;
    let out = new_name(&dir, reason);
    ledger.backup(&out, progress)?;
    prune(ledger.path(), keep(ledger.conn())?)?;
    tracing::info!(reason = reason.code(), "rolling backup taken");
    Ok(out)
}

/// A backup's name: the time to the millisecond first, so that names sort as the backups were
/// taken, then why.
fn new_name(dir: &Path, reason: Reason) -> PathBuf {
    loop {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%3f");
        let out = dir.join(format!("{stamp}-{}.db", reason.code()));
        if !out.exists() {
            return out;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Whether the newest rolling backup is older than `interval` (or there is none).
pub fn due(ledger: &Path, interval: Duration) -> bool {
    let newest = rolling(ledger)
        .into_iter()
        .filter_map(|p| p.metadata().and_then(|m| m.modified()).ok())
        .max();
    match newest {
        None => true,
        Some(t) => SystemTime::now()
            .duration_since(t)
            .map(|age| age >= interval)
            .unwrap_or(true),
    }
}

/// The rolling backups of `ledger`, oldest first (their names sort by time).
fn rolling(ledger: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir_for(ledger)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(Reason::from_file_name)
                .is_some()
        })
        .collect();
    files.sort();
    files
}

/// Removes all but the newest `keep` rolling backups, with their attachments and heads.
fn prune(ledger: &Path, keep: u32) -> Result<()> {
    let files = rolling(ledger);
    let excess = files.len().saturating_sub(keep as usize);
    for old in &files[..excess] {
        std::fs::remove_file(old)?;
        let _ = std::fs::remove_file(audit::head_path(old));
        let attachments = super::attachments_dir_for(old);
        if attachments.is_dir() {
            std::fs::remove_dir_all(attachments)?;
        }
    }
    Ok(())
}

/// The rolling backups of `ledger`, newest first, each with what it holds.
pub fn list(ledger: &Path) -> Result<Vec<BackupInfo>> {
    let mut out: Vec<BackupInfo> = rolling(ledger).iter().filter_map(|p| inspect(p).ok()).collect();
    out.reverse();
    Ok(out)
}

/// What the ledger file `path` holds, read without changing it. Refuses a file that is not a
/// ledger, or one from a newer Zhibu.
pub fn inspect(path: &Path) -> Result<BackupInfo> {
    let not_a_ledger = || Error::Format(format!("{} 不是支部台账文件", path.display()));
    let conn = match super::crypto::open(path, OpenFlags::SQLITE_OPEN_READ_ONLY, false) {
        Ok(c) => c,
        Err(e @ Error::Locked(_)) => return Err(e),
        Err(_) => return Err(not_a_ledger()),
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|_| not_a_ledger())?;
    super::refuse_newer(version)?;
    let count = |sql: &str| {
        conn.query_row(sql, [], |r| r.get::<_, i64>(0))
            .map_err(|_| not_a_ledger())
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let reason = Reason::from_file_name(name);
    // 20261126-031500-opened.db → 2026-11-26 03:15:00
    let taken_at = chrono::NaiveDateTime::parse_from_str(name.get(..15).unwrap_or_default(), "%Y%m%d-%H%M%S")
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|_| {
            let modified = path.metadata().and_then(|m| m.modified()).ok();
            modified
                .map(|t| {
                    chrono::DateTime::<chrono::Local>::from(t)
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string()
                })
                .unwrap_or_default()
        });
    Ok(BackupInfo {
        path: path.display().to_string(),
        taken_at,
        reason,
        reason_label: reason.map(Reason::label).unwrap_or("手动备份").to_string(),
        bytes: path.metadata()?.len(),
        schema_version: version,
        branches: count("SELECT count(*) FROM branch")?,
        members: count("SELECT count(*) FROM member WHERE status = 'active'")?,
        activities: count("SELECT count(*) FROM activity")?,
        latest_activity: conn
            .query_row("SELECT max(date) FROM activity", [], |r| r.get(0))
            .map_err(|_| not_a_ledger())?,
    })
}

/// Puts the backup `from` back as the ledger at `ledger`: first a backup of the ledger as it is
/// (returned, so nothing is ever lost), then the backup's pages, attachments and audit head. The
/// ledger must not be open elsewhere in this process.
pub fn restore(ledger: &Path, from: &Path, progress: OnProgress) -> Result<PathBuf> {
    check_source(ledger, from)?;
    let info = inspect(from)?;
    let integrity: String = super::crypto::open(from, OpenFlags::SQLITE_OPEN_READ_ONLY, false)?.query_row(
        "PRAGMA integrity_check",
        [],
        |r| r.get(0),
    )?;
    if integrity != "ok" {
        return Err(Error::Format(format!(
            "备份 {} 已损坏，不能用来恢复：{integrity}",
            from.display()
        )));
    }
    // Held to the end: no other window or command writes while the file is replaced.
    let lock = super::writer_lock(ledger)?;
    // The ledger as it is, kept first. One that does not open (damaged, when a restore matters
    // most, or encrypted with a password not given) is kept as the file it is.
    let safety = match Ledger::open_without_backup(ledger) {
        Ok(current) => take(&current, Reason::BeforeRestore, progress)?,
        Err(e) => {
            tracing::warn!(kind = e.kind(), message = %e, "the ledger to restore over does not open; kept as a file");
            let dir = dir_for(ledger);
            std::fs::create_dir_all(&dir)?;
            let out = new_name(&dir, Reason::BeforeRestore);
            std::fs::copy(ledger, &out)?;
            super::owner_only_file(&out)?;
            out
        }
    };
    super::files::write_whole(ledger, |tmp| Ok(std::fs::copy(from, tmp).map(|_| ())?))?;
    super::owner_only_file(ledger)?;
    super::link_or_copy_dir(&super::attachments_dir_for(from), &super::attachments_dir_for(ledger))?;
    match audit::read_head(from)? {
        Some(head) => audit::write_head(ledger, &head)?,
        None => {
            let _ = std::fs::remove_file(audit::head_path(ledger));
        }
    }
    // Opening migrates a backup from an earlier version.
    drop(Ledger::open_without_backup(ledger)?);
    drop(lock);
    tracing::info!(schema = info.schema_version, "ledger restored from a backup");
    Ok(safety)
}

/// Refuses to restore the ledger from itself.
pub fn check_source(ledger: &Path, from: &Path) -> Result<()> {
    if super::same_file(ledger, from) {
        return Err(Error::invalid(format!(
            "{} 就是当前台账本身，不能用它来恢复",
            from.display()
        )));
    }
    Ok(())
}

/// Encrypts the ledger at `path` with `password` (or takes the encryption off with `None`), its
/// rolling backups with it, so that no copy stays readable without the password. The ledger must
/// be closed in this process; another window or command holding it is refused in words.
pub fn set_encryption(path: &Path, password: Option<&str>) -> Result<()> {
    let lock = super::writer_lock(path)?;
    // Opened once to prove the password and bring the file to this version, then closed.
    drop(Ledger::open_without_backup(path)?);
    super::crypto::rewrite(path, password)?;
    for copy in rolling(path) {
        if super::crypto::is_encrypted(&copy) != password.is_some() {
            super::crypto::rewrite(&copy, password)?;
        }
    }
    super::crypto::set_password(password.map(String::from));
    drop(lock);
    Ok(())
}
