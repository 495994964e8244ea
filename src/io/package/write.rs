//! `export package`: the branch's year out of its secretary's ledger, as one file, in one
//! transaction that vouches for every row it carries in the audit log.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use super::carry::{self, TABLES};
use super::format::{
    part_name, sha256_hex, to_json, Link, Manifest, PartInfo, Record, CHAIN, FORMAT, FORMAT_VERSION, MANIFEST,
};
use super::ExportReport;
use crate::kernel::dates;
use crate::kernel::progress::{OnProgress, Progress};
use crate::store::{audit, files, Ledger, Tx, SCHEMA_VERSION};
use crate::{Error, Result};

/// Rows past which a table's rows are reported as progress (about every 1% of a large branch).
const PROGRESS_ROWS: usize = 5_000;

pub fn export(
    ledger: &mut Ledger,
    branch_id: i64,
    year: i32,
    out: &Path,
    progress: OnProgress,
) -> Result<ExportReport> {
    let (from, to) = dates::year_bounds(year)?;
    let (from, to) = (from.to_string(), to.to_string());
    if let Some(broken) = chain_break(ledger.conn())? {
        return Err(Error::Conflict(format!(
            "台账的审计日志不完整（{broken}），不能导出可核验的上报包。请运行 zhibu check 查看，必要时从备份恢复"
        )));
    }
    let report = files::write_whole(out, |tmp| {
        ledger.write(|tx| {
            let file = std::fs::File::create(tmp)?;
            let written = write_package(tx, file, branch_id, year, &from, &to, progress);
            carry::forget(tx)?;
            written
        })
    })?;
    let bytes = std::fs::metadata(out)?.len();
    tracing::info!(rows = report.rows, bytes, "package exported");
    Ok(ExportReport {
        path: out.display().to_string(),
        bytes,
        ..report
    })
}

/// Whether the log's entries still chain one to the next: the first that does not, in words.
fn chain_break(conn: &Connection) -> Result<Option<String>> {
    let mut prev = String::new();
    let mut expected = 1;
    let mut found = None;
    audit::chain_after(conn, 0, &mut |e| {
        if found.is_none() && (e.seq != expected || e.link(&prev) != e.hash) {
            found = Some(format!("第 {} 条被改动或删除", e.seq.min(expected)));
        }
        expected = e.seq + 1;
        prev = e.hash;
        Ok(())
    })?;
    Ok(found)
}

fn write_package(
    tx: &Tx,
    file: std::fs::File,
    branch_id: i64,
    year: i32,
    from: &str,
    to: &str,
    progress: OnProgress,
) -> Result<ExportReport> {
    let branch = crate::domain::org::get(tx, branch_id)?;
    let ledger_id: String = tx
        .query_row("SELECT value FROM ledger_setting WHERE key = 'ledger_id'", [], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| Error::Internal("台账缺少自身标识（ledger_id）".into()))?;
    let anchor = audit::head(tx)?
        .map(|h| Link {
            seq: h.seq,
            hash: h.hash,
        })
        .unwrap_or(Link {
            seq: 0,
            hash: String::new(),
        });
    carry::gather(tx, branch_id, from, to, year)?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let total = TABLES.len() as u32 + 2;
    let mut parts = Vec::new();
    let mut attested = Vec::new();
    for (i, c) in TABLES.iter().enumerate() {
        progress(Progress {
            done: i as u32,
            total,
            stage: format!("写出{}", audit::table_label(c.table)),
        });
        let (columns, key) = audit::key_columns(tx, c.table)?;
        let name = part_name(c.table);
        zip.start_file(name.as_str(), options).map_err(zip_error)?;
        let mut hasher = Sha256::new();
        let mut rows = 0;
        let mut stmt = tx.prepare(&carry::select(c, &columns, &key))?;
        let mut cursor = stmt.query(params![branch_id, from, to, year])?;
        while let Some(r) = cursor.next()? {
            let values: Vec<ValueRef> = (0..columns.len())
                .map(|i| r.get_ref(i))
                .collect::<rusqlite::Result<_>>()?;
            let json: Vec<serde_json::Value> = values.iter().map(|v| to_json(*v)).collect::<Result<_>>()?;
            let mut line = serde_json::to_vec(&json).map_err(|e| Error::Internal(e.to_string()))?;
            line.push(b'\n');
            hasher.update(&line);
            zip.write_all(&line)?;
            let (k, hash) = audit::row_digest(c.table, &key, &values);
            attested.push((c.table.to_string(), k, hash));
            rows += 1;
            if rows % PROGRESS_ROWS == 0 {
                progress(Progress {
                    done: i as u32,
                    total,
                    stage: format!("写出{}：{rows} 行", audit::table_label(c.table)),
                });
            }
        }
        parts.push(PartInfo {
            name,
            table: c.table.to_string(),
            columns,
            rows,
            sha256: sha256_hex(hasher.finalize()),
        });
    }
    // A row the log does not know as it stands was changed by another tool: vouching for it now
    // would pass that change off as the ledger's.
    let mut outside: Vec<String> = unlogged(tx, &attested)?
        .into_iter()
        .map(|(table, k, _)| format!("{}（{table}）行 {k}", audit::table_label(table)))
        .collect();
    if !outside.is_empty() {
        let n = outside.len();
        outside.truncate(10);
        return Err(Error::Conflict(format!(
            "台账中有 {n} 行在支部台账之外被改动或添加（{}{}），不能导出可核验的上报包。请运行 zhibu check 查看，必要时从备份恢复",
            outside.join("；"),
            if n > 10 { "……" } else { "" }
        )));
    }
    let rows: usize = attested.len();
    tx.attest(attested)?;
    let (members, activities) = carry::counts(tx, branch_id, from, to)?;
    let exported_at = chrono::Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let parts_json = serde_json::to_string(&parts).map_err(|e| Error::Internal(e.to_string()))?;
    tx.execute(
        "INSERT INTO package_export (branch_id, year, exported_at, ledger_id, branch, parent_org, schema_version,
                                     members, activities, parts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            branch_id,
            year,
            exported_at,
            ledger_id,
            branch.name,
            branch.parent_org,
            SCHEMA_VERSION,
            members,
            activities,
            parts_json
        ],
    )?;
    let record_id = tx.last_insert_rowid();
    let head = tx
        .log_now()?
        .ok_or_else(|| Error::Internal("导出记录未写入审计日志".into()))?;
    let record = record(tx, record_id)?;

    progress(Progress {
        done: total - 2,
        total,
        stage: "写出审计链".into(),
    });
    zip.start_file(CHAIN, options).map_err(zip_error)?;
    let mut hasher = Sha256::new();
    let mut entries = 0;
    audit::chain_after(tx, anchor.seq, &mut |e| {
        let line = serde_json::json!([e.seq, e.at, e.origin, e.table, e.row_key, e.op, e.change, e.row_hash, e.hash]);
        let mut bytes = line.to_string().into_bytes();
        bytes.push(b'\n');
        hasher.update(&bytes);
        zip.write_all(&bytes)?;
        entries += 1;
        Ok(())
    })?;
    let chain = PartInfo {
        name: CHAIN.into(),
        table: String::new(),
        columns: Vec::new(),
        rows: entries,
        sha256: sha256_hex(hasher.finalize()),
    };
    let manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: SCHEMA_VERSION,
        software: env!("CARGO_PKG_VERSION").into(),
        branch: branch.name.clone(),
        parent_org: branch.parent_org.clone(),
        year,
        exported_at: exported_at.clone(),
        ledger_id,
        source_branch: branch_id,
        members,
        activities,
        head: Link {
            seq: head.seq,
            hash: head.hash,
        },
        anchor,
        parts,
        chain,
        record,
    };
    zip.start_file(MANIFEST, options).map_err(zip_error)?;
    let text = serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Internal(e.to_string()))?;
    zip.write_all(&text)?;
    zip.finish().map_err(zip_error)?.flush()?;
    progress(Progress {
        done: total,
        total,
        stage: "完成".into(),
    });
    Ok(ExportReport {
        path: String::new(),
        branch: branch.name,
        parent_org: branch.parent_org,
        year,
        exported_at,
        members,
        activities,
        rows,
        bytes: 0,
        head: manifest.head.short(),
    })
}

