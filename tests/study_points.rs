//! Study and points on the small branch of tests/common, every figure worked out by hand:
//!
//! | event | 赵一 | 钱二 | 孙三 | 李四 | 周五 | 吴六 |
//! |---|---|---|---|---|---|---|
//! | 03-01 主题党日 (出席 +2, 请假 0, 缺席 −3) | 2 | 2 | 0 | 2 | – | −3 |
//! | 04-10 微党课, 钱二 主讲 +5 | 2 | 2+5 | 2 | 2 | −3 | 2 |
//! | 05-20 党员大会 (rules from 05-01: 出席 +3) | 3 | 3 | 3 | 3 | 3 | – |
//! | task T1 (due 03-31): on time +1 / late +0.5 | 1 | 0.5 | 1 | | | |
//! | 12 discussions in April (cap 5 × 0.5), 4 in May | | | | 2.5+2 | | |
//! | 3 reflections in March (cap 2 × 2) | 4 | | | | | |
//! | quiz 85 → 8.5 | | | 8.5 | | | |
//! | adjustments | | −1 | | | +3 | |
//! | 教学先锋 rated 优秀 +10 | 10 | | | | | |
//! | **year** | **22** | **11.5** | **14.5** | **11.5** | **3** | **−1** |

mod common;

use common::{d, error_cells, write, Branch};
use zhibu::analysis::points;
use zhibu::analysis::reports;
use zhibu::domain::activities::{self, ActivityInput, MarkInput};
use zhibu::domain::pioneers::{self, PostInput};
use zhibu::domain::points::{self as point_rules, RuleInput, Tenths};
use zhibu::domain::study;
use zhibu::io::import::ImportKind;
use zhibu::kernel::labels::{DiscussionKind, StudySource};

fn lecture_by(b: &mut Branch, date: &str, speaker: &str, absent: &[&str]) {
    let roll = activities::roll_preview(
        b.ledger.conn(),
        b.branch_id,
        date,
        &["micro_lecture".into()],
        None,
        None,
    )
    .unwrap();
    let attendance = roll
        .entries
        .iter()
        .map(|e| MarkInput {
            member_id: e.member_id,
            status: if absent.contains(&e.name.as_str()) {
                "absent"
            } else {
                "present"
            }
            .into(),
            reason: None,
        })
        .collect();
    let input = ActivityInput {
        date: Some(date.into()),
        title: Some("微党课".into()),
        kinds: vec!["micro_lecture".into()],
        host_id: Some(b.id("赵一")),
        speaker_id: Some(b.id(speaker)),
        hours: Some(2.0),
        attendance,
        ..Default::default()
    };
    let branch_id = b.branch_id;
    b.ledger.write(|tx| activities::save(tx, branch_id, &input)).unwrap();
}

fn year_branch() -> Branch {
    let mut b = Branch::new();
    b.activity(
        "2026-03-01",
        &["主题党日"],
        None,
        &[("孙三", "leave", Some("出差")), ("吴六", "absent", None)],
    )
    .unwrap();
    lecture_by(&mut b, "2026-04-10", "钱二", &["周五"]);
    // From May, 出席 is worth 3.
    let mut rules: Vec<RuleInput> = point_rules::rule_sets(b.ledger.conn()).unwrap()[0]
        .rules
        .iter()
        .map(|r| RuleInput {
            rule: r.rule.code().into(),
            points: r.points.as_f64(),
            cap: r.cap,
        })
        .collect();
    rules.iter_mut().find(|r| r.rule == "attend").unwrap().points = 3.0;
    b.ledger
        .write(|tx| point_rules::save_rule_set(tx, d("2026-05-01"), Some("提高出席分"), &rules))
        .unwrap();
    b.activity("2026-05-20", &["党员大会"], None, &[]).unwrap();

    let ids: Vec<i64> = ["赵一", "钱二", "孙三", "李四", "周五"]
        .iter()
        .map(|n| b.id(n))
        .collect();
    let (zhao, qian, sun, li, zhou) = (ids[0], ids[1], ids[2], ids[3], ids[4]);
    let branch_id = b.branch_id;
    b.ledger
        .write(|tx| {
            let task = study::TaskData {
                name: "T1 学习新修订的条例".into(),
                category: Some("政策文件".into()),
                published_on: d("2026-03-01"),
                due_on: Some(d("2026-03-31")),
                hours: 2.0,
            };
            let (t1, _) = study::upsert_task(tx, branch_id, &task)?;
            study::record_completion(tx, t1, zhao, d("2026-03-10"), StudySource::Xuexitong)?;
            study::record_completion(tx, t1, qian, d("2026-04-02"), StudySource::Offline)?;
            study::record_completion(tx, t1, sun, d("2026-03-31"), StudySource::Xuexiqiangguo)?;
            for i in 0..12 {
                study::add_discussion(
                    tx,
                    li,
                    d("2026-04-15"),
                    DiscussionKind::Reply,
                    &format!("回帖{i}"),
                    None,
                    1,
                )?;
            }
            for i in 0..4 {
                study::add_discussion(
                    tx,
                    li,
                    d("2026-05-15"),
                    DiscussionKind::Post,
                    &format!("发帖{i}"),
                    None,
                    1,
                )?;
            }
            for i in 0..3 {
                study::add_reflection(tx, zhao, d("2026-03-20"), &format!("心得{i}"), Some(1500), None, 1)?;
            }
            study::add_quiz(tx, sun, d("2026-04-20"), "党章知识测验", 85.0)?;
            point_rules::add_adjustment(tx, zhou, d("2026-05-05"), Tenths(30), "获校级优秀学生干部", 1)?;
            point_rules::add_adjustment(tx, qian, d("2026-05-06"), Tenths(-10), "迟交材料", 1)?;
            let kind = pioneers::kinds(tx, branch_id)?
                .into_iter()
                .find(|k| k.name == "教学先锋")
                .unwrap();
            let post = pioneers::save_post(
                tx,
                branch_id,
                &PostInput {
                    id: None,
                    member_id: zhao,
                    kind_id: kind.id,
                    year: 2026,
                    pledge: Some("上好每一堂课".into()),
                },
            )?;
            pioneers::add_deed(tx, branch_id, post.id, "2026-05-01", "指导学生获省赛一等奖")?;
            pioneers::rate(tx, branch_id, post.id, Some("优秀"), Some("2026-06-30"))?;
            Ok(())
        })
        .unwrap();
    b
}

