//! `cargo bench --bench college`: issue 14's figures on `zhibu demo --scale college` (60 branches,
//! 3,000 members) at 1×, 2× and 4× (120 and 240 branches), each next to its target, then how each
//! college-wide figure grows. A plain timer: no test depends on these numbers.
//!
//! `ZHIBU_BENCH_SCALES=1` limits the scales (e.g. while working on one figure).

use std::path::Path;
use std::time::Instant;

use calamine::Reader;

use chrono::NaiveDate;
use rusqlite::Connection;
use zhibu::analysis::{appraisal, attention, compliance, points, reports};
use zhibu::domain::members::{self, MemberFilter};
use zhibu::domain::{activities, org, study};
use zhibu::io::charts;
use zhibu::io::export;

const YEAR: i32 = 2026;

/// Median milliseconds of `runs` calls (an odd number) after one warm-up call: on this kind of
/// virtual machine one call in a few takes 10–30 % longer for reasons of its own, which a mean
/// carries into the figure.
fn ms<T>(runs: u32, mut f: impl FnMut() -> T) -> f64 {
    f();
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

struct Figure {
    what: &'static str,
    ms: f64,
    target_ms: f64,
}

/// “ok” or “OVER” at ×1, where the issue sets its targets; larger scales show growth, not verdicts.
fn verdict(scale: u32, within: bool) -> &'static str {
    match (scale, within) {
        (1, true) => "ok",
        (1, false) => "OVER",
        _ => "(target at ×1)",
    }
}

fn report(scale: u32, figures: &[Figure]) {
    println!("\n## college ×{scale}");
    for f in figures {
        let verdict = verdict(scale, f.ms <= f.target_ms);
        println!(
            "{:<58} {:>9.1} ms   target ≤ {:>6.0} ms   {verdict}",
            f.what, f.ms, f.target_ms
        );
    }
}

/// Every figure of one scale. Branch figures use the largest branch (the first 学生党支部: 400
/// members, 100 activities); college figures go over every branch.
fn measure(conn: &Connection, dir: &Path, today: NaiveDate) -> Vec<Figure> {
    let (start, end) = (
        NaiveDate::from_ymd_opt(YEAR, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(YEAR, 12, 31).unwrap(),
    );
    let branches = org::list(conn).unwrap();
    let b = branches[0].id;
    let member = members::list(conn, b, &MemberFilter::default()).unwrap()[7].id;
    let all = |f: &dyn Fn(i64)| {
        for br in &branches {
            f(br.id)
        }
    };
    let mut out = Vec::new();
    let mut fig = |what, target_ms, ms| out.push(Figure { what, ms, target_ms });
    fig(
        "branch: report summary",
        50.0,
        ms(9, || reports::summary(conn, Some(b), YEAR).unwrap()),
    );
    fig(
        "branch: 首页 dashboard",
        50.0,
        ms(9, || reports::dashboard(conn, b, today).unwrap()),
    );
    fig(
        "branch: 党员 list (在册)",
        50.0,
        ms(9, || members::list(conn, b, &MemberFilter::default()).unwrap()),
    );
    fig(
        "branch: 活动 list (year)",
        50.0,
        ms(9, || activities::list(conn, Some(b), start, end).unwrap()),
    );
    fig(
        "branch: points ranking (year)",
        50.0,
        ms(9, || points::ranking(conn, b, start, end).unwrap()),
    );
    fig(
        "branch: points explain (one member)",
        50.0,
        ms(9, || points::explain(conn, b, member, start, end).unwrap()),
    );
    fig(
        "branch: report study (tasks + members)",
        50.0,
        ms(9, || study::year_stats(conn, Some(b), YEAR).unwrap()),
    );
    fig(
        "branch: report compliance",
        50.0,
        ms(9, || compliance::compliance(conn, b, YEAR, today).unwrap()),
    );
    fig(
        "branch: report attention",
        50.0,
        ms(9, || attention::attention(conn, b, YEAR, today).unwrap()),
    );
    fig(
        "branch: report appraisal",
        50.0,
        ms(9, || appraisal::sheet(conn, b, YEAR).unwrap()),
    );
    fig(
        "college: report summary",
        300.0,
        ms(5, || reports::summary(conn, None, YEAR).unwrap()),
    );
    fig(
        "college: report branches (branch ranking)",
        300.0,
        ms(5, || zhibu::analysis::college::ranking(conn, YEAR, today).unwrap()),
    );
    fig(
        "college: report study",
        300.0,
        ms(5, || study::year_stats(conn, None, YEAR).unwrap()),
    );
    fig(
        "college: 活动 list (year)",
        300.0,
        ms(5, || activities::list(conn, None, start, end).unwrap()),
    );
    fig(
        "college: points ranking of every branch",
        300.0,
        ms(5, || {
            all(&|id| {
                points::ranking(conn, id, start, end).unwrap();
            })
        }),
    );
    fig(
        "college: compliance of every branch",
        300.0,
        ms(5, || {
            all(&|id| {
                compliance::compliance(conn, id, YEAR, today).unwrap();
            })
        }),
    );
    let opts = charts::ChartOptions::new(YEAR, b);
    fig(
        "branch: all charts (6 PNG + A4 poster)",
        500.0,
        ms(3, || {
            charts::write_all(conn, &opts, &dir.join("charts"), &mut |_| {}).unwrap()
        }),
    );
    let book = export::WorkbookOptions {
        year: YEAR,
        branch_id: b,
        include_sensitive: false,
        include_details: false,
        a3: false,
    };
    let out_path = dir.join("branch.xlsx");
    fig(
        "branch: annual workbook",
        100.0,
        ms(9, || export::workbook(conn, book, &out_path, &mut |_| {}).unwrap()),
    );
    out
}

/// The college book next to bare rust_xlsxwriter writing the same cells (read back from the book:
/// same sheets, rows, strings, numbers and dates, one format per kind of cell), in constant memory
/// with zlib at the books' zip level, in this run; and the peak memory of `zhibu export college`
/// in a process of its own.
fn college_book(conn: &Connection, ledger: &Path, dir: &Path, today: NaiveDate) -> (f64, f64, f64, usize) {
    let out = dir.join("college.xlsx");
    let ours = ms(3, || {
        export::college::workbook(conn, YEAR, today, &out, &mut |_| {}).unwrap()
    });
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let sheets: Vec<(String, calamine::Range<calamine::Data>)> = book
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            (name, range)
        })
        .collect();
    let cells: usize = sheets.iter().map(|(_, r)| r.get_size().0 * r.get_size().1).sum();
    let bare_out = dir.join("bare.xlsx");
    let bare = ms(3, || bare_write(&sheets, &bare_out));
    (ours, bare, peak_rss_mb(conn, ledger, today, dir), cells)
}

