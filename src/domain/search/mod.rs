//! One search over everything the ledger holds in words: activities (topic, agenda, summary,
//! resolution), study tasks, 心得 and posts with their full text, 园地 resources and the text inside
//! their files, activity attachments, announcements, polls and the news collected. The records'
//! words are in `search_doc`, indexed by `search_index` (FTS5), both kept by triggers (migration 009).
//!
//! Chinese has no spaces, so the index reads it as overlapping character pairs
//! (`kernel::text::search_grams`): a query word of two or more characters is the phrase of its pairs,
//! one character the prefix of a pair — every word is found through the index, never by scanning.
//! Hits are ranked by BM25 with a title weighing five times a body, at most [`LIMIT`], then the
//! matches are marked in the title and in a snippet of the body.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::kernel::labels::RecordKind;
use crate::kernel::text::search_grams;
use crate::{Error, Result};

/// Hits returned at most.
pub const LIMIT: usize = 50;
/// Characters of context either side of the first match in a snippet.
const BEFORE: usize = 24;
const AFTER: usize = 56;

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub kind: RecordKind,
    pub id: i64,
    pub title: String,
    pub date: NaiveDate,
    /// Text around the first match in the body (empty when only the title matches), plain text.
    pub snippet: String,
    /// Where the terms occur in `title` and in `snippet`: [start, end) in characters.
    pub title_marks: Vec<[usize; 2]>,
    pub marks: Vec<[usize; 2]>,
}

/// The terms of a query: split on spaces, at most 8, each at most 50 characters.
fn terms(query: &str) -> Result<Vec<String>> {
    let terms: Vec<String> = query
        .split(|c: char| c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(|t| t.to_lowercase())
        .collect();
    if terms.is_empty() {
        return Err(Error::invalid("请输入要查找的字词"));
    }
    if terms.len() > 8 || terms.iter().any(|t| t.chars().count() > 50) {
        return Err(Error::invalid("查找的字词过长：最多 8 个词，每个词最多 50 个字"));
    }
    if let Some(t) = terms.iter().find(|t| t.chars().any(char::is_control)) {
        return Err(Error::invalid(format!("查找的字词“{t}”含有不可见字符")));
    }
    Ok(terms)
}

/// The FTS5 query for the terms: each the phrase of its index tokens (a lone token as a prefix),
/// all required. Tokens are letters, digits and CJK only, quoted: nothing in a query is syntax.
/// None when no term has a searchable character.
fn fts_query(terms: &[String]) -> Option<String> {
    let phrases: Vec<String> = terms
        .iter()
        .filter_map(|t| {
            let grams = search_grams(t);
            let mut tokens: Vec<&str> = grams.split(' ').filter(|g| !g.is_empty()).collect();
            // The term's last character stands alone in the index only where a run of text ends
            // with it; inside a longer run it does not, so the phrase leaves it out.
            let n = tokens.len();
            if n > 1 && tokens[n - 1].chars().count() == 1 && tokens[n - 2].ends_with(tokens[n - 1]) {
                tokens.pop();
            }
            match tokens.as_slice() {
                [] => None,
                [one] => Some(format!("\"{one}\" *")),
                many => Some(format!("\"{}\"", many.join(" "))),
            }
        })
        .collect();
    (!phrases.is_empty()).then(|| format!("{{title body}} : ({})", phrases.join(" AND ")))
}

/// Searches the branch's records (or the whole ledger's with `branch_id` None).
pub fn search(conn: &Connection, branch_id: Option<i64>, query: &str) -> Result<Vec<Hit>> {
    let terms = terms(query)?;
    let Some(mut fts) = fts_query(&terms) else {
        return Ok(Vec::new());
    };
    if let Some(b) = branch_id {
        fts = format!("{fts} AND scope : b{b}");
    }
    let mut st = conn.prepare_cached(&format!(
        "SELECT d.kind, d.ref_id, d.title, coalesce(d.body, ''), d.day FROM search_doc d
         JOIN (SELECT rowid AS id, bm25(search_index, 5.0, 1.0, 0.0) AS score FROM search_index
               WHERE search_index MATCH ?1 ORDER BY score LIMIT {LIMIT}) hit ON hit.id = d.id
         ORDER BY hit.score, d.day DESC"
    ))?;
    let rows = st.query_map([fts], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, NaiveDate>(4)?,
        ))
    })?;
    let mut hits = Vec::new();
    for row in rows {
        let (kind, id, title, body, date) = row?;
        let Some(kind) = RecordKind::from_code(&kind) else {
            continue;
        };
        let (snippet, marks) = snippet(&body, &terms);
        hits.push(Hit {
            kind,
            id,
            title_marks: marks_in(&title, &terms),
            title,
            date,
            snippet,
            marks,
        });
    }
    Ok(hits)
}

/// Every occurrence of a term in `text`, in characters, merged where they overlap.
fn marks_in(text: &str, terms: &[String]) -> Vec<[usize; 2]> {
    let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // Lowercasing can change lengths outside ASCII; then marks would be off, so none are given.
    if chars.len() != text.chars().count() {
        return Vec::new();
    }
    let mut marks: Vec<[usize; 2]> = Vec::new();
    for t in terms {
        let t: Vec<char> = t.chars().collect();
        if t.is_empty() || t.len() > chars.len() {
            continue;
        }
        for i in 0..=chars.len() - t.len() {
            if chars[i..i + t.len()] == t[..] {
                marks.push([i, i + t.len()]);
            }
        }
    }
    marks.sort();
    let mut merged: Vec<[usize; 2]> = Vec::new();
    for m in marks {
        match merged.last_mut() {
            Some(last) if m[0] <= last[1] => last[1] = last[1].max(m[1]),
            _ => merged.push(m),
        }
    }
    merged
}

/// The body around its first match, with the matches marked; empty when the body has none.
fn snippet(body: &str, terms: &[String]) -> (String, Vec<[usize; 2]>) {
    let all = marks_in(body, terms);
    let Some(first) = all.first() else {
        return (String::new(), Vec::new());
    };
    let chars: Vec<char> = body.chars().collect();
    let start = first[0].saturating_sub(BEFORE);
    let end = (first[1] + AFTER).min(chars.len());
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let text: String = chars[start..end]
        .iter()
        .map(|&c| if c == '\n' { ' ' } else { c })
        .collect();
    let shift = lead.chars().count();
    let marks = all
        .into_iter()
        .filter(|m| m[0] >= start && m[1] <= end)
        .map(|m| [m[0] - start + shift, m[1] - start + shift])
        .collect();
    (format!("{lead}{text}{tail}"), marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_mark_every_term_in_characters() {
        let body = "本月主题党日学习党建知识，交流党建工作经验。";
        let (s, marks) = snippet(body, &["党建".into()]);
        assert_eq!(s, body);
        assert_eq!(marks, vec![[8, 10], [15, 17]]);
        let long = format!("{}党建{}", "字".repeat(40), "文".repeat(100));
        let (s, marks) = snippet(&long, &["党建".into()]);
        assert!(s.starts_with('…') && s.ends_with('…'));
        let chars: Vec<char> = s.chars().collect();
        let m = marks[0];
        assert_eq!(chars[m[0]..m[1]].iter().collect::<String>(), "党建");
        assert_eq!(marks_in("AI 与 ai", &["ai".into()]), vec![[0, 2], [5, 7]]);
    }
}
