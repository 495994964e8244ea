//! The exported workbook through a real reader: LibreOffice converts it to PDF, and the pages hold
//! every sheet's title. Needs `soffice` and `pdfinfo`/`pdftotext`: `.ci/run` installs them and runs
//! `cargo test --test render -- --ignored`.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use zhibu::io::export::{self, WorkbookOptions, SHEETS};

fn run(cmd: &str, args: &[&str], dir: &Path) -> String {
    let out = Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{cmd} is not installed: {e}"));
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs LibreOffice and poppler-utils; run by .ci/run"]
fn libreoffice_prints_every_sheet_on_a4() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&dir.path().join("demo.db"), today).unwrap();
    let branch_id = zhibu::domain::org::resolve(ledger.conn(), None).unwrap();
    let xlsx = dir.path().join("ledger.xlsx");
    let opts = WorkbookOptions {
        year: 2026,
        branch_id,
        include_sensitive: false,
        include_details: true,
    };
    export::workbook(ledger.conn(), opts, &xlsx, &mut |_| {}).unwrap();

    // A private profile: a LibreOffice the user has open must not swallow the conversion.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("lo-profile").display()
    );
    run(
        "soffice",
        &[
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            ".",
            "ledger.xlsx",
        ],
        dir.path(),
    );
    let info = run("pdfinfo", &["ledger.pdf"], dir.path());
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

    let text = run("pdftotext", &["-layout", "ledger.pdf", "-"], dir.path());
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
    assert!(text.contains("第 1 页，共"), "page numbers in the footer");
}
