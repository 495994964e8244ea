//! 年度党建成果 海报: the year's headline figures on one picture — the last slide of a secretary's 述职
//! (1920×1080) and the same as an A4 portrait page at 300 dpi (2480×3508). Every figure comes from the
//! ledger's analysis, the same numbers as `report summary`.

use rusqlite::Connection;
use serde::Serialize;

use super::canvas::{rect, render, text_width, Align, Area, Label, Overlay};
use super::palette::{GOLD, INK2, RED, WHITE};
use super::{Chart, ChartOptions, Data};
use crate::domain::{org, pioneers, roll, study};
use crate::kernel::dates;
use crate::kernel::labels::{ActivityKind, PioneerRating};
use crate::Result;

const LIGHT_GOLD: plotters::style::RGBColor = plotters::style::RGBColor(0xFF, 0xE9, 0xA8);
const TILE: plotters::style::RGBColor = plotters::style::RGBColor(0xFD, 0xF2, 0xF0);

#[derive(Debug, Clone, Serialize)]
pub struct TopMember {
    pub rank: i64,
    pub name: String,
    pub points: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pioneer {
    pub kind: String,
    pub name: String,
    /// 优秀 / 合格 / 不合格 once rated at year end.
    pub rating: Option<PioneerRating>,
}

/// The poster's figures, from `reports::summary`, the points ranking and the 先锋示范岗 of the year.
#[derive(Debug, Clone, Serialize)]
pub struct PosterFigures {
    pub year: i32,
    pub branch: String,
    /// 在册 at year end.
    pub members: i64,
    /// Distinct activities of organisational life.
    pub activities: i64,
    pub study_tasks: i64,
    pub theory_sessions: i64,
    pub micro_lectures: i64,
    pub salons: i64,
    /// Discussion posts and replies.
    pub discussions: i64,
    /// Mean completion rate of the year's tasks, 0–1.
    pub study_completion: f64,
    /// Σ实到 ÷ Σ应到, 0–1.
    pub attendance_rate: f64,
    pub study_hours_avg: f64,
    /// The first three by points (fewer if `top` is smaller); none in 演示模式 (`anonymize`).
    pub top_members: Vec<TopMember>,
    pub pioneers: Vec<Pioneer>,
}

pub fn poster_figures(conn: &Connection, opts: &ChartOptions) -> Result<PosterFigures> {
    figures_of(
        conn,
        &Data::read(conn, opts, &crate::analysis::points::Kept::default())?,
        opts,
    )
}

/// [`poster_figures`] from what the charts read: `report summary`'s figures counted from the same
/// activities and study figures it counts them from.
pub(super) fn figures_of(conn: &Connection, data: &Data, opts: &ChartOptions) -> Result<PosterFigures> {
    let kind = |k: ActivityKind| data.activities.iter().filter(|a| a.kinds.contains(&k)).count() as i64;
    let expected: i64 = data.activities.iter().map(|a| a.tally.expected).sum();
    let present: i64 = data.activities.iter().map(|a| a.tally.present).sum();
    let mean = |sum: f64, n: usize| if n > 0 { sum / n as f64 } else { 0.0 };
    let (discussions, _, _) = study::year_counts(conn, Some(opts.branch_id), opts.year)?;
    let end = dates::year_bounds(opts.year)?.1;
    let top_members = if opts.anonymize {
        Vec::new()
    } else {
        data.ranking
            .iter()
            .take(opts.top.clamp(1, 3))
            .map(|r| TopMember {
                rank: r.rank,
                name: r.name.clone(),
                points: r.points.as_f64(),
            })
            .collect()
    };
    let pioneers = pioneers::list(conn, opts.branch_id, opts.year)?
        .into_iter()
        .map(|p| Pioneer {
            kind: p.kind,
            name: p.name,
            rating: p.rating,
        })
        .collect();
    Ok(PosterFigures {
        year: opts.year,
        branch: org::get(conn, opts.branch_id)?.name,
        members: roll::count(conn, Some(opts.branch_id), end)?,
        activities: data.activities.len() as i64,
        study_tasks: data.tasks.len() as i64,
        theory_sessions: kind(ActivityKind::TheoryStudy),
        micro_lectures: kind(ActivityKind::MicroLecture),
        salons: kind(ActivityKind::Salon),
        discussions,
        study_completion: mean(data.tasks.iter().map(|t| t.completion_rate).sum(), data.tasks.len()),
        attendance_rate: if expected > 0 {
            present as f64 / expected as f64
        } else {
            0.0
        },
        study_hours_avg: mean(data.people.iter().map(|p| p.study_hours).sum(), data.people.len()),
        top_members,
        pioneers,
    })
}

/// The ten tiles: label, figure, unit.
fn tiles(f: &PosterFigures) -> [(&'static str, String, &'static str); 10] {
    [
        ("在册党员", f.members.to_string(), "人"),
        ("组织生活", f.activities.to_string(), "次"),
        ("理论学习", f.theory_sessions.to_string(), "次"),
        ("微党课", f.micro_lectures.to_string(), "次"),
        ("主题沙龙", f.salons.to_string(), "次"),
        ("发布学习任务", f.study_tasks.to_string(), "项"),
        ("讨论交流", f.discussions.to_string(), "条"),
        ("任务平均完成率", format!("{:.1}", f.study_completion * 100.0), "%"),
        ("平均出席率", format!("{:.1}", f.attendance_rate * 100.0), "%"),
        ("人均学时", format!("{:.0}", f.study_hours_avg), "学时"),
    ]
}

/// The poster for the screen: 1920×1080 for the default options.
pub(super) fn slide(f: &PosterFigures, opts: &ChartOptions) -> Result<Chart> {
    let (w, h) = (opts.width, opts.height);
    Ok(Chart {
        file_name: "annual_poster.png",
        title: format!("{} 年度党建工作成果（海报）", opts.year),
        png: render(w, h, h as f32 / 1080.0, |root, ov| draw(root, ov, f, false))?,
    })
}

/// The poster for print: A4 portrait at 300 dpi (2480×3508) for the default 1080-high options,
/// scaled like the others otherwise.
pub(super) fn page(f: &PosterFigures, opts: &ChartOptions) -> Result<Chart> {
    let scale = opts.height as f32 / 1080.0;
    let (w, h) = ((2480.0 * scale).round() as u32, (3508.0 * scale).round() as u32);
    Ok(Chart {
        file_name: "annual_poster_a4.png",
        title: format!("{} 年度党建工作成果（海报，A4 打印）", opts.year),
        // Laid out on a 1240-wide page (A4 at 150 dpi), drawn at twice that.
        png: render(w, h, w as f32 / 1240.0, |root, ov| draw(root, ov, f, true))?,
    })
}

fn px_rect(ov: &Overlay, x: f32, y: f32, w: f32, h: f32) -> [i32; 4] {
    [ov.px(x), ov.px(y), ov.px(x + w), ov.px(y + h)].map(|v| v.round() as i32)
}

/// One figure: its name above, the number large in red with its unit beside it.
fn tile(
    root: &Area,
    ov: &mut Overlay,
    (x, y, w, h): (f32, f32, f32, f32),
    text: &(&str, String, &str),
    big: f32,
) -> Result<()> {
    rect(root, px_rect(ov, x, y, w, h), TILE)?;
    rect(root, px_rect(ov, x, y, w, 6.0), RED)?;
    let (label, figure, unit) = text;
    ov.text(Label::new(*label, (ov.px(x + 24.0), ov.px(y + 26.0)), ov.px(32.0)).color(INK2));
    let base = ov.px(y + h - 22.0);
    let number = Label::new(figure.clone(), (ov.px(x + 24.0), base), ov.px(big))
        .bold()
        .color(RED)
        .align(Align::Start, Align::End);
    let after = ov.px(x + 24.0) + text_width(figure, ov.px(big)) + ov.px(big * 0.08);
    ov.text(number);
    // The unit sits on the number's baseline: both em boxes end 0.12 em below it.
    let unit_bottom = base - ov.px(big * 0.12) + ov.px(34.0 * 0.12);
    ov.text(Label::new(*unit, (after, unit_bottom), ov.px(34.0)).align(Align::Start, Align::End));
    Ok(())
}

/// A section heading: a red bar and the words.
fn heading(root: &Area, ov: &mut Overlay, x: f32, y: f32, text: &str) -> Result<()> {
    rect(root, px_rect(ov, x, y + 4.0, 8.0, 32.0), RED)?;
    ov.text(Label::new(text, (ov.px(x + 22.0), ov.px(y)), ov.px(36.0)).bold());
    Ok(())
}

/// One line per kind of post: "教学先锋：王建国（优秀）、黄丽"; 优秀 is named, 合格 is the norm. A line too
/// long for `width` ends with "等 N 人".
fn pioneer_lines(pioneers: &[Pioneer], size: f32, width: f32) -> Vec<String> {
    let mut kinds: Vec<(&str, Vec<String>)> = Vec::new();
    for p in pioneers {
        let name = match p.rating {
            Some(r @ PioneerRating::Excellent) => format!("{}（{}）", p.name, r.label()),
            _ => p.name.clone(),
        };
        match kinds.iter_mut().find(|(k, _)| *k == p.kind) {
            Some((_, names)) => names.push(name),
            None => kinds.push((&p.kind, vec![name])),
        }
    }
    kinds
        .into_iter()
        .map(|(kind, names)| {
            let mut shown = names.len();
            loop {
                let mut line = format!("{kind}：{}", names[..shown].join("、"));
                if shown < names.len() {
                    line.push_str(&format!(" 等 {} 人", names.len()));
                }
                if shown <= 1 || text_width(&line, size) <= width {
                    return line;
                }
                shown -= 1;
            }
        })
        .collect()
}

/// Where things go, in design units: a 1920×1080 slide, or a 1240×1754 page (A4 at 150 dpi).
struct Layout {
    width: f32,
    band: f32,
    margin: f32,
    title_y: f32,
    branch_y: f32,
    /// The period line: under the branch on a page, at the right of it on a slide.
    period_y: f32,
    columns: usize,
    tiles_top: f32,
    tile_h: f32,
    gap: f32,
    big: f32,
    text: f32,
    pitch: f32,
    foot: f32,
}

const SLIDE: Layout = Layout {
    width: 1920.0,
    band: 220.0,
    margin: 80.0,
    title_y: 44.0,
    branch_y: 148.0,
    period_y: 148.0,
    columns: 5,
    tiles_top: 262.0,
    tile_h: 230.0,
    gap: 26.0,
    big: 100.0,
    text: 34.0,
    pitch: 52.0,
    foot: 1048.0,
};

const PAGE: Layout = Layout {
    width: 1240.0,
    band: 320.0,
    margin: 70.0,
    title_y: 78.0,
    branch_y: 188.0,
    period_y: 250.0,
    columns: 2,
    tiles_top: 370.0,
    tile_h: 196.0,
    gap: 20.0,
    big: 92.0,
    text: 32.0,
    pitch: 48.0,
    foot: 1722.0,
};

fn draw(root: &Area, ov: &mut Overlay, f: &PosterFigures, portrait: bool) -> Result<()> {
    let l = if portrait { &PAGE } else { &SLIDE };
    rect(root, px_rect(ov, 0.0, 0.0, l.width, l.band), RED)?;
    rect(root, px_rect(ov, 0.0, l.band, l.width, 8.0), GOLD)?;
    let title = format!("{} 年度党建工作成果", f.year);
    ov.text(
        Label::new(title, (ov.px(l.margin), ov.px(l.title_y)), ov.px(84.0))
            .bold()
            .color(WHITE),
    );
    ov.text(Label::new(f.branch.clone(), (ov.px(l.margin), ov.px(l.branch_y)), ov.px(40.0)).color(LIGHT_GOLD));
    let period = format!("统计期间：{0} 年 1 月—{0} 年 12 月", f.year);
    let period = if portrait {
        Label::new(period, (ov.px(l.margin), ov.px(l.period_y)), ov.px(30.0))
    } else {
        Label::new(period, (ov.px(l.width - l.margin), ov.px(l.period_y)), ov.px(30.0)).align(Align::End, Align::Start)
    };
    ov.text(period.color(LIGHT_GOLD));

    let full = l.width - 2.0 * l.margin;
    let tile_w = (full - l.gap * (l.columns - 1) as f32) / l.columns as f32;
    for (i, t) in tiles(f).iter().enumerate() {
        let (c, r) = ((i % l.columns) as f32, (i / l.columns) as f32);
        let at = (
            l.margin + c * (tile_w + l.gap),
            l.tiles_top + r * (l.tile_h + l.gap),
            tile_w,
            l.tile_h,
        );
        tile(root, ov, at, t, l.big)?;
    }
    let rows = 10usize.div_ceil(l.columns) as f32;
    let below = l.tiles_top + rows * (l.tile_h + l.gap) + 14.0;
    let first = below + 62.0;

    // The ranking at the left (none in 演示模式), the 先锋示范岗 beside it.
    let pioneers_x = if f.top_members.is_empty() {
        l.margin
    } else {
        heading(root, ov, l.margin, below, "年度积分前三名")?;
        let right = l.margin + full * 0.4;
        for (i, m) in f.top_members.iter().enumerate() {
            let y = ov.px(first + i as f32 * l.pitch);
            let who = format!("第{}名　{}", m.rank, m.name);
            ov.text(Label::new(who, (ov.px(l.margin + 22.0), y), ov.px(l.text)));
            let points = Label::new(format!("{} 分", m.points), (ov.px(right), y), ov.px(l.text));
            ov.text(points.align(Align::End, Align::Start));
        }
        l.margin + full * 0.46
    };
    heading(root, ov, pioneers_x, below, "先锋示范岗")?;
    let width = l.width - l.margin - pioneers_x - 22.0;
    let mut lines = pioneer_lines(&f.pioneers, l.text, width);
    if lines.is_empty() {
        lines.push("本年度未设先锋示范岗".into());
    }
    let room = ((l.foot - 30.0 - first) / l.pitch).floor().max(1.0) as usize;
    for (i, line) in lines.iter().take(room).enumerate() {
        let at = (ov.px(pioneers_x + 22.0), ov.px(first + i as f32 * l.pitch));
        ov.text(Label::new(line.clone(), at, ov.px(l.text)));
    }
    let source = format!("数据来源：支部台账 {} 年度统计", f.year);
    ov.text(
        Label::new(source, (ov.px(l.width - l.margin), ov.px(l.foot)), ov.px(22.0))
            .color(INK2)
            .align(Align::End, Align::Center),
    );
    Ok(())
}
