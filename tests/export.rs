//! The annual workbook and the charts, read back as a reader would: sheets, headers, row counts and
//! key figures with calamine, print settings in the xlsx XML, re-import that changes nothing.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use zhibu::analysis::reports;
use zhibu::domain::org;
use zhibu::io::charts;
use zhibu::io::export::{self, WorkbookOptions, SHEETS};
use zhibu::io::import::{self, ImportKind};
use zhibu::Ledger;

struct Demo {
    _dir: tempfile::TempDir,
    root: PathBuf,
    ledger: Ledger,
    branch_id: i64,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let ledger = zhibu::io::demo::create(&root.join("demo.db"), today).unwrap();
    let branch_id = org::resolve(ledger.conn(), None).unwrap();
    Demo {
        _dir: dir,
        root,
        ledger,
        branch_id,
    }
}

fn write_workbook(d: &Demo, include_sensitive: bool) -> (PathBuf, export::WorkbookReport) {
    let out = d.root.join("导出").join("2026年电子台账.xlsx");
    let opts = WorkbookOptions {
        year: 2026,
        branch_id: d.branch_id,
        include_sensitive,
        include_details: true,
        a3: false,
    };
    let mut steps = Vec::new();
    let report = export::workbook(d.ledger.conn(), opts, &out, &mut |p| steps.push(p)).unwrap();
    // Progress runs from 0 to its total, one step per sheet and never backwards.
    let last = steps.last().unwrap();
    assert_eq!((last.done, last.stage.as_str()), (last.total, "完成"));
    assert!(steps.windows(2).all(|w| w[0].done <= w[1].done));
    assert!(steps.iter().any(|p| p.stage == "考勤表"));
    (out, report)
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap().rows().map(|r| r.to_vec()).collect()
}

