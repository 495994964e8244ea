//! Elections and the configurable rules of domain.md (issue 10), at their boundaries: four fifths of
//! 23 voters, how often a 党课 is due and the 主题党日's fixed day as dated versions, the 民主评议
//! guide as the secretary sets it, and a score taken back. On the `common` branch: 赵一 (书记), 钱二,
//! 孙三 in 一组; 李四, 周五 (预备党员 from 03-15), 吴六 (转出 05-01) in 二组. Hand-computed.

mod common;

use common::{d, Branch};
use zhibu::analysis::{appraisal, compliance};
use zhibu::domain::activities::{self, ActivityInput, MarkInput};
use zhibu::domain::appraisal::{self as records, Fill, Scores};
use zhibu::domain::rules::{self, GuideInput, LifeRulesInput};
use zhibu::io::import::ImportKind;
use zhibu::kernel::labels::AppraisalGrade;

/// A 党员大会 on `date` with everyone on the roll present except `absent`.
fn general_meeting(
    b: &mut Branch,
    date: &str,
    absent: &[&str],
    election: bool,
    yes: Option<i64>,
) -> activities::Activity {
    let roll = activities::roll_preview(
        b.ledger.conn(),
        b.branch_id,
        date,
        &["general_meeting".into()],
        None,
        None,
    )
    .unwrap();
    let input = ActivityInput {
        date: Some(date.into()),
        title: Some(format!("{date} 党员大会")),
        kinds: vec!["general_meeting".into()],
        election,
        votes_yes: yes,
        attendance: roll
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
            .collect(),
        ..Default::default()
    };
    let branch_id = b.branch_id;
    b.ledger.write(|tx| activities::save(tx, branch_id, &input)).unwrap()
}

#[test]
fn an_election_needs_four_fifths_of_23_voters() {
    let mut b = Branch::new();
    let g = b.g1;
    // 赵一 钱二 孙三 李四 + 19 more 正式党员 = 23 voters on 06-20; 周五 is 预备党员 and has no vote.
    for i in 0..19 {
        b.add_member(&format!("党员{i:02}"), g, "2015-07-01", "正式党员");
    }
    // 4/5 of 23 is 18.4: 18 present is not enough, 19 is.
    let five = ["孙三", "李四", "党员00", "党员01", "党员02"];
    let a = general_meeting(&mut b, "2026-06-20", &five, true, Some(12));
    let v = a.verdict.unwrap();
    assert_eq!((v.voters, v.voters_present, v.election, v.valid), (23, 18, true, false));
    assert!(v.text.contains("不足五分之四，选举无效"), "{}", v.text);
    let a = general_meeting(&mut b, "2026-06-21", &five[..4], true, Some(11));
    let v = a.verdict.unwrap();
    assert_eq!((v.voters_present, v.valid), (19, true));
    // 赞成 must exceed half of the 23 who should attend: 11 is not elected, 12 is.
    assert_eq!(v.resolution_passed, Some(false));
    assert!(v.text.contains("未当选"), "{}", v.text);
    let v = general_meeting(&mut b, "2026-06-22", &five[..4], true, Some(12))
        .verdict
        .unwrap();
    assert_eq!(v.resolution_passed, Some(true));
    assert!(v.text.ends_with("当选"), "{}", v.text);
    // The same 18 make an ordinary 党员大会 valid (more than half); 11 of 23 do not.
    let v = general_meeting(&mut b, "2026-06-23", &five, false, None)
        .verdict
        .unwrap();
    assert!(v.valid);
    let twelve: Vec<String> = (0..12).map(|i| format!("党员{i:02}")).collect();
    let twelve: Vec<&str> = twelve.iter().map(String::as_str).collect();
    let v = general_meeting(&mut b, "2026-06-24", &twelve, false, None)
        .verdict
        .unwrap();
    assert_eq!((v.voters_present, v.valid), (11, false));
    // The calendar lists the invalid election and the invalid meeting, with the rule's words.
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2026-11-25")).unwrap();
    let invalid: Vec<(String, &str)> = c
        .invalid_meetings
        .iter()
        .map(|m| (m.date.to_string(), m.reason.as_str()))
        .collect();
    assert_eq!(
        invalid,
        vec![
            (
                "2026-06-20".to_string(),
                "应到正式党员 23 人，实到 18 人，不足五分之四，选举无效"
            ),
            (
                "2026-06-24".to_string(),
                "应到正式党员 23 人，实到 11 人，未超过半数，会议无效"
            ),
        ]
    );
}

