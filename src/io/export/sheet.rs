//! The building blocks every sheet shares: cell values, the formats ([`Formats`]), and a sheet with
//! its title row, a header repeated on every printed page, frozen panes, A4 and page numbers.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ConditionalFormatBlank, ExcelDateTime, Format, FormatBorder, RowNum, Workbook, Worksheet};

pub use super::formats::Formats;
use super::lines::{balanced, break_lines, fits_line, units};
use super::SheetReport;
use crate::Result;

/// One cell's value, written with the format its kind needs.
#[derive(Clone)]
pub enum V {
    T(String),
    /// Text centred in its cell (a mark such as ✓).
    C(String),
    N(f64),
    Pct(f64),
    D(NaiveDate),
    /// A hyperlink: its target (a web address, or `file:///` and a path relative to the workbook)
    /// and the text shown.
    Link(String, String),
    Empty,
}

pub fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

pub fn ot(s: Option<impl Into<String>>) -> V {
    s.map(|x| V::T(x.into())).unwrap_or(V::Empty)
}

pub fn od(d: Option<NaiveDate>) -> V {
    d.map(V::D).unwrap_or(V::Empty)
}

/// The lines the branch signs under a register.
/// Its parts are apart by a tab: a line breaks only between them, never inside “（签字）：” and the
/// blank that follows it.
pub const SIGN: &str = "填表日期：　　　　年　　月　　日\t支部书记（签字）：　　　　　　　　　　\t党支部（盖章）";

/// Whether a cell holds one of the lines the branch signs (an import reading a register back skips
/// them).
pub fn is_sign_line(text: &str) -> bool {
    // The parts cut once: an import asks this of every text cell of a hundred thousand rows.
    static PARTS: std::sync::LazyLock<Vec<&str>> =
        std::sync::LazyLock::new(|| SIGN.split('\t').map(|part| part.trim_end_matches('　')).collect());
    PARTS.iter().any(|part| text.starts_with(part))
}

/// What an empty register says in its first row.
pub const NO_RECORDS: &str = "本年无记录";

pub const TITLE_ROW: RowNum = 0;
pub const HEADER_ROW: RowNum = 1;
pub const FIRST_DATA_ROW: RowNum = 2;

/// A sheet under construction: title and headers written, rows appended, finished with its filter.
pub struct Sheet<'a> {
    name: &'static str,
    pub ws: &'a mut Worksheet,
    f: &'a Formats,
    cols: u16,
    widths: Vec<f64>,
    /// The width each unwrapped column's text needs, by what was written into it.
    needed: Vec<f64>,
    next: RowNum,
    wrap_cols: Vec<u16>,
    title: String,
    landscape: bool,
    headers: Vec<String>,
    /// Rows carry a 序号 in a first column of their own.
    numbered: bool,
    /// Data rows written (totals not counted).
    serial: usize,
    /// The header row's height (points): taller for upright or wrapped headers, never lower.
    header_height: f64,
    /// Rows go straight to a constant-memory worksheet: the title and header were laid out first,
    /// at the widths given, because a row once passed cannot be written again.
    streamed: bool,
}

