//! Reading a package within bounds and checking it before anything is written: the chain link by
//! link to its head, the export's own row against the chain's last entry, every part against the
//! digest the export recorded, every row against the entry that vouches for it.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;

use rusqlite::types::{Value, ValueRef};
use sha2::{Digest, Sha256};

use super::carry;
use super::format::{
    from_json, part_name, sha256_hex, Manifest, PartInfo, CHAIN, FORMAT, FORMAT_VERSION, MANIFEST, MAX_ENTRIES,
    MAX_FILE_BYTES, MAX_INFLATED_BYTES, MAX_LINE_BYTES, MAX_MANIFEST_BYTES, MAX_PART_BYTES, MAX_ROWS,
};
use crate::kernel::progress::{OnProgress, Progress};
use crate::store::audit::{self, ChainEntry};
use crate::store::SCHEMA_VERSION;
use crate::{Error, Result};

/// A package read and checked: its manifest and its rows, table by table in the order written.
pub struct Package {
    pub manifest: Manifest,
    pub file_name: String,
    pub parts: Vec<Part>,
}

pub struct Part {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl Package {
    pub fn part(&self, table: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.table == table)
    }

    pub fn rows(&self) -> usize {
        self.parts.iter().map(|p| p.rows.len()).sum()
    }
}

impl Part {
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

/// The receiver's tables as it knows them: (columns, key positions) by table.
pub type Shapes = HashMap<String, (Vec<String>, Vec<usize>)>;

/// Findings past this many are counted, not kept.
const MAX_FINDINGS: usize = 200;
/// Findings listed in the message.
const SHOWN: usize = 20;

const NOT_A_PACKAGE: &str =
    "不是支部台账上报包：文件可能已损坏、不完整（被截断），或是改了扩展名的其他文件。台账未做任何修改";

/// Reads and checks the package at `path` against the receiver's `shapes`. Refuses a file past the
/// bounds, one that is not a package, and one altered after it was written, naming every part,
/// table and row that fails.
pub fn read(path: &Path, shapes: &Shapes, progress: OnProgress) -> Result<Package> {
    let size = std::fs::metadata(path)?.len();
    if size > MAX_FILE_BYTES {
        return Err(Error::invalid(format!(
            "上报包大小 {:.1} MB，超过上限 {} MB，未导入",
            size as f64 / 1048576.0,
            MAX_FILE_BYTES >> 20
        )));
    }
    let bytes = std::fs::read(path)?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let checked = crate::io::contained(move || check(&bytes, shapes, progress))
        .ok_or_else(|| Error::Format(NOT_A_PACKAGE.into()))??;
    Ok(Package { file_name, ..checked })
}

struct Findings(Vec<String>, usize);

impl Findings {
    fn add(&mut self, finding: String) {
        self.1 += 1;
        if self.0.len() < MAX_FINDINGS {
            self.0.push(finding);
        }
    }

    fn full(&self) -> bool {
        self.1 >= MAX_FINDINGS
    }

    fn verdict(&self) -> Result<()> {
        if self.1 == 0 {
            return Ok(());
        }
        let mut msg = format!("上报包未通过核验，未导入（台账未做任何修改）：发现 {} 处不符", self.1);
        for f in self.0.iter().take(SHOWN) {
            msg.push_str("\n- ");
            msg.push_str(f);
        }
        if self.1 > SHOWN {
            msg.push_str(&format!("\n……另有 {} 处", self.1 - SHOWN));
        }
        Err(Error::invalid(msg))
    }
}

/// What a row is to a person: its name, title or topic, and its date, as the package has them
/// (“（王建国）”, “（2026-03-10 主题党日）”); empty when it has none of them.
fn shown(columns: &[String], values: &[Value]) -> String {
    let text = |c: &str| {
        columns.iter().position(|x| x == c).and_then(|i| match &values[i] {
            Value::Text(t) => Some(t.chars().take(30).collect::<String>()),
            _ => None,
        })
    };
    let what = ["name", "title", "topic", "quiz", "reason", "talker", "question"]
        .iter()
        .find_map(|c| text(c));
    let parts: Vec<String> = [text("date"), what].into_iter().flatten().collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("（{}）", parts.join(" "))
    }
}

