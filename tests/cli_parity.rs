//! What the window does to the ledger, scripted through the `zhibu` command against the demo
//! branch (20 members, 第一/第二/第三党小组, 68 activities in 2026): each change shows in the reports
//! with hand-checked figures, and bad input is a Chinese error with exit code 1 that changes nothing.

mod common;

use common::zhibu;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

const BRANCH: &str = "机电工程学院教工第一党支部";
const COMMITTEE_MEETING: &str = "11月支委会：研究本月支部工作";
const FIRST_TASK: &str = "习近平新时代中国特色社会主义思想学习纲要（第1期）";

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a command that must succeed.
fn ok(ledger: &Path, args: &[&str]) -> String {
    let o = zhibu(ledger, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn json(ledger: &Path, args: &[&str]) -> Value {
    let text = ok(ledger, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}\n{text}"))
}

/// Runs a command that must fail with exit code 1 and a message containing `expected`.
fn refused(ledger: &Path, args: &[&str], expected: &str) {
    let o = zhibu(ledger, args);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
}

fn demo() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("台账.db");
    ok(&ledger, &["demo", "--today", "2026-11-25"]);
    (dir, ledger)
}

/// A member's points of the year in tenths, from the first line of `points explain`.
fn total_tenths(ledger: &Path, member: &str) -> i64 {
    let text = ok(ledger, &["points", "explain", "--member", member, "--year", "2026"]);
    let total = text
        .lines()
        .next()
        .and_then(|l| l.split("积分合计：").nth(1))
        .and_then(|t| t.strip_suffix(" 分"))
        .unwrap_or_else(|| panic!("{text}"));
    (total.parse::<f64>().unwrap() * 10.0).round() as i64
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v[field].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn groups_committee_and_branch() {
    let (_dir, ledger) = demo();
    let groups = json(&ledger, &["group", "list", "--json"]);
    assert_eq!(names(&groups, "name"), ["第一党小组", "第二党小组", "第三党小组"]);
    let counts: Vec<i64> = groups
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["member_count"].as_i64().unwrap())
        .collect();
    assert_eq!(counts, [7, 7, 6]);

    ok(&ledger, &["group", "add", "第四党小组", "--leader", "李红梅"]);
    ok(&ledger, &["group", "rename", "第四党小组", "青年党小组"]);
    let groups = json(&ledger, &["group", "list", "--json"]);
    assert_eq!(groups.as_array().map(Vec::len), Some(4));
    // The rename keeps the leader.
    assert_eq!(groups[3]["name"], "青年党小组");
    assert_eq!(groups[3]["leader_name"], "李红梅");
    assert_eq!(groups[3]["member_count"], 0);
    ok(&ledger, &["group", "delete", "青年党小组"]);
    assert_eq!(
        json(&ledger, &["group", "list", "--json"]).as_array().map(Vec::len),
        Some(3)
    );
    // A group with members is history: the core keeps it.
    refused(&ledger, &["group", "delete", "第一党小组"], "仍有党员");

    let seats = json(&ledger, &["committee", "list", "--json"]);
    assert_eq!(names(&seats, "name"), ["王建国", "李红梅", "张伟", "陈静", "刘洋"]);
    ok(&ledger, &["committee", "remove", "刘洋", "--role", "纪检委员"]);
    let seats = json(&ledger, &["committee", "list", "--json"]);
    assert_eq!(names(&seats, "name"), ["王建国", "李红梅", "张伟", "陈静"]);
    refused(
        &ledger,
        &["committee", "remove", "刘洋", "--role", "纪检委员"],
        "找不到支委任职记录",
    );
    refused(
        &ledger,
        &["committee", "remove", "王建国", "--role", "组织委员"],
        "找不到支委任职记录",
    );
    refused(
        &ledger,
        &["committee", "remove", "王建国", "--role", "主任"],
        "职务：无法识别“主任”",
    );

    ok(
        &ledger,
        &[
            "branch",
            "rename",
            BRANCH,
            "机电工程学院教工党支部",
            "--founded",
            "2001-07-01",
        ],
    );
    let branches = json(&ledger, &["branch", "list", "--json"]);
    assert_eq!(branches[0]["name"], "机电工程学院教工党支部");
    // Not given, the parent organisation stays.
    assert_eq!(branches[0]["parent_org"], "机电工程学院党总支");
    assert_eq!(branches[0]["founded_on"], "2001-07-01");
    let groups = json(
        &ledger,
        &["group", "list", "--branch", "机电工程学院教工党支部", "--json"],
    );
    assert_eq!(groups.as_array().map(Vec::len), Some(3));
    ok(&ledger, &["check"]);
}

#[test]
fn activities_and_study_records() {
    let (dir, ledger) = demo();
    let summary = |l: &Path| json(l, &["report", "summary", "--year", "2026", "--json"]);
    assert_eq!(summary(&ledger)["activity_total"], 68);
    assert_eq!(
        json(&ledger, &["activity", "list", "--year", "2026", "--json"])
            .as_array()
            .map(Vec::len),
        Some(68)
    );
    let november = || {
        json(
            &ledger,
            &["activity", "list", "--year", "2026", "--month", "11", "--json"],
        )
    };
    let meeting = || {
        november()
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == COMMITTEE_MEETING)
            .cloned()
            .unwrap()
    };
    assert_eq!(november().as_array().map(Vec::len), Some(6));
    assert_eq!(meeting()["date"], "2026-11-03");
    assert_eq!(
        (meeting()["expected"].as_i64(), meeting()["present"].as_i64()),
        (Some(5), Some(4))
    );

    let scan = dir.path().join("签到表.pdf");
    std::fs::write(&scan, b"scan").unwrap();
    let at = ["--date", "2026-11-03", "--title", COMMITTEE_MEETING];
    ok(
        &ledger,
        &[&["activity", "attach"][..], &at, &[scan.to_str().unwrap()]].concat(),
    );
    let id = meeting()["id"].as_i64().unwrap();
    let stored = dir
        .path()
        .join("台账.db.attachments")
        .join(id.to_string())
        .join("签到表.pdf");
    assert_eq!(meeting()["attachment_count"], 1);
    assert_eq!(std::fs::read(&stored).unwrap(), b"scan");
    refused(
        &ledger,
        &[&["activity", "detach"][..], &at, &["--file", "照片.jpg"]].concat(),
        "找不到附件：照片.jpg",
    );
    ok(
        &ledger,
        &[&["activity", "detach"][..], &at, &["--file", "签到表.pdf"]].concat(),
    );
    assert_eq!(meeting()["attachment_count"], 0);
    assert!(!stored.exists());

    // Deleting takes its attachments with it.
    ok(
        &ledger,
        &[&["activity", "attach"][..], &at, &[scan.to_str().unwrap()]].concat(),
    );
    assert!(stored.exists());
    ok(&ledger, &[&["activity", "delete"][..], &at].concat());
    assert_eq!(summary(&ledger)["activity_total"], 67);
    assert_eq!(november().as_array().map(Vec::len), Some(5));
    assert!(!stored.exists());
    refused(&ledger, &[&["activity", "delete"][..], &at].concat(), "找不到组织生活");

    let first_task = |l: &Path| json(l, &["report", "study", "--year", "2026", "--json"])["tasks"][0].clone();
    let before = first_task(&ledger);
    assert_eq!(before["name"], FIRST_TASK);
    assert_eq!(
        (before["required"].as_i64(), before["completed"].as_i64()),
        (Some(20), Some(19))
    );
    let before_points = total_tenths(&ledger, "王建国");
    ok(&ledger, &["study", "undo", "--task", FIRST_TASK, "--member", "王建国"]);
    let after = first_task(&ledger);
    assert_eq!(
        (after["required"].as_i64(), after["completed"].as_i64()),
        (Some(20), Some(18))
    );
    // The completion was on time: its 1 point goes with it.
    assert_eq!(total_tenths(&ledger, "王建国"), before_points - 10);
    refused(
        &ledger,
        &["study", "undo", "--task", FIRST_TASK, "--member", "王建国"],
        "找不到完成记录：王建国",
    );
    ok(&ledger, &["check"]);
}

