//! Imports from spreadsheets: columns matched by header name (with the aliases platform exports use),
//! every row checked before anything is written, applied whole in one transaction or not at all,
//! and re-importing the same rows changes nothing.

mod activities;
mod ahead;
mod appraisal;
mod columns;
mod events;
mod lookups;
mod members;
pub mod resources;
mod rows;
mod talks;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::io::table::{self, Cell, Table};
use crate::kernel::action::Action;
use crate::kernel::error::ImportError;
use crate::kernel::progress::OnProgress;
use crate::kernel::text::excerpt;
use crate::store::Ledger;
use crate::store::Tx;
use crate::Error;
use crate::Result;

use columns::*;
use lookups::{Finder, Lookups, Reads};
use rows::{each_row, record, Ticks};

#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub row: usize,
    pub action: Action,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub file: String,
    pub rows: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Whether the changes were written (false for a preview / `--dry-run`).
    pub applied: bool,
    pub warnings: Vec<String>,
    pub errors: Vec<ImportError>,
    pub changes: Vec<Change>,
    /// Rows passed over on purpose: platform exports list members who have not finished yet.
    pub skipped: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Members,
    Activities,
    StudyTasks,
    StudyRecords,
    Discussions,
    Reflections,
    Quizzes,
    PointsAdjustments,
    HeartTalks,
    Awards,
    Appraisal,
    Resources,
}

impl ImportKind {
    pub const ALL: [ImportKind; 12] = [
        ImportKind::Members,
        ImportKind::Activities,
        ImportKind::StudyTasks,
        ImportKind::StudyRecords,
        ImportKind::Discussions,
        ImportKind::Reflections,
        ImportKind::Quizzes,
        ImportKind::PointsAdjustments,
        ImportKind::HeartTalks,
        ImportKind::Awards,
        ImportKind::Appraisal,
        ImportKind::Resources,
    ];

    /// The CLI's name of the kind (`zhibu import <code> FILE`).
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Members => "members",
            ImportKind::Activities => "activities",
            ImportKind::StudyTasks => "study-tasks",
            ImportKind::StudyRecords => "study-records",
            ImportKind::Discussions => "discussions",
            ImportKind::Reflections => "reflections",
            ImportKind::Quizzes => "quizzes",
            ImportKind::PointsAdjustments => "points-adjustments",
            ImportKind::HeartTalks => "heart-talks",
            ImportKind::Awards => "awards",
            ImportKind::Appraisal => "appraisal",
            ImportKind::Resources => "resources",
        }
    }

    pub fn parse(s: &str) -> Result<ImportKind> {
        let wanted = s.trim().replace('_', "-");
        Self::ALL.into_iter().find(|k| k.code() == wanted).ok_or_else(|| {
            let all: Vec<&str> = Self::ALL.iter().map(|k| k.code()).collect();
            Error::invalid(format!("未知的导入类型“{s}”，应为 {} 之一", all.join("、")))
        })
    }

    /// What the secretary calls the kind.
    pub fn label(self) -> &'static str {
        match self {
            ImportKind::Members => "党员名册",
            ImportKind::Activities => "组织生活记录",
            ImportKind::StudyTasks => "学习任务",
            ImportKind::StudyRecords => "学习记录（学习通/学习强国导出）",
            ImportKind::Discussions => "讨论发帖/回帖",
            ImportKind::Reflections => "心得体会",
            ImportKind::Quizzes => "测验成绩",
            ImportKind::PointsAdjustments => "积分加减分",
            ImportKind::HeartTalks => "谈心谈话",
            ImportKind::Awards => "表彰",
            ImportKind::Appraisal => "民主评议",
            ImportKind::Resources => "园地资料",
        }
    }

    /// How values are written where a header alone does not say.
    fn note(self) -> Option<&'static str> {
        match self {
            ImportKind::Activities => Some("出席、请假、缺席写姓名，用“、”分隔，原因写在括号里，如 张三（出差）"),
            ImportKind::Discussions => Some("类型写 发帖 或 回帖"),
            ImportKind::Quizzes => Some("得分为 0–100"),
            ImportKind::PointsAdjustments => Some("减分写负数"),
            ImportKind::HeartTalks => Some("谈话对象写姓名，多人用“、”分隔；谈话人可以不是本支部党员"),
            ImportKind::Awards => Some("级别写 校级、市级、省级 或 国家级"),
            ImportKind::Appraisal => {
                Some("等次写 优秀、合格、基本合格 或 不合格；互评得分 0–100，测评得分 0–10；不写年度按今年")
            }
            ImportKind::Resources => {
                Some("文件写相对于本表格所在文件夹的路径（文件会复制进台账），或填写链接；模块留空表示当月模块")
            }
            _ => None,
        }
    }

    /// The sheet of an exported 电子台账 that holds this kind.
    fn sheet(self) -> Option<&'static str> {
        match self {
            ImportKind::Members => Some("花名册"),
            ImportKind::Activities => Some("组织生活记录"),
            ImportKind::StudyTasks => Some("学习任务"),
            ImportKind::StudyRecords => Some("学习记录"),
            ImportKind::Appraisal => Some("民主评议"),
            _ => None,
        }
    }

    pub fn columns(self) -> &'static [Column] {
        match self {
            ImportKind::Members => MEMBER_COLUMNS,
            ImportKind::Activities => ACTIVITY_COLUMNS,
            ImportKind::StudyTasks => TASK_COLUMNS,
            ImportKind::StudyRecords => RECORD_COLUMNS,
            ImportKind::Discussions => DISCUSSION_COLUMNS,
            ImportKind::Reflections => REFLECTION_COLUMNS,
            ImportKind::Quizzes => QUIZ_COLUMNS,
            ImportKind::PointsAdjustments => ADJUSTMENT_COLUMNS,
            ImportKind::HeartTalks => HEART_TALK_COLUMNS,
            ImportKind::Awards => AWARD_COLUMNS,
            ImportKind::Appraisal => APPRAISAL_COLUMNS,
            ImportKind::Resources => RESOURCE_COLUMNS,
        }
    }
}