fn row_name(table: &str, key: &str) -> String {
    format!("{}（{table}）行 {key}", audit::table_label(table))
}

fn check(bytes: &[u8], shapes: &Shapes, progress: OnProgress) -> Result<Package> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| Error::Format(NOT_A_PACKAGE.into()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(Error::Format(format!(
            "上报包内有 {} 个文件，超过上限 {MAX_ENTRIES} 个：文件已损坏或被改动",
            zip.len()
        )));
    }
    let mut names = HashSet::new();
    for i in 0..zip.len() {
        let name = zip
            .name_for_index(i)
            .ok_or_else(|| Error::Format(NOT_A_PACKAGE.into()))?
            .to_string();
        if !names.insert(name.clone()) {
            return Err(Error::invalid(format!(
                "上报包内的“{name}”出现了两次：文件被改动，未导入"
            )));
        }
    }
    let mut inflated = 0u64;
    let manifest = read_manifest(&mut zip, &mut inflated)?;
    let mut findings = Findings(Vec::new(), 0);

    // Every part the manifest lists, and nothing else.
    let mut expected: HashSet<String> = [MANIFEST.to_string(), CHAIN.to_string()].into();
    let mut tables = HashSet::new();
    for p in &manifest.parts {
        let known = carry::find(&p.table).is_some() && p.name == part_name(&p.table);
        if !known || !tables.insert(p.table.clone()) {
            findings.add(format!(
                "清单（manifest.json）列出的部分“{}”不是上报包的内容：清单被改动",
                p.name
            ));
        }
        expected.insert(p.name.clone());
    }
    for n in names.iter().filter(|n| !expected.contains(*n)) {
        findings.add(format!("多出了清单中没有的部分“{n}”：文件被改动"));
    }
    for n in expected.iter().filter(|n| !names.contains(*n)) {
        findings.add(format!("缺少部分“{n}”：文件被改动或不完整"));
    }
    findings.verdict()?;
    let mut findings = Findings(Vec::new(), 0);

    progress(Progress {
        done: 0,
        total: manifest.parts.len() as u32 + 1,
        stage: "核验审计链".into(),
    });
    let (vouched, last) = read_chain(&mut zip, &manifest, &mut inflated, &mut findings)?;
    check_record(&manifest, last.as_ref(), &mut findings);

    let mut vouched = vouched;
    let mut parts = Vec::new();
    for (i, info) in manifest.parts.iter().enumerate() {
        progress(Progress {
            done: i as u32 + 1,
            total: manifest.parts.len() as u32 + 1,
            stage: format!("核验{}", audit::table_label(&info.table)),
        });
        if findings.full() {
            break;
        }
        let part = read_part(&mut zip, info, shapes, &mut vouched, &mut inflated, &mut findings)?;
        parts.push(part);
    }
    if findings.full() {
        findings.verdict()?;
    }
    let mut gone: Vec<String> = vouched.into_keys().map(|(t, k)| row_name(&t, &k)).collect();
    gone.sort();
    for g in gone {
        findings.add(format!("{g}：导出时在包中，现已缺少（导出后被删除）"));
    }
    findings.verdict()?;
    Ok(Package {
        manifest,
        file_name: String::new(),
        parts,
    })
}

