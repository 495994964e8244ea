//! `zhibu check`: SQLite's own integrity check, then the ledger's rules that SQL constraints cannot say.

use rusqlite::Connection;

use crate::domain::roll;
use crate::kernel::labels::{
    AttendanceStatus, DiscussionKind, Gender, MeetingForm, MemberStatus, Membership, PersonCategory, PioneerRating,
    StudySource,
};
use crate::store::Ledger;
use crate::Result;

/// Every problem found, in Chinese; empty when the ledger is sound.
pub fn run(ledger: &Ledger) -> Result<Vec<String>> {
    let conn = ledger.conn();
    let mut problems = Vec::new();
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if integrity != ["ok"] {
        problems.extend(integrity.into_iter().map(|m| format!("数据库完整性：{m}")));
    }
    // A table without rowids reports no row number: the parent table says what went missing.
    let fk: Vec<(String, Option<i64>, String)> = conn
        .prepare("PRAGMA foreign_key_check")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    problems.extend(fk.into_iter().map(|(t, id, parent)| match id {
        Some(id) => format!("外键：表 {t} 第 {id} 行引用了表 {parent} 中不存在的记录"),
        None => format!("外键：表 {t} 中有一行引用了表 {parent} 中不存在的记录"),
    }));

    let rules: &[&str] = &[
        "SELECT name || '：出生日期晚于入党日期' FROM member WHERE birth_date >= joined_on",
        "SELECT name || '：转正日期早于入党日期' FROM member WHERE confirmed_on < joined_on",
        "SELECT name || '：离开日期不晚于入党日期' FROM member WHERE left_on <= joined_on",
        "SELECT m.name || '：所在党小组属于其他支部' FROM member m JOIN party_group g ON g.id = m.group_id
             WHERE g.branch_id <> m.branch_id",
        "SELECT g.name || '：组长不是本支部党员' FROM party_group g JOIN member m ON m.id = g.leader_id
             WHERE m.branch_id <> g.branch_id",
        "SELECT a.date || ' ' || a.title || '：考勤中的“' || m.name || '”不属于本支部'
             FROM attendance t JOIN activity a ON a.id = t.activity_id JOIN member m ON m.id = t.member_id
             WHERE m.branch_id <> a.branch_id",
        "SELECT a.date || ' ' || a.title || '：没有活动类型' FROM activity a
             WHERE NOT EXISTS (SELECT 1 FROM activity_kind k WHERE k.activity_id = a.id)",
        "SELECT a.date || ' ' || a.title || '：党小组会没有指定党小组' FROM activity a
             JOIN activity_kind k ON k.activity_id = a.id AND k.kind = 'group_meeting' WHERE a.group_id IS NULL",
        "SELECT m.name || '：状态为“已离开”但没有状态变更记录' FROM member m WHERE m.status <> 'active'
             AND NOT EXISTS (SELECT 1 FROM member_status_event e WHERE e.member_id = m.id AND e.status = m.status)",
    ];
    for sql in rules {
        problems.extend(strings(conn, sql)?);
    }
    // The member row mirrors the latest history; a row edited by another tool no longer does.
    problems.extend(strings(
        conn,
        "SELECT m.name || '：入党日期 ' || m.joined_on || ' 与名册记录的在册起始日期 ' || p.start_on || ' 不一致'
         FROM member m JOIN membership_period p ON p.member_id = m.id AND p.arrival = 'joined'
         WHERE p.start_on = (SELECT min(start_on) FROM membership_period WHERE member_id = m.id)
           AND p.start_on <> m.joined_on",
    )?);
    problems.extend(strings(
        conn,
        "SELECT m.name || '：状态“' || m.status || '”与最近一段在册记录不一致'
         FROM member m JOIN membership_period p ON p.member_id = m.id
         WHERE p.start_on = (SELECT max(start_on) FROM membership_period WHERE member_id = m.id)
           AND (coalesce(p.departure, 'active') <> m.status OR p.end_on IS NOT m.left_on)",
    )?);
    problems.extend(strings(
        conn,
        "SELECT m.name || '：没有在册记录' FROM member m
         WHERE NOT EXISTS (SELECT 1 FROM membership_period p WHERE p.member_id = m.id)",
    )?);
    problems.extend(strings(
        conn,
        "SELECT m.name || '：所在党小组与最近一次党小组调整记录不一致' FROM member m
         LEFT JOIN group_assignment a ON a.member_id = m.id
           AND a.start_on = (SELECT max(start_on) FROM group_assignment WHERE member_id = m.id)
         WHERE a.group_id IS NOT m.group_id",
    )?);
    // Marks of members who were not on the roll that day (other than 列席) mean dates were changed
    // after the roll call: the record no longer adds up.
    problems.extend(strings(
        conn,
        &format!(
            "SELECT a.date || ' ' || a.title || '：“' || m.name || '”当日不在册，却记为' ||
                    CASE t.status WHEN 'present' THEN '出席' WHEN 'leave' THEN '请假' ELSE '缺席' END
             FROM attendance t JOIN activity a ON a.id = t.activity_id JOIN member m ON m.id = t.member_id
             WHERE t.status <> 'observer' AND NOT {}",
            roll::on_roll_sql("m.id", "a.branch_id", "a.date")
        ),
    )?);
    // The code lists live in the core's label tables alone (SQL keeps no copy): a stored code that
    // is not in its table was written by another tool.
    let code_columns: [(&str, &str, Vec<&str>); 9] = [
        ("member", "gender", Gender::codes()),
        ("member", "category", PersonCategory::codes()),
        ("member", "membership", Membership::codes()),
        ("member", "status", MemberStatus::codes()),
        ("activity", "form", MeetingForm::codes()),
        ("attendance", "status", AttendanceStatus::codes()),
        ("study_record", "source", StudySource::codes()),
        ("discussion", "kind", DiscussionKind::codes()),
        ("pioneer_post", "rating", PioneerRating::codes()),
    ];
    for (table, column, codes) in code_columns {
        let list = codes.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ");
        problems.extend(strings(
            conn,
            &format!(
                "SELECT '表 {table} 中的“' || {column} || '”不是已知的{column}代码（共 ' || count(*) || ' 行）'
                 FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN ({list}) GROUP BY {column}"
            ),
        )?);
    }
    // Rows changed other than through Zhibu, and a log edited or cut short.
    match crate::store::audit::verify(conn, ledger.path()) {
        Ok(found) => problems.extend(found),
        Err(e) => problems.push(format!("审计日志核对未能完成：{e}")),
    }
    let dir = ledger.attachments_dir();
    let stored: Vec<String> = strings(conn, "SELECT stored_name FROM attachment")?;
    problems.extend(
        stored
            .into_iter()
            .filter(|s| !dir.join(s).is_file())
            .map(|s| format!("附件文件缺失：{}", dir.join(s).display())),
    );
    Ok(problems)
}

/// The problems a query finds. A row so damaged that its message comes out empty (a name gone) is
/// still a problem: it is reported, never a failure of the check.
fn strings(conn: &Connection, sql: &str) -> Result<Vec<String>> {
    Ok(conn
        .prepare(sql)?
        .query_map([], |r| r.get::<_, Option<String>>(0))?
        .map(|r| r.map(|m| m.unwrap_or_else(|| "一条记录缺少必要内容（可能在支部台账之外被改动）".into())))
        .collect::<rusqlite::Result<_>>()?)
}