fn standings(b: &Branch, year: i32, month: Option<u32>) -> Vec<(String, f64, i64)> {
    let (from, to) = points::period(year, month).unwrap();
    points::ranking(b.ledger.conn(), b.branch_id, from, to)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, s.points.as_f64(), s.rank))
        .collect()
}

fn row(name: &str, points: f64, rank: i64) -> (String, f64, i64) {
    (name.to_string(), points, rank)
}

#[test]
fn annual_ranking_with_caps_rule_change_and_ties() {
    let b = year_branch();
    assert_eq!(
        standings(&b, 2026, None),
        vec![
            row("赵一", 22.0, 1),
            row("孙三", 14.5, 2),
            row("钱二", 11.5, 3),
            row("李四", 11.5, 3),
            row("周五", 3.0, 5),
            row("吴六", -1.0, 6),
        ]
    );
}

#[test]
fn monthly_ranking_counts_only_that_month() {
    let b = year_branch();
    assert_eq!(
        standings(&b, 2026, Some(4)),
        vec![
            row("孙三", 10.5, 1),
            row("钱二", 7.5, 2),
            row("李四", 4.5, 3),
            row("赵一", 2.0, 4),
            row("吴六", 2.0, 4),
            row("周五", -3.0, 6),
        ]
    );
    // In March the 3rd reflection is past the cap of 2.
    let march = standings(&b, 2026, Some(3));
    assert_eq!(march[0], row("赵一", 2.0 + 1.0 + 4.0, 1));
}

#[test]
fn every_point_is_explained_by_an_event_and_a_rule() {
    let b = year_branch();
    let (from, to) = points::period(2026, None).unwrap();
    let e = points::explain(b.ledger.conn(), b.branch_id, b.id("钱二"), from, to).unwrap();
    assert_eq!(e.total, Tenths(115));
    assert_eq!(e.events.iter().map(|x| x.points.0).sum::<i64>(), 115);
    let may = e.events.iter().find(|x| x.date == d("2026-05-20")).unwrap();
    assert_eq!((may.points, may.rule_set_from), (Tenths(30), d("2026-05-01")));
    let march = e.events.iter().find(|x| x.date == d("2026-03-01")).unwrap();
    assert_eq!(
        (march.points, march.rule_set_from),
        (Tenths(20), d("1900-01-01")),
        "earlier months keep their rules"
    );
    let text = e.to_text();
    assert!(text.contains("积分合计：11.5 分"), "{text}");
    assert!(
        text.contains("主讲微党课/党课") && text.contains("手动减分") && text.contains("迟交材料"),
        "{text}"
    );
    let zhao = points::explain(b.ledger.conn(), b.branch_id, b.id("赵一"), from, to).unwrap();
    assert_eq!(
        zhao.events.iter().filter(|x| !x.counted).count(),
        1,
        "the third reflection is shown, scoring 0"
    );
}

