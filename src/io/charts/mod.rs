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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use rusqlite::Connection;
use serde::Serialize;

use crate::analysis::{college, points};
use crate::domain::activities::{self as ledger_activities, ActivitySummary};
use crate::domain::{org, study as ledger_study};
use crate::kernel::dates;
use crate::kernel::progress::{OnProgress, Progress};
use crate::{store, Result};

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
pub(crate) struct Data {
    activities: Vec<ActivitySummary>,
    tasks: Vec<ledger_study::TaskStat>,
    people: Vec<ledger_study::MemberStudy>,
    ranking: Vec<points::Standing>,
}

impl Data {
    /// The study figures are counted on a second reader meanwhile; the ranking is of the year's
    /// points kept in `points`.
    fn read(conn: &Connection, opts: &ChartOptions, points: &points::Kept) -> Result<Data> {
        let (start, end) = dates::year_bounds(opts.year)?;
        let ((tasks, people), (activities, ranking)) = crate::store::alongside(
            conn,
            |reader| ledger_study::year_stats(reader, Some(opts.branch_id), opts.year),
            || {
                Ok((
                    ledger_activities::list(conn, Some(opts.branch_id), start, end)?,
                    points.ranking(conn, opts.branch_id, opts.year, None)?,
                ))
            },
        )?;
        Ok(Data {
            activities,
            tasks,
            people,
            ranking,
        })
    }
}

/// The five charts every branch draws, in their order.
const DRAWS: [(&str, DrawChart); 5] = [
    ("各月组织生活", activities::activities_by_month),
    ("各月出席率", activities::attendance_by_month),
    ("学习任务完成率", study::study_completion_by_task),
    ("党员学时", study::study_hours),
    ("积分排行", ranking::points_top),
];

/// A picture drawn from the figures already read.
enum Job {
    Chart(DrawChart),
    Slide,
    Page,
}

/// Every picture of the year: the five charts, `branch_ranking` when the ledger has ≥ 2 branches, then
/// the poster (screen, then A4) — the last slide of a 述职. `progress` hears of each as it is drawn.
pub fn render_all(conn: &Connection, opts: &ChartOptions, progress: OnProgress) -> Result<Vec<Chart>> {
    render(
        conn,
        opts,
        true,
        (&Read::default(), &college::Counted::default()),
        progress,
    )
}

/// What the charts read of a branch's year, kept while the ledger stays as it was and the same
/// year and branch are asked ([`store::Memo`]): previews drawn again (another number of names,
/// 演示模式 at full size, the view opened again) draw without reading the year again.
#[derive(Default)]
pub struct Read {
    data: store::Memo<(i32, i64), Data>,
    /// The year's points the ranking is read from, kept for the 民主评议 sheet too.
    pub points: points::Kept,
}

/// [`render_all`] for the screen: without the A4 poster, which only prints. The year's figures are
/// kept in `read`, and the branches' ranking reuses the college's year `counted`, while the ledger
/// is unchanged.
pub fn render_slides(
    conn: &Connection,
    opts: &ChartOptions,
    read: &Read,
    counted: &college::Counted,
    progress: OnProgress,
) -> Result<Vec<Chart>> {
    render(conn, opts, false, (read, counted), progress)
}

/// Counts ahead into `read` and `counted` what [`render_slides`] reads first of the year of `today`
/// for the branch: the year's figures, and the college's year as of `today` when the ledger holds
/// several branches. Done when a ledger opens, so that 报表 and the 党委 view open on figures
/// already counted.
pub fn count_ahead(
    conn: &Connection,
    today: chrono::NaiveDate,
    branch_id: i64,
    read: &Read,
    counted: &college::Counted,
) -> Result<()> {
    let year = chrono::Datelike::year(&today);
    let opts = ChartOptions::new(year, branch_id);
    read.data
        .get(conn, (year, branch_id), || Data::read(conn, &opts, &read.points))?;
    if org::list(conn)?.len() >= 2 {
        counted.year(conn, year, today)?;
    }
    Ok(())
}

fn render(
    conn: &Connection,
    opts: &ChartOptions,
    print: bool,
    (read, counted): (&Read, &college::Counted),
    progress: OnProgress,
) -> Result<Vec<Chart>> {
    let branch = org::get(conn, opts.branch_id)?.name;
    progress(Progress {
        done: 0,
        total: 1,
        stage: "读取台账".into(),
    });
    let data = read.data.get(conn, (opts.year, opts.branch_id), || {
        Data::read(conn, opts, &read.points)
    })?;
    let figures = poster::figures_of(conn, &data, opts)?;
    let mut jobs: Vec<(&str, Job)> = DRAWS.iter().map(|(stage, d)| (*stage, Job::Chart(*d))).collect();
    jobs.push(("年度党建成果海报", Job::Slide));
    if print {
        jobs.push(("年度党建成果海报（A4）", Job::Page));
    }
    let draw = |job: &Job| match job {
        Job::Chart(d) => d(&data, opts, &branch),
        Job::Slide => poster::slide(&figures, opts),
        Job::Page => poster::page(&figures, opts),
    };
    let college = org::list(conn)?.len() >= 2;
    let total = (jobs.len() + usize::from(college)) as u32;
    let next = AtomicUsize::new(0);
    let claim = || Some(next.fetch_add(1, Ordering::Relaxed)).filter(|&i| i < jobs.len());
    let drawn: Vec<OnceLock<Result<Chart>>> = jobs.iter().map(|_| OnceLock::new()).collect();
    // A second thread draws while this one counts the college's ranking (itself on two
    // connections), then both take the pictures left in turn.
    let mut ranked = std::thread::scope(|s| {
        s.spawn(|| {
            while let Some(i) = claim() {
                let _ = drawn[i].set(draw(&jobs[i].1));
            }
        });
        let ranked = college.then(|| {
            progress(Progress {
                done: 0,
                total,
                stage: "党支部工作排行".into(),
            });
            let today = chrono::Local::now().date_naive();
            counted
                .ranking(conn, opts.year, today)
                .and_then(|rows| ranking::branch_ranking(&rows, opts))
        });
        while let Some(i) = claim() {
            progress(Progress {
                done: i as u32 + u32::from(college),
                total,
                stage: jobs[i].0.to_string(),
            });
            let _ = drawn[i].set(draw(&jobs[i].1));
        }
        ranked
    });
    let mut charts = Vec::with_capacity(drawn.len() + 1);
    for (i, chart) in drawn.into_iter().enumerate() {
        let chart = chart
            .into_inner()
            .unwrap_or_else(|| Err(crate::Error::Chart(format!("{}绘制失败", jobs[i].0))))?;
        charts.push(chart);
        // The branches' ranking follows the branch's own charts, before the poster.
        if i + 1 == DRAWS.len() {
            charts.extend(ranked.take().transpose()?);
        }
    }
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
