//! Input as it really comes (issue: the roll as it really was, items 4–5): 学习通 exports, dates as
//! Excel and people type them, names with padding and invisible characters, look-alike records that
//! must stay apart, 主讲人 and 列席. Figures worked out by hand on the `common` branch.

mod common;

use common::{d, Branch};
use zhibu::analysis::points;
use zhibu::domain::activities;
use zhibu::io::import::ImportKind;

fn explain(b: &Branch, name: &str) -> points::Explanation {
    let (from, to) = points::period(2026, None).unwrap();
    points::explain(b.ledger.conn(), b.branch_id, b.id(name), from, to).unwrap()
}

fn rule_points(e: &points::Explanation, label: &str) -> (i64, f64) {
    e.by_rule
        .iter()
        .find(|r| r.rule_label == label)
        .map(|r| (r.events, r.points.as_f64()))
        .unwrap_or((0, 0.0))
}

#[test]
fn a_xuexitong_export_reads_real_names_and_skips_the_unfinished() {
    let mut b = Branch::new();
    common::write(
        &b.file("任务.csv"),
        "任务名称,发布日期,截止日期,学时\n党章学习,2024-08-01,2024-08-31,1\n",
    );
    b.import(ImportKind::StudyTasks, "任务.csv", false).unwrap();
    // 用户名 (a login) stands before 学生姓名; 完成时间 carries a clock; some have not finished.
    common::write(
        &b.file("学习通.csv"),
        "用户名,学生姓名,任务名称,完成时间\n\
         zhao01,赵一,党章学习,2024年08月02日 14:30:05\n\
         qian02,钱二,党章学习,--\n\
         sun03,孙三,党章学习,未完成\n\
         li04,李四,党章学习,2024-08-03 09:00\n",
    );
    let r = b.import(ImportKind::StudyRecords, "学习通.csv", false).unwrap();
    assert_eq!((r.created, r.skipped, r.errors.len()), (2, 2, 0));
    assert!(
        r.warnings.iter().any(|w| w.contains("2 行尚未完成")),
        "{:?}",
        r.warnings
    );
    assert!(!r.warnings.iter().any(|w| w.contains("用户名")), "{:?}", r.warnings);
    let again = b.import(ImportKind::StudyRecords, "学习通.csv", false).unwrap();
    assert_eq!((again.created, again.unchanged), (0, 2));
}

