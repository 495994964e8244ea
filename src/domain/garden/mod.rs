//! The 数字党建园地 kept offline: the year as twelve monthly modules (each month's activities, tasks,
//! materials, announcements and polls) and the extension modules as topic collections (a list the
//! secretary keeps; 党建基础知识, 先锋模范, 科技发展, 动态追踪 by default). A resource is a file copied
//! into the ledger's folder or a link, in the base module of its date's month or in an extension
//! module, attached to an activity or a task where it belongs.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::kernel::labels::ResourceKind;
use crate::kernel::text::{
    bounded_text, non_empty, optional_bounded_text, required_date, LINK_MAX, TEXT_MAX, TITLE_MAX,
};
use crate::store::Tx;
use crate::{Error, Result};

#[derive(Debug, Clone, Serialize)]
pub struct Module {
    pub id: i64,
    pub name: String,
    pub position: i64,
    pub resources: i64,
}

/// The extension modules in their order, with how many resources each holds.
pub fn modules(conn: &Connection) -> Result<Vec<Module>> {
    let mut st = conn.prepare_cached(
        "SELECT g.id, g.name, g.position, (SELECT count(*) FROM resource r WHERE r.module_id = g.id)
         FROM garden_module g ORDER BY g.position, g.id",
    )?;
    let rows = st.query_map([], |r| {
        Ok(Module {
            id: r.get(0)?,
            name: r.get(1)?,
            position: r.get(2)?,
            resources: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A module by name (None for a blank name: the month's base module).
pub fn module_by_name(conn: &Connection, name: &str) -> Result<Option<i64>> {
    let Some(name) = non_empty(name) else {
        return Ok(None);
    };
    conn.query_row("SELECT id FROM garden_module WHERE name = ?1", [&name], |r| r.get(0))
        .optional()?
        .map(Some)
        .ok_or_else(|| {
            let known: Vec<String> = modules(conn)
                .map(|m| m.into_iter().map(|m| m.name).collect())
                .unwrap_or_default();
            Error::invalid(format!(
                "模块：没有“{name}”，应为 {} 之一，或留空表示当月模块",
                known.join("、")
            ))
        })
}

pub fn add_module(tx: &Tx, name: &str) -> Result<Module> {
    let name = bounded_text("模块名称", name, 40)?;
    let exists: bool = tx.query_row("SELECT count(*) > 0 FROM garden_module WHERE name = ?1", [&name], |r| {
        r.get(0)
    })?;
    if exists {
        return Err(Error::Conflict(format!("模块“{name}”已存在")));
    }
    tx.execute(
        "INSERT INTO garden_module (name, position) VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM garden_module))",
        [&name],
    )?;
    let id = tx.last_insert_rowid();
    modules(tx)?.into_iter().find(|m| m.id == id).ok_or(Error::NotFound {
        what: "模块",
        key: name,
    })
}

/// Removes an empty module; one holding resources is refused, naming how many.
pub fn remove_module(tx: &Tx, name: &str) -> Result<()> {
    let id = module_by_name(tx, name)?.ok_or_else(|| Error::invalid("模块名称不能为空"))?;
    let held: i64 = tx.query_row("SELECT count(*) FROM resource WHERE module_id = ?1", [id], |r| r.get(0))?;
    if held > 0 {
        return Err(Error::Conflict(format!(
            "模块“{}”中还有 {held} 份资料，请先移到其他模块或删除",
            name.trim()
        )));
    }
    tx.execute("DELETE FROM garden_module WHERE id = ?1", [id])?;
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Resource {
    pub id: i64,
    pub title: String,
    pub kind: ResourceKind,
    pub module_id: Option<i64>,
    pub module: Option<String>,
    pub date: NaiveDate,
    pub source: Option<String>,
    pub summary: Option<String>,
    pub tags: Vec<String>,
    pub link: Option<String>,
    pub file_name: Option<String>,
    pub size: Option<i64>,
    /// Where the copy is, when there is a file.
    pub path: Option<PathBuf>,
    pub activity_id: Option<i64>,
    pub task_id: Option<i64>,
    pub announcement_id: Option<i64>,
    /// Whether the text inside the file is searchable.
    pub has_text: bool,
}

/// What a form, the CLI or an import gives for a resource.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ResourceInput {
    pub title: String,
    pub kind: Option<String>,
    /// An extension module's name; empty for the month's module.
    pub module: Option<String>,
    pub date: String,
    pub source: Option<String>,
    pub summary: Option<String>,
    /// Tags joined by 、，, or spaces.
    pub tags: Option<String>,
    pub link: Option<String>,
    /// A file to copy into the ledger.
    pub file: Option<PathBuf>,
    pub activity_id: Option<i64>,
    pub task_id: Option<i64>,
    pub announcement_id: Option<i64>,
}

fn tags_of(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；', ' ', '　'])
        .filter_map(non_empty)
        .collect()
}

/// The kind a file's extension suggests when none is given.
fn kind_for(file: Option<&Path>, link: Option<&str>) -> ResourceKind {
    let ext = file
        .and_then(|f| f.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("mp4" | "mov" | "avi" | "wmv" | "mkv" | "flv") => ResourceKind::Video,
        Some("jpg" | "jpeg" | "png" | "gif" | "bmp" | "webp" | "heic") => ResourceKind::Image,
        Some(_) => ResourceKind::Document,
        None if link.is_some() => ResourceKind::Link,
        None => ResourceKind::Article,
    }
}

/// Adds a resource: a copy of its file (never a link to where it came from) or its link. `body`
/// is the text inside the file, for search (see `io::extract`). A resource with the same title,
/// date and file name or link as one already held is the same one: nothing changes.
pub fn add_resource(tx: &Tx, branch_id: i64, input: &ResourceInput, body: Option<&str>) -> Result<(i64, bool)> {
    let title = bounded_text("标题", &input.title, TITLE_MAX)?;
    let date = required_date("日期", Some(&input.date))?;
    let link = optional_bounded_text("链接", input.link.as_deref(), LINK_MAX)?;
    if let Some(l) = &link {
        if !(l.starts_with("http://") || l.starts_with("https://")) {
            return Err(Error::invalid(format!("链接：“{l}”应以 http:// 或 https:// 开头")));
        }
    }
    let file = input.file.as_deref();
    if file.is_none() && link.is_none() {
        return Err(Error::invalid(format!("“{title}”：请选择文件或填写链接")));
    }
    let kind = match input.kind.as_deref().and_then(non_empty) {
        Some(k) => ResourceKind::parse(&k)
            .ok_or_else(|| Error::invalid(format!("类型：无法识别“{k}”，应为 文章、视频、文档、图片 或 链接")))?,
        None => kind_for(file, link.as_deref()),
    };
    let module_id = module_by_name(tx, input.module.as_deref().unwrap_or(""))?;
    let source = optional_bounded_text("来源", input.source.as_deref(), TITLE_MAX)?;
    let summary = optional_bounded_text("摘要", input.summary.as_deref(), TEXT_MAX)?;
    let tags = input.tags.as_deref().map(tags_of).unwrap_or_default();
    for (what, id, table) in [
        ("活动", input.activity_id, "activity"),
        ("学习任务", input.task_id, "study_task"),
        ("通知", input.announcement_id, "announcement"),
    ] {
        if let Some(id) = id {
            let ok: bool = tx.query_row(
                &format!("SELECT count(*) > 0 FROM {table} WHERE id = ?1 AND branch_id = ?2"),
                params![id, branch_id],
                |r| r.get(0),
            )?;
            if !ok {
                return Err(Error::NotFound {
                    what,
                    key: id.to_string(),
                });
            }
        }
    }
    let file_name = file
        .and_then(|f| f.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let same: Option<i64> = tx
        .query_row(
            "SELECT id FROM resource WHERE branch_id = ?1 AND title = ?2 AND date = ?3
               AND file_name IS ?4 AND link IS ?5",
            params![branch_id, title, date, file_name, link],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = same {
        return Ok((id, false));
    }
    let stored = match file {
        Some(f) => {
            let claimed = |s: &str| -> Result<bool> {
                Ok(
                    tx.query_row("SELECT count(*) > 0 FROM resource WHERE stored_name = ?1", [s], |r| {
                        r.get(0)
                    })?,
                )
            };
            Some(tx.store_file("资料文件", f, &format!("园地/{}", date.format("%Y-%m")), &claimed)?)
        }
        None => None,
    };
    tx.execute(
        "INSERT INTO resource (branch_id, title, kind, module_id, date, source, summary, tags, link, file_name,
                               stored_name, size, body, activity_id, task_id, announcement_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            branch_id,
            title,
            kind,
            module_id,
            date,
            source,
            summary,
            (!tags.is_empty()).then(|| tags.join("、")),
            link,
            stored.as_ref().map(|s| &s.0),
            stored.as_ref().map(|s| &s.1),
            stored.as_ref().map(|s| s.2 as i64),
            body,
            input.activity_id,
            input.task_id,
            input.announcement_id,
        ],
    )?;
    Ok((tx.last_insert_rowid(), true))
}

/// Which resources to list.
#[derive(Debug, Clone, Copy, Default)]
pub struct Filter {
    pub module_id: Option<i64>,
    pub activity_id: Option<i64>,
    pub task_id: Option<i64>,
    pub announcement_id: Option<i64>,
}

/// The branch's resources dated `from..=to`, oldest first.
pub fn resources(
    conn: &Connection,
    attachments_dir: &Path,
    branch_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    f: Filter,
) -> Result<Vec<Resource>> {
    let mut st = conn.prepare_cached(
        "SELECT r.id, r.title, r.kind, r.module_id, g.name, r.date, r.source, r.summary, r.tags, r.link, r.file_name,
                r.size, r.stored_name, r.activity_id, r.task_id, r.announcement_id, r.body IS NOT NULL
         FROM resource r LEFT JOIN garden_module g ON g.id = r.module_id
         WHERE r.branch_id = ?1 AND r.date BETWEEN ?2 AND ?3
           AND (?4 IS NULL OR r.module_id = ?4) AND (?5 IS NULL OR r.activity_id = ?5)
           AND (?6 IS NULL OR r.task_id = ?6) AND (?7 IS NULL OR r.announcement_id = ?7)
         ORDER BY r.date, r.id",
    )?;
    let rows = st.query_map(
        params![
            branch_id,
            from,
            to,
            f.module_id,
            f.activity_id,
            f.task_id,
            f.announcement_id
        ],
        |r| {
            let tags: Option<String> = r.get(8)?;
            let stored: Option<String> = r.get(12)?;
            Ok(Resource {
                id: r.get(0)?,
                title: r.get(1)?,
                kind: r.get(2)?,
                module_id: r.get(3)?,
                module: r.get(4)?,
                date: r.get(5)?,
                source: r.get(6)?,
                summary: r.get(7)?,
                tags: tags.as_deref().map(tags_of).unwrap_or_default(),
                link: r.get(9)?,
                file_name: r.get(10)?,
                size: r.get(11)?,
                path: stored.map(|s| attachments_dir.join(s)),
                activity_id: r.get(13)?,
                task_id: r.get(14)?,
                announcement_id: r.get(15)?,
                has_text: r.get(16)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What opening a resource opens: its copy in the ledger's folder, else its link.
#[derive(Debug, Clone, PartialEq)]
pub enum Opens {
    File(PathBuf),
    Link(String),
}

/// The copy or link of a resource of the branch (never a path from elsewhere).
pub fn opens(conn: &Connection, attachments_dir: &Path, branch_id: i64, id: i64) -> Result<Opens> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT stored_name, link FROM resource WHERE id = ?1 AND branch_id = ?2",
            params![id, branch_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        Some((Some(stored), _)) => {
            let path = attachments_dir.join(stored);
            if path.is_file() {
                Ok(Opens::File(path))
            } else {
                Err(Error::NotFound {
                    what: "资料文件",
                    key: path.display().to_string(),
                })
            }
        }
        Some((None, Some(link))) => Ok(Opens::Link(link)),
        _ => Err(Error::NotFound {
            what: "资料",
            key: id.to_string(),
        }),
    }
}

/// Deletes a resource; its copy goes once the deletion has committed.
pub fn remove_resource(tx: &Tx, branch_id: i64, id: i64) -> Result<()> {
    let stored: Option<Option<String>> = tx
        .query_row(
            "SELECT stored_name FROM resource WHERE id = ?1 AND branch_id = ?2",
            params![id, branch_id],
            |r| r.get(0),
        )
        .optional()?;
    let stored = stored.ok_or(Error::NotFound {
        what: "资料",
        key: id.to_string(),
    })?;
    tx.execute("DELETE FROM resource WHERE id = ?1", [id])?;
    if let Some(s) = stored {
        tx.remove_after_commit(&tx.attachments_dir().join(s));
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Announcement {
    pub id: i64,
    pub date: NaiveDate,
    pub title: String,
    pub body: Option<String>,
    pub attachments: i64,
}

/// Posts an announcement with its attachments (each a file and the text inside it, for search);
/// the same title on the same day is the same one, and its attachments are not added again.
pub fn announce(
    tx: &Tx,
    branch_id: i64,
    date: &str,
    title: &str,
    body: Option<&str>,
    files: &[(PathBuf, Option<String>)],
) -> Result<(i64, bool)> {
    let date = required_date("日期", Some(date))?;
    let title = bounded_text("标题", title, TITLE_MAX)?;
    let body = optional_bounded_text("正文", body, TEXT_MAX)?;
    let same: Option<i64> = tx
        .query_row(
            "SELECT id FROM announcement WHERE branch_id = ?1 AND date = ?2 AND title = ?3",
            params![branch_id, date, title],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = same {
        return Ok((id, false));
    }
    tx.execute(
        "INSERT INTO announcement (branch_id, date, title, body) VALUES (?1, ?2, ?3, ?4)",
        params![branch_id, date, title, body],
    )?;
    let id = tx.last_insert_rowid();
    for (file, text) in files {
        let input = ResourceInput {
            title: file
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| title.clone()),
            date: date.to_string(),
            file: Some(file.clone()),
            announcement_id: Some(id),
            ..Default::default()
        };
        add_resource(tx, branch_id, &input, text.as_deref())?;
    }
    Ok((id, true))
}

pub fn announcements(conn: &Connection, branch_id: i64, from: NaiveDate, to: NaiveDate) -> Result<Vec<Announcement>> {
    let mut st = conn.prepare_cached(
        "SELECT a.id, a.date, a.title, a.body, (SELECT count(*) FROM resource r WHERE r.announcement_id = a.id)
         FROM announcement a WHERE a.branch_id = ?1 AND a.date BETWEEN ?2 AND ?3 ORDER BY a.date, a.id",
    )?;
    let rows = st.query_map(params![branch_id, from, to], |r| {
        Ok(Announcement {
            id: r.get(0)?,
            date: r.get(1)?,
            title: r.get(2)?,
            body: r.get(3)?,
            attachments: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn remove_announcement(tx: &Tx, branch_id: i64, id: i64) -> Result<()> {
    let files: Vec<String> = {
        let mut st =
            tx.prepare("SELECT stored_name FROM resource WHERE announcement_id = ?1 AND stored_name IS NOT NULL")?;
        let rows = st.query_map([id], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let n = tx.execute(
        "DELETE FROM announcement WHERE id = ?1 AND branch_id = ?2",
        params![id, branch_id],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            what: "通知",
            key: id.to_string(),
        });
    }
    for f in files {
        tx.remove_after_commit(&tx.attachments_dir().join(f));
    }
    Ok(())
}
