//! The audit log as a workbook (`zhibu audit export`, 设置 → 审计日志 → 导出): every entry, oldest
//! first, with personal data masked as logged.

use std::path::Path;

use rusqlite::Connection;
use rust_xlsxwriter::Workbook;

use super::sheet::{t, Formats, Sheet, V};
use super::{save, WorkbookReport};
use crate::kernel::progress::{OnProgress, Progress};
use crate::store::audit;
use crate::Result;

pub const SHEET: &str = "审计日志";

/// Entries read and written at a time.
const PAGE: i64 = 5_000;

pub fn workbook(conn: &Connection, out: &Path, progress: OnProgress) -> Result<WorkbookReport> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let total = audit::count(conn)?;
    let mut sh = Sheet::new(
        &mut wb,
        &f,
        SHEET,
        &format!(
            "审计日志（共 {total} 条，导出于 {}）",
            chrono::Local::now().format("%Y-%m-%d %H:%M")
        ),
        &[
            ("序号", 7.0),
            ("时间", 18.0),
            ("来源", 14.0),
            ("表", 10.0),
            ("行", 24.0),
            ("操作", 5.0),
            ("内容", 44.0),
        ],
        true,
    )?
    .wrap(&[2, 3, 4, 6]);
    // Oldest first, as the chain runs; read newest-first pages from the end.
    let mut offset = (total - PAGE).max(0);
    let mut limit = total.min(PAGE);
    loop {
        let mut page = audit::entries(conn, offset, limit)?;
        page.reverse();
        for e in page {
            sh.row(vec![
                V::N(e.seq as f64),
                t(e.at),
                t(e.origin),
                t(e.table_label),
                t(format!("{} {}", e.table, e.row_key)),
                t(e.op.label()),
                t(e.described),
            ])?;
        }
        progress(Progress {
            done: (total - offset) as u32,
            total: total as u32,
            stage: SHEET.into(),
        });
        if offset == 0 {
            break;
        }
        limit = offset.min(PAGE);
        offset = (offset - PAGE).max(0);
    }
    let report = sh.finish()?;
    save(&mut wb, out, vec![report])
}
