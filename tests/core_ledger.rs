//! The ledger's rules on a small branch, with figures worked out by hand (see tests/common).

mod common;

use common::{d, Branch};
use zhibu::analysis::reports;
use zhibu::domain::activities;
use zhibu::kernel::labels::AttendanceStatus;

#[test]
fn expected_follows_the_roll_on_the_date_and_the_kind() {
    let mut b = Branch::new();
    // 2026-03-01: 周五 not yet joined, 吴六 still on the roll → 5 expected branch-wide.
    let a = b
        .activity("2026-03-01", &["主题党日"], None, &[("孙三", "leave", Some("出差"))])
        .unwrap();
    assert_eq!(
        (
            a.roll.tally.expected,
            a.roll.tally.present,
            a.roll.tally.leave,
            a.roll.tally.absent
        ),
        (5, 4, 1, 0)
    );
    assert_eq!(a.roll.tally.rate, Some(0.8));

    // 2026-06-01: 周五 joined (03-15), 吴六 left (05-01) → 5 again but different people.
    let a = b
        .activity("2026-06-01", &["党员大会", "党课"], None, &[("赵一", "absent", None)])
        .unwrap();
    let names: Vec<&str> = a.roll.entries.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["赵一", "钱二", "孙三", "李四", "周五"]);
    assert_eq!((a.roll.tally.expected, a.roll.tally.present), (5, 4));

    // 党小组会 of 二组 on 2026-06-01: 李四, 周五.
    let g2 = b.g2;
    let a = b.activity("2026-06-02", &["党小组会"], Some(g2), &[]).unwrap();
    assert_eq!(a.roll.tally.expected, 2);
    assert_eq!(a.roll.tally.present, 2);

    // 支委会: the three sitting committee members.
    let a = b
        .activity("2026-06-03", &["支委会"], None, &[("李四", "leave", None)])
        .unwrap();
    assert_eq!(
        (a.roll.tally.expected, a.roll.tally.present, a.roll.tally.leave),
        (3, 2, 1)
    );
}

#[test]
fn unmarked_members_are_absent_and_observers_do_not_count() {
    let mut b = Branch::new();
    let g1 = b.g1;
    // Only 赵一 marked; 钱二 and 孙三 left unmarked in the submitted attendance → stored as 缺席.
    let input = zhibu::domain::activities::ActivityInput {
        date: Some("2026-06-10".into()),
        title: Some("一组学习".into()),
        kinds: vec!["group_meeting".into()],
        group_id: Some(g1),
        attendance: vec![
            zhibu::domain::activities::MarkInput {
                member_id: b.id("赵一"),
                status: "present".into(),
                reason: None,
            },
            zhibu::domain::activities::MarkInput {
                member_id: b.id("李四"),
                status: "observer".into(),
                reason: None,
            },
        ],
        ..Default::default()
    };
    let branch_id = b.branch_id;
    let a = b.ledger.write(|tx| activities::save(tx, branch_id, &input)).unwrap();
    assert_eq!(
        (a.roll.tally.expected, a.roll.tally.present, a.roll.tally.absent),
        (3, 1, 2)
    );
    let observers: Vec<_> = a.roll.entries.iter().filter(|e| !e.on_roll).collect();
    assert_eq!(observers.len(), 1);
    assert_eq!(
        (observers[0].name.as_str(), observers[0].status),
        ("李四", AttendanceStatus::Observer)
    );
}

#[test]
fn attendance_that_contradicts_the_roll_is_refused_and_nothing_is_written() {
    let mut b = Branch::new();
    let before = b.count("activity");
    // 周五 joined 2026-03-15: cannot be 出席 on 03-01 as a member of the roll.
    let err = b
        .activity("2026-03-01", &["主题党日"], None, &[("周五", "present", None)])
        .unwrap_err();
    assert_eq!(err.kind(), "invalid");
    assert!(err.to_string().contains("周五"), "{err}");
    // A 党小组会 without its group.
    let err = b.activity("2026-03-02", &["党小组会"], None, &[]).unwrap_err();
    assert!(err.to_string().contains("党小组"), "{err}");
    assert_eq!(b.count("activity"), before);
    assert_eq!(b.count("attendance"), 0);
}