#[test]
fn an_imported_meeting_carries_its_election_and_votes() {
    let mut b = Branch::new();
    // 4 voters (赵一 钱二 孙三 李四); 3 present: an election needs 4 (3 × 5 < 4 × 4).
    common::write(
        &b.file("大会.csv"),
        "日期,类型,主题,出席,缺席,议题,决议,选举,赞成,反对,弃权\n\
         2026-09-10,党员大会,选举支部委员,赵一、钱二、孙三、周五,李四,选举支部委员会,选举赵一为书记,是,3,0,0\n\
         2026-09-11,党员大会,讨论发展对象,赵一、钱二、孙三、周五,李四,,同意接收,否,2,1,0\n",
    );
    assert_eq!(b.import(ImportKind::Activities, "大会.csv", false).unwrap().created, 2);
    let list = activities::list(b.ledger.conn(), Some(b.branch_id), d("2026-09-01"), d("2026-09-30")).unwrap();
    let get = |title: &str| {
        let id = list.iter().find(|a| a.title == title).unwrap().id;
        activities::get(b.ledger.conn(), std::path::Path::new(""), id).unwrap()
    };
    let election = get("选举支部委员");
    assert!(election.election);
    assert_eq!(
        (election.agenda.as_deref(), election.resolution.as_deref()),
        (Some("选举支部委员会"), Some("选举赵一为书记"))
    );
    assert_eq!(
        (election.votes_yes, election.votes_no, election.votes_abstain),
        (Some(3), Some(0), Some(0))
    );
    // 3 赞成 of 4 would elect, but an invalid election elects nobody.
    let v = election.verdict.unwrap();
    assert_eq!((v.valid, v.resolution_passed), (false, Some(false)));
    assert!(v.text.ends_with("赞成 3 票，选举无效，结果不成立"), "{}", v.text);
    // Not an election: 3 of 4 is more than half; 2 赞成 is not more than half of 4.
    let v = get("讨论发展对象").verdict.unwrap();
    assert_eq!((v.election, v.valid, v.resolution_passed), (false, true, Some(false)));
    // A bad count or flag names its row, column and value, and nothing is written.
    common::write(
        &b.file("坏.csv"),
        "日期,类型,主题,选举,赞成\n2026-10-10,党员大会,十月大会,也许,2.5\n",
    );
    let e = b
        .import(ImportKind::Activities, "坏.csv", false)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("选举") && e.contains("也许") && e.contains("赞成") && e.contains("2.5"),
        "{e}"
    );
    assert_eq!(b.count("activity"), 2);
}

fn life_rules(b: &mut Branch, from: &str, every: &str, theme_day: Option<u32>) {
    let input = LifeRulesInput {
        effective_from: from.into(),
        note: None,
        party_lecture_every: every.into(),
        theme_day_of_month: theme_day,
    };
    b.ledger.write(|tx| rules::save_life_rules(tx, &input)).unwrap();
}

