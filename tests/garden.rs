//! The 数字党建园地 (issue 11) on the `common` branch — 赵一 (书记), 钱二, 孙三 in 一组; 李四, 周五
//! (预备党员 from 03-15), 吴六 (转出 05-01) in 二组: resources and their files, one search that finds
//! two-character words inside files, the 资讯轮值 dealt fairly, polls, the 关注名单 and the 佐证材料
//! folder. Hand-computed.

mod common;

use std::path::Path;

use common::{d, Branch};
use zhibu::analysis::attention;
use zhibu::domain::garden::{self, Filter, ResourceInput};
use zhibu::domain::rota::{self, Length};
use zhibu::domain::{activities, polls, rules, search};
use zhibu::io::export::evidence;
use zhibu::io::extract;
use zhibu::kernel::labels::RecordKind;

fn resource(
    b: &mut Branch,
    title: &str,
    date: &str,
    file: Option<&Path>,
    module: Option<&str>,
) -> zhibu::Result<(i64, bool)> {
    let body = file.and_then(extract::text_of);
    let input = ResourceInput {
        title: title.into(),
        date: date.into(),
        file: file.map(Path::to_path_buf),
        module: module.map(String::from),
        link: file.is_none().then(|| "https://www.12371.cn/".to_string()),
        ..Default::default()
    };
    let branch_id = b.branch_id;
    b.ledger
        .write(|tx| garden::add_resource(tx, branch_id, &input, body.as_deref()))
}

fn docx(path: &Path, text: &str) {
    let mut w = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    w.start_file("word/document.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    let xml = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="x"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#
    );
    std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
    w.finish().unwrap();
}

fn hits(b: &Branch, q: &str) -> Vec<(RecordKind, String)> {
    search::search(b.ledger.conn(), Some(b.branch_id), q)
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.title))
        .collect()
}

#[test]
fn a_resource_is_a_copy_in_the_ledger_and_the_same_one_twice_is_one() {
    let mut b = Branch::new();
    let src = b.file("3月学习材料.txt");
    common::write(&src, "学习党章党规");
    let (id, created) = resource(&mut b, "党章学习材料", "2026-03-10", Some(&src), None).unwrap();
    assert!(created);
    assert_eq!(
        resource(&mut b, "党章学习材料", "2026-03-10", Some(&src), None).unwrap(),
        (id, false)
    );
    let dir = b.ledger.attachments_dir();
    let list = garden::resources(
        b.ledger.conn(),
        &dir,
        b.branch_id,
        d("2026-01-01"),
        d("2026-12-31"),
        Filter::default(),
    )
    .unwrap();
    let copy = list[0].path.clone().unwrap();
    assert!(copy.starts_with(&dir) && copy.is_file(), "{copy:?}");
    // The original may go: the ledger keeps its copy.
    std::fs::remove_file(&src).unwrap();
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), "学习党章党规");
    assert!(list[0].has_text && list[0].module.is_none());
    // Opening it opens the copy, never a path from elsewhere; another branch's id opens nothing.
    assert_eq!(
        garden::opens(b.ledger.conn(), &dir, b.branch_id, id).unwrap(),
        garden::Opens::File(copy.clone())
    );
    assert!(garden::opens(b.ledger.conn(), &dir, b.branch_id + 1, id).is_err());
    // An extension module holding it cannot be removed; a link must be a web address.
    let (link_id, _) = resource(&mut b, "先进事迹", "2026-04-01", None, Some("先锋模范")).unwrap();
    assert_eq!(
        garden::opens(b.ledger.conn(), &dir, b.branch_id, link_id).unwrap(),
        garden::Opens::Link("https://www.12371.cn/".into())
    );
    let e = b
        .ledger
        .write(|tx| garden::remove_module(tx, "先锋模范"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("还有 1 份资料"), "{e}");
    let branch_id = b.branch_id;
    let bad = ResourceInput {
        title: "坏链接".into(),
        date: "2026-04-01".into(),
        link: Some("javascript:alert(1)".into()),
        ..Default::default()
    };
    let e = b
        .ledger
        .write(|tx| garden::add_resource(tx, branch_id, &bad, None))
        .unwrap_err()
        .to_string();
    assert!(e.contains("http://"), "{e}");
    // Removing it removes its copy once committed.
    b.ledger.write(|tx| garden::remove_resource(tx, branch_id, id)).unwrap();
    assert!(!copy.exists());
}

