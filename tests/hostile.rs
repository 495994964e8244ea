//! Hostile files (issue 13): a corpus of more than a thousand damaged, disguised and crafted files
//! across every import kind, the same on every run (fixed seed). Each is refused with a Chinese
//! message and the ledger left exactly as it was, or — when it is merely odd but still valid —
//! imported; none panics, none takes the process down. A few go through the CLI (exit code 1, never
//! 101), and the worst are measured for memory and time in a process of their own.

mod common;

use common::zhibu;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;

use common::Branch;
use zhibu::io::import::{self, ImportKind};

/// splitmix64: small, and the same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// A valid file of each kind: `{D}` marks its date cell, `{T}` its main text cell.
fn sample(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Members => "姓名,党员类别,入党日期\n{T},正式党员,{D}\n",
        ImportKind::Activities => "日期,类型,主题,出席\n{D},支委会,{T},赵一、钱二、李四\n",
        ImportKind::StudyTasks => "任务名称,发布日期,截止日期,学时\n{T},{D},2026-03-31,2\n",
        ImportKind::StudyRecords => "姓名,任务名称,完成日期\n赵一,{T},{D}\n",
        ImportKind::Discussions => "姓名,日期,类型,主题\n赵一,{D},发帖,{T}\n",
        ImportKind::Reflections => "姓名,日期,标题\n赵一,{D},{T}\n",
        ImportKind::Quizzes => "姓名,日期,测验名称,得分\n赵一,{D},{T},95\n",
        ImportKind::PointsAdjustments => "姓名,日期,分值,事由\n赵一,{D},2,{T}\n",
        ImportKind::HeartTalks => "日期,谈话人,谈话对象,主题\n{D},赵一,钱二,{T}\n",
        ImportKind::Awards => "姓名,日期,级别,名称\n赵一,{D},校级,{T}\n",
        ImportKind::Appraisal => "姓名,年度,评定等次,备注\n赵一,{D},合格,{T}\n",
        ImportKind::Resources => "标题,日期,摘要\n{T},{D},学习资料\n",
    }
}

fn good_date(kind: ImportKind) -> &'static str {
    if kind == ImportKind::Appraisal {
        "2026"
    } else {
        "2026-03-02"
    }
}

fn csv_text(kind: ImportKind, date: &str, text: &str) -> String {
    sample(kind).replace("{D}", date).replace("{T}", text)
}

