//! The meeting charts and the year's poster, checked through the figures they draw: each activity
//! counts once in its month, the poster says what `report summary` says, long task names stay
//! distinct when shortened, and the type is large enough for a room.

mod common;

use chrono::NaiveDate;
use common::Branch;
use zhibu::analysis::{points, reports};
use zhibu::domain::{activities, org, pioneers};
use zhibu::io::charts::{self, Block, ChartOptions};
use zhibu::kernel::dates;
use zhibu::kernel::labels::ActivityKind::{self, *};

fn year_activities(conn: &rusqlite::Connection, branch_id: i64) -> Vec<activities::ActivitySummary> {
    let (start, end) = dates::year_bounds(2026).unwrap();
    activities::list(conn, Some(branch_id), start, end).unwrap()
}

fn block(kinds: &[ActivityKind], count: u32) -> Block {
    Block {
        kinds: kinds.to_vec(),
        count,
    }
}

#[test]
fn an_activity_of_several_kinds_counts_once_in_its_month() {
    let mut b = Branch::new();
    let g1 = b.g1;
    b.activity("2026-01-10", &["主题党日", "党课", "党员大会"], None, &[])
        .unwrap();
    b.activity("2026-01-15", &["支委会"], None, &[]).unwrap();
    b.activity("2026-01-20", &["党小组会"], Some(g1), &[]).unwrap();
    b.activity("2026-01-21", &["党小组会"], Some(g1), &[]).unwrap();
    b.activity("2026-02-10", &["主题党日", "志愿服务"], None, &[]).unwrap();
    b.activity("2026-02-12", &["主题党日"], None, &[]).unwrap();
    let list = year_activities(b.ledger.conn(), b.branch_id);
    let bars = charts::month_bars(&list);

    assert_eq!(bars.len(), 12);
    assert_eq!(
        bars.iter().map(|m| m.month).collect::<Vec<_>>(),
        (1..=12).collect::<Vec<_>>()
    );
    assert_eq!(
        (bars[0].total, &bars[0].blocks),
        (
            4,
            &vec![
                block(&[GeneralMeeting, PartyLecture, ThemeDay], 1),
                block(&[CommitteeMeeting], 1),
                block(&[GroupMeeting], 2),
            ]
        ),
        "three kinds in one activity: one bar unit, not three"
    );
    assert_eq!(
        (bars[1].total, &bars[1].blocks),
        (2, &vec![block(&[ThemeDay], 1), block(&[ThemeDay, Volunteer], 1)])
    );
    assert!(bars[2..].iter().all(|m| m.total == 0 && m.blocks.is_empty()));
    let summary = reports::summary(b.ledger.conn(), Some(b.branch_id), 2026).unwrap();
    assert_eq!(bars.iter().map(|m| m.total as i64).sum::<i64>(), summary.activity_total);
    assert_eq!(summary.activity_total, 6);
}

struct Demo {
    _dir: tempfile::TempDir,
    ledger: zhibu::Ledger,
    branch_id: i64,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&dir.path().join("demo.db"), today).unwrap();
    let branch_id = org::resolve(ledger.conn(), None).unwrap();
    Demo {
        _dir: dir,
        ledger,
        branch_id,
    }
}

#[test]
fn the_demo_years_bars_total_its_distinct_activities_and_keep_every_kind() {
    let d = demo();
    let conn = d.ledger.conn();
    let bars = charts::month_bars(&year_activities(conn, d.branch_id));
    let summary = reports::summary(conn, Some(d.branch_id), 2026).unwrap();
    let totals: i64 = bars.iter().map(|m| m.total as i64).sum();
    assert_eq!(totals, summary.activity_total, "the bars add up to 全年 N 次");
    assert_eq!(totals, 75);
    for m in &bars {
        assert_eq!(m.total, m.blocks.iter().map(|b| b.count).sum::<u32>(), "{}月", m.month);
    }
    // Per kind, the blocks still hold every activity of that kind, as 年度统计 counts them.
    for kind in ActivityKind::ALL {
        let n: u32 = bars
            .iter()
            .flat_map(|m| &m.blocks)
            .filter(|b| b.kinds.contains(kind))
            .map(|b| b.count)
            .sum();
        assert_eq!(n as i64, summary.activities[kind.code()], "{}", kind.label());
    }
    let by_kind: i64 = summary.activities.values().sum();
    assert!(
        by_kind > totals,
        "the demo has activities of several kinds ({by_kind} > {totals})"
    );
}

