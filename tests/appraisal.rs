//! 民主评议 (issue 10): the guide's scores worked out by hand, the third of 优秀 at its boundary,
//! 预备党员 taking part ungraded.

mod common;

use common::Branch;
use zhibu::analysis::appraisal;
use zhibu::domain::appraisal as records;
use zhibu::io::import::ImportKind;
use zhibu::kernel::labels::AppraisalGrade;

#[test]
fn the_guide_scores_by_hand_and_suggests_within_the_third() {
    let mut b = Branch::new();
    // 03-01: 赵一 钱二 李四 吴六 present (+2 each), 孙三 absent (−3); 周五 joins only on 03-15.
    b.activity("2026-03-01", &["主题党日"], None, &[("孙三", "absent", None)])
        .unwrap();
    common::write(
        &b.file("测评.csv"),
        "姓名,年度,测评得分,互评得分\n赵一,2026,8,92\n钱二,2026,9,95\n",
    );
    assert_eq!(b.import(ImportKind::Appraisal, "测评.csv", false).unwrap().created, 2);
    let rows = appraisal::sheet(b.ledger.conn(), b.branch_id, 2026).unwrap();
    let row = |n: &str| rows.iter().find(|r| r.name == n).unwrap();
    // At year end: 赵一 钱二 孙三 李四 graded (4: one 优秀 at most), 周五 预备党员, 吴六 gone.
    assert_eq!(rows.len(), 5);
    // 60 + 30 × 2/2 + 测评: 赵一 98, 钱二 99; 李四 90 (no 测评); 孙三 60 + 0 − 3 = 57.
    assert_eq!(
        [
            row("赵一").score,
            row("钱二").score,
            row("李四").score,
            row("孙三").score
        ],
        [Some(98.0), Some(99.0), Some(90.0), Some(57.0)]
    );
    assert_eq!(row("钱二").suggested, Some(AppraisalGrade::Excellent));
    assert_eq!(
        row("赵一").suggested,
        Some(AppraisalGrade::Qualified),
        "≥ 90 but the third is taken"
    );
    assert_eq!(row("李四").suggested, Some(AppraisalGrade::Qualified));
    assert_eq!(row("孙三").suggested, Some(AppraisalGrade::Unqualified));
    let zhou = row("周五");
    assert_eq!(
        (zhou.graded, zhou.score, zhou.suggested, zhou.grade),
        (false, None, None, None)
    );
}

