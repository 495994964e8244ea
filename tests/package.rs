//! Reporting up without a server: two branches' ledgers export their year, the 党委's ledger imports
//! the packages and computes the same figures; a later package replaces the earlier one; a package
//! altered after export, or a file that is no package, is refused naming what fails, the ledger
//! unchanged.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use common::{zhibu, Branch};
use serde_json::Value;

const A: &str = "机电工程学院教工第一党支部";
const B: &str = "测试支部";

struct Out {
    ok: bool,
    stdout: String,
    stderr: String,
}

fn run(ledger: &Path, args: &[&str]) -> Out {
    let out = zhibu(ledger, args);
    assert_ne!(
        out.status.code(),
        Some(101),
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Out {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn ok(ledger: &Path, args: &[&str]) -> String {
    let out = run(ledger, args);
    assert!(out.ok, "zhibu {args:?}: {}", out.stderr);
    out.stdout
}

fn json(ledger: &Path, args: &[&str]) -> Value {
    serde_json::from_str(&ok(ledger, args)).unwrap()
}

/// The small branch of tests/common with a year of records, hand-counted:
/// - 2026-03-10 主题党日: on the roll 赵一 钱二 孙三 李四 吴六 (周五 joins 03-15) → 应到 5, 李四 请假 → 实到 4;
/// - 2026-06-20 党员大会: 赵一 钱二 孙三 李四 周五 (吴六 left 05-01) → 应到 5, 孙三 缺席 → 实到 4;
/// - 2026-09-05 一组 党小组会: 赵一 钱二 孙三 → 应到 3, 实到 3;
///   so 3 activities, 应到 13, 实到 11; 5 on the roll at the year's end;
/// - a study task published 2026-02-01 (5 on the roll that day), done by 赵一 and 钱二: completion 0.4;
/// - one discussion post by 孙三; and a 2025 党员大会 (应到 5: 赵一 钱二 孙三 李四 吴六; 实到 5).
///
/// The ledger is closed after, so the command line can write to it.
fn branch_b(dir: &Path) -> PathBuf {
    let mut b = Branch::new();
    b.activity("2025-11-10", &["general_meeting"], None, &[]).unwrap();
    b.activity("2026-03-10", &["theme_day"], None, &[("李四", "leave", Some("出差"))])
        .unwrap();
    b.activity("2026-06-20", &["general_meeting"], None, &[("孙三", "absent", None)])
        .unwrap();
    let g1 = b.g1;
    b.activity("2026-09-05", &["group_meeting"], Some(g1), &[]).unwrap();
    let files = [
        (
            "tasks.csv",
            "study-tasks",
            "任务名称,发布日期,截止日期,学时\n学习二十大报告,2026-02-01,2026-03-31,2\n",
        ),
        (
            "records.csv",
            "study-records",
            "姓名,任务名称,完成日期\n赵一,学习二十大报告,2026-03-01\n钱二,学习二十大报告,2026-04-10\n",
        ),
        (
            "posts.csv",
            "discussions",
            "姓名,日期,类型,主题\n孙三,2026-04-01,发帖,学习体会\n",
        ),
    ];
    for (name, kind, text) in files {
        common::write(&b.file(name), text);
        let r = b
            .import(zhibu::io::import::ImportKind::parse(kind).unwrap(), name, false)
            .unwrap();
        assert!(r.errors.is_empty(), "{:?}", r.errors);
    }
    let Branch { dir: tmp, ledger, .. } = b;
    let to = dir.join("b.db");
    ledger.backup(&to, &mut |_| {}).unwrap();
    drop(ledger);
    drop(tmp);
    to
}

struct College {
    dir: tempfile::TempDir,
    a: PathBuf,
    b: PathBuf,
    k: PathBuf,
}

impl College {
    fn new() -> College {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.db");
        ok(&a, &["demo", "--today", "2026-12-31"]);
        let b = branch_b(dir.path());
        let k = dir.path().join("college.db");
        ok(
            &k,
            &["init", "--branch", "机电学院党委机关支部", "--parent", "机电学院党委"],
        );
        College { dir, a, b, k }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn export(&self, ledger: &Path, year: &str, name: &str) -> PathBuf {
        let out = self.file(name);
        let text = ok(
            ledger,
            &["export", "package", "--year", year, "--out", out.to_str().unwrap()],
        );
        assert!(text.contains("已导出上报包") && text.contains("审计链头"), "{text}");
        out
    }

    fn import(&self, package: &Path) -> Out {
        run(&self.k, &["import", "package", package.to_str().unwrap()])
    }

    fn count(&self, sql: &str) -> i64 {
        let conn = rusqlite::Connection::open(&self.k).unwrap();
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    /// What an import that was refused must leave as it was.
    fn state(&self) -> (Value, i64, i64, i64, String) {
        (
            json(&self.k, &["report", "packages", "--year", "2026", "--json"]),
            self.count("SELECT count(*) FROM member"),
            self.count("SELECT count(*) FROM activity"),
            self.count("SELECT count(*) FROM audit_log"),
            std::fs::read_to_string(zhibu::store::audit::head_path(&self.k)).unwrap_or_default(),
        )
    }
}

fn summary(ledger: &Path, branch: Option<&str>, year: &str) -> Value {
    let mut args = vec!["report", "summary", "--year", year, "--json"];
    if let Some(b) = branch {
        args.extend(["--branch", b]);
    }
    json(ledger, &args)
}

/// A branch's row of `report branches`: the figures that are the branch's own (the index and the
/// rank are relative to the other branches).
fn standing(ledger: &Path, branch: &str) -> Value {
    let rows = json(ledger, &["report", "branches", "--year", "2026", "--json"]);
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == branch)
        .unwrap_or_else(|| panic!("{branch} in {rows}"))
        .clone();
    serde_json::json!([
        row["compliance"],
        row["attendance_rate"],
        row["study_completion"],
        row["points_avg"]
    ])
}

#[test]
fn two_branches_report_up_and_the_college_computes_the_same_figures() {
    let c = College::new();
    let pa = c.export(&c.a, "2026", "a.zbpkg");
    let pb = c.export(&c.b, "2026", "b.zbpkg");
    // The head the export printed is the one the branch's ledger shows for it, and the 党委's.
    let head = ok(&c.b, &["report", "packages", "--year", "2026"]);
    let head = head
        .split("链头 ")
        .nth(1)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(head.len(), head.find(':').unwrap() + 9, "{head}");
    for p in [&pa, &pb] {
        let out = c.import(p);
        assert!(out.ok, "{}", out.stderr);
        assert!(
            out.stdout
                .contains(&format!("已新建支部“{}”", if p == &pa { A } else { B })),
            "{}",
            out.stdout
        );
    }
    for (source, name) in [(&c.a, A), (&c.b, B)] {
        assert_eq!(
            summary(&c.k, Some(name), "2026"),
            summary(source, Some(name), "2026"),
            "{name}"
        );
        assert_eq!(standing(&c.k, name), standing(source, name), "{name}");
        for report in ["points", "study", "appraisal"] {
            let args = ["report", report, "--year", "2026", "--json"];
            let mine = json(&c.k, &[&args[..], &["--branch", name]].concat());
            let theirs = json(source, &args);
            assert_eq!(without_ids(mine), without_ids(theirs), "{report} of {name}");
        }
    }
    // Hand-counted (see branch_b).
    let s = summary(&c.k, Some(B), "2026");
    assert_eq!(
        (
            &s["members"],
            &s["activity_total"],
            &s["expected_total"],
            &s["present_total"]
        ),
        (&Value::from(5), &Value::from(3), &Value::from(13), &Value::from(11))
    );
    assert_eq!(
        (&s["study_tasks"], &s["study_completion"], &s["discussions"]),
        (&Value::from(1), &Value::from(0.4), &Value::from(1))
    );
    // The college's ranking: the index as documented, from each branch's own figures.
    let rows = json(&c.k, &["report", "branches", "--year", "2026", "--json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    let best = rows
        .iter()
        .map(|r| r["points_avg"].as_f64().unwrap())
        .fold(0.0, f64::max);
    for r in rows {
        let f = |k: &str| r[k].as_f64().unwrap();
        let share = if best > 0.0 { f("points_avg") / best } else { 0.0 };
        let index =
            100.0 * (0.3 * f("compliance") + 0.3 * f("attendance_rate") + 0.2 * f("study_completion") + 0.2 * share);
        assert!((f("index") - (index * 10.0).round() / 10.0).abs() < 1e-9, "{r}");
    }
    // What was received, and when.
    let got = json(&c.k, &["report", "packages", "--year", "2026", "--json"]);
    let got = got.as_array().unwrap();
    assert_eq!(got.len(), 2);
    let b = got.iter().find(|r| r["branch"] == B).unwrap();
    assert_eq!(
        (&b["parent_org"], &b["members"], &b["activities"], &b["year"]),
        (
            &Value::from("测试党总支"),
            &Value::from(6),
            &Value::from(3),
            &Value::from(2026)
        )
    );
    assert_eq!(b["file_name"], "b.zbpkg");
    assert_eq!(b["head"], head.as_str());
    let conn = rusqlite::Connection::open(&c.k).unwrap();
    let listed = zhibu::io::package::received(&conn, 2026).unwrap();
    // By 党总支 (机电… before 测试…, as SQLite orders text), then branch.
    assert_eq!(
        listed.iter().map(|r| r.branch.as_str()).collect::<Vec<_>>(),
        ["机电工程学院教工第一党支部", "测试支部"]
    );
    assert!(zhibu::io::package::received(&conn, 2025).unwrap().is_empty());
    // Both ledgers check clean: the export's entries vouch for rows as they stand, and every row
    // the college took in went through its own audit log.
    ok(&c.k, &["check"]);
    ok(&c.b, &["check"]);
}

/// Figures without the ledger's own row numbers, which differ between ledgers.
fn without_ids(v: Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .filter(|(k, _)| k != "id" && !k.ends_with("_id"))
                .map(|(k, v)| (k, without_ids(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.into_iter().map(without_ids).collect()),
        v => v,
    }
}

#[test]
fn a_later_package_of_the_branch_replaces_the_earlier_one_and_an_older_one_asks_first() {
    let c = College::new();
    let first = c.export(&c.b, "2026", "b1.zbpkg");
    assert!(c.import(&first).ok);
    let kb = || c.count("SELECT id FROM branch WHERE name = '测试支部'");
    let members = c.count(&format!("SELECT count(*) FROM member WHERE branch_id = {}", kb()));
    assert_eq!(members, 6);
    // The branch meets again, and reports again.
    let csv = c.file("more.csv");
    common::write(
        &csv,
        "日期,类型,主题,出席\n2026-10-15,主题党日,十月主题党日,赵一、钱二、孙三、李四、周五\n",
    );
    ok(&c.b, &["import", "activities", csv.to_str().unwrap()]);
    let second = c.export(&c.b, "2026", "b2.zbpkg");
    let out = c.import(&second);
    assert!(out.ok, "{}", out.stderr);
    assert!(out.stdout.contains("已替换"), "{}", out.stdout);
    let s = summary(&c.k, Some(B), "2026");
    assert_eq!(
        (&s["members"], &s["activity_total"], &s["expected_total"]),
        (&Value::from(5), &Value::from(4), &Value::from(18))
    );
    assert_eq!(
        c.count(&format!("SELECT count(*) FROM member WHERE branch_id = {}", kb())),
        6
    );
    assert_eq!(summary(&c.k, Some(B), "2026"), summary(&c.b, Some(B), "2026"));
    // The same package again: replaced by itself, nothing doubled.
    assert!(c.import(&second).ok);
    assert_eq!(summary(&c.k, Some(B), "2026"), summary(&c.b, Some(B), "2026"));
    let got = json(&c.k, &["report", "packages", "--year", "2026", "--json"]);
    assert_eq!(got.as_array().unwrap().len(), 1);
    assert_eq!(got[0]["file_name"], "b2.zbpkg");
    assert_eq!(got[0]["activities"], 4);
    // The first export, after the second: refused until confirmed, and the ledger stays as it was.
    let before = c.state();
    let out = c.import(&first);
    assert!(!out.ok);
    assert!(
        out.stderr.contains("早于已收到的") && out.stderr.contains("--confirm"),
        "{}",
        out.stderr
    );
    assert_eq!(c.state(), before);
    let out = run(&c.k, &["import", "package", first.to_str().unwrap(), "--confirm"]);
    assert!(out.ok, "{}", out.stderr);
    assert_eq!(summary(&c.k, Some(B), "2026")["activity_total"], 3);
    // Other branches are untouched by all of this.
    let pa = c.export(&c.a, "2026", "a.zbpkg");
    assert!(c.import(&pa).ok);
    let a_before = summary(&c.k, Some(A), "2026");
    assert!(c.import(&second).ok);
    assert_eq!(summary(&c.k, Some(A), "2026"), a_before);
}

#[test]
fn two_years_of_one_branch_share_their_members_and_count_each_once() {
    let c = College::new();
    let p25 = c.export(&c.b, "2025", "b2025.zbpkg");
    let p26 = c.export(&c.b, "2026", "b2026.zbpkg");
    for p in [&p26, &p25, &p25, &p26] {
        let out = c.import(p);
        assert!(out.ok, "{}", out.stderr);
    }
    for year in ["2025", "2026"] {
        assert_eq!(summary(&c.k, Some(B), year), summary(&c.b, Some(B), year), "{year}");
    }
    let s = summary(&c.k, Some(B), "2025");
    assert_eq!(
        (&s["members"], &s["activity_total"], &s["present_total"]),
        (&Value::from(5), &Value::from(1), &Value::from(5))
    );
    // 6 people, each once, whichever years brought them.
    let kb = c.count("SELECT id FROM branch WHERE name = '测试支部'");
    assert_eq!(
        c.count(&format!("SELECT count(*) FROM member WHERE branch_id = {kb}")),
        6
    );
    assert_eq!(
        c.count(&format!(
            "SELECT count(*) FROM membership_period WHERE branch_id = {kb}"
        )),
        6
    );
    assert_eq!(
        json(&c.k, &["report", "packages", "--year", "2025", "--json"])
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Copies the package `from` to `to`, each file inside through `f` (None drops it), `extra` added.
fn rewrite(from: &Path, to: &Path, f: &dyn Fn(&str, String) -> Option<String>, extra: Option<(&str, &str)>) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut entry = zin.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if let Some(text) = f(&name, text) {
            zout.start_file(name.as_str(), options).unwrap();
            zout.write_all(text.as_bytes()).unwrap();
        }
    }
    if let Some((name, text)) = extra {
        zout.start_file(name, options).unwrap();
        zout.write_all(text.as_bytes()).unwrap();
    }
    zout.finish().unwrap();
}

/// The lines of a part, with line `n` (0-based) changed by `f` (None removes it).
fn edit_line(text: &str, n: usize, f: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = if i == n { f(line) } else { Some(line.to_string()) };
        if let Some(l) = line {
            out.push_str(&l);
            out.push('\n');
        }
    }
    out
}

#[test]
fn a_package_altered_after_export_is_refused_naming_what_fails() {
    let c = College::new();
    let pb = c.export(&c.b, "2026", "b.zbpkg");
    let reexported = {
        let csv = c.file("more.csv");
        common::write(&csv, "日期,类型,主题,出席\n2026-10-15,主题党日,十月主题党日,赵一\n");
        ok(&c.b, &["import", "activities", csv.to_str().unwrap()]);
        c.export(&c.b, "2026", "b-later.zbpkg")
    };
    let later_activities = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&reexported).unwrap()).unwrap();
        let mut t = String::new();
        z.by_name("rows/activity.jsonl")
            .unwrap()
            .read_to_string(&mut t)
            .unwrap();
        t
    };
    let before = c.state();
    type Edit<'a> = Box<dyn Fn(&str, String) -> Option<String> + 'a>;
    let part = |wanted: &'static str, f: Box<dyn Fn(String) -> Option<String>>| -> Edit {
        Box::new(move |name: &str, text: String| if name == wanted { f(text) } else { Some(text) })
    };
    let first_member = {
        let mut z = zip::ZipArchive::new(std::fs::File::open(&pb).unwrap()).unwrap();
        let mut t = String::new();
        z.by_name("rows/member.jsonl").unwrap().read_to_string(&mut t).unwrap();
        t.lines().next().unwrap().replacen("赵一", "赵壹", 1)
    };
    // The key and digest the log would give the edited member row.
    let forged_member_digest = move || {
        let row: Vec<Value> = serde_json::from_str(&first_member).unwrap();
        let values: Vec<rusqlite::types::Value> = row
            .into_iter()
            .map(|v| match v {
                Value::Null => rusqlite::types::Value::Null,
                Value::Number(n) if n.is_i64() => rusqlite::types::Value::Integer(n.as_i64().unwrap()),
                Value::Number(n) => rusqlite::types::Value::Real(n.as_f64().unwrap()),
                Value::String(s) => rusqlite::types::Value::Text(s),
                other => panic!("{other}"),
            })
            .collect();
        let refs: Vec<rusqlite::types::ValueRef> = values.iter().map(Into::into).collect();
        zhibu::store::audit::row_digest("member", &[0], &refs)
    };
    // What is done to the package, a file added to it, and what the refusal must say.
    type Case<'a> = (&'a str, Edit<'a>, Option<(&'a str, &'a str)>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            "a member's name edited",
            part("rows/member.jsonl", Box::new(|t| Some(t.replacen("赵一", "赵壹", 1)))),
            None,
            vec![
                "党员（member）行 [",
                "内容与审计链不符（导出后被改动）",
                "rows/member.jsonl",
            ],
        ),
        (
            "an attendance mark turned present",
            part(
                "rows/attendance.jsonl",
                Box::new(|t| Some(t.replacen("\"absent\"", "\"present\"", 1))),
            ),
            None,
            vec!["考勤（attendance）行 [", "导出后被改动"],
        ),
        (
            "a discussion added",
            part(
                "rows/discussion.jsonl",
                Box::new(|t| {
                    let mut row: Vec<Value> = serde_json::from_str(t.lines().next().unwrap()).unwrap();
                    row[0] = Value::from(9999);
                    Some(format!("{t}{}\n", serde_json::to_string(&row).unwrap()))
                }),
            ),
            None,
            vec!["讨论（discussion）行 [9999]", "审计链中没有（导出后被添加）"],
        ),
        (
            "an activity deleted",
            part("rows/activity.jsonl", Box::new(|t| Some(edit_line(&t, 0, &|_| None)))),
            None,
            vec!["组织生活（activity）行 [", "导出后被删除"],
        ),
        (
            "the activities replaced by a later export's",
            part("rows/activity.jsonl", Box::new(move |_| Some(later_activities.clone()))),
            None,
            vec![
                "部分“rows/activity.jsonl”与导出记录的摘要或行数（3 行）不符",
                "导出后被添加",
            ],
        ),
        (
            "the manifest's year edited",
            part(
                "manifest.json",
                Box::new(|t| Some(t.replacen("\"year\": 2026", "\"year\": 2025", 1))),
            ),
            None,
            vec!["清单（manifest.json）中的 year 与导出记录不符"],
        ),
        (
            "the manifest's members edited",
            part(
                "manifest.json",
                Box::new(|t| Some(t.replacen("\"members\": 6", "\"members\": 60", 1))),
            ),
            None,
            vec!["清单（manifest.json）中的 members 与导出记录不符"],
        ),
        (
            "the head edited",
            part(
                "manifest.json",
                Box::new(|t| {
                    let v: Value = serde_json::from_str(&t).unwrap();
                    let h = v["head"]["hash"].as_str().unwrap().to_string();
                    let forged = format!("{}{}", if h.starts_with('0') { "1" } else { "0" }, &h[1..]);
                    Some(t.replace(&h, &forged))
                }),
            ),
            None,
            vec!["链头（清单中的 head", "与审计链末尾"],
        ),
        (
            // As one would who knows how rows are hashed, but not that entries are chained.
            "a row and the entry that vouches for it edited together",
            Box::new(|name: &str, text: String| match name {
                "rows/member.jsonl" => Some(edit_line(&text, 0, &|l| Some(l.replacen("赵一", "赵壹", 1)))),
                "chain.jsonl" => {
                    let (key, hash) = forged_member_digest();
                    Some(
                        text.lines()
                            .map(|l| {
                                let mut e: Vec<Value> = serde_json::from_str(l).unwrap();
                                if e[3] == "member" && e[4] == key.as_str() {
                                    e[7] = Value::from(hash.clone());
                                }
                                serde_json::to_string(&e).unwrap() + "\n"
                            })
                            .collect(),
                    )
                }
                _ => Some(text),
            }),
            None,
            vec!["审计链第", "（党员（member）行 [", "）被改动"],
        ),
        (
            "a chain entry removed",
            part("chain.jsonl", Box::new(|t| Some(edit_line(&t, 3, &|_| None)))),
            None,
            vec!["链条断开"],
        ),
        (
            "a file added",
            Box::new(|_: &str, t: String| Some(t)),
            Some(("rows/extra.jsonl", "[1]\n")),
            vec!["多出了清单中没有的部分“rows/extra.jsonl”"],
        ),
        (
            "a part dropped",
            Box::new(|name: &str, t: String| (name != "rows/award.jsonl").then_some(t)),
            None,
            vec!["缺少部分“rows/award.jsonl”"],
        ),
    ];
    for (what, edit, extra, expected) in cases {
        let bad = c.file("bad.zbpkg");
        rewrite(&pb, &bad, &*edit, extra);
        let out = c.import(&bad);
        assert!(!out.ok, "{what}: imported");
        assert!(
            out.stderr.contains("未通过核验") || out.stderr.contains("未导入"),
            "{what}: {}",
            out.stderr
        );
        for e in expected {
            assert!(out.stderr.contains(e), "{what}: wanted “{e}” in {}", out.stderr);
        }
        assert_eq!(c.state(), before, "{what}: the ledger changed");
    }
    // The package as written goes in.
    assert!(c.import(&pb).ok);
}

