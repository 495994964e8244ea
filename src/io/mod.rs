//! The ledger's doors: spreadsheets in, workbooks and charts out, the demo ledger, the UI's vocabulary.

pub mod charts;
pub mod demo;
pub mod export;
pub mod extract;
pub mod import;
pub mod table;
pub mod vocabulary;
