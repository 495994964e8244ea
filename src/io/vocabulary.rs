//! The words and numbers the window shows that the core owns: label tables, import columns and the
//! rules' constants, sent in one piece so the UI never keeps a copy that could drift.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Vocabulary {
    pub labels: crate::kernel::labels::Labels,
    pub imports: Vec<crate::io::import::ImportSpec>,
    /// 学时 a member should reach in a year.
    pub yearly_hours: f64,
}

pub fn vocabulary() -> Vocabulary {
    Vocabulary {
        labels: crate::kernel::labels::all(),
        imports: crate::io::import::specs(),
        yearly_hours: crate::domain::study::YEARLY_HOURS,
    }
}