/// What the import screen shows of a kind: its columns as the core matches them.
#[derive(Debug, Serialize)]
pub struct ImportSpec {
    pub code: &'static str,
    pub label: &'static str,
    pub note: Option<&'static str>,
    pub columns: &'static [Column],
}

pub fn specs() -> Vec<ImportSpec> {
    ImportKind::ALL
        .into_iter()
        .map(|k| ImportSpec {
            code: k.code(),
            label: k.label(),
            note: k.note(),
            columns: k.columns(),
        })
        .collect()
}

/// A column the import understands: its header, the other headers that mean the same, and whether
/// a file must have it.
#[derive(Debug, Serialize)]
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

pub(crate) const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

/// The columns found in a file, by canonical header name.
/// One row of the file and what reading it needs: the transaction, the branch, the columns found.
#[derive(Clone, Copy)]
pub(crate) struct Row<'a> {
    tx: &'a Tx<'a>,
    branch_id: i64,
    cols: &'a Columns,
    row: usize,
    cells: &'a [Cell],
    /// The folder of the file being imported: where a row's relative file paths start.
    dir: &'a Path,
    look: &'a Lookups,
}

pub(crate) struct Columns {
    /// Each column found and where: a dozen at most, looked up for every cell a row reads (a list
    /// read in order costs less than hashing the name).
    at: Vec<(&'static str, usize)>,
}

impl Columns {
    fn new(headers: &[String], spec: &'static [Column], report: &mut ImportReport) -> Columns {
        let mut at: Vec<(&'static str, usize)> = Vec::new();
        for c in spec {
            let mut names = vec![c.name];
            names.extend_from_slice(c.aliases);
            if let Some(i) = names.iter().find_map(|n| headers.iter().position(|h| h == n)) {
                at.push((c.name, i));
            } else if c.required {
                report.errors.push(ImportError {
                    row: 1,
                    column: c.name.into(),
                    value: String::new(),
                    message: "缺少这一必需的列".into(),
                });
            }
        }
        for (i, h) in headers.iter().enumerate() {
            let known = spec.iter().any(|c| c.aliases.contains(&h.as_str()));
            if !h.is_empty() && !known && !at.iter().any(|&(_, j)| j == i) && !DERIVED_COLUMNS.contains(&h.as_str()) {
                report
                    .warnings
                    .push(format!("未识别的列“{}”，已忽略", excerpt(h, ECHO_MAX)));
            }
        }
        Columns { at }
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.at.iter().find(|(n, _)| *n == name).map(|&(_, i)| i)
    }

    fn has(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    fn cell<'a>(&self, cells: &'a [Cell], name: &str) -> &'a Cell {
        self.position(name).and_then(|i| cells.get(i)).unwrap_or(&Cell::Empty)
    }

    /// A cell's text. Only prose columns keep line breaks: elsewhere a break is where a printed
    /// register wrapped its cell (“谢文（出差）、陈\n静”), and the lines join again.
    fn text(&self, cells: &[Cell], name: &str) -> Option<String> {
        let text = self.cell(cells, name).text()?;
        if PARAGRAPH_COLUMNS.contains(&name) || !text.contains('\n') {
            return Some(text);
        }
        Some(text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect())
    }
}

/// Characters of a cell a message echoes: enough to find it, never a whole pasted column.
const ECHO_MAX: usize = 40;

/// Columns of prose, whose line breaks are the writer's paragraphs.
const PARAGRAPH_COLUMNS: [&str; 7] = ["议题", "内容摘要", "决议", "内容", "正文", "摘要", "后续事项"];

/// Errors of one row, gathered so the secretary sees all of them at once.
pub(crate) struct RowCheck<'a> {
    row: usize,
    errors: &'a mut Vec<ImportError>,
    failed: bool,
}