/// An entry of the zip, inflated within the bounds, line by line to `line`; returns the digest of
/// all of it.
fn each_line(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    inflated: &mut u64,
    line: &mut dyn FnMut(usize, &[u8]) -> Result<()>,
) -> Result<String> {
    let entry = zip.by_name(name).map_err(|_| Error::Format(NOT_A_PACKAGE.into()))?;
    let mut reader = BufReader::new(entry.take(MAX_PART_BYTES + 1));
    let mut hasher = Sha256::new();
    let mut buf = Vec::new();
    let mut size = 0u64;
    let mut n = 0;
    loop {
        buf.clear();
        // A line is read in pieces no longer than the bound allows.
        let got = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|_| damaged(name))?;
        if got == 0 {
            break;
        }
        if buf.len() > MAX_LINE_BYTES {
            return Err(Error::invalid(format!(
                "上报包的“{name}”第 {} 行超过 {} MB：文件已损坏或被改动，未导入",
                n + 1,
                MAX_LINE_BYTES >> 20
            )));
        }
        size += got as u64;
        *inflated += got as u64;
        if size > MAX_PART_BYTES || *inflated > MAX_INFLATED_BYTES {
            return Err(Error::invalid(format!(
                "上报包的“{name}”解压后超过上限（可能是恶意构造的压缩文件），未导入"
            )));
        }
        hasher.update(&buf);
        n += 1;
        let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if !text.is_empty() {
            line(n, text)?;
        }
    }
    Ok(sha256_hex(hasher.finalize()))
}

fn damaged(name: &str) -> Error {
    Error::Format(format!(
        "上报包的“{name}”无法解压：文件已损坏、不完整（被截断）或被改动，台账未做任何修改"
    ))
}

fn read_manifest(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, inflated: &mut u64) -> Result<Manifest> {
    let entry = zip
        .by_name(MANIFEST)
        .map_err(|_| Error::Format(format!("上报包中没有清单（{MANIFEST}）：{NOT_A_PACKAGE}")))?;
    let mut text = Vec::new();
    entry
        .take(MAX_MANIFEST_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(|_| damaged(MANIFEST))?;
    if text.len() as u64 > MAX_MANIFEST_BYTES {
        return Err(Error::invalid(format!(
            "上报包的清单（{MANIFEST}）过大：文件已损坏或被改动，未导入"
        )));
    }
    *inflated += text.len() as u64;
    let value: serde_json::Value = serde_json::from_slice(&text)
        .map_err(|_| Error::Format(format!("上报包的清单（{MANIFEST}）无法识别：文件已损坏或被改动")))?;
    if value.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Error::Format(NOT_A_PACKAGE.into()));
    }
    let version = value.get("format_version").and_then(|v| v.as_i64()).unwrap_or(0);
    if version > FORMAT_VERSION {
        return Err(Error::Conflict(format!(
            "上报包是第 {version} 版格式，本程序只能读取第 {FORMAT_VERSION} 版：请升级支部台账后再导入"
        )));
    }
    let manifest: Manifest = serde_json::from_value(value)
        .map_err(|_| Error::Format(format!("上报包的清单（{MANIFEST}）缺少内容或被改动，无法识别")))?;
    if manifest.schema_version > SCHEMA_VERSION {
        return Err(Error::Conflict(format!(
            "上报包来自更新版本的支部台账（数据结构第 {} 版），本程序为第 {SCHEMA_VERSION} 版：请升级支部台账后再导入",
            manifest.schema_version
        )));
    }
    if version < FORMAT_VERSION {
        return Err(Error::Format(NOT_A_PACKAGE.into()));
    }
    Ok(manifest)
}

/// (table, key) → digest of every row the chain vouches for.
type Vouched = HashMap<(String, String), String>;

