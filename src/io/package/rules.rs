//! The branch's rules as its package carries them, against the 党委's own. Rules are ledger-wide: the
//! 党委's ledger scores, judges and grades every branch by its own rules — one yardstick for the
//! ranking — so a branch whose rules differ for the year is named as the package goes in.

use std::collections::BTreeMap;

use rusqlite::types::Value;
use rusqlite::Connection;

use super::read::{Package, Part};
use crate::Result;

/// The ledger's own rows of a rules table, as a package would carry them.
fn local(conn: &Connection, table: &str) -> Result<Part> {
    let (columns, _) = crate::store::audit::key_columns(conn, table)?;
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let mut st = conn.prepare(&format!("SELECT {list} FROM \"{table}\""))?;
    let rows = st
        .query_map([], |r| {
            (0..columns.len())
                .map(|i| r.get::<_, Value>(i))
                .collect::<rusqlite::Result<Vec<_>>>()
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Part {
        table: table.into(),
        columns,
        rows,
    })
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "-".into(),
        Value::Integer(i) => i.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => t.clone(),
        Value::Blob(_) => "?".into(),
    }
}

/// The versions of a rules table that apply to `year`, each as (from, what it says): with `whole`,
/// every version in force on some day of the year (the one in force on 1 January dated then);
/// else only the one in force on 31 December.
fn versions(sets: &Part, year: i32, whole: bool, content: &dyn Fn(&[Value]) -> String) -> Vec<(String, String)> {
    let (first, last) = (format!("{year}-01-01"), format!("{year}-12-31"));
    let Some(from_at) = sets.column("effective_from") else {
        return Vec::new();
    };
    let mut dated: Vec<(String, String)> = sets
        .rows
        .iter()
        .filter_map(|r| match &r[from_at] {
            Value::Text(from) if *from <= last => Some((from.clone(), content(r))),
            _ => None,
        })
        .collect();
    dated.sort();
    let start = if whole { &first } else { &last };
    let in_force_at_start = dated.iter().rposition(|(from, _)| from <= start).unwrap_or(0);
    dated
        .into_iter()
        .skip(in_force_at_start)
        .map(|(from, c)| (from.max(start.clone()), c))
        .collect()
}

/// Every column but the version's own bookkeeping, in order.
fn values_of(part: &Part) -> impl Fn(&[Value]) -> String + '_ {
    move |row: &[Value]| {
        part.columns
            .iter()
            .zip(row)
            .filter(|(c, _)| !matches!(c.as_str(), "id" | "effective_from" | "note" | "created_at"))
            .map(|(c, v)| format!("{c}={}", text(v)))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The point rules of each rule set: “attend=20/-,absent=-30/-…”.
fn point_rules(sets: &Part, rules: &Part) -> impl Fn(&[Value]) -> String {
    let (id, set, rule, tenths, cap) = (
        sets.column("id"),
        rules.column("rule_set_id"),
        rules.column("rule"),
        rules.column("tenths"),
        rules.column("cap"),
    );
    let mut by_set: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    if let (Some(set), Some(rule), Some(tenths), Some(cap)) = (set, rule, tenths, cap) {
        for r in &rules.rows {
            by_set
                .entry(text(&r[set]))
                .or_default()
                .insert(text(&r[rule]), format!("{}/{}", text(&r[tenths]), text(&r[cap])));
        }
    }
    move |row: &[Value]| {
        let key = id.map(|i| text(&row[i])).unwrap_or_default();
        by_set
            .get(&key)
            .map(|m| m.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(","))
            .unwrap_or_default()
    }
}

/// What the 党委 should know about the branch's rules for the package's year.
pub fn differences(conn: &Connection, pkg: &Package) -> Result<Vec<String>> {
    let year = pkg.manifest.year;
    let theirs = |t: &str| pkg.part(t);
    let mut notes = Vec::new();
    if let (Some(sets), Some(rules)) = (theirs("point_rule_set"), theirs("point_rule")) {
        let (my_sets, my_rules) = (local(conn, "point_rule_set")?, local(conn, "point_rule")?);
        if versions(sets, year, true, &point_rules(sets, rules))
            != versions(&my_sets, year, true, &point_rules(&my_sets, &my_rules))
        {
            notes.push(format!(
                "该支部 {year} 年的积分规则与本台账不同：本台账按自己的积分规则计算该支部的积分与排行"
            ));
        }
    }
    for (table, whole, what) in [
        (
            "life_rule_set",
            true,
            "组织生活规则：本台账按自己的规则判断该支部的合规日历",
        ),
        (
            "appraisal_guide",
            false,
            "民主评议指引：本台账按自己的指引计算该支部的评议得分",
        ),
    ] {
        if let Some(part) = theirs(table) {
            let mine = local(conn, table)?;
            if versions(part, year, whole, &values_of(part)) != versions(&mine, year, whole, &values_of(&mine)) {
                notes.push(format!("该支部 {year} 年的{what}"));
            }
        }
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(rows: &[(&str, i64)]) -> Part {
        Part {
            table: "life_rule_set".into(),
            columns: vec!["id".into(), "effective_from".into(), "theme_day_of_month".into()],
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, (from, day))| {
                    vec![
                        Value::Integer(i as i64),
                        Value::Text(from.to_string()),
                        Value::Integer(*day),
                    ]
                })
                .collect(),
        }
    }

    #[test]
    fn only_the_versions_that_apply_to_the_year_count() {
        let a = sets(&[("1900-01-01", 5), ("2027-03-01", 9)]);
        let b = sets(&[("2020-06-01", 5)]);
        assert_eq!(
            versions(&a, 2026, true, &values_of(&a)),
            versions(&b, 2026, true, &values_of(&b))
        );
        assert_ne!(
            versions(&a, 2027, true, &values_of(&a)),
            versions(&b, 2027, true, &values_of(&b))
        );
        let c = sets(&[("1900-01-01", 5), ("2026-06-01", 9)]);
        assert_ne!(
            versions(&a, 2026, true, &values_of(&a)),
            versions(&c, 2026, true, &values_of(&c))
        );
        // 31 December alone: the guide of the year.
        let d = sets(&[("1900-01-01", 9)]);
        assert_eq!(
            versions(&c, 2026, false, &values_of(&c)),
            versions(&d, 2026, false, &values_of(&d))
        );
    }
}