#[test]
fn year_summary_counts_kinds_and_attendance() {
    let mut b = Branch::new();
    let g2 = b.g2;
    b.activity("2026-03-01", &["主题党日"], None, &[("孙三", "leave", Some("出差"))])
        .unwrap(); // 4/5
    b.activity("2026-06-01", &["党员大会", "党课"], None, &[("赵一", "absent", None)])
        .unwrap(); // 4/5
    b.activity("2026-06-02", &["党小组会"], Some(g2), &[("周五", "absent", None)])
        .unwrap(); // 1/2
    b.activity("2025-12-30", &["支委会"], None, &[]).unwrap(); // other year
    let s = reports::summary(b.ledger.conn(), None, 2026).unwrap();
    assert_eq!(s.members, 5);
    assert_eq!(s.activity_total, 3);
    assert_eq!(s.activities["theme_day"], 1);
    assert_eq!(s.activities["general_meeting"], 1);
    assert_eq!(s.activities["party_lecture"], 1);
    assert_eq!(s.activities["group_meeting"], 1);
    assert_eq!(s.activities["committee_meeting"], 0);
    assert_eq!((s.present_total, s.expected_total), (9, 12));
    assert!((s.attendance_rate - 0.75).abs() < 1e-12);
    let s2025 = reports::summary(b.ledger.conn(), None, 2025).unwrap();
    assert_eq!(
        (s2025.activity_total, s2025.members),
        (1, 5),
        "周五 not yet, 吴六 still on the roll at 2025 year end"
    );
}

#[test]
fn dashboard_shows_month_quarter_and_repeat_absentees() {
    let mut b = Branch::new();
    let g1 = b.g1;
    b.activity("2026-04-08", &["党员大会", "党课"], None, &[("孙三", "absent", None)])
        .unwrap();
    b.activity("2026-05-08", &["支委会"], None, &[]).unwrap();
    b.activity(
        "2026-06-08",
        &["党小组会"],
        Some(g1),
        &[("孙三", "absent", None), ("钱二", "leave", None)],
    )
    .unwrap();
    b.activity("2026-06-20", &["主题党日"], None, &[("赵一", "absent", None)])
        .unwrap();
    let dash = reports::dashboard(b.ledger.conn(), b.branch_id, d("2026-06-25")).unwrap();
    assert_eq!(dash.month.activities, 2);
    // June: group meeting 1/3 + theme day 4/5 → 5/8.
    assert_eq!((dash.month.present, dash.month.expected), (5, 8));
    assert_eq!(dash.quarter.activities, 4);
    assert_eq!(dash.absent_twice.len(), 1);
    assert_eq!(
        (dash.absent_twice[0].name.as_str(), dash.absent_twice[0].absences),
        ("孙三", 2)
    );
    assert_eq!(dash.recent.len(), 4);
    assert_eq!(dash.recent[0].date, d("2026-06-20"));
}

