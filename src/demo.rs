//! `zhibu demo`: a realistic branch-year to try the app on — a faculty branch of 21 members in three
//! 党小组, one of whom transfers out mid-year and one who joins, and a year of organisational life
//! of every kind up to `today`, with attendance. Deterministic: the same day gives the same ledger.

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::activities::{self, ActivityData, Mark};
use crate::import::{self, ImportKind};
use crate::labels::{ActivityKind as K, AttendanceStatus, MeetingForm};
use crate::ledger::Ledger;
use crate::{branches, members, table, Error, Result};

const MEMBERS_CSV: &[u8] = include_bytes!("../assets/demo/members.csv");
pub const BRANCH: &str = "机电工程学院教工第一党支部";
const PARENT: &str = "机电工程学院党总支";

/// A small deterministic generator (Knuth's MMIX LCG): the demo must be the same every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// One activity of the demo year, before its roll call.
struct Planned {
    date: NaiveDate,
    kinds: Vec<K>,
    title: String,
    group_id: Option<i64>,
    hours: f64,
    speaker: Option<&'static str>,
}

const LEAVE_REASONS: &[&str] = &["出差", "外出培训", "病假", "带学生参加技能大赛", "公务冲突"];

pub fn create(path: &Path, today: NaiveDate) -> Result<Ledger> {
    let mut ledger = Ledger::create(path, BRANCH, Some(PARENT))?;
    let branch_id = branches::resolve(ledger.conn(), None)?;
    let year = today.year();
    let table = table::read_csv(MEMBERS_CSV)?;
    import::run_table(&mut ledger, branch_id, ImportKind::Members, &table, "演示名册", false)?;
    ledger.write(|tx| fill(tx, branch_id, year, today))?;
    Ok(ledger)
}

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).expect("demo dates are valid")
}

