//! What a package's rows must hold before they are written: dates as the ledger writes them, codes
//! from the core's label tables. The chain vouches that rows are as the source logged them; this
//! keeps a package made by other means (a forged chain is cheap without keys) from putting into the
//! 党委's ledger what no form or import of Zhibu would.

use rusqlite::types::Value;

use crate::kernel::labels::{
    ActivityKind, AppraisalGrade, AttendanceStatus, AwardLevel, Cadence, DiscussionKind, Gender, MeetingForm,
    MemberStatus, Membership, PersonCategory, PioneerRating, PointRule, StudySource,
};

/// Columns that hold a date (YYYY-MM-DD) or nothing.
const DATES: &[&str] = &[
    "date",
    "birth_date",
    "joined_on",
    "confirmed_on",
    "left_on",
    "start_on",
    "end_on",
    "term_start",
    "term_end",
    "published_on",
    "due_on",
    "completed_on",
    "effective_on",
    "effective_from",
    "decided_on",
    "until",
    "rated_on",
    "starts_on",
    "ends_on",
    "founded_on",
];

/// The code columns and their codes.
fn codes(table: &str, column: &str) -> Option<Vec<&'static str>> {
    Some(match (table, column) {
        ("member", "gender") => Gender::codes(),
        ("member", "category") => PersonCategory::codes(),
        ("member", "membership") => Membership::codes(),
        ("member", "status") => MemberStatus::codes(),
        ("membership_period", "departure") | ("member_status_event", "status") => MemberStatus::codes(),
        ("activity", "form") => MeetingForm::codes(),
        ("activity_kind", "kind") => ActivityKind::codes(),
        ("attendance", "status") => AttendanceStatus::codes(),
        ("study_record", "source") => StudySource::codes(),
        ("discussion", "kind") => DiscussionKind::codes(),
        ("pioneer_post", "rating") => PioneerRating::codes(),
        ("award", "level") => AwardLevel::codes(),
        ("appraisal", "grade") | ("appraisal", "self_grade") => AppraisalGrade::codes(),
        ("point_rule", "rule") => PointRule::codes(),
        ("life_rule_set", "party_lecture_every") => Cadence::codes(),
        _ => return None,
    })
}

/// What is wrong with a row, in words; `None` when nothing is.
pub fn check_row(table: &str, columns: &[String], values: &[Value]) -> Option<String> {
    for (c, v) in columns.iter().zip(values) {
        let text = match v {
            Value::Text(t) => Some(t.as_str()),
            _ => None,
        };
        if DATES.contains(&c.as_str()) && !matches!(v, Value::Null) {
            let ok = text.is_some_and(|t| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok() && t.len() == 10);
            if !ok {
                return Some(format!("{c} 不是日期"));
            }
        }
        if (c == "id" || c.ends_with("_id")) && !matches!(v, Value::Null | Value::Integer(_)) {
            return Some(format!("{c} 不是记录编号"));
        }
        if let (Some(codes), Some(t)) = (codes(table, c), text) {
            if !codes.contains(&t) {
                return Some(format!("{c}“{t}”不是已知的代码"));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_codes_and_ids_are_checked() {
        let cols: Vec<String> = ["id", "activity_id", "date", "status"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let row = |date: &str, status: &str| {
            vec![
                Value::Integer(1),
                Value::Integer(2),
                Value::Text(date.into()),
                Value::Text(status.into()),
            ]
        };
        assert_eq!(check_row("attendance", &cols, &row("2026-03-05", "present")), None);
        assert!(check_row("attendance", &cols, &row("2026-3-5", "present"))
            .unwrap()
            .contains("date"));
        assert!(check_row("attendance", &cols, &row("2026-03-05", "here"))
            .unwrap()
            .contains("here"));
        let mut bad = row("2026-03-05", "present");
        bad[1] = Value::Text("x".into());
        assert!(check_row("attendance", &cols, &bad).unwrap().contains("activity_id"));
    }
}
