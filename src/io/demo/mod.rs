//! `zhibu demo`: a realistic branch-year to try the app on — a faculty branch of 21 members in three
//! 党小组, one of whom transfers out mid-year and one who joins, and a year of organisational life
//! of every kind up to `today`, with attendance. Deterministic: the same day gives the same ledger.

pub mod college;
mod garden;
mod large;

use std::path::Path;

use chrono::{Datelike, NaiveDate};

use crate::domain::activities::{self, ActivityData, Mark};
use crate::domain::members;
use crate::domain::org;
use crate::domain::pioneers;
use crate::domain::points::{self, Tenths};
use crate::domain::roll;
use crate::domain::study;
use crate::io::import::{self, ImportKind};
use crate::io::table;
use crate::kernel::labels::{ActivityKind as K, AttendanceStatus, DiscussionKind, MeetingForm, StudySource};
use crate::store::{Ledger, Tx};
use crate::Error;
use crate::Result;

const MEMBERS_CSV: &[u8] = include_bytes!("../../../assets/demo/members.csv");
pub const BRANCH: &str = "机电工程学院教工第一党支部";
const PARENT: &str = "机电工程学院党总支";

/// A small deterministic generator (Knuth's MMIX LCG): the demo must be the same every time.
pub(crate) struct Dice(u64);

