//! The demo branch's 园地: links to the year's reading in each month's module and in the extension
//! modules, a monthly announcement, a poll, and the 资讯轮值 dealt weekly for the year. Nothing here
//! scores points (no news item is recorded), so the demo's figures stay what the tests check.

use chrono::{Datelike, NaiveDate};

use super::day;
use crate::domain::garden::{self, ResourceInput};
use crate::domain::polls::{self, PollInput};
use crate::domain::roll::{self, Scope};
use crate::domain::rota::{self, Length};
use crate::store::Tx;
use crate::Result;

/// (title, kind, extension module or none, source) by month.
const READING: [(&str, &str, Option<&str>, &str); 12] = [
    ("新年贺词学习辅导", "文章", None, "学习强国"),
    ("党建引领职业教育高质量发展", "文章", Some("党建基础知识"), "中国教育报"),
    ("全国两会精神解读", "视频", None, "学习强国"),
    ("大国工匠：数控车间里的“微米”人生", "视频", Some("先锋模范"), "央视网"),
    ("五四青年节主题团日材料", "文档", None, "校团委"),
    ("国产大飞机的智能制造之路", "文章", Some("科技发展"), "人民网"),
    ("七一专题党课课件", "文档", None, "学院党委"),
    ("暑期社会实践动态", "文章", Some("动态追踪"), "学院官网"),
    ("教师节：师德师风典型案例", "文章", None, "教育部"),
    ("党的二十届四中全会公报", "文档", Some("党建基础知识"), "新华社"),
    ("技能大赛获奖选手风采", "图片", Some("先锋模范"), "学院官网"),
    ("年度组织生活会准备材料", "文档", None, "学院党委"),
];

pub(super) fn fill(tx: &Tx, branch_id: i64, year: i32, today: NaiveDate) -> Result<()> {
    for (i, (title, kind, module, source)) in READING.iter().enumerate() {
        let date = day(year, i as u32 + 1, 8);
        if date > today {
            break;
        }
        let input = ResourceInput {
            title: title.to_string(),
            kind: Some(kind.to_string()),
            module: module.map(String::from),
            date: date.to_string(),
            source: Some(source.to_string()),
            summary: Some(format!(
                "{}月学习资料：{title}。请党员结合岗位实际学习，并在讨论区交流体会。",
                i + 1
            )),
            tags: Some("学习资料、党建".into()),
            link: Some(format!("https://www.12371.cn/{year}/{:02}/", i + 1)),
            ..Default::default()
        };
        garden::add_resource(tx, branch_id, &input, None)?;
        garden::announce(
            tx,
            branch_id,
            &day(year, i as u32 + 1, 2).to_string(),
            &format!("关于开展{}月主题党日活动的通知", i + 1),
            Some("请各党小组组织党员按时参加，不能参加的提前向党小组长请假。"),
            &[],
        )?;
    }
    let opens = day(year, 3, 1);
    if opens <= today {
        let id = polls::create(
            tx,
            branch_id,
            &PollInput {
                question: "五月主题党日去哪里开展？".into(),
                options: vec!["红色教育基地".into(), "合作企业车间".into(), "社区志愿服务".into()],
                multiple: false,
                opens_on: opens.to_string(),
                closes_on: Some(day(year, 3, 10).to_string()),
            },
        )?;
        let options = ["红色教育基地", "合作企业车间", "社区志愿服务"];
        for (i, m) in roll::on(tx, branch_id, opens, Scope::Branch)?.iter().enumerate() {
            // Everyone but every fifth member voted, mostly for the first two.
            if i % 5 == 4 {
                continue;
            }
            let choice = options[[0, 1, 0, 2, 1, 0][i % 6]].to_string();
            polls::vote(
                tx,
                branch_id,
                id,
                m.member_id,
                &[choice],
                day(year, 3, 2 + (i as u32 % 7)),
            )?;
        }
    }
    // The first Monday of the year onwards, a week each, to the year's end.
    let first = (1..=7)
        .map(|d| day(year, 1, d))
        .find(|d| d.weekday() == chrono::Weekday::Mon)
        .unwrap_or(day(year, 1, 1));
    let weeks = ((day(year, 12, 31) - first).num_days() / 7 + 1) as u32;
    rota::deal(tx, branch_id, first, weeks, Length::Week, None)?;
    Ok(())
}
