//! Writing the log: the rows a transaction touched read back, their digests, change texts and
//! chain made (on a second thread for a large transaction), and the entries inserted.

use super::*;

/// Appends to the log what `notes` hold (the changes of the transaction on `conn`), each row once,
/// chained to the log's head; returns the new head, `None` when nothing changed.
///
/// The rows are read back here, on the connection's thread; what is made of them — their digests,
/// the change texts, the chain — is made by [`Logger`]. Past [`HASHED_APART_FROM`] rows (an
/// import's hundred thousand), a second thread does that while this one reads the rows and writes
/// the entries: the same entries, in the same order, as one thread would make.
pub(in crate::store) fn append(conn: &Connection, notes: &Notes, origin: &str) -> Result<Option<Head>> {
    let taken = std::mem::take(&mut notes.list()?.notes);
    let tables = &notes.tables;
    let rows = first_notes(&taken);
    if rows.is_empty() {
        return Ok(None);
    }
    let logger = Logger::new(conn, tables, origin)?;
    let mut writer = EntryWriter::new(conn, &logger.at, origin);
    let mut reader = Reader::new(conn, tables, taken);
    if rows.len() < HASHED_APART_FROM {
        let mut logger = logger;
        for batch in rows.chunks(READ_AT_ONCE) {
            for touched in reader.read(batch)? {
                if let Some(entry) = logger.log(touched) {
                    writer.push(entry)?;
                }
            }
        }
        return writer.finish();
    }
    std::thread::scope(|scope| {
        let (to_hash, jobs) = std::sync::mpsc::channel::<Vec<Touched>>();
        let (to_write, hashed) = std::sync::mpsc::channel::<Vec<Logged>>();
        let mut logger = logger;
        scope.spawn(move || {
            for batch in jobs {
                let logged: Vec<Logged> = batch.into_iter().filter_map(|t| logger.log(t)).collect();
                if to_write.send(logged).is_err() {
                    return;
                }
            }
        });
        for batch in rows.chunks(READ_AT_ONCE) {
            let mut touched = reader.read(batch)?.into_iter();
            loop {
                let some: Vec<Touched> = touched.by_ref().take(ROWS_PER_BATCH).collect();
                if some.is_empty() {
                    break;
                }
                to_hash.send(some).map_err(|_| hasher_gone())?;
                // The entries hashed meanwhile are written while the next rows are sent.
                while let Ok(logged) = hashed.try_recv() {
                    writer.extend(logged)?;
                }
            }
        }
        drop(to_hash);
        for logged in hashed {
            writer.extend(logged)?;
        }
        writer.finish()
    })
}

/// Each row once, by its first note (the operation, the values before), in the order first touched.
fn first_notes(notes: &[Note]) -> Vec<usize> {
    // Keys are written from primary keys (row ids nearly always): see kernel::ids.
    let mut seen: crate::kernel::ids::IdSet<(usize, KeyId)> = crate::kernel::ids::set_with_capacity(notes.len());
    (0..notes.len())
        .filter(|&n| seen.insert((notes[n].table, notes[n].key.id())))
        .collect()
}

/// Rows past which [`append`] hashes on a second thread (below, starting one costs more than it
/// saves), and how many it is handed at a time.
const HASHED_APART_FROM: usize = 4_096;
const ROWS_PER_BATCH: usize = 512;

fn hasher_gone() -> Error {
    Error::Internal("审计日志的摘要计算中断".into())
}

/// A row a transaction touched, read back for the log: its table (by number), key, first noted
/// operation and values before, and its values now (`None` when it is gone).
struct Touched {
    table: usize,
    key: NoteKey,
    op: Op,
    old: Option<Vec<serde_json::Value>>,
    now: Option<Vec<Stored>>,
}

/// A value as the row holds it, owned (text kept as bytes: the digest reads them as they are).
#[derive(Debug, PartialEq)]
enum Stored {
    Null,
    Integer(i64),
    Real(f64),
    Text(Vec<u8>),
    Blob(Vec<u8>),
}

impl Stored {
    fn of(v: ValueRef) -> Stored {
        match v {
            ValueRef::Null => Stored::Null,
            ValueRef::Integer(i) => Stored::Integer(i),
            ValueRef::Real(f) => Stored::Real(f),
            ValueRef::Text(t) => Stored::Text(t.to_vec()),
            ValueRef::Blob(b) => Stored::Blob(b.to_vec()),
        }
    }

