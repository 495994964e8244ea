//! Reading a spreadsheet the secretary was given: CSV (UTF-8 with or without BOM, or GB18030 from
//! Windows Excel/WPS) or the first sheet of an .xlsx. Columns are found by header name.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::{Datelike, NaiveDate};

use crate::kernel::dates;
use crate::Error;
use crate::Result;

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
            calamine::ExcelDateTime::new(n, calamine::ExcelDateTimeType::DateTime, false)
                .as_datetime()
                .map(|dt| dt.date())
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

#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<String>,
    /// (spreadsheet row number, cells); the header is row 1, blank rows are skipped.
    pub rows: Vec<(usize, Vec<Cell>)>,
}

impl Table {
    /// The column of the first of `names` (in their order of preference) the file has.
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.headers.iter().position(|h| h == n))
    }
}

/// Reads the table in `path`. In a workbook, the sheet named `sheet` is read when there is one (an
/// exported 电子台账 holds several), else the first. The header is the first row, among the first ten,
/// holding two or more of the `known` column names (a title row above it is skipped); failing that,
/// the first non-empty row.
pub fn read(path: &Path, sheet: Option<&str>, known: &[&str]) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let rows = match ext.as_str() {
        "csv" | "txt" => {
            csv_rows(&std::fs::read(path).map_err(|e| Error::Format(format!("{}：{e}", path.display())))?)?
        }
        "xlsx" | "xlsm" | "xls" | "ods" => workbook_rows(path, sheet)?,
        _ => return Err(Error::Format(format!("{}：只支持 .csv 和 .xlsx 文件", path.display()))),
    };
    let table = Table::from_rows(rows, known);
    if table.headers.iter().all(String::is_empty) {
        return Err(Error::Format(format!(
            "{}：找不到表头行（第 1 行应为表头）",
            path.display()
        )));
    }
    Ok(table)
}

impl Table {
    fn from_rows(rows: Vec<(usize, Vec<Cell>)>, known: &[&str]) -> Table {
        let rows: Vec<(usize, Vec<Cell>)> = rows
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| *c != Cell::Empty))
            .collect();
        let header_names = |cells: &[Cell]| -> Vec<String> {
            cells
                .iter()
                .map(|c| clean_header(&c.text().unwrap_or_default()))
                .collect()
        };
        let at = rows
            .iter()
            .take(10)
            .position(|(_, cells)| {
                header_names(cells)
                    .iter()
                    .filter(|h| known.contains(&h.as_str()))
                    .count()
                    >= 2
            })
            .unwrap_or(0);
        let mut rows = rows.into_iter().skip(at);
        let headers = rows.next().map(|(_, cells)| header_names(&cells)).unwrap_or_default();
        Table {
            headers,
            rows: rows.collect(),
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

fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Not UTF-8: Chinese Windows Excel and WPS save CSV in GBK, of which GB18030 is the superset.
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// Every row of a CSV file with its line number (1-based).
fn csv_rows(bytes: &[u8]) -> Result<Vec<(usize, Vec<Cell>)>> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::Format(format!("CSV 第 {} 行无法读取：{e}", i + 1)))?;
        let cells = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        rows.push((i + 1, cells));
    }
    Ok(rows)
}

/// A CSV file's table, with the first row as header.
pub fn read_csv(bytes: &[u8]) -> Result<Table> {
    Ok(Table::from_rows(csv_rows(bytes)?, &[]))
}

fn workbook_rows(path: &Path, sheet: Option<&str>) -> Result<Vec<(usize, Vec<Cell>)>> {
    let fail = |e: &dyn std::fmt::Display| Error::Format(format!("{}：{e}", path.display()));
    let mut wb = open_workbook_auto(path).map_err(|e| fail(&e))?;
    let named = sheet
        .filter(|name| wb.sheet_names().iter().any(|n| n == name))
        .map(str::to_string);
    let range = match named {
        Some(name) => wb.worksheet_range(&name).map_err(|e| fail(&e))?,
        None => wb
            .worksheet_range_at(0)
            .ok_or_else(|| Error::Format(format!("{}：工作簿中没有工作表", path.display())))?
            .map_err(|e| fail(&e))?,
    };
    // Rows are numbered as Excel shows them, even when the used range starts below row 1.
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| (first_row + i + 1, row.iter().map(to_cell).collect()))
        .collect())
}

fn to_cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) => dt.as_datetime().map(|x| Cell::Date(x.date())).unwrap_or(Cell::Empty),
        Data::DateTimeIso(s) => dates::parse_date(s)
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
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
