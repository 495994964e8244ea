//! The audit trail: what Zhibu changes is logged, masked and chained; what another tool changes in
//! the ledger or in the log is found by `zhibu check`, by table and row.

mod common;

use common::Branch;
use rusqlite::Connection;
use zhibu::domain::activities;
use zhibu::domain::members::{self, MemberInput};
use zhibu::store::audit;

/// The small branch with one 支委会 (赵一、钱二、李四 on its roll; 李四 缺席).
fn branch() -> Branch {
    let mut b = Branch::new();
    b.activity("2026-03-05", &["committee_meeting"], None, &[("李四", "absent", None)])
        .unwrap();
    b
}

/// Another tool's connection to the same file (it has the search index's function, as a
/// knowledgeable attacker would, and none of Zhibu's triggers for the log).
fn other_tool(b: &Branch) -> Connection {
    let conn = Connection::open(b.path()).unwrap();
    zhibu::store::register_functions(&conn).unwrap();
    conn
}

fn problems(b: &Branch) -> Vec<String> {
    audit::verify(b.ledger.conn(), &b.path()).unwrap()
}

fn attendance_key(b: &Branch, name: &str) -> String {
    let (activity, member): (i64, i64) = b
        .ledger
        .conn()
        .query_row(
            "SELECT t.activity_id, t.member_id FROM attendance t JOIN member m ON m.id = t.member_id WHERE m.name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    format!("[{activity},{member}]")
}

#[test]
fn what_zhibu_writes_is_logged_and_the_ledger_checks_clean() {
    let b = branch();
    assert_eq!(problems(&b), Vec::<String>::new());
    let head = audit::head(b.ledger.conn()).unwrap().unwrap();
    assert_eq!(audit::read_head(&b.path()).unwrap(), Some(head.clone()));
    // The 支委会: its row, its kind, three marks (the committee's roll).
    let last: Vec<(String, String)> = audit::entries(b.ledger.conn(), 0, 5)
        .unwrap()
        .into_iter()
        .map(|e| (e.table, e.op.label().to_string()))
        .collect();
    assert_eq!(
        last,
        [
            ("attendance", "新增"),
            ("attendance", "新增"),
            ("attendance", "新增"),
            ("activity_kind", "新增"),
            ("activity", "新增")
        ]
        .map(|(t, o)| (t.to_string(), o.to_string()))
    );
    assert!(last.len() as i64 <= head.seq);
}

#[test]
fn a_change_logs_old_and_new_with_personal_data_masked() {
    let mut b = branch();
    let id = b.id("钱二");
    let (branch_id, g1) = (b.branch_id, b.g1);
    let input = MemberInput {
        id: Some(id),
        name: "钱二".into(),
        membership: Some("正式党员".into()),
        joined_on: Some("2012-07-01".into()),
        confirmed_on: Some("2012-12-01".into()),
        group_id: Some(g1),
        phone: Some("13812345678".into()),
        ..Default::default()
    };
    b.ledger.write(|tx| members::save(tx, branch_id, &input)).unwrap();
    let e = &audit::entries(b.ledger.conn(), 0, 1).unwrap()[0];
    assert_eq!(
        (e.table.as_str(), e.op.label(), e.row_key.clone()),
        ("member", "修改", format!("[{id}]"))
    );
    assert!(e.change.contains("138****5678"), "{}", e.change);
    assert!(!e.change.contains("13812345678"), "{}", e.change);
    // Only what changed.
    assert!(!e.change.contains("钱二"), "{}", e.change);
    assert_eq!(problems(&b), Vec::<String>::new());
}

#[test]
fn deleting_an_activity_logs_every_row_it_takes_with_it() {
    let mut b = branch();
    let before = audit::count(b.ledger.conn()).unwrap();
    let id: i64 = b
        .ledger
        .conn()
        .query_row("SELECT id FROM activity", [], |r| r.get(0))
        .unwrap();
    b.ledger.write(|tx| activities::delete(tx, id)).unwrap();
    let deleted: Vec<String> = audit::entries(b.ledger.conn(), 0, 100)
        .unwrap()
        .into_iter()
        .take_while(|e| e.seq > before)
        .map(|e| format!("{} {}", e.op.label(), e.table))
        .collect();
    assert!(deleted.contains(&"删除 activity".to_string()), "{deleted:?}");
    assert_eq!(
        deleted.iter().filter(|e| *e == "删除 attendance").count(),
        3,
        "{deleted:?}"
    );
    assert_eq!(problems(&b), Vec::<String>::new());
}

#[test]
fn an_attendance_mark_edited_elsewhere_is_found_by_its_row() {
    let b = branch();
    let key = attendance_key(&b, "李四");
    other_tool(&b)
        .execute(
            "UPDATE attendance SET status = 'present' WHERE member_id = (SELECT id FROM member WHERE name = '李四')",
            [],
        )
        .unwrap();
    assert_eq!(
        problems(&b),
        [format!("考勤（attendance）行 {key}：内容在支部台账之外被改动")]
    );
}

#[test]
fn rows_deleted_or_added_elsewhere_are_found() {
    let b = branch();
    let key = attendance_key(&b, "钱二");
    let tool = other_tool(&b);
    tool.execute(
        "DELETE FROM attendance WHERE member_id = (SELECT id FROM member WHERE name = '钱二')",
        [],
    )
    .unwrap();
    tool.execute(
        "INSERT INTO attendance (activity_id, member_id, status) SELECT activity_id, (SELECT id FROM member WHERE name = '孙三'), 'present' FROM attendance LIMIT 1",
        [],
    )
    .unwrap();
    let added = attendance_key(&b, "孙三");
    assert_eq!(
        problems(&b),
        [
            format!("考勤（attendance）行 {key}：在支部台账之外被删除"),
            format!("考勤（attendance）行 {added}：在支部台账之外被添加"),
        ]
    );
}

#[test]
fn an_earlier_joining_date_is_found() {
    let b = branch();
    let id = b.id("周五");
    other_tool(&b)
        .execute("UPDATE member SET joined_on = '2025-03-15' WHERE id = ?1", [id])
        .unwrap();
    assert!(
        problems(&b).contains(&format!("党员（member）行 [{id}]：内容在支部台账之外被改动")),
        "{:?}",
        problems(&b)
    );
}

#[test]
fn a_log_entry_edited_or_deleted_breaks_the_chain() {
    let b = branch();
    let tool = other_tool(&b);
    // Entry 3 given another origin: a time and origin are kept once per transaction, so the tool
    // adds its own and points the entry at it.
    tool.execute_batch(
        "INSERT INTO audit_stamp (at, origin) VALUES ('2026-01-01 08:00:00', '别人');
         UPDATE audit_entry SET stamp = last_insert_rowid() WHERE seq = 3;",
    )
    .unwrap();
    let found = problems(&b);
    assert!(
        found.len() == 1 && found[0].starts_with("审计日志第 3 条（") && found[0].ends_with("）被改动"),
        "{found:?}"
    );
    tool.execute(
        "UPDATE audit_entry SET stamp = (SELECT stamp FROM audit_entry WHERE seq = 4) WHERE seq = 3",
        [],
    )
    .unwrap();
    assert_eq!(problems(&b), Vec::<String>::new());
    tool.execute("DELETE FROM audit_entry WHERE seq = 5", []).unwrap();
    let found = problems(&b);
    assert!(found.contains(&"审计日志第 5–5 条被删除".to_string()), "{found:?}");
    // A transaction's time and origin removed: its entries no longer verify, they do not vanish.
    tool.execute(
        "DELETE FROM audit_stamp WHERE id = (SELECT stamp FROM audit_entry WHERE seq = 3)",
        [],
    )
    .unwrap();
    let found = problems(&b);
    assert!(found.iter().any(|p| p.starts_with("审计日志第 3 条")), "{found:?}");
    assert!(found.contains(&"审计日志第 5–5 条被删除".to_string()), "{found:?}");
}

#[test]
fn a_log_cut_short_no_longer_reaches_the_head_beside_the_file() {
    let b = branch();
    let head = audit::head(b.ledger.conn()).unwrap().unwrap();
    // The last transaction's entries and the rows they logged, gone together: the rows and the
    // log agree, the chain is whole, only the head outside the file tells.
    let tool = other_tool(&b);
    let first_of_last: i64 = tool
        .query_row("SELECT min(seq) FROM audit_log WHERE tbl = 'activity'", [], |r| {
            r.get(0)
        })
        .unwrap();
    tool.execute_batch("DELETE FROM attendance; DELETE FROM activity_kind; DELETE FROM activity;")
        .unwrap();
    tool.execute("DELETE FROM audit_entry WHERE seq >= ?1", [first_of_last])
        .unwrap();
    assert_eq!(
        problems(&b),
        [format!("审计日志末尾第 {first_of_last}–{} 条被删除", head.seq)]
    );
}

#[test]
fn the_cli_check_exits_3_when_tampered_and_names_the_row() {
    let b = branch();
    let run = || common::zhibu(&b.path(), &["check"]);
    assert_eq!(run().status.code(), Some(0));
    let key = attendance_key(&b, "李四");
    other_tool(&b)
        .execute("UPDATE attendance SET status = 'present' WHERE status = 'absent'", [])
        .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("考勤（attendance）行 {key}")), "{err}");
}