#[test]
fn a_truncated_or_foreign_file_is_refused_and_nothing_changes() {
    let c = College::new();
    let pb = c.export(&c.b, "2026", "b.zbpkg");
    let bytes = std::fs::read(&pb).unwrap();
    let before = c.state();
    let truncated = c.file("truncated.zbpkg");
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let garbage = c.file("garbage.zbpkg");
    std::fs::write(&garbage, "这不是上报包，只是一段文字。".repeat(100)).unwrap();
    let workbook = c.file("book.xlsx");
    ok(
        &c.b,
        &[
            "export",
            "workbook",
            "--year",
            "2026",
            "--out",
            workbook.to_str().unwrap(),
        ],
    );
    let empty = c.file("empty.zbpkg");
    std::fs::write(&empty, "").unwrap();
    for f in [&truncated, &garbage, &workbook, &empty] {
        let out = c.import(f);
        assert!(!out.ok, "{f:?}");
        assert!(
            out.stderr.contains("不是支部台账上报包") || out.stderr.contains("无法解压"),
            "{f:?}: {}",
            out.stderr
        );
        assert_eq!(c.state(), before);
    }
    // A zip bomb: a part that inflates past the bound, refused as it inflates.
    let bomb = c.file("bomb.zbpkg");
    // Lines of a megabyte, within the line's bound: the part's bound refuses them.
    let big = format!("{}\n", " ".repeat(1024 * 1024 - 1)).repeat(257);
    rewrite(
        &pb,
        &bomb,
        &|name, t| {
            if name == "chain.jsonl" {
                Some(big.clone())
            } else {
                Some(t)
            }
        },
        None,
    );
    assert!(std::fs::metadata(&bomb).unwrap().len() < 2 * 1024 * 1024);
    let out = c.import(&bomb);
    assert!(!out.ok && out.stderr.contains("解压后超过上限"), "{}", out.stderr);
    // A line past its bound.
    let long = c.file("long.zbpkg");
    let line = format!("[\"{}\"]\n", "党".repeat(400_000));
    rewrite(
        &pb,
        &long,
        &|name, t| {
            if name == "rows/award.jsonl" {
                Some(line.clone())
            } else {
                Some(t)
            }
        },
        None,
    );
    let out = c.import(&long);
    assert!(!out.ok && out.stderr.contains("第 1 行超过 1 MB"), "{}", out.stderr);
    assert_eq!(c.state(), before);
}

