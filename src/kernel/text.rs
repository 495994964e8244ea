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
            let t = excerpt(t, 40);
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

/// How long a field may be, by what it holds: one table for the forms and the imports, which call
/// the same domain functions. Past it, a value is a slip (a whole column pasted into one cell) or an
/// attack, and it would spoil the year's exported workbook.
/// A person's name: transliterated minority names run to about 30 characters.
pub const NAME_MAX: usize = 50;
/// A short label: a place, a category, a post, a reason for leave, a group's name.
pub const LABEL_MAX: usize = 100;
/// A title: a topic, a task's, a quiz's or an award's name, where a member came from or went.
pub const TITLE_MAX: usize = 200;
/// A web address.
pub const LINK_MAX: usize = 2_000;
/// Prose: a summary, an agenda, a body, a list of names — what one Excel cell holds.
pub const TEXT_MAX: usize = 32_767;

/// Why a typed name was refused.
pub const NAME_INVISIBLE: &str = "姓名中含有看不见的字符（零宽字符、控制字符或非字符），请重新输入";
pub const NAME_EMPTY: &str = "姓名不能为空";
pub const NAME_TOO_LONG: &str = "姓名过长（超过 50 个字），请检查是否填错了列";

/// At most `max` characters of `text`, with “…” when cut: what a message may echo of a value.
pub fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// Text a spreadsheet would take for a formula when its cell is edited: = + - @ first. Exports
/// write it with a quote prefix; imports keep it as text and say so.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(['=', '+', '-', '@'])
}

/// Refuses text a ledger must not keep: control characters other than line breaks and tabs, and
/// Unicode non-characters (U+FFFE and kin), which spoil an exported workbook's XML.
pub fn check_plain(field: &str, text: &str) -> crate::Result<()> {
    let bad = text
        .chars()
        .find(|&c| (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) || is_noncharacter(c));
    match bad {
        Some(c) => Err(crate::Error::invalid(format!(
            "{field}：含有不能保存的不可见字符（U+{:04X}），请删除后重试",
            c as u32
        ))),
        None => Ok(()),
    }
}

/// U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF, U+1FFFE…): XML
/// may not carry them.
fn is_noncharacter(c: char) -> bool {
    matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32) & 0xFFFE == 0xFFFE
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
    check_text(field, &t, max)?;
    Ok(t)
}

/// Refuses text a ledger must not keep (see [`check_plain`]) or longer than `max` characters;
/// the message names the field and the length, never echoes the text.
pub fn check_text(field: &str, text: &str, max: usize) -> crate::Result<()> {
    check_plain(field, text)?;
    // Bytes first: a UTF-8 character is at least one, counting characters is the slow part.
    if text.len() > max {
        let n = text.chars().count();
        if n > max {
            return Err(crate::Error::invalid(format!("{field}过长：{n} 个字，最多 {max} 个字")));
        }
    }
    Ok(())
}

/// [`check_text`] for a field that may be empty.
pub fn check_optional(field: &str, text: Option<&str>, max: usize) -> crate::Result<()> {
    text.map_or(Ok(()), |t| check_text(field, t, max))
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
    if raw.chars().any(|c| {
        c.is_control() && c != '\t'
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
            || is_noncharacter(c)
    }) {
        return Err(NAME_INVISIBLE);
    }
    if raw.len() > NAME_MAX && raw.trim().chars().count() > NAME_MAX {
        return Err(NAME_TOO_LONG);
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
        assert_eq!(person_name("张\u{FFFE}伟"), Err(NAME_INVISIBLE));
        assert_eq!(person_name(&"张".repeat(1_700_000)), Err(NAME_TOO_LONG));
        assert_eq!(person_name(&"张".repeat(NAME_MAX)), Ok("张".repeat(NAME_MAX)));
    }

    #[test]
    fn fields_are_bounded_by_meaning_and_messages_never_echo_the_value() {
        let long = "党".repeat(TITLE_MAX + 1);
        let e = check_text("主题", &long, TITLE_MAX).unwrap_err().to_string();
        assert_eq!(e, "主题过长：201 个字，最多 200 个字");
        assert!(check_text("内容摘要", &"党".repeat(TEXT_MAX), TEXT_MAX).is_ok());
        assert!(check_text("主题", "a\u{FFFF}", TITLE_MAX).is_err());
        assert_eq!(excerpt("一二三四五", 3), "一二三…");
        assert_eq!(excerpt("一二三", 3), "一二三");
    }
}