#[test]
fn task_completion_on_time_and_late() {
    let b = year_branch();
    let tasks = study::task_stats(b.ledger.conn(), Some(b.branch_id), 2026).unwrap();
    assert_eq!(tasks.len(), 1);
    let t = &tasks[0];
    // Required: the roll on 03-01 (周五 joined 03-15): 赵一 钱二 孙三 李四 吴六.
    assert_eq!((t.required, t.completed, t.on_time, t.late), (5, 3, 2, 1));
    assert!((t.completion_rate - 0.6).abs() < 1e-12);
    assert!((t.on_time_rate - 0.4).abs() < 1e-12);
    let people = study::member_stats(b.ledger.conn(), Some(b.branch_id), 2026).unwrap();
    let zhao = people.iter().find(|p| p.name == "赵一").unwrap();
    // Three meetings of 2 学时 attended + T1's 2 学时.
    assert_eq!((zhao.required, zhao.completed, zhao.study_hours), (1, 1, 8.0));
    assert!(!zhao.meets_yearly_hours);
    let zhou = people.iter().find(|p| p.name == "周五").unwrap();
    assert_eq!((zhou.required, zhou.completion_rate, zhou.study_hours), (0, 0.0, 2.0));
}

#[test]
fn summary_gains_the_study_figures() {
    let b = year_branch();
    let s = reports::summary(b.ledger.conn(), None, 2026).unwrap();
    assert_eq!((s.study_tasks, s.discussions, s.reflections, s.quizzes), (1, 16, 3, 1));
    assert!((s.study_completion - 0.6).abs() < 1e-12);
    // 学时 of the six members on the roll during 2026: 8 + 8 + 6 + 6 + 2 + 2 = 32 (/6).
    assert!((s.study_hours_avg - 32.0 / 6.0).abs() < 1e-9, "{}", s.study_hours_avg);
}

#[test]
fn study_imports_match_platform_headers_and_never_double_count() {
    let mut b = year_branch();
    write(
        &b.file("tasks.csv"),
        "任务名称,类别,发布时间,截止时间,学时\nT2 党史学习,党史,2026-06-01,2026-06-30,1.5\n",
    );
    let r = b.import(ImportKind::StudyTasks, "tasks.csv", false).unwrap();
    assert_eq!(r.created, 1);
    // A 学习通-style export: 学生姓名 and 完成时间 with a clock time; unfinished rows have no time.
    write(
        &b.file("records.csv"),
        "学生姓名,任务名称,完成时间,来源\n赵一,T2 党史学习,2026-06-05 21:13:09,学习通\n钱二,T2 党史学习,2026-07-02 08:00:00,学习通\n孙三,T2 党史学习,,学习通\n",
    );
    let before = standings(&b, 2026, None);
    let r = b.import(ImportKind::StudyRecords, "records.csv", false).unwrap();
    assert_eq!((r.created, r.unchanged), (2, 0), "{:?}", r.errors);
    let again = b.import(ImportKind::StudyRecords, "records.csv", false).unwrap();
    assert_eq!((again.created, again.unchanged), (0, 2));
    let after = standings(&b, 2026, None);
    let pts = |v: &[(String, f64, i64)], n: &str| v.iter().find(|r| r.0 == n).unwrap().1;
    assert_eq!(pts(&after, "赵一") - pts(&before, "赵一"), 1.0);
    assert_eq!(pts(&after, "钱二") - pts(&before, "钱二"), 0.5);
    let t2 = study::task_stats(b.ledger.conn(), Some(b.branch_id), 2026)
        .unwrap()
        .pop()
        .unwrap();
    // Roll on 06-01: 赵一 钱二 孙三 李四 周五 (吴六 left 05-01).
    assert_eq!((t2.required, t2.completed, t2.late), (5, 2, 1));
}

#[test]
fn bad_study_rows_change_nothing() {
    let mut b = year_branch();
    write(
        &b.file("q.csv"),
        "姓名,日期,测验名称,得分\n赵一,2026-06-01,测验A,90\n无名氏,2026-06-01,测验A,80\n钱二,2026-06-01,测验A,120\n",
    );
    let r = b.import(ImportKind::Quizzes, "q.csv", true).unwrap();
    let cells = error_cells(&r);
    assert_eq!(cells, vec![(3, "姓名", "无名氏"), (4, "得分", "120")]);
    assert!(b.import(ImportKind::Quizzes, "q.csv", false).is_err());
    assert_eq!(b.count("quiz_result"), 1);
    write(
        &b.file("adj.csv"),
        "姓名,日期,分值,事由\n李四,2026-06-01,2,志愿服务\n李四,2026-06-02,0.25,太细\n",
    );
    let r = b.import(ImportKind::PointsAdjustments, "adj.csv", true).unwrap();
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_str()), (3, "分值"));
}