#[test]
fn a_branch_the_college_keeps_itself_is_never_overwritten_and_a_package_never_goes_home() {
    let c = College::new();
    let pb = c.export(&c.b, "2026", "b.zbpkg");
    // Its own ledger: refused.
    let out = run(&c.b, &["import", "package", pb.to_str().unwrap()]);
    assert!(!out.ok && out.stderr.contains("从本台账"), "{}", out.stderr);
    // A ledger with a branch of that name and records of its own: refused.
    let other = c.file("other.db");
    ok(&other, &["init", "--branch", B]);
    let members = c.file("m.csv");
    common::write(&members, "姓名,党员类别,入党日期\n郑七,正式党员,2015-07-01\n");
    ok(&other, &["import", "members", members.to_str().unwrap()]);
    let out = run(&other, &["import", "package", pb.to_str().unwrap()]);
    assert!(!out.ok && out.stderr.contains("不是由上报包导入的"), "{}", out.stderr);
    // An empty branch of that name takes the package.
    let empty = c.file("empty.db");
    ok(&empty, &["init", "--branch", B]);
    let out = run(&empty, &["import", "package", pb.to_str().unwrap()]);
    assert!(out.ok, "{}", out.stderr);
    assert_eq!(summary(&empty, Some(B), "2026"), summary(&c.b, Some(B), "2026"));
}

