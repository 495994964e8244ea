//! 园地资料: rows of a list (标题, 类型, 模块, 日期, 来源, 链接, 摘要, 标签, 文件) — a 文件 is a path
//! relative to the list's folder and is copied into the ledger — and whole folders of files.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{required, ImportReport, Row, RowCheck};
use crate::domain::garden::{self, ResourceInput};
use crate::io::extract;
use crate::kernel::action::Action;
use crate::kernel::dates;
use crate::store::Ledger;
use crate::Result;

pub(crate) fn resource_row(at: Row, report: &mut ImportReport) -> Result<Option<(Action, String)>> {
    let Row {
        tx,
        branch_id,
        cols,
        row,
        cells,
        dir,
        ..
    } = at;
    let mut chk = RowCheck::new(row, &mut report.errors);
    let date = required(&mut chk, cols, cells, "日期");
    let title = cols.text(cells, "标题");
    if title.is_none() {
        chk.fail("标题", "", "标题不能为空");
    }
    let file = cols.text(cells, "文件").map(|f| dir.join(f.trim()));
    if let Some(f) = file.as_ref().filter(|f| !f.is_file()) {
        chk.fail(
            "文件",
            &f.display().to_string(),
            "找不到这个文件（路径相对于本表格所在的文件夹）",
        );
    }
    let (Some(date), Some(title)) = (date, title) else {
        return Ok(None);
    };
    if chk.failed {
        return Ok(None);
    }
    let body = file.as_deref().and_then(extract::text_of);
    let input = ResourceInput {
        title: title.clone(),
        kind: cols.text(cells, "类型"),
        module: cols.text(cells, "模块"),
        date: date.to_string(),
        source: cols.text(cells, "来源"),
        summary: cols.text(cells, "摘要"),
        tags: cols.text(cells, "标签"),
        link: cols.text(cells, "链接"),
        file,
        ..Default::default()
    };
    let (_, created) = garden::add_resource(tx, branch_id, &input, body.as_deref())?;
    let action = if created { Action::Create } else { Action::Unchanged };
    Ok(Some((action, format!("{date} {title}"))))
}

/// What a folder import did.
#[derive(Debug, serde::Serialize)]
pub struct FolderReport {
    pub created: usize,
    pub unchanged: usize,
    pub searchable: usize,
    pub files: Vec<String>,
}

/// Files in a folder (not its subfolders, nor hidden files, nor the ledger's own files), in name
/// order.
fn files_in(dir: &Path, ledger: &Path) -> Result<Vec<PathBuf>> {
    let own = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ledger_name = ledger
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        name.starts_with('.') || (name.starts_with(&ledger_name) && p.parent() == ledger.parent())
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !own(p))
        .collect();
    files.sort();
    Ok(files)
}

/// A date at the start of a file name (“2026-03-10 签到表.jpg”, “20260310_合影.png”) and the rest
/// of the name, which becomes the title.
fn date_in_name(stem: &str) -> Option<(NaiveDate, String)> {
    let head: String = stem
        .chars()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '-' | '.' | '_'))
        .collect();
    let date = dates::parse_date(head.trim_end_matches(['-', '.', '_']))?;
    let rest = stem[head.len()..].trim_start_matches([' ', '_', '-', '　']).to_string();
    Some((date, if rest.is_empty() { stem.to_string() } else { rest }))
}

/// Imports every file of `dir` as a resource, all or nothing: titled by its name without the
/// extension, dated by a date at the start of its name, else `date`, else the day it was last
/// changed; in `module` (empty: the month's module).
pub fn import_folder(
    ledger: &mut Ledger,
    branch_id: i64,
    dir: &Path,
    date: Option<NaiveDate>,
    module: Option<&str>,
) -> Result<FolderReport> {
    if !dir.is_dir() {
        return Err(crate::Error::NotFound {
            what: "文件夹",
            key: dir.display().to_string(),
        });
    }
    let files = files_in(dir, ledger.path())?;
    if files.is_empty() {
        return Err(crate::Error::invalid(format!("文件夹 {} 中没有文件", dir.display())));
    }
    // Read outside the transaction: extraction can take a moment per file.
    let mut prepared = Vec::new();
    for f in files {
        let stem = f
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (named_day, stem) = match date_in_name(&stem) {
            Some((d, rest)) => (Some(d), rest),
            None => (None, stem),
        };
        let day = named_day.or(date).unwrap_or_else(|| {
            let modified = std::fs::metadata(&f).and_then(|m| m.modified()).ok();
            modified
                .map(|t| chrono::DateTime::<chrono::Local>::from(t).date_naive())
                .unwrap_or_else(|| chrono::Local::now().date_naive())
        });
        prepared.push((f.clone(), stem, day, extract::text_of(&f)));
    }
    ledger.write(|tx| {
        let mut report = FolderReport {
            created: 0,
            unchanged: 0,
            searchable: 0,
            files: Vec::new(),
        };
        for (file, title, day, body) in &prepared {
            let input = ResourceInput {
                title: title.clone(),
                module: module.map(String::from),
                date: day.to_string(),
                file: Some(file.clone()),
                ..Default::default()
            };
            let (_, created) = garden::add_resource(tx, branch_id, &input, body.as_deref())?;
            if created {
                report.created += 1;
            } else {
                report.unchanged += 1;
            }
            if body.is_some() {
                report.searchable += 1;
            }
            report.files.push(format!("{day} {title}"));
        }
        Ok(report)
    })
}