#[test]
fn excellent_stops_at_a_third_of_those_graded_and_probationers_are_not_graded() {
    let mut b = Branch::new();
    let g = b.g1;
    // 4 正式 of `common` on the roll at year end + 18 more = 22 graded; 7 may be 优秀, not 8.
    for i in 0..18 {
        b.add_member(&format!("党员{i:02}"), g, "2015-07-01", "正式党员");
    }
    let graded: Vec<String> = records::participants(b.ledger.conn(), b.branch_id, 2026)
        .unwrap()
        .into_iter()
        .filter(|m| m.voting)
        .map(|m| m.name)
        .collect();
    assert_eq!(graded.len(), 22);
    let branch_id = b.branch_id;
    let day = common::d("2027-01-10");
    for name in &graded[..7] {
        let id = b.id(name);
        b.ledger
            .write(|tx| records::decide(tx, branch_id, id, 2026, Some(AppraisalGrade::Excellent), "支委会", day))
            .unwrap();
    }
    let eighth = b.id(&graded[7]);
    let e = b
        .ledger
        .write(|tx| {
            records::decide(
                tx,
                branch_id,
                eighth,
                2026,
                Some(AppraisalGrade::Excellent),
                "支委会",
                day,
            )
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("已有 7 人") && e.contains("22 人的三分之一（7 人）"), "{e}");
    // 合格 is fine; a 预备党员 takes part but gets no grade.
    b.ledger
        .write(|tx| {
            records::decide(
                tx,
                branch_id,
                eighth,
                2026,
                Some(AppraisalGrade::Qualified),
                "支委会",
                day,
            )
        })
        .unwrap();
    let zhou = b.id("周五");
    let e = b
        .ledger
        .write(|tx| {
            records::decide(
                tx,
                branch_id,
                zhou,
                2026,
                Some(AppraisalGrade::Qualified),
                "支委会",
                day,
            )
        })
        .unwrap_err()
        .to_string();
    assert!(e.contains("预备党员"), "{e}");
    // Grades typed into an imported sheet: the 8th 优秀 in a file is refused, the file writes nothing.
    common::write(
        &b.file("评定.csv"),
        &format!("姓名,年度,评定等次\n{},2026,优秀\n", graded[8]),
    );
    let e = b
        .import(ImportKind::Appraisal, "评定.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("三分之一"), "{e}");
}

/// The branch's 2026 民主评议 book as of `as_of`, at 评议.xlsx beside the ledger.
fn appraisal_book(b: &Branch, as_of: &str) -> (std::path::PathBuf, zhibu::io::export::WorkbookReport) {
    let out = b.file("评议.xlsx");
    let report =
        zhibu::io::export::appraisal::workbook(b.ledger.conn(), b.branch_id, 2026, common::d(as_of), &out, &mut |_| {})
            .unwrap();
    (out, report)
}

#[test]
fn the_appraisal_sheet_reads_back_and_a_typed_grade_is_all_that_changes() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut b = Branch::new();
    b.activity("2026-03-01", &["主题党日"], None, &[("孙三", "absent", None)])
        .unwrap();
    common::write(&b.file("测评.csv"), "姓名,年度,测评得分,互评得分\n钱二,2026,9,95\n");
    b.import(ImportKind::Appraisal, "测评.csv", false).unwrap();
    let (out, report) = appraisal_book(&b, "2027-01-05");
    let names: Vec<&str> = report.sheets.iter().map(|s| s.name).collect();
    assert_eq!(names, zhibu::io::export::appraisal::APPRAISAL_SHEETS);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("民主评议").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    // After the 序号: 钱二: 60 + 30 + 9 = 99, suggested 优秀, 测评 9, 互评 95.
    let qian = rows.iter().find(|r| r[1] == Data::String("钱二".into())).unwrap();
    assert_eq!(
        (qian[10].clone(), qian[11].clone(), qian[12].clone()),
        (Data::Float(95.0), Data::Float(9.0), Data::Float(99.0))
    );
    assert_eq!(qian[13], Data::String("优秀".into()));
    // Imported back as it is: nothing changes (the sign-off row is passed over, not an error).
    let again = zhibu::io::import::run(
        &mut b.ledger,
        b.branch_id,
        ImportKind::Appraisal,
        &out,
        false,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!(
        (again.created, again.updated, again.errors.len()),
        (0, 0, 0),
        "{:?}",
        again.changes
    );
    // A grade typed into the dropdown is the one change.
    let csv = "姓名,年度,评定等次\n钱二,2026,优秀\n";
    common::write(&b.file("评定.csv"), csv);
    let r = b.import(ImportKind::Appraisal, "评定.csv", false).unwrap();
    assert_eq!(r.updated, 1);
    let rows = appraisal::sheet(b.ledger.conn(), b.branch_id, 2026).unwrap();
    let q = rows.iter().find(|r| r.name == "钱二").unwrap();
    assert_eq!(
        (q.grade, q.peer_score, q.poll_score),
        (Some(AppraisalGrade::Excellent), Some(95.0), Some(9.0))
    );
}

#[test]
fn the_printed_calendar_lists_who_is_flagged_lapsed() {
    use calamine::{open_workbook, DataType, Reader, Xlsx};
    let mut b = Branch::new();
    // 孙三 is absent from both activities; everyone else was at the second, inside the window.
    for day in ["2026-01-10", "2026-07-15"] {
        b.activity(day, &["主题党日"], None, &[("孙三", "absent", None)])
            .unwrap();
    }
    let (out, _) = appraisal_book(&b, "2026-07-20");
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let sheet = wb.worksheet_range("合规日历").unwrap();
    // The lines under the grid are cut to the printed width, a row each: read back as one text.
    let text: String = sheet.cells().filter_map(|(_, _, c)| c.get_string()).collect();
    assert!(text.contains("孙三：从未参加组织生活已满 6 个月（失联预警）"), "{text}");
    assert_eq!(text.matches("失联预警").count(), 1, "{text}");
}
