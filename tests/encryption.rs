//! Encryption at rest: a ledger encrypted with a password is unreadable without it, in every copy;
//! a missing or wrong password is said in words. One test: the password is the process's own.

mod common;

use common::Branch;
use zhibu::store::{backups, crypto};
use zhibu::Ledger;

fn holds(path: &std::path::Path, text: &str) -> bool {
    let bytes = std::fs::read(path).unwrap();
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn an_encrypted_ledger_and_its_backups_open_only_with_the_password() {
    let mut b = Branch::new();
    b.activity("2026-03-05", &["committee_meeting"], None, &[]).unwrap();
    let path = b.path();
    let old = backups::take(&b.ledger, backups::Reason::Daily, &mut |_| {}).unwrap();
    drop(b.ledger);
    assert!(holds(&path, "钱二") && holds(&old, "钱二"));

    backups::set_encryption(&path, Some("党建123456")).unwrap();
    assert!(crypto::is_encrypted(&path) && crypto::is_encrypted(&old));
    assert!(!holds(&path, "钱二") && !holds(&old, "钱二"));

    // The password is known to this process: the ledger opens, checks clean, backs up encrypted.
    let ledger = Ledger::open(&path).unwrap();
    assert_eq!(zhibu::analysis::check::run(&ledger).unwrap(), Vec::<String>::new());
    let new = backups::take(&ledger, backups::Reason::Daily, &mut |_| {}).unwrap();
    assert!(crypto::is_encrypted(&new));
    assert_eq!(backups::inspect(&new).unwrap().activities, 1);
    drop(ledger);

    crypto::set_password(None);
    let e = Ledger::open(&path).err().unwrap();
    assert_eq!(
        (e.kind(), e.to_string()),
        ("locked", format!("台账 {} 已加密：请输入密码", path.display()))
    );
    crypto::set_password(Some("不对的密码".into()));
    let e = Ledger::open(&path).err().unwrap();
    assert_eq!(
        (e.kind(), e.to_string()),
        ("locked", format!("台账 {} 的密码不正确", path.display()))
    );

    // The command line: the password from ZHIBU_PASSWORD; wrong, refused in words.
    let bin = env!("CARGO_BIN_EXE_zhibu");
    let cli = |password: &str, args: &[&str]| {
        std::process::Command::new(bin)
            .env("ZHIBU_PASSWORD", password)
            .arg("--ledger")
            .arg(&path)
            .args(args)
            .output()
            .unwrap()
    };
    let wrong = cli("不对的密码", &["report", "summary", "--year", "2026"]);
    assert_eq!(wrong.status.code(), Some(1));
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(said.trim(), format!("错误：台账 {} 的密码不正确", path.display()));
    assert_eq!(cli("党建123456", &["check"]).status.code(), Some(0));
    let off = cli("党建123456", &["decrypt"]);
    assert_eq!(off.status.code(), Some(0), "{}", String::from_utf8_lossy(&off.stderr));
    assert!(!crypto::is_encrypted(&path) && !crypto::is_encrypted(&old) && holds(&path, "钱二"));
    crypto::set_password(None);
    assert_eq!(Ledger::open(&path).map(|_| ()).map_err(|e| e.to_string()), Ok(()));
    // Too short a password is refused, the file untouched.
    let short = cli("12345", &["encrypt"]);
    assert_eq!(short.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&short.stderr).contains("密码至少 6 个字符"));
    assert!(!crypto::is_encrypted(&path));
}