    fn as_ref(&self) -> ValueRef<'_> {
        match self {
            Stored::Null => ValueRef::Null,
            Stored::Integer(i) => ValueRef::Integer(*i),
            Stored::Real(f) => ValueRef::Real(*f),
            Stored::Text(t) => ValueRef::Text(t),
            Stored::Blob(b) => ValueRef::Blob(b),
        }
    }
}

/// An entry of the log, chained: its number, and the digests as stored: the entry's hash, and the
/// row's (`None` where the change has none, or text that is not a digest).
struct Logged {
    seq: i64,
    change: Change,
    digest: Digest,
    row_digest: Option<Digest>,
}

/// Makes the log's entries of touched rows, in order: each row's digest and change text, each entry
/// chained to the one before it, from the log's head.
struct Logger<'t> {
    tables: &'t [Table],
    /// When, for every entry of the transaction, and from where.
    at: String,
    origin: String,
    seq: i64,
    prev: String,
}

impl<'t> Logger<'t> {
    fn new(conn: &Connection, tables: &'t [Table], origin: &str) -> Result<Logger<'t>> {
        let head = head(conn)?.unwrap_or(Head {
            seq: 0,
            hash: String::new(),
        });
        Ok(Logger {
            tables,
            at: chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string(),
            origin: origin.to_string(),
            seq: head.seq,
            prev: head.hash,
        })
    }

    /// The entry of a touched row; `None` when there is nothing to log (added and removed again,
    /// or written over with what it held).
    fn log(&mut self, t: Touched) -> Option<Logged> {
        let table = self.tables.get(t.table)?;
        let key = t.key.text();
        let now = t.now.map(|values| {
            let digest = row_hash(&table.name, &key, values.iter().map(Stored::as_ref));
            (
                values.iter().map(|v| json_value(v.as_ref())).collect::<Vec<_>>(),
                digest,
            )
        });
        let op = match (t.op, &now) {
            (Op::Insert, None) => return None,
            (Op::Insert, Some(_)) => Op::Insert,
            (_, None) => Op::Delete,
            (_, Some(_)) => Op::Update,
        };
        let change = match (op, &t.old, &now) {
            (Op::Insert, _, Some((values, _))) => change_json(table, values, None),
            (Op::Delete, Some(old), _) => change_json(table, old, None),
            (Op::Update, Some(old), Some((values, _))) => match change_json(table, values, Some(old)) {
                // Written over with what it held: nothing to log.
                c if c == "{}" => return None,
                c => c,
            },
            _ => "{}".into(),
        };
        let row_digest = now.map(|(_, d)| d);
        let change = Change {
            row_hash: row_digest.as_ref().map(digest_hex),
            table: table.name.clone(),
            key,
            op,
            change,
        };
        Some(self.chain(change, row_digest))
    }

    /// `change` as the entry after the last one made; `row_digest`, its row's digest as bytes.
    fn chain(&mut self, change: Change, row_digest: Option<Digest>) -> Logged {
        let seq = self.seq + 1;
        let digest = entry_hash(
            &self.prev,
            seq,
            &self.at,
            &self.origin,
            &change.table,
            &change.key,
            change.op.code(),
            &change.change,
            change.row_hash.as_deref(),
        );
        self.seq = seq;
        self.prev = digest_hex(&digest);
        Logged {
            seq,
            change,
            digest,
            row_digest,
        }
    }
}

/// What the log shows of a change, as a JSON object by column with personal data masked: every
/// value of a row added or removed, or, given the values `before`, each changed column's
/// `[before, now]`. Written as serde_json writes a `Map` of them: the same text, without building
/// the map for each of a hundred thousand rows.
fn change_json(table: &Table, values: &[serde_json::Value], before: Option<&[serde_json::Value]>) -> String {
    let mut out = Vec::with_capacity(128);
    out.push(b'{');
    let shown = |i: usize, v: &serde_json::Value| shown(&table.name, &table.columns[i], v);
    for &i in &table.json_order {
        let (Some(now), was) = (values.get(i), before.and_then(|b| b.get(i))) else {
            continue;
        };
        let value = match (before, was) {
            (None, _) => shown(i, now),
            (Some(_), Some(was)) if was != now => serde_json::Value::Array(vec![shown(i, was), shown(i, now)]),
            _ => continue,
        };
        if out.len() > 1 {
            out.push(b',');
        }
        out.extend_from_slice(table.json_keys[i].as_bytes());
        out.push(b':');
        // Writing a JSON value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &value);
    }
    out.push(b'}');
    String::from_utf8(out).unwrap_or_default()
}

/// Reads the rows a transaction touched back as they now stand, a batch at a time. Rows of one table
/// whose keys are whole numbers are read in key order by forward scans: an import's rows lie side
/// by side, so a batch of them costs a seek or a few, not a seek each. Any other row is read by its
/// key.
struct Reader<'c> {
    conn: &'c Connection,
    tables: &'c [Table],
    taken: Vec<Option<Note>>,
}

