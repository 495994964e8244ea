//! CSV files (and Excel's “Unicode 文本”, tab-separated UTF-16), read strictly: text in an encoding
//! that does not decode cleanly, a quote left open, a NUL byte are refused rather than read as
//! something else. A row shorter than the header has its last cells blank (hand-made files leave off
//! trailing commas); a longer one is refused by [`super::Table::check_row_widths`].

use std::borrow::Cow;
use std::io::Read;

use super::limits::{check_extent, Grid};
use super::Cell;

/// Appended after the file's text: read back as a record of its own when every quote of the file
/// was closed, swallowed into the last field when one was left open (the CSV reader says nothing).
/// A non-character, which no file of ours may hold (such a file is refused first).
const SENTINEL: &str = "\u{FDD0}";

const UNDECODABLE: &str =
    "文件编码无法识别：既不是 UTF-8，也不是 GBK/GB18030。请在 Excel 或 WPS 中另存为“CSV UTF-8”后重试";

/// The text of a CSV file: UTF-8 or UTF-16 by their BOM, UTF-8 without one, else GB18030 (Chinese
/// Windows Excel and WPS save GBK, of which it is the superset) — each only when it decodes without
/// a single bad byte.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, String> {
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom..]),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => Some(Cow::Borrowed(s)),
            Err(_) => encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes),
        },
    }
    .ok_or_else(|| UNDECODABLE.to_string())?;
    if text.contains('\0') {
        return Err("文件中含有空字符，不是文本格式的 CSV（可能是 UTF-16 无 BOM 或其他二进制文件）".into());
    }
    if text.contains(SENTINEL) {
        return Err("文件中含有不能保存的不可见字符（U+FDD0）".into());
    }
    Ok(text)
}

/// Every non-empty cell of the CSV `text` into `grid`, record by record (row 1 is the first).
pub fn read(text: &str, grid: &mut Grid) -> Result<(), String> {
    // Excel's “Unicode 文本” separates with tabs: a first line with tabs and no comma is one.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let end = format!("\n{SENTINEL}\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes().chain(end.as_bytes()));
    let mut record = csv::StringRecord::new();
    let mut row = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(format!("第 {} 行无法读取，文件可能已损坏", row + 1)),
        }
        if record.len() == 1 && &record[0] == SENTINEL {
            return Ok(());
        }
        check_extent(row, record.len().saturating_sub(1), || format!("第 {} 行", row + 1))?;
        for (col, field) in record.iter().enumerate() {
            if !field.trim().is_empty() {
                grid.put(row, col, Cell::Text(field.to_string()))?;
            }
        }
        row += 1;
    }
    Err(format!(
        "第 {row} 行起有一个引号（\"）没有闭合，其后的内容都被当成了一个单元格：文件可能被截断或已损坏，请在 Excel 中打开检查后重新保存"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Result<Vec<(usize, Vec<Cell>)>, String> {
        let mut grid = Grid::default();
        read(text, &mut grid)?;
        Ok(grid.into_rows())
    }

    #[test]
    fn a_quote_left_open_is_refused_and_a_closed_one_spans_lines() {
        let e = rows("姓名,内容摘要\n张三,\"第一段\n第二段\n李四,x\n").unwrap_err();
        assert!(e.contains("第 2 行起") && e.contains("没有闭合"), "{e}");
        let ok = rows("姓名,内容摘要\n张三,\"第一段\n第二段\"\n李四,x").unwrap();
        assert_eq!(ok[1].1[1], Cell::Text("第一段\n第二段".into()));
        assert_eq!(ok[2].0, 3);
    }

    #[test]
    fn utf16_and_gbk_decode_and_random_bytes_are_refused() {
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("姓名\t党员类别\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let text = decode(&utf16).unwrap();
        let r = rows(&text).unwrap();
        assert_eq!(r[0].1, vec![Cell::Text("姓名".into()), Cell::Text("党员类别".into())]);
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名");
        assert_eq!(decode(&gbk).unwrap(), "姓名");
        assert!(decode(&[0x81, 0x20, 0xFF, 0xFF]).unwrap_err().contains("编码无法识别"));
        assert!(decode(b"a\0b").unwrap_err().contains("空字符"));
    }
}
