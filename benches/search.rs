//! `cargo bench --bench search`: one search over a large ledger's words (a plain timer: the numbers
//! go in the closing notes, no test depends on them). The ledger is `demo --scale large` (3,000
//! members, ≈1,500 activities, 40 tasks) plus the words a college's year holds: 24,000 心得 with
//! their full text, 6,000 posts with theirs and 2,000 园地 resources with 3,000 characters of file text.

use std::time::Instant;

use chrono::NaiveDate;
use zhibu::domain::garden::{self, ResourceInput};
use zhibu::domain::{org, search, study};
use zhibu::kernel::labels::DiscussionKind;

const PHRASES: [&str; 40] = [
    "坚持以党建引领",
    "推动高质量发展",
    "深入学习贯彻",
    "数控技术专业建设",
    "立德树人根本任务",
    "服务学生成长成才",
    "发挥党员先锋模范作用",
    "加强理论武装",
    "提升育人实效",
    "产教融合校企合作",
    "技能大赛取得佳绩",
    "实训基地建设",
    "课程思政",
    "加强作风建设",
    "落实全面从严治党",
    "开展主题党日活动",
    "组织生活会查摆问题",
    "党员教育管理",
    "智能制造人才培养",
    "工匠精神代代相传",
    "大国重器自主创新",
    "新质生产力",
    "乡村振兴志愿服务",
    "师德师风建设",
    "学习二十届四中全会精神",
    "党史学习教育",
    "基层党组织标准化",
    "三会一课制度",
    "谈心谈话常态化",
    "民主评议党员",
    "科研创新团队",
    "教学改革研究",
    "实验室安全管理",
    "学生就业创业",
    "网络意识形态",
    "廉洁自律",
    "攻坚克难勇于担当",
    "示范岗位争创",
    "学习强国积分",
    "先锋示范岗评选",
];

struct Dice(u64);
impl Dice {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
    fn text(&mut self, chars: usize) -> String {
        let mut s = String::new();
        while s.chars().count() < chars {
            s.push_str(PHRASES[self.next(PHRASES.len())]);
            s.push(if self.next(3) == 0 { '。' } else { '，' });
        }
        s
    }
}

fn time(what: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..runs {
        let start = Instant::now();
        hits = f();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{what}: median {:.1} ms, worst {:.1} ms ({hits} hits, {runs} runs)",
        times[runs / 2],
        times[runs - 1]
    );
}

fn main() {
    zhibu::store::memory::allocate_through_mimalloc();
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let start = Instant::now();
    let mut ledger = zhibu::io::demo::create_large(&dir.path().join("large.db"), today).unwrap();
    let branch_id = org::resolve(ledger.conn(), None).unwrap();
    let members: Vec<i64> = {
        let mut st = ledger.conn().prepare("SELECT id FROM member ORDER BY id").unwrap();
        st.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let mut dice = Dice(11);
    ledger
        .write(|tx| {
            for i in 0..24_000usize {
                let m = members[i % members.len()];
                let date = NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap();
                let body = dice.text(400);
                study::add_reflection(tx, m, date, &format!("心得体会第{i}篇"), None, Some(&body), 1)?;
            }
            for i in 0..6_000usize {
                let m = members[(i * 7) % members.len()];
                let date = NaiveDate::from_ymd_opt(2026, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap();
                let body = dice.text(120);
                study::add_discussion(tx, m, date, DiscussionKind::Post, &format!("讨论{i}"), Some(&body), 1)?;
            }
            for i in 0..2_000usize {
                let input = ResourceInput {
                    title: format!("学习资料{i}"),
                    date: format!("2026-{:02}-15", 1 + i % 12),
                    link: Some(format!("https://example.org/{i}")),
                    ..Default::default()
                };
                let body = dice.text(3_000);
                garden::add_resource(tx, branch_id, &input, Some(&body))?;
            }
            Ok(())
        })
        .unwrap();
    let docs: i64 = ledger
        .conn()
        .query_row("SELECT count(*) FROM search_doc", [], |r| r.get(0))
        .unwrap();
    let chars: i64 = ledger
        .conn()
        .query_row(
            "SELECT sum(length(title) + length(coalesce(body, ''))) FROM search_doc",
            [],
            |r| r.get(0),
        )
        .unwrap();
    println!(
        "ledger built in {:.1} s: {docs} searchable records, {:.1} million characters",
        start.elapsed().as_secs_f64(),
        chars as f64 / 1e6
    );
    let conn = ledger.conn();
    for q in [
        "党建",
        "数控",
        "课程",
        "高质量发展",
        "工匠精神代代相传",
        "党建 创新",
        "没有这个词",
    ] {
        time(&format!("search “{q}”"), 21, || {
            search::search(conn, Some(branch_id), q).unwrap().len()
        });
    }
}