#[test]
fn how_often_a_party_lecture_is_due_is_the_secretarys_from_a_date() {
    let mut b = Branch::new();
    // By default a 党课 is due every quarter.
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2027-01-05")).unwrap();
    assert!(c.quarters.iter().all(|q| q.missing.contains(&"party_lecture")));
    assert!(!c.year_missing.contains(&"party_lecture"));
    // From 07-01 once a year: Q1 and Q2 (ended before) stay quarterly, Q3 and Q4 do not require one,
    // and the year (judged on 12-31) does.
    life_rules(&mut b, "2026-07-01", "每年", None);
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2027-01-05")).unwrap();
    let quarterly: Vec<bool> = c
        .quarters
        .iter()
        .map(|q| q.missing.contains(&"party_lecture"))
        .collect();
    assert_eq!(quarterly, vec![true, true, false, false]);
    assert!(c.year_missing.contains(&"party_lecture"));
    // One 党课 in November satisfies the year.
    b.activity("2026-11-12", &["党课"], None, &[]).unwrap();
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2027-01-05")).unwrap();
    assert!(!c.year_missing.contains(&"party_lecture"));
    // Monthly from 2026-10-01: October has none (missing), November has one, December is due.
    life_rules(&mut b, "2026-10-01", "month", None);
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2026-12-05")).unwrap();
    assert!(c.months[9].missing.contains(&"party_lecture"));
    assert!(!c.months[10].missing.contains(&"party_lecture"));
    assert!(c.months[11].due.contains(&"party_lecture"));
    assert!(
        !c.months[8].missing.contains(&"party_lecture"),
        "September keeps the yearly rule"
    );
    // A version of the same date replaces the earlier one; a bad cadence is refused by name.
    life_rules(&mut b, "2026-10-01", "quarter", None);
    assert_eq!(rules::life_rule_sets(b.ledger.conn()).unwrap().len(), 3);
    let e = b
        .ledger
        .write(|tx| {
            rules::save_life_rules(
                tx,
                &LifeRulesInput {
                    effective_from: "2026-12-01".into(),
                    note: None,
                    party_lecture_every: "每周".into(),
                    theme_day_of_month: Some(32),
                },
            )
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("党课频次") && e.contains("每周"), "{e}");
}

#[test]
fn a_fixed_theme_day_is_overdue_once_its_day_has_passed() {
    let mut b = Branch::new();
    life_rules(&mut b, "2026-01-01", "每季度", Some(15));
    // On 11-20 November's 主题党日 (due by 11-15) is missing while its 支委会 (due by 11-30) is due.
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2026-11-20")).unwrap();
    assert_eq!(c.months[10].missing, vec!["theme_day"]);
    assert_eq!(c.months[10].due, vec!["committee_meeting"]);
    let item = |c: &compliance::Compliance, month: i32| {
        c.items
            .iter()
            .find(|i| i.period == "month" && i.number == month && i.item == "theme_day")
            .map(|i| (i.state, i.deadline, i.days_left))
            .unwrap()
    };
    assert_eq!(item(&c, 11), ("missing", d("2026-11-15"), -5));
    assert_eq!(item(&c, 12), ("due", d("2026-12-15"), 25));
    // Held late, on the 25th, it counts as held.
    b.activity("2026-11-25", &["主题党日"], None, &[]).unwrap();
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2026-11-26")).unwrap();
    assert_eq!(item(&c, 11).0, "held");
    // Day 31 in a short month is its last day.
    life_rules(&mut b, "2026-01-01", "每季度", Some(31));
    let c = compliance::compliance(b.ledger.conn(), b.branch_id, 2026, d("2026-11-26")).unwrap();
    assert_eq!(item(&c, 2).1, d("2026-02-28"));
}

fn guide(b: &mut Branch, from: &str, [base, bonus, poll, excellent, qualified, basic]: [f64; 6]) -> zhibu::Result<()> {
    let input = GuideInput {
        effective_from: from.into(),
        note: Some("支部大会通过".into()),
        base,
        bonus_max: bonus,
        poll_max: poll,
        excellent_min: excellent,
        qualified_min: qualified,
        basic_min: basic,
    };
    b.ledger.write(|tx| rules::save_guide(tx, &input)).map(|_| ())
}

#[test]
fn the_guide_is_the_secretarys_and_a_year_uses_the_one_in_force_on_31_december() {
    let mut b = Branch::new();
    // 03-01: 赵一 钱二 李四 present (+2 each), 孙三 absent (−3); the best has 2 points.
    b.activity("2026-03-01", &["主题党日"], None, &[("孙三", "absent", None)])
        .unwrap();
    common::write(&b.file("测评.csv"), "姓名,年度,测评得分\n赵一,2026,15\n");
    // 15 is above the default 测评 limit of 10: refused, naming the limit.
    let e = b
        .import(ImportKind::Appraisal, "测评.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("第 2 行") && e.contains("“15”") && e.contains("0–10"), "{e}");
    // From 2026-06-01: 50 + 加分 up to 25 + 测评 up to 20; 85 优秀, 70 合格, 55 基本合格.
    guide(&mut b, "2026-06-01", [50.0, 25.0, 20.0, 85.0, 70.0, 55.0]).unwrap();
    // A later version (2027) does not touch 2026.
    guide(&mut b, "2027-01-01", [60.0, 30.0, 10.0, 90.0, 80.0, 60.0]).unwrap();
    assert_eq!(b.import(ImportKind::Appraisal, "测评.csv", false).unwrap().created, 1);
    let rows = appraisal::sheet(b.ledger.conn(), b.branch_id, 2026).unwrap();
    let row = |n: &str| rows.iter().find(|r| r.name == n).unwrap();
    // 赵一 50 + 25 + 15 = 90 → 优秀 (one of 4 graded may be); 钱二 and 李四 75 → 合格; 孙三 50 − 3 = 47.
    let got: Vec<(Option<f64>, Option<AppraisalGrade>)> = ["赵一", "钱二", "李四", "孙三"]
        .iter()
        .map(|n| (row(n).score, row(n).suggested))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(90.0), Some(AppraisalGrade::Excellent)),
            (Some(75.0), Some(AppraisalGrade::Qualified)),
            (Some(75.0), Some(AppraisalGrade::Qualified)),
            (Some(47.0), Some(AppraisalGrade::Unqualified)),
        ]
    );
    // Impossible guides are refused with the numbers.
    let e = guide(&mut b, "2026-07-01", [60.0, 30.0, 20.0, 90.0, 80.0, 60.0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("超过了 100 分"), "{e}");
    let e = guide(&mut b, "2026-07-01", [60.0, 30.0, 10.0, 80.0, 80.0, 60.0])
        .unwrap_err()
        .to_string();
    assert!(e.contains("从高到低"), "{e}");
    assert_eq!(rules::guides(b.ledger.conn()).unwrap().len(), 3);
}