#[test]
fn a_row_changed_by_another_tool_is_never_vouched_for() {
    let c = College::new();
    {
        let conn = rusqlite::Connection::open(&c.b).unwrap();
        zhibu::store::register_functions(&conn).unwrap();
        conn.execute("UPDATE activity SET hours = 8 WHERE date = '2026-03-10'", [])
            .unwrap();
    }
    let out = run(
        &c.b,
        &[
            "export",
            "package",
            "--year",
            "2026",
            "--out",
            c.file("x.zbpkg").to_str().unwrap(),
        ],
    );
    assert!(!out.ok);
    assert!(
        out.stderr.contains("组织生活（activity）行 [") && out.stderr.contains("之外被改动"),
        "{}",
        out.stderr
    );
    assert!(!c.file("x.zbpkg").exists());
}

#[test]
fn rules_that_differ_from_the_colleges_are_named() {
    let c = College::new();
    let rules = [
        "attend=3",
        "leave=0",
        "absent=-3",
        "lecture_speaker=5",
        "salon_speaker=3",
        "study_on_time=1",
        "study_late=0.5",
        "discussion=0.5:5",
        "reflection=2:2",
        "quiz=1",
        "pioneer_excellent=10:1",
        "pioneer_qualified=5:1",
        "award_school=5",
        "award_city=8",
        "award_province=10",
        "award_national=15",
        "news_item=1",
    ];
    let mut args = vec!["points", "set-rules", "--from", "2026-01-01"];
    for r in &rules {
        args.extend(["--rule", r]);
    }
    ok(&c.b, &args);
    let pb = c.export(&c.b, "2026", "b.zbpkg");
    let out = c.import(&pb);
    assert!(out.ok, "{}", out.stderr);
    assert!(out.stdout.contains("积分规则与本台账不同"), "{}", out.stdout);
    assert!(!out.stdout.contains("组织生活规则"), "{}", out.stdout);
    // The demo branch keeps the default rules: nothing to say.
    let pa = c.export(&c.a, "2026", "a.zbpkg");
    let out = c.import(&pa);
    assert!(!out.stdout.contains("提示"), "{}", out.stdout);
}

