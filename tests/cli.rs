//! The `zhibu` command as outside scripts call it: exit codes, Chinese errors, JSON reports.

mod common;

use common::zhibu;
use std::process::{Command, Output};

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn init_import_report_check_backup() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("台账.db");
    let o = zhibu(
        &ledger,
        &["init", "--branch", "数控党支部", "--parent", "机电学院党总支"],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let again = zhibu(&ledger, &["init", "--branch", "另一个"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("已存在且不为空"), "{}", stderr(&again));

    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "姓名,党员类别,入党日期,党小组\n甲,正式党员,2010-01-01,一组\n乙,正式党员,2011-01-01,一组\n丙,预备党员,2026-04-01,二组\n",
    )
    .unwrap();
    let dry = zhibu(&ledger, &["import", "members", roster.to_str().unwrap(), "--dry-run"]);
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert!(stdout(&dry).contains("新增 3"), "{}", stdout(&dry));
    let o = zhibu(&ledger, &["import", "members", roster.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = zhibu(&ledger, &["import", "members", roster.to_str().unwrap(), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (report["created"].as_i64(), report["unchanged"].as_i64()),
        (Some(0), Some(3))
    );

    let acts = dir.path().join("acts.csv");
    std::fs::write(
        &acts,
        "日期,类型,主题,党小组,出席,请假,缺席\n\
         2026-03-10,主题党日、党课,三月主题党日,,甲,乙（出差）,\n\
         2026-05-10,党员大会,五月党员大会,,甲、乙、丙,,\n\
         2026-05-12,党小组会,一组五月,一组,甲,,乙\n",
    )
    .unwrap();
    let o = zhibu(&ledger, &["import", "activities", acts.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = zhibu(&ledger, &["report", "summary", "--year", "2026", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["year"], 2026);
    assert_eq!(s["members"], 3);
    assert_eq!(s["activity_total"], 3);
    assert_eq!(s["activities"]["theme_day"], 1);
    assert_eq!(s["activities"]["party_lecture"], 1);
    assert_eq!(s["activities"]["general_meeting"], 1);
    assert_eq!(s["activities"]["group_meeting"], 1);
    // 1/2 + 3/3 + 1/2 = 5/7
    assert!((s["attendance_rate"].as_f64().unwrap() - 5.0 / 7.0).abs() < 1e-12);

    let o = zhibu(&ledger, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let out = dir.path().join("copy.db");
    let o = zhibu(&ledger, &["backup", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = zhibu(&out, &["report", "summary", "--year", "2026", "--json"]);
    let copy: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(copy, s);
}

#[test]
fn bad_input_is_a_chinese_error_with_exit_code_1_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.db");
    assert!(zhibu(&ledger, &["init", "--branch", "支部"]).status.success());
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "姓名,党员类别,入党日期\n甲,正式党员,2010-01-01\n乙,正式党员,明年\n",
    )
    .unwrap();
    let o = zhibu(&ledger, &["import", "members", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("第 3 行「入党日期」“明年”"), "{err}");
    let o = zhibu(&ledger, &["report", "summary", "--year", "2026", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["members"], 0);

    for args in [
        &["import", "people", "x.csv"][..],
        &["import", "members", "/nonexistent/x.csv"],
        &["report", "summary", "--year", "abc", "--json"],
        &["report", "summary", "--year", "99999", "--json"],
        &["frobnicate"],
    ] {
        let o = zhibu(&ledger, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).is_empty());
    }
    let missing = zhibu(&dir.path().join("none.db"), &["check"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("找不到台账文件"), "{}", stderr(&missing));
}

/// A mistyped command is told in Chinese — what is wrong, clap's suggestion, the usage line — never
/// in clap's English.
#[test]
fn a_mistyped_command_is_told_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.db");
    for (args, says) in [
        (&["frobnicate"][..], "没有“frobnicate”这个命令"),
        (
            &["report", "summary", "--yaer", "2026"],
            "不认识的参数“--yaer”；是不是要写 --year？",
        ),
        (&["report", "summary"], "缺少必填的参数：--year <YEAR>"),
        (
            &["report", "summary", "--year", "abc"],
            "参数 --year <YEAR> 的值“abc”无效",
        ),
        (&["report"], "缺少要执行的命令"),
        (
            &["demo", "--scale", "huge"],
            "参数 --scale <SCALE> 的值“huge”无效；可选的值：branch、large、college",
        ),
    ] {
        let o = zhibu(&ledger, args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.starts_with(&format!("命令参数有误：{says}")), "{args:?}: {err}");
        for english in ["error", "Usage", "tip", "For more information", "[OPTIONS]"] {
            assert!(!err.contains(english), "{args:?}: {err}");
        }
    }
    let o = zhibu(&ledger, &["report", "summary", "--yaer", "2026"]);
    assert!(
        stderr(&o).contains("用法：zhibu report summary --year <YEAR>"),
        "{}",
        stderr(&o)
    );
    assert!(!ledger.exists(), "a mistyped command opens no ledger");
}

/// With several branches a command must name one; the error shows how names are written, not all.
#[test]
fn a_command_without_its_branch_names_a_few_of_many() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.db");
    assert!(zhibu(&ledger, &["init", "--branch", "一支部"]).status.success());
    for name in ["二支部", "三支部", "四支部"] {
        let o = zhibu(&ledger, &["branch", "add", name]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = zhibu(&ledger, &["group", "add", "第一党小组"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o).trim(),
        "错误：台账中有 4 个支部（一支部、二支部、三支部等），请用 --branch 指定（支部名称见 zhibu branch list）"
    );
}

#[test]
fn ledger_path_comes_from_the_environment_when_not_given() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("env.db");
    let o = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .args(["init", "--branch", "环境变量支部"])
        .env("ZHIBU_LEDGER", &ledger)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(ledger.is_file());
}

#[test]
fn demo_builds_a_sound_branch_year() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("demo.db");
    let o = zhibu(&ledger, &["demo", "--today", "2026-11-25"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = zhibu(&ledger, &["report", "summary", "--year", "2026", "--json"]);
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(s["members"], 20, "21 in the roster, 邓凯 transferred out in July");
    for kind in [
        "general_meeting",
        "committee_meeting",
        "group_meeting",
        "party_lecture",
        "theme_day",
        "micro_lecture",
        "salon",
        "theory_study",
    ] {
        assert!(
            s["activities"][kind].as_i64().unwrap() > 0,
            "{kind} missing from the demo"
        );
    }
    let rate = s["attendance_rate"].as_f64().unwrap();
    assert!((0.8..0.95).contains(&rate), "{rate}");
    assert!(zhibu(&ledger, &["check"]).status.success());
    assert_eq!(
        zhibu(&ledger, &["demo"]).status.code(),
        Some(1),
        "demo never overwrites a ledger"
    );
}

#[test]
fn rust_log_shows_what_happened_and_never_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("台账.db");
    assert!(zhibu(&ledger, &["init", "--branch", "日志支部"]).status.success());
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "姓名,党员类别,入党日期,联系电话,身份证号\n\
         甲,正式党员,2010-01-01,13812345678,11010519491231002X\n\
         乙,正式党员,2011-01-01,13900001111,\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .arg("--ledger")
        .arg(&ledger)
        .args(["import", "members", roster.to_str().unwrap()])
        .env("RUST_LOG", "debug")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let log = stderr(&o);
    assert!(log.contains("import") && log.contains("created=2"), "{log}");
    for secret in ["13812345678", "13900001111", "11010519491231002X", "甲", "乙"] {
        assert!(!log.contains(secret), "the log holds “{secret}”:\n{log}");
    }
    // Without RUST_LOG the CLI prints no diagnostics at all.
    let quiet = zhibu(&ledger, &["report", "summary", "--year", "2026"]);
    assert_eq!(stderr(&quiet), "");
}

#[test]
fn a_year_of_changes_scripted_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("台账.db");
    assert!(zhibu(&ledger, &["init", "--branch", "数控党支部"]).status.success());
    let roster = dir.path().join("roster.csv");
    std::fs::write(
        &roster,
        "姓名,党员类别,入党日期,党小组,身份证号\n\
         张伟,正式党员,2010-07-01,一组,450102198001021232\n\
         张伟,正式党员,2012-07-01,二组,450102198506074567\n\
         李娜,预备党员,2026-03-01,一组,\n\
         王强,正式党员,2011-07-01,一组,\n",
    )
    .unwrap();
    let o = zhibu(&ledger, &["import", "members", roster.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Two 张伟: a name alone is refused with both candidates; the 身份证号 says which.
    let o = zhibu(&ledger, &["points", "explain", "--member", "张伟", "--year", "2026"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("对应 2 名党员") && e.contains("4501**********1232") && e.contains("二组"),
        "{e}"
    );
    let o = zhibu(
        &ledger,
        &["points", "explain", "--member", "450102198506074567", "--year", "2026"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for args in [
        &["member", "move", "王强", "--group", "二组", "--date", "2026-07-01"][..],
        &["member", "regularize", "李娜", "--date", "2027-03-01"],
        &[
            "member",
            "leave",
            "450102198001021232",
            "--date",
            "2026-09-01",
            "--status",
            "转出",
            "--to",
            "某学院党委",
        ],
        &[
            "member",
            "transfer-in",
            "450102198001021232",
            "--date",
            "2026-11-01",
            "--from",
            "某学院党委",
        ],
        &["branch", "add", "第二党支部", "--parent", "机电学院党总支"],
        &[
            "committee",
            "set",
            "王强",
            "--role",
            "书记",
            "--from",
            "2026-01-01",
            "--branch",
            "数控党支部",
        ],
    ] {
        let o = zhibu(&ledger, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
    let o = zhibu(&ledger, &["branch", "list", "--json"]);
    let branches: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(branches.as_array().map(Vec::len), Some(2));
    // A 支委会 now expects its committee of one: 应到 1, not 0.
    let acts = dir.path().join("acts.csv");
    std::fs::write(&acts, "日期,类型,主题,出席\n2026-08-03,支委会,八月支委会,王强\n").unwrap();
    let o = zhibu(
        &ledger,
        &["import", "activities", acts.to_str().unwrap(), "--branch", "数控党支部"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = zhibu(
        &ledger,
        &[
            "report",
            "summary",
            "--year",
            "2026",
            "--branch",
            "数控党支部",
            "--json",
        ],
    );
    let s: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (s["expected_total"].as_i64(), s["present_total"].as_i64()),
        (Some(1), Some(1))
    );
    // At year end: 张伟(1) back since 11-01, 张伟(2), 李娜, 王强.
    assert_eq!(s["members"].as_i64(), Some(4));
    let o = zhibu(&ledger, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A move without a known group, or to an earlier date, is a Chinese error and changes nothing.
    let o = zhibu(
        &ledger,
        &[
            "member",
            "move",
            "王强",
            "--group",
            "三组",
            "--date",
            "2026-08-01",
            "--branch",
            "数控党支部",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("找不到党小组"), "{}", stderr(&o));
}

#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("demo.db");
    assert!(zhibu(&ledger, &["demo", "--today", "2026-11-25"]).status.success());
    // `zhibu report study … | head -1`: the reader goes away after the first line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .arg("--ledger")
        .arg(&ledger)
        .args(["report", "study", "--year", "2026"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    use std::io::Read;
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: every later write meets a closed pipe.
    let out = child.wait_with_output().unwrap();
    assert_ne!(out.status.code(), Some(101), "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}

#[test]
fn json_errors_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = zhibu(
        &dir.path().join("无.db"),
        &["report", "summary", "--year", "2026", "--json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let e: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(e["kind"], "not_found");
    assert!(e["message"].as_str().unwrap().contains("台账文件"), "{e}");
}

#[test]
fn a_large_import_lists_fifty_changes_and_counts_the_rest_while_json_keeps_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("台账.db");
    assert!(zhibu(&ledger, &["init", "--branch", "数控党支部"]).status.success());
    let file = |name: &str, text: String| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let roster = file(
        "roster.csv",
        "姓名,党员类别,入党日期\n甲,正式党员,2010-01-01\n乙,正式党员,2011-01-01\n丙,正式党员,2012-01-01\n".into(),
    );
    let tasks = file(
        "tasks.csv",
        std::iter::once("任务名称,发布日期\n".to_string())
            .chain((1..=20).map(|t| format!("专题{t},2026-01-05\n")))
            .collect(),
    );
    // 60 rows: 20 tasks × 3 members.
    let records = file(
        "records.csv",
        std::iter::once("姓名,任务名称,完成日期\n".to_string())
            .chain((1..=20).flat_map(|t| ["甲", "乙", "丙"].map(|n| format!("{n},专题{t},2026-02-01\n"))))
            .collect(),
    );
    for (kind, path) in [("members", &roster), ("study-tasks", &tasks)] {
        let o = zhibu(&ledger, &["import", kind, path]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = zhibu(&ledger, &["import", "study-records", &records, "--dry-run"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("共 60 行：新增 60，更新 0，不变 0"), "{text}");
    assert_eq!(text.lines().filter(|l| l.contains("行 新增：")).count(), 50, "{text}");
    assert!(text.contains("……另有 10 行新增或更新未逐行列出"), "{text}");
    let o = zhibu(&ledger, &["import", "study-records", &records, "--dry-run", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["changes"].as_array().map(Vec::len), Some(60));
    assert_eq!(report["changes"][59]["row"], 61);
}

#[test]
fn help_is_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("l.db");
    for args in [
        &["--help"][..],
        &["report", "points", "--help"],
        &["help", "export"],
        &["demo", "-h"],
    ] {
        let o = zhibu(&ledger, args);
        let out = String::from_utf8_lossy(&o.stdout).to_string();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {out}");
        assert!(out.contains("用法：zhibu"), "{args:?}: {out}");
        for english in [
            "Usage",
            "Options",
            "Commands",
            "Print help",
            "[OPTIONS]",
            "default:",
            "possible values",
        ] {
            assert!(!out.contains(english), "{args:?}: {out}");
        }
    }
    let o = zhibu(&ledger, &["report", "points", "--help"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("--year <YEAR>      年度，如 2026"), "{out}");
}
