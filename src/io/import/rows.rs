//! The data rows of a file, one at a time: an exported register's totals and signing lines passed
//! over, cells that read like formulas noted, progress reported as rows are written, and each row's
//! outcome counted.

use super::{Change, ImportReport, Rows, ECHO_MAX};
use crate::io::table::Cell;
use crate::kernel::action::Action;
use crate::kernel::error::ImportError;
use crate::kernel::progress::{OnProgress, Progress};
use crate::kernel::text::excerpt;
use crate::{Error, Result};

/// What [`each_row`] saw of a file: its data rows (signing lines and totals included), and how
/// many cells read like formulas.
pub(super) struct Seen {
    pub(super) rows: usize,
    pub(super) formula_like: usize,
}

/// Hands each data row of the file to `take` with its number, its cells and the warnings about its
/// cells (held for `take` to say when it reports the row), passing over an exported register's
/// totals and signing lines.
pub(super) fn each_row<C: AsRef<[Cell]>>(
    rows: Rows<impl Iterator<Item = Result<(usize, C)>>>,
    report: &mut ImportReport,
    mut take: impl FnMut(usize, &[Cell], Vec<String>, &mut ImportReport) -> Result<()>,
) -> Result<Seen> {
    let Rows { headers, rows, .. } = rows;
    let mut seen = Seen {
        rows: 0,
        formula_like: 0,
    };
    // An exported register's 合计/平均 rows (and an empty one's 本年无记录) carry their label in its
    // 序号 column.
    let serial = headers.iter().position(|h| h == "序号");
    for row in rows {
        let (row, cells) = row?;
        seen.rows += 1;
        let cells = cells.as_ref();
        report.rows += 1;
        let label = serial.and_then(|c| cells.get(c)).and_then(|c| c.text());
        // Only a text cell can be a signing line or read like a formula (a number or a date is
        // neither): looked at in place, not copied, for each cell of a hundred thousand rows.
        let texts = || {
            cells.iter().enumerate().filter_map(|(c, cell)| match cell {
                Cell::Text(s) => Some((c, s.trim())).filter(|(_, t)| !t.is_empty()),
                _ => None,
            })
        };
        // …and the line the branch signs under it.
        let signed = texts().any(|(_, t)| crate::io::export::is_sign_line(t));
        let totals = matches!(label.as_deref(), Some("合计" | "平均" | "总计"));
        if signed || totals || label.as_deref() == Some(crate::io::export::NO_RECORDS) {
            report.rows -= 1;
            continue;
        }
        // A cell that reads like a formula is kept as the text it is; the secretary hears of it.
        let mut held = Vec::new();
        for (c, text) in texts().filter(|(_, t)| crate::kernel::text::looks_like_formula(t)) {
            // A signed number (-3) is a number.
            if text.parse::<f64>().is_ok() {
                continue;
            }
            seen.formula_like += 1;
            if seen.formula_like <= 20 {
                let header = headers.get(c).map(String::as_str).unwrap_or("");
                held.push(format!(
                    "第 {row} 行「{}」“{}”以“{}”开头，已按文字保存（在 Excel 中修改此格时注意不要变成公式）",
                    excerpt(header, ECHO_MAX),
                    excerpt(text, ECHO_MAX),
                    text.chars().next().unwrap_or('=')
                ));
            }
        }
        take(row, cells, held, report)?;
    }
    Ok(seen)
}

/// Progress in about a hundred steps whatever the size of the file, counted by the rows written.
pub(super) struct Ticks<'p> {
    progress: OnProgress<'p>,
    total: u32,
    done: u32,
}

impl<'p> Ticks<'p> {
    pub(super) fn new(progress: OnProgress<'p>, total: usize) -> Ticks<'p> {
        Ticks {
            progress,
            total: total as u32,
            done: 0,
        }
    }

    /// Row `row` is about to be written.
    pub(super) fn row(&mut self, row: usize) {
        let Ticks { total, done, .. } = *self;
        if done.is_multiple_of((total / 100).max(1)) {
            (self.progress)(Progress {
                done: done.min(total),
                total,
                stage: format!("第 {row} 行"),
            });
        }
        self.done += 1;
    }
}

/// Counts a row's outcome in the report.
pub(super) fn record(report: &mut ImportReport, row: usize, outcome: Result<Option<(Action, String)>>) -> Result<()> {
    match outcome {
        Ok(Some((action, summary))) => {
            match action {
                Action::Create => report.created += 1,
                Action::Update => report.updated += 1,
                Action::Unchanged => report.unchanged += 1,
            }
            report.changes.push(Change { row, action, summary });
        }
        Ok(None) => {}
        // A rule of the ledger refused the row: report it against the row and go on checking.
        Err(Error::Invalid(m) | Error::Conflict(m)) => report.errors.push(ImportError {
            row,
            column: String::new(),
            value: String::new(),
            message: m,
        }),
        Err(e) => return Err(e),
    }
    Ok(())
}
