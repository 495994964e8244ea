//! Zhibu (支部台账): the core of an offline ledger for a university Party branch.
//! Knows nothing of windows: the desktop shell and the CLI call these modules.

pub mod activities;
pub mod branches;
pub mod charts;
pub mod check;
pub mod dates;
pub mod demo;
pub mod error;
pub mod export;
pub mod import;
pub mod labels;
pub mod ledger;
pub mod members;
pub mod pioneers;
pub mod points;
pub mod reports;
pub mod study;
pub mod table;
pub mod text;
pub mod vocabulary;

pub use error::{Error, Result};
pub use ledger::Ledger;
