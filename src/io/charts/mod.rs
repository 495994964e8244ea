//! Charts to show at a meeting, drawn with plotters into 1920×1080 PNGs in the CJK font embedded in
//! the binary (Noto Sans CJK SC; there is no per-glyph fallback, so every label uses it).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;
use std::sync::OnceLock;

use chrono::Datelike;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};
use rusqlite::Connection;
use serde::Serialize;

use crate::analysis::points;
use crate::domain::activities;
use crate::domain::org;
use crate::domain::study;
use crate::kernel::dates;
use crate::kernel::labels::ActivityKind;
use crate::kernel::progress::{OnProgress, Progress};
use crate::Error;
use crate::Result;

/// Noto Sans CJK SC Regular, subset to Latin, punctuation and U+4E00–9FFF (assets/fonts/OFL.txt).
pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
pub const FONT: &str = "zhibu-cjk";

const RED: RGBColor = RGBColor(0xB7, 0x1C, 0x1C);
const GOLD: RGBColor = RGBColor(0xE0, 0xA1, 0x00);
const INK: RGBColor = RGBColor(0x1F, 0x29, 0x33);
const GREY: RGBColor = RGBColor(0x9C, 0xA3, 0xAF);
/// One colour per activity kind, in `ActivityKind::ALL` order.
const KIND_COLORS: [RGBColor; 14] = [
    RGBColor(0xB7, 0x1C, 0x1C),
    RGBColor(0xE5, 0x73, 0x73),
    RGBColor(0xF5, 0x7C, 0x00),
    RGBColor(0xFB, 0xC0, 0x2D),
    RGBColor(0x8E, 0x24, 0xAA),
    RGBColor(0x5D, 0x40, 0x37),
    RGBColor(0x45, 0x5A, 0x64),
    RGBColor(0x00, 0x89, 0x7B),
    RGBColor(0x1E, 0x88, 0xE5),
    RGBColor(0x43, 0xA0, 0x47),
    RGBColor(0x7C, 0xB3, 0x42),
    RGBColor(0x39, 0x49, 0xAB),
    RGBColor(0xD8, 0x1B, 0x60),
    RGBColor(0x75, 0x75, 0x75),
];

#[derive(Debug, Clone, Copy)]
pub struct ChartOptions {
    pub year: i32,
    pub branch_id: i64,
    /// How many members the ranking shows (and, with `anonymize`, how many keep their names).
    pub top: usize,
    pub anonymize: bool,
    pub width: u32,
    pub height: u32,
}

impl ChartOptions {
    pub fn new(year: i32, branch_id: i64) -> ChartOptions {
        ChartOptions {
            year,
            branch_id,
            top: 10,
            anonymize: false,
            width: 1920,
            height: 1080,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Chart {
    pub file_name: &'static str,
    pub title: String,
    #[serde(skip)]
    pub png: Vec<u8>,
}

fn font_ready() -> Result<()> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED.get_or_init(|| register_font(FONT, FontStyle::Normal, FONT_BYTES).is_ok());
    if ok {
        Ok(())
    } else {
        Err(Error::Chart("内置中文字体无法加载".into()))
    }
}

/// Characters of `text` the embedded font has no glyph for (they would show as boxes).
pub fn missing_glyphs(text: &str) -> Vec<char> {
    use ab_glyph::Font;
    match ab_glyph::FontRef::try_from_slice(FONT_BYTES) {
        Ok(font) => text
            .chars()
            .filter(|c| !c.is_whitespace() && font.glyph_id(*c).0 == 0)
            .collect(),
        Err(_) => text.chars().collect(),
    }
}

fn chart_err<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

/// Draws into an RGB buffer and encodes it as PNG.
fn render(opts: &ChartOptions, draw: impl FnOnce(&Area) -> Result<()>) -> Result<Vec<u8>> {
    font_ready()?;
    let (w, h) = (opts.width, opts.height);
    let mut buf = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(chart_err)?;
        draw(&root)?;
        root.present().map_err(chart_err)?;
    }
    let img = image::RgbImage::from_raw(w, h, buf).ok_or_else(|| Error::Chart("图像缓冲区大小不符".into()))?;
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut out, image::ImageOutputFormat::Png)
        .map_err(chart_err)?;
    Ok(out.into_inner())
}

/// Sizes scale with the picture so a smaller preview keeps the proportions of the 1080p original.
fn px(opts: &ChartOptions, size: u32) -> u32 {
    (size * opts.height / 1080).max(8)
}

fn font(opts: &ChartOptions, size: u32) -> TextStyle<'static> {
    (FONT, px(opts, size) as f64).into_font().color(&INK)
}

