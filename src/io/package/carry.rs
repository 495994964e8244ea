//! Which rows of the source ledger a branch-year's package carries, table by table, in the order a
//! receiver writes them (a row's parents before it). See the module's doc for why each is carried.

use rusqlite::{params, Connection};

use crate::domain::roll;
use crate::Result;

/// How a carried table's rows belong here and in the receiving ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// Rows with an `id` of their own, given a new one by the receiver.
    Own,
    /// Rows that go with a row of `parent` (by `column`): written, kept or replaced with it.
    With { column: &'static str, parent: &'static str },
    /// A member's record of the package's year (民主评议): the package's year replaces it.
    MemberYear,
    /// Ledger-wide rules: carried for the receiver to compare with its own, never written there.
    Rules,
}

pub struct Carried {
    pub table: &'static str,
    /// Which rows: SQL over the row `t`, with ?1 the branch, ?2 and ?3 the year's first and last
    /// day, ?4 the year, and the sets [`gather`] made.
    filter: &'static str,
    pub owner: Owner,
}

/// Every carried table, parents first.
pub const TABLES: &[Carried] = &[
    Carried {
        table: "branch",
        filter: "t.id = ?1",
        owner: Owner::Own,
    },
    Carried {
        table: "party_group",
        filter: "t.branch_id = ?1",
        owner: Owner::Own,
    },
    Carried {
        table: "member",
        filter: "t.id IN (SELECT id FROM temp.pkg_member)",
        owner: Owner::Own,
    },
    Carried {
        table: "membership_period",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.branch_id = ?1",
        owner: Owner::Own,
    },
    Carried {
        table: "group_assignment",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own)
                 AND (t.group_id IS NULL OR t.group_id IN (SELECT id FROM party_group WHERE branch_id = ?1))",
        owner: Owner::Own,
    },
    Carried {
        table: "member_status_event",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own)",
        owner: Owner::Own,
    },
    Carried {
        table: "probation_extension",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own)",
        owner: Owner::With {
            column: "member_id",
            parent: "member",
        },
    },
    Carried {
        table: "committee_role",
        filter: "t.branch_id = ?1",
        owner: Owner::Own,
    },
    Carried {
        table: "pioneer_kind",
        filter: "t.branch_id = ?1",
        owner: Owner::Own,
    },
    Carried {
        table: "activity",
        filter: "t.id IN (SELECT id FROM temp.pkg_activity)",
        owner: Owner::Own,
    },
    Carried {
        table: "activity_kind",
        filter: "t.activity_id IN (SELECT id FROM temp.pkg_activity)",
        owner: Owner::With {
            column: "activity_id",
            parent: "activity",
        },
    },
    Carried {
        table: "attendance",
        filter: "t.activity_id IN (SELECT id FROM temp.pkg_activity)",
        owner: Owner::With {
            column: "activity_id",
            parent: "activity",
        },
    },
    Carried {
        table: "study_task",
        filter: "t.id IN (SELECT id FROM temp.pkg_task)",
        owner: Owner::Own,
    },
    Carried {
        table: "study_task_member",
        filter: "t.task_id IN (SELECT id FROM temp.pkg_task)",
        owner: Owner::With {
            column: "task_id",
            parent: "study_task",
        },
    },
    Carried {
        table: "study_record",
        filter: "t.task_id IN (SELECT id FROM temp.pkg_task)",
        owner: Owner::With {
            column: "task_id",
            parent: "study_task",
        },
    },
    Carried {
        table: "discussion",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.date BETWEEN ?2 AND ?3",
        owner: Owner::Own,
    },
    Carried {
        table: "reflection",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.date BETWEEN ?2 AND ?3",
        owner: Owner::Own,
    },
    Carried {
        table: "quiz_result",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.date BETWEEN ?2 AND ?3",
        owner: Owner::Own,
    },
    Carried {
        table: "point_adjustment",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.date BETWEEN ?2 AND ?3",
        owner: Owner::Own,
    },
    Carried {
        table: "award",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.date BETWEEN ?2 AND ?3",
        owner: Owner::Own,
    },
    Carried {
        table: "heart_talk",
        filter: "t.id IN (SELECT id FROM temp.pkg_talk)",
        owner: Owner::Own,
    },
    Carried {
        table: "heart_talk_party",
        filter: "t.talk_id IN (SELECT id FROM temp.pkg_talk)",
        owner: Owner::With {
            column: "talk_id",
            parent: "heart_talk",
        },
    },
    Carried {
        table: "pioneer_post",
        filter: "t.id IN (SELECT id FROM temp.pkg_post)",
        owner: Owner::Own,
    },
    Carried {
        table: "pioneer_deed",
        filter: "t.post_id IN (SELECT id FROM temp.pkg_post)",
        owner: Owner::Own,
    },
    Carried {
        table: "appraisal",
        filter: "t.member_id IN (SELECT id FROM temp.pkg_member WHERE own) AND t.year = ?4",
        owner: Owner::MemberYear,
    },
    Carried {
        table: "news_rota",
        filter: "t.id IN (SELECT id FROM temp.pkg_rota)",
        owner: Owner::Own,
    },
    Carried {
        table: "news_item",
        filter: "t.rota_id IN (SELECT id FROM temp.pkg_rota) AND t.date BETWEEN ?2 AND ?3",
        owner: Owner::Own,
    },
    Carried {
        table: "point_rule_set",
        filter: "1",
        owner: Owner::Rules,
    },
    Carried {
        table: "point_rule",
        filter: "1",
        owner: Owner::Rules,
    },
    Carried {
        table: "life_rule_set",
        filter: "1",
        owner: Owner::Rules,
    },
    Carried {
        table: "appraisal_guide",
        filter: "1",
        owner: Owner::Rules,
    },
];

