//! The annual workbook counts its figures once per book (issue 14): the year's activities with
//! their rolls from one read of the branch's periods and marks, the year's points from one read of
//! its events. These tests hold each to the computation it replaces, asked one activity, one
//! period at a time, on the demo ledger, whose year has a member transferred out, one joining,
//! 列席, group meetings, 支委会, combined activities and points past their caps.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use zhibu::analysis::points;
use zhibu::domain::points::Tenths;
use zhibu::domain::{activities, org};

fn demo() -> (tempfile::TempDir, zhibu::store::Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&dir.path().join("demo.db"), today).unwrap();
    // What the demo lacks: a member of another group sitting in (列席) at the first 党小组会, three
    // 心得体会 of one member in one month (the third past its cap of two), and two 先锋示范岗 rated
    // in different months (one a year counts: a month alone counts either).
    ledger
        .conn()
        .execute_batch(
            "INSERT INTO attendance (activity_id, member_id, status)
               SELECT a.id, (SELECT min(m.id) FROM member m WHERE m.id NOT IN
                               (SELECT member_id FROM group_assignment WHERE group_id = a.group_id)), 'observer'
               FROM activity a WHERE a.group_id IS NOT NULL ORDER BY a.date LIMIT 1;
             INSERT INTO reflection (member_id, date, title) VALUES
               (2, '2026-05-06', '心得一'), (2, '2026-05-16', '心得二'), (2, '2026-05-26', '心得三');
             DELETE FROM pioneer_post WHERE member_id = 3;
             INSERT INTO pioneer_post (member_id, kind_id, year, rating, rated_on) VALUES
               (3, 1, 2026, 'excellent', '2026-03-10'), (3, 2, 2026, 'excellent', '2026-06-10');",
        )
        .unwrap();
    (dir, ledger)
}

fn year() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    )
}

#[test]
fn the_years_activities_read_at_once_are_each_activity_as_read_alone() {
    let (_dir, ledger) = demo();
    let conn = ledger.conn();
    let branch = org::resolve(conn, None).unwrap();
    let (from, to) = year();
    let at_once = activities::year_with_rolls(conn, branch, from, to).unwrap();
    let mut listed = activities::list(conn, Some(branch), from, to).unwrap();
    listed.reverse();
    assert_eq!(
        at_once.iter().map(|a| a.id).collect::<Vec<_>>(),
        listed.iter().map(|a| a.id).collect::<Vec<_>>(),
        "the same activities, oldest first"
    );
    let (mut off_roll, mut verdicts) = (0, 0);
    for a in &at_once {
        let mut alone = activities::get(conn, Path::new(""), a.id).unwrap();
        alone.attachments.clear();
        assert_eq!(
            serde_json::to_value(a).unwrap(),
            serde_json::to_value(&alone).unwrap(),
            "{} {}",
            a.date,
            a.title
        );
        off_roll += a.roll.entries.iter().filter(|e| !e.on_roll).count();
        verdicts += usize::from(a.verdict.is_some());
    }
    assert!(off_roll > 0, "the demo year has 列席 or marks off the roll");
    assert!(verdicts > 0, "the demo year has 党员大会 judged");
}

#[test]
fn the_years_points_scored_at_once_are_those_of_the_year_and_of_each_month_alone() {
    let (_dir, ledger) = demo();
    let conn = ledger.conn();
    let branch = org::resolve(conn, None).unwrap();
    let (from, to) = year();
    let at_once = points::year_points(conn, branch, 2026).unwrap();
    assert_eq!(at_once.year, points::totals(conn, Some(branch), from, to).unwrap());
    assert_eq!(at_once.months.len(), 12);
    for m in 1..=12 {
        let (a, b) = points::period(2026, Some(m)).unwrap();
        let alone: HashMap<i64, Tenths> = points::totals(conn, Some(branch), a, b).unwrap();
        // A member without an event that month has no entry either way; one whose events score 0
        // has 0 in both.
        assert_eq!(at_once.months[m as usize - 1], alone, "month {m}");
    }
    let events = points::events(conn, branch, from, to).unwrap();
    assert!(
        events.iter().any(|e| !e.counted),
        "the demo year has events past their caps"
    );
    let (mut gained, mut lost): (HashMap<i64, f64>, HashMap<i64, f64>) = Default::default();
    for e in &events {
        let p = e.points.as_f64();
        let book = if p >= 0.0 { &mut gained } else { &mut lost };
        *book.entry(e.member_id).or_default() += p.abs();
    }
    // Bit for bit: the 民主评议 guide rounds these sums to tenths.
    let bits = |m: &HashMap<i64, f64>| m.iter().map(|(k, v)| (*k, v.to_bits())).collect::<HashMap<_, _>>();
    assert_eq!(bits(&at_once.gained), bits(&gained));
    assert_eq!(bits(&at_once.lost), bits(&lost));
    assert!(!lost.is_empty(), "the demo year has deductions");
    let ranked = points::rank(
        zhibu::domain::roll::during(conn, Some(branch), from, to).unwrap(),
        &at_once.year,
    );
    let ranking = points::ranking(conn, branch, from, to).unwrap();
    assert_eq!(
        serde_json::to_value(&ranked).unwrap(),
        serde_json::to_value(&ranking).unwrap()
    );
}