type DrawChart = fn(&Connection, &ChartOptions, &str) -> Result<Chart>;

/// Every chart of the year: the five always, `branch_ranking` when the ledger has ≥ 2 branches.
/// `progress` hears of each chart as it is drawn.
pub fn render_all(conn: &Connection, opts: &ChartOptions, progress: OnProgress) -> Result<Vec<Chart>> {
    let branch = org::get(conn, opts.branch_id)?;
    let draws: [(&str, DrawChart); 5] = [
        ("各月组织生活", activities_by_month),
        ("各月出席率", attendance_by_month),
        ("学习任务完成率", study_completion_by_task),
        ("党员学时", study_hours),
        ("积分排行", points_top),
    ];
    let several_branches = org::list(conn)?.len() >= 2;
    let total = draws.len() as u32 + u32::from(several_branches);
    let mut charts = Vec::new();
    for (i, (stage, draw)) in draws.iter().enumerate() {
        progress(Progress {
            done: i as u32,
            total,
            stage: stage.to_string(),
        });
        charts.push(draw(conn, opts, &branch.name)?);
    }
    if several_branches {
        progress(Progress {
            done: total - 1,
            total,
            stage: "党支部工作排行".into(),
        });
        charts.push(branch_ranking(conn, opts)?);
    }
    progress(Progress {
        done: total,
        total,
        stage: "完成".into(),
    });
    tracing::info!(year = opts.year, charts = charts.len(), "charts drawn");
    Ok(charts)
}

fn branch_ranking(conn: &Connection, opts: &ChartOptions) -> Result<Chart> {
    let year = opts.year;
    let today = chrono::Local::now().date_naive();
    let rows = points::branch_ranking(conn, year, today)?;
    let title = format!("{year} 年党支部工作排行");
    let bars: Vec<(String, f64)> = rows.iter().map(|r| (r.name.clone(), r.index)).collect();
    let png = render(opts, |root| {
        hbars(
            root,
            opts,
            &title,
            "工作指数（满分 100）= 30% 三会一课按季开齐 + 30% 平均出席率 + 20% 学习任务完成率 + 20% 人均积分（与最高支部相比）",
            &bars,
            100.0,
            RED,
            |v| format!("{v:.1}"),
        )
    })?;
    Ok(Chart {
        file_name: "branch_ranking.png",
        title,
        png,
    })
}

/// Writes every chart into `dir` (created if missing); returns them.
pub fn write_all(conn: &Connection, opts: &ChartOptions, dir: &Path, progress: OnProgress) -> Result<Vec<Chart>> {
    let charts = render_all(conn, opts, progress)?;
    std::fs::create_dir_all(dir)?;
    for c in &charts {
        std::fs::write(dir.join(c.file_name), &c.png)?;
    }
    Ok(charts)
}

fn caption<'b>(root: &Area<'b>, opts: &ChartOptions, title: &str, subtitle: &str) -> Result<Area<'b>> {
    let (top, rest) = root.split_vertically(px(opts, 150));
    top.draw(&Text::new(
        title.to_string(),
        (px(opts, 60) as i32, px(opts, 30) as i32),
        font(opts, 60),
    ))
    .map_err(chart_err)?;
    top.draw(&Text::new(
        subtitle.to_string(),
        (px(opts, 62) as i32, px(opts, 105) as i32),
        font(opts, 30).color(&GREY),
    ))
    .map_err(chart_err)?;
    Ok(rest)
}

