//! Backups the secretary never thinks about: taken on opening, kept to a number, listed with what
//! they hold, restored after a backup of the ledger as it is; a newer ledger refused untouched.

mod common;

use std::time::Duration;

use common::Branch;
use zhibu::store::{audit, backups};
use zhibu::Ledger;

fn activities(l: &Ledger) -> i64 {
    l.conn()
        .query_row("SELECT count(*) FROM activity", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_backup_lists_what_it_holds_and_only_the_newest_are_kept() {
    let mut b = Branch::new();
    b.activity("2026-03-05", &["committee_meeting"], None, &[]).unwrap();
    let path = b.path();
    for _ in 0..3 {
        backups::take(&b.ledger, backups::Reason::Daily, &mut |_| {}).unwrap();
        std::thread::sleep(Duration::from_millis(1100));
    }
    let list = backups::list(&path).unwrap();
    assert_eq!(list.len(), 3);
    let newest = &list[0];
    assert_eq!((newest.members, newest.activities), (5, 1), "{newest:?}");
    assert_eq!(newest.latest_activity.as_deref(), Some("2026-03-05"));
    assert_eq!(newest.reason_label, "每日");
    assert!(list[0].taken_at > list[2].taken_at);
    // Each copy carries its audit head and checks clean on its own.
    let copy = std::path::Path::new(&newest.path);
    assert!(audit::read_head(copy).unwrap().is_some());
    b.ledger.write(|tx| backups::set_keep(tx, 2)).unwrap();
    backups::take(&b.ledger, backups::Reason::Daily, &mut |_| {}).unwrap();
    assert_eq!(backups::list(&path).unwrap().len(), 2);
    assert!(b.ledger.write(|tx| backups::set_keep(tx, 0)).is_err());
}

#[test]
fn a_restore_brings_the_backup_back_and_keeps_the_ledger_as_it_was() {
    let mut b = Branch::new();
    b.activity("2026-03-05", &["committee_meeting"], None, &[]).unwrap();
    let path = b.path();
    let before = backups::take(&b.ledger, backups::Reason::Daily, &mut |_| {}).unwrap();
    b.activity("2026-04-05", &["committee_meeting"], None, &[]).unwrap();
    assert_eq!(activities(&b.ledger), 2);
    let Branch { ledger, dir, .. } = b;
    drop(ledger);
    let safety = backups::restore(&path, &before, &mut |_| {}).unwrap();
    let restored = Ledger::open(&path).unwrap();
    assert_eq!(activities(&restored), 1);
    assert_eq!(zhibu::analysis::check::run(&restored).unwrap(), Vec::<String>::new());
    // Nothing lost: the ledger as it was before the restore is a backup of its own.
    let kept = backups::inspect(&safety).unwrap();
    assert_eq!((kept.activities, kept.reason_label.as_str()), (2, "恢复前"));
    drop(dir);
}

#[test]
fn a_ledger_from_a_newer_zhibu_is_refused_untouched_naming_both_versions() {
    let b = Branch::new();
    let path = b.path();
    drop(b.ledger);
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let err = Ledger::open(&path).err().expect("refused").to_string();
    assert!(
        err.contains("第 99 版") && err.contains(&format!("第 {} 版", zhibu::store::SCHEMA_VERSION)),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert!(backups::inspect(&path).is_err());
}

#[cfg(unix)]
#[test]
fn the_ledger_its_backups_and_attachments_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;
    let b = Branch::new();
    let mode = |p: &std::path::Path| p.metadata().unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&b.path()), 0o600);
    assert_eq!(mode(&audit::head_path(&b.path())), 0o600);
    let copy = backups::take(&b.ledger, backups::Reason::Opened, &mut |_| {}).unwrap();
    assert_eq!(mode(&copy), 0o600);
    assert_eq!(mode(&backups::dir_for(&b.path())), 0o700);
}