impl Dice {
    pub(crate) fn next(&mut self, n: u64) -> u64 {
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

/// A roll call of the demo: 88% present, 8% on leave with a reason, the rest absent.
pub(crate) fn roll_call(dice: &mut Dice, expected: &[roll::RollMember]) -> Vec<Mark> {
    expected
        .iter()
        .map(|r| {
            let (status, reason) = match dice.next(100) {
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
        .collect()
}

pub use large::{create as create_large, BRANCH as LARGE_BRANCH};

pub fn create(path: &Path, today: NaiveDate) -> Result<Ledger> {
    let mut ledger = org::new_ledger(path, BRANCH, Some(PARENT))?;
    let branch_id = org::resolve(ledger.conn(), None)?;
    let year = today.year();
    let table = table::read_csv(MEMBERS_CSV)?;
    import::run_table(
        &mut ledger,
        branch_id,
        ImportKind::Members,
        &table,
        "演示名册",
        false,
        &mut |_| {},
    )?;
    ledger.write(|tx| fill(tx, branch_id, year, today))?;
    Ok(ledger)
}

pub(crate) fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).expect("demo dates are valid")
}

fn fill(tx: &Tx, branch_id: i64, year: i32, today: NaiveDate) -> Result<()> {
    let id_of = |name: &str| -> Result<i64> {
        members::find_identity(tx, branch_id, name, None, None)?.ok_or(Error::NotFound {
            what: "演示党员",
            key: name.to_string(),
        })
    };
    let groups = org::list_groups(tx, branch_id)?;
    let leaders = ["王建国", "郑磊", "唐宁"];
    for (g, leader) in groups.iter().zip(leaders) {
        org::save_group(
            tx,
            branch_id,
            &org::GroupInput {
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
        org::save_committee_role(
            tx,
            branch_id,
            &org::CommitteeInput {
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
        let scope = roll::scope_for(&kinds, group_id)?;
        let expected = roll::on(tx, branch_id, date, scope)?;
        let attendance = roll_call(&mut dice, &expected);
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
            election: false,
            guests: None,
            votes: [None; 3],
            attendance,
        };
        activities::upsert(tx, branch_id, None, &data)?;
    }
    study_year(tx, branch_id, year, today, &mut dice)?;
    pioneer_posts(tx, branch_id, year, today)?;
    garden::fill(tx, branch_id, year, today)
}

/// (topic, category) of the demo's study tasks.
const TASK_TOPICS: [(&str, &str); 11] = [
    ("习近平新时代中国特色社会主义思想学习纲要", "理论学习"),
    ("《中国共产党章程》逐条学", "理论学习"),
    ("《中国共产党纪律处分条例》解读", "政策文件"),
    ("新时代职业教育改革政策", "政策文件"),
    ("党史故事微视频", "党史"),
    ("党的二十届四中全会精神辅导报告", "理论学习"),
    ("《中国共产党支部工作条例（试行）》", "政策文件"),
    ("智能制造与产教融合专题讲座", "专业技能"),
    ("师德师风建设文件汇编", "政策文件"),
    ("红色家书诵读", "党史"),
    ("数控技能大师工作室经验分享", "专业技能"),
];

/// The seed's scale of a study year: about three tasks a month (33 by December), completion near 95%,
/// discussions, reflections and quizzes, a couple of manual adjustments.
fn study_year(tx: &Tx, branch_id: i64, year: i32, today: NaiveDate, dice: &mut Dice) -> Result<()> {
    let sources = [
        StudySource::Xuexitong,
        StudySource::Xuexitong,
        StudySource::Xuexiqiangguo,
        StudySource::Offline,
    ];
    for n in 0..33u32 {
        let month = n / 3 + 1;
        let published = day(year, month, 1 + (n % 3) * 9);
        if published > today {
            break;
        }
        let due = published + chrono::Days::new(14);
        let task = study::TaskData {
            name: format!("{}（第{}期）", TASK_TOPICS[n as usize % TASK_TOPICS.len()].0, n + 1),
            category: Some(TASK_TOPICS[n as usize % TASK_TOPICS.len()].1.to_string()),
            published_on: published,
            due_on: Some(due),
            hours: if n % 4 == 0 { 2.0 } else { 1.0 },
        };
        let (task_id, _) = study::upsert_task(tx, branch_id, &task)?;
        for m in study::required_members(tx, branch_id, task_id)? {
            let roll = dice.next(100);
            let offset = match roll {
                0..=3 => continue,           // not done
                4..=9 => 15 + dice.next(10), // late
                _ => dice.next(14),
            };
            let done = published + chrono::Days::new(offset);
            if done <= today {
                study::record_completion(tx, task_id, m.member_id, done, sources[dice.next(4) as usize])?;
            }
        }
    }
    let on_roll = roll::on(tx, branch_id, today, roll::Scope::Branch)?;
    let topics = [
        "如何把党史学习融入专业课",
        "学生党员如何发挥先锋作用",
        "技能竞赛中的团队精神",
        "职业教育的初心",
    ];
    for i in 0..31u64 {
        let date = day(year, 1 + (i % 11) as u32, 5 + (i % 20) as u32);
        if date > today {
            continue;
        }
        let who = &on_roll[dice.next(on_roll.len() as u64) as usize];
        let kind = if i % 3 == 0 {
            DiscussionKind::Post
        } else {
            DiscussionKind::Reply
        };
        study::add_discussion(tx, who.member_id, date, kind, topics[(i % 4) as usize], None, 1)?;
    }
    for (i, m) in on_roll.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let date = day(year, 1 + (i as u32 % 10), 20);
        if date <= today {
            study::add_reflection(
                tx,
                m.member_id,
                date,
                "学习二十届四中全会精神心得",
                Some(1200 + 50 * i as i64),
                None,
                1,
            )?;
        }
    }
    for (quiz, month) in [("党章党规知识测验", 4), ("党史知识竞赛", 9)] {
        let date = day(year, month, 26);
        if date > today {
            continue;
        }
        for m in &on_roll {
            let score = 70.0 + dice.next(31) as f64;
            study::add_quiz(tx, m.member_id, date, quiz, score)?;
        }
    }
    let adjust = day(year, 6, 12);
    if adjust <= today {
        let id = |name: &str| members::find_identity(tx, branch_id, name, None, None);
        if let Some(m) = id("张伟")? {
            points::add_adjustment(tx, m, adjust, Tenths(50), "指导学生获全国职业院校技能大赛二等奖", 1)?;
        }
        if let Some(m) = id("周强")? {
            points::add_adjustment(tx, m, adjust, Tenths(-20), "组织生活会材料逾期未交", 1)?;
        }
    }
    Ok(())
}

fn pioneer_posts(tx: &Tx, branch_id: i64, year: i32, today: NaiveDate) -> Result<()> {
    let kinds = pioneers::kinds(tx, branch_id)?;
    let posts = [
        (
            "王建国",
            "教学先锋",
            "上好思政第一课，带出一支过硬的数控教学团队",
            "牵头完成数控技术专业课程思政示范课",
        ),
        (
            "黄丽",
            "教学先锋",
            "每学期开设一门课程思政示范课",
            "获学院青年教师教学比赛一等奖",
        ),
        (
            "郑磊",
            "科研先锋",
            "带领团队完成一项校企合作横向课题",
            "与本地装备企业签订技术服务合同",
        ),
        (
            "张伟",
            "技能先锋",
            "指导学生在技能大赛中取得佳绩",
            "指导学生获全国职业院校技能大赛二等奖",
        ),
        (
            "蒙志刚",
            "技能先锋",
            "把实验室建成学生技能提升的主阵地",
            "完成五轴加工中心实训室建设",
        ),
    ];
    for (name, kind, pledge, deed) in posts {
        let (Some(member_id), Some(kind)) = (
            members::find_identity(tx, branch_id, name, None, None)?,
            kinds.iter().find(|k| k.name == kind),
        ) else {
            continue;
        };
        let post = pioneers::save_post(
            tx,
            branch_id,
            &pioneers::PostInput {
                id: None,
                member_id,
                kind_id: kind.id,
                year,
                pledge: Some(pledge.into()),
            },
        )?;
        let deed_day = day(year, 6, 15);
        if deed_day <= today {
            pioneers::add_deed(tx, branch_id, post.id, &deed_day.to_string(), deed)?;
        }
        // The year-end 评定, once the year is over; it feeds the points.
        let rating_day = day(year, 12, 31);
        if rating_day <= today {
            let rating = if matches!(name, "王建国" | "张伟") {
                "优秀"
            } else {
                "合格"
            };
            pioneers::rate(tx, branch_id, post.id, Some(rating), Some(&rating_day.to_string()))?;
        }
    }
    Ok(())
}
