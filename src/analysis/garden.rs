//! The 园地 as the secretary browses it: each month's module — the month's activities, study tasks,
//! materials, announcements and polls in one place — and the extension modules' collections.

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::domain::garden::{self, Filter};
use crate::domain::{activities, polls, study};
use crate::kernel::dates;
use crate::Result;

/// One month's module.
#[derive(Serialize)]
pub struct MonthModule {
    pub month: u32,
    pub activities: Vec<activities::ActivitySummary>,
    pub tasks: Vec<study::TaskStat>,
    pub resources: Vec<garden::Resource>,
    pub announcements: Vec<garden::Announcement>,
    pub polls: Vec<polls::Poll>,
}

#[derive(Serialize)]
pub struct Garden {
    pub year: i32,
    pub months: Vec<MonthModule>,
    pub modules: Vec<ExtensionModule>,
}

#[derive(Serialize)]
pub struct ExtensionModule {
    pub name: String,
    pub resources: Vec<garden::Resource>,
}

/// The year's months (or one month) and the extension modules (or one of them: then no months).
pub fn year(
    conn: &Connection,
    dir: &Path,
    branch_id: i64,
    year: i32,
    month: Option<u32>,
    module: Option<&str>,
) -> Result<Garden> {
    let module_id = module.map(|m| garden::module_by_name(conn, m)).transpose()?.flatten();
    let months: Vec<u32> = match month {
        Some(m) => vec![m],
        None => (1..=12).collect(),
    };
    let tasks = study::task_stats(conn, Some(branch_id), year)?;
    let mut out = Garden {
        year,
        months: Vec::new(),
        modules: Vec::new(),
    };
    let (year_start, year_end) = dates::year_bounds(year)?;
    if let (None, Some(first), Some(last)) = (module_id, months.first(), months.last()) {
        // The months' activities in one list: each call counts the rolls from the branch's periods.
        let held = activities::list(
            conn,
            Some(branch_id),
            dates::month_bounds(year, *first)?.0,
            dates::month_bounds(year, *last)?.1,
        )?;
        for m in months {
            let (from, to) = dates::month_bounds(year, m)?;
            let all = garden::resources(conn, dir, branch_id, from, to, Filter::default())?;
            out.months.push(MonthModule {
                month: m,
                activities: held.iter().filter(|a| (from..=to).contains(&a.date)).cloned().collect(),
                tasks: tasks
                    .iter()
                    .filter(|t| t.published_on >= from && t.published_on <= to)
                    .cloned()
                    .collect(),
                resources: all.into_iter().filter(|r| r.module_id.is_none()).collect(),
                announcements: garden::announcements(conn, branch_id, from, to)?,
                polls: polls::list(conn, branch_id, from, to)?,
            });
        }
    }
    for m in garden::modules(conn)? {
        if module_id.is_some_and(|id| id != m.id) {
            continue;
        }
        let filter = Filter {
            module_id: Some(m.id),
            ..Default::default()
        };
        out.modules.push(ExtensionModule {
            name: m.name,
            resources: garden::resources(conn, dir, branch_id, year_start, year_end, filter)?,
        });
    }
    Ok(out)
}