#[test]
fn dates_are_read_as_excel_and_people_write_them_and_slips_are_refused() {
    let mut b = Branch::new();
    common::write(
        &b.file("名册.csv"),
        "姓名,党员类别,入党日期\n郑七,正式党员,18-06-30\n王八,正式党员,2126-06-30\n",
    );
    let e = b
        .import(ImportKind::Members, "名册.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("第 2 行「入党日期」“18-06-30”：年份请写全四位"), "{e}");
    assert!(
        e.contains("第 3 行「入党日期」“2126-06-30”：日期应在 1900 年到 2100 年之间"),
        "{e}"
    );
    // An .xlsx whose 入党日期 is a General cell holding Excel's serial day 43281 (2018-06-30).
    let path = b.file("名册.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in ["姓名", "党员类别", "入党日期"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "郑七").unwrap();
    ws.write_string(1, 1, "正式党员").unwrap();
    ws.write_number(1, 2, 43281.0).unwrap();
    wb.save(&path).unwrap();
    let r = b.import(ImportKind::Members, "名册.xlsx", false).unwrap();
    assert_eq!(r.created, 1);
    let m = zhibu::domain::members::get(b.ledger.conn(), b.id("郑七")).unwrap();
    assert_eq!(m.joined_on, d("2018-06-30"));
}

#[test]
fn names_are_normalised_and_invisible_characters_refused() {
    let mut b = Branch::new();
    common::write(
        &b.file("测验.csv"),
        "姓名,日期,测验名称,得分\n\u{3000}赵\u{3000}一 ,2026-04-01,党章测验,90\n钱\u{200B}二,2026-04-01,党章测验,80\n",
    );
    let e = b
        .import(ImportKind::Quizzes, "测验.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("第 3 行「姓名」") && e.contains("看不见的字符"), "{e}");
    assert!(!e.contains("第 2 行"), "the padded name is 赵一: {e}");
    // Attendance lists split on every separator people use, spaces too.
    b.activity("2026-04-10", &["主题党日"], None, &[]).unwrap();
    common::write(
        &b.file("会议.csv"),
        "日期,类型,主题,出席,请假\n2026-04-12,主题党日,四月主题党日,赵一 钱二 孙三,李四/周五（出差）\n",
    );
    b.import(ImportKind::Activities, "会议.csv", false).unwrap();
    let list = activities::list(b.ledger.conn(), Some(b.branch_id), d("2026-04-12"), d("2026-04-12")).unwrap();
    // 应到 6 (吴六 leaves only on 05-01), 实到 3, 请假 2 (李四, 周五), 吴六 缺席.
    assert_eq!(
        (list[0].tally.expected, list[0].tally.present, list[0].tally.leave),
        (6, 3, 2)
    );
}

#[test]
fn look_alike_records_stay_apart_and_a_reimport_adds_nothing() {
    let mut b = Branch::new();
    common::write(
        &b.file("讨论.csv"),
        "姓名,日期,类型,主题\n李四,2026-04-15,回帖,学习体会\n李四,2026-04-15,回帖,学习体会\n李四,2026-04-15,回帖,学习体会\n",
    );
    let r = b.import(ImportKind::Discussions, "讨论.csv", false).unwrap();
    assert_eq!(r.created, 3, "three replies are three");
    assert_eq!(rule_points(&explain(&b, "李四"), "讨论发帖/回帖"), (3, 1.5));
    let again = b.import(ImportKind::Discussions, "讨论.csv", false).unwrap();
    assert_eq!((again.created, again.unchanged), (0, 3));
    common::write(
        &b.file("心得.csv"),
        "姓名,日期,标题,字数\n赵一,2026-03-20,学习党章心得,1500\n赵一,2026-06-20,学习党章心得,1800\n",
    );
    let r = b.import(ImportKind::Reflections, "心得.csv", false).unwrap();
    assert_eq!(r.created, 2, "one title on two dates is two 心得");
    assert_eq!(rule_points(&explain(&b, "赵一"), "心得体会"), (2, 4.0));
    assert_eq!(
        b.import(ImportKind::Reflections, "心得.csv", false).unwrap().unchanged,
        2
    );
}

#[test]
fn the_speaker_earns_the_lecture_and_guests_are_kept_by_name() {
    let mut b = Branch::new();
    common::write(
        &b.file("党课.csv"),
        "日期,类型,主题,主持人,主讲人,出席,列席\n\
         2026-04-20,党课,专题党课,赵一,钱二,赵一、钱二、孙三、李四、周五、吴六,学院党委组织员王某\n",
    );
    let r = b.import(ImportKind::Activities, "党课.csv", false).unwrap();
    assert_eq!(r.created, 1);
    assert_eq!(rule_points(&explain(&b, "钱二"), "主讲微党课/党课"), (1, 5.0));
    assert_eq!(rule_points(&explain(&b, "赵一"), "主讲微党课/党课"), (0, 0.0));
    let list = activities::list(b.ledger.conn(), Some(b.branch_id), d("2026-04-20"), d("2026-04-20")).unwrap();
    let a = activities::get(b.ledger.conn(), std::path::Path::new(""), list[0].id).unwrap();
    assert_eq!(a.guests.as_deref(), Some("学院党委组织员王某"));
    assert_eq!(
        (a.roll.tally.expected, a.roll.tally.present),
        (6, 6),
        "a guest is not expected"
    );
    assert_eq!(
        b.import(ImportKind::Activities, "党课.csv", false).unwrap().unchanged,
        1
    );
}

#[test]
fn two_members_of_one_name_are_told_apart_by_id_number_or_birth_date() {
    let mut b = Branch::new();
    common::write(
        &b.file("两个张伟.csv"),
        "姓名,党员类别,入党日期,出生日期,身份证号\n张伟,正式党员,2010-07-01,1980-01-02,450102198001021232\n张伟,正式党员,2012-07-01,1985-06-07,\n",
    );
    b.import(ImportKind::Members, "两个张伟.csv", false).unwrap();
    common::write(
        &b.file("测验.csv"),
        "姓名,日期,测验名称,得分\n张伟,2026-04-01,党章测验,90\n",
    );
    let e = b
        .import(ImportKind::Quizzes, "测验.csv", false)
        .unwrap_err()
        .to_string();
    assert!(e.contains("对应 2 名党员") && e.contains("身份证号"), "{e}");
    common::write(
        &b.file("测验2.csv"),
        "姓名,身份证号,出生日期,日期,测验名称,得分\n张伟,450102198001021232,,2026-04-01,党章测验,90\n张伟,,1985-06-07,2026-04-01,党章测验,70\n",
    );
    let r = b.import(ImportKind::Quizzes, "测验2.csv", false).unwrap();
    assert_eq!(r.created, 2);
    let scores: Vec<f64> = b
        .ledger
        .conn()
        .prepare("SELECT q.score FROM quiz_result q JOIN member m ON m.id = q.member_id ORDER BY m.birth_date")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(scores, vec![90.0, 70.0], "the 1980 张伟 scored 90, the 1985 one 70");
}

#[test]
fn a_wrong_phone_number_is_refused_without_echoing_it_whole() {
    let mut b = Branch::new();
    let branch_id = b.branch_id;
    let input = zhibu::domain::members::MemberInput {
        name: "郑七".into(),
        membership: Some("正式党员".into()),
        joined_on: Some("2019-07-01".into()),
        confirmed_on: Some("2020-07-01".into()),
        phone: Some("138-1234-567x".into()),
        ..Default::default()
    };
    let e = b
        .ledger
        .write(|tx| zhibu::domain::members::save(tx, branch_id, &input))
        .unwrap_err()
        .to_string();
    assert_eq!(e, "联系电话：“138********7x”不像电话号码");
}
