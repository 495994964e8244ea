//! Figures derived from the domain: points and rankings, the year's reports, the ledger check.

pub mod check;
pub mod points;
pub mod reports;
