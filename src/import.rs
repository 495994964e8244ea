//! Imports from spreadsheets: columns matched by header name (with the aliases platform exports use),
//! every row checked before anything is written, applied whole in one transaction or not at all,
//! and re-importing the same rows changes nothing.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use rusqlite::Connection;
use serde::Serialize;

use crate::activities::{self, ActivityData, Mark};
use crate::labels::{
    ActivityKind, AttendanceStatus, DiscussionKind, Gender, MeetingForm, Membership, PersonCategory, StudySource,
};
use crate::ledger::Ledger;
use crate::members::{self, MemberData};
use crate::points::{self, Tenths};
use crate::table::{self, Cell, Table};
use crate::{branches, study, Error, Result};

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ImportError {
    pub row: usize,
    pub column: String,
    pub value: String,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "第 {} 行", self.row)?;
        if !self.column.is_empty() {
            write!(f, "「{}」", self.column)?;
        }
        if !self.value.is_empty() {
            write!(f, "“{}”", self.value)?;
        }
        write!(f, "：{}", self.message)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Unchanged,
}

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
}

impl ImportKind {
    pub const ALL: [ImportKind; 8] = [
        ImportKind::Members,
        ImportKind::Activities,
        ImportKind::StudyTasks,
        ImportKind::StudyRecords,
        ImportKind::Discussions,
        ImportKind::Reflections,
        ImportKind::Quizzes,
        ImportKind::PointsAdjustments,
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
        }
    }

    /// How values are written where a header alone does not say.
    fn note(self) -> Option<&'static str> {
        match self {
            ImportKind::Activities => Some("出席、请假、缺席写姓名，用“、”分隔，原因写在括号里，如 张三（出差）"),
            ImportKind::Discussions => Some("类型写 发帖 或 回帖"),
            ImportKind::Quizzes => Some("得分为 0–100"),
            ImportKind::PointsAdjustments => Some("减分写负数"),
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

const fn col(name: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column {
        name,
        aliases,
        required,
    }
}

const MEMBER_COLUMNS: &[Column] = &[
    col("姓名", &["学生姓名", "用户名", "党员姓名"], true),
    col("性别", &[], false),
    col("民族", &[], false),
    col("出生日期", &["出生年月"], false),
    col("学历", &["文化程度"], false),
    col("人员类别", &[], false),
    col("党员类别", &["党籍状态"], true),
    col("入党日期", &["入党时间"], true),
    col("转正日期", &["转正时间"], false),
    col("党小组", &["所在党小组"], false),
    col("工作岗位", &["职务", "岗位", "工作岗位/职务"], false),
    col("联系电话", &["手机号", "手机号码", "电话"], false),
    col("身份证号", &["身份证号码", "公民身份号码"], false),
];

const ACTIVITY_COLUMNS: &[Column] = &[
    col("日期", &["活动日期", "会议日期", "时间"], true),
    col("类型", &["活动类型", "会议类型"], true),
    col("主题", &["活动主题", "会议主题", "名称"], true),
    col("地点", &["活动地点", "会议地点"], false),
    col("形式", &[], false),
    col("主持人", &[], false),
    col("记录人", &[], false),
    col("学时", &[], false),
    col("内容摘要", &["内容", "摘要"], false),
    col("党小组", &[], false),
    col("出席", &["出席人员", "实到人员"], false),
    col("请假", &["请假人员"], false),
    col("缺席", &["缺席人员"], false),
];

const NAME: Column = col("姓名", &["学生姓名", "用户名", "真实姓名", "党员姓名"], true);

const TASK_COLUMNS: &[Column] = &[
    col("任务名称", &["名称", "任务", "资源名称", "学习任务"], true),
    col("类别", &["分类", "任务类别"], false),
    col("发布日期", &["发布时间", "开始时间"], true),
    col("截止日期", &["截止时间", "结束时间"], false),
    col("学时", &[], false),
];

const RECORD_COLUMNS: &[Column] = &[
    NAME,
    col("任务名称", &["任务", "资源名称", "学习任务", "课程名称"], true),
    col("完成日期", &["完成时间", "提交时间"], true),
    col("来源", &["平台", "学习平台"], false),
];

const DISCUSSION_COLUMNS: &[Column] = &[
    NAME,
    col("日期", &["发帖时间", "发表时间", "时间"], true),
    col("类型", &["帖子类型"], true),
    col("主题", &["标题", "话题", "讨论主题"], true),
];

const REFLECTION_COLUMNS: &[Column] = &[
    NAME,
    col("日期", &["提交时间", "提交日期", "时间"], true),
    col("标题", &["题目", "心得标题"], true),
    col("字数", &[], false),
];

const QUIZ_COLUMNS: &[Column] = &[
    NAME,
    col("日期", &["考试时间", "提交时间", "时间"], true),
    col("测验名称", &["测验", "考试名称", "试卷名称"], true),
    col("得分", &["成绩", "分数"], true),
];

const ADJUSTMENT_COLUMNS: &[Column] = &[
    NAME,
    col("日期", &["时间"], true),
    col("分值", &["分数", "加减分", "积分"], true),
    col("事由", &["原因", "说明", "理由"], true),
];

/// Columns the exported workbook adds that are derived or managed in the app: an import reads past
/// them without a warning, so an exported sheet imports back cleanly.
const DERIVED_COLUMNS: &[&str] = &[
    "序号",
    "状态",
    "离开日期",
    "去向",
    "应到",
    "实到",
    "出席率",
    "是否逾期",
    "党小组",
    "应完成",
    "已完成",
    "按时",
    "逾期",
    "完成率",
    "按时完成率",
];

/// The columns found in a file, by canonical header name.
struct Columns {
    at: HashMap<&'static str, usize>,
}

impl Columns {
    fn new(table: &Table, spec: &'static [Column], report: &mut ImportReport) -> Columns {
        let mut at = HashMap::new();
        for c in spec {
            let mut names = vec![c.name];
            names.extend_from_slice(c.aliases);
            if let Some(i) = table.column(&names) {
                at.insert(c.name, i);
            } else if c.required {
                report.errors.push(ImportError {
                    row: 1,
                    column: c.name.into(),
                    value: String::new(),
                    message: "缺少这一必需的列".into(),
                });
            }
        }
        for (i, h) in table.headers.iter().enumerate() {
            if !h.is_empty() && !at.values().any(|&j| j == i) && !DERIVED_COLUMNS.contains(&h.as_str()) {
                report.warnings.push(format!("未识别的列“{h}”，已忽略"));
            }
        }
        Columns { at }
    }

    fn has(&self, name: &str) -> bool {
        self.at.contains_key(name)
    }

    fn cell<'a>(&self, cells: &'a [Cell], name: &str) -> &'a Cell {
        self.at.get(name).and_then(|&i| cells.get(i)).unwrap_or(&Cell::Empty)
    }

    fn text(&self, cells: &[Cell], name: &str) -> Option<String> {
        self.cell(cells, name).text()
    }
}

