//! The annual workbook counts its figures once per book (issue 14): the year's activities with
//! their rolls from one read of the branch's periods and marks, the year's points from one read of
//! its events. These tests hold each to the computation it replaces, asked one activity, one
//! period at a time, on the demo ledger, whose year has a member transferred out, one joining,
//! 列席, group meetings, 支委会, combined activities and points past their caps.

use std::collections::HashMap;
use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use zhibu::analysis::{points, reports};
use zhibu::domain::points::Tenths;
use zhibu::domain::{activities, org, roll, study};
use zhibu::io::export;

fn demo() -> (tempfile::TempDir, zhibu::store::Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&dir.path().join("demo.db"), today).unwrap();
    // What the demo lacks: a member of another group sitting in (列席) at the first 党小组会, three
    // 心得体会 of one member in one month (the third past its cap of two) with adjustments of tenths
    // on one of their days, and two 先锋示范岗 rated in different months (one a year counts: a month
    // alone counts either).
    ledger
        .conn()
        .execute_batch(
            "INSERT INTO attendance (activity_id, member_id, status)
               SELECT a.id, (SELECT min(m.id) FROM member m WHERE m.id NOT IN
                               (SELECT member_id FROM group_assignment WHERE group_id = a.group_id)), 'observer'
               FROM activity a WHERE a.group_id IS NOT NULL ORDER BY a.date LIMIT 1;
             INSERT INTO reflection (member_id, date, title) VALUES
               (2, '2026-05-06', '心得一'), (2, '2026-05-16', '心得二'), (2, '2026-05-26', '心得三');
             INSERT INTO point_adjustment (member_id, date, tenths, reason) VALUES
               (2, '2026-05-16', 3, '补记'), (2, '2026-05-16', -7, '扣分'), (2, '2026-01-02', 1, '补记');
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

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap().rows().map(|r| r.to_vec()).collect()
}

fn number(c: &Data) -> Option<f64> {
    match c {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::Empty => None,
        other => panic!("not a number: {other:?}"),
    }
}

