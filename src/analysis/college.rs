//! The 党委's figures: every branch of the ledger side by side for a year — members, organisational
//! life and attendance, study, points, compliance — and the 党支部工作排行 over them. Each figure is
//! counted once for the whole ledger and split by branch, so 60 branches cost about what one
//! college-wide pass costs, not 60 passes.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use crate::analysis::{compliance, points};
use crate::domain::points::Tenths;
use crate::domain::{members, org, roll, study};
use crate::kernel::dates;
use crate::{store, Result};

#[derive(Debug, Clone, Serialize)]
pub struct BranchFigures {
    pub branch_id: i64,
    pub name: String,
    /// The 党总支 (or other 上级党组织) the branch reports to.
    pub parent_org: Option<String>,
    /// 在册 at the year's end.
    pub members: i64,
    pub activities: i64,
    pub expected: i64,
    pub present: i64,
    /// Σ实到 / Σ应到 (0 when nothing was expected).
    pub attendance_rate: f64,
    pub study_tasks: i64,
    /// Mean completion rate of the year's tasks (0 without tasks).
    pub study_completion: f64,
    /// Mean 学时 of the members on the roll during the year.
    pub study_hours_avg: f64,
    /// Mean annual points of the members on the roll during the year.
    pub points_avg: f64,
    /// Items of the compliance calendar judged by `as_of` (held, or past their deadline).
    pub required_items: i64,
    pub held_items: i64,
    /// held ÷ judged (0 when nothing can be judged yet).
    pub compliance: f64,
    /// What is missing, as the secretary reads it (“3月：支委会”).
    pub missing: Vec<String>,
    /// The 党支部工作排行 index (0–100, see [`index`]).
    pub index: f64,
    /// Ties share a rank.
    pub rank: i64,
}

/// The index of the 党支部工作排行 (0–100, one decimal): 30% compliance of organisational life, 30%
/// attendance (pooled), 20% average study-task completion, 20% average points per member relative
/// to the best branch's average.
pub fn index(compliance: f64, attendance_rate: f64, study_completion: f64, points_share: f64) -> f64 {
    let index = 100.0 * (0.3 * compliance + 0.3 * attendance_rate + 0.2 * study_completion + 0.2 * points_share);
    (index * 10.0).round() / 10.0
}

/// The college's year: every branch's figures and what they were counted from.
pub struct Year {
    /// Best index first.
    pub figures: Vec<BranchFigures>,
    /// Everyone on a roll during the year with their study figures.
    pub people: Vec<study::MemberStudy>,
    /// Each member's points for the year.
    pub points: HashMap<i64, Tenths>,
    /// Each activity's 应到, 出席 and 请假 (`roll::tallies`), by activity id.
    pub tallies: HashMap<i64, (i64, i64, i64)>,
}