impl<'a> RowCheck<'a> {
    pub(crate) fn new(row: usize, errors: &'a mut Vec<ImportError>) -> RowCheck<'a> {
        RowCheck {
            row,
            errors,
            failed: false,
        }
    }

    fn fail(&mut self, column: &str, value: &str, message: impl Into<String>) {
        self.failed = true;
        self.errors.push(ImportError {
            row: self.row,
            column: column.into(),
            value: excerpt(value, ECHO_MAX),
            message: message.into(),
        });
    }

    fn date(&mut self, cols: &Columns, cells: &[Cell], column: &str) -> Option<chrono::NaiveDate> {
        let cell = cols.cell(cells, column);
        let text = cell.text()?;
        match cell.read_date() {
            Ok(d) => Some(d),
            Err(why) => {
                self.fail(column, &text, why);
                None
            }
        }
    }

    /// A required person's name in `column`, normalised; blank or with invisible characters is an
    /// error naming the cell.
    fn name(&mut self, cols: &Columns, cells: &[Cell], column: &str) -> Option<String> {
        let Some(raw) = cols.text(cells, column) else {
            self.fail(column, "", format!("{column}不能为空"));
            return None;
        };
        match crate::kernel::text::person_name(&raw) {
            Ok(name) => Some(name),
            Err(why) => {
                self.fail(column, &raw, why);
                None
            }
        }
    }

    fn code<T>(
        &mut self,
        cols: &Columns,
        cells: &[Cell],
        column: &str,
        parse: fn(&str) -> Option<T>,
        hint: &str,
    ) -> Option<T> {
        let text = cols.text(cells, column)?;
        let v = parse(&text);
        if v.is_none() {
            self.fail(column, &text, format!("无法识别，应为 {hint}"));
        }
        v
    }
}

/// Reads `path` and imports it into the branch. A preview (`dry_run`) returns the report with its
/// errors and writes nothing; a real import with any error fails with [`Error::Import`] and writes nothing.
/// A workbook's rows are written as they are read (see [`table::stream`]).
pub fn run(
    ledger: &mut Ledger,
    branch_id: i64,
    kind: ImportKind,
    path: &Path,
    dry_run: bool,
    progress: OnProgress,
) -> Result<ImportReport> {
    let known: Vec<&str> = kind
        .columns()
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .collect();
    let file = path.display().to_string();
    if let Some(mut stream) = table::stream(path, kind.sheet(), &known)? {
        let (headers, total) = (std::mem::take(&mut stream.headers), stream.expected());
        let outcome = run_rows(
            ledger,
            branch_id,
            kind,
            Rows {
                headers: &headers,
                rows: &mut stream,
                total,
            },
            &file,
            dry_run,
            &mut *progress,
        );
        // Rows out of order undo what was written of them; the file is read whole below.
        if !stream.out_of_order() {
            return outcome;
        }
    }
    let table = table::read(path, kind.sheet(), &known)?;
    run_table(ledger, branch_id, kind, &table, &file, dry_run, progress)
}

/// [`run`] on a table already read; `file` names it in the report.
pub fn run_table(
    ledger: &mut Ledger,
    branch_id: i64,
    kind: ImportKind,
    table: &Table,
    file: &str,
    dry_run: bool,
    progress: OnProgress,
) -> Result<ImportReport> {
    let rows = Rows {
        headers: &table.headers,
        rows: table.rows.iter().map(|(row, cells)| Ok((*row, cells.as_slice()))),
        total: table.rows.len(),
    };
    run_rows(ledger, branch_id, kind, rows, file, dry_run, progress)
}

/// The rows an import reads, after the header: each row's number and cells, or the error that
/// refuses the file; `total` is how many are expected, for progress.
struct Rows<'h, I> {
    headers: &'h [String],
    rows: I,
    total: usize,
}

fn run_rows<C: AsRef<[Cell]>>(
    ledger: &mut Ledger,
    branch_id: i64,
    kind: ImportKind,
    rows: Rows<impl Iterator<Item = Result<(usize, C)>>>,
    file: &str,
    dry_run: bool,
    progress: OnProgress,
) -> Result<ImportReport> {
    let started = std::time::Instant::now();
    let file = file.to_string();
    let outcome = ledger.bulk(|ledger| {
        if dry_run {
            ledger.rehearse(|tx| apply(tx, branch_id, kind, rows, file, progress))
        } else {
            ledger.write(|tx| {
                let mut report = apply(tx, branch_id, kind, rows, file, progress)?;
                if !report.errors.is_empty() {
                    return Err(Error::Import(std::mem::take(&mut report.errors)));
                }
                report.applied = true;
                Ok(report)
            })
        }
    });
    if let Ok(r) = &outcome {
        // Counts only: rows name members.
        tracing::info!(
            kind = kind.code(),
            rows = r.rows,
            created = r.created,
            updated = r.updated,
            unchanged = r.unchanged,
            errors = r.errors.len(),
            applied = r.applied,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "import"
        );
    }
    outcome
}

