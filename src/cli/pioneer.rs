//! `pioneer kinds|kind-add|kind-delete|post|deed|rate|list`: 先锋示范岗. A post is named by its
//! member, kind and year (a member holds at most one post of a kind a year).

use std::path::Path;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use zhibu::domain::members;
use zhibu::domain::pioneers::{self, Post, PostInput};
use zhibu::store::Tx;
use zhibu::{Error, Result};

#[derive(Subcommand)]
pub enum PioneerCommand {
    /// 列出先锋岗类别及各类的先锋岗数
    Kinds {
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 新增先锋岗类别
    KindAdd {
        name: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 删除先锋岗类别（已有先锋岗的类别不能删除）
    KindDelete {
        name: String,
        #[arg(long)]
        branch: Option<String>,
    },
    /// 设立先锋岗（已设立的则更新其承诺）
    Post {
        #[command(flatten)]
        post: PostKey,
        /// 公开承诺
        #[arg(long)]
        pledge: Option<String>,
    },
    /// 记录先锋岗的一项事迹
    Deed {
        #[command(flatten)]
        post: PostKey,
        #[arg(long, value_name = "DATE")]
        date: String,
        /// 事迹
        #[arg(long)]
        text: String,
    },
    /// 年终评定：优秀、合格、不合格，或 清除 已有的评定
    Rate {
        #[command(flatten)]
        post: PostKey,
        /// 评定：优秀、合格 或 不合格
        #[arg(long)]
        rating: String,
        /// 评定日期（默认该年 12 月 31 日）
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// 列出某年的先锋岗：承诺、事迹与评定
    List {
        #[arg(long)]
        year: i32,
        #[arg(long)]
        branch: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// Which post: the member (姓名或身份证号), its kind and year, in which branch.
#[derive(Args)]
pub struct PostKey {
    /// 姓名或身份证号
    #[arg(long)]
    member: String,
    /// 先锋岗类别
    #[arg(long)]
    kind: String,
    #[arg(long)]
    year: i32,
    #[arg(long)]
    branch: Option<String>,
}

pub fn run(path: &Path, command: PioneerCommand) -> Result<ExitCode> {
    match command {
        PioneerCommand::Kinds { branch, json } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let kinds = pioneers::kinds(ledger.conn(), branch_id)?;
            if json {
                super::print_json(&kinds)?;
            } else {
                for k in &kinds {
                    say!("{}　先锋岗 {} 个", k.name, k.posts);
                }
            }
        }
        PioneerCommand::KindAdd { name, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let k = ledger.write(|tx| pioneers::add_kind(tx, branch_id, &name))?;
            say!("已新增先锋岗类别：{}", k.name);
        }
        PioneerCommand::KindDelete { name, branch } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            ledger.write(|tx| pioneers::delete_kind(tx, kind_id(tx, branch_id, &name)?))?;
            say!("已删除先锋岗类别：{}", name.trim());
        }
        PioneerCommand::Post {
            post:
                PostKey {
                    member,
                    kind,
                    year,
                    branch,
                },
            pledge,
        } => {
            let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let member_id = members::resolve(ledger.conn(), branch_id, &member)?;
            let post = ledger.write(|tx| {
                let kind_id = kind_id(tx, branch_id, &kind)?;
                let existing = pioneers::list(tx, branch_id, year)?
                    .into_iter()
                    .find(|p| p.member_id == member_id && p.kind_id == kind_id);
                // Without --pledge an existing post keeps its pledge; `--pledge ""` clears it.
                let input = PostInput {
                    id: existing.as_ref().map(|p| p.id),
                    member_id,
                    kind_id,
                    year,
                    pledge: pledge.clone().or(existing.and_then(|p| p.pledge)),
                };
                pioneers::save_post(tx, branch_id, &input)
            })?;
            say!("已保存先锋岗：{}", post_text(&post));
        }
        PioneerCommand::Deed { post, date, text } => {
            let post = write_post(path, &post, |tx, branch_id, id| {
                pioneers::add_deed(tx, branch_id, id, &date, &text)
            })?;
            say!("已记录事迹：{}（事迹 {} 项）", post_text(&post), post.deeds.len());
        }
        PioneerCommand::Rate { post, rating, date } => {
            // 清除 takes back a rating given by mistake.
            let rating = Some(rating.trim()).filter(|r| *r != "清除");
            let post = write_post(path, &post, |tx, branch_id, id| {
                pioneers::rate(tx, branch_id, id, rating, date.as_deref())
            })?;
            say!("已评定：{}", post_text(&post));
        }
        PioneerCommand::List { year, branch, json } => {
            let (ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
            let posts = pioneers::list(ledger.conn(), branch_id, year)?;
            if json {
                super::print_json(&posts)?;
            } else {
                say!("{year} 年先锋示范岗 {} 个", posts.len());
                for p in &posts {
                    say!("  {}", post_text(p));
                    if let Some(pledge) = &p.pledge {
                        say!("    承诺：{pledge}");
                    }
                    for d in &p.deeds {
                        say!("    {}　{}", d.date, d.description);
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn kind_id(conn: &rusqlite::Connection, branch_id: i64, name: &str) -> Result<i64> {
    pioneers::kinds(conn, branch_id)?
        .into_iter()
        .find(|k| k.name == name.trim())
        .map(|k| k.id)
        .ok_or_else(|| Error::NotFound {
            what: "先锋岗类别",
            key: name.trim().to_string(),
        })
}

/// One transaction on the post of `member`, `kind` and `year`.
fn write_post(path: &Path, key: &PostKey, f: impl FnOnce(&Tx, i64, i64) -> Result<Post>) -> Result<Post> {
    let PostKey {
        member,
        kind,
        year,
        branch,
    } = key;
    let year = *year;
    let (mut ledger, branch_id) = super::open_branch(path, branch.as_deref())?;
    let member_id = members::resolve(ledger.conn(), branch_id, member)?;
    ledger.write(|tx| {
        let kind_id = kind_id(tx, branch_id, kind)?;
        let post = pioneers::list(tx, branch_id, year)?
            .into_iter()
            .find(|p| p.member_id == member_id && p.kind_id == kind_id)
            .ok_or_else(|| Error::NotFound {
                what: "先锋岗",
                key: format!("{} {} {year} 年", member.trim(), kind.trim()),
            })?;
        f(tx, branch_id, post.id)
    })
}

fn post_text(p: &Post) -> String {
    format!(
        "{}　{}　{} 年{}",
        p.name,
        p.kind,
        p.year,
        p.rating.map(|r| format!("　评定 {}", r.label())).unwrap_or_default()
    )
}
