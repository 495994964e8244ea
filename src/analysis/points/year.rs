//! A branch's points of a year counted in one pass, and kept while the ledger is unchanged.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;

use super::{adjustments, period, rank, raw_events, rule_sets, sort_raw, Caps, Standing, Whose};
use crate::domain::points::Tenths;
use crate::domain::roll;
use crate::kernel::dates;
use crate::kernel::ids::IdMap;
use crate::Result;

/// A branch's points of a year from one read of its events: what [`totals`](super::totals) gives
/// for the year and for each month alone, and what the 民主评议 guide sums from
/// [`events`](super::events).
#[derive(Debug, Default)]
pub struct YearPoints {
    /// Each member's points of the year: [`totals`](super::totals) over the year.
    pub year: HashMap<i64, Tenths>,
    /// Each month's (January first): [`totals`](super::totals) over that month.
    pub months: Vec<HashMap<i64, Tenths>>,
    /// Each member's positive events of the year summed, and the negative ones' sizes, as points
    /// in event order (the sums the 民主评议 sheet makes of [`events`](super::events)).
    pub gained: HashMap<i64, f64>,
    pub lost: HashMap<i64, f64>,
}

/// [`YearPoints`] of branch `branch_id` in `year`. The events are read once and scored as they go,
/// twice: with the year's caps, and with each month's as that month alone would be; each
/// adjustment after the events of its day, as [`events`](super::events) lists them
/// (tests/export_figures.rs holds the figures to [`totals`](super::totals) and
/// [`events`](super::events)).
pub fn year_points(conn: &Connection, branch_id: i64, year: i32) -> Result<YearPoints> {
    let (from, to) = dates::year_bounds(year)?;
    let whose = Whose {
        branch: Some(branch_id),
        member: None,
        details: false,
    };
    let sets = rule_sets(conn)?;
    let mut raw = raw_events(conn, whose, from, to)?;
    sort_raw(&mut raw);
    let mut adjustments = adjustments(conn, whose, from, to)?;
    adjustments.sort_by_key(|e| e.date);
    let (mut by_year, mut by_month) = (Caps::new(false), Caps::new(true));
    let mut year_total: IdMap<i64, i64> = IdMap::default();
    let mut months: Vec<IdMap<i64, i64>> = vec![IdMap::default(); 12];
    let (mut gained, mut lost): (IdMap<i64, f64>, IdMap<i64, f64>) = Default::default();
    // An event's points with the year's caps and with its month's.
    let mut add = |member_id: i64, date: NaiveDate, of_year: Tenths, of_month: Tenths| {
        *months[date.month0() as usize].entry(member_id).or_default() += of_month.0;
        *year_total.entry(member_id).or_default() += of_year.0;
        let p = of_year.as_f64();
        let book = if p >= 0.0 { &mut gained } else { &mut lost };
        *book.entry(member_id).or_default() += p.abs();
    };
    let mut adjustments = adjustments.into_iter().peekable();
    for e in &raw {
        while let Some(a) = adjustments.next_if(|a| a.date < e.date) {
            add(a.member_id, a.date, a.points, a.points);
        }
        if let (Some((_, of_year, _)), Some((_, of_month, _))) = (by_year.score(&sets, e), by_month.score(&sets, e)) {
            add(e.member_id, e.date, of_year, of_month);
        }
    }
    for a in adjustments {
        add(a.member_id, a.date, a.points, a.points);
    }
    let tenths = |m: IdMap<i64, i64>| m.into_iter().map(|(id, t)| (id, Tenths(t))).collect();
    Ok(YearPoints {
        year: tenths(year_total),
        months: months.into_iter().map(tenths).collect(),
        gained: gained.into_iter().collect(),
        lost: lost.into_iter().collect(),
    })
}

/// A branch's [`YearPoints`] kept while the ledger stays as it was ([`crate::store::Memo`]): what
/// was counted ahead when the ledger opened, or for a view before, is not counted again.
#[derive(Default)]
pub struct Kept(crate::store::Memo<(i32, i64), YearPoints>);

impl Kept {
    /// [`year_points`] of branch `branch_id` in `year`, counted once while the ledger is unchanged.
    pub fn year(&self, conn: &Connection, branch_id: i64, year: i32) -> Result<std::sync::Arc<YearPoints>> {
        self.0
            .get(conn, (year, branch_id), || year_points(conn, branch_id, year))
    }

    /// [`ranking`](super::ranking) of the year, or of one month of it, from the points kept.
    pub fn ranking(&self, conn: &Connection, branch_id: i64, year: i32, month: Option<u32>) -> Result<Vec<Standing>> {
        let (from, to) = period(year, month)?;
        let points = self.year(conn, branch_id, year)?;
        let totals = match month {
            Some(m) => &points.months[m as usize - 1],
            None => &points.year,
        };
        Ok(rank(roll::during(conn, Some(branch_id), from, to)?, totals))
    }
}
