//! `zhibu demo --scale large`: one branch of 3,000 members in 60 党小组 with a year of organisational
//! life (≈1,500 activities, ≈130k attendance marks) and study (40 tasks, ≈100k completions), written
//! through the same domain functions as the app. The fixture for the window-never-freezes test and
//! for benchmarks. Deterministic: the same day gives the same ledger.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::{day, roll_call, Dice};
use crate::domain::activities::{self, ActivityData};
use crate::domain::members::{self, MemberData};
use crate::domain::study::{self, TaskData};
use crate::domain::{org, roll};
use crate::kernel::labels::StudySource;
use crate::kernel::labels::{ActivityKind as K, Gender, MeetingForm, Membership, PersonCategory};
use crate::store::{Ledger, Tx};
use crate::Result;

pub const BRANCH: &str = "智能制造学院学生党支部（规模演示）";
pub const MEMBERS: usize = 3000;
pub const GROUPS: usize = 60;
const TASKS: u32 = 40;

const SURNAMES: [&str; 30] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林",
    "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: [&str; 40] = [
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀", "霞",
    "平", "刚", "桂", "华", "建", "国", "红", "文", "辉", "鹏", "宇", "晨", "欣", "婷", "博", "浩", "然", "凯", "琳",
    "雪", "航",
];

pub fn create(path: &Path, today: NaiveDate) -> Result<Ledger> {
    let mut ledger = org::new_ledger(path, BRANCH, Some("智能制造学院党委"))?;
    let branch_id = org::resolve(ledger.conn(), None)?;
    ledger.write(|tx| fill(tx, branch_id, today))?;
    Ok(ledger)
}

fn fill(tx: &Tx, branch_id: i64, today: NaiveDate) -> Result<()> {
    let year = today.year();
    let mut dice = Dice(7);
    let groups = numbered_groups(tx, branch_id, GROUPS)?;
    let mut member_ids = Vec::with_capacity(MEMBERS);
    for i in 0..MEMBERS {
        let data = person(i, year, Some(groups[i % GROUPS]));
        member_ids.push(members::upsert(tx, branch_id, None, &data)?.0);
    }
    for (role, m) in ["书记", "副书记", "组织委员", "宣传委员", "纪检委员"]
        .iter()
        .zip(&member_ids)
    {
        org::save_committee_role(
            tx,
            branch_id,
            &org::CommitteeInput {
                id: None,
                member_id: *m,
                role: role.to_string(),
                term_start: Some(format!("{}-01-05", year - 2)),
                term_end: None,
            },
            today,
        )?;
    }

    // Two 党小组会 a month per group, three 沙龙 a year per group, and the
    // branch's own meetings.
    let mut plan = Plan::new();
    for month in 1..=12u32 {
        for (g, group) in groups.iter().enumerate() {
            for d in [8, 22] {
                let title = format!("{month}月第{}次党小组学习", if d == 8 { 1 } else { 2 });
                plan.push((
                    day(year, month, d + (g % 5) as u32),
                    vec![K::GroupMeeting],
                    title,
                    Some(*group),
                ));
            }
            if month % 4 == 2 {
                let title = format!("{month}月党小组主题沙龙");
                plan.push((
                    day(year, month, 27),
                    vec![K::GroupMeeting, K::Salon],
                    title,
                    Some(*group),
                ));
            }
        }
        plan.push((
            day(year, month, 15),
            vec![K::ThemeDay],
            format!("{month}月主题党日"),
            None,
        ));
        plan.push((
            day(year, month, 3),
            vec![K::CommitteeMeeting],
            format!("{month}月支委会"),
            None,
        ));
        if month % 3 == 1 {
            plan.push((
                day(year, month, 20),
                vec![K::GeneralMeeting],
                format!("{month}月党员大会"),
                None,
            ));
            plan.push((
                day(year, month, 25),
                vec![K::PartyLecture],
                format!("{month}月党课"),
                None,
            ));
        }
    }
    hold(tx, &mut dice, branch_id, plan, today, &member_ids)?;
    study_tasks(tx, &mut dice, branch_id, year, today, TASKS, 84)
}

/// Groups 第1党小组 … 第n党小组 of the branch, by id.
pub(super) fn numbered_groups(tx: &Tx, branch_id: i64, n: usize) -> Result<Vec<i64>> {
    (1..=n)
        .map(|g| {
            let input = org::GroupInput {
                id: None,
                name: format!("第{g}党小组"),
                leader_id: None,
            };
            Ok(org::save_group(tx, branch_id, &input)?.id)
        })
        .collect()
}