#[test]
fn the_sheet_clears_what_an_import_keeps() {
    let mut b = Branch::new();
    let (branch_id, zhao) = (b.branch_id, b.id("赵一"));
    let full = Scores {
        self_grade: Some(AppraisalGrade::Excellent),
        peer_score: Some(92.0),
        poll_score: Some(8.0),
        note: Some("表现突出".into()),
    };
    b.ledger
        .write(|tx| records::score(tx, branch_id, zhao, 2026, &full, Fill::Replace))
        .unwrap();
    // An import row giving only 互评 keeps the rest.
    let only_peer = Scores {
        peer_score: Some(90.0),
        ..Default::default()
    };
    b.ledger
        .write(|tx| records::score(tx, branch_id, zhao, 2026, &only_peer, Fill::Merge))
        .unwrap();
    let r = records::records(b.ledger.conn(), branch_id, 2026).unwrap()[&zhao].clone();
    assert_eq!(
        (r.self_grade, r.peer_score, r.poll_score, r.note.as_deref()),
        (Some(AppraisalGrade::Excellent), Some(90.0), Some(8.0), Some("表现突出"))
    );
    // The sheet gives the whole row: an emptied 测评 and 备注 are cleared, and the score drops by 8.
    let before = appraisal::sheet(b.ledger.conn(), branch_id, 2026).unwrap();
    let cleared = Scores {
        self_grade: Some(AppraisalGrade::Qualified),
        peer_score: Some(90.0),
        poll_score: None,
        note: Some("  ".into()),
    };
    b.ledger
        .write(|tx| records::score(tx, branch_id, zhao, 2026, &cleared, Fill::Replace))
        .unwrap();
    let r = records::records(b.ledger.conn(), branch_id, 2026).unwrap()[&zhao].clone();
    assert_eq!(
        (r.self_grade, r.poll_score, r.note),
        (Some(AppraisalGrade::Qualified), None, None)
    );
    let after = appraisal::sheet(b.ledger.conn(), branch_id, 2026).unwrap();
    let score = |rows: &[appraisal::Row]| rows.iter().find(|r| r.name == "赵一").unwrap().score.unwrap();
    assert_eq!(score(&before) - score(&after), 8.0);
}
