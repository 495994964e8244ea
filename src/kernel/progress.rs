//! How far a long piece of work (an export, an import, a backup) has come, for a progress bar.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// Steps finished.
    pub done: u32,
    /// Steps in all.
    pub total: u32,
    /// What is being done now, in Chinese (a sheet's name, a chart's title).
    pub stage: String,
}

/// Called after each step; the CLI passes `&mut |_| {}`.
pub type OnProgress<'a> = &'a mut dyn FnMut(Progress);
