//! `zhibu demo --scale college`: a college's 党委 with six 党总支 of ten 支部 each (60 branches),
//! 3,000 members, ≈1,500 activities, ≈130k attendance marks, ≈100k study completions and ≈230k
//! point events, with the 园地, 先锋示范岗, 表彰, 谈心谈话 and discussions of every branch. Each
//! 党总支 has one large 学生党支部 (400 members in four 党小组, 100 activities a year, most of them
//! for the whole branch) and nine 教工党支部 of 11–12 members (a 主题党日 a month, four to six
//! 支委会): that skew is how a college's attendance reaches six figures with 1,500 activities.
//! Written through the same domain functions as the app; deterministic. `scale` multiplies the
//! 党总支 (and with them everything else) for the benches' growth figures.

use std::path::Path;

use chrono::NaiveDate;

use super::large::{hold, numbered_groups, person, study_tasks, Plan};
use super::{day, garden, Dice};
use crate::domain::awards;
use crate::domain::members;
use crate::domain::org;
use crate::domain::pioneers::{self, PostInput};
use crate::domain::study;
use crate::domain::talks::{self, TalkData};
use crate::kernel::labels::{ActivityKind as K, AwardLevel, DiscussionKind, PersonCategory};
use crate::store::{Ledger, Tx};
use crate::Result;

/// The 党委 over the 党总支.
pub const COMMITTEE: &str = "示范职业技术学院党委";
const COLLEGES: [&str; 6] = ["智能制造", "电子信息", "汽车工程", "经济管理", "建筑工程", "马克思主义"];
const BRANCHES_PER_COLLEGE: usize = 10;
const STUDENT_BRANCH: usize = 400;
const STUDENT_GROUPS: usize = 4;
/// 支委会 a year of the nine 教工党支部 of a 党总支: branches differ, so the ranking does.
const COMMITTEE_MEETINGS: [u32; 9] = [4, 5, 5, 4, 6, 5, 4, 5, 6];
const ROLES: [&str; 5] = ["书记", "组织委员", "宣传委员", "副书记", "纪检委员"];

pub fn create(path: &Path, today: NaiveDate, scale: u32) -> Result<Ledger> {
    let mut ledger = Ledger::create_empty(path)?;
    ledger.write(|tx| {
        let mut dice = Dice(11);
        let mut person_no = 0;
        for c in 0..COLLEGES.len() * scale.max(1) as usize {
            let college = match c / COLLEGES.len() {
                0 => format!("{}学院", COLLEGES[c]),
                n => format!("{}学院（{}）", COLLEGES[c % COLLEGES.len()], n + 1),
            };
            for b in 0..BRANCHES_PER_COLLEGE {
                let spec = if b == 0 {
                    Spec::student(&college)
                } else {
                    Spec::staff(&college, b)
                };
                fill(tx, &spec, &mut dice, &mut person_no, today)?;
            }
        }
        Ok(())
    })?;
    Ok(ledger)
}

/// One branch of the college.
struct Spec {
    name: String,
    parent: String,
    members: usize,
    groups: usize,
    committee: usize,
    student: bool,
    /// 支委会 a year.
    committee_meetings: u32,
    tasks: u32,
}

impl Spec {
    fn student(college: &str) -> Spec {
        Spec {
            name: format!("{college}学生党支部"),
            parent: format!("{college}党总支"),
            members: STUDENT_BRANCH,
            groups: STUDENT_GROUPS,
            committee: 5,
            student: true,
            committee_meetings: 12,
            tasks: 40,
        }
    }

    /// The `b`-th (1–9) 教工党支部: the first has 12 members, the others 11.
    fn staff(college: &str, b: usize) -> Spec {
        Spec {
            name: format!(
                "{college}教工第{}党支部",
                ["一", "二", "三", "四", "五", "六", "七", "八", "九"][b - 1]
            ),
            parent: format!("{college}党总支"),
            members: if b == 1 { 12 } else { 11 },
            groups: 0,
            committee: 3,
            student: false,
            committee_meetings: COMMITTEE_MEETINGS[b - 1],
            tasks: 16,
        }
    }
}

