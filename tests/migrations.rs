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
        assert_eq!(audit_indexes(ledger.conn(), "audit_entry"), ["audit_entry_package"]);
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

/// The indexes on `table` (the log's table: `audit_log` until version 15, `audit_entry` since).
fn audit_indexes(conn: &rusqlite::Connection, table: &str) -> Vec<String> {
    let mut st = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 ORDER BY name")
        .unwrap();
    st.query_map([table], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Puts the log back as version 14 kept it: one table, each entry with its time, origin and
/// digests as text.
fn as_v14(conn: &rusqlite::Connection) {
    conn.execute_batch(
        "CREATE TABLE audit_log_v14 (
             seq INTEGER PRIMARY KEY, at TEXT NOT NULL, origin TEXT NOT NULL, tbl TEXT NOT NULL,
             row_key TEXT NOT NULL, op TEXT NOT NULL, change TEXT NOT NULL, row_hash TEXT, hash TEXT NOT NULL
         );
         INSERT INTO audit_log_v14 SELECT * FROM audit_log;
         DROP VIEW audit_log;
         DROP TABLE audit_entry;
         DROP TABLE audit_stamp;
         ALTER TABLE audit_log_v14 RENAME TO audit_log;
         CREATE INDEX audit_log_package ON audit_log (row_key) WHERE tbl = 'package_export';
         PRAGMA user_version = 14;",
    )
    .unwrap();
}

/// The whole log as it reads, entry by entry.
fn log_of(conn: &rusqlite::Connection) -> Vec<Vec<Option<String>>> {
    let mut st = conn
        .prepare("SELECT seq, at, origin, tbl, row_key, op, change, row_hash, hash FROM audit_log ORDER BY seq")
        .unwrap();
    st.query_map([], |r| {
        (0..9)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                    v => v.as_str_or_null()?.map(str::to_string),
                })
            })
            .collect()
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// A version-14 ledger (each entry with its own time, origin and digests in hex) opens with every
/// entry reading as it did, byte for byte: the chain and the head verify, the digests are stored as
/// bytes, each time and origin once. An entry another tool had edited before the upgrade is still
/// found after it, its text kept as it was.
#[test]
fn a_v14_ledger_keeps_every_entry_of_its_log_in_fewer_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v14.db");
    zhibu(&path, &["demo", "--today", "2026-12-31"]);
    let (log, stamps) = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        as_v14(&conn);
        assert_eq!(audit_indexes(&conn, "audit_log"), ["audit_log_package"]);
        let stamps: i64 = conn
            .query_row(
                "SELECT count(*) FROM (SELECT DISTINCT at, origin FROM audit_log)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (log_of(&conn), stamps)
    };
    assert!(
        log.len() > 1_000 && stamps > 1,
        "{} entries, {stamps} stamps",
        log.len()
    );
    let ledger = Ledger::open(&path).unwrap();
    let c = ledger.conn();
    assert_eq!(ledger.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(
        log_of(c),
        log,
        "the upgrade logs nothing and every entry reads as before"
    );
    assert_eq!(zhibu::store::audit::verify(c, &path).unwrap(), Vec::<String>::new());
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM audit_stamp"), stamps);
    assert_eq!(
        count("SELECT count(*) FROM audit_entry WHERE typeof(hash) <> 'blob' OR length(hash) <> 32"),
        0
    );
    assert_eq!(
        count("SELECT count(*) FROM audit_entry WHERE row_hash IS NOT NULL AND typeof(row_hash) <> 'blob'"),
        0
    );
    assert_eq!(audit_indexes(c, "audit_entry"), ["audit_entry_package"]);
    drop(ledger);

    // The same, with entry 7's digest overwritten by another tool while it was version 14.
    let tampered = dir.path().join("tampered.db");
    zhibu(&tampered, &["demo", "--today", "2026-12-31"]);
    {
        let conn = rusqlite::Connection::open(&tampered).unwrap();
        as_v14(&conn);
        conn.execute("UPDATE audit_log SET hash = upper(hash) || 'x' WHERE seq = 7", [])
            .unwrap();
    }
    let ledger = Ledger::open(&tampered).unwrap();
    let c = ledger.conn();
    let found = zhibu::store::audit::verify(c, &tampered).unwrap();
    assert!(
        !found.is_empty()
            && found
                .iter()
                .all(|p| p.starts_with("审计日志第 7 条") || p.starts_with("审计日志第 8 条")),
        "{found:?}"
    );
    let kept: String = c
        .query_row("SELECT hash FROM audit_entry WHERE seq = 7", [], |r| r.get(0))
        .unwrap();
    assert!(kept.ends_with('x') && kept.len() == 65, "{kept}");
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
        as_v14(&conn);
        conn.execute_batch(
            "DROP INDEX audit_log_package;
             CREATE INDEX audit_log_row ON audit_log (tbl, row_key);
             PRAGMA user_version = 13;",
        )
        .unwrap();
        assert_eq!(audit_indexes(&conn, "audit_log"), ["audit_log_row"]);
        conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
            .unwrap()
    };
    let ledger = Ledger::open(&path).unwrap();
    let c = ledger.conn();
    assert_eq!(ledger.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(audit_indexes(c, "audit_entry"), ["audit_entry_package"]);
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
    assert!(plan.iter().any(|p| p.contains("audit_entry_package")), "{plan:?}");
    drop(ledger);
    assert_eq!(zhibu(&path, &["report", "packages", "--year", "2026"]), listed);
    // A second package after the upgrade is vouched for and listed too.
    let again = dir.path().join("v14.zbpkg");
    export_package(&path, &again);
    let listed = zhibu(&path, &["report", "packages", "--year", "2026"]);
    assert_eq!(listed.matches("本台账导出").count(), 2, "{listed}");
}