fn activities_by_month(conn: &Connection, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let (start, end) = dates::year_bounds(opts.year)?;
    let list = activities::list(conn, Some(opts.branch_id), start, end)?;
    // month → kind → count; an activity of two kinds adds to both.
    let mut counts: BTreeMap<u32, BTreeMap<ActivityKind, u32>> = BTreeMap::new();
    for a in &list {
        for k in &a.kinds {
            *counts.entry(a.date.month()).or_default().entry(*k).or_default() += 1;
        }
    }
    let kinds: Vec<ActivityKind> = ActivityKind::ALL
        .iter()
        .copied()
        .filter(|k| counts.values().any(|m| m.contains_key(k)))
        .collect();
    let max = counts
        .values()
        .map(|m| m.values().sum::<u32>())
        .max()
        .unwrap_or(0)
        .max(1);
    let title = format!("{} 年组织生活开展情况（按月、按类型）", opts.year);
    let subtitle = format!(
        "{branch}　全年 {} 次活动；一次活动同时属于几种类型时，各类型都计入",
        list.len()
    );
    let png = render(opts, |root| {
        let area = caption(root, opts, &title, &subtitle)?;
        let (plot, legend) = area.split_horizontally(opts.width - px(opts, 330));
        let mut chart = ChartBuilder::on(&plot)
            .margin(px(opts, 30))
            .x_label_area_size(px(opts, 70))
            .y_label_area_size(px(opts, 90))
            .build_cartesian_2d((1u32..12u32).into_segmented(), 0u32..(max + max / 6 + 1))
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(0xE5, 0xE7, 0xEB))
            .y_desc("次数")
            .axis_desc_style(font(opts, 30))
            .label_style(font(opts, 30))
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(m) => format!("{m}月"),
                _ => String::new(),
            })
            .draw()
            .map_err(chart_err)?;
        for (i, kind) in kinds.iter().enumerate() {
            let color = KIND_COLORS[ActivityKind::ALL.iter().position(|k| k == kind).unwrap_or(0)];
            chart
                .draw_series((1..=12u32).filter_map(|m| {
                    let month = counts.get(&m)?;
                    let n = *month.get(kind)?;
                    let below: u32 = kinds[..i].iter().filter_map(|k| month.get(k)).sum();
                    let mut bar = Rectangle::new(
                        [(SegmentValue::Exact(m), below), (SegmentValue::Exact(m + 1), below + n)],
                        color.filled(),
                    );
                    bar.set_margin(0, 0, px(opts, 18), px(opts, 18));
                    Some(bar)
                }))
                .map_err(chart_err)?;
        }
        chart
            .draw_series(counts.iter().map(|(m, kinds)| {
                let total: u32 = kinds.values().sum();
                Text::new(
                    total.to_string(),
                    (SegmentValue::CenterOf(*m), total),
                    font(opts, 28).pos(Pos::new(HPos::Center, VPos::Bottom)),
                )
            }))
            .map_err(chart_err)?;
        // Legend at the right: a swatch and the kind's name.
        for (i, kind) in kinds.iter().enumerate() {
            let color = KIND_COLORS[ActivityKind::ALL.iter().position(|k| k == kind).unwrap_or(0)];
            let y = (px(opts, 60) + i as u32 * px(opts, 52)) as i32;
            let x = px(opts, 20) as i32;
            let s = px(opts, 30) as i32;
            legend
                .draw(&Rectangle::new([(x, y), (x + s, y + s)], color.filled()))
                .map_err(chart_err)?;
            legend
                .draw(&Text::new(
                    kind.label(),
                    (x + s + px(opts, 14) as i32, y),
                    font(opts, 30),
                ))
                .map_err(chart_err)?;
        }
        Ok(())
    })?;
    Ok(Chart {
        file_name: "activities_by_month.png",
        title,
        png,
    })
}

fn attendance_by_month(conn: &Connection, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let (start, end) = dates::year_bounds(opts.year)?;
    let list = activities::list(conn, Some(opts.branch_id), start, end)?;
    let mut sums: BTreeMap<u32, (i64, i64)> = BTreeMap::new();
    for a in &list {
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
    let title = format!("{} 年各月出席率", opts.year);
    let subtitle = if e > 0 {
        format!(
            "{branch}　全年平均 {:.1}%（实到 {p} ÷ 应到 {e} 人次）；应到按活动当日在册党员计算",
            p as f64 / e as f64 * 100.0
        )
    } else {
        format!("{branch}　本年尚无组织生活记录")
    };
    let png = render(opts, |root| {
        let area = caption(root, opts, &title, &subtitle)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(opts, 30))
            .x_label_area_size(px(opts, 70))
            .y_label_area_size(px(opts, 110))
            .build_cartesian_2d((1u32..12u32).into_segmented(), 0f64..110f64)
            .map_err(chart_err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(0xE5, 0xE7, 0xEB))
            .label_style(font(opts, 30))
            .y_labels(6)
            .y_label_formatter(&|v| if *v <= 100.0 { format!("{v:.0}%") } else { String::new() })
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(m) => format!("{m}月"),
                _ => String::new(),
            })
            .draw()
            .map_err(chart_err)?;
        chart
            .draw_series(rates.iter().map(|(m, r)| {
                let mut bar = Rectangle::new(
                    [(SegmentValue::Exact(*m), 0.0), (SegmentValue::Exact(m + 1), *r)],
                    RED.filled(),
                );
                bar.set_margin(0, 0, px(opts, 24), px(opts, 24));
                bar
            }))
            .map_err(chart_err)?;
        chart
            .draw_series(rates.iter().map(|(m, r)| {
                Text::new(
                    format!("{r:.1}%"),
                    (SegmentValue::CenterOf(*m), *r + 1.0),
                    font(opts, 30).pos(Pos::new(HPos::Center, VPos::Bottom)),
                )
            }))
            .map_err(chart_err)?;
        Ok(())
    })?;
    Ok(Chart {
        file_name: "attendance_by_month.png",
        title,
        png,
    })
}

