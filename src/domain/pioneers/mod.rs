//! 先锋示范岗: posts by kind, member and year, with the public pledge, dated deeds and the year-end
//! rating (优秀 / 合格 feed points). Kinds are the branch's own list (教学/科研/技能先锋 by default).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::kernel::labels::PioneerRating;
use crate::kernel::text::{bounded_text, check_optional, opt_text, optional_date, required_date, LABEL_MAX, TEXT_MAX};
use crate::store::Tx;
use crate::Error;
use crate::Result;

pub const DEFAULT_KINDS: [&str; 3] = ["教学先锋", "科研先锋", "技能先锋"];

#[derive(Debug, Clone, Serialize)]
pub struct Kind {
    pub id: i64,
    pub name: String,
    pub posts: i64,
}

pub fn add_default_kinds(tx: &Tx, branch_id: i64) -> Result<()> {
    for k in DEFAULT_KINDS {
        tx.execute(
            "INSERT OR IGNORE INTO pioneer_kind (branch_id, name) VALUES (?1, ?2)",
            params![branch_id, k],
        )?;
    }
    Ok(())
}

pub fn kinds(conn: &Connection, branch_id: i64) -> Result<Vec<Kind>> {
    let mut st = conn.prepare_cached(
        "SELECT k.id, k.name, (SELECT count(*) FROM pioneer_post p WHERE p.kind_id = k.id)
         FROM pioneer_kind k WHERE k.branch_id = ?1 ORDER BY k.id",
    )?;
    let rows = st.query_map([branch_id], |r| {
        Ok(Kind {
            id: r.get(0)?,
            name: r.get(1)?,
            posts: r.get(2)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add_kind(tx: &Tx, branch_id: i64, name: &str) -> Result<Kind> {
    let name = bounded_text("先锋岗类别名称", name, LABEL_MAX)?;
    let n = tx.execute(
        "INSERT OR IGNORE INTO pioneer_kind (branch_id, name) VALUES (?1, ?2)",
        params![branch_id, name],
    )?;
    if n == 0 {
        return Err(Error::Conflict(format!("已有先锋岗类别“{name}”")));
    }
    let id = tx.last_insert_rowid();
    Ok(Kind { id, name, posts: 0 })
}

pub fn delete_kind(tx: &Tx, id: i64) -> Result<()> {
    let used: i64 = tx.query_row("SELECT count(*) FROM pioneer_post WHERE kind_id = ?1", [id], |r| {
        r.get(0)
    })?;
    if used > 0 {
        return Err(Error::Conflict("该类别下已有先锋岗，不能删除".into()));
    }
    if tx.execute("DELETE FROM pioneer_kind WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound {
            what: "先锋岗类别",
            key: id.to_string(),
        });
    }
    Ok(())
}

#[derive(Debug, Clone, Serialize)]
pub struct Deed {
    pub id: i64,
    pub date: NaiveDate,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Post {
    pub id: i64,
    pub member_id: i64,
    pub name: String,
    pub kind_id: i64,
    pub kind: String,
    pub year: i32,
    pub pledge: Option<String>,
    pub rating: Option<PioneerRating>,
    pub rated_on: Option<NaiveDate>,
    pub deeds: Vec<Deed>,
}

pub fn list(conn: &Connection, branch_id: i64, year: i32) -> Result<Vec<Post>> {
    let mut st = conn.prepare_cached(
        "SELECT p.id, p.member_id, m.name, p.kind_id, k.name, p.year, p.pledge, p.rating, p.rated_on
         FROM pioneer_post p JOIN pioneer_kind k ON k.id = p.kind_id JOIN member m ON m.id = p.member_id
         WHERE k.branch_id = ?1 AND p.year = ?2 ORDER BY k.id, p.id",
    )?;
    let posts: Vec<Post> = st
        .query_map(params![branch_id, year], |r| {
            Ok(Post {
                id: r.get(0)?,
                member_id: r.get(1)?,
                name: r.get(2)?,
                kind_id: r.get(3)?,
                kind: r.get(4)?,
                year: r.get(5)?,
                pledge: r.get(6)?,
                rating: r.get(7)?,
                rated_on: r.get(8)?,
                deeds: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut deeds =
        conn.prepare_cached("SELECT id, date, description FROM pioneer_deed WHERE post_id = ?1 ORDER BY date, id")?;
    posts
        .into_iter()
        .map(|mut p| {
            p.deeds = deeds
                .query_map([p.id], |r| {
                    Ok(Deed {
                        id: r.get(0)?,
                        date: r.get(1)?,
                        description: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            Ok(p)
        })
        .collect()
}

fn get(conn: &Connection, branch_id: i64, id: i64) -> Result<Post> {
    let year: i32 = conn
        .query_row("SELECT year FROM pioneer_post WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound {
            what: "先锋岗",
            key: id.to_string(),
        })?;
    list(conn, branch_id, year)?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(Error::NotFound {
            what: "先锋岗",
            key: id.to_string(),
        })
}

#[derive(Debug, Clone, Deserialize)]
pub struct PostInput {
    pub id: Option<i64>,
    pub member_id: i64,
    pub kind_id: i64,
    pub year: i32,
    pub pledge: Option<String>,
}

pub fn save_post(tx: &Tx, branch_id: i64, input: &PostInput) -> Result<Post> {
    if !(2000..=2100).contains(&input.year) {
        return Err(Error::invalid(format!("年度“{}”不在有效范围内", input.year)));
    }
    let kind_branch: Option<i64> = tx
        .query_row(
            "SELECT branch_id FROM pioneer_kind WHERE id = ?1",
            [input.kind_id],
            |r| r.get(0),
        )
        .optional()?;
    let member_branch: Option<i64> = tx
        .query_row("SELECT branch_id FROM member WHERE id = ?1", [input.member_id], |r| {
            r.get(0)
        })
        .optional()?;
    if kind_branch != Some(branch_id) || member_branch != Some(branch_id) {
        return Err(Error::invalid("先锋岗的党员和类别须属于本支部"));
    }
    check_optional("公开承诺", input.pledge.as_deref(), TEXT_MAX)?;
    let pledge = opt_text(input.pledge.as_deref());
    let dup: Option<i64> = tx
        .query_row(
            "SELECT id FROM pioneer_post WHERE member_id = ?1 AND kind_id = ?2 AND year = ?3",
            params![input.member_id, input.kind_id, input.year],
            |r| r.get(0),
        )
        .optional()?;
    if dup.is_some_and(|d| Some(d) != input.id) {
        return Err(Error::Conflict("该党员本年度已有同类先锋岗".into()));
    }
    let id = match input.id {
        Some(id) => {
            tx.execute(
                "UPDATE pioneer_post SET member_id = ?2, kind_id = ?3, year = ?4, pledge = ?5 WHERE id = ?1",
                params![id, input.member_id, input.kind_id, input.year, pledge],
            )?;
            id
        }
        None => {
            tx.execute(
                "INSERT INTO pioneer_post (member_id, kind_id, year, pledge) VALUES (?1, ?2, ?3, ?4)",
                params![input.member_id, input.kind_id, input.year, pledge],
            )?;
            tx.last_insert_rowid()
        }
    };
    get(tx, branch_id, id)
}

pub fn add_deed(tx: &Tx, branch_id: i64, post_id: i64, date: &str, description: &str) -> Result<Post> {
    let date = required_date("事迹日期", Some(date))?;
    let description = bounded_text("事迹内容", description, TEXT_MAX)?;
    get(tx, branch_id, post_id)?;
    tx.execute(
        "INSERT INTO pioneer_deed (post_id, date, description) VALUES (?1, ?2, ?3)",
        params![post_id, date, description],
    )?;
    get(tx, branch_id, post_id)
}

pub fn remove_deed(tx: &Tx, id: i64) -> Result<()> {
    if tx.execute("DELETE FROM pioneer_deed WHERE id = ?1", [id])? == 0 {
        return Err(Error::NotFound {
            what: "事迹",
            key: id.to_string(),
        });
    }
    Ok(())
}

/// The year-end 评定; an empty rating clears it.
pub fn rate(tx: &Tx, branch_id: i64, post_id: i64, rating: Option<&str>, rated_on: Option<&str>) -> Result<Post> {
    let post = get(tx, branch_id, post_id)?;
    let (rating, on) = match opt_text(rating) {
        None => (None, None),
        Some(r) => {
            let rating = PioneerRating::parse(&r)
                .ok_or_else(|| Error::invalid(format!("评定：无法识别“{r}”，应为 优秀、合格 或 不合格")))?;
            let on = optional_date("评定日期", rated_on)?
                .or_else(|| NaiveDate::from_ymd_opt(post.year, 12, 31))
                .ok_or_else(|| Error::invalid("评定日期不能为空"))?;
            (Some(rating), Some(on))
        }
    };
    tx.execute(
        "UPDATE pioneer_post SET rating = ?2, rated_on = ?3 WHERE id = ?1",
        params![post_id, rating, on],
    )?;
    get(tx, branch_id, post_id)
}
