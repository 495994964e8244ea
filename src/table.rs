//! Reading a spreadsheet the secretary was given: CSV (UTF-8 with or without BOM, or GB18030 from
//! Windows Excel/WPS) or the first sheet of an .xlsx. Columns are found by header name.

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDate;

use crate::{dates, Error, Result};

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
            Cell::Text(s) => crate::text::non_empty(s),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
            Cell::Number(n) => Some(n.to_string()),
            Cell::Date(d) => Some(d.to_string()),
        }
    }

    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) => Some(*d),
            Cell::Text(s) => dates::parse_date(s),
            _ => None,
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
    pub fn column(&self, names: &[&str]) -> Option<usize> {
        self.headers.iter().position(|h| names.iter().any(|n| h == n))
    }
}

pub fn read(path: &Path) -> Result<Table> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let table = match ext.as_str() {
        "csv" | "txt" => {
            read_csv(&std::fs::read(path).map_err(|e| Error::Format(format!("{}：{e}", path.display())))?)?
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path)?,
        _ => return Err(Error::Format(format!("{}：只支持 .csv 和 .xlsx 文件", path.display()))),
    };
    if table.headers.iter().all(String::is_empty) {
        return Err(Error::Format(format!(
            "{}：第 1 行应为表头，但它是空的",
            path.display()
        )));
    }
    Ok(table)
}

/// Header text as people type it: no BOM, no surrounding spaces, no "*" marking required columns.
fn clean_header(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .trim_matches(|c| c == '*' || c == '＊')
        .trim()
        .to_string()
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

pub fn read_csv(bytes: &[u8]) -> Result<Table> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut headers = Vec::new();
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| Error::Format(format!("CSV 第 {} 行无法读取：{e}", i + 1)))?;
        if i == 0 {
            headers = rec.iter().map(clean_header).collect();
            continue;
        }
        let cells: Vec<Cell> = rec
            .iter()
            .map(|s| {
                if s.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(s.to_string())
                }
            })
            .collect();
        if cells.iter().any(|c| *c != Cell::Empty) {
            rows.push((i + 1, cells));
        }
    }
    Ok(Table { headers, rows })
}

fn read_workbook(path: &Path) -> Result<Table> {
    let mut wb = open_workbook_auto(path).map_err(|e| Error::Format(format!("{}：{e}", path.display())))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| Error::Format(format!("{}：工作簿中没有工作表", path.display())))?
        .map_err(|e| Error::Format(format!("{}：{e}", path.display())))?;
    // Rows are numbered as Excel shows them, even when the used range starts below row 1.
    let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
    let mut headers = Vec::new();
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<Cell> = row.iter().map(to_cell).collect();
        if headers.is_empty() {
            if cells.iter().all(|c| *c == Cell::Empty) {
                continue;
            }
            headers = cells
                .iter()
                .map(|c| clean_header(&c.text().unwrap_or_default()))
                .collect();
            continue;
        }
        if cells.iter().any(|c| *c != Cell::Empty) {
            rows.push((first_row + i + 1, cells));
        }
    }
    Ok(Table { headers, rows })
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
    fn utf8_bom_and_starred_headers_are_cleaned() {
        let t = read_csv("\u{feff}*姓名 ,入党日期\n李四,2020/5/1\n".as_bytes()).unwrap();
        assert_eq!(t.headers, vec!["姓名", "入党日期"]);
        assert_eq!(t.rows[0].1[1].date(), NaiveDate::from_ymd_opt(2020, 5, 1));
    }
}
