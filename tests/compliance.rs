//! The compliance calendar at its boundaries (domain.md's rules), on the `common` branch: 赵一 (书记),
//! 钱二, 孙三 in 一组; 李四, 周五 (预备党员 from 03-15), 吴六 (转出 05-01) in 二组. Hand-computed.

mod common;

use common::{d, Branch};
use zhibu::analysis::compliance::{self, SECRETARY_LECTURE};

fn calendar(b: &Branch, as_of: &str) -> compliance::Compliance {
    compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d(as_of)).unwrap()
}

#[test]
fn a_general_meeting_needs_more_than_half_of_the_voting_members() {
    let mut b = Branch::new();
    // On 06-10 the roll is 赵一 钱二 孙三 李四 周五; 周五 is 预备党员: 4 voters.
    // Exactly half (2 of 4) present is invalid, even with 周五 present too.
    b.activity(
        "2026-06-10",
        &["党员大会"],
        None,
        &[("孙三", "absent", None), ("李四", "leave", Some("出差"))],
    )
    .unwrap();
    // One more (3 of 4) is valid.
    b.activity("2026-06-20", &["党员大会"], None, &[("李四", "leave", Some("出差"))])
        .unwrap();
    let c = calendar(&b, "2026-11-25");
    assert_eq!(c.invalid_meetings.len(), 1, "{:?}", c.invalid_meetings);
    assert_eq!(c.invalid_meetings[0].date, d("2026-06-10"));
    assert_eq!(
        c.invalid_meetings[0].reason,
        "应到正式党员 4 人，实到 2 人，未超过半数，会议无效"
    );
}

#[test]
fn every_group_holds_its_own_meeting_every_month() {
    let mut b = Branch::new();
    let (g1, g2) = (b.g1, b.g2);
    b.activity("2026-02-10", &["党小组会"], Some(g1), &[]).unwrap();
    b.activity("2026-02-12", &["支委会"], None, &[]).unwrap();
    b.activity("2026-02-15", &["主题党日"], None, &[]).unwrap();
    b.activity("2026-03-10", &["党小组会"], Some(g1), &[]).unwrap();
    b.activity("2026-03-11", &["党小组会"], Some(g2), &[]).unwrap();
    let c = calendar(&b, "2026-11-25");
    // February: 支委会 and 主题党日 held, 一组 met, 二组 (李四, 吴六) did not.
    assert_eq!(
        (c.months[1].missing.len(), c.months[1].groups_missing.clone()),
        (0, vec!["二组".to_string()])
    );
    // March: both groups met; 支委会 and 主题党日 missing.
    assert_eq!(c.months[2].missing, vec!["committee_meeting", "theme_day"]);
    assert!(c.months[2].groups_missing.is_empty());
    // November is not over on 11-25: due, not missing. December likewise.
    assert!(c.months[10].missing.is_empty() && c.months[10].due == vec!["committee_meeting", "theme_day"]);
    assert_eq!(c.months[11].groups_due, vec!["一组".to_string(), "二组".to_string()]);
    // Q1 lacked a 党员大会 and a 党课; Q4 is still due.
    assert_eq!(c.quarters[0].missing, vec!["general_meeting", "party_lecture"]);
    assert_eq!((c.quarters[3].missing.len(), c.quarters[3].due.len()), (0, 2));
    let after = calendar(&b, "2027-01-05");
    assert_eq!(after.year_missing, vec!["life_meeting", "appraisal", SECRETARY_LECTURE]);
}

