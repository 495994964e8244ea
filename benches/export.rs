//! `cargo bench --bench export`: how long the demo year's exports take (a plain timer: the numbers go
//! in the closing notes, no test depends on them).

use std::time::Instant;

use chrono::NaiveDate;
use zhibu::analysis::reports;
use zhibu::domain::org;
use zhibu::io::charts;
use zhibu::io::export;

fn time<T>(what: &str, runs: u32, mut f: impl FnMut() -> T) -> T {
    let mut out = f();
    let start = Instant::now();
    for _ in 0..runs {
        out = f();
    }
    println!(
        "{what}: {:.1} ms (mean of {runs})",
        start.elapsed().as_secs_f64() * 1000.0 / runs as f64
    );
    out
}

fn main() {
    zhibu::store::memory::allocate_through_mimalloc();
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let start = Instant::now();
    let ledger = zhibu::io::demo::create(&dir.path().join("demo.db"), today).unwrap();
    println!("demo ledger: {:.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    let branch_id = org::resolve(ledger.conn(), None).unwrap();
    time("report summary", 10, || {
        reports::summary(ledger.conn(), None, 2026).unwrap()
    });
    let out = dir.path().join("ledger.xlsx");
    let opts = export::WorkbookOptions {
        year: 2026,
        branch_id,
        include_sensitive: false,
        include_details: true,
        a3: false,
    };
    time("export workbook (full: with 积分明细, 学习记录)", 5, || {
        export::workbook(ledger.conn(), opts, &out, &mut |_| {}).unwrap()
    });
    let auditors = export::WorkbookOptions {
        include_details: false,
        a3: false,
        ..opts
    };
    time("export workbook (the auditor's book)", 5, || {
        export::workbook(ledger.conn(), auditors, &out, &mut |_| {}).unwrap()
    });
    let minutes = dir.path().join("minutes.xlsx");
    time("export minutes (a page per meeting)", 5, || {
        export::minutes::workbook(ledger.conn(), branch_id, 2026, &minutes, &mut |_| {}).unwrap()
    });
    let opts = charts::ChartOptions::new(2026, branch_id);
    time("export charts (6 × 1920×1080 PNG and the A4 poster)", 3, || {
        charts::write_all(ledger.conn(), &opts, &dir.path().join("charts"), &mut |_| {}).unwrap()
    });
}