fn bare_write(sheets: &[(String, calamine::Range<calamine::Data>)], out: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let text = Format::new().set_font_name("宋体");
    let number = Format::new().set_num_format("0.0#");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (name, range) in sheets {
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        ws.set_name(name).unwrap();
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    calamine::Data::String(s) => ws.write_string_with_format(r, c, s, &text).map(|_| ()),
                    calamine::Data::Float(x) => ws.write_number_with_format(r, c, *x, &number).map(|_| ()),
                    calamine::Data::Int(x) => ws.write_number_with_format(r, c, *x as f64, &number).map(|_| ()),
                    calamine::Data::DateTime(d) => {
                        let d = ExcelDateTime::from_serial_datetime(d.as_f64()).unwrap();
                        ws.write_datetime_with_format(r, c, d, &date).map(|_| ())
                    }
                    _ => Ok(()),
                }
                .unwrap();
            }
        }
    }
    // The zip level the app's books are saved at, for a like comparison.
    wb.set_zip_compression_level(export::ZIP_LEVEL);
    wb.save(out).unwrap();
}

/// The peak resident memory (MB) of `zhibu export college` on the ledger, run as a process, after
/// a first run has taken the day's opening backup (measured apart: it is not the export's).
fn peak_rss_mb(conn: &Connection, ledger: &Path, today: NaiveDate, dir: &Path) -> f64 {
    // The demo was written in one transaction: settle its WAL into the file, as a ledger at rest is.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    let run = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_zhibu"));
        cmd.args([
            "--ledger",
            &ledger.display().to_string(),
            "export",
            "college",
            "--year",
            &YEAR.to_string(),
        ])
        .args([
            "--as-of",
            &today.to_string(),
            "--out",
            &dir.join("cli.xlsx").display().to_string(),
        ])
        .stdout(std::process::Stdio::null());
        peak_rss_of(cmd)
    };
    run();
    run()
}

/// Runs the command to its end and says its peak resident memory in MB: the kernel's high-water
/// mark of the process (VmHWM), read until it exits. Not getrusage: a child's ru_maxrss starts
/// from this (large) bench process's, kept across exec.
#[cfg(target_os = "linux")]
fn peak_rss_of(mut cmd: std::process::Command) -> f64 {
    let mut child = cmd.spawn().unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0_f64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            if let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            {
                peak_kb = peak_kb.max(kb);
            }
        }
        if let Some(done) = child.try_wait().unwrap() {
            assert!(done.success(), "{cmd:?} failed");
            return peak_kb / 1024.0;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[cfg(not(target_os = "linux"))]
fn peak_rss_of(mut cmd: std::process::Command) -> f64 {
    assert!(cmd.status().unwrap().success());
    f64::NAN
}

/// A peer of `benches/peer` run on the ledger: its JSON line, or why it could not run (the venv
/// `scripts/install-deps.sh bench` makes is missing).
fn peer(script: &str, args: &[String], today: NaiveDate) -> Option<serde_json::Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = root.join("target/peer-venv/bin/python");
    if !python.exists() {
        println!("peer {script}: not run (bash scripts/install-deps.sh bench makes its Python venv)");
        return None;
    }
    let json = std::env::temp_dir().join(format!("zhibu-peer-{}.json", std::process::id()));
    let mut cmd = std::process::Command::new(python);
    cmd.arg(root.join("benches/peer").join(script))
        .args(args)
        // The peer judges compliance by this day, as Zhibu's figures here do.
        .env("ZHIBU_TODAY", today.to_string())
        .stdout(std::fs::File::create(&json).unwrap());
    let rss = peak_rss_of(cmd);
    let mut v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).ok()?).ok()?;
    // Its own ru_maxrss would start from this bench's: the kernel's mark of the process instead.
    v["peak_rss_mb"] = serde_json::json!(rss);
    Some(v)
}