/// The chain, entry by entry from the anchor: numbered without gaps, each hashed with the one
/// before, every one but the last vouching for a row (once), the last reaching the head.
fn read_chain(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    manifest: &Manifest,
    inflated: &mut u64,
    findings: &mut Findings,
) -> Result<(Vouched, Option<ChainEntry>)> {
    let mut vouched = Vouched::new();
    let mut prev = manifest.anchor.hash.clone();
    let mut expected = manifest.anchor.seq + 1;
    let mut last: Option<ChainEntry> = None;
    let mut broken = false;
    let digest = each_line(zip, CHAIN, inflated, &mut |n, text| {
        if n > MAX_ROWS + 1 {
            return Err(Error::invalid(format!(
                "上报包的审计链超过 {MAX_ROWS} 条，超过上限，未导入"
            )));
        }
        let Some(e) = entry(text) else {
            findings.add(format!("审计链（{CHAIN}）第 {n} 行无法识别：被改动"));
            broken = true;
            return Ok(());
        };
        if !broken {
            if e.seq != expected {
                findings.add(format!(
                    "审计链第 {expected} 条{}：链条断开（被删除或插入）",
                    if e.seq > expected { "缺失" } else { "重复" }
                ));
                broken = true;
            } else if e.link(&prev) != e.hash {
                findings.add(format!(
                    "审计链第 {} 条（{}）被改动",
                    e.seq,
                    row_name(&e.table, &e.row_key)
                ));
                broken = true;
            }
        }
        expected = e.seq + 1;
        prev = e.hash.clone();
        if let Some(before) = last.take() {
            if !before.is_attest() {
                findings.add(format!("审计链第 {} 条不是上报存证：审计链被改动", before.seq));
            } else if let Some(hash) = before.row_hash.clone() {
                if vouched
                    .insert((before.table.clone(), before.row_key.clone()), hash)
                    .is_some()
                {
                    findings.add(format!(
                        "审计链为{}存证了两次：审计链被改动",
                        row_name(&before.table, &before.row_key)
                    ));
                }
            }
        }
        last = Some(e);
        Ok(())
    })?;
    match &last {
        Some(l) if l.seq == manifest.head.seq && l.hash == manifest.head.hash => {}
        Some(l) => findings.add(format!(
            "链头（清单中的 head：第 {} 条）与审计链末尾（第 {} 条）不符：链头被改动或审计链被截断",
            manifest.head.seq, l.seq
        )),
        None => findings.add("审计链是空的：文件被改动".into()),
    }
    if digest != manifest.chain.sha256 || manifest.chain.name != CHAIN {
        findings.add(format!("审计链（{CHAIN}）与清单记录的摘要不符：被替换或改动"));
    }
    Ok((vouched, last))
}

fn entry(text: &[u8]) -> Option<ChainEntry> {
    let v: Vec<serde_json::Value> = serde_json::from_slice(text).ok()?;
    let [seq, at, origin, table, key, op, change, row_hash, hash] = v.as_slice() else {
        return None;
    };
    let s = |v: &serde_json::Value| v.as_str().map(str::to_string);
    Some(ChainEntry {
        seq: seq.as_i64()?,
        at: s(at)?,
        origin: s(origin)?,
        table: s(table)?,
        row_key: s(key)?,
        op: s(op)?,
        change: s(change)?,
        row_hash: if row_hash.is_null() { None } else { Some(s(row_hash)?) },
        hash: s(hash)?,
    })
}

/// The export's own row (in the manifest) is what the chain's last entry logged, and what the
/// manifest says for people is what that row says.
fn check_record(manifest: &Manifest, last: Option<&ChainEntry>, findings: &mut Findings) {
    let r = &manifest.record;
    let values: Option<Vec<Value>> = r.values.iter().cloned().map(from_json).collect();
    let key = r.columns.iter().position(|c| c == "id");
    let digest = match (values, key) {
        (Some(values), Some(k)) if values.len() == r.columns.len() => {
            let refs: Vec<ValueRef> = values.iter().map(ValueRef::from).collect();
            Some(audit::row_digest("package_export", &[k], &refs))
        }
        _ => None,
    };
    let vouched = last.is_some_and(|l| {
        digest.as_ref().is_some_and(|(k, h)| {
            l.table == "package_export" && &l.row_key == k && l.op == "insert" && l.row_hash.as_ref() == Some(h)
        })
    });
    if !vouched {
        findings.add("清单（manifest.json）中的导出记录与审计链末尾不符：清单被改动".into());
        return;
    }
    let text = |c: &str| r.get(c).and_then(|v| v.as_str()).map(str::to_string);
    let int = |c: &str| r.get(c).and_then(|v| v.as_i64());
    let parts: Option<Vec<PartInfo>> = text("parts").and_then(|p| serde_json::from_str(&p).ok());
    let fields: [(&str, bool); 10] = [
        ("branch", text("branch").as_deref() == Some(manifest.branch.as_str())),
        ("parent_org", text("parent_org") == manifest.parent_org),
        ("year", int("year") == Some(i64::from(manifest.year))),
        (
            "exported_at",
            text("exported_at").as_deref() == Some(manifest.exported_at.as_str()),
        ),
        (
            "ledger_id",
            text("ledger_id").as_deref() == Some(manifest.ledger_id.as_str()),
        ),
        ("source_branch", int("branch_id") == Some(manifest.source_branch)),
        ("schema_version", int("schema_version") == Some(manifest.schema_version)),
        ("members", int("members") == Some(manifest.members)),
        ("activities", int("activities") == Some(manifest.activities)),
        ("parts", parts.as_ref() == Some(&manifest.parts)),
    ];
    for (field, same) in fields {
        if !same {
            findings.add(format!("清单（manifest.json）中的 {field} 与导出记录不符：清单被改动"));
        }
    }
}