/// Rows read back at once. The more, the more of them lie side by side: a meeting of 3,000
/// members, its marks inserted in its file's order, is read by a scan or two, not by a seek a mark.
const READ_AT_ONCE: usize = 8_192;

/// Rows a scan steps over, untouched, before it seeks the next touched row instead.
const SKIPPED_BEFORE_SEEK: usize = 8;

impl<'c> Reader<'c> {
    fn new(conn: &'c Connection, tables: &'c [Table], taken: Vec<Note>) -> Reader<'c> {
        Reader {
            conn,
            tables,
            taken: taken.into_iter().map(Some).collect(),
        }
    }

    /// The rows of the notes numbered `batch`, in that order.
    fn read(&mut self, batch: &[usize]) -> Result<Vec<Touched>> {
        let notes: Vec<Note> = batch.iter().filter_map(|&n| self.taken.get_mut(n)?.take()).collect();
        // Each note's row as a scan found it (`Some(None)`: gone); `None` where no scan settled it.
        let mut scanned_rows: Vec<Option<Option<Vec<Stored>>>> = notes.iter().map(|_| None).collect();
        // The notes with whole-number keys, by table, then key.
        let mut sorted: Vec<(usize, WholeKey, usize)> = (0..notes.len())
            .filter_map(|i| Some((notes[i].table, notes[i].key.whole()?, i)))
            .collect();
        sorted.sort_unstable();
        for run in sorted.chunk_by(|a, b| a.0 == b.0) {
            let table = self.table(run[0].0)?;
            let mut scan = self.conn.prepare_cached(&table.select_from)?;
            let mut at = 0;
            while at < run.len() {
                let mut rows = scan.query(rusqlite::params_from_iter(notes[run[at].2].key.values()))?;
                let (mut row, mut skipped) = (rows.next()?, 0);
                while at < run.len() && skipped < SKIPPED_BEFORE_SEEK {
                    let (_, want, wanted) = run[at];
                    let Some(r) = row else {
                        // The table ends here: the rows still wanted are gone.
                        for &(_, _, gone) in &run[at..] {
                            scanned_rows[gone] = Some(None);
                        }
                        at = run.len();
                        break;
                    };
                    let Some(order) = row_key_order(r, table, &want)? else {
                        // A key that is not a whole number sorts apart: the rest are read by key.
                        at = run.len();
                        break;
                    };
                    match order {
                        std::cmp::Ordering::Less => {
                            skipped += 1;
                            row = rows.next()?;
                        }
                        std::cmp::Ordering::Equal => {
                            scanned_rows[wanted] = Some(Some(stored_row(r, table)?));
                            at += 1;
                            skipped = 0;
                            row = rows.next()?;
                        }
                        // Past the key without meeting it: the row is gone.
                        std::cmp::Ordering::Greater => {
                            scanned_rows[wanted] = Some(None);
                            at += 1;
                        }
                    }
                }
            }
        }
        let mut touched = Vec::with_capacity(notes.len());
        for (note, scanned) in notes.into_iter().zip(scanned_rows) {
            let now = match scanned {
                Some(now) => now,
                None => {
                    let table = self.table(note.table)?;
                    let mut by_key = self.conn.prepare_cached(&table.select_one)?;
                    let mut rows = by_key.query(rusqlite::params_from_iter(note.key.values()))?;
                    rows.next()?.map(|r| stored_row(r, table)).transpose()?
                }
            };
            touched.push(Touched {
                table: note.table,
                key: note.key,
                op: note.op,
                old: note.old,
                now,
            });
        }
        Ok(touched)
    }

    fn table(&self, at: usize) -> Result<&'c Table> {
        self.tables
            .get(at)
            .ok_or_else(|| Error::Internal(format!("审计记录中的表编号 {at} 无法识别")))
    }
}

