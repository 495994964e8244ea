//! Encryption at rest (SQLCipher, built with its own crypto so nothing outside the package
//! registries is needed). A ledger is encrypted or not as a whole; its backups are copies of it and
//! so are encrypted with it. The password lives only in this process's memory, set once it is
//! given ([`set_password`]), and every connection the store opens goes through [`open`].

use std::path::Path;
use std::sync::RwLock;

use rusqlite::{Connection, OpenFlags};

use crate::{Error, Result};

/// The open ledger's password, when it is encrypted.
static PASSWORD: RwLock<Option<String>> = RwLock::new(None);

/// Shortest password accepted when encrypting.
pub const MIN_PASSWORD: usize = 6;

/// Gives the store the password of the encrypted ledger(s) this process works on.
pub fn set_password(password: Option<String>) {
    if let Ok(mut p) = PASSWORD.write() {
        *p = password;
    }
}

fn password() -> Option<String> {
    PASSWORD.read().ok().and_then(|p| p.clone())
}

/// Whether the file at `path` is an encrypted ledger: made of whole pages (a text is not) that
/// SQLite cannot read without a key. Asked through SQLite, never by opening the file beside it: a
/// second handle's close drops the process's POSIX locks on the file, SQLite's included, and
/// another process could then checkpoint and delete the WAL under an open connection.
pub fn is_encrypted(path: &Path) -> bool {
    let whole_pages = path
        .metadata()
        .map(|m| m.len() >= 1024 && m.len() % 512 == 0)
        .unwrap_or(false);
    whole_pages
        && Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map(|c| {
                // The header's user version: read from page 1 without parsing the schema.
                let probe = c.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
                matches!(
                    probe.err().and_then(|e| e.sqlite_error_code()),
                    Some(rusqlite::ErrorCode::NotADatabase)
                )
            })
            .unwrap_or(false)
}

/// Opens `path` with `flags`, keyed when the file is encrypted (or `encrypt_new` asks a new file to
/// be), and proves the key by reading the schema: a missing or wrong password is said in words.
pub fn open(path: &Path, flags: OpenFlags, encrypt_new: bool) -> Result<Connection> {
    let encrypted = is_encrypted(path);
    let conn = Connection::open_with_flags(path, flags)?;
    if encrypted || encrypt_new {
        let Some(password) = password() else {
            return Err(Error::Locked(format!("台账 {} 已加密：请输入密码", path.display())));
        };
        conn.pragma_update(None, "key", &password)?;
        // SQLCipher's own log (on from its first key) would print English on the secretary's
        // terminal; a wrong password is said below, in words.
        conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
            .or_else(ignore_no_rows)?;
    }
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0)) {
        return Err(match (encrypted, e.sqlite_error_code()) {
            (true, _) => Error::Locked(format!("台账 {} 的密码不正确", path.display())),
            (false, Some(rusqlite::ErrorCode::NotADatabase)) => {
                Error::Format(format!("{} 不是支部台账文件", path.display()))
            }
            _ => e.into(),
        });
    }
    Ok(conn)
}

fn ignore_no_rows(e: rusqlite::Error) -> rusqlite::Result<()> {
    match e {
        rusqlite::Error::QueryReturnedNoRows => Ok(()),
        e => Err(e),
    }
}

/// Writes the ledger at `path` anew, encrypted with `new` (or in the clear when `None`), replacing
/// the file; `path` must be closed everywhere. SQLCipher's own export copies every table, index,
/// trigger and the schema version.
pub(super) fn rewrite(path: &Path, new: Option<&str>) -> Result<()> {
    let tmp = {
        let mut name = path.as_os_str().to_owned();
        name.push(".rekey");
        std::path::PathBuf::from(name)
    };
    let _ = std::fs::remove_file(&tmp);
    {
        // CREATE: the attached copy is a new file, made with the main file's flags.
        let conn = open(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
            false,
        )?;
        // The WAL folded in first: the rewritten file replaces the main file alone.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            rusqlite::params![tmp.to_string_lossy(), new.unwrap_or("")],
        )?;
        conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
        conn.pragma_update(Some("rekeyed"), "user_version", version)?;
        conn.execute("DETACH DATABASE rekeyed", [])?;
        conn.pragma_update(None, "journal_mode", "DELETE")?;
    }
    super::owner_only_file(&tmp)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

/// Checks a new password: long enough, typed the same twice.
pub fn check_new_password(password: &str, again: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(Error::invalid(format!("密码至少 {MIN_PASSWORD} 个字符")));
    }
    if password != again {
        return Err(Error::invalid("两次输入的密码不一致"));
    }
    Ok(())
}
