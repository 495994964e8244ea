//! The ledger's doors: spreadsheets in, workbooks and charts out, the demo ledger, the UI's vocabulary.

pub mod charts;
pub mod demo;
pub mod export;
pub mod extract;
pub mod import;
pub mod package;
pub mod table;
pub mod vocabulary;

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, a parser of a file from outside (a spreadsheet, a PDF), and turns a panic inside it
/// into `None`: a damaged file must never close the window or end the CLI with a trace. The panic is
/// logged at info (the desktop's log file has it; the CLI's stderr is for the secretary). Needs `panic = "unwind"`, which the
/// profiles keep.
pub(crate) fn contained<T>(f: impl FnOnce() -> T) -> Option<T> {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CONTAINING.with(Cell::get) {
                tracing::info!(at = ?info.location(), "a file parser panicked; the file is refused");
            } else {
                default(info);
            }
        }));
    });
    let outer = CONTAINING.with(|c| c.replace(true));
    let out = panic::catch_unwind(AssertUnwindSafe(f)).ok();
    CONTAINING.with(|c| c.set(outer));
    out
}