/// Horizontal bars, one per row label, best first from the top.
#[allow(clippy::too_many_arguments)]
fn hbars(
    root: &Area,
    opts: &ChartOptions,
    title: &str,
    subtitle: &str,
    bars: &[(String, f64)],
    max: f64,
    color: RGBColor,
    value_label: impl Fn(f64) -> String,
) -> Result<()> {
    let area = caption(root, opts, title, subtitle)?;
    let n = bars.len().max(1) as u32;
    let label_size = if n > 24 {
        22
    } else if n > 14 {
        26
    } else {
        32
    };
    let longest = bars.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(4) as u32;
    let min = bars.iter().map(|(_, v)| *v).fold(0.0_f64, f64::min);
    let mut chart = ChartBuilder::on(&area)
        .margin(px(opts, 30))
        .margin_right(px(opts, 120))
        .x_label_area_size(px(opts, 50))
        .y_label_area_size((px(opts, label_size) * longest.min(28) + px(opts, 30)).min(opts.width / 2))
        .build_cartesian_2d(min..max, (0u32..n - 1).into_segmented())
        .map_err(chart_err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xE5, 0xE7, 0xEB))
        .label_style(font(opts, label_size))
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(n as usize)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => (n - 1)
                .checked_sub(*i)
                .and_then(|r| bars.get(r as usize))
                .map(|b| b.0.clone())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .draw()
        .map_err(chart_err)?;
    let gap = (px(opts, 900) / n / 5).max(2);
    chart
        .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
            let row = n - 1 - i as u32;
            let mut bar = Rectangle::new(
                [(0.0, SegmentValue::Exact(row)), (*v, SegmentValue::Exact(row + 1))],
                color.filled(),
            );
            bar.set_margin(gap, gap, 0, 0);
            bar
        }))
        .map_err(chart_err)?;
    chart
        .draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
            let row = n - 1 - i as u32;
            Text::new(
                format!(" {}", value_label(*v)),
                (v.max(0.0), SegmentValue::CenterOf(row)),
                font(opts, label_size).pos(Pos::new(HPos::Left, VPos::Center)),
            )
        }))
        .map_err(chart_err)?;
    Ok(())
}

