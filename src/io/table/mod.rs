//! Reading a spreadsheet the secretary was given: CSV (UTF-8 with or without BOM, GB18030 from
//! Windows Excel/WPS, or Excel's UTF-16 “Unicode 文本”) or one sheet of an .xlsx. Columns are found
//! by header name. Every file is read within the bounds of [`limits`], refused with a message naming
//! the bound it passed, and a parsing library that panics on a damaged file yields an error, never a
//! crash of the window or of the CLI.

mod delimited;
pub mod limits;
mod stream;
mod xlsx;

use std::io::Read;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::kernel::dates;
use crate::Error;
use crate::Result;

use limits::{Grid, MAX_FILE_BYTES};
pub use stream::{stream, Stream};

/// Why a workbook the spreadsheet library could not read was refused.
const DAMAGED: &str = "Excel 工作簿内容无法读取，文件可能已损坏：请在 Excel 或 WPS 中打开，另存为 .xlsx 后重试";

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Cell {
    /// The cell as text a person would read, trimmed; `None` when blank.
    pub fn text(&self) -> Option<String> {
        match self {
            Cell::Empty => None,
            Cell::Text(s) => crate::kernel::text::non_empty(s),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Cell::Number(n) => Some(n.to_string()),
            Cell::Date(d) => Some(d.to_string()),
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        self.read_date().ok()
    }

    /// The cell as a date, or why not. A number in a date column is an Excel serial day (a General
    /// cell holding a date shows 45352), read as Excel reads it.
    pub fn read_date(&self) -> Result<NaiveDate, &'static str> {
        let serial = |n: f64| {
            excel_date(calamine::ExcelDateTime::new(
                n,
                calamine::ExcelDateTimeType::DateTime,
                false,
            ))
            .filter(|d| dates::YEARS.contains(&d.year()))
            .ok_or(dates::OUT_OF_RANGE)
        };
        match self {
            Cell::Date(d) if dates::YEARS.contains(&d.year()) => Ok(*d),
            Cell::Date(_) => Err(dates::OUT_OF_RANGE),
            // 20260305 typed into a General cell is a date written without separators.
            Cell::Number(n) if (19_000_101.0..=21_001_231.0).contains(n) => dates::read_date(&format!("{}", *n as i64)),
            Cell::Number(n) if n.fract() == 0.0 => serial(*n),
            Cell::Text(s) if s.trim().len() == 5 && s.trim().bytes().all(|b| b.is_ascii_digit()) => {
                serial(s.trim().parse().unwrap_or_default())
            }
            Cell::Text(s) => dates::read_date(s),
            _ => Err(dates::UNREADABLE),
        }
    }

    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Number(n) => Some(*n),
            Cell::Text(s) => s.trim().parse().ok(),
            _ => None,
        }
    }
}

/// The day of an Excel serial date; None past the calendar (calamine's conversion panics on a
/// serial such as 1e308, so it is never asked).
fn excel_date(dt: calamine::ExcelDateTime) -> Option<NaiveDate> {
    const SERIALS: std::ops::RangeInclusive<f64> = -700_000.0..=3_000_000.0;
    SERIALS
        .contains(&dt.as_f64())
        .then(|| dt.as_datetime())
        .flatten()
        .map(|d| d.date())
}

#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<String>,
    /// (spreadsheet row number, cells); the header is row 1, blank rows are skipped.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

/// Reads the table in `path`. In a workbook, the sheet named `sheet` is read when there is one (an
/// exported 电子台账 holds several), else the first. The header is the first row, among the first ten,
/// holding two or more of the `known` column names (a title row above it is skipped); failing that,
/// the first non-empty row.
pub fn read(path: &Path, sheet: Option<&str>, known: &[&str]) -> Result<Table> {
    let refuse = |why: String| refused(path, why);
    let csv = !is_workbook(path).map_err(refuse)?;
    let bytes = read_bounded(path).map_err(refuse)?;
    let rows = crate::io::contained(|| {
        let mut grid = Grid::default();
        if csv {
            delimited::read(&delimited::decode(&bytes)?, &mut grid)?;
        } else {
            xlsx::read(&bytes, sheet, &mut grid)?;
        }
        Ok(grid.into_rows())
    })
    .unwrap_or_else(|| Err(DAMAGED.to_string()))
    .map_err(refuse)?;
    let table = Table::from_rows(rows, known);
    if table.headers.iter().all(String::is_empty) {
        return Err(refuse(NO_HEADER.into()));
    }
    if csv {
        table.check_row_widths().map_err(refuse)?;
    }
    Ok(table)
}

/// Why a file without a header row was refused.
const NO_HEADER: &str = "找不到表头行（第 1 行应为表头）";

