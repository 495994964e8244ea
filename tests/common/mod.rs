//! A small branch to test against: 6 members in two 党小组 plus a committee of 3.
//!
//! | member | group | joined | left | committee |
//! |---|---|---|---|---|
//! | 赵一 | 一组 | 2010-07-01 | | 书记 |
//! | 钱二 | 一组 | 2012-07-01 | | 组织委员 |
//! | 孙三 | 一组 | 2015-07-01 | | |
//! | 李四 | 二组 | 2016-07-01 | | 宣传委员 |
//! | 周五 | 二组 | 2026-03-15 (预备) | | |
//! | 吴六 | 二组 | 2011-07-01 | 2026-05-01 转出 | |
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use zhibu::domain::activities::{self, ActivityInput, MarkInput};
use zhibu::domain::members::{self, MemberInput};
use zhibu::domain::org::{self, CommitteeInput, GroupInput};
use zhibu::Ledger;

pub struct Branch {
    pub dir: tempfile::TempDir,
    pub ledger: Ledger,
    pub branch_id: i64,
    pub g1: i64,
    pub g2: i64,
}

pub fn d(s: &str) -> NaiveDate {
    zhibu::kernel::dates::parse_date(s).unwrap()
}

impl Branch {
    pub fn new() -> Branch {
        let dir = tempfile::tempdir().unwrap();
        let mut ledger = org::new_ledger(&dir.path().join("ledger.db"), "测试支部", Some("测试党总支")).unwrap();
        let branch_id = org::resolve(ledger.conn(), None).unwrap();
        let (g1, g2) = ledger
            .write(|tx| {
                let g = |n: &str| {
                    org::save_group(
                        tx,
                        branch_id,
                        &GroupInput {
                            id: None,
                            name: n.into(),
                            leader_id: None,
                        },
                    )
                };
                Ok((g("一组")?.id, g("二组")?.id))
            })
            .unwrap();
        let mut b = Branch {
            dir,
            ledger,
            branch_id,
            g1,
            g2,
        };
        for (name, group, joined, membership) in [
            ("赵一", g1, "2010-07-01", "正式党员"),
            ("钱二", g1, "2012-07-01", "正式党员"),
            ("孙三", g1, "2015-07-01", "正式党员"),
            ("李四", g2, "2016-07-01", "正式党员"),
            ("周五", g2, "2026-03-15", "预备党员"),
            ("吴六", g2, "2011-07-01", "正式党员"),
        ] {
            b.add_member(name, group, joined, membership);
        }
        let wu = b.id("吴六");
        b.ledger
            .write(|tx| members::leave(tx, wu, "transferred", Some("2026-05-01"), Some("外校")))
            .unwrap();
        for (name, role) in [("赵一", "书记"), ("钱二", "组织委员"), ("李四", "宣传委员")] {
            let member_id = b.id(name);
            b.ledger
                .write(|tx| {
                    org::save_committee_role(
                        tx,
                        branch_id,
                        &CommitteeInput {
                            id: None,
                            member_id,
                            role: role.into(),
                            term_start: Some("2024-01-01".into()),
                            term_end: None,
                        },
                        d("2026-06-01"),
                    )
                })
                .unwrap();
        }
        b
    }

    pub fn path(&self) -> PathBuf {
        self.ledger.path().to_path_buf()
    }

    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn add_member(&mut self, name: &str, group: i64, joined: &str, membership: &str) -> i64 {
        let branch_id = self.branch_id;
        let input = MemberInput {
            name: name.into(),
            membership: Some(membership.into()),
            joined_on: Some(joined.into()),
            group_id: Some(group),
            confirmed_on: (membership == "正式党员").then(|| joined.replace("-07-01", "-12-01")),
            ..Default::default()
        };
        self.ledger.write(|tx| members::save(tx, branch_id, &input)).unwrap().id
    }

    pub fn id(&self, name: &str) -> i64 {
        members::find_identity(self.ledger.conn(), self.branch_id, name, None, None)
            .unwrap()
            .unwrap()
    }

    /// Records an activity as the roll-call form does: everyone on the roll 出席 except `marks`
    /// (name, status code, reason).
    pub fn activity(
        &mut self,
        date: &str,
        kinds: &[&str],
        group: Option<i64>,
        marks: &[(&str, &str, Option<&str>)],
    ) -> zhibu::Result<activities::Activity> {
        let kind_codes: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
        let roll = activities::roll_preview(self.ledger.conn(), self.branch_id, date, &kind_codes, group, None)?;
        let mut attendance: Vec<MarkInput> = roll
            .entries
            .iter()
            .filter(|e| !marks.iter().any(|(n, _, _)| *n == e.name))
            .map(|e| MarkInput {
                member_id: e.member_id,
                status: "present".into(),
                reason: None,
            })
            .collect();
        attendance.extend(marks.iter().map(|(n, s, r)| MarkInput {
            member_id: self.id(n),
            status: s.to_string(),
            reason: r.map(String::from),
        }));
        let input = ActivityInput {
            date: Some(date.into()),
            title: Some(format!("{date} {}", kinds.join("+"))),
            kinds: kind_codes,
            group_id: group,
            hours: Some(2.0),
            attendance,
            ..Default::default()
        };
        let branch_id = self.branch_id;
        self.ledger.write(|tx| activities::save(tx, branch_id, &input))
    }

    pub fn count(&self, table: &str) -> i64 {
        self.ledger
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }
}

/// The `zhibu` command on `ledger`, as a script calls it (no `ZHIBU_LEDGER` from the test's
/// environment).
pub fn zhibu(ledger: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_zhibu"))
        .arg("--ledger")
        .arg(ledger)
        .args(args)
        .env_remove("ZHIBU_LEDGER")
        .output()
        .unwrap()
}

/// An import report's errors as (row, column, value): where each one points.
pub fn error_cells(report: &zhibu::io::import::ImportReport) -> Vec<(usize, &str, &str)> {
    report
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.value.as_str()))
        .collect()
}

pub fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

impl Branch {
    pub fn import(
        &mut self,
        kind: zhibu::io::import::ImportKind,
        file: &str,
        dry_run: bool,
    ) -> zhibu::Result<zhibu::io::import::ImportReport> {
        let path = self.file(file);
        zhibu::io::import::run(&mut self.ledger, self.branch_id, kind, &path, dry_run, &mut |_| {})
    }
}