#[test]
fn points_adjustments_and_rules() {
    let (dir, ledger) = demo();
    assert_eq!(total_tenths(&ledger, "王建国"), 1789);
    ok(
        &ledger,
        &[
            "points",
            "adjust",
            "--member",
            "王建国",
            "--date",
            "2026-10-01",
            "--points",
            "2.5",
            "--reason",
            "指导学生获技能大赛一等奖",
        ],
    );
    assert_eq!(total_tenths(&ledger, "王建国"), 1789 + 25);
    ok(
        &ledger,
        &[
            "points",
            "adjust",
            "--member",
            "王建国",
            "--date",
            "2026-10-02",
            "--points",
            "-1",
            "--reason",
            "迟交党费",
        ],
    );
    assert_eq!(total_tenths(&ledger, "王建国"), 1789 + 25 - 10);

    let sets = json(&ledger, &["points", "rules", "--json"]);
    assert_eq!(sets.as_array().map(Vec::len), Some(1));
    let rules: Vec<String> = sets[0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let points = if r["rule"] == "attend" {
                3.0
            } else {
                r["points"].as_f64().unwrap()
            };
            let cap = r["cap"].as_i64().map(|c| format!(":{c}")).unwrap_or_default();
            format!("{}={points}{cap}", r["rule"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        rules.len(),
        zhibu::kernel::labels::PointRule::ALL.len(),
        "every rule of the table"
    );
    let mut args = vec!["points", "set-rules", "--from", "2026-12-01", "--note", "出席加分"];
    for r in &rules {
        args.extend(["--rule", r.as_str()]);
    }
    ok(&ledger, &args);
    let sets = json(&ledger, &["points", "rules", "--json"]);
    assert_eq!(sets.as_array().map(Vec::len), Some(2));
    assert_eq!(sets[1]["effective_from"], "2026-12-01");
    assert_eq!(sets[1]["note"], "出席加分");
    let attend = |set: &Value| {
        set["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "attend")
            .unwrap()["points"]
            .clone()
    };
    assert_eq!((attend(&sets[0]), attend(&sets[1])), (2.0.into(), 3.0.into()));
    assert_eq!(
        sets[1]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["rule"] == "discussion")
            .unwrap()["cap"],
        5
    );
    // Earlier events keep their rules; a December meeting attended scores the new 3.
    assert_eq!(total_tenths(&ledger, "王建国"), 1789 + 25 - 10);
    let dec = dir.path().join("dec.csv");
    std::fs::write(&dec, "日期,类型,主题,出席\n2026-12-05,主题党日,十二月主题党日,王建国\n").unwrap();
    ok(&ledger, &["import", "activities", dec.to_str().unwrap()]);
    let text = ok(
        &ledger,
        &[
            "points",
            "explain",
            "--member",
            "王建国",
            "--year",
            "2026",
            "--month",
            "12",
        ],
    );
    assert!(text.contains("积分合计：3 分"), "{text}");
    assert_eq!(total_tenths(&ledger, "王建国"), 1789 + 25 - 10 + 30);
}

#[test]
fn pioneer_posts_from_kind_to_rating() {
    let (_dir, ledger) = demo();
    let kinds = json(&ledger, &["pioneer", "kinds", "--json"]);
    assert_eq!(names(&kinds, "name"), ["教学先锋", "科研先锋", "技能先锋"]);
    ok(&ledger, &["pioneer", "kind-add", "育人先锋"]);
    ok(&ledger, &["pioneer", "kind-add", "临时先锋"]);
    ok(&ledger, &["pioneer", "kind-delete", "临时先锋"]);
    assert_eq!(
        names(&json(&ledger, &["pioneer", "kinds", "--json"]), "name"),
        ["教学先锋", "科研先锋", "技能先锋", "育人先锋"]
    );

    let post = ["--member", "陈静", "--kind", "育人先锋", "--year", "2026"];
    ok(
        &ledger,
        &[&["pioneer", "post"][..], &post, &["--pledge", "每月与学生谈心一次"]].concat(),
    );
    // The same member, kind and year is the same post: a new pledge replaces the old, none keeps it.
    ok(
        &ledger,
        &[&["pioneer", "post"][..], &post, &["--pledge", "每月与两名学生谈心"]].concat(),
    );
    ok(&ledger, &[&["pioneer", "post"][..], &post].concat());
    ok(
        &ledger,
        &[
            &["pioneer", "deed"][..],
            &post,
            &["--date", "2026-10-20", "--text", "帮助三名学生通过技能等级考试"],
        ]
        .concat(),
    );
    let before = total_tenths(&ledger, "陈静");
    assert_eq!(before, 1095);
    ok(
        &ledger,
        &[&["pioneer", "rate"][..], &post, &["--rating", "优秀"]].concat(),
    );

    let posts = json(&ledger, &["pioneer", "list", "--year", "2026", "--json"]);
    assert_eq!(posts.as_array().map(Vec::len), Some(6));
    let mine = posts
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "育人先锋")
        .unwrap();
    assert_eq!(mine["name"], "陈静");
    assert_eq!(mine["pledge"], "每月与两名学生谈心");
    assert_eq!(mine["rating"], "excellent");
    assert_eq!(mine["rated_on"], "2026-12-31");
    assert_eq!(mine["deeds"][0]["description"], "帮助三名学生通过技能等级考试");
    assert_eq!(mine["deeds"].as_array().map(Vec::len), Some(1));
    // 优秀 is worth 10 points in the default rules.
    assert_eq!(total_tenths(&ledger, "陈静"), before + 100);
    let kinds = json(&ledger, &["pioneer", "kinds", "--json"]);
    assert_eq!(kinds[3]["posts"], 1);
    refused(&ledger, &["pioneer", "kind-delete", "育人先锋"], "已有先锋岗");

    ok(
        &ledger,
        &[&["pioneer", "rate"][..], &post, &["--rating", "清除"]].concat(),
    );
    let posts = json(&ledger, &["pioneer", "list", "--year", "2026", "--json"]);
    let mine = posts
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "育人先锋")
        .unwrap();
    assert_eq!(
        (mine["rating"].clone(), mine["rated_on"].clone()),
        (Value::Null, Value::Null)
    );
    assert_eq!(total_tenths(&ledger, "陈静"), before);
    refused(
        &ledger,
        &[&["pioneer", "rate"][..], &post, &["--rating", "良好"]].concat(),
        "评定：无法识别“良好”",
    );
    refused(
        &ledger,
        &[
            "pioneer",
            "deed",
            "--member",
            "陈静",
            "--kind",
            "育人先锋",
            "--year",
            "2025",
            "--date",
            "2025-05-01",
            "--text",
            "事迹",
        ],
        "找不到先锋岗",
    );
}