#[test]
fn the_secretary_gives_a_lecture_and_everyone_on_the_roll_has_a_heart_talk() {
    let mut b = Branch::new();
    // 钱二 speaks at one 党课: the secretary's is still missing; 赵一 (书记) at another: held.
    common::write(
        &b.file("党课.csv"),
        "日期,类型,主题,主持人,主讲人\n2026-04-10,党课,党课一,赵一,钱二\n",
    );
    b.import(zhibu::io::import::ImportKind::Activities, "党课.csv", false)
        .unwrap();
    assert!(calendar(&b, "2027-01-05").year_missing.contains(&SECRETARY_LECTURE));
    common::write(
        &b.file("党课2.csv"),
        "日期,类型,主题,主讲人\n2026-05-10,党课,党课二,赵一\n",
    );
    b.import(zhibu::io::import::ImportKind::Activities, "党课2.csv", false)
        .unwrap();
    assert!(!calendar(&b, "2027-01-05").year_missing.contains(&SECRETARY_LECTURE));

    // A member joining in November is talked with too; 吴六, gone since May, is not required.
    b.add_member("郑七", b.g1, "2026-11-10", "预备党员");
    b.activity(
        "2026-06-05",
        &["谈心谈话"],
        None,
        &[
            ("孙三", "absent", None),
            ("李四", "absent", None),
            ("周五", "absent", None),
        ],
    )
    .unwrap();
    let c = calendar(&b, "2027-01-05");
    // In roster order: 一组 (孙三, 郑七), then 二组.
    assert_eq!(c.heart_talk_missing, vec!["孙三", "郑七", "李四", "周五"]);
    assert!(c.heart_talk_due.is_empty());
    // Within the year the same names are due, not missing.
    assert_eq!(calendar(&b, "2026-11-25").heart_talk_due.len(), 4);
}

