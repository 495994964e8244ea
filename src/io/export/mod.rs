//! The annual electronic ledger (电子台账) as one print-ready workbook: a sheet per register (one file
//! each in `sheets/`), each with a title row, a header row that repeats on every printed page, frozen
//! panes, an autofilter, real dates and numbers, A4 with page numbers. The 花名册, 组织生活记录 and
//! 学习记录 headers are the import headers, so those sheets can be imported back and change nothing.

pub mod appraisal;
pub mod audit;
pub mod college;
pub mod evidence;
mod formats;
mod lines;
pub mod minutes;
mod sheet;
mod sheets;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use chrono::NaiveDate;
use rusqlite::Connection;
use rust_xlsxwriter::{Workbook, Worksheet};
use serde::Serialize;

use crate::analysis::{attention, compliance, points};
use crate::domain::activities::{self, Activity, RollEntry};
use crate::domain::members::{self, Member, MemberFilter};
use crate::domain::{org, roll, study};
use crate::kernel::dates;
use crate::kernel::progress::{OnProgress, Progress};
use crate::store;
use crate::Result;

use sheet::Formats;
pub use sheet::{is_sign_line, NO_RECORDS};

/// The sheets in their order; those without data for the year are left out.
pub const SHEETS: [&str; 18] = [
    "封面",
    "目录",
    "支部基本情况",
    "年度统计",
    "花名册",
    "组织生活记录",
    "考勤表",
    "学习任务",
    "学习记录",
    "学时统计",
    "关注名单",
    "积分明细",
    "积分排行",
    "先锋示范岗",
    "民主评议",
    "合规日历",
    "谈心谈话",
    "表彰",
];

type WriteSheet = fn(&mut Workbook, &Book) -> Result<Option<SheetReport>>;

/// The writer of each sheet, in the order of [`SHEETS`].
const WRITERS: [WriteSheet; 18] = [
    sheets::front::cover,
    sheets::front::contents,
    sheets::front::basics,
    sheets::summary::write,
    sheets::roster::write,
    sheets::meetings::write,
    sheets::attendance::write,
    sheets::tasks::write,
    sheets::records::write,
    sheets::hours::write,
    sheets::attention::write,
    sheets::point_events::write,
    sheets::ranking::write,
    sheets::pioneers::write,
    |wb, b| {
        let figures = appraisal::SummaryFigures {
            rows: crate::analysis::appraisal::sheet_from(b.conn, b.opts.branch_id, b.opts.year, &b.points)?,
            attendance: activities::attendance_by_member(b.conn, b.opts.branch_id, b.start, b.end)?,
            study: b.people.iter().map(|p| (p.member_id, p.clone())).collect(),
            ranks: b.ranking.iter().map(|s| (s.member_id, s.rank)).collect(),
        };
        appraisal::summary(
            wb,
            &b.f,
            b.conn,
            b.opts.branch_id,
            b.opts.year,
            &b.title("民主评议党员汇总表"),
            &figures,
        )
        .map(Some)
    },
    |wb, b| appraisal::calendar(wb, &b.f, &b.compliance, &b.title("组织生活合规情况")).map(Some),
    |wb, b| {
        appraisal::heart_talks(
            wb,
            &b.f,
            b.conn,
            b.opts.branch_id,
            b.opts.year,
            &b.title("谈心谈话记录"),
        )
        .map(Some)
    },
    |wb, b| appraisal::award_sheet(wb, &b.f, b.conn, b.opts.branch_id, b.opts.year, &b.title("表彰情况")).map(Some),
];

#[derive(Debug, Clone, Copy)]
pub struct WorkbookOptions {
    pub year: i32,
    pub branch_id: i64,
    /// Write 联系电话 and 身份证号 in full; masked otherwise.
    pub include_sensitive: bool,
    /// Add the detail logs (积分明细, 学习记录): the full book. Without them, the book an auditor reads.
    pub include_details: bool,
    /// Print registers too wide for A4 on A3: one page across where they fit, else fewer parts.
    pub a3: bool,
}

#[derive(Debug, Serialize)]
pub struct WorkbookReport {
    pub path: String,
    pub sheets: Vec<SheetReport>,
}

#[derive(Debug, Serialize)]
pub struct SheetReport {
    pub name: &'static str,
    /// Data rows below the header.
    pub rows: usize,
}

