//! Organisational life by month: how many activities of which kinds, and the attendance rate.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::Serialize;

use super::canvas::{line, rect, render, ticks, Align, Label, Overlay};
use super::palette::{kind_fill, AXIS, GRID, INK, INK2, RED, WHITE};
use super::Data;
use super::{Chart, ChartOptions};
use crate::domain::activities::ActivitySummary;
use crate::kernel::labels::ActivityKind;
use crate::Result;

/// Activities of one month that have exactly these kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Block {
    pub kinds: Vec<ActivityKind>,
    pub count: u32,
}

/// One bar of the activities chart: its height is the number of distinct activities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthBar {
    pub month: u32,
    pub total: u32,
    /// Bottom to top: by kinds in `ActivityKind::ALL` order, so 三会一课 sit at the foot.
    pub blocks: Vec<Block>,
}

/// The twelve bars: each activity counts once, in the block of its set of kinds (a 主题党日 that is
/// also a 党课 is one activity drawn in both colours side by side, not two).
pub fn month_bars(list: &[ActivitySummary]) -> Vec<MonthBar> {
    let mut months: BTreeMap<u32, BTreeMap<Vec<ActivityKind>, u32>> = BTreeMap::new();
    for a in list {
        let mut kinds = a.kinds.clone();
        kinds.sort();
        kinds.dedup();
        if kinds.is_empty() {
            kinds.push(ActivityKind::Other);
        }
        *months.entry(a.date.month()).or_default().entry(kinds).or_default() += 1;
    }
    (1..=12)
        .map(|month| {
            let blocks: Vec<Block> = months
                .remove(&month)
                .unwrap_or_default()
                .into_iter()
                .map(|(kinds, count)| Block { kinds, count })
                .collect();
            MonthBar {
                month,
                total: blocks.iter().map(|b| b.count).sum(),
                blocks,
            }
        })
        .collect()
}

/// Horizontal grid lines with their labels at the left of the plot (x0..x1, bottom at `y0`).
fn y_grid(
    root: &super::canvas::Area,
    ov: &mut Overlay,
    (x0, x1): (i32, i32),
    values: &[f64],
    y_of: impl Fn(f64) -> i32,
    label: impl Fn(f64) -> String,
) -> Result<()> {
    let width = ov.px(2.0).round().max(1.0) as u32;
    for v in values {
        let y = y_of(*v);
        line(root, (x0, y), (x1, y), if *v == 0.0 { AXIS } else { GRID }, width)?;
        ov.text(
            Label::new(label(*v), (x0 as f32 - ov.px(16.0), y as f32), ov.px(28.0))
                .color(INK2)
                .align(Align::End, Align::Center),
        );
    }
    Ok(())
}

fn month_labels(ov: &mut Overlay, centre: impl Fn(u32) -> f32, bottom: f32) {
    for m in 1..=12u32 {
        let at = (centre(m), bottom + ov.px(14.0));
        ov.text(
            Label::new(format!("{m}月"), at, ov.px(30.0))
                .color(INK2)
                .align(Align::Center, Align::Start),
        );
    }
}

pub(super) fn activities_by_month(data: &Data, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let list = &data.activities;
    let bars = month_bars(list);
    // The legend's count of a kind counts every activity of that kind, as 年度统计 does.
    let mut per_kind: BTreeMap<ActivityKind, u32> = BTreeMap::new();
    for b in bars.iter().flat_map(|m| &m.blocks) {
        for k in &b.kinds {
            *per_kind.entry(*k).or_default() += b.count;
        }
    }
    let title = format!("{} 年组织生活开展情况（按月、按类型）", opts.year);
    let subtitle = format!(
        "{branch}　全年 {} 次活动；一格是一次活动，同属几种类型的活动分色并列、只计一次",
        list.len()
    );
    let (w, h) = (opts.width, opts.height);
    let k = h as f32 / 1080.0;
    let png = render(w, h, k, |root, ov| {
        let top = ov.caption(w, &title, &subtitle) + ov.px(50.0);
        let (left, right) = (ov.px(110.0), w as f32 - ov.px(440.0));
        let bottom = h as f32 - ov.px(80.0);
        let max = bars.iter().map(|b| b.total).max().unwrap_or(0).max(1);
        let values = ticks(max as f64, 6);
        let y_max = values.last().copied().unwrap_or(1.0);
        let y_of = |v: f64| (bottom - (v / y_max) as f32 * (bottom - top)).round() as i32;
        y_grid(root, ov, (left as i32, right as i32), &values, y_of, |v| {
            format!("{v:.0}")
        })?;
        ov.text(
            Label::new("次数", (left - ov.px(16.0), top - ov.px(26.0)), ov.px(26.0))
                .color(INK2)
                .align(Align::End, Align::End),
        );
        let band = (right - left) / 12.0;
        let centre = |m: u32| left + band * (m as f32 - 0.5);
        month_labels(ov, centre, bottom);
        let half = band * 0.34;
        // A gap between blocks, unless blocks are so thin (a month of a hundred activities, or a
        // preview) that the gaps would hide their colours: then the kinds stack solid.
        let gap = ov.px(3.0).round().max(1.0) as i32;
        let gap = if y_of(0.0) - y_of(1.0) >= 3 * gap { gap } else { 0 };
        for bar in &bars {
            let (x0, x1) = (centre(bar.month) - half, centre(bar.month) + half);
            let mut level = 0u32;
            for block in &bar.blocks {
                let n = block.kinds.len() as f32;
                for _ in 0..block.count {
                    let (y0, y1) = (y_of(level as f64 + 1.0) + gap, y_of(level as f64));
                    for (i, kind) in block.kinds.iter().enumerate() {
                        let fill = kind_fill(*kind);
                        let sx0 = (x0 + (x1 - x0) * i as f32 / n).round() as i32 + if i > 0 { gap / 2 } else { 0 };
                        let sx1 = (x0 + (x1 - x0) * (i + 1) as f32 / n).round() as i32;
                        let r = [sx0, y0, sx1, y1];
                        rect(root, r, fill.color)?;
                        ov.hatch(r, fill.pattern, fill.ink());
                    }
                    level += 1;
                }
            }
            if bar.total > 0 {
                let at = (centre(bar.month), y_of(bar.total as f64) as f32 - ov.px(8.0));
                ov.text(
                    Label::new(bar.total.to_string(), at, ov.px(34.0))
                        .bold()
                        .align(Align::Center, Align::End),
                );
            }
        }
        // Legend at the right: a swatch, the kind, and its count for the year.
        let lx = right + ov.px(56.0);
        let rx = w as f32 - ov.px(40.0);
        ov.text(
            Label::new("类型", (lx, top - ov.px(26.0)), ov.px(26.0))
                .color(INK2)
                .align(Align::Start, Align::End),
        );
        ov.text(
            Label::new("全年次数", (rx, top - ov.px(26.0)), ov.px(26.0))
                .color(INK2)
                .align(Align::End, Align::End),
        );
        let pitch = ((bottom - top) / per_kind.len().max(1) as f32).min(ov.px(56.0));
        for (i, (kind, n)) in per_kind.iter().enumerate() {
            let fill = kind_fill(*kind);
            let y = top + i as f32 * pitch;
            let r = [lx as i32, y as i32, (lx + ov.px(52.0)) as i32, (y + ov.px(36.0)) as i32];
            rect(root, r, fill.color)?;
            ov.hatch(r, fill.pattern, fill.ink());
            let mid = y + ov.px(18.0);
            ov.text(Label::new(kind.label(), (lx + ov.px(68.0), mid), ov.px(28.0)).align(Align::Start, Align::Center));
            ov.text(Label::new(n.to_string(), (rx, mid), ov.px(28.0)).align(Align::End, Align::Center));
        }
        Ok(())
    })?;
    Ok(Chart {
        file_name: "activities_by_month.png",
        title,
        png,
    })
}

