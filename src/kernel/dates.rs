//! Reading dates and times the way Chinese spreadsheets and forms write them.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"];
const DATETIME_FORMATS: &[&str] = &[
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y年%m月%d日 %H:%M",
];

/// `2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日`, `20260305`, or a date-time of those
/// (platform exports give 完成时间 with a clock time; only the day matters here).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    DATE_FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(t, f).ok())
        .or_else(|| {
            DATETIME_FORMATS
                .iter()
                .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
                .map(|dt| dt.date())
        })
}

/// `14:30` or `14:30:00`.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let t = text.trim().replace('：', ":");
    NaiveTime::parse_from_str(&t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&t, "%H:%M:%S"))
        .ok()
}

pub fn year_bounds(year: i32) -> crate::Result<(NaiveDate, NaiveDate)> {
    match (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) {
        (Some(a), Some(b)) if (1900..=2999).contains(&year) => Ok((a, b)),
        _ => Err(crate::Error::invalid(format!("年份“{year}”不在有效范围内"))),
    }
}

pub fn month_bounds(year: i32, month: u32) -> crate::Result<(NaiveDate, NaiveDate)> {
    let start = NaiveDate::from_ymd_opt(year, month, 1)
        .ok_or_else(|| crate::Error::invalid(format!("月份“{month}”应在 1–12 之间")))?;
    let end = start
        .checked_add_months(chrono::Months::new(1))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| crate::Error::invalid(format!("年份“{year}”不在有效范围内")))?;
    Ok((start, end))
}

/// The calendar quarter holding `day`: (number 1–4, first day, last day).
pub fn quarter_of(day: NaiveDate) -> (u32, NaiveDate, NaiveDate) {
    let q = (day.month() - 1) / 3 + 1;
    let start = NaiveDate::from_ymd_opt(day.year(), (q - 1) * 3 + 1, 1).expect("valid quarter start");
    let end = start
        .checked_add_months(chrono::Months::new(3))
        .and_then(|d| d.pred_opt())
        .expect("valid quarter end");
    (q, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_the_ways_secretaries_write_dates() {
        assert_eq!(parse_date("2026-03-05"), Some(d(2026, 3, 5)));
        assert_eq!(parse_date("2026/3/5"), Some(d(2026, 3, 5)));
        assert_eq!(parse_date("2026年3月5日"), Some(d(2026, 3, 5)));
        assert_eq!(parse_date(" 2026.03.05 "), Some(d(2026, 3, 5)));
        assert_eq!(parse_date("2026-03-05 14:31:07"), Some(d(2026, 3, 5)));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("下周三"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn quarters_and_months() {
        assert_eq!(quarter_of(d(2026, 11, 25)), (4, d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(month_bounds(2024, 2).unwrap(), (d(2024, 2, 1), d(2024, 2, 29)));
        assert!(month_bounds(2026, 13).is_err());
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
    }
}