#[test]
fn bad_input_is_a_chinese_error_and_changes_nothing() {
    let (dir, ledger) = demo();
    let views: [&[&str]; 9] = [
        &["group", "list", "--json"],
        &["committee", "list", "--json"],
        &["branch", "list", "--json"],
        &["activity", "list", "--year", "2026", "--json"],
        &["report", "study", "--year", "2026", "--json"],
        &["report", "points", "--year", "2026", "--json"],
        &["points", "rules", "--json"],
        &["pioneer", "kinds", "--json"],
        &["pioneer", "list", "--year", "2026", "--json"],
    ];
    let snapshot = || views.iter().map(|v| ok(&ledger, v)).collect::<Vec<_>>();
    let before = snapshot();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "x").unwrap();

    let cases: &[(&[&str], &str)] = &[
        (
            &["group", "rename", "第九党小组", "第十党小组"],
            "找不到党小组：第九党小组",
        ),
        (&["group", "delete", "第九党小组"], "找不到党小组：第九党小组"),
        (&["group", "add", "第二党小组"], "已有名为“第二党小组”的党小组"),
        (
            &["group", "add", "第四党小组", "--leader", "不存在的人"],
            "找不到党员：不存在的人",
        ),
        (
            &["group", "rename", "第一党小组", "第二党小组"],
            "已有名为“第二党小组”的党小组",
        ),
        (
            &["branch", "rename", "不存在的支部", "新名"],
            "找不到支部：不存在的支部",
        ),
        (
            &["branch", "rename", BRANCH, "新名", "--founded", "去年"],
            "成立日期：无法识别的日期“去年”",
        ),
        (
            &["committee", "remove", "不存在的人", "--role", "书记"],
            "找不到党员：不存在的人",
        ),
        (
            &["points", "set-rules", "--from", "2026-12-01", "--rule", "attend:2"],
            "--rule：无法识别“attend:2”",
        ),
        (
            &["points", "set-rules", "--from", "2026-12-01", "--rule", "attend=两分"],
            "--rule：无法识别“attend=两分”",
        ),
        (
            &["points", "set-rules", "--from", "2026-12-01", "--rule", "attend=2:x"],
            "--rule：无法识别“attend=2:x”",
        ),
        (
            &["points", "set-rules", "--from", "2026-12-01", "--rule", "attend=2"],
            "积分规则缺少“请假”",
        ),
        (
            &[
                "points",
                "set-rules",
                "--from",
                "2026-12-01",
                "--rule",
                "attend=2",
                "--rule",
                "出席组织生活=3",
            ],
            "“出席组织生活”给出了不止一次",
        ),
        (
            &["points", "set-rules", "--from", "2026-12-01", "--rule", "bonus=2"],
            "积分规则：无法识别“bonus”",
        ),
        (
            &["points", "set-rules", "--from", "下月", "--rule", "attend=2"],
            "施行日期：无法识别的日期“下月”",
        ),
        (
            &[
                "points",
                "adjust",
                "--member",
                "不存在的人",
                "--date",
                "2026-10-01",
                "--points",
                "1",
                "--reason",
                "x",
            ],
            "找不到党员：不存在的人",
        ),
        (
            &[
                "points",
                "adjust",
                "--member",
                "王建国",
                "--date",
                "2026-10-01",
                "--points",
                "0.25",
                "--reason",
                "x",
            ],
            "分值“0.25”应为最多一位小数的数字",
        ),
        (
            &[
                "points",
                "adjust",
                "--member",
                "王建国",
                "--date",
                "2026-10-01",
                "--points",
                "1",
                "--reason",
                " ",
            ],
            "加减分须写明事由",
        ),
        (
            &[
                "activity",
                "attach",
                "--date",
                "2026-11-03",
                "--title",
                "不存在的会",
                file.to_str().unwrap(),
            ],
            "找不到组织生活",
        ),
        (
            &[
                "activity",
                "attach",
                "--date",
                "2026-11-03",
                "--title",
                COMMITTEE_MEETING,
                "/nonexistent/签到表.pdf",
            ],
            "找不到附件文件",
        ),
        (
            &["activity", "delete", "--date", "11月3日", "--title", COMMITTEE_MEETING],
            "日期：无法识别的日期“11月3日”",
        ),
        (
            &["activity", "list", "--year", "2026", "--month", "13"],
            "月份“13”应在 1–12 之间",
        ),
        (
            &["study", "undo", "--task", "不存在的任务", "--member", "王建国"],
            "找不到学习任务：不存在的任务",
        ),
        (
            &["study", "undo", "--task", FIRST_TASK, "--member", "不存在的人"],
            "找不到党员：不存在的人",
        ),
        (&["pioneer", "kind-add", "教学先锋"], "已有先锋岗类别“教学先锋”"),
        (
            &["pioneer", "kind-delete", "不存在的类别"],
            "找不到先锋岗类别：不存在的类别",
        ),
        (&["pioneer", "kind-delete", "教学先锋"], "已有先锋岗"),
        (
            &[
                "pioneer",
                "post",
                "--member",
                "不存在的人",
                "--kind",
                "教学先锋",
                "--year",
                "2026",
            ],
            "找不到党员：不存在的人",
        ),
        (
            &[
                "pioneer",
                "post",
                "--member",
                "陈静",
                "--kind",
                "不存在的类别",
                "--year",
                "2026",
            ],
            "找不到先锋岗类别：不存在的类别",
        ),
        (
            &[
                "pioneer",
                "post",
                "--member",
                "陈静",
                "--kind",
                "教学先锋",
                "--year",
                "1900",
            ],
            "年度“1900”不在有效范围内",
        ),
        (
            &[
                "pioneer",
                "rate",
                "--member",
                "王建国",
                "--kind",
                "教学先锋",
                "--year",
                "2026",
                "--rating",
                "良好",
            ],
            "评定：无法识别“良好”",
        ),
        (
            &[
                "pioneer",
                "deed",
                "--member",
                "王建国",
                "--kind",
                "教学先锋",
                "--year",
                "2026",
                "--date",
                "2026-10-01",
                "--text",
                " ",
            ],
            "事迹内容不能为空",
        ),
    ];
    for (args, expected) in cases {
        refused(&ledger, args, expected);
    }
    assert_eq!(snapshot(), before);
    ok(&ledger, &["check"]);
}

