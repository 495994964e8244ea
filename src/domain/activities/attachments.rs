//! An activity's attachments (sign-in scans, photos, courseware): copied into the ledger's folder,
//! never linked to where they came from, so the ledger stays whole when the originals move.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

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
/// to the original: the ledger must stay whole when the original is moved or deleted. `body` is the
/// text inside the file, for search.
pub fn add_attachment(tx: &Tx, activity_id: i64, source: &Path, body: Option<&str>) -> Result<Attachment> {
    let exists: bool = tx.query_row("SELECT count(*) > 0 FROM activity WHERE id = ?1", [activity_id], |r| {
        r.get(0)
    })?;
    if !exists {
        return Err(Error::NotFound {
            what: "活动",
            key: activity_id.to_string(),
        });
    }
    let claimed = |stored: &str| -> Result<bool> {
        Ok(tx.query_row(
            "SELECT count(*) > 0 FROM attachment WHERE stored_name = ?1",
            [stored],
            |r| r.get(0),
        )?)
    };
    let (file_name, stored, size) = tx.store_file("附件文件", source, &activity_id.to_string(), &claimed)?;
    let size = size as i64;
    tx.execute(
        "INSERT INTO attachment (activity_id, file_name, stored_name, size, body) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![activity_id, file_name, stored, size, body],
    )?;
    Ok(Attachment {
        id: tx.last_insert_rowid(),
        file_name,
        size,
        path: tx.attachments_dir().join(stored),
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