pub(super) fn attendance_by_month(data: &Data, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let list = &data.activities;
    let mut sums: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for a in list {
        let e = sums.entry(a.date.month()).or_default();
        e.0 += a.tally.present;
        e.1 += a.tally.expected;
    }
    let rates: Vec<(u32, f64)> = sums
        .iter()
        .filter(|(_, (_, exp))| *exp > 0)
        .map(|(m, (p, e))| (*m, *p as f64 / *e as f64 * 100.0))
        .collect();
    let (p, e) = sums.values().fold((0, 0), |acc, v| (acc.0 + v.0, acc.1 + v.1));
    let mean = (e > 0).then(|| p as f64 / e as f64 * 100.0);
    let title = format!("{} 年各月出席率", opts.year);
    let subtitle = match mean {
        Some(r) => format!("{branch}　全年平均 {r:.1}%（实到 {p} ÷ 应到 {e} 人次）；应到按活动当日在册党员计算"),
        None => format!("{branch}　本年尚无组织生活记录"),
    };
    let (w, h) = (opts.width, opts.height);
    let k = h as f32 / 1080.0;
    let png = render(w, h, k, |root, ov| {
        let top = ov.caption(w, &title, &subtitle) + ov.px(50.0);
        let (left, right) = (ov.px(130.0), w as f32 - ov.px(230.0));
        let bottom = h as f32 - ov.px(80.0);
        let y_of = |v: f64| (bottom - (v / 100.0) as f32 * (bottom - top)).round() as i32;
        let values: Vec<f64> = (0..=5).map(|i| i as f64 * 20.0).collect();
        y_grid(root, ov, (left as i32, right as i32), &values, y_of, |v| {
            format!("{v:.0}%")
        })?;
        let band = (right - left) / 12.0;
        let centre = |m: u32| left + band * (m as f32 - 0.5);
        month_labels(ov, centre, bottom);
        let half = band * 0.3;
        if let Some(mean) = mean {
            // The year's average as a dashed line behind the bars, named at its right end.
            let y = y_of(mean);
            let (dash, width) = (ov.px(18.0) as i32, ov.px(3.0).round().max(1.0) as u32);
            let mut x = left as i32;
            while x < right as i32 {
                line(root, (x, y), ((x + dash).min(right as i32), y), INK, width)?;
                x += dash * 2;
            }
            ov.text(
                Label::new(format!("全年 {mean:.1}%"), (right + ov.px(16.0), y as f32), ov.px(30.0))
                    .bold()
                    .align(Align::Start, Align::Center),
            );
        }
        for (m, r) in &rates {
            let c = centre(*m);
            rect(root, [(c - half) as i32, y_of(*r), (c + half) as i32, y_of(0.0)], RED)?;
            ov.text(
                Label::new(format!("{r:.1}%"), (c, y_of(*r) as f32 - ov.px(10.0)), ov.px(30.0))
                    .bold()
                    .plate(WHITE)
                    .align(Align::Center, Align::End),
            );
        }
        Ok(())
    })?;
    Ok(Chart {
        file_name: "attendance_by_month.png",
        title,
        png,
    })
}
