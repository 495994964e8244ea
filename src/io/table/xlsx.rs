//! One sheet of an .xlsx, read within bounds. Before the spreadsheet library sees the file, every
//! file inside the zip is inflated once and counted — what a zip declares about its sizes may be a
//! lie — so a zip bomb, an XML run too long for the reader's buffer or too many shared strings is
//! refused before anything is held in memory. Then the sheet is read cell by cell (never as the
//! dense rectangle its farthest cell would span), each cell checked as it comes.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::limits::{
    check_extent, grouped, inflated_too_large, part_too_large, Grid, MAX_INFLATED_BYTES, MAX_PART_BYTES,
    MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES, MAX_XML_RUN, MAX_ZIP_ENTRIES,
};
use super::{Cell, DAMAGED};
use crate::kernel::dates;

const NOT_A_WORKBOOK: &str = "不是有效的 Excel 工作簿（.xlsx）：文件可能已损坏、不完整，或是改了扩展名的其他文件";

/// The cells of the sheet named `sheet` (when the workbook has one of that name, else the first)
/// into `grid`.
pub fn read(bytes: &[u8], sheet: Option<&str>, grid: &mut Grid) -> Result<(), String> {
    each_cell(
        bytes,
        sheet,
        |_| true,
        |row, col, cell| grid.put(row, col, cell).map(|()| true),
    )
}

/// Reads the sheet `read` reads: tells `extent` its declared last row (0-based), then `each` every
/// cell in the file's order (0-based row and column), while they return true.
pub fn each_cell(
    bytes: &[u8],
    sheet: Option<&str>,
    extent: impl FnOnce(usize) -> bool,
    mut each: impl FnMut(usize, usize, Cell) -> Result<bool, String>,
) -> Result<(), String> {
    check_parts(bytes)?;
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|_| DAMAGED.to_string())?;
    let names = workbook.sheet_names();
    let name = sheet
        .filter(|wanted| names.iter().any(|n| n == wanted))
        .map(str::to_string)
        .or_else(|| names.first().cloned())
        .ok_or_else(|| "工作簿中没有工作表".to_string())?;
    let mut cells = workbook
        .worksheet_cells_reader(&name)
        .map_err(|_| DAMAGED.to_string())?;
    let declared = cells.dimensions();
    check_extent(declared.end.0 as usize, declared.end.1 as usize, || {
        format!("工作表“{name}”声明的范围")
    })?;
    if !extent(declared.end.0 as usize) {
        return Ok(());
    }
    while let Some(cell) = cells.next_cell().map_err(|_| DAMAGED.to_string())? {
        let (row, col) = cell.get_position();
        if !each(row as usize, col as usize, to_cell(cell.get_value()))? {
            return Ok(());
        }
    }
    Ok(())
}

/// Inflates every file of the zip once, counting: the number of files, each one's size and all
/// together, the longest run of XML between two `<`/`>`, and the shared strings.
fn check_parts(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| NOT_A_WORKBOOK.to_string())?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(format!(
            "工作簿内部有 {} 个文件，超过上限 {} 个：文件可能已损坏或被篡改",
            grouped(zip.len() as u64),
            grouped(MAX_ZIP_ENTRIES as u64)
        ));
    }
    let mut total = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|_| NOT_A_WORKBOOK.to_string())?;
        let name = part.name().replace('\\', "/");
        if part.size() > MAX_PART_BYTES {
            return Err(part_too_large(&name));
        }
        let (size, run) = scan(&mut part).map_err(|_| DAMAGED.to_string())?;
        if size > MAX_PART_BYTES {
            return Err(part_too_large(&name));
        }
        if run > MAX_XML_RUN {
            return Err(format!(
                "工作簿中的“{name}”含有超过 {} MB 的连续内容，文件可能已损坏或被篡改",
                MAX_XML_RUN / (1024 * 1024)
            ));
        }
        total += size;
        if total > MAX_INFLATED_BYTES {
            return Err(inflated_too_large());
        }
        drop(part);
        // The library keeps every shared string in memory: count them first.
        if name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            if size > MAX_SHARED_STRINGS_BYTES {
                return Err(format!(
                    "工作簿中的文字表（共享字符串）解压后超过 {} MB，超过导入上限",
                    MAX_SHARED_STRINGS_BYTES >> 20
                ));
            }
            let strings = count_shared_strings(zip.by_index(i).map_err(|_| DAMAGED.to_string())?)?;
            if strings > MAX_SHARED_STRINGS {
                return Err(format!(
                    "工作簿中的不同文字（共享字符串）超过 {} 条，超过导入上限",
                    grouped(MAX_SHARED_STRINGS as u64)
                ));
            }
        }
    }
    Ok(())
}

/// Bytes a part inflates to (reading at most one past the limit) and its longest run without `<`
/// or `>`.
fn scan(part: &mut impl Read) -> std::io::Result<(u64, usize)> {
    let mut limited = part.take(MAX_PART_BYTES + 1);
    let mut buf = vec![0; 64 * 1024];
    let (mut size, mut run, mut longest) = (0u64, 0usize, 0usize);
    loop {
        let n = limited.read(&mut buf)?;
        if n == 0 {
            return Ok((size, longest.max(run)));
        }
        size += n as u64;
        let mut from = 0;
        for at in memchr::memchr2_iter(b'<', b'>', &buf[..n]) {
            longest = longest.max(run + at - from);
            run = 0;
            from = at + 1;
        }
        run += n - from;
    }
}

/// `<si>` elements of the shared strings, counting stops one past the limit.
fn count_shared_strings(part: impl Read) -> Result<usize, String> {
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    let mut count = 0;
    loop {
        match xml.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == b"si" =>
            {
                count += 1;
                if count > MAX_SHARED_STRINGS {
                    return Ok(count);
                }
            }
            Ok(quick_xml::events::Event::Eof) => return Ok(count),
            Err(_) => return Err(DAMAGED.to_string()),
            _ => {}
        }
        buf.clear();
    }
}

fn to_cell(d: &DataRef) -> Cell {
    match d {
        DataRef::Empty => Cell::Empty,
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text(s.to_string()),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        // A serial past chrono's calendar stays a number, refused as a date where one is read.
        DataRef::DateTime(dt) => super::excel_date(*dt).map_or(Cell::Number(dt.as_f64()), Cell::Date),
        DataRef::DateTimeIso(s) => dates::parse_date(s)
            .map(Cell::Date)
            .unwrap_or_else(|| Cell::Text(s.clone())),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        // As Excel shows it: #DIV/0!, #N/A…
        DataRef::Error(e) => Cell::Text(e.to_string()),
    }
}