/// Every branch's figures for `year`, judged by `as_of`, best index first.
pub fn figures(conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Vec<BranchFigures>> {
    Ok(self::year(conn, year, as_of)?.figures)
}

/// Every branch's row with its compliance judged (the other figures zero), in the ledger's order.
fn judged_rows(conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Vec<BranchFigures>> {
    let mut rows = Vec::new();
    for b in org::list(conn)? {
        let c = compliance::compliance(conn, b.id, year, as_of)?;
        let judged = c.items.iter().filter(|i| i.state != "due").count() as i64;
        let held = c.items.iter().filter(|i| i.state == "held").count() as i64;
        rows.push(BranchFigures {
            branch_id: b.id,
            name: b.name,
            parent_org: b.parent_org,
            members: 0,
            activities: 0,
            expected: 0,
            present: 0,
            attendance_rate: 0.0,
            study_tasks: 0,
            study_completion: 0.0,
            study_hours_avg: 0.0,
            points_avg: 0.0,
            required_items: judged,
            held_items: held,
            compliance: c.held_share(),
            missing: c.missing_lines(),
            index: 0.0,
            rank: 0,
        });
    }
    Ok(rows)
}

/// The compliance calendars of every branch, and each activity's tallies.
type Calendars = (Vec<BranchFigures>, HashMap<i64, (i64, i64, i64)>);

fn calendars_and_tallies(conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Calendars> {
    let (start, end) = dates::year_bounds(year)?;
    Ok((judged_rows(conn, year, as_of)?, roll::tallies(conn, None, start, end)?))
}

/// The figures of [`figures`] with the member figures they were counted from.
pub fn year(conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Year> {
    let (start, end) = dates::year_bounds(year)?;
    // The calendars and tallies on a second reader meanwhile: two cores count the year in about
    // half the wait. The two halves take about as long (the calendars of 60 branches and the
    // tallies of their 1,500 activities; the college's study figures and its points).
    let ((mut rows, tallies), (branch_of, counts, (tasks, members), totals)) = store::alongside(
        conn,
        |reader| calendars_and_tallies(reader, year, as_of),
        || {
            Ok((
                members::branch_of_each(conn)?,
                roll::count_by_branch(conn, end)?,
                study::year_stats(conn, None, year)?,
                points::totals(conn, None, start, end)?,
            ))
        },
    )?;
    let at: HashMap<i64, usize> = rows.iter().enumerate().map(|(i, r)| (r.branch_id, i)).collect();
    let row = |branch: i64| at.get(&branch).copied();
    for (branch, n) in counts {
        if let Some(i) = row(branch) {
            rows[i].members = n;
        }
    }
    // The figures of `activities::list`, without the rest of each activity.
    let mut st = conn.prepare_cached("SELECT id, branch_id FROM activity WHERE date BETWEEN ?1 AND ?2")?;
    let mut activities = st.query(rusqlite::params![start, end])?;
    while let Some(a) = activities.next()? {
        let (id, branch): (i64, i64) = (a.get(0)?, a.get(1)?);
        if let Some(i) = row(branch) {
            let (expected, present, _) = tallies.get(&id).copied().unwrap_or_default();
            rows[i].activities += 1;
            rows[i].expected += expected;
            rows[i].present += present;
        }
    }
    for t in tasks {
        if let Some(i) = row(t.branch_id) {
            rows[i].study_tasks += 1;
            rows[i].study_completion += t.completion_rate;
        }
    }
    // Mean 学时 and points over the members on the roll during the year (the same members).
    let mut people: HashMap<usize, (i64, f64, i64)> = HashMap::new();
    for m in &members {
        if let Some(i) = branch_of.get(&m.member_id).and_then(|b| row(*b)) {
            let e = people.entry(i).or_default();
            e.0 += 1;
            e.1 += m.study_hours;
            e.2 += totals.get(&m.member_id).map_or(0, |p| p.0);
        }
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r.attendance_rate = ratio(r.present as f64, r.expected as f64);
        r.study_completion = ratio(r.study_completion, r.study_tasks as f64);
        let (n, hours, tenths) = people.get(&i).copied().unwrap_or_default();
        r.study_hours_avg = ratio(hours, n as f64);
        r.points_avg = ratio(tenths as f64 / 10.0, n as f64);
    }
    let best = rows.iter().map(|r| r.points_avg).fold(0.0_f64, f64::max);
    for r in &mut rows {
        let points_share = if best > 0.0 {
            (r.points_avg / best).max(0.0)
        } else {
            0.0
        };
        r.index = index(r.compliance, r.attendance_rate, r.study_completion, points_share);
    }
    rows.sort_by(|a, b| b.index.total_cmp(&a.index).then(a.branch_id.cmp(&b.branch_id)));
    points::assign_ranks(&mut rows, |r| (r.index * 10.0).round() as i64, |r, k| r.rank = k);
    Ok(Year {
        figures: rows,
        people: members,
        points: totals,
        tallies,
    })
}

/// The whole college's year: the branches' members, activities, tasks and judged items taken
/// together (attendance pooled, completion the mean over every task, 学时 and points the mean over
/// everyone on a roll during the year).
#[derive(Debug, Clone, Serialize)]
pub struct Totals {
    pub branches: i64,
    pub members: i64,
    pub activities: i64,
    pub expected: i64,
    pub present: i64,
    pub attendance_rate: f64,
    pub study_tasks: i64,
    pub study_completion: f64,
    pub study_hours_avg: f64,
    pub points_avg: f64,
    pub required_items: i64,
    pub held_items: i64,
    pub compliance: f64,
}

/// What the 党委 view shows: every branch best index first, and the college's own figures.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub year: i32,
    /// The day compliance was judged on.
    pub as_of: NaiveDate,
    pub branches: Vec<BranchFigures>,
    pub total: Totals,
}

/// [`figures`] and the college's [`Totals`], from one pass over the ledger.
pub fn overview(conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Overview> {
    Ok(overview_of(&self::year(conn, year, as_of)?, year, as_of))
}

/// [`overview`] of a year already counted.
fn overview_of(y: &Year, year: i32, as_of: NaiveDate) -> Overview {
    let f = &y.figures;
    let sum = |of: fn(&BranchFigures) -> i64| f.iter().map(of).sum::<i64>();
    let (expected, present, tasks) = (sum(|b| b.expected), sum(|b| b.present), sum(|b| b.study_tasks));
    let (required, held) = (sum(|b| b.required_items), sum(|b| b.held_items));
    let people = y.people.len() as f64;
    let tenths: i64 = y
        .people
        .iter()
        .map(|m| y.points.get(&m.member_id).map_or(0, |p| p.0))
        .sum();
    let total = Totals {
        branches: f.len() as i64,
        members: sum(|b| b.members),
        activities: sum(|b| b.activities),
        expected,
        present,
        attendance_rate: ratio(present as f64, expected as f64),
        study_tasks: tasks,
        study_completion: ratio(
            f.iter().map(|b| b.study_completion * b.study_tasks as f64).sum(),
            tasks as f64,
        ),
        study_hours_avg: ratio(y.people.iter().map(|m| m.study_hours).sum(), people),
        points_avg: ratio(tenths as f64 / 10.0, people),
        required_items: required,
        held_items: held,
        compliance: ratio(held as f64, required as f64),
    };
    Overview {
        year,
        as_of,
        branches: y.figures.clone(),
        total,
    }
}

fn ratio(n: f64, d: f64) -> f64 {
    if d > 0.0 {
        n / d
    } else {
        0.0
    }
}

/// One line of the 党支部工作排行: the figures its index weighs (see [`index`]).
#[derive(Debug, Clone, Serialize)]
pub struct BranchStanding {
    pub branch_id: i64,
    pub name: String,
    pub compliance: f64,
    pub attendance_rate: f64,
    pub study_completion: f64,
    pub points_avg: f64,
    pub index: f64,
    pub rank: i64,
}

/// 党支部工作排行 between the ledger's branches for `year`, judged by `today`, best first.
pub fn ranking(conn: &Connection, year: i32, today: NaiveDate) -> Result<Vec<BranchStanding>> {
    Ok(standings(&figures(conn, year, today)?))
}

/// The ranking's lines of the branches' figures.
fn standings(figures: &[BranchFigures]) -> Vec<BranchStanding> {
    figures
        .iter()
        .map(|f| BranchStanding {
            branch_id: f.branch_id,
            name: f.name.clone(),
            compliance: f.compliance,
            attendance_rate: f.attendance_rate,
            study_completion: f.study_completion,
            points_avg: f.points_avg,
            index: f.index,
            rank: f.rank,
        })
        .collect()
}

/// The college's year as last counted, kept while the ledger stays as it was and the same year and
/// day are asked ([`store::Memo`]): the 党委 view and 报表's 党支部工作排行 ask for it again and
/// again, each time over every branch.
#[derive(Default)]
pub struct Counted(store::Memo<(i32, NaiveDate), Year>);

impl Counted {
    /// [`year`], counted again only when the ledger has changed or another year or day is asked.
    pub fn year(&self, conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Arc<Year>> {
        self.0.get(conn, (year, as_of), || self::year(conn, year, as_of))
    }

    /// [`overview`] of [`Counted::year`].
    pub fn overview(&self, conn: &Connection, year: i32, as_of: NaiveDate) -> Result<Overview> {
        Ok(overview_of(&*self.year(conn, year, as_of)?, year, as_of))
    }

    /// [`ranking`] of [`Counted::year`].
    pub fn ranking(&self, conn: &Connection, year: i32, today: NaiveDate) -> Result<Vec<BranchStanding>> {
        Ok(standings(&self.year(conn, year, today)?.figures))
    }
}
