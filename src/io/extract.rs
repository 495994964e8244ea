//! The text inside a file the secretary attaches (.txt, .docx, .pdf), so search finds what a
//! document says and not only its name. Bounded: a file past `MAX_FILE` or text past `MAX_TEXT` is
//! cut, a .docx's XML is read up to `MAX_XML` whatever its zip claims, and a parser that fails or
//! panics on a damaged file yields no text — the file is still kept, only not searchable inside.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are kept but not read for search.
pub const MAX_FILE: u64 = 50 * 1024 * 1024;
/// The inflated size of a .docx's document.xml read at most (a zip bomb stops here).
const MAX_XML: u64 = 32 * 1024 * 1024;
/// Characters of text kept per file.
pub const MAX_TEXT: usize = 200_000;

/// The searchable text of the file at `path`, by its extension; None for other kinds, for files
/// too large, and for files that cannot be read.
pub fn text_of(path: &Path) -> Option<String> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if std::fs::metadata(path).ok()?.len() > MAX_FILE {
        return None;
    }
    let text = match ext.as_str() {
        "txt" | "md" | "csv" => plain(&std::fs::read(path).ok()?),
        "docx" => docx(path)?,
        "pdf" => pdf(&std::fs::read(path).ok()?)?,
        _ => return None,
    };
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .take(MAX_TEXT)
        .collect();
    crate::kernel::text::non_empty(&text)
}

/// Each file with its searchable text, as [`text_of`] reads it.
pub fn with_text(files: Vec<PathBuf>) -> Vec<(PathBuf, Option<String>)> {
    files
        .into_iter()
        .map(|f| {
            let text = text_of(&f);
            (f, text)
        })
        .collect()
}

/// UTF-8 (with or without BOM), else GB18030 as Excel/WPS and Notepad on a Chinese Windows write.
fn plain(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    }
}

/// The paragraphs of word/document.xml: the text runs (`w:t`), a line per paragraph.
fn docx(path: &Path) -> Option<String> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let entry = zip.by_name("word/document.xml").ok()?;
    let mut xml = Vec::new();
    entry.take(MAX_XML).read_to_end(&mut xml).ok()?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = String::new();
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            quick_xml::events::Event::Start(e) if e.local_name().as_ref() == b"t" => in_text = true,
            quick_xml::events::Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => out.push('\n'),
                _ => {}
            },
            quick_xml::events::Event::Text(t) if in_text => {
                out.push_str(&t.decode().ok()?);
            }
            quick_xml::events::Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    let name = r.decode().ok()?;
                    out.push_str(match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
        if out.len() > MAX_TEXT * 4 {
            break;
        }
        buf.clear();
    }
    Some(out)
}

/// A PDF's text. The parser may panic on a damaged file: that is caught and means no text.
fn pdf(bytes: &[u8]) -> Option<String> {
    super::contained(|| pdf_extract::extract_text_from_mem(bytes))?.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_text_reads_as_chinese() {
        let (gbk, _, _) = encoding_rs::GB18030.encode("学习党章，做合格党员");
        assert_eq!(plain(&gbk), "学习党章，做合格党员");
        assert_eq!(plain("\u{feff}党建".as_bytes()), "党建");
    }

    #[test]
    fn a_docx_gives_its_paragraphs_and_a_broken_one_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.docx");
        let mut w = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        w.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(
            &mut w,
            r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>党建</w:t></w:r><w:r><w:t xml:space="preserve">引领 &amp; 发展</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p></w:body></w:document>"#.as_bytes(),
        )
        .unwrap();
        w.finish().unwrap();
        assert_eq!(text_of(&path).unwrap(), "党建引领 & 发展\n第二段");
        let broken = dir.path().join("b.docx");
        std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
        assert_eq!(text_of(&broken), None);
        let pdf = dir.path().join("c.pdf");
        std::fs::write(&pdf, b"%PDF-1.4\n garbage").unwrap();
        assert_eq!(text_of(&pdf), None);
    }
}
