//! The bounds every imported spreadsheet is read within, and the cells gathered inside them. Each
//! is far past what a branch or a college hands in (issue 14's largest file: 100,000 study records,
//! or 1,500 activities with 120,000 attendance marks) and small enough that no file, however
//! crafted, takes more than about 200 MB of memory or more than seconds to refuse. Their sum is
//! what counts: the file (20 MB), the shared strings (16 MB of text, 300,000 strings: ~35 MB) and
//! the cells (1,500,000 of ~64 bytes, or fewer with up to 32 MB of text: ~100 MB).

use std::collections::BTreeMap;

use super::Cell;

/// A file larger than this is refused before it is read: 100,000 records fit in a few MB.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Rows of a sheet, counted by the last one holding something.
pub const MAX_ROWS: usize = 200_000;
/// Columns of a sheet: a platform export has a few dozen.
pub const MAX_COLUMNS: usize = 1_024;
/// Cells kept in memory, blanks between values included: each costs 32 bytes, 64 with a short
/// text. 100,000 records of 15 columns.
pub const MAX_CELLS: usize = 1_500_000;
/// Characters of one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Bytes of text in all cells together (a shared string repeated in many cells counts each time).
/// 100,000 records of a platform export hold about 11 MB.
pub const MAX_TEXT_BYTES: usize = 32 * 1024 * 1024;
/// Files inside an .xlsx (a workbook has a dozen, with pictures a few dozen).
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// Bytes one file inside an .xlsx inflates to, actually counted (a zip can lie about its sizes).
pub const MAX_PART_BYTES: u64 = 100 * 1024 * 1024;
/// Bytes all files inside an .xlsx inflate to together.
pub const MAX_INFLATED_BYTES: u64 = 200 * 1024 * 1024;
/// Bytes of XML between two `<`/`>`: one cell's text (32,767 characters, escaped) is far less.
/// Keeps the XML reader's buffer small whatever a part holds.
pub const MAX_XML_RUN: usize = 1024 * 1024;
/// Distinct texts of a workbook (its shared strings), all held in memory while it is read: 100,000
/// records have about 110,000 (names, tasks, timestamps written as text).
pub const MAX_SHARED_STRINGS: usize = 300_000;
/// Bytes those texts' XML inflates to (100,000 records: about 4 MB).
pub const MAX_SHARED_STRINGS_BYTES: u64 = 16 * 1024 * 1024;

const MB: u64 = 1024 * 1024;

/// 1234567 → “1,234,567”.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A cell as Excel names it: (row 4, column 2), 0-based → “C5”.
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        letters.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

pub fn file_too_large(bytes: u64) -> String {
    format!(
        "文件大小 {:.1} MB，超过导入上限 {} MB，请拆分后分批导入",
        bytes as f64 / MB as f64,
        MAX_FILE_BYTES / MB
    )
}

pub fn part_too_large(part: &str) -> String {
    format!(
        "工作簿中的“{part}”解压后超过 {} MB（可能是恶意构造的压缩文件），已拒绝导入",
        MAX_PART_BYTES / MB
    )
}

pub fn inflated_too_large() -> String {
    format!(
        "工作簿解压后超过 {} MB（可能是恶意构造的压缩文件），已拒绝导入",
        MAX_INFLATED_BYTES / MB
    )
}

/// Refuses a position past the sheet's limits; `what` names it (“单元格 XFD1048576”).
pub fn check_extent(row: usize, col: usize, what: impl FnOnce() -> String) -> Result<(), String> {
    if row < MAX_ROWS && col < MAX_COLUMNS {
        return Ok(());
    }
    Err(format!(
        "{}超出导入上限（每次最多 {} 行、{} 列），请拆分后分批导入",
        what(),
        grouped(MAX_ROWS as u64),
        grouped(MAX_COLUMNS as u64)
    ))
}

/// The non-empty cells of a sheet by row, gathered within the limits: each cell is checked as it
/// comes, so a file past a limit is refused before it is read whole.
#[derive(Default)]
pub struct Grid {
    rows: BTreeMap<usize, Vec<Cell>>,
    cells: usize,
    text: usize,
}

impl Grid {
    /// Puts `cell` at the 0-based (`row`, `col`); a blank cell is skipped.
    pub fn put(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), String> {
        if cell == Cell::Empty {
            return Ok(());
        }
        check_extent(row, col, || format!("单元格 {}", cell_name(row, col)))?;
        if let Cell::Text(s) = &cell {
            // Bytes first: counting characters of a huge cell is the slow part.
            if s.len() > MAX_CELL_CHARS {
                let chars = s.chars().count();
                if chars > MAX_CELL_CHARS {
                    return Err(format!(
                        "单元格 {} 有 {} 个字符，超过单元格上限 {} 个字符",
                        cell_name(row, col),
                        grouped(chars as u64),
                        grouped(MAX_CELL_CHARS as u64)
                    ));
                }
            }
            self.text += s.len();
            if self.text > MAX_TEXT_BYTES {
                return Err(format!(
                    "表格中的文字超过导入上限 {} MB，请拆分后分批导入",
                    MAX_TEXT_BYTES as u64 / MB
                ));
            }
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col {
            self.cells += col + 1 - cells.len();
            if self.cells > MAX_CELLS {
                return Err(format!(
                    "表格的单元格超过导入上限 {} 个，请拆分后分批导入",
                    grouped(MAX_CELLS as u64)
                ));
            }
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }

    /// The rows above the 0-based `row`, numbered from 1, in order: taken out, while what they
    /// held still counts against the limits.
    pub fn take_above(&mut self, row: usize) -> Vec<(usize, Vec<Cell>)> {
        let below = self.rows.split_off(&row);
        std::mem::replace(&mut self.rows, below)
            .into_iter()
            .map(|(r, cells)| (r + 1, cells))
            .collect()
    }

    /// Rows numbered from 1 as a spreadsheet shows them, in order.
    pub fn into_rows(self) -> Vec<(usize, Vec<Cell>)> {
        self.rows.into_iter().map(|(r, cells)| (r + 1, cells)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 2), "C5");
        assert_eq!(cell_name(1_048_575, 16_383), "XFD1048576");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
    }

    #[test]
    fn a_grid_refuses_past_its_limits() {
        let mut g = Grid::default();
        g.put(0, 0, Cell::Text("姓名".into())).unwrap();
        let far = g.put(1_048_575, 16_383, Cell::Text("x".into())).unwrap_err();
        assert!(far.contains("XFD1048576") && far.contains("200,000 行"), "{far}");
        let wide = g.put(1, 2_000, Cell::Number(1.0)).unwrap_err();
        assert!(wide.contains("1,024 列"), "{wide}");
        let huge = g.put(1, 1, Cell::Text("党".repeat(MAX_CELL_CHARS + 1))).unwrap_err();
        assert!(huge.contains("B2") && huge.contains("32,768 个字符"), "{huge}");
        g.put(2, 0, Cell::Text("党".repeat(MAX_CELL_CHARS))).unwrap();
        assert_eq!(g.into_rows().len(), 2);
    }
}
