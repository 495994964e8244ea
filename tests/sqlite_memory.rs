//! SQLite allocating through mimalloc (store::memory), in a process of its own: the setting is
//! taken before SQLite first initialises, as the CLI and the desktop app take it.

use zhibu::store::memory::allocate_through_mimalloc;

#[test]
fn a_ledger_written_and_read_with_sqlite_allocating_through_mimalloc() {
    assert!(
        allocate_through_mimalloc(),
        "SQLite refused the allocator before any connection"
    );
    assert!(allocate_through_mimalloc(), "asked again, the same answer");

    let dir = tempfile::tempdir().unwrap();
    let ledger = zhibu::Ledger::create_empty(&dir.path().join("ledger.db")).unwrap();
    // Pages, records and statements of every size: a cache grown and shrunk, rows grown in place.
    ledger.conn().pragma_update(None, "cache_size", -16_384).unwrap();
    ledger
        .conn()
        .execute_batch(
            "CREATE TEMP TABLE t (n INTEGER PRIMARY KEY, x TEXT);
             WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 20000)
             INSERT INTO t SELECT i, hex(randomblob(i % 700 + 1)) FROM c;
             UPDATE t SET x = x || x WHERE n % 3 = 0;",
        )
        .unwrap();
    ledger.conn().pragma_update(None, "cache_size", -2_000).unwrap();
    let (rows, longest): (i64, i64) = ledger
        .conn()
        .query_row("SELECT count(*), max(length(x)) FROM t", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((rows, longest), (20_000, 2_800));
    assert!(
        zhibu::store::audit::verify(ledger.conn(), &dir.path().join("ledger.db"))
            .unwrap()
            .is_empty()
    );
}
