//! The shape of the core, held by a test: layers depend one way (kernel ← store ← domain ←
//! analysis ← io), module dependencies have no cycle, no source file outgrows ~700 lines, and the
//! roll rule's sources are read in one module only.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: [&str; 5] = ["kernel", "store", "domain", "analysis", "io"];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `src/domain/members/mod.rs` → `domain::members`; `src/kernel/dates.rs` → `kernel::dates`.
fn module_of(path: &Path) -> Option<(String, String)> {
    let rel = path.strip_prefix(root().join("src")).ok()?;
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    let layer = parts.first()?.clone();
    if !LAYERS.contains(&layer.as_str()) {
        return None;
    }
    let noun = parts.get(1).filter(|n| *n != "mod").cloned().unwrap_or_default();
    Some((layer, noun))
}

/// Every `crate::layer::noun` a file names (in `use` lines and in paths), braced groups included:
/// `crate::domain::{org, roll}` names `domain::org` and `domain::roll`.
fn references(text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        let path: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let mut parts = path.split("::");
        let layer = parts.next().unwrap_or_default().to_string();
        if !LAYERS.contains(&layer.as_str()) {
            continue;
        }
        let noun = parts.next().unwrap_or_default().to_string();
        let after = &rest[path.len()..];
        if noun.is_empty() && after.starts_with('{') {
            let group = &after[1..after.find('}').unwrap_or(after.len())];
            for item in group.split(',') {
                let first = item.trim().split("::").next().unwrap_or_default();
                let first = first.split_whitespace().next().unwrap_or_default();
                if !first.is_empty() && first.chars().next().is_some_and(|c| c.is_lowercase()) && first != "self" {
                    out.insert((layer.clone(), first.to_string()));
                }
            }
        } else {
            out.insert((layer, noun));
        }
    }
    out
}

fn rank(layer: &str) -> usize {
    LAYERS.iter().position(|l| *l == layer).unwrap()
}

#[test]
fn layers_depend_one_way_and_modules_have_no_cycle() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    let mut wrong = Vec::new();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some((layer, noun)) = module_of(file) else { continue };
        let text = std::fs::read_to_string(file).unwrap();
        let me = format!("{layer}::{noun}");
        for (to_layer, to_noun) in references(&text) {
            if rank(&to_layer) > rank(&layer) {
                wrong.push(format!("{} uses crate::{to_layer}::{to_noun}", file.display()));
            }
            let to = format!("{to_layer}::{to_noun}");
            if to != me && !to_noun.is_empty() {
                graph.entry(me.clone()).or_default().insert(to);
            }
        }
    }
    assert!(wrong.is_empty(), "a layer uses one above it:\n{}", wrong.join("\n"));
    // The graph is read for real: the roll is a dependency of the activities.
    assert!(graph["domain::activities"].contains("domain::roll"), "{graph:?}");
    // Depth-first search for a cycle among modules.
    fn visit<'a>(
        n: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<Vec<String>> {
        match state.get(n) {
            Some(1) => {
                let at = path.iter().position(|p| *p == n).unwrap();
                return Some(
                    path[at..]
                        .iter()
                        .map(|s| s.to_string())
                        .chain([n.to_string()])
                        .collect(),
                );
            }
            Some(2) => return None,
            _ => {}
        }
        state.insert(n, 1);
        path.push(n);
        for m in graph.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, graph, state, path) {
                return Some(c);
            }
        }
        path.pop();
        state.insert(n, 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if let Some(cycle) = visit(n, &graph, &mut state, &mut Vec::new()) {
            panic!("import cycle: {}", cycle.join(" → "));
        }
    }
}

#[test]
fn no_source_file_outgrows_700_lines() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    sources(&root().join("src-tauri").join("src"), &mut files);
    let big: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(f).unwrap().lines().count();
            (n > 700).then(|| format!("{} ({n} lines)", f.display()))
        })
        .collect();
    assert!(big.is_empty(), "split these: {big:?}");
}

#[test]
fn the_roll_rule_is_read_in_one_place() {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    sources(&root().join("src-tauri").join("src"), &mut files);
    let roll = root().join("src/domain/roll");
    for f in files.iter().filter(|f| !f.starts_with(&roll)) {
        let text = std::fs::read_to_string(f).unwrap();
        for needle in [
            "roll_period",
            "group_period",
            "joined_on <=",
            "left_on >",
            "left_on IS NULL OR",
        ] {
            assert!(
                !text.contains(needle),
                "{} states the roll rule itself (“{needle}”); ask domain::roll",
                f.display()
            );
        }
    }
}