/// The window's way: the first call stops before replacing and says what it would replace; the
/// confirmed call goes in.
#[test]
fn the_window_is_asked_before_a_package_replaces_another() {
    use zhibu::io::package::{self, Consent};
    let c = College::new();
    let pb = c.export(&c.b, "2026", "b.zbpkg");
    let mut k = zhibu::Ledger::open(&c.k).unwrap();
    let first = package::import(&mut k, &pb, Consent::Ask, &mut |_| {}).unwrap();
    assert!(first.applied && first.new_branch && first.replaces.is_empty());
    let again = package::import(&mut k, &pb, Consent::Ask, &mut |_| {}).unwrap();
    assert!(!again.applied);
    assert_eq!(again.replaces.len(), 1);
    assert_eq!(
        (
            again.replaces[0].branch.as_str(),
            again.replaces[0].members,
            again.replaces[0].activities
        ),
        (B, 6, 3)
    );
    assert!(again.confirm.is_none());
    let inspected = package::inspect(k.conn(), &pb, &mut |_| {}).unwrap();
    assert_eq!(inspected.replaces.len(), 1);
    let done = package::import(&mut k, &pb, Consent::Confirmed, &mut |_| {}).unwrap();
    assert!(done.applied);
    assert_eq!(package::received(k.conn(), 2026).unwrap().len(), 1);
}