/// The book counts each figure once; every figure must still be what the report, ranking and
/// study functions give, asked on their own.
#[test]
fn the_books_figures_are_those_of_the_reports_asked_one_by_one() {
    let (dir, ledger) = demo();
    let conn = ledger.conn();
    let branch_id = org::resolve(conn, None).unwrap();
    let (from, to) = year();
    let out = dir.path().join("book.xlsx");
    let opts = export::WorkbookOptions {
        year: 2026,
        branch_id,
        include_sensitive: false,
        include_details: false,
        a3: false,
    };
    export::workbook(conn, opts, &out, &mut |_| {}).unwrap();

    // 年度统计: `report summary`.
    let s = reports::summary(conn, Some(branch_id), 2026).unwrap();
    let rows = sheet(&out, "年度统计");
    let value = |label: &str| {
        let row = rows
            .iter()
            .find(|r| r[0] == Data::String(label.into()))
            .unwrap_or_else(|| panic!("{label}"));
        number(&row[1]).unwrap()
    };
    assert_eq!(value("年末在册党员（人）"), s.members as f64);
    assert_eq!(value("组织生活（次）"), s.activity_total as f64);
    assert_eq!(value("平均出席率"), s.attendance_rate);
    assert_eq!(value("学习任务（项）"), s.study_tasks as f64);
    assert_eq!(value("学习任务平均完成率"), s.study_completion);
    assert_eq!(value("人均学时"), (s.study_hours_avg * 10.0).round() / 10.0);
    assert_eq!(value("心得体会（篇）"), s.reflections as f64);
    for k in zhibu::kernel::labels::ActivityKind::ALL {
        assert_eq!(
            value(&format!("　其中：{}", k.label())),
            s.activities[k.code()] as f64,
            "{}",
            k.label()
        );
    }

    // 积分排行: the year's ranking, and each month's as far as the months have begun.
    let annual = points::ranking(conn, branch_id, from, to).unwrap();
    let rows = sheet(&out, "积分排行");
    let today = chrono::Local::now().date_naive();
    let months: Vec<Option<HashMap<i64, f64>>> = (1..=12)
        .map(|m| {
            let (a, b) = points::period(2026, Some(m)).unwrap();
            (a <= today).then(|| {
                points::ranking(conn, branch_id, a, b)
                    .unwrap()
                    .into_iter()
                    .map(|s| (s.member_id, s.points.as_f64()))
                    .collect()
            })
        })
        .collect();
    let mut month_cells = 0;
    for (s, row) in annual.iter().zip(&rows[2..]) {
        assert_eq!(row[1], Data::String(s.name.clone()));
        assert_eq!(number(&row[0]), Some(s.rank as f64));
        assert_eq!(number(&row[3]), Some(s.points.as_f64()));
        for (m, month) in months.iter().enumerate() {
            let expected = month.as_ref().and_then(|p| p.get(&s.member_id).copied());
            assert_eq!(number(&row[4 + m]), expected, "{} month {}", s.name, m + 1);
            month_cells += usize::from(expected.is_some());
        }
    }
    assert!(month_cells > annual.len(), "months were compared");

    // 学时统计: each member's study figures.
    let people = study::member_stats(conn, Some(branch_id), 2026).unwrap();
    let rows = sheet(&out, "学时统计");
    for (p, row) in people.iter().zip(&rows[2..]) {
        assert_eq!(row[1], Data::String(p.name.clone()));
        assert_eq!(number(&row[8]), Some(p.study_hours), "{}", p.name);
    }

    // 民主评议: the guide's scores and the points ranks.
    let graded = zhibu::analysis::appraisal::sheet(conn, branch_id, 2026).unwrap();
    let rows = sheet(&out, "民主评议");
    let ranks: HashMap<i64, i64> = annual.iter().map(|s| (s.member_id, s.rank)).collect();
    for (r, row) in graded.iter().zip(&rows[2..]) {
        assert_eq!(row[1], Data::String(r.name.clone()));
        assert_eq!(number(&row[6]), Some(r.points), "{}", r.name);
        assert_eq!(
            number(&row[7]),
            ranks.get(&r.member_id).map(|k| *k as f64),
            "{}",
            r.name
        );
        assert_eq!(number(&row[12]), r.score, "{}", r.name);
    }

    // 积分排行's months list whom each month's roll held.
    for m in 1..=12u32 {
        let (a, b) = points::period(2026, Some(m)).unwrap();
        let during: std::collections::HashSet<i64> = roll::during(conn, Some(branch_id), a, b)
            .unwrap()
            .into_iter()
            .map(|r| r.member_id)
            .collect();
        assert_eq!(
            roll::during_each_month(conn, branch_id, 2026).unwrap()[m as usize - 1],
            during
        );
    }
}

/// The year's points kept for the desktop (the 民主评议 sheet, 报表's ranking) are counted once
/// while the ledger is unchanged, and afresh after a change: an adjustment made shows at once.
#[test]
fn kept_points_are_counted_again_after_a_change() {
    let (_dir, mut ledger) = demo();
    let branch = org::resolve(ledger.conn(), None).unwrap();
    let kept = points::Kept::default();
    let first = kept.year(ledger.conn(), branch, 2026).unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &kept.year(ledger.conn(), branch, 2026).unwrap()
    ));
    assert_eq!(
        first.gained,
        points::year_points(ledger.conn(), branch, 2026).unwrap().gained
    );
    ledger
        .write(|tx| {
            tx.execute(
                "INSERT INTO point_adjustment (member_id, date, tenths, reason) VALUES (2, '2026-07-01', 50, '表彰')",
                [],
            )?;
            Ok(())
        })
        .unwrap();
    let after = kept.year(ledger.conn(), branch, 2026).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &after));
    assert!((after.gained[&2] - first.gained[&2] - 5.0).abs() < 1e-9);
    assert_eq!(after.year[&2], Tenths(first.year[&2].0 + 50));
    // 积分's ranking from the points kept: the year's and a month's, as counted on their own.
    let shown = |s: Vec<points::Standing>| {
        s.into_iter()
            .map(|s| (s.member_id, s.points, s.rank))
            .collect::<Vec<_>>()
    };
    for month in [None, Some(5), Some(7)] {
        let (from, to) = points::period(2026, month).unwrap();
        assert_eq!(
            shown(kept.ranking(ledger.conn(), branch, 2026, month).unwrap()),
            shown(points::ranking(ledger.conn(), branch, from, to).unwrap()),
            "{month:?}"
        );
    }
    assert!(kept.ranking(ledger.conn(), branch, 2026, Some(13)).is_err());
}