/// The rows of `rows` (table, key, digest) whose latest entry in the log is not that digest (or
/// which the log does not know), in their order. The log is read once, oldest entry first, for the
/// rows of the package only: a lookup per row would need the log indexed by row, which every write
/// of a hundred thousand rows would then pay for.
fn unlogged<'a>(conn: &Connection, rows: &'a [(String, String, String)]) -> Result<Vec<&'a (String, String, String)>> {
    let mut at: HashMap<(&str, &str), usize> = HashMap::with_capacity(rows.len());
    for (i, (table, key, _)) in rows.iter().enumerate() {
        at.insert((table.as_str(), key.as_str()), i);
    }
    // Per row, the digest of its latest entry (`None` inside: an entry of its deletion).
    let mut logged: Vec<Option<Option<String>>> = vec![None; rows.len()];
    let mut stmt = conn.prepare("SELECT tbl, row_key, row_hash FROM audit_log ORDER BY seq")?;
    let mut entries = stmt.query([])?;
    while let Some(e) = entries.next()? {
        let (ValueRef::Text(table), ValueRef::Text(key)) = (e.get_ref(0)?, e.get_ref(1)?) else {
            continue;
        };
        let (Ok(table), Ok(key)) = (std::str::from_utf8(table), std::str::from_utf8(key)) else {
            continue;
        };
        if let Some(&i) = at.get(&(table, key)) {
            logged[i] = Some(e.get(2)?);
        }
    }
    Ok(rows
        .iter()
        .zip(logged)
        .filter(|((_, _, hash), logged)| logged.as_ref().and_then(|l| l.as_deref()) != Some(hash.as_str()))
        .map(|(row, _)| row)
        .collect())
}

/// The `package_export` row as it stands, columns and values in order, as the log hashed it.
fn record(conn: &Connection, id: i64) -> Result<Record> {
    let (columns, _) = audit::key_columns(conn, "package_export")?;
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let values = conn.query_row(&format!("SELECT {list} FROM package_export WHERE id = ?1"), [id], |r| {
        (0..columns.len())
            .map(|i| r.get_ref(i).map(|v| to_json(v).unwrap_or(serde_json::Value::Null)))
            .collect::<rusqlite::Result<Vec<_>>>()
    })?;
    Ok(Record { columns, values })
}

pub(super) fn zip_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) => Error::Io(io),
        _ => Error::Internal("上报包写出失败".into()),
    }
}
