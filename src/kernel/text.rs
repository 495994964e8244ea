//! Small helpers for text typed by people: trimming, optional fields, dates with a field name.

use chrono::NaiveDate;

use crate::kernel::dates;
use crate::Error;
use crate::Result;

/// Trimmed text, or `None` when blank.
pub fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

pub fn opt_text(s: Option<&str>) -> Option<String> {
    s.and_then(non_empty)
}

/// A date typed into the field `field`; blank is `None`, anything unreadable an error naming both.
pub fn optional_date(field: &str, s: Option<&str>) -> Result<Option<NaiveDate>> {
    match s.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => dates::parse_date(t)
            .map(Some)
            .ok_or_else(|| Error::invalid(format!("{field}：无法识别的日期“{t}”，请写成 2026-03-05 这样的格式"))),
    }
}

pub fn required_date(field: &str, s: Option<&str>) -> Result<NaiveDate> {
    optional_date(field, s)?.ok_or_else(|| Error::invalid(format!("{field}不能为空")))
}