#[test]
fn the_years_rules_and_the_appraisal_scores() {
    let (_dir, l) = demo();
    let rules = json(&l, &["rules", "show", "--json"]);
    assert_eq!(rules["life"][0]["party_lecture_every"], "quarter");
    assert_eq!(rules["guides"][0]["base"], 60.0);
    // A 党课 every month from 2026-01-01, the 主题党日 by the 10th.
    ok(
        &l,
        &[
            "rules",
            "set-life",
            "--from",
            "2026-01-01",
            "--party-lecture",
            "每月",
            "--theme-day",
            "10",
        ],
    );
    let c = json(
        &l,
        &[
            "report",
            "compliance",
            "--year",
            "2026",
            "--as-of",
            "2027-01-05",
            "--json",
        ],
    );
    let list = json(&l, &["activity", "list", "--year", "2026", "--json"]);
    let lecture_months: Vec<u64> = (1..=12)
        .filter(|m| {
            list.as_array().unwrap().iter().any(|a| {
                a["kinds"].as_array().unwrap().contains(&Value::from("party_lecture"))
                    && a["date"].as_str().unwrap()[5..7].parse::<u64>().unwrap() == *m
            })
        })
        .collect();
    let missing_months: Vec<u64> = c["months"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["missing"].as_array().unwrap().contains(&Value::from("party_lecture")))
        .map(|m| m["month"].as_u64().unwrap())
        .collect();
    assert_eq!(
        missing_months.len() + lecture_months.len(),
        12,
        "{missing_months:?} {lecture_months:?}"
    );
    assert!(!missing_months.is_empty() && !lecture_months.is_empty());
    assert!(c["quarters"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["missing"].as_array().unwrap().is_empty()));
    let march = c["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["period"] == "month" && i["number"] == 3 && i["item"] == "theme_day")
        .unwrap();
    assert_eq!(march["deadline"], "2026-03-10");
    refused(
        &l,
        &["rules", "set-life", "--from", "2026-12-01", "--party-lecture", "每周"],
        "党课频次：无法识别“每周”",
    );

    // 王建国: 60 + 30 − 3 = 87 by default; with 基础分 50 and 测评 up to 20, a 测评 of 15 makes 92.
    let score = |l: &Path| {
        json(l, &["report", "appraisal", "--year", "2026", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "王建国")
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(score(&l), 87.0);
    refused(
        &l,
        &["appraisal", "score", "王建国", "--year", "2026", "--poll", "15"],
        "应在 0–10 之间",
    );
    ok(
        &l,
        &[
            "rules",
            "set-guide",
            "--from",
            "2026-01-01",
            "--base",
            "50",
            "--poll-max",
            "20",
        ],
    );
    ok(
        &l,
        &[
            "appraisal",
            "score",
            "王建国",
            "--year",
            "2026",
            "--poll",
            "15",
            "--self",
            "合格",
            "--note",
            "带头",
        ],
    );
    assert_eq!(score(&l), 92.0);
    // 清除 empties the 测评 alone; the 自评 and the note stay.
    ok(
        &l,
        &["appraisal", "score", "王建国", "--year", "2026", "--poll", "清除"],
    );
    assert_eq!(score(&l), 77.0);
    let row = json(&l, &["report", "appraisal", "--year", "2026", "--json"])[0].clone();
    assert_eq!(
        (
            row["self_grade"].as_str(),
            row["poll_score"].is_null(),
            row["note"].as_str()
        ),
        (Some("qualified"), true, Some("带头"))
    );
    refused(
        &l,
        &[
            "rules",
            "set-guide",
            "--from",
            "2026-01-01",
            "--base",
            "70",
            "--bonus-max",
            "30",
            "--poll-max",
            "10",
        ],
        "超过了 100 分",
    );
}

#[test]
fn the_garden_from_the_command_line() {
    let (dir, l) = demo();
    // A folder of materials: a dated sign-in scan and a .txt whose text is searchable.
    let mats = dir.path().join("三月材料");
    std::fs::create_dir_all(&mats).unwrap();
    std::fs::write(mats.join("2026-03-10 签到表.jpg"), b"jpeg").unwrap();
    std::fs::write(mats.join("2026-03-12 学习体会.txt"), "深入推进数控专业课程思政建设").unwrap();
    let out = ok(&l, &["garden", "add-folder", mats.to_str().unwrap()]);
    assert!(
        out.contains("已导入资料 2 份") && out.contains("1 份的文字可以检索"),
        "{out}"
    );
    // The contract: search QUERY --json → [{kind, id, title, date, snippet}], a two-character word found
    // inside the file.
    let hits = json(&l, &["search", "思政", "--json"]);
    let first = &hits[0];
    assert_eq!(
        (first["kind"].as_str(), first["title"].as_str(), first["date"].as_str()),
        (Some("resource"), Some("学习体会"), Some("2026-03-12"))
    );
    assert!(first["snippet"].as_str().unwrap().contains("课程思政"));
    assert!(first["id"].as_i64().is_some());
    // The demo's 3月 module now holds both, beside its own reading.
    let g = json(&l, &["garden", "show", "--year", "2026", "--month", "3", "--json"]);
    let titles: Vec<&str> = g["months"][0]["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["全国两会精神解读", "签到表", "学习体会"]);
    // report attention --json → {members: [{name, reasons}], categories: [{category, completion}]}.
    let a = json(
        &l,
        &[
            "report",
            "attention",
            "--year",
            "2026",
            "--as-of",
            "2026-11-25",
            "--json",
        ],
    );
    let names: Vec<&str> = a["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"李红梅"), "{names:?}");
    assert!(a["members"][0]["reasons"].as_array().is_some_and(|r| !r.is_empty()));
    let completions: Vec<f64> = a["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["completion"].as_f64().unwrap())
        .collect();
    assert!(
        completions.windows(2).all(|w| w[0] <= w[1]),
        "lowest first: {completions:?}"
    );
    // A poll and the rota (the demo deals weeks from the first Monday: 11-23 is 谢文's).
    ok(
        &l,
        &[
            "poll",
            "create",
            "--question",
            "年终总结会形式",
            "--option",
            "线下",
            "--option",
            "线上",
            "--opens",
            "2026-11-20",
        ],
    );
    ok(
        &l,
        &[
            "poll",
            "vote",
            "--question",
            "年终总结会形式",
            "--member",
            "王建国",
            "--choice",
            "线下",
            "--date",
            "2026-11-21",
        ],
    );
    refused(
        &l,
        &[
            "poll",
            "vote",
            "--question",
            "年终总结会形式",
            "--member",
            "王建国",
            "--choice",
            "线下",
            "--choice",
            "线上",
            "--date",
            "2026-11-21",
        ],
        "单选",
    );
    let p = json(&l, &["poll", "show", "--question", "年终总结会形式", "--json"]);
    assert_eq!(p["options"][0]["votes"], 1);
    let before = total_tenths(&l, "谢文");
    ok(
        &l,
        &[
            "rota",
            "item",
            "--date",
            "2026-11-24",
            "--title",
            "国产大型邮轮交付",
            "--member",
            "谢文",
        ],
    );
    assert_eq!(total_tenths(&l, "谢文") - before, 10);
    refused(
        &l,
        &[
            "rota",
            "item",
            "--date",
            "2026-11-24",
            "--title",
            "别人的",
            "--member",
            "王建国",
        ],
        "轮到的是谢文",
    );
    // The evidence folder, and never into a folder that holds something.
    let ev = dir.path().join("佐证");
    let out = ok(
        &l,
        &["export", "evidence", "--year", "2026", "--out", ev.to_str().unwrap()],
    );
    assert!(out.contains("文件 2 个"), "{out}");
    assert!(ev.join("03月/2026-03-10 签到表.jpg").is_file());
    refused(
        &l,
        &["export", "evidence", "--year", "2026", "--out", ev.to_str().unwrap()],
        "已存在且不为空",
    );
}
