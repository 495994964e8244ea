//! The 党委 view's figures (`analysis::college::overview`): each branch's and the whole college's, on
//! a ledger of three branches, every figure worked out by hand. Year 2026, compliance judged on 2026-04-01: each branch has no
//! 党小组 and no 支委, so the items judged are January–March's 支委会 and 主题党日 and Q1's 党员大会 and
//! 党课 — 8 a branch (its 谈心谈话 is still due). Every activity is worth 2 学时; points by the
//! default rules: 出席 +2, 缺席 −3, a task done on time +1, late +0.5.
//!
//! | 第一支部 (机关党总支) | 甲一 | 甲二 | 甲三 | 甲四 |
//! |---|---|---|---|---|
//! | 01-10 主题党日 | 出席 | 出席 | 出席 | 出席 |
//! | 02-10 主题党日 | 出席 | 出席 | 出席 | 缺席 |
//! | 03-05 党员大会 | 出席 | 出席 | 出席 | 出席 |
//! | 03-12 主题党日 | 出席 | 出席 | 出席 | 出席 |
//! | 党章学习 (01-05, due 03-31, 2 学时) | 01-20 | 02-15 | | |
//! | points | 9 | 9 | 8 | 3 |
//! | 学时 | 10 | 10 | 8 | 6 |
//!
//! 实到 15 of 应到 16; completion 2 of 4; held: three 主题党日 and the 党员大会, 4 of 8; points 29 / 4 =
//! 7.25 a member (the best); 学时 34 / 4 = 8.5. Index 30 × 0.5 + 30 × 15/16 + 20 × 0.5 + 20 × 1 = 73.125.
//!
//! | 第二支部 (机关党总支) | 乙一 | 乙二 |
//! |---|---|---|
//! | 01-15 主题党日 | 出席 | 缺席 |
//! | 03-20 党课 | 出席 | 出席 |
//! | 条例学习 (02-01, due 02-28, 1 学时) | 02-10 | 03-10 (late) |
//! | points | 5 | −0.5 |
//! | 学时 | 5 | 3 |
//!
//! 实到 3 of 4; completion 2 of 2 (late counts as done); held: January's 主题党日 and Q1's 党课, 2 of 8;
//! points 4.5 / 2 = 2.25; 学时 4. Index 30 × 0.25 + 30 × 0.75 + 20 × 1 + 20 × 2.25/7.25 = 56.21.
//!
//! 第三支部 (no 党总支): 丙一 alone and nothing held: every figure 0, index 0.
//!
//! 全院: 7 members, 6 activities, 实到 18 of 20 = 90%, 2 tasks with completion (0.5 + 1) / 2 = 75%,
//! 学时 (34 + 8 + 0) / 7 = 6, points (29 + 4.5 + 0) / 7, held 6 of 24 = 25%.

use chrono::NaiveDate;
use zhibu::analysis::college::{self, BranchFigures};
use zhibu::domain::activities::{self, ActivityInput, MarkInput};
use zhibu::domain::members::{self, MemberInput};
use zhibu::domain::org;
use zhibu::domain::study::{self, TaskInput};
use zhibu::kernel::labels::StudySource;
use zhibu::Ledger;

fn d(s: &str) -> NaiveDate {
    zhibu::kernel::dates::parse_date(s).unwrap()
}

struct College {
    _dir: tempfile::TempDir,
    ledger: Ledger,
}

impl College {
    fn member(&mut self, branch_id: i64, name: &str) -> i64 {
        let input = MemberInput {
            name: name.into(),
            membership: Some("正式党员".into()),
            joined_on: Some("2010-07-01".into()),
            confirmed_on: Some("2011-07-01".into()),
            ..Default::default()
        };
        self.ledger.write(|tx| members::save(tx, branch_id, &input)).unwrap().id
    }