#[test]
fn the_log_is_listed_and_exported_by_the_cli() {
    let b = branch();
    let cli = |args: &[&str]| common::zhibu(&b.path(), args);
    let out = cli(&["audit", "list", "--limit", "3", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(listed[0]["table"], "attendance");
    assert_eq!(listed[0]["op"], "insert");
    assert!(
        listed[0]["described"].as_str().unwrap().contains("status："),
        "{}",
        listed[0]
    );
    let file = b.file("log.xlsx");
    assert_eq!(
        cli(&["audit", "export", "--out", file.to_str().unwrap()]).status.code(),
        Some(0)
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let rows = wb.worksheet_range("审计日志").unwrap();
    let entries = rows.rows().filter(|r| matches!(r[0], calamine::Data::Float(_))).count() as i64;
    assert_eq!(entries, audit::count(b.ledger.conn()).unwrap());
}

#[test]
fn a_process_killed_between_commit_and_head_is_no_tampering() {
    let mut b = branch();
    let before = audit::head(b.ledger.conn()).unwrap().unwrap();
    b.activity("2026-04-05", &["committee_meeting"], None, &[]).unwrap();
    let after = audit::head(b.ledger.conn()).unwrap().unwrap();
    // As the head file stood just before that commit: the old head and the pending one.
    audit::write_pending(&b.path(), Some(&before), &after).unwrap();
    assert_eq!(problems(&b), Vec::<String>::new());
    // Without the pending line the same log runs past its head.
    audit::write_head(&b.path(), &before).unwrap();
    assert_eq!(
        problems(&b),
        [format!(
            "审计日志比链头多出第 {}–{} 条（在支部台账之外追加，或上次写入时程序异常退出）",
            before.seq + 1,
            after.seq
        )]
    );
}

#[test]
fn check_reports_a_damaged_file_and_never_crashes() {
    let b = branch();
    let path = b.path();
    drop(b.ledger);
    let check = |p: &std::path::Path| common::zhibu(p, &["check"]);
    let original = std::fs::read(&path).unwrap();
    let damaged = |name: &str, bytes: Vec<u8>| {
        let p = path.with_file_name(name);
        std::fs::write(&p, bytes).unwrap();
        if p != path {
            std::fs::copy(audit::head_path(&path), audit::head_path(&p)).unwrap();
        }
        let out = check(&p);
        let said = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(3), "{name}: {said}");
        assert!(!said.contains("panicked") && said.contains("问题："), "{name}: {said}");
        said
    };
    // Pages overwritten in the middle, the file cut short, a member deleted under its marks.
    let mut scribbled = original.clone();
    let mid = scribbled.len() / 2;
    scribbled[mid..mid + 4096].fill(0xA5);
    damaged("scribbled.db", scribbled);
    damaged("cut.db", original[..original.len() / 3].to_vec());
    let tool = rusqlite::Connection::open(&path).unwrap();
    zhibu::store::register_functions(&tool).unwrap();
    tool.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM member WHERE name = '李四';")
        .unwrap();
    drop(tool);
    let said = damaged("ledger.db", std::fs::read(&path).unwrap());
    assert!(said.contains("在支部台账之外被删除"), "{said}");
    // A head file scribbled over is reported with the rest.
    std::fs::write(audit::head_path(&path), "乱码").unwrap();
    let said = damaged("ledger.db", std::fs::read(&path).unwrap());
    assert!(
        said.contains("审计链头文件") && said.contains("在支部台账之外被删除"),
        "{said}"
    );
}

#[test]
fn an_activity_deleted_elsewhere_is_found_with_every_row_it_took() {
    let b = branch();
    let id: i64 = b
        .ledger
        .conn()
        .query_row("SELECT id FROM activity", [], |r| r.get(0))
        .unwrap();
    other_tool(&b)
        .execute_batch(&format!(
            "DELETE FROM attendance WHERE activity_id = {id}; DELETE FROM activity_kind WHERE activity_id = {id};
             DELETE FROM activity WHERE id = {id};"
        ))
        .unwrap();
    let found = problems(&b);
    assert!(
        found.contains(&format!("组织生活（activity）行 [{id}]：在支部台账之外被删除")),
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|p| p.starts_with("考勤（attendance）")).count(),
        3,
        "{found:?}"
    );
}

/// A transaction of thousands of rows (an import's) is logged as a small one is: each row it
/// leaves changed once, in the order first touched, with its values as they end; a row it added
/// and removed again, or wrote over with what it held, not at all. Past a few thousand rows the
/// entries are made on a second thread: the same entries, chained in the same order.
#[test]
fn a_transaction_of_thousands_of_rows_logs_each_row_once_in_order() {
    let mut b = branch();
    b.ledger
        .write(|tx| {
            tx.execute_batch("INSERT INTO ledger_setting (key, value) VALUES ('保留-甲', '1'), ('保留-乙', '2')")?;
            Ok(())
        })
        .unwrap();
    let before = audit::head(b.ledger.conn()).unwrap().unwrap();
    b.ledger
        .write(|tx| {
            let mut add = tx.prepare("INSERT INTO ledger_setting (key, value) VALUES (?1, 'v')")?;
            for i in 0..6_000 {
                add.execute([format!("k{i:04}")])?;
            }
            // The first thousand end as 'w'; the last thousand are gone again.
            tx.execute("UPDATE ledger_setting SET value = 'w' WHERE key < 'k1000'", [])?;
            tx.execute("DELETE FROM ledger_setting WHERE key >= 'k5000' AND key LIKE 'k%'", [])?;
            // Written over with what it held; changed.
            tx.execute("UPDATE ledger_setting SET value = '1' WHERE key = '保留-甲'", [])?;
            tx.execute("UPDATE ledger_setting SET value = '3' WHERE key = '保留-乙'", [])?;
            Ok(())
        })
        .unwrap();
    let mut logged = Vec::new();
    audit::chain_after(b.ledger.conn(), before.seq, &mut |e| {
        logged.push(e);
        Ok(())
    })
    .unwrap();
    // 5,000 settings added (k0000–k4999), then 保留-乙 changed.
    assert_eq!(logged.len(), 5_001);
    for (i, e) in logged.iter().enumerate() {
        assert_eq!(e.seq, before.seq + 1 + i as i64);
    }
    let shown = |e: &audit::ChainEntry| (e.table.clone(), e.row_key.clone(), e.op.clone(), e.change.clone());
    let added = |i: usize, value: &str| {
        (
            "ledger_setting".to_string(),
            format!("[\"k{i:04}\"]"),
            "insert".to_string(),
            format!("{{\"key\":\"k{i:04}\",\"value\":\"{value}\"}}"),
        )
    };
    assert_eq!(shown(&logged[0]), added(0, "w"));
    assert_eq!(shown(&logged[999]), added(999, "w"));
    assert_eq!(shown(&logged[1000]), added(1000, "v"));
    assert_eq!(shown(&logged[4999]), added(4999, "v"));
    assert_eq!(
        shown(&logged[5000]),
        (
            "ledger_setting".to_string(),
            "[\"保留-乙\"]".to_string(),
            "update".to_string(),
            "{\"value\":[\"2\",\"3\"]}".to_string(),
        )
    );
    // One time and origin for the whole transaction; every entry chained to the one before.
    assert!(logged
        .iter()
        .all(|e| e.at == logged[0].at && e.origin == logged[0].origin));
    let mut prev = before.hash.clone();
    for e in &logged {
        assert_eq!(e.link(&prev), e.hash, "第 {} 条", e.seq);
        prev = e.hash.clone();
    }
    assert_eq!(audit::read_head(&b.path()).unwrap().map(|h| h.hash), Some(prev));
    assert_eq!(problems(&b), Vec::<String>::new());
}