/// What the sheets read and count, read and counted once per book: the branch, the year's roster
/// and activities with their rolls, the study figures, the points, the compliance calendar.
struct Figures {
    opts: WorkbookOptions,
    branch_name: String,
    start: NaiveDate,
    end: NaiveDate,
    /// The day the book is made: what is still due and which months have begun.
    today: NaiveDate,
    f: Formats,
    /// Everyone on the roll at some time in the year, masked unless chosen otherwise.
    roster: Vec<Member>,
    /// Every member of the branch by id (hosts and recorders may have left since).
    names: HashMap<i64, String>,
    group_names: HashMap<i64, String>,
    /// The year's activities with their rolls, oldest first.
    activities: Vec<Activity>,
    tasks: Vec<study::TaskStat>,
    /// Each member 在册 in the year with their study figures ([`study::member_stats`]).
    people: Vec<study::MemberStudy>,
    points: points::YearPoints,
    /// The year's points ranking ([`points::ranking`] over the year).
    ranking: Vec<points::Standing>,
    /// Who was on the roll at some time in each month (January first), as [`roll::during`] says.
    on_roll_in_month: Vec<HashSet<i64>>,
    /// The compliance calendar as of `today`.
    compliance: compliance::Compliance,
    /// 关注名单 as of `today`.
    attention: attention::Attention,
}

impl Figures {
    /// The study figures, the compliance calendar and 关注名单 are counted on a second reader
    /// meanwhile.
    fn load(conn: &Connection, opts: WorkbookOptions) -> Result<Figures> {
        let (start, end) = dates::year_bounds(opts.year)?;
        let today = chrono::Local::now().date_naive();
        let (((tasks, people), compliance, attention), rest) = store::alongside(
            conn,
            |reader| {
                let (tasks, people, until) = study::year_stats_and_until(
                    reader,
                    Some(opts.branch_id),
                    opts.year,
                    attention::day(opts.year, today)?,
                )?;
                Ok((
                    (tasks.clone(), people),
                    compliance::compliance(reader, opts.branch_id, opts.year, today)?,
                    attention::from_study(reader, opts.branch_id, opts.year, today, tasks, until)?,
                ))
            },
            || {
                Ok((
                    org::get(conn, opts.branch_id)?.name,
                    members::list(conn, opts.branch_id, &MemberFilter::everyone())?,
                    roll::during(conn, Some(opts.branch_id), start, end)?,
                    org::list_groups(conn, opts.branch_id)?,
                    points::year_points(conn, opts.branch_id, opts.year)?,
                    activities::year_with_rolls(conn, opts.branch_id, start, end)?,
                    roll::during_each_month(conn, opts.branch_id, opts.year)?,
                ))
            },
        )?;
        let (branch_name, everyone, during, groups, points, activities, on_roll_in_month) = rest;
        let in_year: HashSet<i64> = during.iter().map(|m| m.member_id).collect();
        let names = everyone.iter().map(|m| (m.id, m.name.clone())).collect();
        let roster = everyone
            .into_iter()
            .filter(|m| in_year.contains(&m.id))
            .map(|m| if opts.include_sensitive { m } else { m.masked() })
            .collect();
        Ok(Figures {
            opts,
            branch_name,
            start,
            end,
            today,
            f: Formats::with_a3(opts.a3),
            roster,
            names,
            group_names: groups.into_iter().map(|g| (g.id, g.name)).collect(),
            activities,
            tasks,
            people,
            ranking: points::rank(during, &points.year),
            points,
            on_roll_in_month,
            compliance,
            attention,
        })
    }

    fn title(&self, what: &str) -> String {
        format!("{} {} 年{what}", self.branch_name, self.opts.year)
    }

    fn name_of(&self, id: Option<i64>) -> Option<String> {
        id.and_then(|i| self.names.get(&i).cloned())
    }
}

/// The figures with a connection to read the rest through: each thread writing sheets has its own.
struct Book<'a> {
    conn: &'a Connection,
    figures: &'a Figures,
}

impl std::ops::Deref for Book<'_> {
    type Target = Figures;

    fn deref(&self) -> &Figures {
        self.figures
    }
}