    /// An activity of 2 学时: everyone on the roll 出席 but `absent`.
    fn activity(&mut self, branch_id: i64, date: &str, kind: &str, absent: &[i64]) {
        let kinds = vec![kind.to_string()];
        let roll = activities::roll_preview(self.ledger.conn(), branch_id, date, &kinds, None, None).unwrap();
        let attendance = roll
            .entries
            .iter()
            .map(|e| MarkInput {
                member_id: e.member_id,
                status: if absent.contains(&e.member_id) {
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
            title: Some(format!("{date} {kind}")),
            kinds,
            hours: Some(2.0),
            attendance,
            ..Default::default()
        };
        self.ledger.write(|tx| activities::save(tx, branch_id, &input)).unwrap();
    }

    fn task(&mut self, branch_id: i64, name: &str, published: &str, due: &str, hours: f64, done: &[(i64, &str)]) {
        let input = TaskInput {
            id: None,
            name: name.into(),
            category: Some("理论学习".into()),
            published_on: Some(published.into()),
            due_on: Some(due.into()),
            hours: Some(hours),
            members: vec![],
        };
        self.ledger
            .write(|tx| {
                let task = study::save_task(tx, branch_id, &input)?;
                for (member, on) in done {
                    study::record_completion(tx, task.id, *member, d(on), StudySource::Offline)?;
                }
                Ok(())
            })
            .unwrap();
    }
}

fn college() -> (College, [i64; 3]) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = org::new_ledger(&dir.path().join("college.db"), "第一支部", Some("机关党总支")).unwrap();
    let mut c = College { _dir: dir, ledger };
    let first = org::resolve(c.ledger.conn(), None).unwrap();
    let (second, third) = c
        .ledger
        .write(|tx| {
            Ok((
                org::create(tx, "第二支部", Some("机关党总支"), None)?,
                org::create(tx, "第三支部", None, None)?,
            ))
        })
        .unwrap();

    let jia: Vec<i64> = ["甲一", "甲二", "甲三", "甲四"]
        .iter()
        .map(|n| c.member(first, n))
        .collect();
    c.activity(first, "2026-01-10", "theme_day", &[]);
    c.activity(first, "2026-02-10", "theme_day", &[jia[3]]);
    c.activity(first, "2026-03-05", "general_meeting", &[]);
    c.activity(first, "2026-03-12", "theme_day", &[]);
    c.task(
        first,
        "党章学习",
        "2026-01-05",
        "2026-03-31",
        2.0,
        &[(jia[0], "2026-01-20"), (jia[1], "2026-02-15")],
    );

    let yi: Vec<i64> = ["乙一", "乙二"].iter().map(|n| c.member(second, n)).collect();
    c.activity(second, "2026-01-15", "theme_day", &[yi[1]]);
    c.activity(second, "2026-03-20", "party_lecture", &[]);
    c.task(
        second,
        "条例学习",
        "2026-02-01",
        "2026-02-28",
        1.0,
        &[(yi[0], "2026-02-10"), (yi[1], "2026-03-10")],
    );

    c.member(third, "丙一");
    (c, [first, second, third])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn by_name<'a>(rows: &'a [BranchFigures], name: &str) -> &'a BranchFigures {
    rows.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn each_branch_has_its_figures_and_place() {
    let (c, [first, second, third]) = college();
    let o = college::overview(c.ledger.conn(), 2026, d("2026-04-01")).unwrap();
    let order: Vec<(&str, i64)> = o.branches.iter().map(|b| (b.name.as_str(), b.rank)).collect();
    assert_eq!(order, vec![("第一支部", 1), ("第二支部", 2), ("第三支部", 3)]);

    let a = by_name(&o.branches, "第一支部");
    assert_eq!(a.branch_id, first);
    assert_eq!(a.parent_org.as_deref(), Some("机关党总支"));
    assert_eq!((a.members, a.activities, a.expected, a.present), (4, 4, 16, 15));
    assert!(close(a.attendance_rate, 15.0 / 16.0));
    assert_eq!(a.study_tasks, 1);
    assert!(close(a.study_completion, 0.5));
    assert!(close(a.study_hours_avg, 8.5), "{}", a.study_hours_avg);
    assert_eq!((a.held_items, a.required_items), (4, 8));
    assert!(close(a.compliance, 0.5));
    assert!(close(a.points_avg, 7.25), "{}", a.points_avg);
    assert_eq!(a.index, 73.1);

    let b = by_name(&o.branches, "第二支部");
    assert_eq!(b.branch_id, second);
    assert_eq!((b.members, b.activities, b.expected, b.present), (2, 2, 4, 3));
    assert!(close(b.attendance_rate, 0.75));
    assert!(close(b.study_completion, 1.0), "late completions count as done");
    assert!(close(b.study_hours_avg, 4.0), "{}", b.study_hours_avg);
    assert_eq!((b.held_items, b.required_items), (2, 8));
    assert!(close(b.points_avg, 2.25), "{}", b.points_avg);
    assert_eq!(b.index, 56.2);

    let z = by_name(&o.branches, "第三支部");
    assert_eq!(z.branch_id, third);
    assert_eq!(z.parent_org, None);
    assert_eq!((z.members, z.activities, z.expected, z.present), (1, 0, 0, 0));
    assert_eq!(
        (z.attendance_rate, z.study_completion, z.study_hours_avg),
        (0.0, 0.0, 0.0)
    );
    assert_eq!(
        (z.held_items, z.required_items, z.points_avg, z.index),
        (0, 8, 0.0, 0.0)
    );
}

#[test]
fn the_college_pools_every_branch() {
    let (c, _) = college();
    let t = college::overview(c.ledger.conn(), 2026, d("2026-04-01")).unwrap().total;
    assert_eq!(
        (t.branches, t.members, t.activities, t.expected, t.present),
        (3, 7, 6, 20, 18)
    );
    assert!(close(t.attendance_rate, 0.9));
    assert_eq!(t.study_tasks, 2);
    assert!(close(t.study_completion, 0.75));
    assert!(close(t.study_hours_avg, 6.0), "{}", t.study_hours_avg);
    assert_eq!((t.held_items, t.required_items), (6, 24));
    assert!(close(t.compliance, 0.25));
    assert!(close(t.points_avg, 33.5 / 7.0), "{}", t.points_avg);
}

/// Two branches of equal figures share a place, and the next takes the place after both.
#[test]
fn equal_branches_share_a_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = org::new_ledger(&dir.path().join("tie.db"), "甲支部", None).unwrap();
    ledger
        .write(|tx| {
            org::create(tx, "乙支部", None, None)?;
            org::create(tx, "丙支部", None, None)
        })
        .unwrap();
    let mut c = College { _dir: dir, ledger };
    let third = org::resolve(c.ledger.conn(), Some("丙支部")).unwrap();
    c.member(third, "丙一");
    c.activity(third, "2026-01-10", "theme_day", &[]);
    let o = college::overview(c.ledger.conn(), 2026, d("2026-04-01")).unwrap();
    let places: Vec<(&str, i64)> = o.branches.iter().map(|b| (b.name.as_str(), b.rank)).collect();
    assert_eq!(places, vec![("丙支部", 1), ("甲支部", 2), ("乙支部", 2)]);
}