/// How the key of the scanned row `r` sorts against `wanted`; `None` when its key is not all
/// whole numbers.
fn row_key_order(r: &rusqlite::Row, table: &Table, wanted: &WholeKey) -> Result<Option<std::cmp::Ordering>> {
    for (&column, want) in table.key.iter().zip(&wanted.values[..wanted.len as usize]) {
        let ValueRef::Integer(here) = r.get_ref(column)? else {
            return Ok(None);
        };
        match here.cmp(want) {
            std::cmp::Ordering::Equal => continue,
            other => return Ok(Some(other)),
        }
    }
    Ok(Some(std::cmp::Ordering::Equal))
}

fn stored_row(r: &rusqlite::Row, table: &Table) -> Result<Vec<Stored>> {
    Ok((0..table.columns.len())
        .map(|i| r.get_ref(i).map(Stored::of))
        .collect::<rusqlite::Result<_>>()?)
}

/// Entries written by one statement: an import's hundred thousand entries are a few thousand
/// statements, not a hundred thousand. The rest go in statements of 16, 8, … 1 entries, each shape
/// prepared once.
const ENTRIES_PER_INSERT: usize = 32;

pub(super) fn write_entries(conn: &Connection, origin: &str, changes: Vec<Change>) -> Result<Option<Head>> {
    if changes.is_empty() {
        return Ok(None);
    }
    let mut logger = Logger::new(conn, &[], origin)?;
    let mut writer = EntryWriter::new(conn, &logger.at, origin);
    for c in changes {
        let row_digest = c.row_hash.as_deref().and_then(parse_digest);
        writer.push(logger.chain(c, row_digest))?;
    }
    writer.finish()
}

/// Writes chained entries to the log as they come, [`ENTRIES_PER_INSERT`] to a statement; the
/// rest go in statements of 16, 8, … 1 entries, each shape prepared once.
struct EntryWriter<'c> {
    conn: &'c Connection,
    at: String,
    origin: String,
    waiting: Vec<Logged>,
    /// The last entry written.
    head: Option<Head>,
    /// The `audit_stamp` row of the time and origin, once the first entry is written.
    stamp: Option<i64>,
}

impl<'c> EntryWriter<'c> {
    fn new(conn: &'c Connection, at: &str, origin: &str) -> EntryWriter<'c> {
        EntryWriter {
            conn,
            at: at.to_string(),
            origin: origin.to_string(),
            waiting: Vec::with_capacity(ENTRIES_PER_INSERT),
            head: None,
            stamp: None,
        }
    }

    /// The `audit_stamp` row of this writer's time and origin: a transaction in the same second as
    /// the one before, from the same place, shares its row.
    fn stamp(&mut self) -> Result<i64> {
        if let Some(id) = self.stamp {
            return Ok(id);
        }
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO audit_stamp (at, origin) VALUES (?1, ?2)")?
            .execute([&self.at, &self.origin])?;
        let id = self
            .conn
            .prepare_cached("SELECT id FROM audit_stamp WHERE at = ?1 AND origin = ?2")?
            .query_row([&self.at, &self.origin], |r| r.get(0))?;
        self.stamp = Some(id);
        Ok(id)
    }

    fn push(&mut self, entry: Logged) -> Result<()> {
        self.waiting.push(entry);
        if self.waiting.len() == ENTRIES_PER_INSERT {
            self.write()?;
        }
        Ok(())
    }

    fn extend(&mut self, entries: Vec<Logged>) -> Result<()> {
        for entry in entries {
            self.push(entry)?;
        }
        Ok(())
    }

    /// Writes what is waiting; returns the head of the log, `None` when no entry was written.
    fn finish(mut self) -> Result<Option<Head>> {
        self.write()?;
        Ok(self.head)
    }

    /// The waiting entries, in statements of the largest power of two not above what is left.
    fn write(&mut self) -> Result<()> {
        if self.waiting.is_empty() {
            return Ok(());
        }
        // The time and origin, the same for every entry, are kept once (see migration 015).
        let stamp = self.stamp()?;
        let mut rest = self.waiting.as_slice();
        while !rest.is_empty() {
            let n = ENTRIES_PER_INSERT.min(1 << rest.len().ilog2());
            let (chunk, tail) = rest.split_at(n);
            rest = tail;
            let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(1 + 7 * chunk.len());
            values.push(&stamp);
            // The digests as bytes (see migration 015); a row's “digest” that is not one, as its text.
            let row_digests: Vec<rusqlite::types::ToSqlOutput> = chunk
                .iter()
                .map(|e| match (&e.row_digest, &e.change.row_hash) {
                    (Some(bytes), _) => rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Blob(bytes)),
                    (None, Some(text)) => rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Text(text.as_bytes())),
                    (None, None) => rusqlite::types::ToSqlOutput::Borrowed(ValueRef::Null),
                })
                .collect();
            for (e, row_digest) in chunk.iter().zip(&row_digests) {
                values.extend([
                    &e.seq as &dyn rusqlite::ToSql,
                    &e.change.table,
                    &e.change.key,
                    e.change.op.code_ref(),
                    &e.change.change,
                    row_digest,
                    &e.digest,
                ]);
            }
            self.conn.prepare_cached(insert_sql(n))?.execute(values.as_slice())?;
        }
        if let Some(last) = self.waiting.last() {
            self.head = Some(Head {
                seq: last.seq,
                hash: digest_hex(&last.digest),
            });
        }
        self.waiting.clear();
        Ok(())
    }
}

