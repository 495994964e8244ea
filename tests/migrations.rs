//! Ledger files written by earlier versions of Zhibu open in this one: each fixture is a demo ledger
//! made by the released binary of its schema version (v1: organisational life only; v2: study,
//! points and 先锋岗), with the figures that binary reported beside it. Upgraded, every figure is
//! the same, the foreign keys hold and `check` finds nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use zhibu::analysis::check;
use zhibu::store::SCHEMA_VERSION;
use zhibu::Ledger;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A working copy of a fixture ledger (the fixture itself is never opened for writing).
fn copy_of(name: &str, dir: &Path) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(fixture(name), &to).unwrap();
    to
}

/// `zhibu export package --year 2026 --out OUT` on `ledger`.
fn export_package(ledger: &Path, out: &Path) {
    zhibu(
        ledger,
        &["export", "package", "--year", "2026", "--out", out.to_str().unwrap()],
    );
}

fn zhibu(ledger: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .arg("--ledger")
        .arg(ledger)
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Every field the old report had holds the same value now (new fields may be added, never changed).
fn assert_keeps(old: &Value, new: &Value, at: &str) {
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (k, v) in o {
                let nv = n.get(k).unwrap_or_else(|| panic!("{at}.{k} is gone"));
                assert_keeps(v, nv, &format!("{at}.{k}"));
            }
        }
        (Value::Array(o), Value::Array(n)) => {
            assert_eq!(o.len(), n.len(), "{at}: length");
            for (i, (a, b)) in o.iter().zip(n).enumerate() {
                assert_keeps(a, b, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (a.as_f64().unwrap(), b.as_f64().unwrap());
            assert!((a - b).abs() < 1e-9, "{at}: {a} became {b}");
        }
        _ => assert_eq!(old, new, "{at}"),
    }
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn upgraded(path: &Path) {
    let ledger = Ledger::open(path).unwrap();
    assert_eq!(ledger.schema_version().unwrap(), SCHEMA_VERSION);
    let fk: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 0);
    let on: i64 = ledger
        .conn()
        .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
        .unwrap();
    assert_eq!(on, 1, "foreign keys are back on after migrating");
    assert_eq!(check::run(&ledger).unwrap(), Vec::<String>::new());
}

#[test]
fn a_v1_ledger_upgrades_with_every_figure_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("ledger-v1.db", dir.path());
    upgraded(&path);
    let old = json(&std::fs::read_to_string(fixture("v1-summary-2026.json")).unwrap());
    let new = json(&zhibu(&path, &["report", "summary", "--year", "2026", "--json"]));
    assert_keeps(&old, &new, "summary");
    // Hand-checked anchors of the demo year: 20 on the roll at year end, 68 activities.
    assert_eq!(
        (new["members"].as_i64(), new["activity_total"].as_i64()),
        (Some(20), Some(68))
    );
}

#[test]
fn a_v2_ledger_upgrades_with_every_figure_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("ledger-v2.db", dir.path());
    upgraded(&path);
    for report in ["summary", "study", "points"] {
        let old = json(&std::fs::read_to_string(fixture(&format!("v2-{report}-2026.json"))).unwrap());
        let new = json(&zhibu(&path, &["report", report, "--year", "2026", "--json"]));
        assert_keeps(&old, &new, report);
    }
    let old = std::fs::read_to_string(fixture("v2-explain-zhangwei-2026.txt")).unwrap();
    assert_eq!(
        zhibu(&path, &["points", "explain", "--member", "张伟", "--year", "2026"]),
        old
    );
    // Opening again changes nothing more.
    let before = std::fs::read(&path).unwrap();
    drop(Ledger::open(&path).unwrap());
    assert_eq!(std::fs::read(&path).unwrap().len(), before.len());
}