#[test]
fn search_finds_two_character_words_inside_files_and_ranks_titles_first() {
    let mut b = Branch::new();
    let notes = b.file("心得.docx");
    docx(&notes, "坚持以党建引领业务发展，推动数控专业建设。");
    let (gbk, _, _) = encoding_rs::GB18030.encode("本学期技能大赛获奖名单");
    let list = b.file("名单.txt");
    std::fs::write(&list, &gbk).unwrap();
    resource(&mut b, "专业建设交流材料", "2026-03-10", Some(&notes), None).unwrap();
    resource(&mut b, "获奖通报", "2026-04-10", Some(&list), None).unwrap();
    b.activity("2026-05-20", &["主题党日"], None, &[]).unwrap();
    let branch_id = b.branch_id;
    let input = activities::ActivityInput {
        date: Some("2026-06-10".into()),
        title: Some("党建工作推进会".into()),
        kinds: vec!["general_meeting".into()],
        summary: Some("研究下半年工作".into()),
        ..Default::default()
    };
    b.ledger.write(|tx| activities::save(tx, branch_id, &input)).unwrap();
    // “党建” (two characters): in the activity's title and inside the .docx; the title ranks first.
    assert_eq!(
        hits(&b, "党建"),
        vec![
            (RecordKind::Activity, "党建工作推进会".to_string()),
            (RecordKind::Resource, "专业建设交流材料".to_string()),
        ]
    );
    // Three characters and more go through the index; GBK text was read as Chinese.
    assert_eq!(
        hits(&b, "技能大赛"),
        vec![(RecordKind::Resource, "获奖通报".to_string())]
    );
    // Several words must all occur.
    assert_eq!(hits(&b, "党建 数控").len(), 1);
    assert!(hits(&b, "党建 食堂").is_empty());
    // The match is marked in the snippet, in characters.
    let h = &search::search(b.ledger.conn(), Some(branch_id), "数控").unwrap()[0];
    let chars: Vec<char> = h.snippet.chars().collect();
    let m = h.marks[0];
    assert_eq!(chars[m[0]..m[1]].iter().collect::<String>(), "数控");
    // The index follows the records: a renamed activity is found by its new name, a deleted one is gone.
    let id = activities::find(b.ledger.conn(), branch_id, d("2026-06-10"), "党建工作推进会")
        .unwrap()
        .unwrap();
    b.ledger.write(|tx| activities::delete(tx, id)).unwrap();
    assert_eq!(hits(&b, "推进会"), vec![]);
    // Hostile queries are plain text, never syntax.
    assert!(hits(&b, "\"党建\" OR *").is_empty());
    assert!(search::search(b.ledger.conn(), Some(branch_id), "   ").is_err());
}

#[test]
fn the_rota_deals_everyone_once_before_anyone_twice() {
    let mut b = Branch::new();
    let branch_id = b.branch_id;
    // On 06-01 the roll is 赵一 钱二 孙三 李四 周五 (吴六 left 05-01): five turns, five people.
    let turns = b
        .ledger
        .write(|tx| rota::deal(tx, branch_id, d("2026-06-01"), 5, Length::Week, None))
        .unwrap();
    let names: Vec<&str> = turns.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["赵一", "钱二", "孙三", "李四", "周五"]);
    assert_eq!(
        (turns[0].starts_on, turns[0].ends_on),
        (d("2026-06-01"), d("2026-06-07"))
    );
    assert_eq!(turns[1].topic, "国之工匠");
    // 郑七 arrives on 07-10, during the second round: he joins its end, after all five.
    b.add_member("郑七", b.g1, "2026-07-10", "预备党员");
    let turns = b
        .ledger
        .write(|tx| rota::deal(tx, branch_id, d("2026-07-06"), 7, Length::Week, None))
        .unwrap();
    let names: Vec<&str> = turns.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["赵一", "钱二", "孙三", "李四", "周五", "郑七", "赵一"]);
    // A turn can't be dealt over one already dealt.
    let e = b
        .ledger
        .write(|tx| rota::deal(tx, branch_id, d("2026-07-20"), 1, Length::Week, None))
        .unwrap_err()
        .to_string();
    assert!(e.contains("新的轮值应从 2026-08-24"), "{e}");
    // What the turn's member collects scores +1 each; the same title twice is one item.
    let qian = b.id("钱二");
    let before = points_of(&b, qian);
    for _ in 0..2 {
        b.ledger
            .write(|tx| rota::add_item(tx, branch_id, d("2026-07-14"), Some(qian), "国产大飞机交付", None, None))
            .unwrap();
    }
    assert_eq!(points_of(&b, qian) - before, 1.0);
    let zhao = b.id("赵一");
    let e = b
        .ledger
        .write(|tx| rota::add_item(tx, branch_id, d("2026-07-14"), Some(zhao), "别人的", None, None))
        .unwrap_err()
        .to_string();
    assert!(e.contains("轮到的是钱二"), "{e}");
    assert_eq!(
        rota::turn_on(b.ledger.conn(), branch_id, d("2026-07-15"))
            .unwrap()
            .unwrap()
            .name,
        "钱二"
    );
}

