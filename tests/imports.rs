//! Imports: header matching, encodings, real Excel dates, all-or-nothing, idempotent re-import.

mod common;

use common::{d, error_cells, write, Branch};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use zhibu::domain::activities;
use zhibu::domain::members;
use zhibu::io::import::{self, ImportKind};
use zhibu::kernel::action::Action;
use zhibu::kernel::labels::AttendanceStatus;
use zhibu::Error;

const ROSTER: &str = "\u{feff}姓名,性别,出生日期,党员类别,入党日期,转正日期,党小组,联系电话,身份证号,备注\r\n\
王新,男,1990/3/5,正式党员,2015年7月1日,2016-07-01,一组,13800001111,11010519491231002X,新调入\r\n\
陈新,女,1995-08-08,预备党员,2026-01-10,,三组,,,\r\n";

fn import(b: &mut Branch, kind: ImportKind, file: &str, dry_run: bool) -> zhibu::Result<import::ImportReport> {
    let path = b.file(file);
    import::run(&mut b.ledger, b.branch_id, kind, &path, dry_run, &mut |_| {})
}

#[test]
fn members_import_creates_then_reimport_changes_nothing() {
    let mut b = Branch::new();
    write(&b.file("roster.csv"), ROSTER);
    let r = import(&mut b, ImportKind::Members, "roster.csv", false).unwrap();
    assert_eq!((r.rows, r.created, r.updated, r.unchanged), (2, 2, 0, 0));
    assert!(
        r.warnings.iter().any(|w| w.contains("备注")),
        "unknown column reported: {:?}",
        r.warnings
    );
    assert!(r.warnings.iter().any(|w| w.contains("新建党小组“三组”")));
    let wang = members::get(b.ledger.conn(), b.id("王新")).unwrap();
    assert_eq!(wang.joined_on, d("2015-07-01"));
    assert_eq!(wang.birth_date, Some(d("1990-03-05")));
    assert_eq!(wang.group_name.as_deref(), Some("一组"));
    let stamp: String = b
        .ledger
        .conn()
        .query_row("SELECT updated_at FROM member WHERE name = '王新'", [], |r| r.get(0))
        .unwrap();

    let again = import(&mut b, ImportKind::Members, "roster.csv", false).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(b.count("member"), 8);
    let stamp2: String = b
        .ledger
        .conn()
        .query_row("SELECT updated_at FROM member WHERE name = '王新'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stamp, stamp2, "an unchanged row is not rewritten");
}

#[test]
fn a_member_is_found_by_id_number_then_by_name_and_birth_date() {
    let mut b = Branch::new();
    write(&b.file("roster.csv"), ROSTER);
    import(&mut b, ImportKind::Members, "roster.csv", false).unwrap();
    // Same 身份证号 under another name: never a silent rename (issue: the right person) — an error
    // naming both, and nothing changes. A name is corrected in the member form.
    write(
        &b.file("fix.csv"),
        "姓名,党员类别,入党日期,身份证号,联系电话\n王欣,正式党员,2015-07-01,11010519491231002x,13900002222\n",
    );
    let e = import(&mut b, ImportKind::Members, "fix.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("属于党员“王新”") && e.contains("王欣"), "{e}");
    let wang = b.id("王新");
    let branch_id = b.branch_id;
    let rename = members::MemberInput {
        id: Some(wang),
        name: "王欣".into(),
        membership: Some("正式党员".into()),
        joined_on: Some("2015-07-01".into()),
        birth_date: Some("1990-03-05".into()),
        group_id: members::get(b.ledger.conn(), wang).unwrap().group_id,
        ..Default::default()
    };
    b.ledger.write(|tx| members::save(tx, branch_id, &rename)).unwrap();
    let r = import(&mut b, ImportKind::Members, "fix.csv", false).unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    let m = members::get(b.ledger.conn(), b.id("王欣")).unwrap();
    assert_eq!(m.phone.as_deref(), Some("13900002222"));
    assert_eq!(
        m.birth_date,
        Some(d("1990-03-05")),
        "a column the file lacks keeps its value"
    );
    // Platform-style aliases (学生姓名, 入党时间) and 姓名+出生日期 identity.
    write(
        &b.file("alias.csv"),
        "学生姓名,出生日期,党籍状态,入党时间\n陈新,1995-08-08,正式党员,2026-01-10\n",
    );
    let r = import(&mut b, ImportKind::Members, "alias.csv", false).unwrap();
    assert_eq!((r.created, r.updated), (0, 1));
    assert_eq!(b.count("member"), 8);
}

#[test]
fn gbk_csv_from_windows_excel_imports() {
    let mut b = Branch::new();
    let (bytes, _, _) = encoding_rs::GBK.encode("姓名,党员类别,入党日期,党小组\r\n黎明,正式党员,2001-07-01,二组\r\n");
    std::fs::write(b.file("gbk.csv"), &bytes).unwrap();
    let r = import(&mut b, ImportKind::Members, "gbk.csv", false).unwrap();
    assert_eq!(r.created, 1);
    assert_eq!(
        members::get(b.ledger.conn(), b.id("黎明")).unwrap().group_id,
        Some(b.g2)
    );
}

#[test]
fn one_bad_row_changes_nothing_and_every_error_names_row_column_value() {
    let mut b = Branch::new();
    let before = b.count("member");
    write(
        &b.file("bad.csv"),
        "姓名,党员类别,入党日期,性别,身份证号\n\
         好人,正式党员,2010-01-01,男,\n\
         坏日期,正式党员,2010-13-45,女,\n\
         ,预备党员,2020-01-01,,\n\
         怪类别,积极分子,2020-01-01,未知,110105194912310021\n",
    );
    let preview = import(&mut b, ImportKind::Members, "bad.csv", true).unwrap();
    assert!(!preview.applied);
    let cells = error_cells(&preview);
    assert_eq!(
        cells,
        vec![
            (3, "入党日期", "2010-13-45"),
            (4, "姓名", ""),
            (5, "党员类别", "积极分子"),
            (5, "性别", "未知"),
            (5, "身份证号", "1101**********0021"),
        ]
    );
    match import(&mut b, ImportKind::Members, "bad.csv", false) {
        Err(Error::Import(errors)) => assert_eq!(errors.len(), 5),
        other => panic!("expected an import error, got {other:?}"),
    }
    assert_eq!(b.count("member"), before, "the good row was not written either");
}

#[test]
fn missing_required_column_is_reported_on_the_header_row() {
    let mut b = Branch::new();
    write(&b.file("h.csv"), "姓名,入党日期\n某某,2020-01-01\n");
    let r = import(&mut b, ImportKind::Members, "h.csv", true).unwrap();
    assert_eq!(r.errors.len(), 1);
    assert_eq!((r.errors[0].row, r.errors[0].column.as_str()), (1, "党员类别"));
}

const ACTIVITIES: &str = "日期,类型,主题,地点,形式,主持人,记录人,学时,内容摘要,党小组,出席,请假,缺席\n\
2026/6/1,党员大会、党课,学习新党章,活动室,线下,赵一,钱二,4,学习并讨论,,赵一、钱二、李四、吴六,孙三（出差）,\n\
2026年6月18日,党小组会,一组学习,305,线上,赵一,,1,,一组,赵一,钱二(病假),\n";

#[test]
fn activities_import_with_roll_call_and_idempotent_reimport() {
    let mut b = Branch::new();
    write(&b.file("acts.csv"), ACTIVITIES);
    let r = import(&mut b, ImportKind::Activities, "acts.csv", false).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (2, 0, 0), "{:?}", r.errors);
    // 吴六 left on 05-01: recorded 列席 with a warning, not counted in 应到.
    assert!(
        r.warnings.iter().any(|w| w.contains("吴六") && w.contains("列席")),
        "{:?}",
        r.warnings
    );
    let list = activities::list(b.ledger.conn(), Some(b.branch_id), d("2026-01-01"), d("2026-12-31")).unwrap();
    let general = list.iter().find(|a| a.title == "学习新党章").unwrap();
    // Roll on 06-01: 赵一 钱二 孙三 李四 周五 = 5; present 3; 孙三 leave; 周五 unlisted → absent.
    assert_eq!(
        (
            general.tally.expected,
            general.tally.present,
            general.tally.leave,
            general.tally.absent
        ),
        (5, 3, 1, 1)
    );
    assert_eq!(general.kinds.len(), 2);
    let a = activities::get(b.ledger.conn(), &b.ledger.attachments_dir(), general.id).unwrap();
    let sun = a.roll.entries.iter().find(|e| e.name == "孙三").unwrap();
    assert_eq!(
        (sun.status, sun.reason.as_deref()),
        (AttendanceStatus::Leave, Some("出差"))
    );
    let group = list.iter().find(|a| a.title == "一组学习").unwrap();
    assert_eq!(
        (
            group.tally.expected,
            group.tally.present,
            group.tally.leave,
            group.tally.absent
        ),
        (3, 1, 1, 1)
    );

    let again = import(&mut b, ImportKind::Activities, "acts.csv", false).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(b.count("activity"), 2);
    assert_eq!(b.count("attendance"), 6 + 3);
}

#[test]
fn activities_import_errors_name_the_cell() {
    let mut b = Branch::new();
    write(
        &b.file("bad.csv"),
        "日期,类型,主题,出席,缺席\n2026-06-01,茶话会,迎新,赵一,\n2026-06-02,主题党日,学习,张三,\n2026-02-30,党课,讲党课,,\n2026-03-01,主题党日,三月,,周五\n",
    );
    let r = import(&mut b, ImportKind::Activities, "bad.csv", true).unwrap();
    let cells = error_cells(&r);
    assert_eq!(
        cells,
        vec![
            (2, "类型", "茶话会"),
            (3, "出席", "张三"),
            (4, "日期", "2026-02-30"),
            (5, "缺席", "周五")
        ]
    );
    assert_eq!(b.count("activity"), 0);
}

#[test]
fn xlsx_with_real_date_cells_imports_and_reimports() {
    let mut b = Branch::new();
    let path = b.file("roster.xlsx");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let date_fmt = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in ["姓名", "党员类别", "入党日期", "联系电话"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "林表").unwrap();
    ws.write_string(1, 1, "正式党员").unwrap();
    ws.write_datetime_with_format(1, 2, ExcelDateTime::from_ymd(2019, 6, 30).unwrap(), &date_fmt)
        .unwrap();
    ws.write_number(1, 3, 13712345678.0).unwrap();
    wb.save(&path).unwrap();
    let r = import(&mut b, ImportKind::Members, "roster.xlsx", false).unwrap();
    assert_eq!(r.created, 1, "{:?}", r.errors);
    let m = members::get(b.ledger.conn(), b.id("林表")).unwrap();
    assert_eq!(m.joined_on, d("2019-06-30"));
    assert_eq!(m.phone.as_deref(), Some("13712345678"));
    let again = import(&mut b, ImportKind::Members, "roster.xlsx", false).unwrap();
    assert_eq!(again.unchanged, 1);
}

#[test]
fn dry_run_reports_changes_and_writes_nothing() {
    let mut b = Branch::new();
    write(&b.file("roster.csv"), ROSTER);
    let r = import(&mut b, ImportKind::Members, "roster.csv", true).unwrap();
    assert_eq!(r.created, 2);
    assert!(r.changes.iter().all(|c| c.action == Action::Create));
    assert_eq!(b.count("member"), 6);
    assert_eq!(b.count("party_group"), 2);
}

#[test]
fn unreadable_files_are_format_errors() {
    let mut b = Branch::new();
    write(&b.file("x.pdf"), "%PDF");
    assert_eq!(
        import(&mut b, ImportKind::Members, "x.pdf", true).unwrap_err().kind(),
        "format"
    );
    write(&b.file("broken.xlsx"), "not a zip");
    assert_eq!(
        import(&mut b, ImportKind::Members, "broken.xlsx", true)
            .unwrap_err()
            .kind(),
        "format"
    );
    assert_eq!(
        import(&mut b, ImportKind::Members, "missing.csv", true)
            .unwrap_err()
            .kind(),
        "format"
    );
}

/// 400 study tasks published on 2026-01-05, in the ledger.
fn study_tasks(b: &mut Branch) {
    let mut tasks = String::from("任务名称,发布日期,学时\n");
    for t in 1..=400 {
        tasks.push_str(&format!("专题{t},2026-01-05,1\n"));
    }
    write(&b.file("tasks.csv"), &tasks);
    let r = import(b, ImportKind::StudyTasks, "tasks.csv", false).unwrap();
    assert_eq!(r.created, 400, "{:?}", r.errors);
}

/// A file of each of the 400 tasks completed by five members (2,000 rows), and `last` as row 2,002.
fn study_records(b: &Branch, last: &str) {
    let mut records = String::from("姓名,任务名称,完成日期,来源\n");
    for t in 1..=400 {
        for name in ["赵一", "钱二", "孙三", "李四", "周五"] {
            records.push_str(&format!("{name},专题{t},2026-03-{:02},学习通\n", 1 + t % 28));
        }
    }
    records.push_str(last);
    write(&b.file("records.csv"), &records);
}

#[test]
fn a_study_file_of_2000_rows_with_one_bad_row_at_the_end_changes_nothing() {
    let mut b = Branch::new();
    study_tasks(&mut b);
    // Completed before the task was published: refused only when written, after 2,000 good rows.
    study_records(&b, "吴六,专题7,2026-01-04,学习通\n");
    let (records, entries) = (b.count("study_record"), b.count("audit_log"));
    let head = std::fs::read_to_string(zhibu::store::audit::head_path(&b.path())).unwrap();

    let preview = import(&mut b, ImportKind::StudyRecords, "records.csv", true).unwrap();
    assert_eq!((preview.rows, preview.created), (2001, 2000));
    let errors: Vec<(usize, &str)> = preview.errors.iter().map(|e| (e.row, e.message.as_str())).collect();
    assert_eq!(errors, vec![(2002, "完成日期 2026-01-04 早于任务发布日期 2026-01-05")]);
    match import(&mut b, ImportKind::StudyRecords, "records.csv", false) {
        Err(Error::Import(errors)) => assert_eq!(errors.len(), 1),
        other => panic!("expected an import error, got {other:?}"),
    }
    assert_eq!(
        (b.count("study_record"), b.count("audit_log")),
        (records, entries),
        "not one of the 2,000 good rows was written, nor logged"
    );
    assert_eq!(
        std::fs::read_to_string(zhibu::store::audit::head_path(&b.path())).unwrap(),
        head
    );

    // Corrected, the file goes in whole, one log entry per record; again, it changes nothing.
    study_records(&b, "吴六,专题7,2026-01-05,学习通\n");
    let r = import(&mut b, ImportKind::StudyRecords, "records.csv", false).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (2001, 0, 0), "{:?}", r.errors);
    assert_eq!(b.count("study_record"), records + 2001);
    assert_eq!(b.count("audit_log"), entries + 2001);
    let again = import(&mut b, ImportKind::StudyRecords, "records.csv", false).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2001));
    assert_eq!(
        zhibu::store::audit::verify(b.ledger.conn(), &b.path()).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn a_completion_corrected_later_in_the_same_file_is_written_once_corrected() {
    let mut b = Branch::new();
    write(&b.file("tasks.csv"), "任务名称,发布日期\n党章学习,2026-01-05\n");
    import(&mut b, ImportKind::StudyTasks, "tasks.csv", false).unwrap();
    write(
        &b.file("records.csv"),
        "姓名,任务名称,完成日期,来源\n赵一,党章学习,2026-02-01,学习通\n钱二,党章学习,2026-02-02,学习通\n赵一,党章学习,2026-02-09,线下\n",
    );
    let r = import(&mut b, ImportKind::StudyRecords, "records.csv", false).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (2, 1, 0));
    let zhao: (String, String) = b
        .ledger
        .conn()
        .query_row(
            "SELECT completed_on, source FROM study_record WHERE member_id = ?1",
            [b.id("赵一")],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(zhao, ("2026-02-09".to_string(), "offline".to_string()));
    assert_eq!(b.count("study_record"), 2);
}

#[test]
fn group_meetings_of_two_groups_with_one_title_on_one_day_are_two_meetings() {
    let mut b = Branch::new();
    write(
        &b.file("groups.csv"),
        "日期,类型,主题,党小组,出席,请假,缺席\n\
         2026-06-08,党小组会,6月党小组学习,一组,赵一、钱二,孙三（出差）,\n\
         2026-06-08,党小组会,6月党小组学习,二组,李四,,周五\n",
    );
    let r = import(&mut b, ImportKind::Activities, "groups.csv", false).unwrap();
    assert_eq!((r.created, r.updated, r.unchanged), (2, 0, 0), "{:?}", r.errors);
    assert_eq!((b.count("activity"), b.count("attendance")), (2, 3 + 2));
    let again = import(&mut b, ImportKind::Activities, "groups.csv", false).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    assert_eq!(b.count("activity"), 2);
}

/// An import writes the marks of its new activities many activities at a time. A file of 200
/// meetings (more marks than one such write) that names two of them again further down — one whose
/// marks are still waiting, one long written — holds each meeting once, with the marks of the row
/// that came last, and every other meeting's marks whole.
#[test]
fn meetings_named_again_later_in_a_file_keep_the_last_rows_marks() {
    let mut b = Branch::new();
    let mut text = String::from("日期,类型,主题,出席,请假\n");
    let day = |i: u64| d("2026-01-01") + chrono::Days::new(i);
    for i in 0..200 {
        text.push_str(&format!("{},主题党日,第{i}次学习,赵一,\n", day(i)));
    }
    text.push_str(&format!("{},主题党日,第199次学习,赵一、钱二,孙三（出差）\n", day(199)));
    text.push_str(&format!("{},主题党日,第5次学习,钱二,\n", day(5)));
    write(&b.file("again.csv"), &text);
    let r = import(&mut b, ImportKind::Activities, "again.csv", false).unwrap();
    assert_eq!(
        (r.rows, r.created, r.updated, r.errors.len()),
        (202, 200, 2, 0),
        "{:?}",
        r.errors
    );
    let list = activities::list(b.ledger.conn(), Some(b.branch_id), d("2026-01-01"), d("2026-12-31")).unwrap();
    assert_eq!(list.len(), 200);
    let marks: i64 = list.iter().map(|a| a.tally.expected).sum();
    assert!(marks > 1024, "{marks} marks: more than one write of waiting marks");
    assert_eq!(b.count("attendance"), marks);
    let tally = |title: &str| {
        let t = list.iter().find(|a| a.title == title).unwrap().tally;
        (t.present, t.leave, t.absent)
    };
    let expected = |title: &str| list.iter().find(|a| a.title == title).unwrap().tally.expected;
    assert_eq!(tally("第199次学习"), (2, 1, expected("第199次学习") - 3));
    assert_eq!(tally("第5次学习"), (1, 0, expected("第5次学习") - 1));
    assert_eq!(tally("第6次学习"), (1, 0, expected("第6次学习") - 1));
    let present = |title: &str| -> Vec<i64> {
        let id = list.iter().find(|a| a.title == title).unwrap().id;
        let data = activities::data_of(b.ledger.conn(), id).unwrap();
        data.attendance
            .iter()
            .filter(|m| m.status == AttendanceStatus::Present)
            .map(|m| m.member_id)
            .collect()
    };
    assert_eq!(present("第5次学习"), vec![b.id("钱二")]);
    assert_eq!(present("第199次学习"), vec![b.id("赵一"), b.id("钱二")]);
    assert_eq!(
        zhibu::store::audit::verify(b.ledger.conn(), &b.path()).unwrap(),
        Vec::<String>::new()
    );
}

/// The rolls an activity import checks its names against are read once for the whole file
/// (`roll::Rolls`): they must be the roll module's SQL rolls, member for member, on every day.
fn same_rolls_every_day(ledger: &zhibu::Ledger, branch_id: i64, from: &str, to: &str) -> usize {
    use zhibu::domain::roll::{self, Scope};
    let conn = ledger.conn();
    let rolls = roll::Rolls::read(conn, branch_id).unwrap();
    let groups: Vec<i64> = conn
        .prepare("SELECT id FROM party_group WHERE branch_id = ?1")
        .unwrap()
        .query_map([branch_id], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut scopes = vec![Scope::Branch, Scope::Committee];
    scopes.extend(groups.into_iter().map(Scope::Group));
    let shown = |roll: Vec<roll::RollMember>| -> Vec<(i64, String, Option<String>, bool)> {
        roll.into_iter()
            .map(|m| (m.member_id, m.name, m.group_name, m.voting))
            .collect()
    };
    let (mut day, mut compared) = (d(from), 0);
    while day <= d(to) {
        for &scope in &scopes {
            let expected = shown(roll::on(conn, branch_id, day, scope).unwrap());
            compared += expected.len();
            assert_eq!(shown(rolls.on(day, scope)), expected, "{day} {scope:?}");
        }
        day = day.succ_opt().unwrap();
    }
    compared
}

#[test]
fn the_rolls_an_import_reads_once_are_the_roll_on_every_day() {
    // The demo year: a transfer out and one in, 预备党员 confirmed, three groups, a committee.
    let dir = tempfile::tempdir().unwrap();
    let demo = zhibu::io::demo::create(&dir.path().join("demo.db"), d("2026-12-31")).unwrap();
    let branch_id = zhibu::domain::org::resolve(demo.conn(), None).unwrap();
    assert!(same_rolls_every_day(&demo, branch_id, "2025-01-01", "2026-12-31") > 10_000);

    // The small branch, with a member moved to the other group and the committee changed mid-year.
    let mut b = Branch::new();
    let sun = b.id("孙三");
    let g2 = b.g2;
    b.ledger
        .write(|tx| zhibu::domain::members::move_group(tx, sun, Some(g2), "2026-04-10"))
        .unwrap();
    let branch_id = b.branch_id;
    b.ledger
        .write(|tx| {
            let seat = zhibu::domain::org::CommitteeInput {
                id: None,
                member_id: sun,
                role: "纪检委员".into(),
                term_start: Some("2026-04-01".into()),
                term_end: Some("2026-09-30".into()),
            };
            zhibu::domain::org::save_committee_role(tx, branch_id, &seat, d("2026-06-01"))
        })
        .unwrap();
    assert!(same_rolls_every_day(&b.ledger, b.branch_id, "2009-12-30", "2027-01-02") > 5_000);
}

/// An activities file is read on a second thread a few dozen rows ahead of its writing. A file
/// longer than that still reports its errors and warnings in the order of its rows, and the rows
/// that need the ledger itself — a name two members share, a 身份证号 — are read by the writer:
/// they find who was on the roll that day.
#[test]
fn a_long_activities_file_reports_in_row_order_and_tells_namesakes_apart() {
    let mut b = Branch::new();
    // 吴六 left on 2026-05-01; another 吴六 joins on 2026-06-01.
    let first = b.id("吴六");
    let branch_id = b.branch_id;
    let input = members::MemberInput {
        name: "吴六".into(),
        membership: Some("预备党员".into()),
        joined_on: Some("2026-06-01".into()),
        group_id: Some(b.g2),
        id_number: Some(ID_NUMBER.into()),
        ..Default::default()
    };
    let second = b.ledger.write(|tx| members::save(tx, branch_id, &input)).unwrap().id;
    assert_ne!(first, second);
    // Row i + 2 is a 主题党日 on 1 January + 2i days (2026-02-10 at i = 20, 2026-05-05 at i = 62,
    // 2026-06-10 at i = 80, 2026-07-20 at i = 100).
    let file = |bad: bool| {
        let mut text = String::from("日期,类型,主题,党小组,出席\n");
        for i in 0..150 {
            let date = d("2026-01-01") + chrono::Days::new(2 * i);
            let title = match i {
                3 | 118 => format!("=第{i}次学习"),
                _ => format!("第{i}次学习"),
            };
            let kind = if bad && i == 8 { "茶话会" } else { "主题党日" };
            let group = if i == 50 { "一组" } else { "" };
            let present = match i {
                20 | 80 => "赵一、吴六".to_string(),
                100 => format!("赵一、{ID_NUMBER}"),
                62 if bad => "吴六".to_string(),
                138 if bad => "无名氏".to_string(),
                _ => "赵一".to_string(),
            };
            text.push_str(&format!("{date},{kind},{title},{group},{present}\n"));
        }
        text
    };
    write(&b.file("bad.csv"), &file(true));
    let r = import(&mut b, ImportKind::Activities, "bad.csv", true).unwrap();
    let errors = error_cells(&r);
    assert_eq!(
        errors,
        vec![(10, "类型", "茶话会"), (64, "", ""), (140, "出席", "无名氏")]
    );
    assert!(
        r.errors[1].message.contains("对应 2 名党员") && r.errors[1].message.contains("身份证号"),
        "{}",
        r.errors[1].message
    );
    let by_row: Vec<&str> = r
        .warnings
        .iter()
        .filter(|w| w.starts_with("第 "))
        .map(|w| w.split('：').next().unwrap_or(w).split('「').next().unwrap_or(w))
        .collect();
    assert_eq!(by_row, vec!["第 5 行", "第 52 行", "第 120 行"], "{:?}", r.warnings);
    assert_eq!((r.rows, r.created), (150, 147));
    assert_eq!(b.count("activity"), 0, "a preview writes nothing");

    write(&b.file("good.csv"), &file(false));
    // Progress steps through every row, in order (counted as each is written).
    let mut steps = Vec::new();
    let r = import::run(
        &mut b.ledger,
        branch_id,
        ImportKind::Activities,
        &b.dir.path().join("good.csv"),
        false,
        &mut |p| steps.push((p.done, p.stage)),
    )
    .unwrap();
    assert_eq!((r.rows, r.created, r.errors.len()), (150, 150, 0));
    assert_eq!(steps.len(), 150);
    assert!(steps
        .iter()
        .enumerate()
        .all(|(i, (done, stage))| *done == i as u32 && *stage == format!("第 {} 行", i + 2)));
    let present = |i: usize| -> Vec<i64> {
        let date = d("2026-01-01") + chrono::Days::new(2 * i as u64);
        let id = activities::find(b.ledger.conn(), b.branch_id, date, &format!("第{i}次学习"))
            .unwrap()
            .unwrap();
        activities::data_of(b.ledger.conn(), id)
            .unwrap()
            .attendance
            .iter()
            .filter(|m| m.status == AttendanceStatus::Present)
            .map(|m| m.member_id)
            .collect()
    };
    let zhao = b.id("赵一");
    assert_eq!(present(20), vec![zhao, first]);
    assert_eq!(present(80), vec![zhao, second]);
    assert_eq!(present(100), vec![zhao, second]);
}

const ID_NUMBER: &str = "450102198506074567";
