//! The window's seam cannot drift: every command the desktop registers has a row in
//! `docs/commands.md` and a caller in `ui/js/api.js`, and neither names a command that does not exist.

use std::collections::BTreeSet;
use std::path::PathBuf;

fn read(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// `module::command,` lines of `generate_handler![…]`.
fn registered() -> BTreeSet<String> {
    let main = read("src-tauri/src/main.rs");
    let start = main.find("generate_handler![").expect("the handler list");
    let end = start + main[start..].find(']').unwrap();
    main[start + "generate_handler![".len()..end]
        .split(',')
        .filter_map(|item| item.trim().rsplit("::").next())
        .filter(|name| !name.is_empty())
        .map(String::from)
        .collect()
}

/// The first cell of each table row: | `name` | … |
fn documented() -> BTreeSet<String> {
    read("docs/commands.md")
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(name, _)| name.to_string()))
        .filter(|name| name != "command")
        .collect()
}

/// call('name', …) in api.js.
fn called() -> BTreeSet<String> {
    read("ui/js/api.js")
        .match_indices("call('")
        .map(|(i, m)| {
            let rest = &read("ui/js/api.js")[i + m.len()..];
            rest[..rest.find('\'').unwrap()].to_string()
        })
        .collect()
}

#[test]
fn registered_documented_and_called_are_the_same_commands() {
    let registered = registered();
    assert!(registered.len() > 40, "{registered:?}");
    assert_eq!(documented(), registered, "docs/commands.md vs the handler list");
    assert_eq!(called(), registered, "ui/js/api.js vs the handler list");
}
