-- 015: the audit log in fewer bytes. An import of 130k marks writes 130k entries, and each entry was
-- most of what the import wrote: its time and origin (the same for every entry of a transaction)
-- and two SHA-256 digests as 64 hex characters each. The time and origin are now kept once, in
-- `audit_stamp`, and the digests as their 32 bytes: an entry shrinks from about 280 bytes to 170.
-- The entries are hashed exactly as before (the digests as lowercase hex), and `audit_log` is now
-- a view that reads them as before: every entry written by an earlier version still verifies.

CREATE TABLE audit_stamp (
    id      INTEGER PRIMARY KEY,
    at      TEXT NOT NULL,
    origin  TEXT NOT NULL,
    UNIQUE (at, origin)
);

INSERT INTO audit_stamp (at, origin)
SELECT at, origin FROM audit_log GROUP BY at, origin ORDER BY min(seq);

-- A digest is stored as bytes only where its bytes give back the same text: an entry edited by
-- another tool into something else keeps its text, and still fails to verify.
CREATE TABLE audit_entry (
    seq       INTEGER PRIMARY KEY,
    stamp     INTEGER NOT NULL,
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    op        TEXT NOT NULL,
    change    TEXT NOT NULL,
    row_hash  BLOB,
    hash      BLOB NOT NULL
);

INSERT INTO audit_entry (seq, stamp, tbl, row_key, op, change, row_hash, hash)
SELECT l.seq, s.id, l.tbl, l.row_key, l.op, l.change,
       CASE WHEN lower(hex(unhex(l.row_hash))) = l.row_hash THEN unhex(l.row_hash) ELSE l.row_hash END,
       CASE WHEN lower(hex(unhex(l.hash))) = l.hash THEN unhex(l.hash) ELSE l.hash END
FROM audit_log l JOIN audit_stamp s ON s.at = l.at AND s.origin = l.origin;

DROP TABLE audit_log;

-- The log as it reads (see store/audit). An entry whose stamp is gone reads with an empty time and
-- origin, and so fails to verify rather than vanish from the chain.
CREATE VIEW audit_log AS
SELECT e.seq,
       coalesce(s.at, '') AS at,
       coalesce(s.origin, '') AS origin,
       e.tbl, e.row_key, e.op, e.change,
       CASE WHEN typeof(e.row_hash) = 'blob' THEN lower(hex(e.row_hash)) ELSE e.row_hash END AS row_hash,
       CASE WHEN typeof(e.hash) = 'blob' THEN lower(hex(e.hash)) ELSE e.hash END AS hash
FROM audit_entry e LEFT JOIN audit_stamp s ON s.id = e.stamp;

CREATE INDEX audit_entry_package ON audit_entry (row_key) WHERE tbl = 'package_export';