#[test]
fn the_poster_says_what_the_year_summary_says() {
    let d = demo();
    let conn = d.ledger.conn();
    let opts = ChartOptions::new(2026, d.branch_id);
    let f = charts::poster_figures(conn, &opts).unwrap();
    let s = reports::summary(conn, Some(d.branch_id), 2026).unwrap();
    assert_eq!(f.branch, s.branch.clone().unwrap());
    assert_eq!(
        (f.members, f.activities, f.study_tasks, f.discussions),
        (s.members, s.activity_total, s.study_tasks, s.discussions)
    );
    assert_eq!(
        (f.theory_sessions, f.micro_lectures, f.salons),
        (
            s.activities["theory_study"],
            s.activities["micro_lecture"],
            s.activities["salon"]
        )
    );
    assert_eq!(
        (f.study_completion, f.attendance_rate, f.study_hours_avg),
        (s.study_completion, s.attendance_rate, s.study_hours_avg)
    );
    // The seed's scale: 33 tasks, 5 theory sessions, 6 微党课, 3 沙龙.
    assert_eq!(
        (f.study_tasks, f.theory_sessions, f.micro_lectures, f.salons),
        (33, 5, 6, 3)
    );

    let (start, end) = dates::year_bounds(2026).unwrap();
    let ranking = points::ranking(conn, d.branch_id, start, end).unwrap();
    let top: Vec<(i64, &str, f64)> = f
        .top_members
        .iter()
        .map(|m| (m.rank, m.name.as_str(), m.points))
        .collect();
    let expected: Vec<(i64, &str, f64)> = ranking
        .iter()
        .take(3)
        .map(|r| (r.rank, r.name.as_str(), r.points.as_f64()))
        .collect();
    assert_eq!(top, expected);
    let posts = pioneers::list(conn, d.branch_id, 2026).unwrap();
    assert!(!posts.is_empty());
    let names: Vec<(&str, &str)> = f.pioneers.iter().map(|p| (p.kind.as_str(), p.name.as_str())).collect();
    let expected: Vec<(&str, &str)> = posts.iter().map(|p| (p.kind.as_str(), p.name.as_str())).collect();
    assert_eq!(names, expected);

    // 演示模式 names no one by points; the posts are public and stay.
    let shown = ChartOptions {
        anonymize: true,
        ..opts
    };
    let f = charts::poster_figures(conn, &shown).unwrap();
    assert!(f.top_members.is_empty());
    assert_eq!(f.pioneers.len(), posts.len());
    // A ranking asked for fewer than three shows that many.
    let one = ChartOptions { top: 1, ..opts };
    assert_eq!(charts::poster_figures(conn, &one).unwrap().top_members.len(), 1);
}