fn names_with_reasons(entries: &[&RollEntry]) -> String {
    entries
        .iter()
        .map(|e| match &e.reason {
            Some(r) => format!("{}（{r}）", e.name),
            None => e.name.clone(),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// The sheets the two threads take first, largest first (the detail registers of the full book,
/// the 考勤表, the 民主评议 with its figures), so that the two end about together; the rest follow
/// in [`SHEETS`]' order.
const LARGEST: [&str; 7] = [
    "学习记录",
    "积分明细",
    "考勤表",
    "民主评议",
    "组织生活记录",
    "花名册",
    "积分排行",
];

/// Writes the year's workbook to `out` and says what it holds; `progress` hears of each sheet.
pub fn workbook(conn: &Connection, opts: WorkbookOptions, out: &Path, progress: OnProgress) -> Result<WorkbookReport> {
    let total = SHEETS.len() as u32 + 2;
    let step = |done: u32, stage: &str| Progress {
        done,
        total,
        stage: stage.to_string(),
    };
    let started = std::time::Instant::now();
    progress(step(0, "读取台账"));
    let figures = Figures::load(conn, opts)?;
    // Two threads, each with its own connection, take the sheets in turn (`LARGEST` first), each
    // writing into worksheets of its own; they are placed in order afterwards.
    let taken: Vec<usize> = LARGEST
        .iter()
        .filter_map(|name| SHEETS.iter().position(|s| s == name))
        .chain((0..SHEETS.len()).filter(|&i| !LARGEST.contains(&SHEETS[i])))
        .collect();
    let next = AtomicUsize::new(0);
    let take = || taken.get(next.fetch_add(1, Ordering::Relaxed)).copied();
    let written: Vec<OnceLock<Result<Written>>> = SHEETS.iter().map(|_| OnceLock::new()).collect();
    let write = |book: &Book, started: &mut dyn FnMut(usize)| {
        let mut wb = Workbook::new();
        while let Some(i) = take() {
            started(i);
            let sheet = WRITERS[i](&mut wb, book).map(|report| (std::mem::take(wb.worksheets_mut()), report));
            let _ = written[i].set(sheet);
        }
    };
    // Progress tells of every sheet from this thread: the second sends those it begins here.
    let (began, heard) = std::sync::mpsc::channel::<usize>();
    let (write_beside, figures_beside) = (&write, &figures);
    // Without a second reader `here` runs first and takes every sheet.
    store::alongside(
        conn,
        move |reader| {
            let book = Book {
                conn: reader,
                figures: figures_beside,
            };
            write_beside(&book, &mut |i| {
                let _ = began.send(i);
            });
            Ok(())
        },
        || {
            let book = Book {
                conn,
                figures: &figures,
            };
            let told = std::cell::Cell::new(0);
            let mut tell = |i: usize| {
                told.set(told.get() + 1);
                progress(step(told.get(), SHEETS[i]))
            };
            write(&book, &mut |i| {
                heard.try_iter().for_each(&mut tell);
                tell(i)
            });
            // The second thread's last sheets; its sender is gone once it is done.
            while (told.get() as usize) < SHEETS.len() {
                match heard.recv() {
                    Ok(i) => tell(i),
                    Err(_) => break,
                }
            }
            Ok(())
        },
    )?;
    let mut wb = Workbook::new();
    let mut sheets = Vec::new();
    for (i, sheet) in written.into_iter().enumerate() {
        let (worksheets, report) = sheet
            .into_inner()
            .unwrap_or_else(|| Err(crate::Error::Internal(format!("工作表“{}”未写出", SHEETS[i]))))?;
        for ws in worksheets {
            wb.push_worksheet(ws);
        }
        sheets.extend(report);
    }
    sheets::front::fill_contents(
        &mut wb,
        &Book {
            conn,
            figures: &figures,
        },
        &sheets,
    )?;
    progress(step(total - 1, "保存文件"));
    let report = save(&mut wb, out, sheets)?;
    progress(step(total, "完成"));
    tracing::info!(
        year = opts.year,
        branch_id = opts.branch_id,
        sheets = report.sheets.len(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "workbook exported"
    );
    Ok(report)
}

/// The deflate level of a workbook's zip container: Excel 365's own. Compressing the XML was most of
/// saving a workbook at rust_xlsxwriter's default 6; at 3 the large branch's year book saves about
/// 12 ms sooner (of 90), in a file of 265 KB instead of 231 KB.
pub const ZIP_LEVEL: u8 = 3;

/// Writes `wb` at `path`, whole or not at all.
pub(super) fn save_file(wb: &mut Workbook, path: &Path) -> Result<()> {
    wb.set_zip_compression_level(ZIP_LEVEL);
    crate::store::files::write_whole(path, |tmp| Ok(wb.save(tmp)?))
}

/// A sheet as written: its worksheet (none when the year has nothing for it) and its report.
type Written = (Vec<Worksheet>, Option<SheetReport>);

/// Saves a finished workbook at `out`, whole or not at all.
pub(super) fn save(wb: &mut Workbook, out: &Path, sheets: Vec<SheetReport>) -> Result<WorkbookReport> {
    save_file(wb, out)?;
    Ok(WorkbookReport {
        path: out.display().to_string(),
        sheets,
    })
}