#[test]
fn the_cli_backs_up_on_opening_lists_and_restores() {
    let mut b = Branch::new();
    b.activity("2026-03-05", &["committee_meeting"], None, &[]).unwrap();
    let path = b.path();
    drop(b.ledger);
    let cli = |args: &[&str]| common::zhibu(&path, args);
    let listed = |cli: &dyn Fn(&[&str]) -> std::process::Output| -> Vec<serde_json::Value> {
        serde_json::from_slice::<serde_json::Value>(&cli(&["backups", "list", "--json"]).stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    };
    assert!(listed(&cli).is_empty());
    // The first opening of the day backs up; the second does not.
    assert_eq!(cli(&["check"]).status.code(), Some(0));
    assert_eq!(cli(&["check"]).status.code(), Some(0));
    let taken = listed(&cli);
    assert_eq!(taken.len(), 1);
    assert_eq!(
        (taken[0]["reason"].as_str(), taken[0]["activities"].as_i64()),
        (Some("opened"), Some(1))
    );
    let copy = taken[0]["path"].as_str().unwrap().to_string();
    let mut ledger = Ledger::open(&path).unwrap();
    let branch_id = zhibu::domain::org::resolve(ledger.conn(), None).unwrap();
    ledger
        .write(|tx| {
            zhibu::domain::activities::delete(
                tx,
                zhibu::domain::activities::list(tx, Some(branch_id), common::d("2026-01-01"), common::d("2026-12-31"))?
                    [0]
                .id,
            )
        })
        .unwrap();
    assert_eq!(activities(&ledger), 0);
    drop(ledger);
    let out = cli(&["restore", &copy]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(activities(&Ledger::open(&path).unwrap()), 1);
    assert_eq!(cli(&["check"]).status.code(), Some(0));
    assert_eq!(
        listed(&cli).iter().filter(|b| b["reason"] == "before_restore").count(),
        1
    );
}

#[test]
fn a_second_writer_is_refused_at_once_in_words_and_readers_go_on() {
    let mut b = Branch::new();
    b.activity("2026-03-05", &["committee_meeting"], None, &[]).unwrap();
    let path = b.path();
    let mut second = Ledger::open(&path).unwrap();
    let started = std::time::Instant::now();
    let refused = second.write(|tx| backups::set_keep(tx, 5)).unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(
        refused.to_string().contains("正在另一个支部台账窗口或命令中修改"),
        "{refused}"
    );
    assert_eq!(activities(&second), 1);
    // The command line is refused the same way, and reads.
    let cli = |args: &[&str]| common::zhibu(&path, args);
    let out = cli(&["backups", "keep", "5"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("正在另一个支部台账窗口或命令中修改"));
    assert_eq!(cli(&["report", "summary", "--year", "2026"]).status.code(), Some(0));
    drop(b.ledger);
    second.write(|tx| backups::set_keep(tx, 5)).unwrap();
}

#[test]
fn a_ledger_too_damaged_to_open_is_restored_and_kept_as_it_was() {
    let b = Branch::new();
    let path = b.path();
    let good = backups::take(&b.ledger, backups::Reason::Daily, &mut |_| {}).unwrap();
    drop(b.ledger);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[..100].fill(0x5A);
    std::fs::write(&path, &bytes).unwrap();
    assert!(Ledger::open(&path).is_err());
    let refused = backups::restore(&path, &path, &mut |_| {}).unwrap_err();
    assert!(refused.to_string().contains("就是当前台账本身"), "{refused}");
    let kept = backups::restore(&path, &good, &mut |_| {}).unwrap();
    assert_eq!(std::fs::read(&kept).unwrap(), bytes);
    let restored = Ledger::open(&path).unwrap();
    assert_eq!(zhibu::analysis::check::run(&restored).unwrap(), Vec::<String>::new());
}

/// Asking whether the open ledger is encrypted must not open the file beside SQLite: closing that
/// handle dropped the process's locks, and a command line closing after it deleted the WAL under
/// the window, losing the window's latest writes.
#[test]
fn the_open_ledger_keeps_its_writes_while_others_come_and_go() {
    let mut b = Branch::new();
    let path = b.path();
    b.ledger.claim_writer().unwrap();
    let reader = zhibu::store::open_reader(&path).unwrap();
    for (i, name) in ["郑七", "王八", "冯九"].into_iter().enumerate() {
        b.add_member(name, b.g1, "2018-06-30", "正式党员");
        let today = common::d("2026-06-30");
        let info = zhibu::domain::org::ledger_info(&reader, &path, b.branch_id, today).unwrap();
        assert!(!info.encrypted);
        let out = common::zhibu(&path, &["report", "summary", "--year", "2026", "--json"]);
        let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(s["members"], 6 + i, "after {name}");
    }
    drop(reader);
    drop(b.ledger);
    let reopened = Ledger::open(&path).unwrap();
    let n: i64 = reopened
        .conn()
        .query_row("SELECT count(*) FROM member WHERE status = 'active'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 8);
}