/// Whether the file at `path` is a workbook (.xlsx) rather than text (.csv), by its name; why it is
/// neither.
fn is_workbook(path: &Path) -> std::result::Result<bool, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => Ok(false),
        "xlsx" | "xlsm" => Ok(true),
        // calamine reads the old binary format whole, with allocations sized by what the file
        // declares: no bound holds there.
        "xls" => {
            Err("不支持旧版 Excel 97-2003 工作簿（.xls）：请在 Excel 或 WPS 中打开，另存为 .xlsx 或 CSV 后导入".into())
        }
        _ => Err("只支持 .csv 和 .xlsx 文件".into()),
    }
}

/// A file refused for `why`, named first.
fn refused(path: &Path, why: String) -> Error {
    Error::Format(format!("{}：{why}", path.display()))
}

/// The bytes of the file at `path`, refused past [`MAX_FILE_BYTES`] before they are read.
fn read_bounded(path: &Path) -> std::result::Result<Vec<u8>, String> {
    let reason = |e: std::io::Error| crate::kernel::error::io_reason(&e).to_string();
    let file = std::fs::File::open(path).map_err(reason)?;
    let size = file.metadata().map_err(reason)?.len();
    if size > MAX_FILE_BYTES {
        return Err(limits::file_too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(reason)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(limits::file_too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

impl Table {
    fn from_rows(rows: Vec<(usize, Vec<Cell>)>, known: &[&str]) -> Table {
        let rows: Vec<(usize, Vec<Cell>)> = rows.into_iter().filter(|(_, cells)| !is_blank(cells)).collect();
        let at = header_at(&rows, known);
        let mut rows = rows.into_iter().skip(at);
        let headers = rows.next().map(|(_, cells)| header_names(&cells)).unwrap_or_default();
        Table {
            headers,
            rows: rows.collect(),
        }
    }
}

fn is_blank(cells: &[Cell]) -> bool {
    cells.iter().all(|c| *c == Cell::Empty)
}

fn header_names(cells: &[Cell]) -> Vec<String> {
    cells
        .iter()
        .map(|c| clean_header(&c.text().unwrap_or_default()))
        .collect()
}

/// Which of the first ten rows (none of them blank) is the header: the first holding two or more
/// of the `known` column names, else the first.
fn header_at(rows: &[(usize, Vec<Cell>)], known: &[&str]) -> usize {
    rows.iter()
        .take(10)
        .position(|(_, cells)| {
            header_names(cells)
                .iter()
                .filter(|h| known.contains(&h.as_str()))
                .count()
                >= 2
        })
        .unwrap_or(0)
}

impl Table {
    /// A CSV row with a value past the header's last column: most often a comma typed in a cell
    /// without quotes, which shifts every cell after it. Refused, naming the row; a row shorter
    /// than the header only has blank cells at its end.
    fn check_row_widths(&self) -> std::result::Result<(), String> {
        let width = self.headers.len();
        match self.rows.iter().find(|(_, cells)| cells.len() > width) {
            Some((row, cells)) => Err(format!(
                "第 {row} 行有 {} 个单元格，多于表头的 {width} 列：可能是某个单元格中的逗号没有加引号",
                cells.len()
            )),
            None => Ok(()),
        }
    }
}

/// Header text as people type it: no BOM, no surrounding spaces, no "*" marking required columns,
/// no line break (an exported register breaks “学习完成率” over two lines).
fn clean_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim_matches(|c| c == '*' || c == '＊')
        .trim()
        .replace(['\n', '\r'], "")
}

/// A CSV file's table, with the first row as header, read as [`read`] reads one.
pub fn read_csv(bytes: &[u8]) -> Result<Table> {
    let mut grid = Grid::default();
    delimited::decode(bytes)
        .and_then(|text| delimited::read(&text, &mut grid))
        .map_err(Error::Format)?;
    let table = Table::from_rows(grid.into_rows(), &[]);
    table.check_row_widths().map_err(Error::Format)?;
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_with_crlf_reads_as_chinese() {
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,党员类别\r\n张三,正式党员\r\n\r\n");
        let t = read_csv(&bytes).unwrap();
        assert_eq!(t.headers, vec!["姓名", "党员类别"]);
        assert_eq!(
            t.rows,
            vec![(2, vec![Cell::Text("张三".into()), Cell::Text("正式党员".into())])]
        );
    }

    #[test]
    fn excel_serial_days_in_general_cells_are_dates() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(Cell::Number(46116.0).read_date(), Ok(d(2026, 4, 4)));
        assert_eq!(Cell::Text("46116".into()).read_date(), Ok(d(2026, 4, 4)));
        assert_eq!(Cell::Number(20260305.0).read_date(), Ok(d(2026, 3, 5)));
        assert_eq!(Cell::Number(3.0e6).read_date(), Err(dates::OUT_OF_RANGE));
        assert_eq!(Cell::Text("26-3-5".into()).read_date(), Err(dates::TWO_DIGIT_YEAR));
    }

    #[test]
    fn utf8_bom_and_starred_headers_are_cleaned() {
        let t = read_csv("\u{feff}*姓名 ,入党日期\n李四,2020/5/1\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["姓名", "入党日期"]);
        assert_eq!(t.rows[0].1[1].date(), NaiveDate::from_ymd_opt(2020, 5, 1));
    }
}
