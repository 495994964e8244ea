-- 010: the audit trail. One entry per row changed through Zhibu, hash-chained (see store/audit.rs).
-- The first entries, written when a ledger first opens with this version, record every row as it
-- stood then ('baseline').

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    origin    TEXT NOT NULL,
    tbl       TEXT NOT NULL,
    row_key   TEXT NOT NULL,
    op        TEXT NOT NULL,
    change    TEXT NOT NULL,
    row_hash  TEXT,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_row ON audit_log (tbl, row_key);

-- The ledger's own settings that belong to no branch (how many rolling backups to keep).
CREATE TABLE ledger_setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