fn points_of(b: &Branch, member_id: i64) -> f64 {
    zhibu::analysis::points::ranking(b.ledger.conn(), b.branch_id, d("2026-01-01"), d("2026-12-31"))
        .unwrap()
        .into_iter()
        .find(|s| s.member_id == member_id)
        .map_or(0.0, |s| s.points.as_f64())
}

#[test]
fn a_poll_counts_one_vote_per_member_and_the_totals_counted_elsewhere() {
    let mut b = Branch::new();
    let branch_id = b.branch_id;
    let input = polls::PollInput {
        question: "下次主题党日去哪里？".into(),
        options: vec!["红色教育基地".into(), "企业参观".into(), " ".into()],
        multiple: false,
        opens_on: "2026-06-01".into(),
        closes_on: Some("2026-06-10".into()),
    };
    let id = b.ledger.write(|tx| polls::create(tx, branch_id, &input)).unwrap();
    let vote = |b: &mut Branch, name: &str, choices: &[&str], on: &str| {
        let m = b.id(name);
        let choices: Vec<String> = choices.iter().map(|c| c.to_string()).collect();
        b.ledger.write(|tx| polls::vote(tx, branch_id, id, m, &choices, d(on)))
    };
    vote(&mut b, "赵一", &["红色教育基地"], "2026-06-02").unwrap();
    vote(&mut b, "钱二", &["企业参观"], "2026-06-02").unwrap();
    // 钱二 changes his mind: still one vote.
    vote(&mut b, "钱二", &["红色教育基地"], "2026-06-03").unwrap();
    let e = vote(&mut b, "孙三", &["红色教育基地", "企业参观"], "2026-06-03")
        .unwrap_err()
        .to_string();
    assert!(e.contains("单选"), "{e}");
    let e = vote(&mut b, "孙三", &["企业参观"], "2026-06-11")
        .unwrap_err()
        .to_string();
    assert!(e.contains("不能投票"), "{e}");
    // 吴六 left on 05-01.
    let e = vote(&mut b, "吴六", &["企业参观"], "2026-06-03")
        .unwrap_err()
        .to_string();
    assert!(e.contains("不在册"), "{e}");
    b.ledger
        .write(|tx| polls::count(tx, branch_id, id, "企业参观", Some(3)))
        .unwrap();
    let p = polls::get(b.ledger.conn(), branch_id, id).unwrap();
    let result: Vec<(&str, i64)> = p.options.iter().map(|o| (o.label.as_str(), o.votes)).collect();
    assert_eq!(result, vec![("红色教育基地", 2), ("企业参观", 3)]);
    assert_eq!((p.voted, p.eligible), (2, 5));
    assert_eq!(p.options[0].voters, vec!["赵一", "钱二"]);
}

#[test]
fn the_attention_list_names_who_is_behind_and_why() {
    let mut b = Branch::new();
    // Two 主题党日 of 4 学时 in Q1: 孙三 absent from both (2 无故缺席 in one quarter, and 0 学时).
    for day in ["2026-02-10", "2026-03-10"] {
        let a = b
            .activity(day, &["主题党日"], None, &[("孙三", "absent", None)])
            .unwrap();
        let branch_id = b.branch_id;
        let input = activities::ActivityInput {
            id: Some(a.id),
            date: Some(day.into()),
            title: Some(a.title.clone()),
            kinds: vec!["theme_day".into()],
            hours: Some(4.0),
            attendance: a
                .roll
                .entries
                .iter()
                .map(|e| activities::MarkInput {
                    member_id: e.member_id,
                    status: e.status.code().into(),
                    reason: None,
                })
                .collect(),
            ..Default::default()
        };
        b.ledger.write(|tx| activities::save(tx, branch_id, &input)).unwrap();
    }
    // As of 03-31 (day 90 of 365) the pace is 32 × 90/365 = 7.9 学时: 8 is on it, 0 is behind.
    // 周五 came on the roll on 03-15 (17 days: 1.5 学时 due) and attended nothing yet.
    let a = attention::attention(b.ledger.conn(), b.branch_id, 2026, d("2026-03-31")).unwrap();
    let listed: Vec<(&str, Vec<&str>)> = a
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.reasons.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (
                "孙三",
                vec!["学时 0，按进度应达 7.9（全年 32）", "第一季度无故缺席 2 次"]
            ),
            ("周五", vec!["学时 0，按进度应达 1.5（全年 32）"]),
        ]
    );
    // A task due 03-20 with 赵一 and 钱二 done, of the six on the roll on 03-16 (吴六 leaves only on
    // 05-01): 李四 and the others are below 80%, and the 理论学习 category is at 2 of 6.
    common::write(
        &b.file("任务.csv"),
        "任务名称,类别,发布日期,截止日期,学时\n党章学习,理论学习,2026-03-16,2026-03-20,1\n",
    );
    b.import(zhibu::io::import::ImportKind::StudyTasks, "任务.csv", false)
        .unwrap();
    common::write(
        &b.file("记录.csv"),
        "姓名,任务名称,完成日期\n赵一,党章学习,2026-03-18\n钱二,党章学习,2026-03-19\n",
    );
    b.import(zhibu::io::import::ImportKind::StudyRecords, "记录.csv", false)
        .unwrap();
    let a = attention::attention(b.ledger.conn(), b.branch_id, 2026, d("2026-03-31")).unwrap();
    let li = a.members.iter().find(|m| m.name == "李四").unwrap();
    assert_eq!(li.reasons, vec!["学习任务完成 0/1（0%，低于 80%）"]);
    assert_eq!(
        (
            a.categories[0].category.as_str(),
            a.categories[0].required,
            a.categories[0].completed
        ),
        ("理论学习", 6, 2)
    );
    // At a 0% threshold nobody is listed for completion.
    b.ledger.write(|tx| rules::set_attention_threshold(tx, 0.0)).unwrap();
    let a = attention::attention(b.ledger.conn(), b.branch_id, 2026, d("2026-03-31")).unwrap();
    assert!(a.members.iter().all(|m| !m.name.contains("李四")));
}

