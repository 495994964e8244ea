//! 佐证材料 (`zhibu export evidence`): the year's materials as a folder a 考核 committee can browse —
//! one subfolder per month (each activity's attachments, the month's resources, the attachments of
//! its announcements) and one per extension module — with readable names (“2026-03-10 主题党日
//! 签到表.jpg”) and an index workbook linking every file to its record. Written beside the target
//! and renamed into place at the end, so a stopped export leaves no half-written folder under that
//! name; an existing non-empty folder is never written into.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::Workbook;
use serde::Serialize;

use super::sheet::{t, Formats, Sheet, V};
use crate::domain::garden::{self, Filter};
use crate::domain::{activities, org};
use crate::kernel::dates;
use crate::kernel::progress::{OnProgress, Progress};
use crate::{Error, Result};

pub const INDEX: &str = "佐证材料索引.xlsx";

#[derive(Debug, Serialize)]
pub struct EvidenceReport {
    pub dir: String,
    pub files: usize,
    pub links: usize,
    /// Files the ledger lists but its folder no longer holds.
    pub missing: Vec<String>,
}

/// One material: where it goes, what it belongs to.
struct Item {
    folder: String,
    date: NaiveDate,
    record: String,
    title: String,
    kind: &'static str,
    /// The ledger's copy, or None for a link.
    source: Option<PathBuf>,
    original: Option<String>,
    link: Option<String>,
    /// The readable name without extension.
    name: String,
}

/// A name Windows, macOS and Linux all accept: no reserved characters, no trailing dots or spaces,
/// not too long.
fn safe(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .take(80)
        .collect();
    let trimmed = cleaned.trim().trim_end_matches(['.', ' ']).to_string();
    if trimmed.is_empty() {
        "未命名".to_string()
    } else {
        trimmed
    }
}

fn stem_and_ext(file_name: &str) -> (String, String) {
    match file_name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() && !e.is_empty() && e.len() <= 8 => (s.to_string(), format!(".{e}")),
        _ => (file_name.to_string(), String::new()),
    }
}

/// Writes the folder `out` from the ledger read through `conn`, whose copies are in `dir`.
pub fn write(
    conn: &rusqlite::Connection,
    dir: &Path,
    branch_id: i64,
    year: i32,
    out: &Path,
    progress: OnProgress,
) -> Result<EvidenceReport> {
    if out.exists() && std::fs::read_dir(out).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Error::Conflict(format!(
            "{} 已存在且不为空：为防止覆盖，请选择一个新的文件夹",
            out.display()
        )));
    }
    let (start, end) = dates::year_bounds(year)?;
    let branch = org::get(conn, branch_id)?.name;
    let month_folder = |d: NaiveDate| format!("{:02}月", d.month());
    let mut items = Vec::new();
    for a in activities::list(conn, Some(branch_id), start, end)? {
        let kinds: Vec<&str> = a.kinds.iter().map(|k| k.label()).collect();
        for att in activities::attachments(conn, dir, a.id)? {
            let (stem, _) = stem_and_ext(&att.file_name);
            items.push(Item {
                folder: month_folder(a.date),
                date: a.date,
                record: format!("{} {}", a.date, a.title),
                title: att.file_name.clone(),
                kind: "活动附件",
                source: Some(att.path.clone()),
                original: Some(att.file_name.clone()),
                link: None,
                name: format!("{} {} {stem}", a.date, kinds.join("、")),
            });
        }
    }
    let announcements = garden::announcements(conn, branch_id, start, end)?;
    for r in garden::resources(conn, dir, branch_id, start, end, Filter::default())? {
        let module = r.module.clone();
        let record = if let Some(aid) = r.activity_id {
            let a = activities::get(conn, dir, aid)?;
            format!("{} {}", a.date, a.title)
        } else if let Some(n) = r
            .announcement_id
            .and_then(|id| announcements.iter().find(|a| a.id == id))
        {
            format!("通知：{}", n.title)
        } else {
            module.clone().map_or("当月模块".to_string(), |m| format!("模块：{m}"))
        };
        let folder = match &module {
            Some(m) => format!("扩展模块/{}", safe(m)),
            None => month_folder(r.date),
        };
        let prefix = if r.announcement_id.is_some() { "通知 " } else { "" };
        items.push(Item {
            folder,
            date: r.date,
            record,
            title: r.title.clone(),
            kind: r.kind.label(),
            source: r.path.clone(),
            original: r.file_name.clone(),
            link: r.link.clone(),
            name: format!("{} {prefix}{}", r.date, r.title),
        });
    }
    items.sort_by(|a, b| {
        a.folder
            .cmp(&b.folder)
            .then(a.date.cmp(&b.date))
            .then(a.name.cmp(&b.name))
    });

    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut staging = out.as_os_str().to_owned();
    staging.push(".part");
    let staging = PathBuf::from(staging);
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    let result = fill(&staging, &branch, year, &items, progress);
    match result {
        Ok((files, links, missing)) => {
            if out.exists() {
                std::fs::remove_dir(out)?;
            }
            std::fs::rename(&staging, out)?;
            Ok(EvidenceReport {
                dir: out.display().to_string(),
                files,
                links,
                missing,
            })
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(e)
        }
    }
}

