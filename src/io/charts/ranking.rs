//! Horizontal bar charts — the points ranking, the branches' work index — and the bars they share
//! with the study tasks.

use plotters::style::RGBColor;

use super::canvas::{line, rect, render, text_width, ticks, Align, Area, Label, Overlay};
use super::palette::{GRID, INK2, RED};
use super::Data;
use super::{Chart, ChartOptions};
use crate::analysis::college::BranchStanding;
use crate::analysis::points;
use crate::Result;

/// Rows of labelled bars, best first from the top; more than 18 rows go in two columns so the
/// labels keep a size a room can read.
pub(super) struct Bars<'a> {
    pub rows: &'a [(String, f64)],
    /// The value at the right end of the axis (at least every row's value).
    pub max: f64,
    pub color: RGBColor,
    pub value: &'a dyn Fn(f64) -> String,
}

pub(super) const TWO_COLUMNS_FROM: usize = 19;

pub(super) fn hbars(root: &Area, ov: &mut Overlay, (w, h): (u32, u32), top: f32, bars: &Bars) -> Result<()> {
    let n = bars.rows.len();
    if n == 0 {
        ov.text(
            Label::new("本年暂无数据", (w as f32 / 2.0, h as f32 / 2.0), ov.px(40.0))
                .align(Align::Center, Align::Center),
        );
        return Ok(());
    }
    let columns = if n >= TWO_COLUMNS_FROM { 2 } else { 1 };
    let per_column = n.div_ceil(columns);
    let bottom = h as f32 - ov.px(70.0);
    let margin = ov.px(60.0);
    let gutter = ov.px(90.0);
    let column_width = (w as f32 - 2.0 * margin - gutter * (columns - 1) as f32) / columns as f32;
    // Few rows keep a bar's usual thickness, centred in the height rather than filling it.
    let row = ((bottom - top) / per_column as f32).min(ov.px(150.0));
    let top = top + (bottom - top - row * per_column as f32) / 2.0;
    let bottom = top + row * per_column as f32;
    let size = (row * 0.62).min(ov.px(34.0));
    let label_width = bars
        .rows
        .iter()
        .map(|(l, _)| text_width(l, size))
        .fold(0.0, f32::max)
        .min(column_width * 0.55)
        + ov.px(16.0);
    let value_width = bars
        .rows
        .iter()
        .map(|(_, v)| text_width(&(bars.value)(*v), size))
        .fold(0.0, f32::max)
        + ov.px(24.0);
    let axis = ticks(bars.max, 5);
    let x_max = axis.last().copied().unwrap_or(1.0).max(bars.max);
    let grid_width = ov.px(2.0).round().max(1.0) as u32;
    for c in 0..columns {
        let x0 = margin + c as f32 * (column_width + gutter) + label_width;
        let x1 = margin + c as f32 * (column_width + gutter) + column_width - value_width;
        let x_of = |v: f64| x0 + (v.max(0.0) / x_max) as f32 * (x1 - x0);
        for t in &axis {
            let x = x_of(*t) as i32;
            line(root, (x, top as i32), (x, bottom as i32), GRID, grid_width)?;
            ov.text(
                Label::new(format!("{t:.0}"), (x as f32, bottom + ov.px(10.0)), ov.px(24.0))
                    .color(INK2)
                    .align(Align::Center, Align::Start),
            );
        }
        for (i, (label, v)) in bars.rows.iter().enumerate().skip(c * per_column).take(per_column) {
            let mid = top + row * ((i - c * per_column) as f32 + 0.5);
            let half = row * 0.34;
            rect(
                root,
                [x0 as i32, (mid - half) as i32, x_of(*v) as i32, (mid + half) as i32],
                bars.color,
            )?;
            ov.text(Label::new(label.clone(), (x0 - ov.px(12.0), mid), size).align(Align::End, Align::Center));
            ov.text(
                Label::new((bars.value)(*v), (x_of(*v) + ov.px(10.0), mid), size).align(Align::Start, Align::Center),
            );
        }
    }
    Ok(())
}

pub(super) fn points_top(data: &Data, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let ranking = &data.ranking;
    let top: Vec<&points::Standing> = ranking.iter().take(opts.top.max(1)).collect();
    let title = format!("{} 年度积分排行（前 {} 名）", opts.year, top.len());
    let subtitle = format!("{branch}　同分同名次；每一分都对应一条记录和一条积分规则");
    let max = top.first().map(|s| s.points.as_f64()).unwrap_or(1.0).max(1.0);
    let rows: Vec<(String, f64)> = top
        .iter()
        .map(|s| (format!("第{}名　{}", s.rank, s.name), s.points.as_f64()))
        .collect();
    let value = |v: f64| format!("{v} 分");
    let (w, h) = (opts.width, opts.height);
    let png = render(w, h, h as f32 / 1080.0, |root, ov| {
        let top = ov.caption(w, &title, &subtitle) + ov.px(30.0);
        let bars = Bars {
            rows: &rows,
            max,
            color: RED,
            value: &value,
        };
        hbars(root, ov, (w, h), top, &bars)
    })?;
    Ok(Chart {
        file_name: "points_top.png",
        title,
        png,
    })
}

/// The branches' work index, best first, as [`crate::analysis::college::ranking`] ranks them.
pub(super) fn branch_ranking(rows: &[BranchStanding], opts: &ChartOptions) -> Result<Chart> {
    let year = opts.year;
    let title = format!("{year} 年党支部工作排行");
    let subtitle =
        "工作指数（满分 100）= 30% 组织生活合规率 + 30% 出席率 + 20% 学习任务完成率 + 20% 人均积分（与最高支部相比）";
    let bars: Vec<(String, f64)> = rows.iter().map(|r| (r.name.clone(), r.index)).collect();
    let value = |v: f64| format!("{v:.1}");
    let (w, h) = (opts.width, opts.height);
    let png = render(w, h, h as f32 / 1080.0, |root, ov| {
        let top = ov.caption(w, &title, subtitle) + ov.px(30.0);
        let bars = Bars {
            rows: &bars,
            max: 100.0,
            color: RED,
            value: &value,
        };
        hbars(root, ov, (w, h), top, &bars)
    })?;
    Ok(Chart {
        file_name: "branch_ranking.png",
        title,
        png,
    })
}