fn apply<C: AsRef<[Cell]>>(
    tx: &Tx,
    branch_id: i64,
    kind: ImportKind,
    rows: Rows<impl Iterator<Item = Result<(usize, C)>>>,
    file: String,
    progress: OnProgress,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        kind,
        file,
        rows: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        applied: false,
        warnings: Vec::new(),
        errors: Vec::new(),
        changes: Vec::new(),
        skipped: 0,
    };
    let cols = Columns::new(rows.headers, kind.columns(), &mut report);
    if !report.errors.is_empty() {
        // A file refused further down is refused for that first.
        for row in rows.rows {
            row?;
        }
        return Ok(report);
    }
    let mut ticks = Ticks::new(progress, rows.total);
    // What earlier rows of this file held (a 身份证号's row, how often a record's key came).
    let mut earlier = HashMap::new();
    let source = std::path::PathBuf::from(&report.file);
    let dir = source.parent().unwrap_or(Path::new("."));
    let look = Lookups::default();
    let seen = if kind == ImportKind::Activities {
        look.known.read_all(tx, branch_id)?;
        let on_writer = Reads::Writer(tx);
        let writer = Finder {
            known: &look.known,
            conn: &on_writer,
            branch_id,
        };
        std::thread::scope(|scope| {
            let mut ahead = ahead::Ahead::start(scope, &look.known, &cols, branch_id);
            let mut write = |mut read: ahead::Read, report: &mut ImportReport| {
                let row = read.row;
                ticks.row(row);
                report.warnings.append(&mut read.held);
                let outcome = match read.take(&writer, &cols, &mut report.errors) {
                    Ok(Some(read)) => activities::write_activity(tx, branch_id, &look, read, report),
                    other => other.map(|_| None),
                };
                record(report, row, outcome)
            };
            let seen = each_row(rows, &mut report, |row, cells, warnings, report| {
                match ahead.send(row, cells.to_vec(), warnings)? {
                    Some(read) => write(read, report),
                    None => Ok(()),
                }
            })?;
            while let Some(read) = ahead.next()? {
                write(read, &mut report)?;
            }
            Ok::<_, Error>(seen)
        })?
    } else {
        each_row(rows, &mut report, |row, cells, warnings, report| {
            ticks.row(row);
            report.warnings.extend(warnings);
            let at = Row {
                tx,
                branch_id,
                cols: &cols,
                row,
                cells,
                dir,
                look: &look,
            };
            let outcome = match kind {
                ImportKind::Members => members::member_row(at, report, &mut earlier),
                ImportKind::HeartTalks => talks::heart_talk_row(at, report, &mut earlier),
                ImportKind::Appraisal => appraisal::appraisal_row(at, report),
                ImportKind::Resources => resources::resource_row(at, report),
                other => events::member_event_row(at, other, report, &mut earlier),
            };
            record(report, row, outcome)
        })?
    };
    look.finish(tx)?;
    if seen.rows == 0 {
        report.warnings.push("文件中没有数据行".into());
    }
    if seen.formula_like > 20 {
        report.warnings.push(format!(
            "另有 {} 处以 = + - @ 开头的内容，均已按文字保存",
            seen.formula_like - 20
        ));
    }
    if report.skipped > 0 {
        report.warnings.push(format!(
            "{} 行尚未完成（完成时间为空、“--”或“未完成”），已跳过",
            report.skipped
        ));
    }
    Ok(report)
}

/// A required date cell: blank and unreadable are both errors naming the cell.
pub(crate) fn required(chk: &mut RowCheck, cols: &Columns, cells: &[Cell], column: &str) -> Option<chrono::NaiveDate> {
    if cols.text(cells, column).is_none() {
        chk.fail(column, "", format!("{column}不能为空"));
        return None;
    }
    chk.date(cols, cells, column)
}

/// An optional number cell within `min..=max`.
pub(crate) fn number(
    chk: &mut RowCheck,
    cols: &Columns,
    cells: &[Cell],
    column: &str,
    min: f64,
    max: f64,
) -> Option<f64> {
    let text = cols.text(cells, column)?;
    let n = cols.cell(cells, column).number().filter(|n| (min..=max).contains(n));
    if n.is_none() {
        chk.fail(column, &text, format!("应为 {min}–{max} 之间的数字"));
    }
    n
}
