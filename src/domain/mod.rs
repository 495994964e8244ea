//! The ledger's nouns, one folder each, owning their types and their SQL. Who is on the roll on a
//! date is asked of [`roll`] alone.

pub mod activities;
pub mod appraisal;
pub mod awards;
pub mod garden;
pub mod members;
pub mod org;
pub mod pioneers;
pub mod points;
pub mod polls;
pub mod roll;
pub mod rota;
pub mod rules;
pub mod search;
pub mod study;
pub mod talks;