/// The peers next to Zhibu: the college book (time and peak memory) and one branch's charts.
fn peers(
    ledger: &Path,
    dir: &Path,
    today: NaiveDate,
    ours_book_ms: f64,
    ours_book_rss: f64,
    ours_charts_ms: f64,
    branch: &str,
) {
    let ledger = ledger.display().to_string();
    let book = dir.join("peer.xlsx").display().to_string();
    if let Some(v) = peer("college_book.py", &[ledger.clone(), YEAR.to_string(), book], today) {
        let s = v["seconds"].as_f64().unwrap_or(f64::NAN) * 1000.0;
        let rss = v["peak_rss_mb"].as_f64().unwrap_or(f64::NAN);
        println!(
            "peer: Python XlsxWriter (constant memory) college book   {s:>9.1} ms, {rss:.0} MB   Zhibu {ours_book_ms:.1} ms, {ours_book_rss:.0} MB: Zhibu takes {:.2}× the peer's time",
            ours_book_ms / s
        );
    }
    let charts = dir.join("peer-charts").display().to_string();
    if let Some(v) = peer(
        "charts.py",
        &[ledger, YEAR.to_string(), branch.to_string(), charts],
        today,
    ) {
        let s = v["seconds"].as_f64().unwrap_or(f64::NAN) * 1000.0;
        println!(
            "peer: Python matplotlib charts of one branch              {s:>9.1} ms   Zhibu {ours_charts_ms:.1} ms: Zhibu takes {:.2}× the peer's time",
            ours_charts_ms / s
        );
    }
}

fn main() {
    zhibu::store::memory::allocate_through_mimalloc();
    let today = NaiveDate::from_ymd_opt(YEAR, 12, 31).unwrap();
    let scales: Vec<u32> = std::env::var("ZHIBU_BENCH_SCALES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 2, 4]);
    let mut by_scale = Vec::new();
    for &scale in &scales {
        let dir = tempfile::tempdir().unwrap();
        let started = Instant::now();
        let ledger = zhibu::io::demo::college::create(&dir.path().join("college.db"), today, scale).unwrap();
        println!(
            "\ndemo --scale college ×{scale}: {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let mut figures = measure(ledger.conn(), dir.path(), today);
        let (ours, bare, rss, cells) = college_book(ledger.conn(), &dir.path().join("college.db"), dir.path(), today);
        report(scale, &figures);
        println!(
            "college: annual workbook (党委's book, {cells} cells)        {ours:>9.1} ms   bare rust_xlsxwriter {bare:.1} ms: ratio {:.2} (target ≤ 1.20)   {}",
            ours / bare,
            verdict(scale, ours / bare <= 1.2)
        );
        println!(
            "college: annual workbook peak RSS (own process)              {rss:>9.1} MB   target ≤ 64 MB   {}",
            verdict(scale, rss <= 64.0)
        );
        let charts_ms = figures
            .iter()
            .find(|f| f.what.contains("all charts"))
            .map_or(f64::NAN, |f| f.ms);
        let branch = zhibu::domain::org::list(ledger.conn()).unwrap()[0].name.clone();
        peers(
            &dir.path().join("college.db"),
            dir.path(),
            today,
            ours,
            rss,
            charts_ms,
            &branch,
        );
        figures.push(Figure {
            what: "college: annual workbook",
            ms: ours,
            target_ms: bare * 1.2,
        });
        by_scale.push((scale, figures));
    }
    if by_scale.len() > 1 {
        println!("\n## growth (time at ×N ÷ time at ×{}; linear is ×N)", by_scale[0].0);
        let (base_scale, base) = &by_scale[0];
        for (i, f) in base.iter().enumerate().filter(|(_, f)| f.what.starts_with("college")) {
            let ratios: Vec<String> = by_scale[1..]
                .iter()
                .map(|(s, figs)| {
                    format!(
                        "×{s}: {:.2} (linear {:.0})",
                        figs[i].ms / f.ms,
                        *s as f64 / *base_scale as f64
                    )
                })
                .collect();
            println!("{:<58} {}", f.what, ratios.join("   "));
        }
    }
}