#[test]
fn tables_that_others_reference_were_rebuilt_without_losing_a_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_of("ledger-v2.db", dir.path());
    let count = |conn: &rusqlite::Connection, t: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))
            .unwrap()
    };
    let tables = [
        "member",
        "activity",
        "attendance",
        "study_record",
        "discussion",
        "pioneer_post",
    ];
    let before: Vec<i64> = {
        let c = rusqlite::Connection::open(&path).unwrap();
        tables.iter().map(|t| count(&c, t)).collect()
    };
    let ledger = Ledger::open(&path).unwrap();
    let after: Vec<i64> = tables.iter().map(|t| count(ledger.conn(), t)).collect();
    assert_eq!(before, after);
    assert!(
        before.iter().all(|n| *n > 0),
        "the fixture exercises every rebuilt table: {before:?}"
    );
    // The code lists now have one source: SQL no longer carries a CHECK (… IN …) copy of them.
    let ddl: String = ledger
        .conn()
        .query_row(
            "SELECT group_concat(sql, ' ') FROM sqlite_schema WHERE name IN ('member', 'attendance')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(!ddl.contains(" IN ("), "{ddl}");
}

/// Ledgers of every earlier version gain an identity of their own (each a different one) and the
/// package tables, and an upgraded ledger reports up: its package, imported into a new ledger,
/// gives the same year.
#[test]
fn upgraded_ledgers_gain_an_identity_and_report_up() {
    let dir = tempfile::tempdir().unwrap();
    let mut ids = Vec::new();
    for name in ["ledger-v1.db", "ledger-v2.db"] {
        let path = copy_of(name, dir.path());
        let ledger = Ledger::open(&path).unwrap();
        let id: String = ledger
            .conn()
            .query_row("SELECT value FROM ledger_setting WHERE key = 'ledger_id'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(id.len(), 32, "{id}");
        let tables: i64 = ledger
            .conn()
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name IN ('package_export', 'package_receipt', 'package_row')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(tables, 3);
        assert_eq!(audit_indexes(ledger.conn()), ["audit_log_package"]);
        ids.push(id);
    }
    assert_ne!(ids[0], ids[1]);
    let source = dir.path().join("ledger-v2.db");
    let package = dir.path().join("v2.zbpkg");
    export_package(&source, &package);
    let college = dir.path().join("college.db");
    zhibu(&college, &["init", "--branch", "党委机关支部"]);
    zhibu(&college, &["import", "package", package.to_str().unwrap()]);
    let branch: String = {
        let c = rusqlite::Connection::open(&source).unwrap();
        c.query_row("SELECT name FROM branch", [], |r| r.get(0)).unwrap()
    };
    let args = [
        "report",
        "summary",
        "--year",
        "2026",
        "--branch",
        branch.as_str(),
        "--json",
    ];
    assert_eq!(json(&zhibu(&college, &args)), json(&zhibu(&source, &args)));
    // The export's own entries leave the source's check clean.
    assert_eq!(
        check::run(&Ledger::open(&source).unwrap()).unwrap(),
        Vec::<String>::new()
    );
}

/// The indexes of the audit log.
fn audit_indexes(conn: &rusqlite::Connection) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'audit_log' ORDER BY name")
        .unwrap();
    st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A version-13 ledger (its audit log indexed by table and row, which every write paid for) opens
/// with its log as it was: not one entry added, the chain and the head still verified, the index
/// by row gone, and the packages it exported listed as before — through the small index of their
/// own entries, not a scan of the log.
#[test]
fn a_v13_ledger_keeps_its_log_and_lists_its_packages_without_the_index_by_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v13.db");
    zhibu(&path, &["demo", "--today", "2026-12-31"]);
    let package = dir.path().join("v13.zbpkg");
    export_package(&path, &package);
    let listed = zhibu(&path, &["report", "packages", "--year", "2026"]);
    assert!(listed.contains("本台账导出") && listed.contains("链头"), "{listed}");
    // The schema as version 13 left it.
    let entries: i64 = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "DROP INDEX audit_log_package;
             CREATE INDEX audit_log_row ON audit_log (tbl, row_key);
             PRAGMA user_version = 13;",
        )
        .unwrap();
        assert_eq!(audit_indexes(&conn), ["audit_log_row"]);
        conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    };
    let ledger = Ledger::open(&path).unwrap();
    let c = ledger.conn();
    assert_eq!(ledger.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(audit_indexes(c), ["audit_log_package"]);
    let after: i64 = c.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert_eq!(after, entries, "the upgrade logs nothing: no row changed");
    assert_eq!(zhibu::store::audit::verify(c, &path).unwrap(), Vec::<String>::new());
    // The query of `package::exported`.
    let plan: Vec<String> = c
        .prepare(
            "EXPLAIN QUERY PLAN
             SELECT e.branch, e.year, e.exported_at, l.seq, l.hash FROM package_export e
             JOIN audit_log l ON l.tbl = 'package_export' AND l.row_key = '[' || e.id || ']' AND l.op = 'insert'
             WHERE e.year = ?1 ORDER BY l.seq",
        )
        .unwrap()
        .query_map([2026], |r| r.get(3))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(plan.iter().any(|p| p.contains("audit_log_package")), "{plan:?}");
    drop(ledger);
    assert_eq!(zhibu(&path, &["report", "packages", "--year", "2026"]), listed);
    // A second package after the upgrade is vouched for and listed too.
    let again = dir.path().join("v14.zbpkg");
    export_package(&path, &again);
    let listed = zhibu(&path, &["report", "packages", "--year", "2026"]);
    assert_eq!(listed.matches("本台账导出").count(), 2, "{listed}");
}
