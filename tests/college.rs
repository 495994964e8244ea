//! The 党委's view of a ledger of several branches (issue 14): the per-branch figures and ranking,
//! and the college book, on the demo branch beside a small second branch built here.

use calamine::{Data, Reader};
use chrono::NaiveDate;
use zhibu::analysis::college;
use zhibu::domain::activities::{self, ActivityData, Mark};
use zhibu::domain::members::{self, MemberData};
use zhibu::domain::org;
use zhibu::io::export;
use zhibu::kernel::labels::{ActivityKind, AttendanceStatus, MeetingForm, Membership};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The demo branch and “第二党支部”: three 正式党员 since 2020, one 主题党日 on 2026-03-15 where two
/// were present and one on leave.
fn two_branches() -> (tempfile::TempDir, zhibu::store::Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = zhibu::io::demo::create(&dir.path().join("college.db"), day("2026-12-31")).unwrap();
    ledger
        .write(|tx| {
            let b = org::create(tx, "第二党支部", Some("机电工程学院党总支"), None)?;
            let ids: Vec<i64> = ["甲一", "乙二", "丙三"]
                .iter()
                .map(|name| {
                    let data = MemberData {
                        name: name.to_string(),
                        membership: Some(Membership::Full),
                        joined_on: Some(day("2020-01-01")),
                        confirmed_on: Some(Some(day("2021-01-01"))),
                        ..Default::default()
                    };
                    Ok(members::upsert(tx, b, None, &data)?.0)
                })
                .collect::<zhibu::Result<_>>()?;
            let mark = |member_id, status| Mark {
                member_id,
                status,
                reason: None,
            };
            let data = ActivityData {
                date: day("2026-03-15"),
                start_time: None,
                end_time: None,
                location: None,
                form: MeetingForm::Offline,
                title: "3月主题党日".into(),
                kinds: vec![ActivityKind::ThemeDay],
                host_id: Some(ids[0]),
                recorder_id: None,
                speaker_id: None,
                group_id: None,
                hours: 2.0,
                agenda: None,
                summary: None,
                resolution: None,
                election: false,
                guests: None,
                votes: [None; 3],
                attendance: vec![
                    mark(ids[0], AttendanceStatus::Present),
                    mark(ids[1], AttendanceStatus::Present),
                    mark(ids[2], AttendanceStatus::Leave),
                ],
            };
            activities::upsert(tx, b, None, &data)?;
            Ok(())
        })
        .unwrap();
    (dir, ledger)
}

#[test]
fn each_branchs_figures_are_its_own_and_the_index_is_the_documented_one() {
    let (_dir, ledger) = two_branches();
    let conn = ledger.conn();
    let figures = college::figures(conn, 2026, day("2026-12-31")).unwrap();
    assert_eq!(figures.len(), 2);
    let second = figures.iter().find(|f| f.name == "第二党支部").unwrap();
    assert_eq!(
        (second.members, second.activities, second.expected, second.present),
        (3, 1, 3, 2)
    );
    assert!((second.attendance_rate - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(second.study_tasks, 0);
    // Two present earn 2 points each, leave 0: 4 points over 3 members.
    assert!((second.points_avg - 4.0 / 3.0).abs() < 1e-12);
    // 2 学时 each for the two present.
    assert!((second.study_hours_avg - 4.0 / 3.0).abs() < 1e-12);
    assert_eq!(second.parent_org.as_deref(), Some("机电工程学院党总支"));
    // The demo branch's figures equal its own year summary.
    let demo = figures.iter().find(|f| f.name != "第二党支部").unwrap();
    let summary = zhibu::analysis::reports::summary(conn, Some(demo.branch_id), 2026).unwrap();
    assert_eq!(
        (demo.members, demo.activities, demo.expected, demo.present),
        (
            summary.members,
            summary.activity_total,
            summary.expected_total,
            summary.present_total
        )
    );
    assert!((demo.study_completion - summary.study_completion).abs() < 1e-12);
    // The index as documented, from the figures it weighs.
    let best = figures.iter().map(|f| f.points_avg).fold(0.0, f64::max);
    for f in &figures {
        let by_hand = 100.0
            * (0.3 * f.compliance + 0.3 * f.attendance_rate + 0.2 * f.study_completion + 0.2 * f.points_avg / best);
        assert!((f.index - (by_hand * 10.0).round() / 10.0).abs() < 1e-9, "{}", f.name);
    }
    assert_eq!(figures[0].rank, 1);
    assert!(figures[0].index >= figures[1].index);
}

fn rows(path: &std::path::Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

#[test]
fn the_college_book_holds_every_branch_with_a_branch_column() {
    let (dir, ledger) = two_branches();
    let conn = ledger.conn();
    let out = dir.path().join("college.xlsx");
    let report = export::college::workbook(conn, 2026, day("2026-12-31"), &out, &mut |_| {}).unwrap();
    let count = |name: &str| report.sheets.iter().find(|s| s.name == name).unwrap().rows as i64;
    let (from, to) = (day("2026-01-01"), day("2026-12-31"));
    let marks: i64 = conn
        .query_row(
            "SELECT count(*) FROM attendance t JOIN activity a ON a.id = t.activity_id WHERE a.date BETWEEN ?1 AND ?2",
            [from, to],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(count("考勤明细"), marks);
    assert_eq!(
        count("组织生活记录"),
        activities::list(conn, None, from, to).unwrap().len() as i64
    );
    assert_eq!(count("支部汇总"), 2);
    // Title, header, then the rows: the second branch's 主题党日 with 应到 3, 实到 2, 请假 1.
    let register = rows(&out, "组织生活记录");
    assert!(register[0].iter().any(|c| *c == "2026 年全院组织生活记录"));
    assert_eq!(register[1][1].to_string(), "支部");
    let row = register
        .iter()
        .find(|r| r[1] == "第二党支部")
        .expect("the second branch's activity");
    let numbers: Vec<String> = row[7..11].iter().map(|c| c.to_string()).collect();
    assert_eq!(numbers, ["3", "2", "1", "0"]);
    let ranking = rows(&out, "支部排行");
    assert_eq!(ranking[1][0].to_string(), "排名");
    assert_eq!(ranking[2][0].to_string(), "1");
    let points = rows(&out, "积分排行");
    let second: Vec<Vec<String>> = points
        .iter()
        .filter(|r| r[0] == "第二党支部")
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        second,
        [
            ["第二党支部", "1", "甲一", "2"],
            ["第二党支部", "1", "乙二", "2"],
            ["第二党支部", "3", "丙三", "0"]
        ]
    );
}
