//! `garden …`, `poll …`, `rota …` and `search`: the 数字党建园地 from the command line — modules,
//! resources, announcements, polls, the 资讯轮值 and one search over everything.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use zhibu::analysis::garden as garden_view;
use zhibu::domain::garden::{self, ResourceInput};
use zhibu::domain::{members, polls, rota, search, study};
use zhibu::io::{extract, import::resources};
use zhibu::kernel::dates;
use zhibu::kernel::text::required_date;
use zhibu::{Error, Ledger, Result};

#[derive(Subcommand)]
pub enum GardenCommand {
    /// 列出扩展模块（党建基础知识、先锋模范……）
    Modules {
        #[arg(long)]
        json: bool,
    },
    /// 添加扩展模块
    ModuleAdd { name: String },
    /// 删除没有资料的扩展模块
    ModuleRemove { name: String },
    /// 添加一份资料：文件（复制进台账）或链接
    Add {
        #[arg(long)]
        title: String,
        #[arg(long, value_name = "DATE")]
        date: String,
        /// 文章、视频、文档、图片 或 链接（默认按文件判断）
        #[arg(long)]
        kind: Option<String>,
        /// 扩展模块名称（不写：当月模块）
        #[arg(long)]
        module: Option<String>,
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        summary: Option<String>,
        /// 标签，用“、”分隔
        #[arg(long)]
        tags: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long)]
        link: Option<String>,
        /// 所属活动的日期与主题
        #[arg(long, value_name = "DATE")]
        activity_date: Option<String>,
        #[arg(long)]
        activity_title: Option<String>,
        /// 所属学习任务的名称
        #[arg(long)]
        task: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 把一个文件夹中的文件都作为资料导入（文件名开头的日期为资料日期，否则用 --date 或文件修改日期）
    AddFolder {
        dir: PathBuf,
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        module: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 删除一份资料（文件一并删除）
    Remove {
        #[arg(long)]
        id: i64,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 园地：某年（或某月）的月度模块——活动、学习任务、资料、通知、投票——和扩展模块的资料
    Show {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        month: Option<u32>,
        /// 只看这个扩展模块
        #[arg(long)]
        module: Option<String>,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 发布通知（可带附件）
    Announce {
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        body: Option<String>,
        #[arg(long)]
        file: Vec<PathBuf>,
        #[arg(long)]
        branch: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PollCommand {
    /// 发起投票
    Create {
        #[arg(long)]
        question: String,
        /// 每个选项一项
        #[arg(long = "option", required = true)]
        options: Vec<String>,
        /// 可多选
        #[arg(long)]
        multiple: bool,
        #[arg(long, value_name = "DATE")]
        opens: String,
        #[arg(long, value_name = "DATE")]
        closes: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 记录一名党员的投票（重投会替换原来的选择）
    Vote {
        #[arg(long)]
        question: String,
        /// 姓名或身份证号
        #[arg(long)]
        member: String,
        #[arg(long = "choice", required = true)]
        choices: Vec<String>,
        /// 投票日期（默认今天）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 记录线下或平台上统计的某个选项的票数（写“清除”去掉）
    Count {
        #[arg(long)]
        question: String,
        #[arg(long)]
        option: String,
        /// 票数（写“清除”去掉）
        #[arg(long)]
        votes: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 截止投票
    Close {
        #[arg(long)]
        question: String,
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 投票结果
    Show {
        #[arg(long)]
        question: String,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 删除投票及其结果
    Delete {
        #[arg(long)]
        question: String,
        #[arg(long)]
        branch: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum RotaCommand {
    /// 排资讯轮值：从某天起排若干期，每期轮到在册党员中轮值次数最少的人
    Deal {
        #[arg(long, value_name = "DATE")]
        from: String,
        /// 排几期
        #[arg(long)]
        count: u32,
        /// 每期长度：周 或 月
        #[arg(long, default_value = "周")]
        length: String,
        /// 主题（不写则轮流为 科技动态、国之工匠、大国重器）
        #[arg(long)]
        topic: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 列出某年的轮值与采集的资讯
    List {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 记录轮值人采集的一条资讯（计入积分）
    Item {
        #[arg(long, value_name = "DATE")]
        date: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        link: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// 采集人（须为当期轮值人）
        #[arg(long)]
        member: Option<String>,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 删除某天起尚未采集资讯的轮值（人员变动后重新排）
    Clear {
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long)]
        branch: Option<String>,
    },
}

pub fn run_garden(path: &Path, command: GardenCommand) -> Result<ExitCode> {
    match command {
        GardenCommand::Modules { json } => {
            let ledger = Ledger::open(path)?;
            let list = garden::modules(ledger.conn())?;
            if json {
                super::print_json(&list)?;
            } else {
                for m in &list {
                    say!("{}　{} 份资料", m.name, m.resources);
                }
            }
        }
        GardenCommand::ModuleAdd { name } => {
            let mut ledger = Ledger::open(path)?;
            let m = ledger.write(|tx| garden::add_module(tx, &name))?;
            say!("已添加模块“{}”", m.name);
        }
        GardenCommand::ModuleRemove { name } => {
            let mut ledger = Ledger::open(path)?;
            ledger.write(|tx| garden::remove_module(tx, &name))?;
            say!("已删除模块“{}”", name.trim());
        }
        GardenCommand::Add {
            title,
            date,
            kind,
            module,
            source,
            summary,
            tags,
            file,
            link,
            activity_date,
            activity_title,
            task,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let activity_id = match (activity_date, activity_title) {
                (Some(d), Some(t)) => Some(super::activity::find(ledger.conn(), branch_id, &d, &t)?),
                (None, None) => None,
                _ => return Err(Error::invalid("所属活动须同时给出 --activity-date 与 --activity-title")),
            };
            let task_id = match task {
                Some(name) => Some(
                    study::find_task(ledger.conn(), branch_id, &name)?.ok_or(Error::NotFound {
                        what: "学习任务",
                        key: name,
                    })?,
                ),
                None => None,
            };
            let body = file.as_deref().and_then(extract::text_of);
            let input = ResourceInput {
                title,
                kind,
                module,
                date,
                source,
                summary,
                tags,
                link,
                file,
                activity_id,
                task_id,
                announcement_id: None,
            };
            let (id, created) = ledger.write(|tx| garden::add_resource(tx, branch_id, &input, body.as_deref()))?;
            let searchable = if body.is_some() {
                "，文件中的文字可以检索"
            } else {
                ""
            };
            if created {
                say!("已添加资料（编号 {id}）：{}{searchable}", input.title.trim());
            } else {
                say!("资料已在台账中（编号 {id}），未重复添加");
            }
        }
        GardenCommand::AddFolder {
            dir,
            date,
            module,
            branch,
        } => {
            let date = date.map(|d| required_date("--date", Some(&d))).transpose()?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let r = resources::import_folder(&mut ledger, branch_id, &dir, date, module.as_deref())?;
            say!(
                "已导入资料 {} 份（已有 {} 份未重复添加；{} 份的文字可以检索）",
                r.created,
                r.unchanged,
                r.searchable
            );
            for f in &r.files {
                say!("  {f}");
            }
        }
        GardenCommand::Remove { id, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            ledger.write(|tx| garden::remove_resource(tx, branch_id, id))?;
            say!("已删除资料（编号 {id}）");
        }
        GardenCommand::Show {
            year,
            month,
            module,
            branch,
            json,
        } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let g = garden_view::year(
                ledger.conn(),
                &ledger.attachments_dir(),
                branch_id,
                year,
                month,
                module.as_deref(),
            )?;
            if json {
                super::print_json(&g)?;
            } else {
                print_garden(&g);
            }
        }
        GardenCommand::Announce {
            date,
            title,
            body,
            file,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let files = extract::with_text(file);
            let (id, created) =
                ledger.write(|tx| garden::announce(tx, branch_id, &date, &title, body.as_deref(), &files))?;
            if created {
                say!("已发布通知（编号 {id}）：{}", title.trim());
            } else {
                say!("通知已在台账中（编号 {id}）");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_garden(g: &garden_view::Garden) {
    for m in &g.months {
        say!(
            "{}月：活动 {} 次，学习任务 {} 项，资料 {} 份，通知 {} 则，投票 {} 项",
            m.month,
            m.activities.len(),
            m.tasks.len(),
            m.resources.len(),
            m.announcements.len(),
            m.polls.len()
        );
        for r in &m.resources {
            say!("  [{}] {} {}（编号 {}）", r.kind.label(), r.date, r.title, r.id);
        }
        for a in &m.announcements {
            say!("  [通知] {} {}", a.date, a.title);
        }
        for p in &m.polls {
            say!("  [投票] {} {}", p.opens_on, p.question);
        }
    }
    for m in &g.modules {
        say!("{}：资料 {} 份", m.name, m.resources.len());
        for r in &m.resources {
            say!("  [{}] {} {}（编号 {}）", r.kind.label(), r.date, r.title, r.id);
        }
    }
}

pub fn run_poll(path: &Path, command: PollCommand) -> Result<ExitCode> {
    match command {
        PollCommand::Create {
            question,
            options,
            multiple,
            opens,
            closes,
            branch,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let input = polls::PollInput {
                question,
                options,
                multiple,
                opens_on: opens,
                closes_on: closes,
            };
            let id = ledger.write(|tx| polls::create(tx, branch_id, &input))?;
            say!("已发起投票（编号 {id}）：{}", input.question.trim());
        }
        PollCommand::Vote {
            question,
            member,
            choices,
            date,
            branch,
        } => {
            let on = super::day_or_today("--date", date)?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let poll_id = polls::find(ledger.conn(), branch_id, &question)?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            ledger.write(|tx| polls::vote(tx, branch_id, poll_id, member_id, &choices, on))?;
            say!("已记录 {member} 的投票：{}", choices.join("、"));
        }
        PollCommand::Count {
            question,
            option,
            votes,
            branch,
        } => {
            let total = match votes.trim() {
                "清除" => None,
                v => Some(
                    v.parse::<i64>()
                        .map_err(|_| Error::invalid(format!("票数：“{v}”应为整数，或写“清除”")))?,
                ),
            };
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let poll_id = polls::find(ledger.conn(), branch_id, &question)?;
            ledger.write(|tx| polls::count(tx, branch_id, poll_id, &option, total))?;
            say!(
                "已记录：“{}” {}",
                option.trim(),
                total.map_or("（已清除）".into(), |t| format!("{t} 票"))
            );
        }
        PollCommand::Close { question, date, branch } => {
            let on = required_date("--date", Some(&date))?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let poll_id = polls::find(ledger.conn(), branch_id, &question)?;
            ledger.write(|tx| polls::close(tx, branch_id, poll_id, on))?;
            say!("投票已于 {on} 截止");
        }
        PollCommand::Show { question, branch, json } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let p = polls::get(
                ledger.conn(),
                branch_id,
                polls::find(ledger.conn(), branch_id, &question)?,
            )?;
            if json {
                super::print_json(&p)?;
            } else {
                say!(
                    "{}（{}，{} 起；{} 名在册党员中 {} 人已投）",
                    p.question,
                    if p.multiple { "多选" } else { "单选" },
                    p.opens_on,
                    p.eligible,
                    p.voted
                );
                for o in &p.options {
                    say!("  {}：{} 票", o.label, o.votes);
                }
            }
        }
        PollCommand::Delete { question, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let poll_id = polls::find(ledger.conn(), branch_id, &question)?;
            ledger.write(|tx| polls::remove(tx, branch_id, poll_id))?;
            say!("已删除投票：{}", question.trim());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_rota(path: &Path, command: RotaCommand) -> Result<ExitCode> {
    match command {
        RotaCommand::Deal {
            from,
            count,
            length,
            topic,
            branch,
        } => {
            let from = required_date("--from", Some(&from))?;
            let length = rota::Length::parse(&length)
                .ok_or_else(|| Error::invalid(format!("每期长度：无法识别“{length}”，应为 周 或 月")))?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let turns = ledger.write(|tx| rota::deal(tx, branch_id, from, count, length, topic.as_deref()))?;
            say!("已排资讯轮值 {} 期：", turns.len());
            for t in &turns {
                say!("  {} 至 {}　{}　{}", t.starts_on, t.ends_on, t.name, t.topic);
            }
        }
        RotaCommand::List { year, branch, json } => {
            let (from, to) = dates::year_bounds(year)?;
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let turns = rota::turns(ledger.conn(), branch_id, from, to)?;
            if json {
                super::print_json(&turns)?;
            } else {
                for t in &turns {
                    say!(
                        "{} 至 {}　{}　{}　资讯 {} 条",
                        t.starts_on,
                        t.ends_on,
                        t.name,
                        t.topic,
                        t.items.len()
                    );
                }
            }
        }
        RotaCommand::Item {
            date,
            title,
            link,
            note,
            member,
            branch,
        } => {
            let date = required_date("--date", Some(&date))?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let member_id = member
                .map(|m| members::resolve(ledger.conn(), branch_id, &m))
                .transpose()?;
            let (_, created) = ledger
                .write(|tx| rota::add_item(tx, branch_id, date, member_id, &title, link.as_deref(), note.as_deref()))?;
            if created {
                say!("已记录资讯：{}", title.trim());
            } else {
                say!("这条资讯已记录过，未重复添加");
            }
        }
        RotaCommand::Clear { from, branch } => {
            let from = required_date("--from", Some(&from))?;
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let n = ledger.write(|tx| rota::clear_from(tx, branch_id, from))?;
            say!("已删除 {n} 期尚未采集资讯的轮值");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `search QUERY`: everything the ledger holds in words, best first.
pub fn run_search(path: &Path, query: &str, branch: Option<&str>, json: bool) -> Result<ExitCode> {
    let (ledger, branch_id) = super::open_branch(path, branch)?;
    let hits = search::search(ledger.conn(), Some(branch_id), query)?;
    if json {
        super::print_json(&hits)?;
    } else {
        if hits.is_empty() {
            say!("没有找到“{}”", query.trim());
        }
        for h in &hits {
            say!("[{}] {} {}", h.kind.label(), h.date, h.title);
            if !h.snippet.is_empty() {
                say!("    {}", h.snippet);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