fn rows_of(csv: &str) -> Vec<Vec<String>> {
    csv.lines().map(|l| l.split(',').map(String::from).collect()).collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A worksheet of inline strings (how our own export writes big sheets).
fn sheet_xml(rows: &[Vec<String>], dimension: Option<&str>) -> String {
    let mut xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    if let Some(d) = dimension {
        xml.push_str(&format!(r#"<dimension ref="{d}"/>"#));
    }
    xml.push_str("<sheetData>");
    for (r, row) in rows.iter().enumerate() {
        xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            xml.push_str(&format!(
                r#"<c r="{col}{}" t="inlineStr"><is><t>{}</t></is></c>"#,
                r + 1,
                escape(v)
            ));
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    xml
}

fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        w.start_file(
            *name,
            zip::write::SimpleFileOptions::default().large_file(bytes.len() > 1 << 31),
        )
        .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A minimal workbook: the parts calamine reads, the sheet's XML given, shared strings optional.
fn workbook(sheet: String, shared: Option<String>) -> Vec<u8> {
    let mut parts = vec![
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#.to_vec(),
        ),
        (
            "xl/workbook.xml",
            br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_vec(),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            br#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_vec(),
        ),
        ("xl/worksheets/sheet1.xml", sheet.into_bytes()),
    ];
    if let Some(s) = shared {
        parts.push(("xl/sharedStrings.xml", s.into_bytes()));
    }
    zip_of(&parts)
}

fn raw_sheet(cells: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{cells}</sheetData></worksheet>"#
    )
}

fn shared_strings(strings: impl Iterator<Item = String>) -> String {
    let mut xml =
        String::from(r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#);
    for s in strings {
        xml.push_str("<si><t>");
        xml.push_str(&s);
        xml.push_str("</t></si>");
    }
    xml.push_str("</sst>");
    xml
}

/// The kind's sample as a workbook, its header and one row.
fn sample_xlsx(kind: ImportKind, date: &str, text: &str) -> Vec<u8> {
    workbook(sheet_xml(&rows_of(&csv_text(kind, date, text)), None), None)
}

/// A zip whose files claim a size smaller than what they inflate to.
fn lying_sizes(mut zip: Vec<u8>, claimed: u32) -> Vec<u8> {
    let mut at = 0;
    while let Some(i) = zip[at..]
        .windows(4)
        .position(|w| w == b"PK\x03\x04" || w == b"PK\x01\x02")
    {
        let start = at + i;
        let offset = if zip[start + 2] == 3 { 22 } else { 24 };
        zip[start + offset..start + offset + 4].copy_from_slice(&claimed.to_le_bytes());
        at = start + 4;
    }
    zip
}

/// What a refusal or a success must be, file by file.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Expect {
    Refused,
    /// Damaged at random: may still be a valid file (a byte flipped inside a name).
    Either,
}

struct Case {
    name: String,
    ext: &'static str,
    bytes: Vec<u8>,
    expect: Expect,
}

fn case(name: impl Into<String>, ext: &'static str, bytes: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case {
        name: name.into(),
        ext,
        bytes: bytes.into(),
        expect,
    }
}

fn truncated(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    bytes[..rng.below(bytes.len())].to_vec()
}

fn flipped(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for _ in 0..=rng.below(4) {
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
    }
    b
}

/// Every hostile file of one kind.
fn corpus(kind: ImportKind, rng: &mut Rng) -> Vec<Case> {
    use Expect::*;
    let good = csv_text(kind, good_date(kind), "学习党章");
    let mut out = Vec::new();
    for i in 0..12 {
        out.push(case(
            format!("截断的 CSV {i}"),
            "csv",
            truncated(rng, good.as_bytes()),
            Either,
        ));
        out.push(case(
            format!("改动了字节的 CSV {i}"),
            "csv",
            flipped(rng, good.as_bytes()),
            Either,
        ));
    }
    for i in 0..4 {
        let n = 1 + rng.below(4000);
        out.push(case(format!("随机字节 {i}"), "csv", rng.bytes(n), Refused));
    }
    let utf16: Vec<u8> = good.encode_utf16().flat_map(u16::to_le_bytes).collect();
    out.push(case("无 BOM 的 UTF-16", "csv", utf16, Refused));
    out.push(case("Latin-1", "csv", b"Nom,Date\nCaf\xe9,2026\n".to_vec(), Refused));
    out.push(case("NUL 字节", "csv", good.replace("学习党章", "学\0习"), Refused));
    out.push(case("空文件", "csv", Vec::new(), Refused));
    out.push(case(
        "引号未闭合",
        "csv",
        good.replace("学习党章", "\"学习党章"),
        Refused,
    ));
    out.push(case(
        "引号未闭合在文件末尾",
        "csv",
        format!("{good}\"{}", good.lines().last().unwrap()),
        Refused,
    ));
    out.push(case(
        "多出的单元格",
        "csv",
        good.replace("学习党章", "学习,党章,多余"),
        Refused,
    ));
    out.push(case(
        "逗号未加引号",
        "csv",
        format!(
            "{}\n{}",
            good.trim_end(),
            good.lines().nth(1).unwrap().replace(',', ",,")
        ),
        Refused,
    ));
    out.push(case(
        "超长单元格",
        "csv",
        csv_text(kind, good_date(kind), &"党".repeat(40_000)),
        Refused,
    ));
    out.push(case("2000 列的表头", "csv", vec!["列"; 2000].join(","), Refused));
    for (i, f) in ["=cmd|' /C calc'!A0", "+1+2", "-3", "@SUM(A1:A9)"].iter().enumerate() {
        out.push(case(
            format!("公式样的文字 {i}"),
            "csv",
            csv_text(kind, good_date(kind), f),
            Either,
        ));
    }
    for (i, d) in ["2026-13-45", "0000-00-00", "99999999", "明天", "2026/02/30"]
        .iter()
        .enumerate()
    {
        out.push(case(
            format!("错误的日期 {i}"),
            "csv",
            csv_text(kind, d, "学习党章"),
            Refused,
        ));
    }
    for (i, t) in [
        "学\u{FFFE}习",
        "学\u{FFFF}习",
        "学\u{FDD0}习",
        "学\u{7}习",
        "学\u{1b}[31m习",
        "学\u{1FFFE}习",
    ]
    .iter()
    .enumerate()
    {
        out.push(case(
            format!("不可见字符 {i}"),
            "csv",
            csv_text(kind, good_date(kind), t),
            Refused,
        ));
    }

    let good_xlsx = sample_xlsx(kind, good_date(kind), "学习党章");
    for i in 0..6 {
        out.push(case(
            format!("截断的 xlsx {i}"),
            "xlsx",
            truncated(rng, &good_xlsx),
            Either,
        ));
    }
    for i in 0..12 {
        out.push(case(
            format!("改动了字节的 xlsx {i}"),
            "xlsx",
            flipped(rng, &good_xlsx),
            Either,
        ));
    }
    let header = &rows_of(&good)[0];
    let header_cells: String = header
        .iter()
        .enumerate()
        .map(|(c, h)| {
            format!(
                r#"<c r="{}1" t="inlineStr"><is><t>{h}</t></is></c>"#,
                (b'A' + c as u8) as char
            )
        })
        .collect();
    let with_header = |cells: &str| raw_sheet(&format!(r#"<row r="1">{header_cells}</row>{cells}"#));
    out.push(case(
        "远处的单元格 XFD1048576",
        "xlsx",
        workbook(
            with_header(r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#),
            None,
        ),
        Refused,
    ));
    out.push(case(
        "溢出的单元格引用",
        "xlsx",
        workbook(
            with_header(r#"<row r="2"><c r="A99999999999"><v>1</v></c></row>"#),
            None,
        ),
        Refused,
    ));
    out.push(case(
        "共享字符串越界",
        "xlsx",
        workbook(
            with_header(r#"<row r="2"><c r="A2" t="s"><v>999</v></c></row>"#),
            Some(shared_strings(["a".to_string()].into_iter())),
        ),
        Refused,
    ));
    out.push(case(
        "声明的范围过大",
        "xlsx",
        workbook(sheet_xml(&rows_of(&good), Some("A1:XFD1048576")), None),
        Refused,
    ));
    out.push(case(
        "超长单元格",
        "xlsx",
        sample_xlsx(kind, good_date(kind), &"党".repeat(40_000)),
        Refused,
    ));
    out.push(case(
        "超长的 XML 片段",
        "xlsx",
        workbook(
            with_header(&format!(
                r#"<row r="2"><c r="A2" t="inlineStr"><is><t>{}</t></is></c></row>"#,
                "a".repeat(2 << 20)
            )),
            None,
        ),
        Refused,
    ));
    out.push(case(
        "公式单元格",
        "xlsx",
        workbook(
            with_header(
                r#"<row r="2"><c r="A2"><f>SUM(B1:B9)</f><v>3</v></c><c r="B2" t="str"><f>"=1"</f><v>=1</v></c></row>"#,
            ),
            None,
        ),
        Either,
    ));
    for (i, serial) in ["3000000", "-5", "1e308"].iter().enumerate() {
        let date_col = header
            .iter()
            .position(|h| ["日期", "入党日期", "发布日期", "完成日期", "年度"].contains(&h.as_str()))
            .unwrap();
        let rows = rows_of(&good);
        let cells: String = rows[1]
            .iter()
            .enumerate()
            .map(|(c, v)| {
                let r = format!("{}2", (b'A' + c as u8) as char);
                if c == date_col {
                    format!(r#"<c r="{r}"><v>{serial}</v></c>"#)
                } else {
                    format!(r#"<c r="{r}" t="inlineStr"><is><t>{v}</t></is></c>"#)
                }
            })
            .collect();
        out.push(case(
            format!("错误的日期序号 {i}"),
            "xlsx",
            workbook(with_header(&format!(r#"<row r="2">{cells}</row>"#)), None),
            Refused,
        ));
    }
    for (i, t) in ["学&#xFFFE;习", "学&#x7;习", "学\u{FFFF}习"].iter().enumerate() {
        let sheet = sheet_xml(&rows_of(&csv_text(kind, good_date(kind), "@@")), None).replace("@@", t);
        out.push(case(
            format!("xlsx 中的不可见字符 {i}"),
            "xlsx",
            workbook(sheet, None),
            Refused,
        ));
    }
    out.push(case(
        "XML 未闭合",
        "xlsx",
        workbook(with_header("<row r=\"2\"><c r=\"A2\"><v>1</v>"), None),
        Refused,
    ));
    out.push(case("不是 zip", "xlsx", rng.bytes(2048), Refused));
    out.push(case("改了扩展名的 CSV", "xlsx", good.clone(), Refused));
    out.push(case(
        "没有工作表关系",
        "xlsx",
        zip_of(&[("xl/workbook.xml", b"<workbook/>".to_vec())]),
        Refused,
    ));
    out.push(case("旧版 .xls", "xls", rng.bytes(4096), Refused));
    out.push(case("不支持的扩展名", "pdf", good.clone(), Refused));
    out
}

/// Files too large to make once per kind: made once, tried against one kind each.
fn heavy(kind: ImportKind, i: usize, rng: &mut Rng) -> Vec<Case> {
    use Expect::*;
    let mut out = Vec::new();
    match i % 6 {
        0 => {
            let strings = (0..400_000).map(|n| format!("s{n}"));
            out.push(case(
                "共享字符串炸弹",
                "xlsx",
                workbook(raw_sheet(""), Some(shared_strings(strings))),
                Refused,
            ));
        }
        1 => {
            let rows: String = (1..=210_000)
                .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c></row>"#))
                .collect();
            out.push(case("行数炸弹", "xlsx", workbook(raw_sheet(&rows), None), Refused));
        }
        2 => {
            let bomb = raw_sheet(&" ".repeat(101 << 20));
            out.push(case("压缩炸弹（如实声明大小）", "xlsx", workbook(bomb, None), Refused));
        }
        3 => {
            let bomb = raw_sheet(&format!("<row r=\"1\">{}</row>", "<c/>".repeat(26 << 20)));
            out.push(case(
                "压缩炸弹（谎报大小）",
                "xlsx",
                lying_sizes(workbook(bomb, None), 1000),
                Refused,
            ));
        }
        4 => {
            let parts: Vec<(String, Vec<u8>)> = (0..1_001).map(|n| (format!("x/{n}.xml"), b"<a/>".to_vec())).collect();
            let parts: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
            out.push(case("内部文件过多", "xlsx", zip_of(&parts), Refused));
        }
        _ => {
            let name = "张".repeat(1_700_000);
            out.push(case(
                "170 万字的姓名",
                "csv",
                csv_text(kind, good_date(kind), &name),
                Refused,
            ));
            let rows = "a\n".repeat(210_000);
            out.push(case(
                "行数超过上限的 CSV",
                "csv",
                format!("{}\n{rows}", sample(kind).lines().next().unwrap()),
                Refused,
            ));
            let n = rng.below(1000);
            out.push(case(format!("随机字节 xlsx {n}"), "xlsx", rng.bytes(100 + n), Refused));
        }
    }
    out
}

/// Every table of the ledger, row by row, hashed: equal digests, unchanged ledger.
fn digest(b: &Branch) -> u64 {
    let conn = b.ledger.conn();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut h = std::hash::DefaultHasher::new();
    for t in tables {
        t.hash(&mut h);
        let mut st = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(row) = rows.next().unwrap() {
            for i in 0..n {
                format!("{:?}", row.get_ref(i).unwrap()).hash(&mut h);
            }
        }
    }
    h.finish()
}

/// A message a secretary can read: Chinese, and no Latin word of three letters or more once the
/// file's own words (its path, the values and headers it quotes) are set aside — bar the names she
/// knows (CSV, Excel, WPS…), cell references (XFD1048576), code points (U+FFFE) and extensions.
fn assert_chinese(message: &str, path: &Path, what: &str) {
    let mut text = message.replace(&path.display().to_string(), "");
    for (open, close) in [('“', '”'), ('「', '」')] {
        while let (Some(a), Some(z)) = (text.find(open), text.rfind(close)) {
            if z < a {
                break;
            }
            text.replace_range(a..z + close.len_utf8(), "");
        }
    }
    assert!(
        text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "{what}: not Chinese: {message}"
    );
    // Code points: U+FFFE, U+1FFFE.
    while let Some(at) = text.find("U+") {
        let end = text[at + 2..]
            .find(|c: char| !c.is_ascii_hexdigit())
            .map_or(text.len(), |e| at + 2 + e);
        text.replace_range(at..end, "");
    }
    const KNOWN: [&str; 10] = ["CSV", "csv", "xlsx", "xls", "Excel", "WPS", "UTF", "BOM", "GBK", "JSON"];
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let cell_ref = word.len() <= 3
            && word.chars().all(|c| c.is_ascii_uppercase())
            && chars.get(i).is_some_and(char::is_ascii_digit);
        let after_dot = start >= 1 && chars[start - 1] == '.';
        assert!(
            word.len() < 3 || KNOWN.contains(&word.as_str()) || cell_ref || after_dot,
            "{what}: English “{word}” in: {message}"
        );
    }
}

struct Tally {
    tried: usize,
    refused: usize,
    accepted: usize,
    by_message: BTreeMap<String, usize>,
}

fn try_case(b: &mut Branch, kind: ImportKind, c: &Case, n: usize, tally: &mut Tally) {
    let path = b.file(&format!("{n}.{}", c.ext));
    std::fs::write(&path, &c.bytes).unwrap();
    let before = digest(b);
    let outcome = import::run(&mut b.ledger, b.branch_id, kind, &path, false, &mut |_| {});
    let what = format!("{} / {}", kind.code(), c.name);
    tally.tried += 1;
    match outcome {
        Ok(_) => {
            assert_eq!(c.expect, Expect::Either, "{what}: accepted");
            tally.accepted += 1;
        }
        Err(e) => {
            let message = e.to_string();
            assert_chinese(&message, &path, &what);
            assert_eq!(digest(b), before, "{what}: refused, yet the ledger changed");
            tally.refused += 1;
            let head = message.replace(&path.display().to_string(), "");
            let head: String = head.chars().take(18).collect();
            *tally.by_message.entry(head).or_default() += 1;
        }
    }
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_thousand_hostile_files_are_refused_in_chinese_and_change_nothing() {
    let mut b = Branch::new();
    let mut rng = Rng(13);
    let mut tally = Tally {
        tried: 0,
        refused: 0,
        accepted: 0,
        by_message: BTreeMap::new(),
    };
    let mut n = 0;
    for (i, kind) in ImportKind::ALL.into_iter().enumerate() {
        for c in corpus(kind, &mut rng).iter().chain(heavy(kind, i, &mut rng).iter()) {
            n += 1;
            try_case(&mut b, kind, c, n, &mut tally);
        }
    }
    println!(
        "hostile corpus: {} files tried, {} refused, {} accepted, 0 panics",
        tally.tried, tally.refused, tally.accepted
    );
    for (m, k) in &tally.by_message {
        println!("  {k:4} × {m}…");
    }
    assert!(tally.tried >= 1_000, "only {} files", tally.tried);
}

#[test]
fn the_cli_refuses_crafted_files_with_exit_code_1_not_101() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("台账.db");
    assert!(zhibu(&ledger, &["init", "--branch", "数控党支部"]).status.success());
    let header = raw_sheet(r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>"#);
    let files: Vec<(&str, Vec<u8>)> = vec![
        (
            "远处.xlsx",
            workbook(
                header.replace(
                    "</sheetData>",
                    r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>"#,
                ),
                None,
            ),
        ),
        (
            "越界.xlsx",
            workbook(
                header.replace(
                    "</sheetData>",
                    r#"<row r="2"><c r="A2" t="s"><v>7</v></c></row></sheetData>"#,
                ),
                None,
            ),
        ),
        (
            "溢出.xlsx",
            workbook(
                header.replace(
                    "</sheetData>",
                    r#"<row r="2"><c r="A99999999999"><v>1</v></c></row></sheetData>"#,
                ),
                None,
            ),
        ),
        (
            "截断.xlsx",
            sample_xlsx(ImportKind::Members, "2020-01-01", "郑七")[..300].to_vec(),
        ),
        (
            "引号.csv",
            "姓名,党员类别,入党日期\n\"郑七,正式党员,2020-01-01\n".into(),
        ),
        (
            "名字.csv",
            csv_text(ImportKind::Members, "2020-01-01", "郑\u{FFFE}七").into_bytes(),
        ),
    ];
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = zhibu(&ledger, &["import", "members", path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert_chinese(&err, &path, name);
    }
}

/// The worst files, each imported in a process of its own that reports its peak memory (Linux).
#[test]
fn the_worst_files_stay_under_200_mb_and_are_refused_in_seconds() {
    if !Path::new("/proc/self/status").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let big_csv = |cols: usize| {
        let row = vec!["党"; cols].join(",");
        let mut text = String::from("姓名,任务名称,完成日期\n");
        while text.len() < 19 << 20 {
            text.push_str(&row);
            text.push('\n');
        }
        text
    };
    let many_strings = || {
        let strings = (0..299_000).map(|n| format!("{n:06}{}", "党".repeat(10)));
        let cells: String = (1..=150_000)
            .map(|r| {
                let row: String = (0..10)
                    .map(|c| {
                        format!(
                            r#"<c r="{}{r}" t="s"><v>{}</v></c>"#,
                            (b'A' + c) as char,
                            (r * 10 + c as usize) % 299_000
                        )
                    })
                    .collect();
                format!(r#"<row r="{r}">{row}</row>"#)
            })
            .collect();
        workbook(raw_sheet(&cells), Some(shared_strings(strings)))
    };
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("窄单元格.csv", big_csv(1_000).into_bytes()),
        ("宽行.csv", big_csv(12).into_bytes()),
        ("共享字符串.xlsx", many_strings()),
        (
            "谎报大小.xlsx",
            lying_sizes(workbook(raw_sheet(&"<c/>".repeat(30 << 20)), None), 1000),
        ),
        ("50MB.csv", "a,".repeat(25 << 20).into_bytes()),
    ];
    let mut worst = (0, "");
    for (name, bytes) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let o = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "import_one_file_and_report",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("ZHIBU_HOSTILE_FILE", &path)
            .output()
            .unwrap();
        let out = String::from_utf8_lossy(&o.stdout);
        let line = out
            .lines()
            .find_map(|l| l.split_once("HOSTILE ").map(|(_, figures)| figures))
            .unwrap_or_else(|| panic!("{name}: {out}{}", String::from_utf8_lossy(&o.stderr)));
        let figures: Vec<u64> = line.split_whitespace().take(2).map(|f| f.parse().unwrap()).collect();
        let (kb, ms) = (figures[0], figures[1]);
        println!(
            "{name} ({:.1} MB): peak {} MB, {ms} ms",
            bytes.len() as f64 / 1048576.0,
            kb / 1024
        );
        assert!(kb < 200 * 1024, "{name}: peak {kb} kB");
        assert!(ms < 20_000, "{name}: {ms} ms");
        if kb > worst.0 {
            worst = (kb, name);
        }
    }
    println!("worst: {} at {} MB", worst.1, worst.0 / 1024);
}

/// 赵一's 加减分 rows, one per 事由, numbered from row 2 in `order`, as a sheet's XML.
fn adjustments_sheet(order: impl Iterator<Item = usize>, tail: &str) -> String {
    let mut cells = String::from(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>日期</t></is></c><c r="C1" t="inlineStr"><is><t>分值</t></is></c><c r="D1" t="inlineStr"><is><t>事由</t></is></c></row>"#,
    );
    for r in order {
        cells.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>赵一</t></is></c><c r="B{r}" t="inlineStr"><is><t>2026-03-02</t></is></c><c r="C{r}"><v>1</v></c><c r="D{r}" t="inlineStr"><is><t>第{r}行的事由</t></is></c></row>"#
        ));
    }
    cells.push_str(tail);
    raw_sheet(&cells)
}

/// `import points-adjustments` of the file at `path`.
fn adjustments(b: &mut Branch, path: &Path, dry_run: bool) -> zhibu::Result<import::ImportReport> {
    import::run(
        &mut b.ledger,
        b.branch_id,
        ImportKind::PointsAdjustments,
        path,
        dry_run,
        &mut |_| {},
    )
}

#[test]
fn a_workbook_whose_rows_come_out_of_order_is_read_whole_and_in_order() {
    let mut b = Branch::new();
    let path = b.file("乱序.xlsx");
    // Hundreds of rows in order (written while the sheet is read), then row 700 before row 650.
    let order = (2..=600).chain([700, 650]);
    std::fs::write(&path, workbook(adjustments_sheet(order.clone(), ""), None)).unwrap();
    let report = adjustments(&mut b, &path, false).unwrap();
    assert_eq!((report.rows, report.created), (601, 601));
    let rows: Vec<usize> = report.changes.iter().map(|c| c.row).collect();
    let mut sorted: Vec<usize> = order.collect();
    sorted.sort();
    assert_eq!(
        rows, sorted,
        "the rows written before row 650 came were written once, in the sheet's order"
    );
    let again = adjustments(&mut b, &path, false).unwrap();
    assert_eq!((again.created, again.unchanged), (0, 601));
}

#[test]
fn a_workbook_refused_on_its_last_row_writes_none_of_the_rows_before() {
    let mut b = Branch::new();
    let before = digest(&b);
    let path = b.file("末行越界.xlsx");
    // Thousands of good rows, written while the sheet is read, then a cell past the row limit.
    let far = r#"<row r="250001"><c r="A250001" t="inlineStr"><is><t>赵一</t></is></c></row>"#;
    std::fs::write(&path, workbook(adjustments_sheet(2..3_000, far), None)).unwrap();
    for dry_run in [true, false] {
        let e = adjustments(&mut b, &path, dry_run).unwrap_err();
        assert!(matches!(e, zhibu::Error::Format(_)), "{e:?}");
        assert!(e.to_string().contains("单元格 A250001超出导入上限"), "{e}");
        assert_eq!(digest(&b), before);
    }
    // Without the far cell, every row is written.
    std::fs::write(&path, workbook(adjustments_sheet(2..3_000, ""), None)).unwrap();
    let report = adjustments(&mut b, &path, false).unwrap();
    assert_eq!(report.created, 2_998);
}

#[test]
#[ignore = "run by the_worst_files_stay_under_200_mb_and_are_refused_in_seconds, in a process of its own"]
fn import_one_file_and_report() {
    let Ok(file) = std::env::var("ZHIBU_HOSTILE_FILE") else {
        return;
    };
    let mut b = Branch::new();
    let started = std::time::Instant::now();
    let outcome = import::run(
        &mut b.ledger,
        b.branch_id,
        ImportKind::StudyRecords,
        Path::new(&file),
        false,
        &mut |_| {},
    );
    let ms = started.elapsed().as_millis();
    assert!(outcome.is_err(), "{file}: accepted");
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap();
    println!("HOSTILE {kb} {ms}");
}

mod readers {
    //! The CSV and xlsx readers under random input (a brief fuzz in every test run): whatever the
    //! bytes, they return — a table or a Chinese refusal — and never panic.

    use super::*;
    use proptest::prelude::*;

    fn read(bytes: &[u8], ext: &str) -> zhibu::Result<zhibu::io::table::Table> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("f.{ext}"));
        std::fs::write(&path, bytes).unwrap();
        let out = zhibu::io::table::read(&path, None, &["姓名", "党员类别"]);
        if let Err(e) = &out {
            assert_chinese(&e.to_string(), &path, "reader");
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic_either_reader(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            let _ = read(&bytes, "csv");
            let _ = read(&bytes, "xlsx");
        }

        #[test]
        fn a_mutated_csv_never_panics(
            edits in proptest::collection::vec((any::<usize>(), prop::sample::select(b"\",\n\r\t\0\xff\xef\xbb\xbf=a".to_vec())), 1..6),
        ) {
            let mut bytes = csv_text(ImportKind::Members, "2020-01-01", "郑七").into_bytes();
            for (i, b) in edits {
                let n = bytes.len();
                bytes.insert(i % n, b);
            }
            let _ = read(&bytes, "csv");
        }

        #[test]
        fn a_mutated_workbook_never_panics(
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8),
            cut in any::<usize>(),
        ) {
            let mut bytes = sample_xlsx(ImportKind::Members, "2020-01-01", "郑七");
            for (i, b) in edits {
                let n = bytes.len();
                bytes[i % n] = b;
            }
            if cut % 4 == 0 {
                let n = bytes.len();
                bytes.truncate(cut % n);
            }
            let _ = read(&bytes, "xlsx");
        }

        /// Damage inside the XML, zipped again: reaches the spreadsheet library's own parsing.
        #[test]
        fn a_workbook_with_damaged_xml_never_panics(
            edits in proptest::collection::vec((any::<usize>(), prop::sample::select(b"<>/\"=&#;:rRcCtsv019AZ\xff".to_vec())), 1..10),
            shared in any::<bool>(),
        ) {
            let rows = rows_of(&csv_text(ImportKind::Members, "2020-01-01", "郑七"));
            let mut xml = sheet_xml(&rows, Some("A1:C2")).into_bytes();
            if shared {
                xml = String::from_utf8(xml).unwrap().replace(r#"t="inlineStr"><is><t>郑七</t></is>"#, r#"t="s"><v>0</v>"#).into_bytes();
            }
            for (i, b) in edits {
                let n = xml.len();
                xml[i % n] = b;
            }
            let sheet = String::from_utf8_lossy(&xml).into_owned();
            let sst = shared.then(|| shared_strings(["郑七".to_string()].into_iter()));
            let _ = read(&workbook(sheet, sst), "xlsx");
        }
    }
}

/// Errors of the libraries underneath, as the secretary reads them: Chinese, their English left out.
#[test]
fn library_errors_are_told_in_chinese() {
    use rusqlite::ffi;
    use zhibu::Error;
    let sqlite = |code: i32| {
        Error::Database(rusqlite::Error::SqliteFailure(
            ffi::Error::new(code),
            Some("database is locked".into()),
        ))
    };
    let io = |kind: std::io::ErrorKind| Error::Io(std::io::Error::new(kind, "No such file or directory (os error 2)"));
    let mut errors = vec![
        sqlite(ffi::SQLITE_BUSY),
        sqlite(ffi::SQLITE_LOCKED),
        sqlite(ffi::SQLITE_CORRUPT),
        sqlite(ffi::SQLITE_NOTADB),
        sqlite(ffi::SQLITE_FULL),
        sqlite(ffi::SQLITE_READONLY),
        sqlite(ffi::SQLITE_CANTOPEN),
        sqlite(ffi::SQLITE_IOERR),
        sqlite(ffi::SQLITE_CONSTRAINT),
        sqlite(ffi::SQLITE_MISMATCH),
        Error::Database(rusqlite::Error::QueryReturnedNoRows),
        Error::Database(rusqlite::Error::InvalidColumnName("name".into())),
        Error::Migration(rusqlite_migration::Error::MigrationDefinition(
            rusqlite_migration::MigrationDefinitionError::DatabaseTooFarAhead,
        )),
        Error::Migration(rusqlite_migration::Error::InvalidUserVersion),
        Error::Migration(rusqlite_migration::Error::Hook("hook failed".into())),
        Error::Xlsx(rust_xlsxwriter::XlsxError::MaxStringLengthExceeded),
        Error::Xlsx(rust_xlsxwriter::XlsxError::ParameterError("bad parameter".into())),
        Error::Xlsx(rust_xlsxwriter::XlsxError::IoError(std::io::Error::from(
            std::io::ErrorKind::StorageFull,
        ))),
        Error::Io(std::io::Error::from_raw_os_error(28)),
    ];
    for kind in [
        std::io::ErrorKind::NotFound,
        std::io::ErrorKind::PermissionDenied,
        std::io::ErrorKind::StorageFull,
        std::io::ErrorKind::UnexpectedEof,
        std::io::ErrorKind::Other,
    ] {
        errors.push(io(kind));
    }
    // A ledger written by a later version of the program.
    let Branch { dir: _dir, ledger, .. } = Branch::new();
    let future = ledger.path().to_path_buf();
    drop(ledger);
    rusqlite::Connection::open(&future)
        .unwrap()
        .execute_batch("PRAGMA user_version = 999")
        .unwrap();
    let opened = zhibu::Ledger::open(&future).map(|_| ()).unwrap_err();
    assert!(opened.to_string().contains("更新版本"), "{opened}");
    errors.push(opened);
    for e in errors {
        assert_chinese(&e.to_string(), Path::new("/nowhere"), e.kind());
    }
}