#[test]
fn heart_talk_records_count_and_a_reimport_adds_nothing() {
    let mut b = Branch::new();
    common::write(
        &b.file("谈心.csv"),
        "日期,谈话人,谈话对象,主题,后续事项\n\
         2026-03-02,赵一,钱二、孙三,思想动态,下月再谈\n\
         2026-04-08,学院党委副书记,李四,工作困难,\n",
    );
    let r = b
        .import(zhibu::io::import::ImportKind::HeartTalks, "谈心.csv", false)
        .unwrap();
    assert_eq!(r.created, 2);
    assert_eq!(
        b.import(zhibu::io::import::ImportKind::HeartTalks, "谈心.csv", false)
            .unwrap()
            .unchanged,
        2
    );
    // On the roll at year end: 赵一 钱二 孙三 李四 周五; talked with: 钱二 孙三 李四.
    let c = calendar(&b, "2027-01-05");
    assert_eq!(c.heart_talk_missing, vec!["赵一", "周五"]);
    let talks = zhibu::domain::talks::list(b.ledger.conn(), b.branch_id, d("2026-01-01"), d("2026-12-31")).unwrap();
    assert_eq!(
        (talks[0].parties.clone(), talks[0].talker_id.is_some()),
        (vec!["钱二".to_string(), "孙三".to_string()], true)
    );
    assert_eq!((talks[1].talker.as_str(), talks[1].talker_id), ("学院党委副书记", None));
    // A 谈话对象 who is not a member is an error naming the cell; nothing is written.
    common::write(&b.file("错.csv"), "日期,谈话人,谈话对象\n2026-05-01,赵一,陌生人\n");
    let e = b
        .import(zhibu::io::import::ImportKind::HeartTalks, "错.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("「谈话对象」“陌生人”"), "{e}");
}

#[test]
fn awards_score_by_their_level() {
    let mut b = Branch::new();
    common::write(
        &b.file("表彰.csv"),
        "姓名,日期,级别,名称\n钱二,2026-05-04,校级,优秀共产党员\n钱二,2026-09-10,国家级,全国优秀教师\n",
    );
    let r = b
        .import(zhibu::io::import::ImportKind::Awards, "表彰.csv", false)
        .unwrap();
    assert_eq!(r.created, 2);
    assert_eq!(
        b.import(zhibu::io::import::ImportKind::Awards, "表彰.csv", false)
            .unwrap()
            .unchanged,
        2
    );
    let (from, to) = zhibu::analysis::points::period(2026, None).unwrap();
    let e = zhibu::analysis::points::explain(b.ledger.conn(), b.branch_id, b.id("钱二"), from, to).unwrap();
    // 校级 +5, 国家级 +15.
    let award: f64 = e
        .events
        .iter()
        .filter(|x| x.detail.starts_with("表彰"))
        .map(|x| x.points.as_f64())
        .sum();
    assert_eq!(award, 20.0);
}

#[test]
fn a_general_meetings_verdict_is_on_its_record_and_in_the_register() {
    let mut b = Branch::new();
    // 4 voters on 06-20 (周五 is 预备党员); 3 present: valid; 2 赞成 is not more than half of 4.
    let mut a = b
        .activity("2026-06-20", &["党员大会"], None, &[("李四", "leave", Some("出差"))])
        .unwrap();
    let v = a.verdict.clone().unwrap();
    assert_eq!(
        (v.voters, v.voters_present, v.valid, v.resolution_passed),
        (4, 3, true, None)
    );
    assert!(a
        .roll
        .entries
        .iter()
        .any(|e| e.name == "周五" && e.on_roll && !e.voting));
    let branch_id = b.branch_id;
    let input = zhibu::domain::activities::ActivityInput {
        id: Some(a.id),
        date: Some("2026-06-20".into()),
        title: Some(a.title.clone()),
        kinds: vec!["general_meeting".into()],
        votes_yes: Some(2),
        attendance: a
            .roll
            .entries
            .iter()
            .map(|e| zhibu::domain::activities::MarkInput {
                member_id: e.member_id,
                status: e.status.code().into(),
                reason: e.reason.clone(),
            })
            .collect(),
        ..Default::default()
    };
    a = b
        .ledger
        .write(|tx| zhibu::domain::activities::save(tx, branch_id, &input))
        .unwrap();
    let v = a.verdict.unwrap();
    assert_eq!(v.resolution_passed, Some(false));
    assert!(
        v.text.contains("赞成 2 票") && v.text.contains("决议未通过"),
        "{}",
        v.text
    );
    // Other kinds have no verdict.
    assert!(b
        .activity("2026-06-21", &["主题党日"], None, &[])
        .unwrap()
        .verdict
        .is_none());
}

/// Who the calendar flags as 失联, each with the last day present.
fn lapsed(c: &compliance::Compliance) -> Vec<(&str, Option<chrono::NaiveDate>)> {
    c.lapsed.iter().map(|l| (l.name.as_str(), l.last_present)).collect()
}

#[test]
fn six_months_without_organisational_life_is_flagged() {
    let mut b = Branch::new();
    // 钱二 is absent from everything after 03-01; 周五 joined 03-15 and attended in May.
    b.activity("2026-03-01", &["主题党日"], None, &[]).unwrap();
    b.activity("2026-05-10", &["主题党日"], None, &[("钱二", "absent", None)])
        .unwrap();
    b.activity(
        "2026-09-10",
        &["主题党日"],
        None,
        &[("钱二", "absent", None), ("周五", "absent", None)],
    )
    .unwrap();
    // As of 09-05 the window is 03-05..09-05: 钱二 last attended 03-01 → flagged; 周五 attended 05-10.
    let c = calendar(&b, "2026-09-05");
    let names = lapsed(&c);
    assert_eq!(names, vec![("钱二", Some(d("2026-03-01")))]);
    // As of 09-01 the window starts 03-01: a day present on its first day is not inside it.
    let c = calendar(&b, "2026-09-01");
    let names = lapsed(&c);
    assert_eq!(names, vec![("钱二", Some(d("2026-03-01")))]);
    // As of 08-31 the window starts 02-28: 03-01 is inside it, nobody is flagged yet.
    assert!(calendar(&b, "2026-08-31").lapsed.is_empty());
}

#[test]
fn one_never_present_is_flagged_without_a_last_day() {
    let mut b = Branch::new();
    // 孙三 is absent from the only activity; everyone else was there on 01-10.
    b.activity("2026-01-10", &["主题党日"], None, &[("孙三", "absent", None)])
        .unwrap();
    let c = calendar(&b, "2026-07-20");
    let mut names = lapsed(&c);
    names.sort();
    let on_roll_then = ["李四", "孙三", "赵一", "钱二"];
    let mut expected: Vec<(&str, Option<chrono::NaiveDate>)> = on_roll_then
        .iter()
        .map(|&n| (n, (n != "孙三").then(|| d("2026-01-10"))))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    assert!(c
        .missing_lines()
        .iter()
        .any(|l| l == "孙三：从未参加组织生活已满 6 个月（失联预警）"));
}

#[test]
fn every_required_item_comes_with_its_state_and_deadline() {
    let mut b = Branch::new();
    let g1 = b.g1;
    b.activity("2026-02-10", &["党小组会"], Some(g1), &[]).unwrap();
    let c = calendar(&b, "2026-11-25");
    let find = |period: &str, number: i32, item: &str| {
        c.items
            .iter()
            .find(|i| i.period == period && i.number == number && i.item == item)
            .unwrap_or_else(|| panic!("{period} {number} {item}"))
    };
    let feb1 = find("month", 2, "group:一组");
    assert_eq!((feb1.state, feb1.deadline), ("held", d("2026-02-28")));
    assert_eq!(find("month", 2, "group:二组").state, "missing");
    // November ends in 5 days from 11-25; December's items are due in 36.
    let nov = find("month", 11, "committee_meeting");
    assert_eq!((nov.state, nov.days_left), ("due", 5));
    assert_eq!(find("year", 2026, "heart_talk").days_left, 36);
    assert_eq!(find("quarter", 1, "general_meeting").state, "missing");
    // 吴六 leaves 二组 on 05-01 but 李四 and 周五 remain: 二组 exists in every month.
    assert_eq!(c.items.iter().filter(|i| i.item == "group:二组").count(), 12);
}

#[test]
fn a_committee_meeting_needs_more_than_half_of_the_committee() {
    let mut b = Branch::new();
    // 孙三 joins 赵一 (书记), 钱二 and 李四 on the committee: 4 seats; 预备党员 周五 is not on it.
    let (branch_id, sun) = (b.branch_id, b.id("孙三"));
    b.ledger
        .write(|tx| {
            zhibu::domain::org::save_committee_role(
                tx,
                branch_id,
                &zhibu::domain::org::CommitteeInput {
                    id: None,
                    member_id: sun,
                    role: "纪检委员".into(),
                    term_start: Some("2024-01-01".into()),
                    term_end: None,
                },
                d("2026-06-01"),
            )
        })
        .unwrap();
    // Exactly half (2 of 4) is invalid; 3 of 4 is valid.
    let half = b
        .activity(
            "2026-07-08",
            &["支委会"],
            None,
            &[("李四", "leave", Some("出差")), ("孙三", "absent", None)],
        )
        .unwrap();
    let v = half.verdict.unwrap();
    assert_eq!((v.voters, v.voters_present, v.valid), (4, 2, false));
    assert_eq!(v.text, "应到支委 4 人，实到 2 人，未超过半数，会议无效");
    let v = b
        .activity("2026-08-05", &["支委会"], None, &[("孙三", "absent", None)])
        .unwrap()
        .verdict
        .unwrap();
    assert_eq!((v.voters_present, v.valid), (3, true));
    // The calendar lists the invalid one and counts it against July's 支委会, which still was held.
    let c = calendar(&b, "2026-11-25");
    let invalid: Vec<(String, String)> = c
        .invalid_meetings
        .iter()
        .map(|m| (m.date.to_string(), m.reason.clone()))
        .collect();
    assert_eq!(
        invalid,
        vec![(
            "2026-07-08".to_string(),
            "应到支委 4 人，实到 2 人，未超过半数，会议无效".to_string()
        )]
    );
    let july = c
        .items
        .iter()
        .find(|i| i.period == "month" && i.number == 7 && i.item == "committee_meeting")
        .unwrap();
    assert_eq!((july.state, july.invalid), ("held", 1));
}