fn text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn number(c: &Data) -> f64 {
    match c {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn every_sheet_is_there_with_its_title_headers_and_rows() {
    let d = demo();
    let (path, report) = write_workbook(&d, false);
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());
    let rows: Vec<(&str, usize)> = report.sheets.iter().map(|s| (s.name, s.rows)).collect();
    let s = reports::summary(d.ledger.conn(), Some(d.branch_id), 2026).unwrap();

    let roster = sheet(&path, "花名册");
    // Printed in parts (too wide for one page at 9 pt), its title starts in the second column: the
    // first repeats on every part.
    assert_eq!(
        roster[0].iter().map(text).collect::<String>(),
        "机电工程学院教工第一党支部 2026 年党员花名册（联系电话、身份证号已隐藏）"
    );
    let headers: Vec<String> = roster[1].iter().map(text).collect();
    assert_eq!(
        headers[..14],
        [
            "序号",
            "姓名",
            "性别",
            "民族",
            "出生日期",
            "学历",
            "人员类别",
            "党员类别",
            "入党日期",
            "转正日期",
            "党小组",
            "工作岗位",
            "联系电话",
            "身份证号"
        ]
    );
    // Title, header, then 20 在册 at year end + 邓凯 who left in July, a blank row and the sign line.
    assert_eq!(roster.len() - 4, 21, "20 在册 at year end + 邓凯 who left in July");
    assert!(
        text(&roster.last().unwrap()[2]).starts_with("填表日期："),
        "the line the branch signs"
    );
    assert_eq!(
        (number(&roster[2][0]), number(&roster[22][0])),
        (1.0, 21.0),
        "numbered 1 to 21"
    );
    assert!(
        matches!(roster[2][8], Data::DateTime(_)),
        "入党日期 is a real date: {:?}",
        roster[2][8]
    );
    assert!(
        text(&roster[2][13]).contains("**********"),
        "身份证号 masked by default"
    );

    let activities = sheet(&path, "组织生活记录");
    // Numbered rows, then a 合计 row whose 应到/实到 are the year's 人次.
    assert_eq!(activities.len() - 5, s.activity_total as usize);
    let total = &activities[activities.len() - 3];
    assert_eq!(
        (text(&total[0]), number(&total[14]), number(&total[15])),
        ("合计".to_string(), s.expected_total as f64, s.present_total as f64)
    );
    assert_eq!(
        activities[1].iter().take(14).map(text).collect::<Vec<_>>(),
        [
            "序号",
            "日期",
            "类型",
            "主题",
            "地点",
            "形式",
            "主持人",
            "记录人",
            "学时",
            "内容摘要",
            "党小组",
            "出席",
            "请假",
            "缺席"
        ]
    );
    let attendance = sheet(&path, "考勤表");
    assert_eq!(attendance.len() - 4, 21);
    assert_eq!(
        attendance[1].len(),
        1 + s.activity_total as usize + 4,
        "姓名, one column per activity, 4 totals"
    );
    let marks: usize = attendance[2..]
        .iter()
        .flat_map(|r| r.iter())
        .filter(|c| text(c) == "出")
        .count();
    assert_eq!(marks as i64, s.present_total, "every 出 of the matrix is one 实到");

    // 年度统计 gives the figures of `report summary`.
    let stats = sheet(&path, "年度统计");
    let value = |label: &str| number(&stats.iter().find(|r| text(&r[0]) == label).unwrap()[1]);
    assert_eq!(value("年末在册党员（人）"), s.members as f64);
    assert_eq!(value("组织生活（次）"), s.activity_total as f64);
    assert!((value("平均出席率") - s.attendance_rate).abs() < 1e-12);
    assert_eq!(value("学习任务（项）"), 33.0);
    assert!((value("学习任务平均完成率") - s.study_completion).abs() < 1e-12);
    assert_eq!(value("讨论（帖）"), 31.0);
    let tasks = sheet(&path, "学习任务");
    let numbered = |label: &str| tasks.iter().filter(|r| text(&r[0]) == label).count();
    assert_eq!(
        tasks.iter().filter(|r| matches!(r[0], Data::Float(_))).count(),
        33,
        "33 tasks"
    );
    assert_eq!(numbered("平均"), 1, "and their 平均");
    assert!(
        tasks.iter().any(|r| r.iter().any(|c| text(c).starts_with("填表日期"))),
        "and the sign line"
    );
    assert_eq!(rows.iter().find(|r| r.0 == "积分排行").unwrap().1, 21);
    let pioneers = sheet(&path, "先锋示范岗");
    assert_eq!(pioneers.iter().filter(|r| matches!(r[0], Data::Float(_))).count(), 5);
}

#[test]
fn sensitive_fields_only_on_request() {
    let d = demo();
    let (path, _) = write_workbook(&d, true);
    let roster = sheet(&path, "花名册");
    let id = text(&roster[2][13]);
    assert_eq!(id.len(), 18);
    assert!(!id.contains('*'));
    assert!(zhibu::domain::members::check_id_number(&id).is_ok());
}

fn xml(path: &Path, member: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(member).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn print_setup_is_a4_never_below_9_pt_with_repeated_headers_and_page_numbers() {
    let d = demo();
    let (path, _) = write_workbook(&d, false);
    let workbook = xml(&path, "xl/workbook.xml");
    // The 封面 is one page of its own; every other sheet is a register.
    let cover = xml(&path, "xl/worksheets/sheet1.xml");
    assert!(cover.contains("paperSize=\"9\"") && !cover.contains("fitToPage"));
    for (i, name) in SHEETS.iter().enumerate().skip(1) {
        let s = xml(&path, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(s.contains("paperSize=\"9\""), "{name}: A4");
        // One page wide when that keeps the type at 9 pt or more (86% of 10.5 pt); else in parts
        // across pages at 86%, the first column repeated on each part. Never smaller.
        let in_parts = s.contains("scale=\"86\"");
        assert!(
            in_parts || (s.contains("<pageSetUpPr fitToPage=\"1\"/>") && s.contains("fitToHeight=\"0\"")),
            "{name}: one page wide, or in parts at 86%"
        );
        let titles = if in_parts {
            format!("{name}!$A:$A,{name}!$2:$2")
        } else {
            format!("{name}!$1:$2")
        };
        assert!(
            workbook.contains(&format!(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">{titles}</definedName>"
            )),
            "{name}: title and header rows repeat (in parts: the header row and the first column)"
        );
        assert!(s.contains("state=\"frozen\""), "{name}: frozen panes");
        assert!(
            s.contains("<autoFilter ref=\"A2:"),
            "{name}: autofilter on the header row"
        );
        assert!(
            s.contains("<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页"),
            "{name}: page numbers"
        );
        assert!(
            s.contains("<oddHeader>&amp;C机电工程学院教工第一党支部 2026 年"),
            "{name}: a page header naming the branch and year"
        );
        // Portrait unless too wide for it at 9 pt; only a landscape register prints in parts.
        assert!(
            s.contains("orientation=\"landscape\"") || !in_parts,
            "{name}: a portrait register that does not fit should turn landscape first"
        );
    }
    let styles = xml(&path, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"0.0%\"") && styles.contains("formatCode=\"yyyy-mm-dd\""));
}

/// A register's blank cells (the 考勤表's days a member was not expected) are not written one by one:
/// one conditional format draws their borders, as thin as every other cell's.
#[test]
fn blank_cells_are_bordered_by_one_conditional_format() {
    let d = demo();
    let (path, _) = write_workbook(&d, false);
    let at = SHEETS.iter().position(|s| *s == "考勤表").unwrap();
    let attendance = xml(&path, &format!("xl/worksheets/sheet{}.xml", at + 1));
    let rows = sheet(&path, "考勤表");
    let blanks = rows[2..]
        .iter()
        .take_while(|r| !text(&r[0]).is_empty())
        .flat_map(|r| r.iter())
        .filter(|c| matches!(c, Data::Empty))
        .count();
    assert!(blanks > 0, "the demo's 考勤表 has days some members were not expected");
    let members = rows[2..].iter().take_while(|r| !text(&r[0]).is_empty()).count();
    // Cells written without a value (`<c r="B5" s="8"/>`) among the members' rows.
    let written_blank = attendance.match_indices("<c r=\"").any(|(i, _)| {
        let cell = &attendance[i..i + attendance[i..].find('>').unwrap()];
        let row: usize = cell[6..]
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        cell.ends_with('/') && (3..3 + members).contains(&row)
    });
    assert!(!written_blank, "{blanks} blanks, none written");
    let grid = format!(
        "<conditionalFormatting sqref=\"A3:{}{}\">",
        column_name(rows[1].len() - 1),
        2 + members
    );
    assert!(attendance.contains(&grid), "{grid}");
    assert!(attendance.contains("type=\"containsBlanks\""));
    let styles = xml(&path, "xl/styles.xml");
    assert!(styles.contains("<dxf><border><left style=\"thin\">"), "{styles}");
}

fn column_name(c: usize) -> String {
    let letter = |i: usize| char::from(b'A' + i as u8);
    if c < 26 {
        letter(c).to_string()
    } else {
        format!("{}{}", letter(c / 26 - 1), letter(c % 26))
    }
}

#[test]
fn exported_registers_import_back_and_change_nothing() {
    let mut d = demo();
    let (path, _) = write_workbook(&d, false);
    for (kind, rows) in [
        (ImportKind::Members, 21),
        (ImportKind::Activities, 75),
        (ImportKind::StudyRecords, 641),
        (ImportKind::StudyTasks, 33),
    ] {
        let r = import::run(&mut d.ledger, d.branch_id, kind, &path, false, &mut |_| {}).unwrap();
        assert_eq!(
            (r.rows, r.created, r.updated, r.unchanged),
            (rows, 0, 0, rows),
            "{kind:?}: {:?}",
            r.errors
        );
        assert!(r.warnings.is_empty(), "{kind:?}: {:?}", r.warnings);
    }
}

#[test]
fn charts_are_1080p_pngs_in_the_embedded_cjk_font() {
    let d = demo();
    let opts = charts::ChartOptions::new(2026, d.branch_id);
    let out = d.root.join("charts");
    let written = charts::write_all(d.ledger.conn(), &opts, &out, &mut |_| {}).unwrap();
    let names: Vec<&str> = written.iter().map(|c| c.file_name).collect();
    assert_eq!(
        names,
        [
            "activities_by_month.png",
            "attendance_by_month.png",
            "study_completion_by_task.png",
            "study_hours.png",
            "points_top.png",
            "annual_poster.png",
            "annual_poster_a4.png"
        ],
        "branch_ranking only with two branches; the poster last, as the last slide"
    );
    for c in &written {
        let png = std::fs::read(out.join(c.file_name)).unwrap();
        assert_eq!(&png[1..4], b"PNG");
        let (w, h) = (
            u32::from_be_bytes(png[16..20].try_into().unwrap()),
            u32::from_be_bytes(png[20..24].try_into().unwrap()),
        );
        // The A4 poster: 210 × 297 mm at 300 dpi.
        let size = if c.file_name == "annual_poster_a4.png" {
            (2480, 3508)
        } else {
            (1920, 1080)
        };
        assert_eq!((w, h), size, "{}", c.file_name);
        assert!(charts::missing_glyphs(&c.title).is_empty(), "{}", c.title);
        // The title is drawn: the top band holds text pixels — dark on a chart's white, white on the
        // poster's red — not only the background.
        let img = image::load_from_memory(&png).unwrap().to_rgb8();
        let poster = c.file_name.starts_with("annual_poster");
        let rows = if size.1 > 1080 { 160..320 } else { 40..130 };
        let text = (0..1400)
            .flat_map(|x| rows.clone().map(move |y| (x, y)))
            .filter(|(x, y)| {
                let [r, g, _] = img.get_pixel(*x, *y).0;
                if poster {
                    g > 200
                } else {
                    r < 100
                }
            })
            .count();
        assert!(text > 2000, "{}: title not drawn ({text} text pixels)", c.file_name);
    }
    let members = zhibu::domain::members::list(d.ledger.conn(), d.branch_id, &Default::default()).unwrap();
    let all_names: String = members.iter().map(|m| m.name.as_str()).collect();
    assert!(charts::missing_glyphs(&all_names).is_empty());

    d.ledger
        .conn()
        .execute("INSERT INTO branch (name) VALUES ('第二支部')", [])
        .unwrap();
    let again = charts::render_all(d.ledger.conn(), &opts, &mut |_| {}).unwrap();
    let names: Vec<&str> = again.iter().map(|c| c.file_name).collect();
    assert_eq!(
        names[5..],
        ["branch_ranking.png", "annual_poster.png", "annual_poster_a4.png"]
    );
}

#[test]
fn the_default_book_is_the_auditors_and_text_that_looks_like_a_formula_stays_text() {
    let mut d = demo();
    // A topic a secretary typed with a leading “=” and a summary starting with “@”: kept as text,
    // said at import, and quote-prefixed in the workbook so editing the cell never makes a formula.
    let csv = d.root.join("活动.csv");
    std::fs::write(
        &csv,
        "日期,类型,主题,内容摘要,出席\n2026-12-20,主题党日,=1+1 的讨论,@全体党员 参加,王建国\n",
    )
    .unwrap();
    let r = zhibu::io::import::run(
        &mut d.ledger,
        d.branch_id,
        zhibu::io::import::ImportKind::Activities,
        &csv,
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        r.warnings.iter().filter(|w| w.contains("已按文字保存")).count(),
        2,
        "{:?}",
        r.warnings
    );
    let out = d.root.join("审阅版.xlsx");
    let opts = WorkbookOptions {
        year: 2026,
        branch_id: d.branch_id,
        include_sensitive: false,
        include_details: false,
        a3: false,
    };
    export::workbook(d.ledger.conn(), opts, &out, &mut |_| {}).unwrap();
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    assert!(!names.iter().any(|n| n == "积分明细" || n == "学习记录"), "{names:?}");
    assert_eq!(names.len(), SHEETS.len() - 2);
    let meetings = sheet(&out, "组织生活记录");
    assert!(meetings.iter().any(|r| r.iter().any(|c| text(c) == "=1+1 的讨论")));
    assert!(xml(&out, "xl/styles.xml").contains("quotePrefix=\"1\""));
    // Whole numbers are shown as whole numbers: a “0” format, never “0.##” (“20.” in Excel and WPS).
    assert!(!xml(&out, "xl/styles.xml").contains("0.##"));
    // By default the 花名册, too wide for A4 at 9 pt, prints in parts on A4; by choice on A3, where
    // its parts are fewer (its 19 columns need 1,165 pt at 86%, A3 holds 1,090).
    let roster = |path: &Path| {
        let names = open_workbook::<Xlsx<_>, _>(path).unwrap().sheet_names();
        let i = names.iter().position(|n| n == "花名册").unwrap();
        xml(path, &format!("xl/worksheets/sheet{}.xml", i + 1))
    };
    assert!(roster(&out).contains("scale=\"86\"") && !roster(&out).contains("paperSize=\"8\""));
    let a3 = d.root.join("A3.xlsx");
    let opts = WorkbookOptions { a3: true, ..opts };
    export::workbook(d.ledger.conn(), opts, &a3, &mut |_| {}).unwrap();
    let sheet_xml = roster(&a3);
    assert!(
        sheet_xml.contains("paperSize=\"8\"") && sheet_xml.contains("orientation=\"landscape\""),
        "the 花名册 on A3"
    );
}

#[test]
fn the_minutes_are_one_page_per_meeting_in_date_order() {
    let d = demo();
    let out = d.root.join("会议记录.xlsx");
    let r = export::minutes::workbook(d.ledger.conn(), d.branch_id, 2026, &out, &mut |_| {}).unwrap();
    let list = zhibu::domain::activities::list(
        d.ledger.conn(),
        Some(d.branch_id),
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    )
    .unwrap();
    assert_eq!(r.sheets[0].rows, list.len());
    // A page break before every meeting but the first.
    let sheet_xml = xml(&out, "xl/worksheets/sheet1.xml");
    assert!(
        sheet_xml.contains(&format!("<rowBreaks count=\"{}\"", list.len() - 1)),
        "page breaks"
    );
    let rows = sheet(&out, export::minutes::SHEET);
    let titles: Vec<String> = rows
        .iter()
        .filter(|r| text(&r[0]) == "会议名称")
        // A long title is printed over two lines.
        .map(|r| text(&r[1]).replace('\n', ""))
        .collect();
    let mut by_date: Vec<&zhibu::domain::activities::ActivitySummary> = list.iter().collect();
    by_date.reverse();
    assert_eq!(titles, by_date.iter().map(|a| a.title.clone()).collect::<Vec<_>>());
    // Each page has the fields of a 三会一课 记录本 page.
    for field in [
        "时间",
        "主持人",
        "应到",
        "缺席人员及原因",
        "列席",
        "议题",
        "内容摘要",
        "决议与表决",
        "学时",
    ] {
        assert_eq!(
            rows.iter().filter(|r| text(&r[0]) == field).count(),
            list.len(),
            "{field}"
        );
    }
}

#[test]
fn the_book_opens_with_a_cover_a_table_of_contents_and_the_branch() {
    let d = demo();
    let (path, _) = write_workbook(&d, false);
    let cover: Vec<String> = sheet(&path, "封面")
        .iter()
        .flatten()
        .map(text)
        .filter(|t| !t.is_empty())
        .collect();
    for expected in [
        "机电工程学院教工第一党支部",
        "2026 年度支部工作台账",
        "上级党组织：",
        "支部书记：",
        "王建国",
        "填报日期：",
    ] {
        assert!(cover.iter().any(|c| c == expected), "{expected} in {cover:?}");
    }
    // The 目录 lists every sheet after it, in order, each a link to its sheet.
    let contents = sheet(&path, "目录");
    let listed: Vec<String> = contents.iter().skip(2).map(|r| text(&r[1])).collect();
    assert_eq!(listed, SHEETS[2..].iter().map(|s| s.to_string()).collect::<Vec<_>>());
    assert!(xml(&path, "xl/worksheets/sheet2.xml").contains("location=\"'花名册'!A1\""));
    // 支部基本情况: the committee in office and each group with its members at the year's end.
    let basics = sheet(&path, "支部基本情况");
    let rows: Vec<(String, String)> = basics.iter().skip(2).map(|r| (text(&r[0]), text(&r[1]))).collect();
    assert!(
        rows.contains(&("支委：书记".to_string(), "王建国".to_string())),
        "{rows:?}"
    );
    let in_groups: usize = rows
        .iter()
        .filter(|(k, _)| k.starts_with("党小组："))
        .map(|(_, v)| v.trim_end_matches(" 人").parse::<usize>().unwrap())
        .sum();
    assert_eq!(in_groups, 20, "the 20 members at the year's end, each in a group");
    assert!(rows.iter().any(|(k, v)| k == "在册党员" && v.starts_with("20 人")));
}
