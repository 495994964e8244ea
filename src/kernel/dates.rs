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
    "%Y年%m月%d日 %H:%M:%S",
];

/// The years a ledger's dates may fall in: anything else is a typing slip.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Why a typed date was refused, in words for the secretary.
pub const TWO_DIGIT_YEAR: &str = "年份请写全四位（如 2026），两位年份无法判断世纪";
pub const OUT_OF_RANGE: &str = "日期应在 1900 年到 2100 年之间";
pub const UNREADABLE: &str = "无法识别的日期，请写成 2026-03-05、2026/3/5 或 2026年3月5日";

/// `2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日`, `20260305`, or a date-time of those
/// (platform exports give 完成时间 with a clock time; only the day matters here).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    read_date(text).ok()
}

/// [`parse_date`], saying why a date is refused: a two-digit year (26-3-5) or a year outside
/// 1900–2100 is refused rather than read as the year 26.
pub fn read_date(text: &str) -> Result<NaiveDate, &'static str> {
    let t = text.trim();
    let year_digits = t.chars().take_while(char::is_ascii_digit).count();
    if year_digits == 2 && t[2..].starts_with(['-', '/', '.', '年']) {
        return Err(TWO_DIGIT_YEAR);
    }
    let date = any_format(t).ok_or(UNREADABLE)?;
    if YEARS.contains(&date.year()) {
        Ok(date)
    } else {
        Err(OUT_OF_RANGE)
    }
}

fn any_format(t: &str) -> Option<NaiveDate> {
    if t.is_empty() {
        return None;
    }
    iso(t).or_else(|| formats(t))
}

fn formats(t: &str) -> Option<NaiveDate> {
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

/// `2026-03-05`, or with a clock time `2026-03-05 14:30` / `2026-03-05 14:30:00`, read without
/// trying each format in turn (an import reads a hundred thousand of them). `None` for anything
/// else, which the formats then read as before.
fn iso(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(range)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)?;
    let time = match b.len() {
        10 => return Some(date),
        16 if b[10] == b' ' && b[13] == b':' => NaiveTime::from_hms_opt(digits(11..13)?, digits(14..16)?, 0),
        19 if b[10] == b' ' && b[13] == b':' && b[16] == b':' => {
            NaiveTime::from_hms_opt(digits(11..13)?, digits(14..16)?, digits(17..19)?)
        }
        _ => None,
    };
    time.map(|_| date)
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

/// A quarter as written in Chinese: 第一季度 … 第四季度.
pub fn quarter_name(q: u32) -> String {
    let n = ["一", "二", "三", "四"]
        .get(q.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    format!("第{n}季度")
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
        assert_eq!(parse_date("2024年08月02日 14:30:05"), Some(d(2024, 8, 2)));
        assert_eq!(read_date("26-03-05"), Err(TWO_DIGIT_YEAR));
        assert_eq!(read_date("26/3/5"), Err(TWO_DIGIT_YEAR));
        assert_eq!(read_date("0026-03-05"), Err(OUT_OF_RANGE));
        assert_eq!(read_date("2126-03-05"), Err(OUT_OF_RANGE));
        assert_eq!(read_date("1900-01-01"), Ok(d(1900, 1, 1)));
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn the_quick_reading_agrees_with_the_formats() {
        for t in [
            "2026-03-05",
            "2024-02-29",
            "2026-03-05 14:30",
            "2026-03-05 14:31:07",
            "2026-03-05 23:59:59",
        ] {
            assert_eq!(iso(t), formats(t), "{t}");
            assert!(iso(t).is_some(), "{t}");
        }
        // Left to the formats, which read or refuse them as before.
        for t in [
            "2026-02-29",
            "2026-3-5",
            "2026-03-05T14:30:00",
            "2026-03-05 24:00",
            "2026-03-05 23:59:60",
            "2026-03-05 14:30:0",
            "2026-03-05  14:30",
            "２０２６-03-05",
        ] {
            assert_eq!(iso(t), None, "{t}");
        }
    }

    #[test]
    fn quarters_and_months() {
        assert_eq!(quarter_of(d(2026, 11, 25)), (4, d(2026, 10, 1), d(2026, 12, 31)));
        assert_eq!(month_bounds(2024, 2).unwrap(), (d(2024, 2, 1), d(2024, 2, 29)));
        assert!(month_bounds(2026, 13).is_err());
        assert_eq!(parse_time("9:05"), NaiveTime::from_hms_opt(9, 5, 0));
    }
}
