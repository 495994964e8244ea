//! The roll as it really was (issue: membership history). The small branch of `common` (6 members
//! in 一组/二组, 吴六 transferred out on 2026-05-01) lives through a year of changes; every figure
//! below was worked out by hand from the table in `common/mod.rs`.

mod common;

use common::{d, Branch};
use zhibu::analysis::{check, points};
use zhibu::domain::members::{self, history, MemberInput};
use zhibu::domain::study::{self, TaskInput};
use zhibu::io::import::ImportKind;
use zhibu::kernel::action::Action;

fn expected(b: &Branch, activity: i64) -> (i64, i64) {
    let a = zhibu::domain::activities::get(b.ledger.conn(), std::path::Path::new(""), activity).unwrap();
    (a.roll.tally.expected, a.roll.tally.present)
}

/// A task published on `published` that 赵一, 钱二, 孙三 and 李四 completed.
fn task(b: &mut Branch, published: &str) -> i64 {
    let branch_id = b.branch_id;
    let t = b
        .ledger
        .write(|tx| {
            study::save_task(
                tx,
                branch_id,
                &TaskInput {
                    name: format!("任务 {published}"),
                    published_on: Some(published.into()),
                    hours: Some(1.0),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    for n in ["赵一", "钱二", "孙三", "李四"] {
        let m = b.id(n);
        b.ledger
            .write(|tx| study::record_from_form(tx, branch_id, t.id, m, published, "线下"))
            .unwrap();
    }
    t.id
}

#[test]
fn a_member_transferred_in_counts_from_the_day_he_arrived() {
    let mut b = Branch::new();
    let march = b.activity("2026-03-01", &["主题党日"], None, &[]).unwrap();
    let t = task(&mut b, "2026-06-01");
    // 5 on the roll on 03-01 (周五 joins 03-15); the task requires the 5 of 06-01 (吴六 left 05-01).
    assert_eq!(expected(&b, march.id), (5, 5));
    let rate = |b: &Branch| {
        study::task_stat(b.ledger.conn(), b.branch_id, t)
            .unwrap()
            .completion_rate
    };
    assert!((rate(&b) - 0.8).abs() < 1e-9);

    // 郑七 joined the Party in 2015 elsewhere and arrives in 一组 on 2026-09-01.
    let (branch_id, g1) = (b.branch_id, b.g1);
    let input = MemberInput {
        name: "郑七".into(),
        membership: Some("正式党员".into()),
        joined_on: Some("2015-07-01".into()),
        confirmed_on: Some("2016-07-01".into()),
        group_id: Some(g1),
        transferred_in_on: Some("2026-09-01".into()),
        came_from: Some("某大学机械学院党委".into()),
        ..Default::default()
    };
    let zheng = b.ledger.write(|tx| members::save(tx, branch_id, &input)).unwrap();
    assert_eq!(expected(&b, march.id), (5, 5), "March keeps its 应到");
    assert!((rate(&b) - 0.8).abs() < 1e-9, "June's task keeps its required members");
    let october = b.activity("2026-10-01", &["主题党日"], None, &[]).unwrap();
    let group = b.activity("2026-10-05", &["党小组会"], Some(g1), &[]).unwrap();
    // 10-01: 赵一 钱二 孙三 李四 周五 郑七; 一组 on 10-05: 赵一 钱二 孙三 郑七.
    assert_eq!(expected(&b, october.id), (6, 6));
    assert_eq!(expected(&b, group.id), (4, 4));
    let p = history::periods(b.ledger.conn(), zheng.id).unwrap();
    assert_eq!(
        (p.len(), p[0].start_on, p[0].came_from.as_deref()),
        (1, d("2026-09-01"), Some("某大学机械学院党委"))
    );
    assert!(check::run(&b.ledger).unwrap().is_empty());
}

#[test]
fn moving_a_member_to_another_group_never_rewrites_a_past_meeting() {
    let mut b = Branch::new();
    let (g1, g2) = (b.g1, b.g2);
    let january = b
        .activity(
            "2026-01-10",
            &["党小组会"],
            Some(g1),
            &[("钱二", "leave", Some("出差"))],
        )
        .unwrap();
    assert_eq!(expected(&b, january.id), (3, 2));
    let sun = b.id("孙三");
    b.ledger
        .write(|tx| members::move_group(tx, sun, Some(g2), "2026-07-01"))
        .unwrap();
    // January still expected 赵一 钱二 孙三 and 孙三 is still 出席 there.
    assert_eq!(expected(&b, january.id), (3, 2));
    let a = zhibu::domain::activities::get(b.ledger.conn(), std::path::Path::new(""), january.id).unwrap();
    assert!(a
        .roll
        .entries
        .iter()
        .any(|e| e.name == "孙三" && e.on_roll && e.status.code() == "present"));
    // September: 二组 is 李四 周五 孙三 (吴六 left); 一组 is 赵一 钱二.
    let sept2 = b.activity("2026-09-10", &["党小组会"], Some(g2), &[]).unwrap();
    let sept1 = b.activity("2026-09-12", &["党小组会"], Some(g1), &[]).unwrap();
    assert_eq!(expected(&b, sept2.id), (3, 3));
    assert_eq!(expected(&b, sept1.id), (2, 2));
    let moves = history::assignments(b.ledger.conn(), sun).unwrap();
    assert_eq!(moves.len(), 2);
    assert_eq!(
        (moves[0].end_on, moves[1].start_on),
        (Some(d("2026-07-01")), d("2026-07-01"))
    );
    // A move dated before the latest one is refused; the form cannot move without a date.
    let earlier = b
        .ledger
        .write(|tx| members::move_group(tx, sun, Some(g1), "2026-06-01"));
    assert!(earlier.unwrap_err().to_string().contains("只能往后添加"));
    let branch_id = b.branch_id;
    let mut form = MemberInput {
        id: Some(sun),
        name: "孙三".into(),
        membership: Some("正式党员".into()),
        joined_on: Some("2015-07-01".into()),
        group_id: Some(g1),
        ..Default::default()
    };
    let refused = b.ledger.write(|tx| members::save(tx, branch_id, &form));
    assert!(refused.unwrap_err().to_string().contains("从哪天起"));
    form.group_id = Some(g2);
    assert!(b.ledger.write(|tx| members::save(tx, branch_id, &form)).is_ok());
    assert!(check::run(&b.ledger).unwrap().is_empty());
}

#[test]
fn a_leave_recorded_after_the_meetings_stops_the_marks_that_follow_it() {
    let mut b = Branch::new();
    for day in ["2026-06-01", "2026-08-01", "2026-09-01"] {
        b.activity(day, &["主题党日"], None, &[("钱二", "absent", None)])
            .unwrap();
    }
    let qian = b.id("钱二");
    let year = points::period(2026, None).unwrap();
    let total = |b: &Branch| {
        points::explain(b.ledger.conn(), b.branch_id, qian, year.0, year.1)
            .unwrap()
            .total
            .as_f64()
    };
    assert_eq!(total(&b), -9.0);
    b.ledger
        .write(|tx| members::leave(tx, qian, "转出", Some("2026-07-15"), Some("外校")))
        .unwrap();
    // Only June's 无故缺席 counts (−3); August and September fall after his leaving.
    assert_eq!(total(&b), -3.0);
    let problems = check::run(&b.ledger).unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems.iter().all(|p| p.contains("钱二") && p.contains("当日不在册")));
    // Leaving twice, or before the period began, is refused.
    assert!(b
        .ledger
        .write(|tx| members::leave(tx, qian, "转出", Some("2026-08-15"), None))
        .is_err());
}

#[test]
fn a_probationary_member_is_regularized_on_a_date() {
    let mut b = Branch::new();
    let zhou = b.id("周五");
    let early = b.ledger.write(|tx| members::regularize(tx, zhou, "2026-03-01"));
    assert!(early.unwrap_err().to_string().contains("应晚于入党日期"));
    let m = b
        .ledger
        .write(|tx| members::regularize(tx, zhou, "2027-03-15"))
        .unwrap();
    assert_eq!((m.membership.code(), m.confirmed_on), ("full", Some(d("2027-03-15"))));
    let again = b.ledger.write(|tx| members::regularize(tx, zhou, "2027-04-01"));
    assert!(again.unwrap_err().to_string().contains("已是正式党员"));
}

#[test]
fn a_roster_row_with_a_departure_records_it_once() {
    let mut b = Branch::new();
    common::write(
        &b.file("名册.csv"),
        "姓名,党员类别,入党日期,状态,离开日期,去向\n孙三,正式党员,2015-07-01,转出,2026-08-01,某学院党委\n",
    );
    let r = b.import(ImportKind::Members, "名册.csv", false).unwrap();
    assert_eq!(r.changes[0].action, Action::Update);
    let sun = members::get(b.ledger.conn(), b.id("孙三")).unwrap();
    assert_eq!((sun.status.code(), sun.left_on), ("transferred", Some(d("2026-08-01"))));
    let again = b.import(ImportKind::Members, "名册.csv", false).unwrap();
    assert_eq!((again.unchanged, again.updated), (1, 0));
    // A row that says 在册 for a member who left is an error naming him; nothing changes.
    common::write(
        &b.file("旧名册.csv"),
        "姓名,党员类别,入党日期,状态\n孙三,正式党员,2015-07-01,在册\n",
    );
    let e = b.import(ImportKind::Members, "旧名册.csv", false).unwrap_err();
    assert!(e.to_string().contains("孙三") && e.to_string().contains("转入"), "{e}");
}

#[test]
fn an_import_never_renames_or_merges_people() {
    let mut b = Branch::new();
    common::write(
        &b.file("两个张伟.csv"),
        "姓名,党员类别,入党日期,身份证号\n张伟,正式党员,2010-07-01,450102198001021232\n张伟,正式党员,2012-07-01,450102198506074567\n",
    );
    let r = b.import(ImportKind::Members, "两个张伟.csv", false).unwrap();
    assert_eq!(r.created, 2, "two people who share a name stay two");
    // A name alone is ambiguous now: the error lists both, with what tells them apart.
    let e = members::resolve(b.ledger.conn(), b.branch_id, "张伟")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("对应 2 名党员") && e.contains("2010-07-01") && e.contains("2012-07-01"),
        "{e}"
    );
    // The 身份证号 of one 张伟 under another name renames nobody.
    common::write(
        &b.file("改名.csv"),
        "姓名,党员类别,入党日期,身份证号\n张卫,正式党员,2010-07-01,450102198001021232\n",
    );
    let e = b
        .import(ImportKind::Members, "改名.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("属于党员“张伟”") && e.contains("张卫"), "{e}");
    // One 身份证号 on two rows of a file: an error naming both rows; nothing is written.
    common::write(
        &b.file("重复.csv"),
        "姓名,党员类别,入党日期,身份证号\n郑七,正式党员,2015-07-01,11010519491231002X\n郑七,正式党员,2015-07-01,11010519491231002X\n",
    );
    let before = b.count("member");
    let e = b
        .import(ImportKind::Members, "重复.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("第 3 行") && e.contains("与第 2 行重复"), "{e}");
    assert_eq!(b.count("member"), before);
}

#[test]
fn probation_is_extended_once_by_six_to_twelve_months_and_party_years_count_from_regularization() {
    let mut b = Branch::new();
    // 周五 was admitted as 预备党员 on 2026-03-15: the 预备期 ends 2027-03-15; it may be extended to
    // a date between 2027-09-15 (6 months) and 2028-03-15 (12 months), decided within the 预备期.
    let zhou = b.id("周五");
    let short = b
        .ledger
        .write(|tx| members::extend_probation(tx, zhou, "2026-12-20", "2027-06-15"));
    assert!(short.unwrap_err().to_string().contains("2027-09-15 到 2028-03-15"));
    let late = b
        .ledger
        .write(|tx| members::extend_probation(tx, zhou, "2027-04-01", "2027-12-15"));
    assert!(late.unwrap_err().to_string().contains("在预备期内"));
    let m = b
        .ledger
        .write(|tx| members::extend_probation(tx, zhou, "2026-12-20", "2027-12-15"))
        .unwrap();
    assert_eq!((m.probation_until, m.party_years), (Some(d("2027-12-15")), None));
    let twice = b
        .ledger
        .write(|tx| members::extend_probation(tx, zhou, "2026-12-21", "2028-01-15"));
    assert!(twice.unwrap_err().to_string().contains("已延长过一次"));
    // 赵一 转正 on 2010-12-01 (common): 党龄 counts from it, not from 入党 (2010-07-01).
    let zhao = members::get(b.ledger.conn(), b.id("赵一")).unwrap();
    let today = chrono::Local::now().date_naive();
    assert_eq!(zhao.party_years, today.years_since(d("2010-12-01")));
}

#[test]
fn a_namesake_without_birth_date_is_never_absorbed() {
    let mut b = Branch::new();
    common::write(&b.file("甲.csv"), "姓名,党员类别,入党日期\n张伟,正式党员,2010-07-01\n");
    b.import(ImportKind::Members, "甲.csv", false).unwrap();
    common::write(&b.file("乙.csv"), "姓名,党员类别,入党日期\n张伟,正式党员,2018-07-01\n");
    let e = b.import(ImportKind::Members, "乙.csv", false).unwrap_err().to_string();
    assert!(e.contains("入党日期 2010-07-01") && e.contains("身份证号"), "{e}");
    let zhang = members::get(b.ledger.conn(), b.id("张伟")).unwrap();
    assert_eq!(zhang.joined_on, d("2010-07-01"), "his 入党日期 did not change");
    // A birth date on the new row alone cannot tell them apart (the first 张伟 has none): still asked.
    common::write(
        &b.file("丙.csv"),
        "姓名,党员类别,入党日期,出生日期\n张伟,正式党员,2018-07-01,1995-02-03\n",
    );
    let e = b.import(ImportKind::Members, "丙.csv", false).unwrap_err().to_string();
    assert!(e.contains("身份证号"), "{e}");
    // A 身份证号 makes the second 张伟 a second member.
    common::write(
        &b.file("丁.csv"),
        "姓名,党员类别,入党日期,身份证号\n张伟,正式党员,2018-07-01,450102198506074567\n",
    );
    assert_eq!(b.import(ImportKind::Members, "丁.csv", false).unwrap().created, 1);
}

/// A group's size in 党员 › 党小组 is its roll today: its members' current assignments, of members
/// still on the branch's roll.
#[test]
fn a_groups_size_counts_its_members_on_the_roll_today() {
    let mut b = Branch::new();
    let sizes = |b: &Branch| -> Vec<(String, i64)> {
        zhibu::domain::org::list_groups(b.ledger.conn(), b.branch_id)
            .unwrap()
            .into_iter()
            .map(|g| (g.name, g.member_count))
            .collect()
    };
    // 一组: 赵一 钱二 孙三; 二组: 李四 周五 (吴六 transferred out on 2026-05-01).
    assert_eq!(sizes(&b), [("一组".to_string(), 3), ("二组".to_string(), 2)]);
    let sun = b.id("孙三");
    let g2 = b.g2;
    b.ledger
        .write(|tx| members::move_group(tx, sun, Some(g2), "2026-07-01"))
        .unwrap();
    assert_eq!(sizes(&b), [("一组".to_string(), 2), ("二组".to_string(), 3)]);
}
