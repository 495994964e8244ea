//! One file per sheet of the 电子台账, each `write(wb, book)` → its report, or `None` when the year has nothing for it.

pub mod attendance;
pub mod attention;
pub mod front;
pub mod hours;
pub mod meetings;
pub mod pioneers;
pub mod point_events;
pub mod ranking;
pub mod records;
pub mod roster;
pub mod summary;
pub mod tasks;