#[test]
fn the_evidence_folder_has_readable_names_and_an_index() {
    let mut b = Branch::new();
    let a = b.activity("2026-03-10", &["主题党日"], None, &[]).unwrap();
    let scan = b.file("签到表.jpg");
    std::fs::write(&scan, b"jpeg").unwrap();
    b.ledger
        .write(|tx| activities::add_attachment(tx, a.id, &scan, None))
        .unwrap();
    let notes = b.file("学习笔记.txt");
    common::write(&notes, "笔记");
    resource(&mut b, "学习笔记", "2026-04-02", Some(&notes), None).unwrap();
    resource(&mut b, "党员风采", "2026-05-02", Some(&notes), Some("先锋模范")).unwrap();
    resource(&mut b, "共产党员网", "2026-05-03", None, None).unwrap();
    let out = b.file("佐证材料");
    let r = evidence::write(
        b.ledger.conn(),
        &b.ledger.attachments_dir(),
        b.branch_id,
        2026,
        &out,
        &mut |_| {},
    )
    .unwrap();
    assert_eq!((r.files, r.links, r.missing.len()), (3, 1, 0));
    for f in [
        "03月/2026-03-10 主题党日 签到表.jpg",
        "04月/2026-04-02 学习笔记.txt",
        "扩展模块/先锋模范/2026-05-02 党员风采.txt",
        evidence::INDEX,
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The index lists all four, the link included.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join(evidence::INDEX)).unwrap();
    let range = wb.worksheet_range("佐证材料索引").unwrap();
    let text: Vec<String> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join("|"))
        .collect();
    assert_eq!(text.len(), 2 + 4, "{text:#?}");
    assert!(text.iter().any(|l| l.contains("https://www.12371.cn/")));
    // A folder that is not empty is never written into.
    let e = evidence::write(
        b.ledger.conn(),
        &b.ledger.attachments_dir(),
        b.branch_id,
        2026,
        &out,
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("已存在且不为空"), "{e}");
}

#[test]
fn a_reflection_and_a_post_keep_their_full_text_and_are_found_by_it() {
    let mut b = Branch::new();
    common::write(
        &b.file("心得.csv"),
        "姓名,日期,标题,正文\n钱二,2026-04-08,学习心得,通过学习，我深刻认识到立足岗位、服务学生的重要意义。\n",
    );
    assert_eq!(
        b.import(zhibu::io::import::ImportKind::Reflections, "心得.csv", false)
            .unwrap()
            .created,
        1
    );
    common::write(
        &b.file("讨论.csv"),
        "姓名,日期,类型,主题,内容\n孙三,2026-04-09,发帖,如何服务学生,建议每周开放实训室\n",
    );
    b.import(zhibu::io::import::ImportKind::Discussions, "讨论.csv", false)
        .unwrap();
    assert_eq!(
        hits(&b, "立足岗位"),
        vec![(RecordKind::Reflection, "学习心得".to_string())]
    );
    assert_eq!(
        hits(&b, "服务学生"),
        vec![
            (RecordKind::Discussion, "如何服务学生".to_string()),
            (RecordKind::Reflection, "学习心得".to_string()),
        ]
    );
    assert_eq!(
        hits(&b, "实训"),
        vec![(RecordKind::Discussion, "如何服务学生".to_string())]
    );
    // Its length comes from its text when no 字数 is given (punctuation counts, spaces do not).
    let words: i64 = b
        .ledger
        .conn()
        .query_row("SELECT words FROM reflection", [], |r| r.get(0))
        .unwrap();
    assert_eq!(words, 26);
}