fn fill(tx: &Tx, spec: &Spec, dice: &mut Dice, person_no: &mut usize, today: NaiveDate) -> Result<()> {
    let year = chrono::Datelike::year(&today);
    let branch_id = org::create(tx, &spec.name, Some(&spec.parent), Some(day(2010, 6, 1)))?;
    let groups = numbered_groups(tx, branch_id, spec.groups)?;
    let mut member_ids = Vec::with_capacity(spec.members);
    for i in 0..spec.members {
        let mut data = person(*person_no, year, (!groups.is_empty()).then(|| groups[i % groups.len()]));
        *person_no += 1;
        data.category = Some(if spec.student {
            PersonCategory::Student
        } else {
            PersonCategory::Staff
        });
        member_ids.push(members::upsert(tx, branch_id, None, &data)?.0);
    }
    for (role, m) in ROLES.iter().take(spec.committee).zip(&member_ids) {
        let seat = org::CommitteeInput {
            id: None,
            member_id: *m,
            role: role.to_string(),
            term_start: Some(format!("{}-01-05", year - 2)),
            term_end: None,
        };
        org::save_committee_role(tx, branch_id, &seat, today)?;
    }
    hold(tx, dice, branch_id, plan(spec, year, &groups), today, &member_ids)?;
    study_tasks(tx, dice, branch_id, year, today, spec.tasks, 96)?;
    garden::fill(tx, branch_id, year, today)?;
    records(tx, dice, branch_id, &member_ids, year, today)
}

/// A year of organisational life: a 主题党日 a month (with the quarter's 党员大会 and 党课 in its
/// first month), the 支委会, and in a 学生党支部 each group's monthly 党小组会 and two or three
/// study sessions a month for the whole branch.
fn plan(spec: &Spec, year: i32, groups: &[i64]) -> Plan {
    let mut plan = Plan::new();
    for month in 1..=12u32 {
        let mut kinds = vec![K::ThemeDay];
        if month % 3 == 1 {
            kinds.extend([K::GeneralMeeting, K::PartyLecture]);
        }
        plan.push((day(year, month, 15), kinds, format!("{month}月主题党日"), None));
        if spec.committee_meetings * month % 12 < spec.committee_meetings {
            plan.push((
                day(year, month, 3),
                vec![K::CommitteeMeeting],
                format!("{month}月支委会"),
                None,
            ));
        }
        for (g, group) in groups.iter().enumerate() {
            let title = format!("{month}月第{}党小组学习", g + 1);
            plan.push((
                day(year, month, 8 + g as u32),
                vec![K::GroupMeeting],
                title,
                Some(*group),
            ));
        }
        if spec.student {
            let sessions: &[(u32, K, &str)] = if matches!(month, 3 | 6 | 9 | 11) {
                &[
                    (10, K::TheoryStudy, "理论学习"),
                    (24, K::Seminar, "专题讨论"),
                    (28, K::Salon, "主题沙龙"),
                ]
            } else {
                &[(10, K::TheoryStudy, "理论学习"), (24, K::MicroLecture, "微党课")]
            };
            for (d, kind, what) in sessions {
                plan.push((day(year, month, *d), vec![*kind], format!("{month}月{what}"), None));
            }
        }
    }
    plan
}

/// What the later issues record: two 先锋示范岗, a 表彰, the secretary's 谈心谈话 with a few
/// members, and some discussion posts and 心得体会.
fn records(tx: &Tx, dice: &mut Dice, branch_id: i64, member_ids: &[i64], year: i32, today: NaiveDate) -> Result<()> {
    let kinds = pioneers::kinds(tx, branch_id)?;
    for (n, (member_id, kind)) in member_ids.iter().skip(1).zip(&kinds).take(2).enumerate() {
        let post = pioneers::save_post(
            tx,
            branch_id,
            &PostInput {
                id: None,
                member_id: *member_id,
                kind_id: kind.id,
                year,
                pledge: Some(format!("在{}中走在前、作表率", kind.name)),
            },
        )?;
        if day(year, 12, 31) <= today {
            let rating = if n == 0 { "优秀" } else { "合格" };
            pioneers::rate(tx, branch_id, post.id, Some(rating), Some(&format!("{year}-12-31")))?;
        }
    }
    let award_day = day(year, 9, 10);
    if award_day <= today {
        let who = member_ids[dice.next(member_ids.len() as u64) as usize];
        awards::add(tx, who, award_day, AwardLevel::School, "优秀共产党员", 1)?;
    }
    let secretary = members::get(tx, member_ids[0])?.name;
    for (i, m) in member_ids.iter().skip(1).take(10).enumerate() {
        let date = day(year, 3 + (i as u32 % 8), 12);
        if date <= today {
            let talk = TalkData {
                date,
                talker: secretary.clone(),
                talker_id: Some(member_ids[0]),
                parties: vec![*m],
                topic: Some("思想与工作情况".into()),
                follow_up: None,
            };
            talks::add(tx, branch_id, &talk, 1)?;
        }
    }
    for (i, m) in member_ids.iter().enumerate().step_by(4) {
        let date = day(year, 1 + (i as u32 % 11), 6 + (i as u32 % 20));
        if date <= today {
            study::add_discussion(tx, *m, date, DiscussionKind::Post, "学习心得交流", None, 1)?;
            study::add_reflection(tx, *m, date, "主题党日学习心得", Some(1000 + 10 * i as i64), None, 1)?;
        }
    }
    Ok(())
}