#[test]
fn a_member_who_leaves_is_kept_with_history() {
    let b = Branch::new();
    let wu = zhibu::domain::members::get(b.ledger.conn(), b.id("吴六")).unwrap();
    assert_eq!(wu.status.label(), "转出");
    assert_eq!(wu.left_on, Some(d("2026-05-01")));
    let events: i64 = b
        .ledger
        .conn()
        .query_row(
            "SELECT count(*) FROM member_status_event WHERE member_id = ?1",
            [wu.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(events, 2, "joined + transferred");
    let all = zhibu::domain::members::list(
        b.ledger.conn(),
        b.branch_id,
        &zhibu::domain::members::MemberFilter::everyone(),
    )
    .unwrap();
    assert_eq!(all.len(), 6);
    let on_roll = zhibu::domain::members::list(b.ledger.conn(), b.branch_id, &Default::default()).unwrap();
    assert_eq!(on_roll.len(), 5);
}

#[test]
fn attachments_are_copied_beside_the_ledger_and_removed_with_care() {
    let mut b = Branch::new();
    let a = b.activity("2026-03-01", &["主题党日"], None, &[]).unwrap();
    let src = b.file("签到表.jpg");
    common::write(&src, "scan");
    let dir = b.ledger.attachments_dir();
    let att = b
        .ledger
        .write(|tx| activities::add_attachment(tx, a.id, &src, None))
        .unwrap();
    let again = b
        .ledger
        .write(|tx| activities::add_attachment(tx, a.id, &src, None))
        .unwrap();
    std::fs::remove_file(&src).unwrap();
    assert!(att.path.starts_with(&dir));
    assert_eq!(std::fs::read_to_string(&att.path).unwrap(), "scan");
    assert!(again.path.ends_with("签到表(2).jpg"));
    assert!(zhibu::analysis::check::run(&b.ledger).unwrap().is_empty());
    b.ledger.write(|tx| activities::delete(tx, a.id)).unwrap();
    assert!(!att.path.exists() && !again.path.exists());
    assert_eq!(b.count("attachment"), 0);
}

#[test]
fn files_follow_the_commit_never_ahead_of_it() {
    let mut b = Branch::new();
    let a = b.activity("2026-03-01", &["主题党日"], None, &[]).unwrap();
    let src = b.file("会议照片.jpg");
    common::write(&src, "photo");
    let dir = b.ledger.attachments_dir().join(a.id.to_string());
    // An action that copies a file and then fails: no row, and no file (staged or placed) is left.
    let failed = b.ledger.write(|tx| {
        activities::add_attachment(tx, a.id, &src, None)?;
        Err::<(), _>(zhibu::Error::invalid("后续步骤失败"))
    });
    assert!(failed.is_err());
    assert_eq!(b.count("attachment"), 0);
    assert_eq!(std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0), 0);
    // Kept: the file lands under its own name only once the row is committed.
    let att = b
        .ledger
        .write(|tx| activities::add_attachment(tx, a.id, &src, None))
        .unwrap();
    assert_eq!(std::fs::read_to_string(&att.path).unwrap(), "photo");
    // A deletion that fails after removing the rows keeps the file the rows still point to.
    let failed = b.ledger.write(|tx| {
        activities::delete(tx, a.id)?;
        Err::<(), _>(zhibu::Error::invalid("后续步骤失败"))
    });
    assert!(failed.is_err());
    assert!(att.path.is_file());
    assert!(zhibu::analysis::check::run(&b.ledger).unwrap().is_empty());
}

#[test]
fn check_finds_a_code_that_no_label_table_knows() {
    let b = Branch::new();
    assert!(zhibu::analysis::check::run(&b.ledger).unwrap().is_empty());
    b.ledger
        .conn()
        .execute("UPDATE member SET category = 'alien' WHERE name = '孙三'", [])
        .unwrap();
    let problems = zhibu::analysis::check::run(&b.ledger).unwrap();
    let id = b.id("孙三");
    // The audit trail sees the row changed outside a logged write as well.
    assert_eq!(
        problems,
        vec![
            "表 member 中的“alien”不是已知的category代码（共 1 行）".to_string(),
            format!("党员（member）行 [{id}]：内容在支部台账之外被改动")
        ]
    );
}

#[test]
fn check_finds_a_roll_call_contradicted_by_later_edits() {
    let mut b = Branch::new();
    b.activity("2026-03-01", &["主题党日"], None, &[]).unwrap();
    assert!(zhibu::analysis::check::run(&b.ledger).unwrap().is_empty());
    // Someone edits 孙三's 入党日期 by hand to after the meeting: the stored mark now contradicts the roll.
    b.ledger
        .conn()
        .execute(
            "UPDATE member SET joined_on = '2026-04-01', confirmed_on = NULL WHERE name = '孙三'",
            [],
        )
        .unwrap();
    let problems = zhibu::analysis::check::run(&b.ledger).unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("孙三"));
    assert_eq!(
        problems[1],
        format!("党员（member）行 [{}]：内容在支部台账之外被改动", b.id("孙三"))
    );
}

#[test]
fn backup_is_a_consistent_standalone_copy() {
    let mut b = Branch::new();
    b.activity("2026-03-01", &["主题党日"], None, &[]).unwrap();
    let out = b.file("备份/ledger-copy.db");
    b.ledger.backup(&out, &mut |_| {}).unwrap();
    let copy = zhibu::Ledger::open(&out).unwrap();
    let n: i64 = copy
        .conn()
        .query_row("SELECT count(*) FROM member", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 6);
    assert!(matches!(
        b.ledger.backup(&out, &mut |_| {}),
        Err(zhibu::Error::Conflict(_))
    ));
}

#[test]
fn a_second_reader_counts_the_state_the_first_reads() {
    let b = Branch::new();
    let conn = b.ledger.conn();
    let named = |c: &zhibu::store::Connection, name: &str| -> zhibu::Result<i64> {
        Ok(c.query_row("SELECT count(*) FROM member WHERE name = ?1", [name], |r| r.get(0))?)
    };
    let (there, here) = zhibu::store::alongside(conn, |r| named(r, "赵一"), || named(conn, "赵一")).unwrap();
    assert_eq!((there, here), (1, 1));
    // A change not yet committed is seen only by its own connection: both parts count there.
    conn.execute_batch("BEGIN; UPDATE member SET name = '赵壹' WHERE name = '赵一'")
        .unwrap();
    let (there, here) = zhibu::store::alongside(conn, |r| named(r, "赵壹"), || named(conn, "赵壹")).unwrap();
    assert_eq!((there, here), (1, 1));
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(named(conn, "赵一").unwrap(), 1);
}
