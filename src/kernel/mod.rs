//! What every layer speaks: dates, typed-in text, labelled codes and the one error type.

pub mod action;
pub mod dates;
pub mod error;
pub mod ids;
pub mod labels;
pub mod progress;
pub mod text;
