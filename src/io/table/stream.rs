//! A workbook's rows handed on while the sheet is still being read: a thread of its own parses the
//! XML (a third of a large import's time) while the caller writes the rows already read. Each row
//! goes on once a later row begins, so rows come in the sheet's order; a sheet whose XML lists a
//! row after a later one (no spreadsheet program writes one, a hand-made file may) stops the stream,
//! and the caller reads the file whole instead ([`super::read`]). The same limits hold, counted over
//! the whole sheet, and a file refused on its last row is refused as a whole.

use std::collections::VecDeque;
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};

use super::limits::Grid;
use super::{header_at, header_names, is_blank, is_workbook, read_bounded, refused, xlsx, Cell, DAMAGED, NO_HEADER};
use crate::Result;

/// Rows sent together: one send per row would cost more than the row.
const BATCH: usize = 256;
/// Batches waiting at most: reading never runs far ahead of writing.
const WAITING: usize = 16;

enum Sent {
    /// The sheet's declared last row, 0-based: how many rows to expect.
    Extent(usize),
    Rows(Vec<(usize, Vec<Cell>)>),
    /// Why the file is refused; nothing follows.
    Refused(String),
    /// A row came after a later one: nothing follows.
    OutOfOrder,
    End,
}

/// The rows of a sheet after its header, each `Ok((row number, cells))` or the error that refuses
/// the file. Blank rows are skipped, as [`super::read`] skips them.
pub struct Stream {
    pub headers: Vec<String>,
    /// Rows read past the header while it was looked for.
    ahead: VecDeque<(usize, Vec<Cell>)>,
    batch: std::vec::IntoIter<(usize, Vec<Cell>)>,
    rx: Receiver<Sent>,
    extent: usize,
    /// The spreadsheet row of the header.
    header_row: usize,
    file: std::path::PathBuf,
    out_of_order: bool,
    done: bool,
}

/// The rows of the workbook at `path` as they are read: `None` for a CSV file, or when the sheet's
/// rows are out of order before its header was found; read those with [`super::read`].
pub fn stream(path: &Path, sheet: Option<&str>, known: &[&str]) -> Result<Option<Stream>> {
    let refuse = |why: String| refused(path, why);
    // Anything else, refused or not, is [`super::read`]'s.
    if is_workbook(path) != Ok(true) {
        return Ok(None);
    }
    let bytes = read_bounded(path).map_err(refuse)?;
    let sheet = sheet.map(str::to_string);
    let (tx, rx) = sync_channel(WAITING);
    std::thread::Builder::new()
        .name("workbook-reader".into())
        .spawn(move || {
            let sent = crate::io::contained(|| send_rows(&bytes, sheet.as_deref(), &tx))
                .unwrap_or_else(|| Err(DAMAGED.to_string()));
            // The receiver may be gone: the import stopped at an error of its own.
            let _ = tx.send(match sent {
                Ok(true) => Sent::End,
                Ok(false) => Sent::OutOfOrder,
                Err(why) => Sent::Refused(why),
            });
        })?;
    let mut stream = Stream {
        headers: Vec::new(),
        ahead: VecDeque::new(),
        batch: Vec::new().into_iter(),
        rx,
        extent: 0,
        header_row: 0,
        file: path.to_path_buf(),
        out_of_order: false,
        done: false,
    };
    // The header is among the first ten rows that hold something.
    let mut first = Vec::new();
    while first.len() < 10 {
        match stream.next_row() {
            Some(Ok(row)) => first.push(row),
            Some(Err(_)) if stream.out_of_order => return Ok(None),
            Some(Err(e)) => return Err(e),
            None => break,
        }
    }
    let at = header_at(&first, known);
    let mut first = first.into_iter().skip(at);
    if let Some((row, cells)) = first.next() {
        stream.headers = header_names(&cells);
        stream.header_row = row;
    }
    stream.ahead.extend(first);
    if stream.headers.iter().all(String::is_empty) {
        // A file refused further down is refused for that first.
        for row in stream.by_ref() {
            row?;
        }
        return Err(refuse(NO_HEADER.into()));
    }
    Ok(Some(stream))
}

impl Stream {
    /// Rows after the header the sheet says it holds (for progress: the sheet may say wrong).
    pub fn expected(&self) -> usize {
        self.extent.saturating_sub(self.header_row).max(1)
    }

    /// Whether the stream stopped at a row out of order: read the file whole instead.
    pub fn out_of_order(&self) -> bool {
        self.out_of_order
    }

    fn next_row(&mut self) -> Option<Result<(usize, Vec<Cell>)>> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(Ok(row));
            }
            if self.done {
                return None;
            }
            let why = match self.rx.recv() {
                Ok(Sent::Extent(last)) => {
                    // Numbered from 1, as the header's row is.
                    self.extent = last + 1;
                    continue;
                }
                Ok(Sent::Rows(rows)) => {
                    self.batch = rows.into_iter();
                    continue;
                }
                Ok(Sent::End) => {
                    self.done = true;
                    return None;
                }
                Ok(Sent::Refused(why)) => why,
                Ok(Sent::OutOfOrder) => {
                    self.out_of_order = true;
                    "表格的行顺序混乱，需要整体读取".to_string()
                }
                Err(_) => DAMAGED.to_string(),
            };
            self.done = true;
            return Some(Err(refused(&self.file, why)));
        }
    }
}

impl Iterator for Stream {
    type Item = Result<(usize, Vec<Cell>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(row) = self.ahead.pop_front() {
            return Some(Ok(row));
        }
        self.next_row()
    }
}

/// Reads the sheet, sending each row once a later one begins. False when a row came out of order
/// or the receiver is gone.
fn send_rows(bytes: &[u8], sheet: Option<&str>, tx: &SyncSender<Sent>) -> std::result::Result<bool, String> {
    let mut grid = Grid::default();
    // Rows above this one were taken out of the grid.
    let mut taken = 0;
    let mut in_order = true;
    let mut batch = Vec::with_capacity(BATCH);
    let send = |batch: &mut Vec<(usize, Vec<Cell>)>| {
        let rows = std::mem::replace(batch, Vec::with_capacity(BATCH));
        tx.send(Sent::Rows(rows.into_iter().filter(|(_, c)| !is_blank(c)).collect()))
            .is_ok()
    };
    xlsx::each_cell(
        bytes,
        sheet,
        |extent| tx.send(Sent::Extent(extent)).is_ok(),
        |row, col, cell| {
            if row < taken {
                in_order = false;
                return Ok(false);
            }
            if row > taken {
                batch.extend(grid.take_above(row));
                taken = row;
                if batch.len() >= BATCH && !send(&mut batch) {
                    return Ok(false);
                }
            }
            grid.put(row, col, cell).map(|()| true)
        },
    )?;
    if !in_order {
        return Ok(false);
    }
    batch.extend(grid.into_rows());
    Ok(send(&mut batch))
}