/// The statement writing `n` entries (a power of two up to [`ENTRIES_PER_INSERT`]), its text made
/// once per shape.
fn insert_sql(n: usize) -> &'static str {
    static SHAPES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let shapes = SHAPES.get_or_init(|| {
        (0..=ENTRIES_PER_INSERT.ilog2())
            .map(|shape| {
                let rows: Vec<String> = (0..1usize << shape)
                    .map(|r| {
                        let p = |i: usize| format!("?{}", 2 + 7 * r + i);
                        format!("({}, ?1, {})", p(0), (1..7).map(p).collect::<Vec<_>>().join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO audit_entry (seq, stamp, tbl, row_key, op, change, row_hash, hash) VALUES {}",
                    rows.join(", ")
                )
            })
            .collect()
    });
    &shapes[n.ilog2() as usize]
}

#[allow(clippy::too_many_arguments)]
/// The hash of an entry: its fields and the hash of the one before, joined (see [`sha256_joined`]).
pub(super) fn entry_hash(
    prev: &str,
    seq: i64,
    at: &str,
    origin: &str,
    table: &str,
    key: &str,
    op: &str,
    change: &str,
    row_hash: Option<&str>,
) -> Digest {
    sha256_joined(&[
        prev,
        &seq.to_string(),
        at,
        origin,
        table,
        key,
        op,
        change,
        row_hash.unwrap_or("-"),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The change text as the log wrote it before [`change_json`]: a serde_json map.
    fn as_map(table: &Table, values: &[serde_json::Value], before: Option<&[serde_json::Value]>) -> String {
        let map: serde_json::Map<String, serde_json::Value> = table
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match before {
                None => Some((c.clone(), shown(&table.name, c, &values[i]))),
                Some(b) if b[i] != values[i] => Some((
                    c.clone(),
                    json!([shown(&table.name, c, &b[i]), shown(&table.name, c, &values[i])]),
                )),
                Some(_) => None,
            })
            .collect();
        serde_json::Value::Object(map).to_string()
    }

    /// Rows read back by scans in key order read as they do one by one: inserted out of order,
    /// beside untouched rows near and far, updated, gone in the middle and at a table's end, and
    /// keys that are not whole numbers among those that are.
    #[test]
    fn rows_scanned_in_key_order_read_as_rows_read_by_key() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
             CREATE TABLE pair (a INTEGER NOT NULL, b INTEGER NOT NULL, v TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
             CREATE TABLE loose (k PRIMARY KEY, v);
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
             INSERT INTO t SELECT i, 'old' FROM n;
             INSERT INTO t VALUES (1000, 'old'), (1005, 'old'), (1010, 'old');
             WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
             INSERT INTO pair SELECT 1, i, 'old' FROM n;
             INSERT INTO pair VALUES (9, 9, 'old');
             INSERT INTO loose VALUES (2.5, 'old');",
        )
        .unwrap();
        let notes = watch(&conn).unwrap();
        conn.execute_batch(
            "WITH RECURSIVE n(i) AS (SELECT 51 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
             INSERT INTO t SELECT i, 'new' FROM n;
             INSERT INTO t VALUES (700, 'new'), (720, 'new'), (2000, 'new');
             UPDATE t SET v = 'changed' WHERE id IN (10, 30, 1010);
             DELETE FROM t WHERE id IN (600, 1005, 2000);
             INSERT INTO pair VALUES (2, 9, 'new'), (2, 3, 'new'), (2, 7, 'new'), (2, 1, 'new'), (2, 5, 'new');
             UPDATE pair SET v = 'changed' WHERE a = 1 AND b IN (5, 20);
             DELETE FROM pair WHERE a = 1 AND b = 19;
             INSERT INTO pair VALUES (10, 1, 'new');
             DELETE FROM pair WHERE a = 10;
             INSERT INTO loose VALUES (3, 'new'), ('a', 'new'), (1, 'new'), (X'00', 'new'), (2, 'new');
             UPDATE loose SET v = 'changed' WHERE k = 2.5;",
        )
        .unwrap();
        let taken = std::mem::take(&mut notes.list().unwrap().notes);
        let rows = first_notes(&taken);
        let by_key: Vec<Option<Vec<Stored>>> = rows
            .iter()
            .map(|&n| {
                let note = &taken[n];
                let table = &notes.tables[note.table];
                let mut st = conn.prepare(&table.select_one).unwrap();
                let mut found = st.query(rusqlite::params_from_iter(note.key.values())).unwrap();
                found.next().unwrap().map(|r| stored_row(r, table).unwrap())
            })
            .collect();
        assert_eq!(by_key.iter().filter(|r| r.is_none()).count(), 5);
        let keys: Vec<String> = rows.iter().map(|&n| taken[n].key.text()).collect();
        for batch in [7, ROWS_PER_BATCH] {
            let mut reader = Reader::new(&conn, &notes.tables, taken.clone());
            let read: Vec<Touched> = rows.chunks(batch).flat_map(|b| reader.read(b).unwrap()).collect();
            assert_eq!(read.iter().map(|t| t.key.text()).collect::<Vec<_>>(), keys);
            for (t, expected) in read.iter().zip(&by_key) {
                assert_eq!(&t.now, expected, "{} {}", notes.tables[t.table].name, t.key.text());
            }
        }
    }

    /// Every audited table is scanned from a key through its primary key's index, never sorted.
    #[test]
    fn every_table_is_scanned_in_key_order_without_a_sort() {
        let dir = tempfile::tempdir().unwrap();
        let ledger = crate::store::Ledger::create_empty(&dir.path().join("l.db")).unwrap();
        let tables = tables(ledger.conn()).unwrap();
        assert!(tables.iter().any(|t| t.name == "attendance"));
        for table in &tables {
            let plan: Vec<String> = ledger
                .conn()
                .prepare(&format!("EXPLAIN QUERY PLAN {}", table.select_from))
                .unwrap()
                .query_map(rusqlite::params_from_iter(table.key.iter().map(|_| 1)), |r| r.get(3))
                .unwrap()
                .map(|d| d.unwrap())
                .collect();
            assert!(
                plan.iter()
                    .all(|d| d.starts_with("SEARCH") && !d.contains("TEMP B-TREE")),
                "{}: {plan:?}",
                table.name
            );
        }
    }

    #[test]
    fn change_texts_read_as_the_map_of_columns_with_personal_data_masked() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE member (id INTEGER PRIMARY KEY, name TEXT, phone TEXT, \"引号\"\"列\" REAL, b BLOB)",
        )
        .unwrap();
        let table = Table::read(&conn, "member").unwrap();
        let row = [
            json!(7),
            json!("张\"三\n"),
            json!("13812345678"),
            json!(2.0),
            serde_json::Value::Null,
        ];
        let was = [
            json!(7),
            json!("张三"),
            json!("13812345678"),
            json!(1.5),
            serde_json::Value::Null,
        ];
        assert_eq!(change_json(&table, &row, None), as_map(&table, &row, None));
        assert_eq!(change_json(&table, &row, Some(&was)), as_map(&table, &row, Some(&was)));
        assert!(!change_json(&table, &row, None).contains("13812345678"));
        assert_eq!(change_json(&table, &row, Some(&row)), "{}");
    }
}