impl<'a> Sheet<'a> {
    pub fn new(
        wb: &'a mut Workbook,
        f: &'a Formats,
        name: &'static str,
        title: &str,
        headers: &[(&str, f64)],
        landscape: bool,
    ) -> Result<Sheet<'a>> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        Self::on(ws, f, name, title, headers, landscape)
    }

    /// The same on a worksheet already in the book (one placed early, written last).
    pub fn on(
        ws: &'a mut Worksheet,
        f: &'a Formats,
        name: &'static str,
        title: &str,
        headers: &[(&str, f64)],
        landscape: bool,
    ) -> Result<Sheet<'a>> {
        Self::build(ws, f, name, title, headers, landscape, false)
    }

    fn build(
        ws: &'a mut Worksheet,
        f: &'a Formats,
        name: &'static str,
        title: &str,
        headers: &[(&str, f64)],
        landscape: bool,
        streamed: bool,
    ) -> Result<Sheet<'a>> {
        let cols = headers.len() as u16;
        let widths: Vec<f64> = headers.iter().map(|(_, w)| *w).collect();
        for (i, (h, width)) in headers.iter().enumerate() {
            if !streamed {
                ws.write_string_with_format(HEADER_ROW, i as u16, *h, &f.header)?;
            }
            ws.set_column_width(i as u16, *width)?;
        }
        ws.set_row_height(HEADER_ROW, 22)?;
        ws.set_freeze_panes(FIRST_DATA_ROW, 0)?;
        ws.set_paper_size(9);
        if landscape {
            ws.set_landscape();
        }
        // Every printed page says whose and which year's it is; `&&` is a literal ampersand.
        ws.set_header(format!("&C{}", title.replace('&', "&&")));
        ws.set_footer(format!("&C第 &P 页，共 &N 页&R{name}"));
        Ok(Sheet {
            name,
            ws,
            f,
            cols,
            needed: widths.clone(),
            widths,
            next: FIRST_DATA_ROW,
            wrap_cols: Vec::new(),
            title: title.to_string(),
            landscape,
            headers: headers.iter().map(|(h, _)| h.to_string()).collect(),
            numbered: false,
            serial: 0,
            header_height: 22.0,
            streamed,
        })
    }

    /// A sheet of many rows on a constant-memory worksheet `ws`, written as they come (a college's
    /// 考勤 runs to six figures): numbered or not, at the widths given (they do not grow to the
    /// text), its title, header and print layout settled before the first row.
    pub fn streamed(
        ws: &'a mut Worksheet,
        f: &'a Formats,
        name: &'static str,
        title: &str,
        headers: &[(&str, f64)],
        numbered: bool,
    ) -> Result<Sheet<'a>> {
        let mut sheet = Self::build(ws, f, name, title, headers, true, true)?;
        if numbered {
            sheet = sheet.numbered()?;
        }
        let widths = sheet.widths.clone();
        sheet.lay_out(&widths)?;
        Ok(sheet)
    }

    /// A 序号 column first: each data row is numbered, 合计/平均 rows are not. Columns given to
    /// [`wrap`](Self::wrap) and the values given to [`row`](Self::row) stay as the sheet names them.
    pub fn numbered(mut self) -> Result<Self> {
        if self.numbered {
            return Ok(self);
        }
        self.numbered = true;
        self.headers.insert(0, "序号".into());
        self.widths.insert(0, 5.0);
        self.needed.insert(0, 5.0);
        self.cols += 1;
        for c in &mut self.wrap_cols {
            *c += 1;
        }
        for (i, h) in self.headers.iter().enumerate() {
            if !self.streamed {
                self.ws
                    .write_string_with_format(HEADER_ROW, i as u16, h, &self.f.header)?;
            }
            self.ws.set_column_width(i as u16, self.widths[i])?;
        }
        Ok(self)
    }

    /// A 合计 or 平均 row under the data: its label in the first column (the 序号 column of a
    /// numbered sheet, where an import reading the sheet back knows to skip it).
    pub fn total(&mut self, label: &str, values: Vec<V>) -> Result<()> {
        // On a sheet without a 序号, the label takes the first column's place.
        let skip = usize::from(!self.numbered);
        let row = std::iter::once(V::C(label.to_string()))
            .chain(values.into_iter().skip(skip))
            .collect();
        self.write(row)
    }

    /// A header row at least `points` tall (upright headers need the room).
    pub fn header_height(&mut self, points: f64) -> Result<()> {
        self.header_height = self.header_height.max(points);
        self.ws.set_row_height(HEADER_ROW, self.header_height)?;
        Ok(())
    }

    pub fn wrap(mut self, cols: &[u16]) -> Self {
        let offset = u16::from(self.numbered);
        self.wrap_cols = cols.iter().map(|c| c + offset).collect();
        self
    }

    /// A data row: numbered on a sheet with a 序号.
    pub fn row(&mut self, mut values: Vec<V>) -> Result<()> {
        if self.numbered {
            self.serial += 1;
            values.insert(0, V::N(self.serial as f64));
        }
        self.write(values)
    }

    /// Writes a row of every column as given.
    fn write(&mut self, values: Vec<V>) -> Result<()> {
        let r = self.next;
        // A wrapped text is written broken into its printed lines (see `lines`); readers do not
        // grow rows for it on opening, so the row is sized here. A text too long for the widest
        // column wraps there too, rather than be clipped by its neighbour.
        let mut values = values;
        let mut lines = 1;
        let mut wraps = vec![false; values.len()];
        for (c, v) in values.iter_mut().enumerate() {
            let Some(s) = (match v {
                V::T(s) => Some(s),
                _ => None,
            }) else {
                continue;
            };
            let column = self.widths.get(c).copied().unwrap_or(10.0);
            // A streamed sheet's columns keep the widths given: a longer text wraps within its own.
            let widest = if self.streamed { column } else { MAX_COLUMN };
            let width = if self.wrap_cols.contains(&(c as u16)) {
                column
            } else if text_width(s) > widest {
                widest
            } else {
                continue;
            };
            *s = balanced(s, width);
            wraps[c] = true;
            lines = lines.max(s.split('\n').count());
        }
        if lines > 1 {
            // A printed line of 10.5 pt Chinese takes about 16 pt with its leading.
            self.ws.set_row_height(r, 16.0 * lines as f64 + 2.0)?;
        }
        for (c, v) in values.iter().enumerate() {
            let text = match v {
                // A streamed sheet's unwrapped text fits its column (else it was wrapped): it
                // needs no more than the width given.
                V::T(_) if self.streamed && !wraps[c] => continue,
                V::T(s) | V::C(s) => s.as_str(),
                V::Link(_, s) => s.as_str(),
                _ => continue,
            };
            if let Some(w) = self.needed.get_mut(c) {
                *w = w.max(text_width(text));
            }
        }
        // Cells go in plain and take their formats a run at a time: rust_xlsxwriter hashes the
        // whole format on every formatted write, a tenth of a book's time when done cell by cell.
        let f = self.f;
        let mut run: Option<(u16, u16, &Format)> = None;
        for (c, (v, wrapped)) in values.into_iter().zip(wraps).enumerate() {
            let c = c as u16;
            let format = match v {
                V::T(s) => {
                    let format = match (crate::kernel::text::looks_like_formula(&s), wrapped) {
                        (true, true) => &f.wrap_quoted,
                        (true, false) => &f.text_quoted,
                        (false, true) => &f.wrap,
                        (false, false) => &f.text,
                    };
                    if !self.plain_text(r, c, s, format)? {
                        continue;
                    }
                    format
                }
                V::C(s) => {
                    if !self.plain_text(r, c, s, &f.center)? {
                        continue;
                    }
                    &f.center
                }
                V::N(n) => {
                    self.ws.write_number(r, c, n)?;
                    if n.fract() == 0.0 {
                        &f.integer
                    } else {
                        &f.number
                    }
                }
                V::Pct(p) => {
                    self.ws.write_number(r, c, p)?;
                    &f.pct
                }
                V::D(d) => {
                    self.ws.write_datetime_with_format(r, c, excel_date(d)?, &f.date)?;
                    continue;
                }
                V::Link(target, text) => {
                    let url = rust_xlsxwriter::Url::new(target).set_text(text);
                    self.ws.write_url_with_format(r, c, url, &f.link)?;
                    continue;
                }
                // Its border is drawn by the table's grid (see `finish`).
                V::Empty => continue,
            };
            run = match run {
                Some((first, last, same)) if last + 1 == c && std::ptr::eq(same, format) => Some((first, c, same)),
                _ => {
                    self.format_run(r, run)?;
                    Some((c, c, format))
                }
            };
        }
        self.format_run(r, run)?;
        self.next += 1;
        Ok(())
    }

    /// Writes a text plain, to take `format` with its run (true); an empty one is a blank cell with
    /// `format` at once (false), as rust_xlsxwriter writes it: a constant-memory sheet keeps the cells
    /// written, not a format given later to a cell it never had.
    fn plain_text(&mut self, r: RowNum, c: u16, s: String, format: &Format) -> Result<bool> {
        if s.is_empty() {
            self.ws.write_blank(r, c, format)?;
            return Ok(false);
        }
        self.ws.write_string(r, c, s)?;
        Ok(true)
    }

    fn format_run(&mut self, r: RowNum, run: Option<(u16, u16, &Format)>) -> Result<()> {
        if let Some((first, last, format)) = run {
            self.ws.set_range_format(r, first, r, last, format)?;
        }
        Ok(())
    }

    /// The rows written so far: (first data row, next free row).
    pub fn data_rows(&self) -> (RowNum, RowNum) {
        (FIRST_DATA_ROW, self.next)
    }

    /// [`finish`](Self::finish), with the lines the branch signs under the data: 填表日期, 签字, 盖章.
    /// They start in the second column: the first (a name) stays empty, so an import reading the
    /// sheet back sees no member in that row.
    pub fn finish_signed(self, lines: &str) -> Result<SheetReport> {
        // After the 序号 and the name, on a numbered sheet.
        let first = 1 + u16::from(self.numbered);
        let last_col = self.cols.saturating_sub(1).max(first + 1);
        let width: f64 = self.widths.iter().skip(first as usize).sum();
        // A row a line, each short enough for one printed line: LibreOffice wraps a long merged cell
        // at a width other than the one it prints, and loses the characters in between.
        let lines: Vec<String> = lines.split('\n').flat_map(|l| short_lines(l, width * 0.8)).collect();
        for (at, line) in (self.next + 1..).zip(&lines) {
            self.ws.merge_range(at, first, at, last_col, line, &self.f.sign)?;
            self.ws.set_row_height(at, 21.0)?;
        }
        self.finish()
    }

    /// A register with no record for the year says so in its first row, rather than print as a
    /// bare header an auditor could take for a page lost. Not a data row: an import skips it.
    fn say_if_empty(&mut self) -> Result<()> {
        if self.next == FIRST_DATA_ROW {
            let last = self.cols.saturating_sub(1).max(1);
            self.ws
                .merge_range(FIRST_DATA_ROW, 0, FIRST_DATA_ROW, last, NO_RECORDS, &self.f.center)?;
        }
        Ok(())
    }

    /// Settles the columns, the print layout and the title, and puts the autofilter over the
    /// header and data; says how many data rows the sheet holds. An unwrapped column grows to its
    /// longest text (up to [`MAX_COLUMN`]): no cell is clipped.
    pub fn finish(mut self) -> Result<SheetReport> {
        self.say_if_empty()?;
        // An unwrapped column grows to its longest text; a wrapped one keeps its width, which its
        // text was broken to.
        let widths: Vec<f64> = self
            .widths
            .iter()
            .zip(&self.needed)
            .enumerate()
            .map(|(c, (given, needed))| {
                if self.wrap_cols.contains(&(c as u16)) {
                    *given
                } else {
                    given.max(needed.min(MAX_COLUMN))
                }
            })
            .collect();
        for (c, w) in widths.iter().enumerate() {
            self.ws.set_column_width(c as u16, *w)?;
        }
        if !self.streamed {
            self.lay_out(&widths)?;
        }
        let last = self.next.saturating_sub(1).max(HEADER_ROW);
        // Blank cells are left unwritten and one conditional format draws their borders: written
        // bordered, the blanks of a 3,000-member 考勤表 alone cost a sixth of the workbook's time.
        if last >= FIRST_DATA_ROW {
            let grid = ConditionalFormatBlank::new().set_format(Format::new().set_border(FormatBorder::Thin));
            self.ws
                .add_conditional_format(FIRST_DATA_ROW, 0, last, self.cols - 1, &grid)?;
        }
        self.ws.autofilter(HEADER_ROW, 0, last, self.cols - 1)?;
        Ok(SheetReport {
            name: self.name,
            rows: if self.numbered {
                self.serial
            } else {
                (self.next - FIRST_DATA_ROW) as usize
            },
        })
    }
}