/// A planned activity: (date, kinds, title, 党小组).
pub(super) type Plan = Vec<(NaiveDate, Vec<K>, String, Option<i64>)>;

/// Holds the planned activities up to `today`, in date order, each with a roll call of its roll on
/// its date; the first member hosts, the fourth records.
pub(super) fn hold(
    tx: &Tx,
    dice: &mut Dice,
    branch_id: i64,
    mut plan: Plan,
    today: NaiveDate,
    member_ids: &[i64],
) -> Result<()> {
    plan.sort_by_key(|p| p.0);
    for (date, kinds, title, group_id) in plan.into_iter().filter(|p| p.0 <= today) {
        let expected = roll::on(tx, branch_id, date, roll::scope_for(&kinds, group_id)?)?;
        let attendance = roll_call(dice, &expected);
        let data = ActivityData {
            date,
            start_time: None,
            end_time: None,
            location: Some("实训楼 201".into()),
            form: MeetingForm::Offline,
            title,
            kinds,
            host_id: member_ids.first().copied(),
            recorder_id: member_ids.get(3).copied(),
            speaker_id: None,
            group_id,
            hours: 2.0,
            agenda: None,
            summary: None,
            resolution: None,
            election: false,
            guests: None,
            votes: [None; 3],
            attendance,
        };
        activities::upsert(tx, branch_id, None, &data)?;
    }
    Ok(())
}

/// `tasks` online study tasks spread over the year, each done by about `done_pct`% of those
/// required, within 40 days of publication (so some late).
pub(super) fn study_tasks(
    tx: &Tx,
    dice: &mut Dice,
    branch_id: i64,
    year: i32,
    today: NaiveDate,
    tasks: u32,
    done_pct: u64,
) -> Result<()> {
    for t in 0..tasks {
        let published = day(year, 1 + t * 11 / tasks, 1 + (t % 20));
        if published > today {
            break;
        }
        let (task_id, _) = study::upsert_task(
            tx,
            branch_id,
            &TaskData {
                name: format!("第{}期线上学习：理论专题{}", t + 1, t + 1),
                category: Some("理论学习".into()),
                published_on: published,
                due_on: published.checked_add_days(chrono::Days::new(30)),
                hours: 1.0,
            },
        )?;
        for m in study::required_members(tx, branch_id, task_id)? {
            if dice.next(100) < done_pct {
                let done = published
                    .checked_add_days(chrono::Days::new(dice.next(40)))
                    .unwrap_or(published)
                    .min(today);
                study::record_completion(tx, task_id, m.member_id, done, StudySource::Xuexitong)?;
            }
        }
    }
    Ok(())
}

/// The demo's `i`-th person: a name from two lists (distinct for the first 30 × 40 × 40), joined
/// some year since 2000, 正式 unless joined since the middle of last year, one in five staff.
pub(super) fn person(i: usize, year: i32, group_id: Option<i64>) -> MemberData {
    // Three characters from two lists: distinct names for the first 30 × 40 × 40 members.
    let name = format!(
        "{}{}{}",
        SURNAMES[i % SURNAMES.len()],
        GIVEN[(i / SURNAMES.len()) % GIVEN.len()],
        GIVEN[(i / (SURNAMES.len() * GIVEN.len()) + i) % GIVEN.len()]
    );
    let joined = day(2000 + (i % 26) as i32, 1 + (i % 12) as u32, 1 + (i % 28) as u32);
    let probationary = joined > day(year - 1, 6, 30);
    MemberData {
        name,
        membership: Some(if probationary {
            Membership::Probationary
        } else {
            Membership::Full
        }),
        joined_on: Some(joined),
        gender: Some(Some(if i.is_multiple_of(2) {
            Gender::Male
        } else {
            Gender::Female
        })),
        ethnicity: Some(Some("汉族".into())),
        birth_date: Some(Some(day(joined.year() - 20, 3, 1 + (i % 28) as u32))),
        education: Some(Some("本科".into())),
        category: Some(if i.is_multiple_of(5) {
            PersonCategory::Staff
        } else {
            PersonCategory::Student
        }),
        confirmed_on: Some((!probationary).then(|| day(joined.year() + 1, joined.month(), 1))),
        group_id: Some(group_id),
        position: Some(None),
        phone: Some(None),
        id_number: Some(None),
        ..Default::default()
    }
}