fn fill(tx: &rusqlite::Connection, branch_id: i64, year: i32, today: NaiveDate) -> Result<()> {
    let id_of = |name: &str| -> Result<i64> {
        members::find_identity(tx, branch_id, name, None, None)?.ok_or(Error::NotFound {
            what: "演示党员",
            key: name.to_string(),
        })
    };
    let groups = branches::list_groups(tx, branch_id)?;
    let leaders = ["王建国", "郑磊", "唐宁"];
    for (g, leader) in groups.iter().zip(leaders) {
        branches::save_group(
            tx,
            branch_id,
            &branches::GroupInput {
                id: Some(g.id),
                name: g.name.clone(),
                leader_id: Some(id_of(leader)?),
            },
        )?;
    }
    let term = format!("{}-01-05", year - 2);
    for (name, role) in [
        ("王建国", "书记"),
        ("李红梅", "副书记"),
        ("张伟", "组织委员"),
        ("陈静", "宣传委员"),
        ("刘洋", "纪检委员"),
    ] {
        branches::save_committee_role(
            tx,
            branch_id,
            &branches::CommitteeInput {
                id: None,
                member_id: id_of(name)?,
                role: role.into(),
                term_start: Some(term.clone()),
                term_end: None,
            },
            today,
        )?;
    }
    let transfer = day(year, 7, 15);
    if transfer <= today {
        members::leave(
            tx,
            id_of("邓凯")?,
            "transferred",
            Some(&transfer.to_string()),
            Some("调往广西某职业技术学院党委"),
        )?;
    }

    let secretary = id_of("王建国")?;
    let recorder = id_of("陈静")?;
    let speakers = ["李红梅", "张伟", "吴敏", "韦芳", "唐宁", "林晓"];
    let mut dice = Dice(u64::try_from(year).unwrap_or(2026));
    let mut plan: Vec<Planned> = Vec::new();
    let mut add = |date: NaiveDate,
                   kinds: Vec<K>,
                   title: String,
                   group_id: Option<i64>,
                   hours: f64,
                   speaker: Option<&'static str>| {
        plan.push(Planned {
            date,
            kinds,
            title,
            group_id,
            hours,
            speaker,
        })
    };
    for month in 1..=12u32 {
        let q_first = month % 3 == 1;
        let mut theme_kinds = vec![K::ThemeDay];
        let theme = match month {
            1 => "新年第一课：学习党的二十届四中全会精神",
            2 => "寒假返岗收心会暨师德师风教育",
            3 => "学雷锋志愿服务进社区",
            4 => "清明祭英烈：革命传统教育",
            5 => "五四青年节：与学生党员共话成长",
            6 => "“七一”前夕重温入党誓词",
            7 => "暑期社会实践动员",
            8 => "读原著学原文悟原理",
            9 => "教师节：师德楷模事迹分享",
            10 => "国庆主题教育：奋进新征程",
            11 => "技能强国：走进企业看智能制造",
            _ => "年终总结与组织生活会准备",
        };
        if q_first {
            // The quarter's 党员大会 and 党课 are held together with the theme day, as branches do.
            theme_kinds.extend([K::GeneralMeeting, K::PartyLecture]);
        }
        if month == 3 || month == 11 {
            theme_kinds.push(K::Volunteer);
        }
        add(
            day(year, month, 10),
            theme_kinds,
            format!("{month}月主题党日：{theme}"),
            None,
            4.0,
            None,
        );
        add(
            day(year, month, 3),
            vec![K::CommitteeMeeting],
            format!("{month}月支委会：研究本月支部工作"),
            None,
            1.0,
            None,
        );
        for g in &groups {
            add(
                day(year, month, 18),
                vec![K::GroupMeeting],
                format!("{month}月{}会议：学习交流", g.name),
                Some(g.id),
                1.0,
                None,
            );
        }
        if month % 2 == 0 {
            let speaker = speakers[(month / 2 - 1) as usize % speakers.len()];
            add(
                day(year, month, 22),
                vec![K::MicroLecture],
                format!("微党课：{speaker}讲身边的榜样"),
                None,
                1.0,
                Some(speaker),
            );
        }
        if matches!(month, 4 | 9 | 11) {
            add(
                day(year, month, 25),
                vec![K::Salon],
                format!("主题沙龙：职业教育与产教融合（{month}月）"),
                None,
                2.0,
                None,
            );
        }
        if matches!(month, 3 | 5 | 6 | 9 | 10) {
            add(
                day(year, month, 27),
                vec![K::TheoryStudy, K::Seminar],
                format!("理论学习专题讨论（{month}月）"),
                None,
                4.0,
                None,
            );
        }
    }
    add(
        day(year, 12, 20),
        vec![K::LifeMeeting, K::Appraisal],
        "年度组织生活会暨民主评议党员".into(),
        None,
        4.0,
        None,
    );
    plan.sort_by_key(|p| p.date);

    for Planned {
        date,
        kinds,
        title,
        group_id,
        hours,
        speaker,
    } in plan.into_iter().filter(|p| p.date <= today)
    {
        let scope = activities::scope_for(&kinds, group_id)?;
        let expected = activities::roll(tx, branch_id, date, scope)?;
        let attendance = expected
            .iter()
            .map(|r| {
                let roll = dice.next(100);
                let (status, reason) = match roll {
                    0..=87 => (AttendanceStatus::Present, None),
                    88..=95 => (
                        AttendanceStatus::Leave,
                        Some(LEAVE_REASONS[dice.next(LEAVE_REASONS.len() as u64) as usize].to_string()),
                    ),
                    _ => (AttendanceStatus::Absent, None),
                };
                Mark {
                    member_id: r.member_id,
                    status,
                    reason,
                }
            })
            .collect();
        let host = match group_id {
            Some(g) => groups
                .iter()
                .find(|x| x.id == g)
                .and_then(|x| x.leader_id)
                .unwrap_or(secretary),
            None => secretary,
        };
        let form = if dice.next(6) == 0 {
            MeetingForm::Hybrid
        } else {
            MeetingForm::Offline
        };
        let data = ActivityData {
            date,
            start_time: chrono::NaiveTime::from_hms_opt(14, 30, 0),
            end_time: chrono::NaiveTime::from_hms_opt(if hours >= 4.0 { 17 } else { 16 }, 0, 0),
            location: Some(
                if group_id.is_some() {
                    "机电楼 305 会议室"
                } else {
                    "机电楼党员活动室"
                }
                .into(),
            ),
            form,
            title: title.clone(),
            kinds,
            host_id: Some(host),
            recorder_id: Some(recorder),
            speaker_id: speaker.map(id_of).transpose()?,
            group_id,
            hours,
            agenda: Some(format!("1. {title}\n2. 通报近期工作\n3. 布置下阶段任务")),
            summary: Some("会议按议程进行，与会党员结合岗位实际交流了学习体会。".into()),
            resolution: None,
            votes: [None; 3],
            attendance,
        };
        activities::upsert(tx, branch_id, None, &data)?;
    }
    Ok(())
}
