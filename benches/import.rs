//! `cargo bench --bench import`: issue 14's import targets (a plain timer: the numbers go in the
//! closing notes, no test depends on them). The inputs are written from `demo --scale large` (one
//! branch of 3,000 members, ≈1,500 activities with ≈130k marks, ≈100k study completions) in the
//! import format, and imported into a fresh ledger holding the same members, 支委 and study tasks but
//! no records: every row is a new record, written whole in one transaction with its audit entries.
//!
//! Printed: each import next to its target, its growth over the file's size (the same import at
//! smaller and larger files), and the whole `zhibu import` command as the secretary runs it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use rust_xlsxwriter::Workbook;
use zhibu::domain::activities;
use zhibu::domain::org;
use zhibu::io::import::{self, ImportKind};
use zhibu::kernel::labels::{ActivityKind, AttendanceStatus, Gender, Membership, PersonCategory, StudySource};
use zhibu::store::audit;
use zhibu::Ledger;

/// Runs of each measured import (`ZHIBU_BENCH_RUNS`, else 3); the median is printed.
fn runs() -> usize {
    std::env::var("ZHIBU_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(3)
}

type Rows = Vec<Vec<String>>;

fn main() {
    zhibu::store::memory::allocate_through_mimalloc();
    // `cargo bench --bench import -- records` runs that part alone: records, records-csv,
    // records-growth, activities, activities-issue, activities-csv, activities-growth, cli.
    let parts: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let run = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    // `ZHIBU_BENCH_FIXTURE=DIR` keeps the fresh ledger and the input files in DIR and reuses them
    // on later runs (for working on an import: the demo ledger takes seconds to build).
    let temp = tempfile::tempdir().unwrap();
    let dir = std::env::var_os("ZHIBU_BENCH_FIXTURE")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("base.db");
    let (records, activities) = if base.is_file() {
        let rows = |name: &str| -> Rows {
            csv::Reader::from_path(dir.join(name))
                .unwrap()
                .records()
                .map(|r| r.unwrap().iter().map(str::to_string).collect())
                .collect()
        };
        (rows("records.csv"), rows("activities.csv"))
    } else {
        let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let start = Instant::now();
        let large = zhibu::io::demo::create_large(&dir.join("large.db"), today).unwrap();
        println!("demo --scale large: {:.1} s", start.elapsed().as_secs_f64());
        let inputs = Inputs::read(&large);
        drop(large);
        inputs.fresh_ledger(&base, today);
        write_csv(&dir.join("records.csv"), RECORD_HEADER, &inputs.records);
        write_csv(&dir.join("activities.csv"), ACTIVITY_HEADER, &inputs.activities);
        (inputs.records, inputs.activities)
    };
    // `ZHIBU_BENCH_SCALE=0.1` imports the first tenth of each file (for profiling under valgrind).
    let scale: f64 = std::env::var("ZHIBU_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s| (0.0..=1.0).contains(s))
        .unwrap_or(1.0);
    let (mut records, mut activities) = (records, activities);
    records.truncate((records.len() as f64 * scale).round() as usize);
    activities.truncate((activities.len() as f64 * scale).round() as usize);
    let bench = Bench { dir, base };
    let marks = |rows: &Rows| -> usize {
        rows.iter()
            .map(|r| r[9..12].iter().map(|l| names_in(l)).sum::<usize>())
            .sum()
    };
    println!(
        "inputs: {} study records, {} activities with {} attendance marks, imported into a fresh ledger \
         of the same 3,000 members, 支委 and study tasks",
        group(records.len()),
        group(activities.len()),
        group(marks(&activities)),
    );
    println!();

    // Study records: the platform's export is a workbook; CSV is the other accepted format. A file
    // takes at most 200,000 rows (io::table::limits), so the growth runs at ¼×, ½× and 1×.
    let share_of = |rows: &Rows, share: f64| -> Rows {
        let n = (rows.len() as f64 * share).round() as usize;
        rows[..n].to_vec()
    };
    let n = records.len();
    let mut one = None;
    if run("records") || run("records-growth") {
        let xlsx = bench.write_xlsx("records.xlsx", "学习记录", RECORD_HEADER, &records);
        let t = bench.import(ImportKind::StudyRecords, &xlsx, n);
        println!("import study records (xlsx, {} rows): {t} (target ≤ 1 s)", group(n));
        one = Some(t);
    }
    if run("records-csv") {
        let csv = bench.write_csv("records-1.csv", RECORD_HEADER, &records);
        let t = bench.import(ImportKind::StudyRecords, &csv, n);
        println!("import study records (csv, {} rows): {t} (target ≤ 1 s)", group(n));
    }
    if let (true, Some(one)) = (run("records-growth"), one) {
        let mut points = Vec::new();
        for share in [0.25, 0.5] {
            let rows = share_of(&records, share);
            let file = bench.write_xlsx(&format!("records-{share}.xlsx"), "学习记录", RECORD_HEADER, &rows);
            points.push((
                share,
                rows.len(),
                bench.import(ImportKind::StudyRecords, &file, rows.len()),
            ));
        }
        points.push((1.0, n, one));
        growth("study records (xlsx)", &points);
    }
    println!();

    // Activities: ½×, 1× and 2× (the 2× file holds every activity twice, the copy under another
    // title on the same day: the same rolls, twice the marks).
    let activities_at = |share: f64| -> Rows {
        if share <= 1.0 {
            return share_of(&activities, share);
        }
        let mut twice = activities.clone();
        twice.extend(activities.iter().map(|a| {
            let mut copy = a.clone();
            copy[2] = format!("{}（补记）", copy[2]);
            copy
        }));
        twice
    };
    let (n, m) = (activities.len(), marks(&activities));
    let mut one = None;
    if run("activities") || run("activities-growth") {
        let xlsx = bench.write_xlsx("activities.xlsx", "组织生活记录", ACTIVITY_HEADER, &activities);
        let t = bench.import(ImportKind::Activities, &xlsx, n);
        println!(
            "import activities (xlsx, {} activities, {} marks): {t} (target ≤ 1 s)",
            group(n),
            group(m)
        );
        one = Some(t);
    }
    // The issue's size, 1,500 activities: the year's first, with their marks (the large demo holds
    // more, ≈1,650 with ≈141,000 marks: the lines above and below, for the growth).
    if run("activities-issue") {
        let first = share_of(&activities, ISSUE_ACTIVITIES as f64 / n as f64);
        let (k, marked) = (first.len(), marks(&first));
        for (ext, file) in [
            (
                "xlsx",
                bench.write_xlsx("activities-issue.xlsx", "组织生活记录", ACTIVITY_HEADER, &first),
            ),
            ("csv", bench.write_csv("activities-issue.csv", ACTIVITY_HEADER, &first)),
        ] {
            let t = bench.import(ImportKind::Activities, &file, k);
            println!(
                "import activities at the issue's size ({ext}, {} activities, {} marks): {t} (target ≤ 1 s)",
                group(k),
                group(marked)
            );
        }
    }
    if run("activities-csv") {
        let csv = bench.write_csv("activities-1.csv", ACTIVITY_HEADER, &activities);
        let t = bench.import(ImportKind::Activities, &csv, n);
        println!(
            "import activities (csv, {} activities, {} marks): {t} (target ≤ 1 s)",
            group(n),
            group(m)
        );
    }
    if let (true, Some(one)) = (run("activities-growth"), one) {
        let mut points = Vec::new();
        for share in [0.5, 1.0, 2.0] {
            if share == 1.0 {
                points.push((share, m, one));
                continue;
            }
            let rows = activities_at(share);
            let file = bench.write_xlsx(
                &format!("activities-{share}.xlsx"),
                "组织生活记录",
                ACTIVITY_HEADER,
                &rows,
            );
            points.push((
                share,
                marks(&rows),
                bench.import(ImportKind::Activities, &file, rows.len()),
            ));
        }
        growth("activities (xlsx, size = marks)", &points);
    }
    println!();

    // The command as the secretary runs it: process start, opening the ledger, the import, the
    // report printed (text, and the JSON the desktop and scripts read).
    if run("cli") {
        for (what, kind, sheet, header, rows) in [
            ("study-records", "学习记录", "学习记录", RECORD_HEADER, &records),
            (
                "activities",
                "组织生活记录",
                "组织生活记录",
                ACTIVITY_HEADER,
                &activities,
            ),
        ] {
            let file = bench.write_xlsx(&format!("{what}-cli.xlsx"), sheet, header, rows);
            for json in [false, true] {
                let (secs, lines) = bench.cli(what, &file, json);
                println!(
                    "zhibu import {what} ({kind}, xlsx{}): {secs:.2} s, {} lines printed",
                    if json { ", --json" } else { "" },
                    group(lines)
                );
            }
        }
    }
}

/// Activities in the issue's import target (“1,500 activities with 120k marks ≤ 1 s”).
const ISSUE_ACTIVITIES: usize = 1_500;

const RECORD_HEADER: &[&str] = &["姓名", "任务名称", "完成日期", "来源"];
const ACTIVITY_HEADER: &[&str] = &[
    "日期",
    "类型",
    "主题",
    "地点",
    "形式",
    "主持人",
    "记录人",
    "学时",
    "党小组",
    "出席",
    "请假",
    "缺席",
];

/// What the bench imports, read from the large demo ledger.
struct Inputs {
    /// 姓名, 性别, 出生日期, 人员类别, 党员类别, 入党日期, 转正日期, 党小组
    members: Rows,
    /// (member name, role, term start) of the 支委.
    committee: Vec<(String, String, String)>,
    /// 任务名称, 类别, 发布日期, 截止日期, 学时
    tasks: Rows,
    /// In RECORD_HEADER's columns, in the ledger's order (by task, then member).
    records: Rows,
    /// In ACTIVITY_HEADER's columns, by date.
    activities: Rows,
}

impl Inputs {
    fn read(ledger: &Ledger) -> Inputs {
        let conn = ledger.conn();
        let strings = |sql: &str, width: usize| -> Rows {
            let mut st = conn.prepare(sql).unwrap();
            st.query_map([], |r| {
                (0..width)
                    .map(|i| Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()))
                    .collect::<rusqlite::Result<Vec<String>>>()
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
        };
        let label = |code: &str, f: fn(&str) -> Option<&'static str>| f(code).unwrap_or("").to_string();
        let members: Rows = strings(
            "SELECT m.name, m.gender, m.birth_date, m.category, m.membership, m.joined_on, m.confirmed_on, g.name
             FROM member m LEFT JOIN party_group g ON g.id = m.group_id ORDER BY m.id",
            8,
        )
        .into_iter()
        .map(|mut r| {
            r[1] = label(&r[1], |c| Gender::from_code(c).map(Gender::label));
            r[3] = label(&r[3], |c| PersonCategory::from_code(c).map(PersonCategory::label));
            r[4] = label(&r[4], |c| Membership::from_code(c).map(Membership::label));
            r
        })
        .collect();
        let committee = strings(
            "SELECT m.name, c.role, c.term_start FROM committee_role c JOIN member m ON m.id = c.member_id ORDER BY c.id",
            3,
        )
        .into_iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect();
        let tasks = strings(
            "SELECT name, category, published_on, due_on, CAST(hours AS TEXT) FROM study_task ORDER BY id",
            5,
        );
        let records = strings(
            "SELECT m.name, t.name, r.completed_on, r.source FROM study_record r
             JOIN member m ON m.id = r.member_id JOIN study_task t ON t.id = r.task_id ORDER BY t.id, m.id",
            4,
        )
        .into_iter()
        .map(|mut r| {
            r[3] = label(&r[3], |c| StudySource::from_code(c).map(StudySource::label));
            r
        })
        .collect();

        let names: HashMap<i64, String> = conn
            .prepare("SELECT id, name FROM member")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let groups: HashMap<i64, String> = conn
            .prepare("SELECT id, name FROM party_group")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let ids: Vec<i64> = conn
            .prepare("SELECT id FROM activity ORDER BY date, id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let name = |id: Option<i64>| id.and_then(|id| names.get(&id).cloned()).unwrap_or_default();
        let activities = ids
            .into_iter()
            .map(|id| {
                let d = activities::data_of(conn, id).unwrap();
                let mut lists = [Vec::new(), Vec::new(), Vec::new()];
                for m in &d.attendance {
                    let who = names[&m.member_id].clone();
                    let at = match m.status {
                        AttendanceStatus::Present => 0,
                        AttendanceStatus::Leave => 1,
                        AttendanceStatus::Absent => 2,
                        AttendanceStatus::Observer => continue,
                    };
                    lists[at].push(match &m.reason {
                        Some(r) => format!("{who}（{r}）"),
                        None => who,
                    });
                }
                let [present, leave, absent] = lists.map(|l| l.join("、"));
                vec![
                    d.date.to_string(),
                    d.kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join("、"),
                    d.title,
                    d.location.unwrap_or_default(),
                    d.form.label().to_string(),
                    name(d.host_id),
                    name(d.recorder_id),
                    d.hours.to_string(),
                    d.group_id
                        .filter(|_| d.kinds.contains(&ActivityKind::GroupMeeting))
                        .and_then(|g| groups.get(&g).cloned())
                        .unwrap_or_default(),
                    present,
                    leave,
                    absent,
                ]
            })
            .collect();
        Inputs {
            members,
            committee,
            tasks,
            records,
            activities,
        }
    }

    /// A new ledger with the same branch, members (by the members import), 支委 and study tasks.
    fn fresh_ledger(&self, path: &Path, today: NaiveDate) {
        let mut ledger = org::new_ledger(path, zhibu::io::demo::LARGE_BRANCH, Some("智能制造学院党委")).unwrap();
        let branch_id = org::resolve(ledger.conn(), None).unwrap();
        let dir = path.parent().unwrap();
        let members = write_csv(
            &dir.join("members.csv"),
            &[
                "姓名",
                "性别",
                "出生日期",
                "人员类别",
                "党员类别",
                "入党日期",
                "转正日期",
                "党小组",
            ],
            &self.members,
        );
        let tasks = write_csv(
            &dir.join("tasks.csv"),
            &["任务名称", "类别", "发布日期", "截止日期", "学时"],
            &self.tasks,
        );
        for (kind, file) in [(ImportKind::Members, members), (ImportKind::StudyTasks, tasks)] {
            let report = import::run(&mut ledger, branch_id, kind, &file, false, &mut |_| {}).unwrap();
            assert!(report.errors.is_empty(), "{:?}", report.errors);
        }
        ledger
            .write(|tx| {
                for (name, role, start) in &self.committee {
                    let member_id = zhibu::domain::members::resolve(tx, branch_id, name)?;
                    let input = org::CommitteeInput {
                        id: None,
                        member_id,
                        role: role.clone(),
                        term_start: Some(start.clone()),
                        term_end: None,
                    };
                    org::save_committee_role(tx, branch_id, &input, today)?;
                }
                Ok(())
            })
            .unwrap();
    }
}

struct Bench {
    dir: PathBuf,
    /// The fresh ledger every run starts from a copy of.
    base: PathBuf,
}

impl Bench {
    /// A copy of the fresh ledger (with its audit head) for one run.
    fn copy(&self, name: &str) -> PathBuf {
        let path = self.dir.join(name);
        for suffix in ["", "-wal", "-shm", ".audit-head"] {
            let _ = std::fs::remove_file(with_suffix(&path, suffix));
        }
        std::fs::copy(&self.base, &path).unwrap();
        std::fs::copy(audit::head_path(&self.base), audit::head_path(&path)).unwrap();
        path
    }

    /// The median seconds of importing `file` into a copy of the fresh ledger (the file read, every
    /// row checked, written and logged, the commit). The last run's ledger is checked whole:
    /// `rows` records made, the audit chain and head verified.
    fn import(&self, kind: ImportKind, file: &Path, rows: usize) -> Timed {
        let mut times = Vec::new();
        for _ in 0..runs() {
            let path = self.copy("run.db");
            let mut ledger = Ledger::open(&path).unwrap();
            let branch_id = org::resolve(ledger.conn(), None).unwrap();
            let (start, cpu) = (Instant::now(), cpu_seconds());
            let report = import::run(&mut ledger, branch_id, kind, file, false, &mut |_| {});
            times.push((start.elapsed().as_secs_f64(), cpu_seconds() - cpu));
            let report = report.unwrap_or_else(|e| panic!("{} 导入失败：{e}", kind.code()));
            assert_eq!((report.created, report.rows), (rows, rows), "{:?}", report.warnings);
            let problems = audit::verify(ledger.conn(), &path).unwrap();
            assert!(problems.is_empty(), "{problems:?}");
        }
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (wall, cpu) = times[times.len() / 2];
        Timed { wall, cpu }
    }

    /// Seconds of `zhibu import KIND FILE` into a copy of the fresh ledger, and the lines it printed.
    fn cli(&self, kind: &str, file: &Path, json: bool) -> (f64, usize) {
        let path = self.copy("cli.db");
        // `ZHIBU_BENCH_BIN` runs another build of the command (a comparison with an earlier one).
        let bin = std::env::var_os("ZHIBU_BENCH_BIN").unwrap_or_else(|| env!("CARGO_BIN_EXE_zhibu").into());
        let mut cmd = std::process::Command::new(bin);
        cmd.arg("--ledger").arg(&path).arg("import").arg(kind).arg(file);
        if json {
            cmd.arg("--json");
        }
        let start = Instant::now();
        let out = cmd.output().unwrap();
        let secs = start.elapsed().as_secs_f64();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        (secs, out.stdout.iter().filter(|&&b| b == b'\n').count())
    }

    fn write_csv(&self, name: &str, header: &[&str], rows: &Rows) -> PathBuf {
        let path = self.dir.join(name);
        write_csv(&path, header, rows);
        path
    }

    /// A workbook of one sheet, every cell text, as a platform or the exported register holds it.
    fn write_xlsx(&self, name: &str, sheet: &str, header: &[&str], rows: &Rows) -> PathBuf {
        let path = self.dir.join(name);
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (c, h) in header.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
                ws.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
        book.save(&path).unwrap();
        path
    }
}

/// An import's wall-clock seconds, and the CPU seconds of this process meanwhile: on a machine
/// busy with other work the two part, and the CPU time shows what the import itself cost.
#[derive(Clone, Copy)]
struct Timed {
    wall: f64,
    cpu: f64,
}

impl std::fmt::Display for Timed {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "{:.2} s (CPU {:.2} s)", self.wall, self.cpu)
    }
}

/// User and system CPU seconds of this process so far (Linux; 0 elsewhere).
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The fields after the command name (in brackets): utime and stime are the 12th and 13th.
    let fields: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn write_csv(path: &Path, header: &[&str], rows: &Rows) -> PathBuf {
    let mut w = csv::Writer::from_path(path).unwrap();
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    path.to_path_buf()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

fn names_in(list: &str) -> usize {
    if list.is_empty() {
        0
    } else {
        list.split('、').count()
    }
}

/// Each size's time against the smallest's: linear growth keeps time ÷ size level.
fn growth(what: &str, points: &[(f64, usize, Timed)]) {
    let (_, n0, t0) = points[0];
    let per0 = t0.cpu / n0 as f64;
    println!("growth, {what} (linear: CPU time per row ≈1.0× the smallest's):");
    for &(share, n, t) in points {
        println!(
            "  {share}× ({}): {t}, CPU time per row {:.2}× the smallest's",
            group(n),
            (t.cpu / n as f64) / per0
        );
    }
}

fn group(n: usize) -> String {
    zhibu::io::table::limits::grouped(n as u64)
}