impl Sheet<'_> {
    /// The title over the columns and the header in even lines, the paper and how the sheet
    /// prints, for columns `widths`.
    fn lay_out(&mut self, widths: &[f64]) -> Result<()> {
        // A portrait register too wide for one page at 9 pt turns to landscape when that fits; one
        // too wide for A4 landscape goes on A3 when the secretary chose it, else prints in parts.
        let mut landscape = self.landscape;
        if !landscape && !fits(widths, Paper::A4, false) && fits(widths, Paper::A4, true) {
            landscape = true;
            self.ws.set_landscape();
        }
        let mut paper = Paper::A4;
        if self.f.a3 && !fits(widths, Paper::A4, landscape) {
            paper = Paper::A3;
            landscape = true;
            self.ws.set_landscape();
            self.ws.set_paper_size(8);
        }
        let in_parts = self.ws.set_print_layout(widths, paper, landscape)?;
        // Printed in parts, a title centred over every column would be cut between them: it
        // starts at the left instead, and only the header row repeats (the page header names the
        // sheet on every part).
        // The first column repeats on every part, so the title goes in the second: it prints once.
        self.ws.set_row_height(TITLE_ROW, 30)?;
        if in_parts {
            self.ws
                .write_string_with_format(TITLE_ROW, 1, &self.title, &self.f.title_left)?;
        } else {
            // At 16 pt a character is 16/11 of a column's; a title wider than the table (a 考勤表
            // of a few meetings, a short 关注名单) would be cut at both its edges, so it wraps in a
            // taller row.
            let lines = (units(&self.title) * 16.0 / 11.0 / widths.iter().sum::<f64>()).ceil();
            let format = if lines > 1.0 {
                self.ws.set_row_height(TITLE_ROW, 22.0 * lines + 8.0)?;
                &self.f.title_wrapped
            } else {
                &self.f.title
            };
            self.ws.merge_range(
                TITLE_ROW,
                0,
                TITLE_ROW,
                self.cols.saturating_sub(1).max(1),
                &self.title,
                format,
            )?;
        }
        // A header wraps within its column, in even lines; the row is as tall as its longest
        // header. Narrow columns hold upright headers, written and sized by their sheet. A
        // streamed sheet writes its header here, after the title (its rows go in order).
        let mut header_lines = 1;
        for (c, (h, w)) in self.headers.iter().zip(widths).enumerate() {
            let text = balanced(h, *w);
            let lines = text.split('\n').count();
            if *w >= 4.0 && lines > 1 {
                header_lines = header_lines.max(lines);
                self.ws
                    .write_string_with_format(HEADER_ROW, c as u16, text, &self.f.header)?;
            } else if self.streamed {
                self.ws
                    .write_string_with_format(HEADER_ROW, c as u16, h, &self.f.header)?;
            }
        }
        self.ws
            .set_row_height(HEADER_ROW, self.header_height.max(16.0 * header_lines as f64 + 6.0))?;
        let first_repeated = if in_parts { HEADER_ROW } else { TITLE_ROW };
        self.ws.set_repeat_rows(first_repeated, HEADER_ROW)?;
        Ok(())
    }
}