/// One table's part: every row read, each against the entry that vouches for it; the part against
/// the digest and the count the export recorded.
fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    info: &PartInfo,
    shapes: &Shapes,
    vouched: &mut Vouched,
    inflated: &mut u64,
    findings: &mut Findings,
) -> Result<Part> {
    let table = info.table.as_str();
    let Some((columns, key)) = shapes.get(table) else {
        findings.add(format!("本台账没有表 {table}"));
        return Ok(Part {
            table: table.into(),
            columns: info.columns.clone(),
            rows: Vec::new(),
        });
    };
    for c in &info.columns {
        if !columns.contains(c) {
            findings.add(format!(
                "{}（{table}）的列 {c} 本台账没有：上报包来自更新版本的支部台账，请先升级",
                audit::table_label(table)
            ));
        }
    }
    let key_at: Option<Vec<usize>> = key
        .iter()
        .map(|&k| info.columns.iter().position(|c| *c == columns[k]))
        .collect();
    let Some(key_at) = key_at else {
        findings.add(format!(
            "{}（{table}）缺少主键列：清单被改动",
            audit::table_label(table)
        ));
        return Ok(Part {
            table: table.into(),
            columns: info.columns.clone(),
            rows: Vec::new(),
        });
    };
    let mut rows = Vec::new();
    let name = info.name.clone();
    let digest = each_line(zip, &name, inflated, &mut |n, text| {
        if rows.len() >= MAX_ROWS {
            return Err(Error::invalid(format!(
                "上报包的“{name}”超过 {MAX_ROWS} 行，超过上限，未导入"
            )));
        }
        let values: Option<Vec<Value>> = serde_json::from_slice::<Vec<serde_json::Value>>(text)
            .ok()
            .filter(|v| v.len() == info.columns.len())
            .and_then(|v| v.into_iter().map(from_json).collect());
        let Some(values) = values else {
            findings.add(format!("“{name}”第 {n} 行无法识别：被改动"));
            return Ok(());
        };
        let refs: Vec<ValueRef> = values.iter().map(ValueRef::from).collect();
        let (k, hash) = audit::row_digest(table, &key_at, &refs);
        let named = || format!("{}{}", row_name(table, &k), shown(&info.columns, &values));
        match vouched.remove(&(table.to_string(), k.clone())) {
            Some(h) if h == hash => {}
            Some(_) => findings.add(format!("{}：内容与审计链不符（导出后被改动）", named())),
            None => findings.add(format!("{}：审计链中没有（导出后被添加）", named())),
        }
        if let Some(bad) = super::valid::check_row(table, &info.columns, &values) {
            findings.add(format!("{}：{bad}", named()));
        }
        rows.push(values);
        Ok(())
    })?;
    if digest != info.sha256 || rows.len() != info.rows {
        findings.add(format!(
            "部分“{}”与导出记录的摘要或行数（{} 行）不符：被替换或改动",
            info.name, info.rows
        ));
    }
    Ok(Part {
        table: table.into(),
        columns: info.columns.clone(),
        rows,
    })
}
