//! An activity's attachments (sign-in scans, photos, courseware): copied into the ledger's folder,
//! never linked to where they came from, so the ledger stays whole when the originals move.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::kernel::text::non_empty;
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub file_name: String,
    pub size: i64,
    pub path: PathBuf,
}

pub fn attachments(conn: &Connection, attachments_dir: &Path, activity_id: i64) -> Result<Vec<Attachment>> {
    let mut st = conn
        .prepare_cached("SELECT id, file_name, size, stored_name FROM attachment WHERE activity_id = ?1 ORDER BY id")?;
    let rows = st.query_map([activity_id], |r| {
        Ok(Attachment {
            id: r.get(0)?,
            file_name: r.get(1)?,
            size: r.get(2)?,
            path: attachments_dir.join(r.get::<_, String>(3)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Copies `source` into the ledger's attachment folder (`<activity id>/<file name>`), never linking
/// to the original: the ledger must stay whole when the original is moved or deleted.
pub fn add_attachment(tx: &Tx, activity_id: i64, source: &Path) -> Result<Attachment> {
    let exists: bool = tx.query_row("SELECT count(*) > 0 FROM activity WHERE id = ?1", [activity_id], |r| {
        r.get(0)
    })?;
    if !exists {
        return Err(Error::NotFound {
            what: "活动",
            key: activity_id.to_string(),
        });
    }
    if !source.is_file() {
        return Err(Error::NotFound {
            what: "附件文件",
            key: source.display().to_string(),
        });
    }
    let file_name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .and_then(|n| non_empty(&n))
        .ok_or_else(|| Error::invalid(format!("附件：无法识别文件名“{}”", source.display())))?;
    let dir = tx.attachments_dir().join(activity_id.to_string());
    let (stem, ext) = match file_name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s.to_string(), format!(".{e}")),
        _ => (file_name.clone(), String::new()),
    };
    // A name neither on disk nor claimed by a row (a copy staged in this transaction has a row).
    let taken = |stored: &str| -> Result<bool> {
        let in_ledger: bool = tx.query_row(
            "SELECT count(*) > 0 FROM attachment WHERE stored_name = ?1",
            [format!("{activity_id}/{stored}")],
            |r| r.get(0),
        )?;
        Ok(in_ledger || dir.join(stored).exists())
    };
    let mut stored = file_name.clone();
    let mut n = 2;
    while taken(&stored)? {
        stored = format!("{stem}({n}){ext}");
        n += 1;
    }
    let target = dir.join(&stored);
    let size = tx.copy_in(source, &target)? as i64;
    tx.execute(
        "INSERT INTO attachment (activity_id, file_name, stored_name, size) VALUES (?1, ?2, ?3, ?4)",
        params![activity_id, file_name, format!("{activity_id}/{stored}"), size],
    )?;
    Ok(Attachment {
        id: tx.last_insert_rowid(),
        file_name,
        size,
        path: target,
    })
}

pub fn remove_attachment(tx: &Tx, id: i64) -> Result<()> {
    let stored: String = tx
        .query_row("SELECT stored_name FROM attachment WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            what: "附件",
            key: id.to_string(),
        })?;
    tx.execute("DELETE FROM attachment WHERE id = ?1", [id])?;
    tx.remove_after_commit(&tx.attachments_dir().join(stored));
    Ok(())
}