/// A line under a sheet as printed lines within `width` characters: a sign-off line breaks only
/// between its tab-separated parts (set apart by a wide blank when they share a line), prose after
/// “；” and “。”, then after “，”, then where [`break_lines`] allows.
fn short_lines(text: &str, width: f64) -> Vec<String> {
    const GAP: &str = "　　　　";
    let mut out = Vec::new();
    let mut line = String::new();
    let push = |line: &mut String, out: &mut Vec<String>| {
        if !line.is_empty() {
            out.extend(break_lines(&std::mem::take(line), width));
        }
    };
    if text.contains('\t') {
        for part in text.split('\t') {
            if !line.is_empty() && !fits_line(&format!("{line}{GAP}{part}"), width) {
                push(&mut line, &mut out);
            }
            if !line.is_empty() {
                line.push_str(GAP);
            }
            line.push_str(part);
        }
        push(&mut line, &mut out);
    } else {
        for sentence in text.split_inclusive(['；', '。']) {
            for clause in sentence.split_inclusive('，') {
                if !line.is_empty() && !fits_line(&format!("{line}{clause}"), width) {
                    push(&mut line, &mut out);
                }
                line.push_str(clause);
            }
            push(&mut line, &mut out);
        }
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

/// The widest an unwrapped column grows to fit its text (characters).
pub const MAX_COLUMN: f64 = 40.0;

/// The width a text takes in a column (characters): a CJK character is two, and a little room.
fn text_width(text: &str) -> f64 {
    text.lines().map(units).fold(0.0, f64::max) * 1.1 + 1.5
}

/// The least a register is shrunk to when printed: its 10.5 pt body text stays at 9 pt or more.
pub const MIN_PRINT_SCALE: u16 = 86;

/// The printed width of columns `widths` (in characters) in points: Excel's 7 pixels a character
/// and 5 of padding at 96 pixels an inch, and 15% more, which is what LibreOffice measured with
/// Carlito (Calibri's metrics) takes (the 积分明细 and 支部基本情况 pages printed that much smaller).
pub fn printed_width(widths: &[f64]) -> f64 {
    widths.iter().map(|w| (7.0 * w + 5.0) * 0.75 * 1.15).sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

/// What a page holds across within its default margins (0.7 inch either side), in points.
pub fn printable_width(paper: Paper, landscape: bool) -> f64 {
    let (short, long) = match paper {
        Paper::A4 => (595.3, 841.9),
        Paper::A3 => (841.9, 1190.6),
    };
    (if landscape { long } else { short }) - 100.8
}

/// Whether columns `widths` fit one page across at no less than [`MIN_PRINT_SCALE`].
fn fits(widths: &[f64], paper: Paper, landscape: bool) -> bool {
    printed_width(widths) * f64::from(MIN_PRINT_SCALE) / 100.0 <= printable_width(paper, landscape)
}

trait PrintLayout {
    fn set_print_layout(&mut self, widths: &[f64], paper: Paper, landscape: bool) -> Result<bool>;
}

impl PrintLayout for Worksheet {
    /// One page wide when that shrinks the text no further than [`MIN_PRINT_SCALE`]; wider
    /// registers print in parts across pages at that scale, the first column (the name, the date)
    /// repeated on each part. Never smaller type. Says whether it prints in parts.
    fn set_print_layout(&mut self, widths: &[f64], paper: Paper, landscape: bool) -> Result<bool> {
        if fits(widths, paper, landscape) {
            self.set_print_fit_to_pages(1, 0);
            Ok(false)
        } else {
            self.set_print_scale(MIN_PRINT_SCALE);
            self.set_repeat_columns(0, 0)?;
            Ok(true)
        }
    }
}

pub fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year() as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_wider_than_its_table_wraps_in_a_taller_row() {
        // 29 characters, 58 units at 11 pt, 84.4 at 16 pt, over a table of 24: four lines of 22 pt
        // and 8 to spare. A short title keeps one line of 30.
        let long = "某某学院教工第一党支部二〇二六年考勤表（出＝出席，假＝请假）";
        for (title, height) in [(long, "96"), ("考勤表", "30")] {
            let (f, mut wb) = (Formats::new(), Workbook::new());
            let sheet = Sheet::new(&mut wb, &f, "考勤表", title, &[("姓名", 12.0), ("出席", 12.0)], false);
            sheet.unwrap().finish().unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(wb.save_to_buffer().unwrap())).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
            assert!(
                xml.contains(&format!("<row r=\"1\" spans=\"1:2\" ht=\"{height}\"")),
                "{title}"
            );
        }
    }

    /// An empty text is a blank cell with its text's format, in a sheet held whole and in a
    /// streamed one (where a format given after the cell is written would be lost).
    #[test]
    fn an_empty_text_is_a_formatted_blank_cell() {
        let f = Formats::new();
        let headers = [("甲", 8.0), ("乙", 8.0), ("丙", 8.0)];
        for streamed in [false, true] {
            let mut wb = Workbook::new();
            let mut sheet = if streamed {
                Sheet::streamed(
                    wb.add_worksheet_with_constant_memory().unwrap(),
                    &f,
                    "明细",
                    "明细",
                    &headers,
                    false,
                )
            } else {
                Sheet::new(&mut wb, &f, "明细", "明细", &headers, false)
            }
            .unwrap();
            sheet.row(vec![t(""), V::C(String::new()), t("某某")]).unwrap();
            sheet.row(vec![t(""), V::Empty, t("")]).unwrap();
            sheet.finish().unwrap();
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(wb.save_to_buffer().unwrap())).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut xml).unwrap();
            for cell in ["A3", "B3", "A4", "C4"] {
                assert!(
                    xml.contains(&format!("<c r=\"{cell}\" s=\"")),
                    "{cell} (streamed: {streamed}): {xml}"
                );
            }
            assert!(xml.contains("<c r=\"C3\" s=\""), "streamed: {streamed}");
            assert!(!xml.contains("<c r=\"B4\""), "streamed: {streamed}");
        }
    }
}
