//! The college-scale paths count many activities and tasks in one query (issue 14); these tests hold
//! them to the roll built one activity, one task at a time, on the demo ledger, whose year has a
//! member transferred out, one joining, group meetings, 支委会 and combined activities.

use chrono::NaiveDate;
use zhibu::domain::{activities, org, study};

fn demo() -> (tempfile::TempDir, zhibu::store::Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&dir.path().join("demo.db"), today).unwrap();
    (dir, ledger)
}

#[test]
fn every_activitys_tally_counted_at_once_is_its_roll_on_its_day() {
    let (_dir, ledger) = demo();
    let conn = ledger.conn();
    let branch = org::resolve(conn, None).unwrap();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    );
    let list = activities::list(conn, Some(branch), from, to).unwrap();
    assert!(list.len() > 60, "the demo year holds its activities: {}", list.len());
    let mut scopes = std::collections::HashSet::new();
    for a in &list {
        let full = activities::get(conn, std::path::Path::new(""), a.id).unwrap();
        let t = &full.roll.tally;
        assert_eq!(
            (a.tally.expected, a.tally.present, a.tally.leave, a.tally.absent),
            (t.expected, t.present, t.leave, t.absent),
            "{} {}",
            a.date,
            a.title
        );
        scopes.insert(t.expected);
    }
    assert!(
        scopes.len() >= 3,
        "branch, group and committee rolls differ in size: {scopes:?}"
    );
    // The whole ledger's list counts the same.
    let all = activities::list(conn, None, from, to).unwrap();
    assert_eq!(
        all.iter().map(|a| a.tally.expected).sum::<i64>(),
        list.iter().map(|a| a.tally.expected).sum::<i64>()
    );
}

#[test]
fn task_and_member_figures_counted_at_once_are_those_of_each_tasks_roll() {
    let (_dir, ledger) = demo();
    let conn = ledger.conn();
    let branch = org::resolve(conn, None).unwrap();
    let tasks = study::task_stats(conn, Some(branch), 2026).unwrap();
    assert_eq!(tasks.len(), 33);
    let mut required = std::collections::HashMap::<i64, (i64, i64, i64)>::new();
    for t in &tasks {
        let one = study::task_stat(conn, branch, t.id).unwrap();
        assert_eq!(
            (t.required, t.completed, t.on_time, t.late, &t.listed_members),
            (one.required, one.completed, one.on_time, one.late, &one.listed_members),
            "{}",
            t.name
        );
        for row in study::task_members(conn, branch, t.id).unwrap() {
            let e = required.entry(row.member_id).or_default();
            e.0 += 1;
            e.1 += row.completed_on.is_some() as i64;
            e.2 += row.late as i64;
        }
    }
    let members = study::member_stats(conn, Some(branch), 2026).unwrap();
    assert!(members.len() > 20);
    for m in &members {
        assert_eq!(
            (m.required, m.completed, m.late),
            required.get(&m.member_id).copied().unwrap_or_default(),
            "{}",
            m.name
        );
    }
}
