//! How a wrapped cell's text breaks into printed lines. Readers differ: Excel and WPS keep “、” and
//! “）” off the start of a line, LibreOffice does not (it printed “陈静（外出培训” over a lone “）”).
//! So a wrapped cell is written with its line breaks already in it, each line short enough for every
//! reader, broken where Chinese typesetting allows (GB/T 15834 punctuation never opens a line, an
//! opening bracket never ends one, a Latin word or a number stays whole). An import reading such a
//! cell back joins single-line fields again (see `io::table`).

/// A line's width in a column's characters: a CJK (or any non-ASCII) character is two.
pub fn units(line: &str) -> f64 {
    line.chars().map(unit).sum()
}

fn unit(c: char) -> f64 {
    if c.is_ascii() {
        1.0
    } else {
        2.0
    }
}

/// What one printed line of a column `width` characters wide holds, in [`units`]: a tenth and a
/// half less than its width, so that no reader wraps a line again.
fn capacity(width: f64) -> f64 {
    (width / 1.15).max(2.0)
}

/// Whether `text` prints on one line of a column `width` characters wide.
pub fn fits_line(text: &str, width: f64) -> bool {
    units(text) <= capacity(width)
}

/// Marks that never open a line.
fn closes(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | '）'
            | '」'
            | '』'
            | '】'
            | '》'
            | '〉'
            | '〕'
            | '”'
            | '’'
            | '…'
            | '—'
            | '％'
            | '·'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '%'
    )
}

/// Marks that never end a line.
fn opens(c: char) -> bool {
    matches!(
        c,
        '（' | '「' | '『' | '【' | '《' | '〈' | '〔' | '“' | '‘' | '(' | '['
    )
}

/// The text cut into pieces no line break may fall inside: a Latin word or number with what
/// clings to it, a CJK character with the punctuation that follows it and the brackets before it.
fn pieces(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    // A piece still open to what comes next (an opening bracket, a word being read).
    let mut open = false;
    let mut prev_word = false;
    for (at, c) in line.char_indices() {
        let word = c.is_ascii_alphanumeric() || c == '_';
        let joins = at > 0 && (open || closes(c) || (prev_word && (word || matches!(c, '-' | '/'))));
        if !joins && at > 0 {
            out.push(&line[start..at]);
            start = at;
        }
        open = opens(c);
        prev_word = word || (prev_word && matches!(c, '.' | '-' | '/' | ':'));
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// `text` as printed lines in a column `width` characters wide: its own line breaks kept, each
/// paragraph filled greedily. A piece wider than a line is cut by characters.
pub fn break_lines(text: &str, width: f64) -> Vec<String> {
    let cap = capacity(width);
    let mut lines = Vec::new();
    for para in text.split('\n').map(|p| p.strip_suffix('\r').unwrap_or(p)) {
        let (mut line, mut used) = (String::new(), 0.0);
        for piece in pieces(para) {
            let width = units(piece);
            if !line.is_empty() && used + units(piece.trim_end()) > cap {
                lines.push(std::mem::take(&mut line));
                used = 0.0;
            }
            if width > cap {
                for c in piece.chars() {
                    // Even so, a closing mark stays on its line, over the edge if need be.
                    if !line.is_empty() && !closes(c) && used + unit(c) > cap {
                        lines.push(std::mem::take(&mut line));
                        used = 0.0;
                    }
                    line.push(c);
                    used += unit(c);
                }
            } else {
                line.push_str(piece);
                used += width;
            }
        }
        lines.push(line);
    }
    lines
}

/// `text` with its line breaks in place for a column `width` characters wide.
pub fn wrapped(text: &str, width: f64) -> String {
    break_lines(text, width).join("\n")
}

/// Lines a wrapped text takes in a column `width` characters wide.
pub fn lines_needed(text: &str, width: f64) -> usize {
    break_lines(text, width).len()
}

/// `text` in as few lines as it needs in a column `width` characters wide, of even length
/// (“学习完/成率”, “1月支委会：研究本/月支部工作”, not a last line of one character).
pub fn balanced(text: &str, width: f64) -> String {
    let lines = break_lines(text, width);
    // Evening out matters to a short text; a long one (a roll of names) is left as filled.
    if lines.len() <= 1 || lines.len() > 4 {
        return lines.join("\n");
    }
    let lines = lines.len();
    // The narrowest width that still gives that many lines, to half a character.
    let (mut narrow, mut wide) = (2.0, width);
    while wide - narrow > 0.5 {
        let mid = (narrow + wide) / 2.0;
        if lines_needed(text, mid) <= lines {
            wide = mid;
        } else {
            narrow = mid;
        }
    }
    wrapped(text, wide)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line never opens with closing punctuation nor ends on an opening bracket.
    fn well_broken(lines: &[String]) -> bool {
        lines.iter().enumerate().all(|(i, l)| {
            let first = l.chars().next();
            let last = l.chars().last();
            (i == 0 || !first.is_some_and(closes)) && !(i + 1 < lines.len() && last.is_some_and(opens))
        })
    }

    #[test]
    fn punctuation_stays_with_the_word_before_it() {
        // 12 units a line: “谢文（出差）、陈静（外出培训）” would leave “）” alone at 14.
        let names = "谢文（出差）、陈静（外出培训）";
        for width in 4..40 {
            let lines = break_lines(names, f64::from(width) * 1.15);
            assert!(well_broken(&lines), "{width}: {lines:?}");
            assert_eq!(lines.concat(), names);
        }
        assert_eq!(break_lines(names, 13.8), ["谢文（出", "差）、陈静", "（外出培训）"]);
    }

    #[test]
    fn numbers_and_latin_words_stay_whole() {
        let text = "学习 2026-01-03 the Party Constitution 第32条";
        // From 14 on, a line holds the 11 characters of the date and its space.
        for width in 14..30 {
            let lines = break_lines(text, f64::from(width));
            assert_eq!(lines.concat(), text);
            assert!(
                lines.iter().all(|l| !l.contains("2026") || l.contains("2026-01-03")),
                "{lines:?}"
            );
            assert!(lines.iter().all(|l| !l.starts_with("onstitution")), "{lines:?}");
        }
    }

    #[test]
    fn a_paragraph_break_is_kept_and_a_short_text_is_one_line() {
        assert_eq!(break_lines("第一段\n第二段", 30.0), ["第一段", "第二段"]);
        assert_eq!(lines_needed("张伟", 8.0), 1);
        assert_eq!(lines_needed("", 8.0), 1);
    }

    #[test]
    fn headers_break_evenly() {
        assert_eq!(balanced("学习完成率", 8.0), "学习完\n成率");
        assert_eq!(balanced("姓名", 8.0), "姓名");
    }
}