pub fn find(table: &str) -> Option<&'static Carried> {
    TABLES.iter().find(|c| c.table == table)
}

/// The query of a table's carried rows, its columns in order, oldest record first.
pub fn select(c: &Carried, columns: &[String], key: &[usize]) -> String {
    let cols = columns
        .iter()
        .map(|c| format!("t.\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let order = key
        .iter()
        .map(|&i| format!("t.\"{}\"", columns[i]))
        .collect::<Vec<_>>()
        .join(", ");
    // ?4 (the highest) is named in every query, so that one list of four parameters serves them all.
    format!(
        "SELECT {cols} FROM main.\"{}\" t WHERE ({}) AND ?4 IS NOT NULL ORDER BY {order}",
        c.table, c.filter
    )
}

/// Gathers, in temporary tables of `conn`, the ids the filters name: the branch's activities, talks
/// and study tasks of the year (a task published in it, or completed in it: its completions score
/// that year), its 先锋岗 posts of the year or rated in it, its news rota periods touching the year,
/// and the members: those of the branch on its roll at some time in the year, or named by any of
/// those records (a host, a mark, a completion, a seat, a 组长, a talk, a rota turn) or owning a
/// record dated in the year. A member named who belongs to another branch of the same ledger (one
/// who sat in) is carried as himself alone: `own` is false, and no history of his goes with him.
pub fn gather(conn: &Connection, branch: i64, from: &str, to: &str, year: i32) -> Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.pkg_activity; DROP TABLE IF EXISTS temp.pkg_task;
         DROP TABLE IF EXISTS temp.pkg_talk; DROP TABLE IF EXISTS temp.pkg_post;
         DROP TABLE IF EXISTS temp.pkg_rota; DROP TABLE IF EXISTS temp.pkg_member;
         CREATE TEMP TABLE pkg_activity (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE pkg_task (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE pkg_talk (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE pkg_post (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE pkg_rota (id INTEGER PRIMARY KEY);
         CREATE TEMP TABLE pkg_member (id INTEGER PRIMARY KEY, own INTEGER NOT NULL);",
    )?;
    let p = params![branch, from, to, year];
    conn.execute(
        "INSERT INTO temp.pkg_activity SELECT id FROM activity WHERE branch_id = ?1 AND date BETWEEN ?2 AND ?3
           AND ?4 IS NOT NULL",
        p,
    )?;
    conn.execute(
        "INSERT INTO temp.pkg_task SELECT id FROM study_task t WHERE branch_id = ?1 AND ?4 IS NOT NULL
           AND (published_on BETWEEN ?2 AND ?3
                OR EXISTS (SELECT 1 FROM study_record r WHERE r.task_id = t.id AND r.completed_on BETWEEN ?2 AND ?3))",
        p,
    )?;
    conn.execute(
        "INSERT INTO temp.pkg_talk SELECT id FROM heart_talk WHERE branch_id = ?1 AND date BETWEEN ?2 AND ?3
           AND ?4 IS NOT NULL",
        p,
    )?;
    conn.execute(
        "INSERT INTO temp.pkg_post SELECT p.id FROM pioneer_post p JOIN pioneer_kind k ON k.id = p.kind_id
         WHERE k.branch_id = ?1 AND (p.year = ?4 OR p.rated_on BETWEEN ?2 AND ?3)",
        p,
    )?;
    conn.execute(
        "INSERT INTO temp.pkg_rota SELECT id FROM news_rota r WHERE branch_id = ?1 AND ?4 IS NOT NULL
           AND ((starts_on <= ?3 AND ends_on >= ?2)
                OR EXISTS (SELECT 1 FROM news_item n WHERE n.rota_id = r.id AND n.date BETWEEN ?2 AND ?3))",
        p,
    )?;
    conn.execute(
        &format!(
            "INSERT INTO temp.pkg_member (id, own)
             SELECT m.id, m.branch_id = ?1 FROM member m WHERE ?4 IS NOT NULL AND m.id IN (
               SELECT m2.id FROM member m2 WHERE m2.branch_id = ?1 AND {during}
               UNION SELECT host_id FROM activity WHERE id IN (SELECT id FROM temp.pkg_activity)
               UNION SELECT recorder_id FROM activity WHERE id IN (SELECT id FROM temp.pkg_activity)
               UNION SELECT speaker_id FROM activity WHERE id IN (SELECT id FROM temp.pkg_activity)
               UNION SELECT member_id FROM attendance WHERE activity_id IN (SELECT id FROM temp.pkg_activity)
               UNION SELECT member_id FROM study_task_member WHERE task_id IN (SELECT id FROM temp.pkg_task)
               UNION SELECT member_id FROM study_record WHERE task_id IN (SELECT id FROM temp.pkg_task)
               UNION SELECT talker_id FROM heart_talk WHERE id IN (SELECT id FROM temp.pkg_talk)
               UNION SELECT member_id FROM heart_talk_party WHERE talk_id IN (SELECT id FROM temp.pkg_talk)
               UNION SELECT member_id FROM pioneer_post WHERE id IN (SELECT id FROM temp.pkg_post)
               UNION SELECT member_id FROM news_rota WHERE id IN (SELECT id FROM temp.pkg_rota)
               UNION SELECT member_id FROM committee_role WHERE branch_id = ?1
               UNION SELECT leader_id FROM party_group WHERE branch_id = ?1
               UNION SELECT x.member_id FROM (
                   SELECT member_id, date FROM discussion UNION ALL SELECT member_id, date FROM reflection
                   UNION ALL SELECT member_id, date FROM quiz_result UNION ALL SELECT member_id, date FROM point_adjustment
                   UNION ALL SELECT member_id, date FROM award) x
                 JOIN member m3 ON m3.id = x.member_id WHERE m3.branch_id = ?1 AND x.date BETWEEN ?2 AND ?3
               UNION SELECT a.member_id FROM appraisal a JOIN member m4 ON m4.id = a.member_id
                 WHERE m4.branch_id = ?1 AND a.year = ?4)",
            during = roll::on_roll_during_sql("m2.id", "?1", "?2", "?3")
        ),
        p,
    )?;
    Ok(())
}

/// Members of the branch on its roll at some time in the year, and the year's activities.
pub fn counts(conn: &Connection, branch: i64, from: &str, to: &str) -> Result<(i64, i64)> {
    let members = conn.query_row(
        &format!(
            "SELECT count(*) FROM temp.pkg_member p WHERE p.own AND {}",
            roll::on_roll_during_sql("p.id", "?1", "?2", "?3")
        ),
        params![branch, from, to],
        |r| r.get(0),
    )?;
    let activities = conn.query_row("SELECT count(*) FROM temp.pkg_activity", [], |r| r.get(0))?;
    Ok((members, activities))
}

pub fn forget(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "DROP TABLE IF EXISTS temp.pkg_activity; DROP TABLE IF EXISTS temp.pkg_task;
         DROP TABLE IF EXISTS temp.pkg_talk; DROP TABLE IF EXISTS temp.pkg_post;
         DROP TABLE IF EXISTS temp.pkg_rota; DROP TABLE IF EXISTS temp.pkg_member;",
    )?;
    Ok(())
}