fn study_completion_by_task(conn: &Connection, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let tasks = study::task_stats(conn, Some(opts.branch_id), opts.year)?;
    let mean = if tasks.is_empty() {
        0.0
    } else {
        tasks.iter().map(|t| t.completion_rate).sum::<f64>() / tasks.len() as f64
    };
    let title = format!("{} 年学习任务完成率", opts.year);
    let subtitle = format!(
        "{branch}　共 {} 项任务，平均完成率 {:.1}%（含逾期完成）",
        tasks.len(),
        mean * 100.0
    );
    let bars: Vec<(String, f64)> = tasks
        .iter()
        .map(|t| (short(&t.name, 24), t.completion_rate * 100.0))
        .collect();
    let png = render(opts, |root| {
        hbars(root, opts, &title, &subtitle, &bars, 100.0, RED, |v| format!("{v:.0}%"))
    })?;
    Ok(Chart {
        file_name: "study_completion_by_task.png",
        title,
        png,
    })
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

/// `党员 N` in place of a name past the first `top` when anonymizing.
fn shown_name(opts: &ChartOptions, index: usize, name: &str) -> String {
    if opts.anonymize && index >= opts.top {
        format!("党员{}", index + 1)
    } else {
        name.to_string()
    }
}

fn study_hours(conn: &Connection, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let mut people = study::member_stats(conn, Some(opts.branch_id), opts.year)?;
    people.sort_by(|a, b| b.study_hours.total_cmp(&a.study_hours));
    let below = people.iter().filter(|p| !p.meets_yearly_hours).count();
    let title = format!("{} 年党员学时（基准线 {} 学时）", opts.year, study::YEARLY_HOURS);
    let subtitle = format!(
        "{branch}　学时 = 学习任务 + 出席组织生活；{} 人中 {below} 人未达 32 学时",
        people.len()
    );
    let max = people
        .iter()
        .map(|p| p.study_hours)
        .fold(study::YEARLY_HOURS * 1.3, f64::max)
        * 1.1;
    let png = render(opts, |root| {
        let area = caption(root, opts, &title, &subtitle)?;
        let n = people.len().max(1) as u32;
        let label_size = if n > 30 { 20 } else { 28 };
        let mut chart = ChartBuilder::on(&area)
            .margin(px(opts, 30))
            .x_label_area_size(px(opts, if n > 24 { 120 } else { 70 }))
            .y_label_area_size(px(opts, 100))
            .build_cartesian_2d((0u32..n - 1).into_segmented(), 0f64..max)
            .map_err(chart_err)?;
        let names: Vec<String> = people
            .iter()
            .enumerate()
            .map(|(i, p)| shown_name(opts, i, &p.name))
            .collect();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(WHITE)
            .bold_line_style(RGBColor(0xE5, 0xE7, 0xEB))
            .label_style(font(opts, label_size))
            .x_labels(n as usize)
            .x_label_style(if n > 24 {
                font(opts, label_size).transform(FontTransform::Rotate90)
            } else {
                font(opts, label_size)
            })
            .x_label_formatter(&|v| match v {
                SegmentValue::CenterOf(i) => names.get(*i as usize).cloned().unwrap_or_default(),
                _ => String::new(),
            })
            .y_desc("学时")
            .y_label_formatter(&|v| format!("{v:.0}"))
            .axis_desc_style(font(opts, 30))
            .draw()
            .map_err(chart_err)?;
        let gap = (px(opts, 1500) / n / 6).max(2);
        chart
            .draw_series(people.iter().enumerate().map(|(i, p)| {
                let color = if p.meets_yearly_hours { RED } else { GOLD };
                let mut bar = Rectangle::new(
                    [
                        (SegmentValue::Exact(i as u32), 0.0),
                        (SegmentValue::Exact(i as u32 + 1), p.study_hours),
                    ],
                    color.filled(),
                );
                bar.set_margin(0, 0, gap, gap);
                bar
            }))
            .map_err(chart_err)?;
        let line = ShapeStyle {
            color: INK.to_rgba(),
            filled: false,
            stroke_width: px(opts, 4),
        };
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![
                    (SegmentValue::Exact(0), study::YEARLY_HOURS),
                    (SegmentValue::Exact(n), study::YEARLY_HOURS),
                ],
                line,
            )))
            .map_err(chart_err)?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("基准线 {} 学时", study::YEARLY_HOURS),
                (SegmentValue::Exact(0), study::YEARLY_HOURS + max / 80.0),
                font(opts, 30).pos(Pos::new(HPos::Left, VPos::Bottom)),
            )))
            .map_err(chart_err)?;
        Ok(())
    })?;
    Ok(Chart {
        file_name: "study_hours.png",
        title,
        png,
    })
}

fn points_top(conn: &Connection, opts: &ChartOptions, branch: &str) -> Result<Chart> {
    let (start, end) = dates::year_bounds(opts.year)?;
    let ranking = points::ranking(conn, opts.branch_id, start, end)?;
    let top: Vec<&points::Standing> = ranking.iter().take(opts.top.max(1)).collect();
    let title = format!("{} 年度积分排行（前 {} 名）", opts.year, top.len());
    let subtitle = format!("{branch}　同分同名次；每一分都对应一条记录和一条积分规则");
    let max = top.first().map(|s| s.points.as_f64()).unwrap_or(1.0).max(1.0) * 1.12;
    let bars: Vec<(String, f64)> = top
        .iter()
        .map(|s| (format!("第{}名 {}", s.rank, s.name), s.points.as_f64()))
        .collect();
    let png = render(opts, |root| {
        hbars(root, opts, &title, &subtitle, &bars, max, RED, |v| format!("{v} 分"))
    })?;
    Ok(Chart {
        file_name: "points_top.png",
        title,
        png,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymized_charts_keep_only_the_top_names() {
        let opts = ChartOptions {
            top: 2,
            anonymize: true,
            ..ChartOptions::new(2026, 1)
        };
        let names: Vec<String> = ["甲", "乙", "丙"]
            .iter()
            .enumerate()
            .map(|(i, n)| shown_name(&opts, i, n))
            .collect();
        assert_eq!(names, ["甲", "乙", "党员3"]);
        let open = ChartOptions {
            anonymize: false,
            ..opts
        };
        assert_eq!(shown_name(&open, 2, "丙"), "丙");
    }

    #[test]
    fn the_embedded_font_covers_chinese_names_and_digits() {
        assert!(missing_glyphs("覃小兰 韦芳 蒙志刚 邓凯 0123456789 出席率 85.7% （）：、").is_empty());
        assert_eq!(missing_glyphs("A😀"), vec!['😀']);
    }
}
