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

/// Every member's year counted at once (`points::totals`, which adds a rule no set caps as it reads
/// it and counts only capped rules in order) is the sum of the member's events scored one by one
/// (`points::explain`), under the demo's rules and under a second set, from 1 July, that caps
/// attendance at 3 a month and quizzes at 1 (both scored by date, then text).
#[test]
fn every_members_points_counted_at_once_are_the_sum_of_the_events_explained() {
    use zhibu::analysis::points;
    use zhibu::domain::points::{rule_sets, save_rule_set, RuleInput};
    let (_dir, mut ledger) = demo();
    let branch = org::resolve(ledger.conn(), None).unwrap();
    let (from, to) = (
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    );
    let check = |conn: &rusqlite::Connection| {
        let ranking = points::ranking(conn, branch, from, to).unwrap();
        assert!(ranking.len() > 15, "the demo's members: {}", ranking.len());
        let all = points::totals(conn, None, from, to).unwrap();
        let mut scored = 0;
        for s in &ranking {
            let e = points::explain(conn, branch, s.member_id, from, to).unwrap();
            assert_eq!(s.points, e.total, "{}", s.name);
            assert_eq!(
                all.get(&s.member_id).copied().unwrap_or_default(),
                e.total,
                "{}",
                s.name
            );
            scored += e.events.len();
        }
        (ranking.iter().map(|s| s.points.0).sum::<i64>(), scored)
    };
    let (before, events) = check(ledger.conn());
    assert!(events > 500, "the demo year's events: {events}");
    ledger
        .write(|tx| {
            let rules: Vec<RuleInput> = rule_sets(tx)?[0]
                .rules
                .iter()
                .map(|r| RuleInput {
                    rule: r.rule.code().to_string(),
                    points: r.points.0 as f64 / 10.0,
                    cap: match r.rule {
                        zhibu::kernel::labels::PointRule::Attend => Some(3),
                        zhibu::kernel::labels::PointRule::Quiz => Some(1),
                        _ => r.cap,
                    },
                })
                .collect();
            save_rule_set(tx, NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(), None, &rules)?;
            Ok(())
        })
        .unwrap();
    let (after, _) = check(ledger.conn());
    assert!(
        after < before,
        "the caps from July take points away: {before} → {after}"
    );
}

/// The book counts the year's study figures and those of its day in one pass
/// (`study::year_stats_and_until`): they are those counted apart, on days before, within and after
/// the year.
#[test]
fn the_years_study_figures_and_those_of_a_day_counted_at_once_are_those_counted_apart() {
    let (_dir, ledger) = demo();
    let conn = ledger.conn();
    let branch = Some(org::resolve(conn, None).unwrap());
    let (tasks, year) = study::year_stats(conn, branch, 2026).unwrap();
    let mut differ = 0;
    for day in [
        "2025-06-01",
        "2026-01-01",
        "2026-03-31",
        "2026-07-15",
        "2026-12-30",
        "2026-12-31",
        "2027-02-01",
    ] {
        let day: NaiveDate = day.parse().unwrap();
        let (t, y, u) = study::year_stats_and_until(conn, branch, 2026, day).unwrap();
        let (_, until) = study::year_stats_until(conn, branch, 2026, day).unwrap();
        assert_eq!((json(&t), json(&y)), (json(&tasks), json(&year)), "{day}");
        assert_eq!(json(&u), json(&until), "{day}");
        differ += usize::from(json(&u) != json(&y));
    }
    assert!(differ >= 3, "a day within the year counts less than the whole year");
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap()
}