/// Errors of one row, gathered so the secretary sees all of them at once.
struct RowCheck<'a> {
    row: usize,
    errors: &'a mut Vec<ImportError>,
    failed: bool,
}

impl RowCheck<'_> {
    fn fail(&mut self, column: &str, value: &str, message: impl Into<String>) {
        self.failed = true;
        self.errors.push(ImportError {
            row: self.row,
            column: column.into(),
            value: value.into(),
            message: message.into(),
        });
    }

    fn date(&mut self, cols: &Columns, cells: &[Cell], column: &str) -> Option<chrono::NaiveDate> {
        let cell = cols.cell(cells, column);
        let text = cell.text()?;
        let date = cell.date();
        if date.is_none() {
            self.fail(
                column,
                &text,
                "无法识别的日期，请写成 2026-03-05、2026/3/5 或 2026年3月5日",
            );
        }
        date
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
pub fn run(ledger: &mut Ledger, branch_id: i64, kind: ImportKind, path: &Path, dry_run: bool) -> Result<ImportReport> {
    let known: Vec<&str> = kind
        .columns()
        .iter()
        .flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
        .collect();
    let table = table::read(path, kind.sheet(), &known)?;
    run_table(ledger, branch_id, kind, &table, &path.display().to_string(), dry_run)
}

/// [`run`] on a table already read; `file` names it in the report.
pub fn run_table(
    ledger: &mut Ledger,
    branch_id: i64,
    kind: ImportKind,
    table: &Table,
    file: &str,
    dry_run: bool,
) -> Result<ImportReport> {
    let apply = |tx: &rusqlite::Transaction| apply(tx, branch_id, kind, table, file.to_string());
    if dry_run {
        ledger.rehearse(apply)
    } else {
        ledger.write(|tx| {
            let mut report = apply(tx)?;
            if !report.errors.is_empty() {
                return Err(Error::Import(std::mem::take(&mut report.errors)));
            }
            report.applied = true;
            Ok(report)
        })
    }
}

fn apply(conn: &Connection, branch_id: i64, kind: ImportKind, table: &Table, file: String) -> Result<ImportReport> {
    let mut report = ImportReport {
        kind,
        file,
        rows: table.rows.len(),
        created: 0,
        updated: 0,
        unchanged: 0,
        applied: false,
        warnings: Vec::new(),
        errors: Vec::new(),
        changes: Vec::new(),
    };
    let cols = Columns::new(table, kind.columns(), &mut report);
    if !report.errors.is_empty() {
        return Ok(report);
    }
    if table.rows.is_empty() {
        report.warnings.push("文件中没有数据行".into());
    }
    for (row, cells) in &table.rows {
        let outcome = match kind {
            ImportKind::Members => member_row(conn, branch_id, &cols, *row, cells, &mut report),
            ImportKind::Activities => activity_row(conn, branch_id, &cols, *row, cells, &mut report),
            other => member_event_row(conn, branch_id, other, &cols, *row, cells, &mut report),
        };
        match outcome {
            Ok(Some((action, summary))) => {
                match action {
                    Action::Create => report.created += 1,
                    Action::Update => report.updated += 1,
                    Action::Unchanged => report.unchanged += 1,
                }
                report.changes.push(Change {
                    row: *row,
                    action,
                    summary,
                });
            }
            Ok(None) => {}
            // A rule of the ledger refused the row: report it against the row and go on checking.
            Err(Error::Invalid(m) | Error::Conflict(m)) => report.errors.push(ImportError {
                row: *row,
                column: String::new(),
                value: String::new(),
                message: m,
            }),
            Err(e) => return Err(e),
        }
    }
    Ok(report)
}

fn member_row(
    conn: &Connection,
    branch_id: i64,
    cols: &Columns,
    row: usize,
    cells: &[Cell],
    report: &mut ImportReport,
) -> Result<Option<(Action, String)>> {
    let mut chk = RowCheck {
        row,
        errors: &mut report.errors,
        failed: false,
    };
    let name = cols.text(cells, "姓名");
    if name.is_none() {
        chk.fail("姓名", "", "姓名不能为空");
    }
    let membership = cols.text(cells, "党员类别");
    let membership = match membership {
        None => {
            chk.fail("党员类别", "", "党员类别不能为空");
            None
        }
        Some(_) => chk.code(cols, cells, "党员类别", Membership::parse, "正式党员 或 预备党员"),
    };
    let joined_on = chk.date(cols, cells, "入党日期");
    if cols.text(cells, "入党日期").is_none() {
        chk.fail("入党日期", "", "入党日期不能为空");
    }
    let birth_date = chk.date(cols, cells, "出生日期");
    let confirmed_on = chk.date(cols, cells, "转正日期");
    let gender = chk.code(cols, cells, "性别", Gender::parse, "男 或 女");
    let category = chk.code(
        cols,
        cells,
        "人员类别",
        PersonCategory::parse,
        "在职教职工、学生、离退休 或 其他",
    );
    // A masked value (4501**********1234) comes from an export that hid it: keep what the ledger has.
    let unmasked = |column: &str| cols.text(cells, column).filter(|v| !v.contains('*'));
    let id_number = unmasked("身份证号").map(|s| s.to_ascii_uppercase());
    if let Some(idn) = &id_number {
        if let Err(e) = members::check_id_number(idn) {
            chk.fail("身份证号", &members::mask(idn, 4, 4), e.to_string());
        }
    }
    let phone = unmasked("联系电话");
    if chk.failed {
        return Ok(None);
    }
    let name = name.unwrap_or_default();
    let group_id = match cols.text(cells, "党小组") {
        None => None,
        Some(g) => Some(match branches::group_by_name(conn, branch_id, &g)? {
            Some(id) => id,
            None => {
                report.warnings.push(format!("第 {row} 行：新建党小组“{g}”"));
                branches::save_group(
                    conn,
                    branch_id,
                    &branches::GroupInput {
                        id: None,
                        name: g,
                        leader_id: None,
                    },
                )?
                .id
            }
        }),
    };
    // Blank cells keep what the ledger has: a partial export never erases data.
    let keep = |v: Option<String>| v.map(Some);
    let data = MemberData {
        name: name.clone(),
        membership,
        joined_on,
        gender: gender.map(Some),
        ethnicity: keep(cols.text(cells, "民族")),
        birth_date: birth_date.map(Some),
        education: keep(cols.text(cells, "学历")),
        category,
        confirmed_on: confirmed_on.map(Some),
        group_id: group_id.map(Some),
        position: keep(cols.text(cells, "工作岗位")),
        phone: keep(phone),
        id_number: keep(id_number.clone()),
    };
    let existing = members::find_identity(conn, branch_id, &name, birth_date, id_number.as_deref())?;
    let (_, action) = members::upsert(conn, branch_id, existing, &data)?;
    Ok(Some((action, name)))
}

fn task_row(
    conn: &Connection,
    branch_id: i64,
    cols: &Columns,
    chk: &mut RowCheck,
    cells: &[Cell],
) -> Result<Option<(Action, String)>> {
    let name = cols.text(cells, "任务名称");
    if name.is_none() {
        chk.fail("任务名称", "", "任务名称不能为空");
    }
    let published_on = required(chk, cols, cells, "发布日期");
    let due_on = chk.date(cols, cells, "截止日期");
    let hours = number(chk, cols, cells, "学时", 0.0, 100.0);
    if let (Some(p), Some(d)) = (published_on, due_on) {
        if d < p {
            chk.fail("截止日期", &d.to_string(), "截止日期早于发布日期");
        }
    }
    let (Some(name), Some(published_on)) = (name, published_on) else {
        return Ok(None);
    };
    if chk.failed {
        return Ok(None);
    }
    let data = study::TaskData {
        name: name.clone(),
        category: cols.text(cells, "类别"),
        published_on,
        due_on,
        hours: hours.unwrap_or(0.0),
    };
    let (_, action) = study::upsert_task(conn, branch_id, &data)?;
    Ok(Some((action, name)))
}

/// A required date cell: blank and unreadable are both errors naming the cell.
fn required(chk: &mut RowCheck, cols: &Columns, cells: &[Cell], column: &str) -> Option<chrono::NaiveDate> {
    if cols.text(cells, column).is_none() {
        chk.fail(column, "", format!("{column}不能为空"));
        return None;
    }
    chk.date(cols, cells, column)
}

/// An optional number cell within `min..=max`.
fn number(chk: &mut RowCheck, cols: &Columns, cells: &[Cell], column: &str, min: f64, max: f64) -> Option<f64> {
    let text = cols.text(cells, column)?;
    let n = cols.cell(cells, column).number().filter(|n| (min..=max).contains(n));
    if n.is_none() {
        chk.fail(column, &text, format!("应为 {min}–{max} 之间的数字"));
    }
    n
}

/// Rows about one member on one date: study records, discussions, reflections, quizzes, adjustments.
fn member_event_row(
    conn: &Connection,
    branch_id: i64,
    kind: ImportKind,
    cols: &Columns,
    row: usize,
    cells: &[Cell],
    report: &mut ImportReport,
) -> Result<Option<(Action, String)>> {
    let mut chk = RowCheck {
        row,
        errors: &mut report.errors,
        failed: false,
    };
    if kind == ImportKind::StudyTasks {
        return task_row(conn, branch_id, cols, &mut chk, cells);
    }
    let date_column = if kind == ImportKind::StudyRecords {
        "完成日期"
    } else {
        "日期"
    };
    if kind == ImportKind::StudyRecords && cols.text(cells, date_column).is_none() {
        // Platform exports list everyone, with no 完成时间 for those who have not finished.
        return Ok(None);
    }
    let date = required(&mut chk, cols, cells, date_column);
    let name = cols.text(cells, "姓名");
    if name.is_none() {
        chk.fail("姓名", "", "姓名不能为空");
    }
    let (Some(name), Some(date)) = (name, date) else {
        return Ok(None);
    };
    let Some(member_id) = member_by_name(conn, branch_id, &name, date)? else {
        chk.fail("姓名", &name, "台账中没有这名党员");
        return Ok(None);
    };
    let text = |chk: &mut RowCheck, column: &str| {
        let t = cols.text(cells, column);
        if t.is_none() {
            chk.fail(column, "", format!("{column}不能为空"));
        }
        t
    };
    let outcome = match kind {
        ImportKind::StudyRecords => {
            let task = text(&mut chk, "任务名称");
            let source = chk
                .code(
                    cols,
                    cells,
                    "来源",
                    StudySource::parse,
                    "线下、学习通、学习强国 或 其他",
                )
                .unwrap_or(StudySource::Other);
            let Some(task) = task else { return Ok(None) };
            let Some(task_id) = study::find_task(conn, branch_id, &task)? else {
                chk.fail("任务名称", &task, "台账中没有这个学习任务（请先导入学习任务）");
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                study::record_completion(conn, task_id, member_id, date, source)?,
                format!("{name} 完成“{task}”"),
            )
        }
        ImportKind::Discussions => {
            let dk = chk.code(cols, cells, "类型", DiscussionKind::parse, "发帖 或 回帖");
            if cols.text(cells, "类型").is_none() {
                chk.fail("类型", "", "类型不能为空");
            }
            let topic = text(&mut chk, "主题");
            let (Some(dk), Some(topic)) = (dk, topic) else {
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                study::add_discussion(conn, member_id, date, dk, &topic)?,
                format!("{name} {}：{topic}", dk.label()),
            )
        }
        ImportKind::Reflections => {
            let title = text(&mut chk, "标题");
            let words = number(&mut chk, cols, cells, "字数", 0.0, 1e6).map(|w| w.round() as i64);
            let Some(title) = title else { return Ok(None) };
            if chk.failed {
                return Ok(None);
            }
            (
                study::add_reflection(conn, member_id, date, &title, words)?,
                format!("{name}《{title}》"),
            )
        }
        ImportKind::Quizzes => {
            let quiz = text(&mut chk, "测验名称");
            if cols.text(cells, "得分").is_none() {
                chk.fail("得分", "", "得分不能为空");
            }
            let score = number(&mut chk, cols, cells, "得分", 0.0, 100.0);
            let (Some(quiz), Some(score)) = (quiz, score) else {
                return Ok(None);
            };
            if chk.failed {
                return Ok(None);
            }
            (
                study::add_quiz(conn, member_id, date, &quiz, score)?,
                format!("{name} {quiz} {score} 分"),
            )
        }
        ImportKind::PointsAdjustments => {
            let reason = text(&mut chk, "事由");
            let raw = cols.text(cells, "分值");
            let points = match &raw {
                None => {
                    chk.fail("分值", "", "分值不能为空");
                    None
                }
                Some(t) => match cols.cell(cells, "分值").number().map(Tenths::from_points) {
                    Some(Ok(p)) if p.0 != 0 => Some(p),
                    _ => {
                        chk.fail("分值", t, "应为非零、最多一位小数的数字（减分写负数）");
                        None
                    }
                },
            };
            let (Some(reason), Some(points)) = (reason, points) else {
                return Ok(None);
            };
            (
                points::add_adjustment(conn, member_id, date, points, &reason)?,
                format!("{name} {points} 分：{reason}"),
            )
        }
        ImportKind::Members | ImportKind::Activities | ImportKind::StudyTasks => {
            unreachable!("handled by their own rows")
        }
    };
    Ok(Some(outcome))
}

/// `张三、李四（出差）, 王五(病假)` → [(张三, None), (李四, Some(出差)), (王五, Some(病假))].
pub fn parse_name_list(text: &str) -> Vec<(String, Option<String>)> {
    text.split(['、', ',', '，', ';', '；', '\n'])
        .filter_map(|item| {
            let item = item.trim();
            if item.is_empty() {
                return None;
            }
            let open = item.find(['（', '(']);
            match open {
                Some(i) => {
                    let name = item[..i].trim().to_string();
                    let rest = &item[i..];
                    let reason = rest
                        .trim_start_matches(['（', '('])
                        .trim_end_matches(['）', ')'])
                        .trim()
                        .to_string();
                    Some((name, crate::text::non_empty(&reason)))
                }
                None => Some((item.to_string(), None)),
            }
        })
        .collect()
}

/// The member a name means in this branch on `date`: unique by name, or the one on the roll then.
fn member_by_name(conn: &Connection, branch_id: i64, name: &str, date: chrono::NaiveDate) -> Result<Option<i64>> {
    let mut st = conn.prepare_cached(
        "SELECT id, joined_on <= ?3 AND (left_on IS NULL OR left_on > ?3) FROM member WHERE branch_id = ?1 AND name = ?2",
    )?;
    let found: Vec<(i64, bool)> = st
        .query_map(rusqlite::params![branch_id, name, date], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    match found.as_slice() {
        [] => Ok(None),
        [(id, _)] => Ok(Some(*id)),
        many => {
            let on_roll: Vec<i64> = many.iter().filter(|(_, r)| *r).map(|(id, _)| *id).collect();
            match on_roll.as_slice() {
                [id] => Ok(Some(*id)),
                _ => Err(Error::invalid(format!("姓名“{name}”对应多名党员，无法区分"))),
            }
        }
    }
}

fn activity_row(
    conn: &Connection,
    branch_id: i64,
    cols: &Columns,
    row: usize,
    cells: &[Cell],
    report: &mut ImportReport,
) -> Result<Option<(Action, String)>> {
    let mut warnings = Vec::new();
    let mut chk = RowCheck {
        row,
        errors: &mut report.errors,
        failed: false,
    };
    let date = chk.date(cols, cells, "日期");
    if cols.text(cells, "日期").is_none() {
        chk.fail("日期", "", "日期不能为空");
    }
    let title = cols.text(cells, "主题");
    if title.is_none() {
        chk.fail("主题", "", "主题不能为空");
    }
    let mut kinds = Vec::new();
    match cols.text(cells, "类型") {
        None => chk.fail("类型", "", "类型不能为空"),
        Some(t) => {
            for k in t
                .split(['、', ',', '，', '/', ';', '；', '+'])
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                match ActivityKind::parse(k) {
                    Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                    Some(_) => {}
                    None => chk.fail(
                        "类型",
                        k,
                        "不是已知的活动类型（如 党员大会、支委会、党小组会、党课、主题党日、微党课、主题沙龙）",
                    ),
                }
            }
        }
    }
    kinds.sort();
    let form = chk.code(cols, cells, "形式", MeetingForm::parse, "线下、线上 或 线上线下结合");
    let hours = match cols.text(cells, "学时") {
        None => None,
        Some(t) => match cols.cell(cells, "学时").number().filter(|h| (0.0..=24.0).contains(h)) {
            Some(h) => Some(h),
            None => {
                chk.fail("学时", &t, "应为 0–24 之间的数字");
                None
            }
        },
    };
    let (Some(date), Some(title)) = (date, title) else {
        return Ok(None);
    };
    if chk.failed {
        return Ok(None);
    }

    let person = |column: &str, chk: &mut RowCheck| -> Result<Option<i64>> {
        let Some(name) = cols.text(cells, column) else {
            return Ok(None);
        };
        let id = member_by_name(conn, branch_id, &name, date)?;
        if id.is_none() {
            chk.fail(column, &name, "台账中没有这名党员");
        }
        Ok(id)
    };
    let host_id = person("主持人", &mut chk)?;
    let recorder_id = person("记录人", &mut chk)?;

    let group_id = match cols.text(cells, "党小组") {
        Some(g) if kinds.contains(&ActivityKind::GroupMeeting) => {
            let id = branches::group_by_name(conn, branch_id, &g)?;
            if id.is_none() {
                chk.fail("党小组", &g, "台账中没有这个党小组");
            }
            id
        }
        Some(g) => {
            warnings.push(format!("第 {row} 行：类型不含党小组会，已忽略党小组“{g}”"));
            None
        }
        None if kinds.contains(&ActivityKind::GroupMeeting) => {
            chk.fail("党小组", "", "党小组会须填写党小组");
            None
        }
        None => None,
    };
    if chk.failed {
        return Ok(None);
    }
    let expected = activities::roll(conn, branch_id, date, activities::scope_for(&kinds, group_id)?)?;
    let on_roll: HashSet<i64> = expected.iter().map(|r| r.member_id).collect();

    let existing = activities::find(conn, branch_id, date, &title)?;
    let old = existing.map(|id| activities::data_of(conn, id)).transpose()?;
    let has_attendance = ["出席", "请假", "缺席"].iter().any(|c| cols.has(c));

    let mut marks: HashMap<i64, Mark> = HashMap::new();
    for (column, status) in [
        ("出席", AttendanceStatus::Present),
        ("请假", AttendanceStatus::Leave),
        ("缺席", AttendanceStatus::Absent),
    ] {
        let Some(list) = cols.text(cells, column) else {
            continue;
        };
        for (name, reason) in parse_name_list(&list) {
            let Some(id) = member_by_name(conn, branch_id, &name, date)? else {
                chk.fail(column, &name, "台账中没有这名党员");
                continue;
            };
            let status = if on_roll.contains(&id) {
                status
            } else if status == AttendanceStatus::Present {
                warnings.push(format!("第 {row} 行：“{name}”不在当日应到名单中，记为列席"));
                AttendanceStatus::Observer
            } else {
                chk.fail(
                    column,
                    &name,
                    "不在当日应到名单中（未入党、已离开或不属于该党小组/支委）",
                );
                continue;
            };
            if marks
                .insert(
                    id,
                    Mark {
                        member_id: id,
                        status,
                        reason,
                    },
                )
                .is_some()
            {
                chk.fail(column, &name, "同一人在出席/请假/缺席中出现了不止一次");
            }
        }
    }
    if chk.failed {
        return Ok(None);
    }
    let attendance = if has_attendance || old.is_none() {
        let mut all: Vec<Mark> = expected
            .iter()
            .map(|r| {
                marks.remove(&r.member_id).unwrap_or(Mark {
                    member_id: r.member_id,
                    status: AttendanceStatus::Absent,
                    reason: None,
                })
            })
            .collect();
        all.extend(marks.into_values());
        all.sort_by_key(|m| m.member_id);
        all
    } else {
        old.as_ref().map(|o| o.attendance.clone()).unwrap_or_default()
    };

    // Blank cells keep what the ledger has (times, agenda, resolution typed in the app stay).
    let o = old.as_ref();
    let text = |column: &str, old: Option<&Option<String>>| cols.text(cells, column).or_else(|| old.cloned().flatten());
    let data = ActivityData {
        date,
        start_time: o.and_then(|o| o.start_time),
        end_time: o.and_then(|o| o.end_time),
        location: text("地点", o.map(|o| &o.location)),
        form: form.or(o.map(|o| o.form)).unwrap_or(MeetingForm::Offline),
        title: title.clone(),
        kinds,
        host_id: host_id.or(o.and_then(|o| o.host_id)),
        recorder_id: recorder_id.or(o.and_then(|o| o.recorder_id)),
        speaker_id: o.and_then(|o| o.speaker_id),
        group_id,
        hours: hours.or(o.map(|o| o.hours)).unwrap_or(0.0),
        agenda: o.and_then(|o| o.agenda.clone()),
        summary: text("内容摘要", o.map(|o| &o.summary)),
        resolution: o.and_then(|o| o.resolution.clone()),
        votes: o.map(|o| o.votes).unwrap_or([None; 3]),
        attendance,
    };
    report.warnings.extend(warnings);
    let summary = format!("{date} {title}");
    if old.as_ref() == Some(&data) {
        return Ok(Some((Action::Unchanged, summary)));
    }
    let action = if existing.is_some() {
        Action::Update
    } else {
        Action::Create
    };
    activities::upsert(conn, branch_id, existing, &data)?;
    Ok(Some((action, summary)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists_with_reasons_in_either_bracket() {
        assert_eq!(
            parse_name_list("张三、李四（出差）, 王五(病假)，"),
            vec![
                ("张三".to_string(), None),
                ("李四".to_string(), Some("出差".to_string())),
                ("王五".to_string(), Some("病假".to_string())),
            ]
        );
    }
}
