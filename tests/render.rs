//! The exported workbook through a real reader: LibreOffice converts it to PDF, and the pages hold
//! every sheet's title. Needs `soffice` and `pdfinfo`/`pdftotext`: `.ci/run` installs them and runs
//! `cargo test --test render -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use zhibu::io::export::{self, WorkbookOptions, SHEETS};

fn run(cmd: &str, args: &[&str], dir: &Path) -> String {
    try_run(cmd, args, dir).unwrap_or_else(|e| panic!("{e}"))
}

/// What `cmd` printed, or what it said on failing.
fn try_run(cmd: &str, args: &[&str], dir: &Path) -> Result<String, String> {
    let out = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is not installed: {e}"));
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!("{cmd} {args:?}: {}", String::from_utf8_lossy(&out.stderr)))
    }
}

/// The demo year printed once for every test here, in the tests' scratch folder: one print
/// serves them all, and LibreOffice is never started twice at once.
fn printed() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("render");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        print_demo_year(&dir);
        dir
    })
}

/// The demo year's full book (`ledger.xlsx`) and 会议记录 (`minutes.xlsx`), printed by LibreOffice
/// into `dir` as `ledger.pdf` and `minutes.pdf`.
fn print_demo_year(dir: &Path) {
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&dir.join("demo.db"), today).unwrap();
    let branch_id = zhibu::domain::org::resolve(ledger.conn(), None).unwrap();
    let opts = WorkbookOptions {
        year: 2026,
        branch_id,
        include_sensitive: false,
        include_details: true,
        a3: false,
    };
    export::workbook(ledger.conn(), opts, &dir.join("ledger.xlsx"), &mut |_| {}).unwrap();
    export::minutes::workbook(ledger.conn(), branch_id, 2026, &dir.join("minutes.xlsx"), &mut |_| {}).unwrap();
    // LibreOffice 7.4 has aborted now and then on its first start with a fresh profile (“terminate
    // called after throwing … WrappedTargetRuntimeException”, in a clean CI run): a crash of the
    // reader is tried again, with another fresh profile; a print that fails three times fails.
    const TRIES: usize = 3;
    for attempt in 1..=TRIES {
        // A private profile: a LibreOffice the user has open must not swallow the conversion.
        let profile = format!(
            "-env:UserInstallation=file://{}",
            dir.join(format!("lo-profile-{attempt}")).display()
        );
        let args = [
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            ".",
            "ledger.xlsx",
            "minutes.xlsx",
        ];
        match try_run("soffice", &args, dir) {
            Ok(_) => break,
            Err(e) if attempt < TRIES => eprintln!("try {attempt} of {TRIES}: {e}"),
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
#[ignore = "needs LibreOffice and poppler-utils; run by .ci/run"]
fn libreoffice_prints_every_sheet_on_a4() {
    let dir = printed();
    let info = run("pdfinfo", &["ledger.pdf"], dir);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    // Every sheet starts a page; the long registers (学习记录, 积分明细) run to many.
    assert!((SHEETS.len()..200).contains(&pages), "{pages} pages");
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_default()
        .to_string();
    assert!(size.contains("(A4)"), "A4 pages: {size}");

    let text = run("pdftotext", &["-layout", "ledger.pdf", "-"], dir);
    for title in [
        "2026 年工作统计",
        "年党员花名册",
        "年组织生活记录",
        "年考勤表",
        "年学习任务完成情况",
        "年学习记录",
        "年学时统计",
        "年积分明细",
        "年积分排行",
        "年先锋示范岗",
    ] {
        assert!(text.contains(title), "no page titled …{title}");
    }
    // The 封面 (page 1) has no footer; the sheets after it are numbered.
    assert!(text.contains("第 2 页，共"), "page numbers in the footer");
}

/// A run of text as poppler reads it from the PDF: its page, its type size in points, where it
/// starts and how wide it is (in pdftohtml's units), and the text. Sizes come rounded to whole
/// units of the zoom, and pdftohtml zooms 3× at most: a third of a point.
struct Run {
    page: usize,
    size: f64,
    top: f64,
    left: f64,
    width: f64,
    text: String,
}

fn printed_runs(pdf: &str, dir: &Path) -> Vec<Run> {
    let xml = run("pdftohtml", &["-xml", "-zoom", "3", "-i", "-stdout", pdf], dir);
    let attr = |line: &str, name: &str| -> Option<String> {
        let at = line.find(&format!(" {name}=\""))? + name.len() + 3;
        line[at..].split('"').next().map(String::from)
    };
    let number = |line: &str, name: &str| attr(line, name).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    let mut fonts = std::collections::HashMap::new();
    let mut page = 0;
    let mut out = Vec::new();
    for line in xml.lines().map(str::trim_start) {
        if line.starts_with("<page ") {
            page += 1;
        } else if line.starts_with("<fontspec ") {
            if let Some(id) = attr(line, "id") {
                fonts.insert(id, number(line, "size") / 3.0);
            }
        } else if line.starts_with("<text ") {
            let Some(font) = attr(line, "font") else {
                continue;
            };
            let text = line.split('>').nth(1).and_then(|t| t.split('<').next()).unwrap_or("");
            // Blank runs (spaces, &#160;) carry no type anyone reads.
            if text.replace("&#160;", "").trim().is_empty() {
                continue;
            }
            out.push(Run {
                page,
                size: fonts[&font],
                top: number(line, "top"),
                left: number(line, "left"),
                width: number(line, "width"),
                text: text.to_string(),
            });
        }
    }
    out
}

/// Runs that open a printed line with a mark Chinese typesetting keeps off a line's start (“、”,
/// “）”, “，”…): no run on the same line ends where they begin. (A run also ends where the face
/// changes, as from Chinese to digits, so a mark inside a line starts a run too.)
fn lines_opening_with_a_closing_mark(runs: &[Run]) -> Vec<String> {
    const CLOSING: &str = "、，。；：！？）」』】》";
    runs.iter()
        .filter(|r| r.text.chars().next().is_some_and(|c| CLOSING.contains(c)))
        .filter(|r| {
            !runs
                .iter()
                .any(|o| o.page == r.page && (o.top - r.top).abs() <= 6.0 && (r.left - (o.left + o.width)).abs() <= 4.5)
        })
        .map(|r| format!("page {}: “{}”", r.page, r.text))
        .collect()
}

/// The type on every printed page is at least 9 pt (body 10.5 pt; no register shrunk below 86%),
/// measured from the PDF LibreOffice prints with Calibri's metrics (Carlito), as Excel and WPS do;
/// and no printed line opens with “、” or “）” (LibreOffice breaks lines without the Chinese rules,
/// so wrapped cells carry their own breaks).
#[test]
#[ignore = "needs LibreOffice, poppler-utils and fonts-crosextra-carlito; run by .ci/run"]
fn no_printed_text_is_smaller_than_9_pt_and_no_line_opens_with_a_closing_mark() {
    for pdf in ["ledger.pdf", "minutes.pdf"] {
        let runs = printed_runs(pdf, printed());
        let pages = runs.iter().map(|r| r.page).max().unwrap_or(0);
        assert!(pages > 0, "{pdf}: no text");
        let mut smallest = Vec::new();
        for page in 1..=pages {
            let Some(min) = runs
                .iter()
                .filter(|r| r.page == page)
                .min_by(|a, b| a.size.total_cmp(&b.size))
            else {
                continue;
            };
            smallest.push(format!("{page}: {:.1} pt", min.size));
            assert!(
                min.size >= 8.95,
                "{pdf} page {page} prints “{}” at {:.1} pt",
                min.text,
                min.size
            );
        }
        println!("{pdf}, smallest type per page: {}", smallest.join(", "));
        let bad = lines_opening_with_a_closing_mark(&runs);
        assert!(bad.is_empty(), "{pdf}: lines open with a closing mark: {bad:?}");
    }
}
