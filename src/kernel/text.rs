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
        Some(t) => dates::read_date(t).map(Some).map_err(|why| {
            Error::invalid(if why == dates::UNREADABLE {
                format!("{field}：无法识别的日期“{t}”，请写成 2026-03-05 这样的格式")
            } else {
                format!("{field}：“{t}”——{why}")
            })
        }),
    }
}

pub fn required_date(field: &str, s: Option<&str>) -> Result<NaiveDate> {
    optional_date(field, s)?.ok_or_else(|| Error::invalid(format!("{field}不能为空")))
}

/// Why a typed name was refused.
pub const NAME_INVISIBLE: &str = "姓名中含有看不见的字符（零宽字符或控制字符），请重新输入";
pub const NAME_EMPTY: &str = "姓名不能为空";

/// Text a spreadsheet would take for a formula when its cell is edited: = + - @ first. Exports
/// write it with a quote prefix; imports keep it as text and say so.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@'])
}

/// Refuses text a ledger must not keep: control characters other than line breaks and tabs, and
/// Unicode non-characters (U+FFFE and kin), which spoil an exported workbook's XML.
pub fn check_plain(field: &str, text: &str) -> crate::Result<()> {
    let bad = text.chars().find(|&c| {
        (c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
            || matches!(c as u32, 0xFDD0..=0xFDEF)
            || (c as u32) & 0xFFFE == 0xFFFE
    });
    match bad {
        Some(c) => Err(crate::Error::invalid(format!(
            "{field}：含有不能保存的不可见字符（U+{:04X}），请删除后重试",
            c as u32
        ))),
        None => Ok(()),
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FA1F}')
}

/// Text as the search index reads it: each run of Chinese characters as its overlapping pairs
/// (“党建引领” → 党建 建引 引领) followed by its last character alone, other words (letters, digits)
/// lowercased whole, all separated by spaces. Any word of two or more characters is then a run of
/// consecutive tokens, and a single character the start of one.
pub fn search_grams(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, out: &mut Vec<String>| {
        for pair in run.windows(2) {
            out.push(pair.iter().collect());
        }
        if let Some(last) = run.last() {
            out.push(last.to_string());
        }
        run.clear();
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        if is_cjk(c) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            run.push(c);
        } else if c.is_alphanumeric() {
            flush_run(&mut run, &mut out);
            word.push(c);
        } else {
            flush_run(&mut run, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_run(&mut run, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out.join(" ")
}

/// Text a field must have, within `max` characters and free of what a ledger must not keep; the
/// messages name the field.
pub fn bounded_text(field: &str, text: &str, max: usize) -> crate::Result<String> {
    let t = non_empty(text).ok_or_else(|| crate::Error::invalid(format!("{field}不能为空")))?;
    check_plain(field, &t)?;
    let n = t.chars().count();
    if n > max {
        return Err(crate::Error::invalid(format!("{field}过长：{n} 个字，最多 {max} 个字")));
    }
    Ok(t)
}

/// The same for a field that may be left empty.
pub fn optional_bounded_text(field: &str, text: Option<&str>, max: usize) -> crate::Result<Option<String>> {
    text.and_then(non_empty)
        .map(|t| bounded_text(field, &t, max))
        .transpose()
}

/// A person's name as spreadsheets give it, made comparable: spaces (full-width ones too, as lists
/// pad two-character names) removed between Chinese characters, every middle-dot variant (·•・‧)
/// as “·”. Zero-width and control characters are refused: they make two equal-looking names differ.
pub fn person_name(raw: &str) -> std::result::Result<String, &'static str> {
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\t' || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'))
    {
        return Err(NAME_INVISIBLE);
    }
    let dotted: String = raw
        .chars()
        .map(|c| {
            if matches!(c, '•' | '・' | '‧' | '∙' | '･' | '．') {
                '·'
            } else {
                c
            }
        })
        .collect();
    let words: Vec<&str> = dotted
        .split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let cjk = |c: char| is_cjk(c) || c == '·';
    let mut name = String::new();
    for w in words {
        // A space between Chinese characters is padding; between Latin letters it separates words.
        let join_tight = name.chars().last().is_some_and(cjk) || w.chars().next().is_some_and(cjk);
        if !name.is_empty() && !join_tight {
            name.push(' ');
        }
        name.push_str(w);
    }
    if name.is_empty() {
        Err(NAME_EMPTY)
    } else {
        Ok(name)
    }
}

/// `s` with all but its first `keep_start` and last `keep_end` characters starred: personal data
/// (a phone, a 身份证号) as shown unless asked for in full.
pub fn mask(s: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_start || i >= chars.len() - keep_end {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_grams_pair_chinese_and_keep_words_whole() {
        assert_eq!(search_grams("党建引领"), "党建 建引 引领 领");
        assert_eq!(search_grams("AI赋能，数控2026年"), "ai 赋能 能 数控 控 2026 年");
        assert_eq!(search_grams("党"), "党");
        assert_eq!(search_grams(""), "");
    }

    #[test]
    fn names_are_made_comparable_and_invisible_characters_refused() {
        assert_eq!(person_name(" 王　芳 "), Ok("王芳".into()));
        assert_eq!(person_name("阿依古丽•买买提"), Ok("阿依古丽·买买提".into()));
        assert_eq!(person_name("阿依古丽・买买提"), Ok("阿依古丽·买买提".into()));
        assert_eq!(person_name("John  Smith"), Ok("John Smith".into()));
        assert_eq!(person_name("张\u{200B}伟"), Err(NAME_INVISIBLE));
        assert_eq!(person_name("张\u{7}伟"), Err(NAME_INVISIBLE));
        assert_eq!(person_name("　"), Err(NAME_EMPTY));
    }
}