/// The 党委 view and 报表's ranking reuse the year counted while the ledger stays as it was; a change,
/// or another day asked, counts it again.
#[test]
fn a_counted_year_is_kept_until_the_ledger_changes() {
    let (mut c, [_, _, third]) = college();
    let counted = college::Counted::default();
    let json = |o: &college::Overview| serde_json::to_value(o).unwrap();
    let day = d("2026-04-01");
    let first = counted.year(c.ledger.conn(), 2026, day).unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &counted.year(c.ledger.conn(), 2026, day).unwrap()
    ));
    assert_eq!(
        json(&counted.overview(c.ledger.conn(), 2026, day).unwrap()),
        json(&college::overview(c.ledger.conn(), 2026, day).unwrap())
    );
    assert_eq!(
        serde_json::to_value(counted.ranking(c.ledger.conn(), 2026, day).unwrap()).unwrap(),
        serde_json::to_value(college::ranking(c.ledger.conn(), 2026, day).unwrap()).unwrap()
    );

    // 第三支部 holds its January 主题党日: 丙一 出席, 1 of 1.
    c.activity(third, "2026-01-10", "theme_day", &[]);
    let again = counted.overview(c.ledger.conn(), 2026, day).unwrap();
    let z = by_name(&again.branches, "第三支部");
    assert_eq!((z.activities, z.expected, z.present, z.held_items), (1, 1, 1, 1));
    assert_eq!(
        json(&again),
        json(&college::overview(c.ledger.conn(), 2026, day).unwrap())
    );

    // Judged on 02-01, 第一支部's four meetings count as held and only January's 支委会 has
    // passed without one: 4 of 5 items (8 on 04-01).
    let february = counted.overview(c.ledger.conn(), 2026, d("2026-02-01")).unwrap();
    let a = by_name(&february.branches, "第一支部");
    assert_eq!((a.held_items, a.required_items), (4, 5));
    assert_eq!(
        json(&february),
        json(&college::overview(c.ledger.conn(), 2026, d("2026-02-01")).unwrap())
    );
}