#[test]
fn branch_ranking_compares_the_ledgers_branches() {
    let mut b = year_branch();
    b.ledger
        .write(|tx| zhibu::domain::org::create(tx, "第二支部", None, None))
        .unwrap();
    let rows = zhibu::analysis::college::ranking(b.ledger.conn(), 2026, d("2026-06-30")).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!((rows[0].name.as_str(), rows[0].rank), ("测试支部", 1));
    // 第二支部 has no members and held nothing: of the 13 items judged by 06-30 (支委会 and 主题党日 of
    // January–May, Q1's 党员大会 and 党课) only its 谈心谈话 with everyone — nobody — counts as held.
    assert_eq!((rows[1].compliance, rows[1].rank), (1.0 / 13.0, 2));
    assert_eq!(rows[1].index, 2.3);
    // 测试支部: judged by 06-30 are 20 monthly items of January–May (支委会, 主题党日, 一组 and 二组's
    // 党小组会) of which March's 主题党日 was held, Q1's 党员大会 and 党课 (missing) and Q2's 党员大会 (held
    // before its end; Q2's 党课 is still due — April's was a 微党课): 2 of 23. Attendance
    // (3+5+5)/(5+6+5); study 0.6; best points.
    let r = &rows[0];
    assert_eq!(r.compliance, 2.0 / 23.0);
    let expected: f64 = 100.0 * (0.3 * (2.0 / 23.0) + 0.3 * (13.0 / 16.0) + 0.2 * 0.6 + 0.2);
    assert!(
        (r.index - (expected * 10.0).round() / 10.0).abs() < 1e-9,
        "{} vs {expected}",
        r.index
    );
}

#[test]
fn a_task_can_name_the_members_who_must_do_it() {
    let mut b = year_branch();
    let (zhao, qian, li) = (b.id("赵一"), b.id("钱二"), b.id("李四"));
    let branch_id = b.branch_id;
    let input = study::TaskInput {
        id: None,
        name: "支委专题学习".into(),
        category: Some("理论学习".into()),
        published_on: Some("2026-06-01".into()),
        due_on: Some("2026-06-30".into()),
        hours: Some(2.0),
        members: vec![zhao, li],
    };
    let t = b.ledger.write(|tx| study::save_task(tx, branch_id, &input)).unwrap();
    assert_eq!((t.required, t.listed_members.clone()), (2, vec![zhao, li]));
    let t = b
        .ledger
        .write(|tx| {
            study::record_completion(tx, t.id, zhao, d("2026-06-10"), StudySource::Offline)?;
            study::record_completion(tx, t.id, qian, d("2026-06-10"), StudySource::Offline)?;
            study::task_stat(tx, branch_id, t.id)
        })
        .unwrap();
    assert_eq!(
        (t.required, t.completed),
        (2, 1),
        "钱二 was not asked: his completion is not counted"
    );
    assert!((t.completion_rate - 0.5).abs() < 1e-12);
    // Back to everyone on the roll of 06-01: 赵一 钱二 孙三 李四 周五.
    let all = study::TaskInput {
        id: Some(t.id),
        members: vec![],
        ..input
    };
    let t = b.ledger.write(|tx| study::save_task(tx, branch_id, &all)).unwrap();
    assert_eq!((t.required, t.completed), (5, 2));
}

#[test]
fn a_mark_outside_the_members_roll_scores_nothing() {
    let b = year_branch();
    let conn = b.ledger.conn();
    // A 出席 mark for 吴六 at the 05-20 党员大会, recorded as if before his 转出 of 05-01 was.
    conn.execute(
        "INSERT INTO attendance (activity_id, member_id, status)
         SELECT id, ?1, 'present' FROM activity WHERE date = '2026-05-20'",
        [b.id("吴六")],
    )
    .unwrap();
    assert_eq!(standings(&b, 2026, None).last(), Some(&row("吴六", -1.0, 6)));
    let (from, to) = points::period(2026, None).unwrap();
    let e = points::explain(conn, b.branch_id, b.id("吴六"), from, to).unwrap();
    assert_eq!(e.total, Tenths(-10));
    assert!(e.events.iter().all(|x| x.date != d("2026-05-20")));
    // The 民主评议 sheet's 出席 counts the same marks: 03-01's 缺席 and 04-10's 出席, not the stale
    // 出席 of 05-20.
    let attended = zhibu::domain::activities::attendance_by_member(conn, b.branch_id, from, to).unwrap();
    assert_eq!(attended.get(&b.id("吴六")), Some(&(1, 2)));
}
