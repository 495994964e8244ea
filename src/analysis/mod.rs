//! Figures derived from the domain: points and rankings, the year's reports, the compliance
//! calendar, the ledger check.

pub mod appraisal;
pub mod attention;
pub mod check;
pub mod college;
pub mod compliance;
pub mod garden;
pub mod points;
pub mod reports;
