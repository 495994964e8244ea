//! Charts to show at a meeting, and the year's 党建成果 poster: 1920×1080 PNGs (the poster also as an
//! A4 portrait page at 300 dpi) in the CJK font embedded in the binary (Noto Sans CJK SC; there is no
//! per-glyph fallback, so every label uses it). plotters fills the bars and lines; every word is set by
//! `canvas`, which places glyphs by the font's own metrics.

mod activities;
mod canvas;
mod palette;
mod poster;
mod ranking;
mod study;

use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::analysis::points;
use crate::domain::activities::{self as ledger_activities, ActivitySummary};
use crate::domain::{org, study as ledger_study};
use crate::kernel::dates;
use crate::kernel::progress::{OnProgress, Progress};
use crate::Result;

pub use activities::{month_bars, Block, MonthBar};
pub use canvas::{missing_glyphs, SUBTITLE_PX, TITLE_PX};
pub use poster::{poster_figures, Pioneer, PosterFigures, TopMember};
pub use study::short_labels;

/// Noto Sans CJK SC Regular, subset to Latin, punctuation and U+4E00–9FFF (assets/fonts/OFL.txt).
pub const FONT_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSansCJKsc-Regular-subset.otf");

#[derive(Debug, Clone, Copy)]
pub struct ChartOptions {
    pub year: i32,
    pub branch_id: i64,
    /// How many members the ranking shows (and, with `anonymize`, how many keep their names).
    pub top: usize,
    /// 演示模式: names past the first `top` are hidden, and the poster names no one by points.
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

type DrawChart = fn(&Data, &ChartOptions, &str) -> Result<Chart>;

/// What the charts and the poster draw, read and counted once for them all: the year's activities
/// with their tallies (newest first), the task and member study figures, the points ranking.
pub(crate) struct Data<'a> {
    conn: &'a Connection,
    activities: Vec<ActivitySummary>,
    tasks: Vec<ledger_study::TaskStat>,
    people: Vec<ledger_study::MemberStudy>,
    ranking: Vec<points::Standing>,
}

impl<'a> Data<'a> {
    fn read(conn: &'a Connection, opts: &ChartOptions) -> Result<Data<'a>> {
        let (start, end) = dates::year_bounds(opts.year)?;
        let (tasks, people) = ledger_study::year_stats(conn, Some(opts.branch_id), opts.year)?;
        Ok(Data {
            conn,
            activities: ledger_activities::list(conn, Some(opts.branch_id), start, end)?,
            tasks,
            people,
            ranking: points::ranking(conn, opts.branch_id, start, end)?,
        })
    }
}

/// Every picture of the year: the five charts, `branch_ranking` when the ledger has ≥ 2 branches, then
/// the poster (screen, then A4) — the last slide of a 述职. `progress` hears of each as it is drawn.
pub fn render_all(conn: &Connection, opts: &ChartOptions, progress: OnProgress) -> Result<Vec<Chart>> {
    let branch = org::get(conn, opts.branch_id)?;
    progress(Progress {
        done: 0,
        total: 1,
        stage: "读取台账".into(),
    });
    let data = Data::read(conn, opts)?;
    let mut draws: Vec<(&str, DrawChart)> = vec![
        ("各月组织生活", activities::activities_by_month),
        ("各月出席率", activities::attendance_by_month),
        ("学习任务完成率", study::study_completion_by_task),
        ("党员学时", study::study_hours),
        ("积分排行", ranking::points_top),
    ];
    if org::list(conn)?.len() >= 2 {
        draws.push(("党支部工作排行", ranking::branch_ranking));
    }
    let total = draws.len() as u32 + 1;
    let mut charts = Vec::new();
    for (i, (stage, draw)) in draws.iter().enumerate() {
        progress(Progress {
            done: i as u32,
            total,
            stage: stage.to_string(),
        });
        charts.push(draw(&data, opts, &branch.name)?);
    }
    progress(Progress {
        done: total - 1,
        total,
        stage: "年度党建成果海报".into(),
    });
    charts.extend(poster::posters(&data, opts)?);
    progress(Progress {
        done: total,
        total,
        stage: "完成".into(),
    });
    tracing::info!(year = opts.year, charts = charts.len(), "charts drawn");
    Ok(charts)
}

/// Writes every chart into `dir` (created if missing); returns them.
pub fn write_all(conn: &Connection, opts: &ChartOptions, dir: &Path, progress: OnProgress) -> Result<Vec<Chart>> {
    let charts = render_all(conn, opts, progress)?;
    std::fs::create_dir_all(dir)?;
    for c in &charts {
        crate::store::files::write_whole(&dir.join(c.file_name), |tmp| Ok(std::fs::write(tmp, &c.png)?))?;
    }
    Ok(charts)
}

/// `党员 N` in place of a name past the first `top` when anonymizing.
fn shown_name(opts: &ChartOptions, index: usize, name: &str) -> String {
    if opts.anonymize && index >= opts.top {
        format!("党员{}", index + 1)
    } else {
        name.to_string()
    }
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
        assert!(missing_glyphs("覃小兰 韦芳 蒙志刚 邓凯 0123456789 出席率 85.7% （）：、《》…·—").is_empty());
        assert_eq!(missing_glyphs("A😀"), vec!['😀']);
    }
}