#[test]
fn shortened_task_names_keep_the_period_that_tells_a_series_apart() {
    let series = [
        "习近平新时代中国特色社会主义思想学习纲要",
        "《中国共产党支部工作条例（试行）》",
        "党的二十届四中全会精神辅导报告",
        "红色家书诵读",
    ];
    let names: Vec<String> = (1..=12)
        .map(|i| format!("{}（第{i}期）", series[(i - 1) % series.len()]))
        .collect();
    let labels = charts::short_labels(&names, 15);
    assert_eq!(labels.len(), names.len());
    for (i, (label, name)) in labels.iter().zip(&names).enumerate() {
        assert!(label.chars().count() <= 15, "{label}");
        assert!(label.ends_with(&format!("（第{}期）", i + 1)), "{name} → {label}");
        if name.chars().count() <= 15 {
            assert_eq!(label, name, "a short name stays whole");
        } else {
            assert!(label.contains('…'), "{label}");
        }
    }
    assert_eq!(labels[0], "习近平新时代中国特…（第1期）");
    assert_eq!(labels[3], "红色家书诵读（第4期）");
    let mut distinct = labels.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), labels.len(), "{labels:?}");

    // Without a bracketed end, names alike at the start keep enough of their end to differ.
    let names: Vec<String> = ["之一", "之二", "之三"]
        .iter()
        .map(|s| format!("关于进一步加强新时代高校基层党组织建设的实施意见{s}"))
        .collect();
    let labels = charts::short_labels(&names, 12);
    assert!(labels.iter().all(|l| l.chars().count() <= 12), "{labels:?}");
    assert_eq!(labels[0], "关于进一步加强新时代…一");
    assert_ne!(labels[1], labels[2]);
    assert!(labels.iter().all(|l| charts::missing_glyphs(l).is_empty()));
}

#[test]
fn titles_and_subtitles_read_from_the_back_of_a_room() {
    const { assert!(charts::SUBTITLE_PX >= 28.0) };
    const { assert!(charts::TITLE_PX >= 48.0) };
    // What the charts and the poster write besides names: all in the embedded font.
    let words = "（按月、按类型）全年平均 85.7%（实到 724 ÷ 应到 845 人次）；基准线 32 学时 …《》\
                 统计期间：2026 年 1 月—2026 年 12 月 数据来源 先锋示范岗 优秀 年度积分前三名 第1名";
    assert_eq!(charts::missing_glyphs(words), Vec::<char>::new());
}

#[test]
fn the_charts_of_an_empty_year_still_draw() {
    let b = Branch::new();
    let opts = ChartOptions::new(2027, b.branch_id);
    let all = charts::render_all(b.ledger.conn(), &opts, &mut |_| {}).unwrap();
    assert_eq!(all.len(), 7);
    assert!(all.iter().all(|c| c.png.starts_with(b"\x89PNG")));
    let f = charts::poster_figures(b.ledger.conn(), &opts).unwrap();
    assert_eq!((f.activities, f.study_tasks, f.pioneers.len()), (0, 0, 0));
}

/// 报表's previews keep what they read while the ledger is unchanged; a new activity is drawn at once.
#[test]
fn kept_figures_are_read_again_once_the_ledger_changes() {
    let mut b = Branch::new();
    b.activity("2026-01-10", &["主题党日"], None, &[]).unwrap();
    let opts = ChartOptions {
        width: 960,
        height: 540,
        ..ChartOptions::new(2026, b.branch_id)
    };
    let (read, college) = (charts::Read::default(), zhibu::analysis::college::Counted::default());
    let pngs = |charts: Vec<charts::Chart>| charts.into_iter().map(|c| (c.file_name, c.png)).collect::<Vec<_>>();
    let slides =
        |b: &Branch| pngs(charts::render_slides(b.ledger.conn(), &opts, &read, &college, &mut |_| {}).unwrap());
    // Everything but the A4 poster, read afresh.
    let fresh = |b: &Branch| {
        let all = charts::render_all(b.ledger.conn(), &opts, &mut |_| {}).unwrap();
        pngs(all.into_iter().filter(|c| !c.file_name.ends_with("_a4.png")).collect())
    };
    // Counted ahead, as when the ledger opens: the slides draw from that count.
    let day = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ahead = |b: &Branch| charts::count_ahead(b.ledger.conn(), day, b.branch_id, &read, &college).unwrap();
    ahead(&b);
    let first = slides(&b);
    assert_eq!(first, fresh(&b));
    assert_eq!(slides(&b), first);
    ahead(&b);
    b.activity("2026-02-10", &["主题党日"], None, &[]).unwrap();
    let second = slides(&b);
    assert_eq!(second, fresh(&b));
    assert_ne!(second, first);
}