/// A member who moved between two branches of the college is in both branches' packages: the copy
/// that comes second is kept without the 身份证号 (one person's in the whole ledger), and says so.
#[test]
fn a_member_in_two_branches_packages_keeps_one_id_number() {
    let c = College::new();
    let csv = c.file("m.csv");
    let mut packages = Vec::new();
    for (branch, left) in [
        ("信息学院第一支部", ",转出,2026-06-30,信息学院第二支部"),
        ("信息学院第二支部", ",,,"),
    ] {
        let ledger = c.file(&format!("{branch}.db"));
        ok(&ledger, &["init", "--branch", branch]);
        common::write(
            &csv,
            &format!("姓名,党员类别,入党日期,身份证号,状态,离开日期,去向\n王建国,正式党员,2001-06-28,450102197504121011{left}\n"),
        );
        ok(&ledger, &["import", "members", csv.to_str().unwrap()]);
        packages.push(c.export(&ledger, "2026", &format!("{branch}.zbpkg")));
    }
    assert!(!c.import(&packages[0]).stdout.contains("身份证号"));
    let second = c.import(&packages[1]);
    assert!(second.ok, "{}", second.stderr);
    assert!(
        second.stdout.contains("1 名党员的身份证号已在本台账其他支部的记录中"),
        "{}",
        second.stdout
    );
    assert_eq!(c.count("SELECT count(*) FROM member WHERE name = '王建国'"), 2);
    assert_eq!(
        c.count("SELECT count(*) FROM member WHERE id_number = '450102197504121011'"),
        1
    );
    // Each branch counts him for its own part of the year.
    assert_eq!(summary(&c.k, Some("信息学院第一支部"), "2026")["members"], 0);
    assert_eq!(summary(&c.k, Some("信息学院第二支部"), "2026")["members"], 1);
}