fn fill(
    root: &Path,
    branch: &str,
    year: i32,
    items: &[Item],
    progress: OnProgress,
) -> Result<(usize, usize, Vec<String>)> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let headers = [
        ("序号", 6.0),
        ("位置", 16.0),
        ("日期", 12.0),
        ("所属记录", 34.0),
        ("资料", 30.0),
        ("类型", 9.0),
        ("文件或链接", 44.0),
        ("原文件名", 24.0),
    ];
    let mut sh = Sheet::new(
        &mut wb,
        &f,
        "佐证材料索引",
        &format!("{branch} {year} 年佐证材料索引"),
        &headers,
        true,
    )?
    .wrap(&[3, 4, 6, 7]);
    let mut used: HashSet<String> = HashSet::new();
    let (mut files, mut links, mut missing) = (0, 0, Vec::new());
    let total = items.len() as u32;
    for (i, it) in items.iter().enumerate() {
        if (i as u32).is_multiple_of((total / 100).max(1)) {
            progress(Progress {
                done: i as u32,
                total,
                stage: it.folder.clone(),
            });
        }
        let target = match (&it.source, &it.link) {
            (Some(src), _) => {
                let (_, ext) = stem_and_ext(it.original.as_deref().unwrap_or(""));
                let base = safe(&it.name);
                let mut name = format!("{base}{ext}");
                let mut n = 2;
                while used.contains(&format!("{}/{name}", it.folder)) {
                    name = format!("{base}({n}){ext}");
                    n += 1;
                }
                let rel = format!("{}/{name}", it.folder);
                used.insert(rel.clone());
                if !src.is_file() {
                    missing.push(format!("{} {}", it.date, it.title));
                    V::T(format!("（文件缺失）{rel}"))
                } else {
                    let dest = root.join(&rel);
                    if let Some(d) = dest.parent() {
                        std::fs::create_dir_all(d)?;
                    }
                    std::fs::copy(src, &dest)?;
                    files += 1;
                    V::Link(format!("file:///{rel}"), rel)
                }
            }
            (None, Some(link)) => {
                links += 1;
                V::Link(link.clone(), link.clone())
            }
            (None, None) => V::Empty,
        };
        sh.row(vec![
            V::N((i + 1) as f64),
            t(it.folder.replace('/', "·")),
            V::D(it.date),
            t(it.record.clone()),
            t(it.title.clone()),
            V::C(it.kind.to_string()),
            target,
            it.original.clone().map(V::T).unwrap_or(V::Empty),
        ])?;
    }
    sh.finish()?;
    progress(Progress {
        done: total,
        total,
        stage: "保存索引".into(),
    });
    super::save_file(&mut wb, &root.join(INDEX))?;
    Ok((files, links, missing))
}
