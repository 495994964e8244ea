-- 012: reporting up without a server (io::package). A branch's year leaves its secretary's ledger as
-- one file and enters the 党委's ledger, which computes the college's book from what it received.

-- The ledger's own identity, made once: with a branch's id in it, what names a branch across ledgers
-- (a renamed branch stays the same branch; a copy or a backup of the ledger is the same ledger).
INSERT INTO ledger_setting (key, value) VALUES ('ledger_id', lower(hex(randomblob(16))));

-- Each package written here. Its row is logged like any other, last of the export's entries: the
-- package's head. So what the package says of itself (branch, year, when, its parts) is in the chain.
CREATE TABLE package_export (
    id              INTEGER PRIMARY KEY,
    branch_id       INTEGER NOT NULL REFERENCES branch(id),
    year            INTEGER NOT NULL,
    exported_at     TEXT NOT NULL,
    ledger_id       TEXT NOT NULL,
    branch          TEXT NOT NULL,
    parent_org      TEXT,
    schema_version  INTEGER NOT NULL,
    members         INTEGER NOT NULL,
    activities      INTEGER NOT NULL,
    -- JSON: each part's name, table, columns, rows and SHA-256.
    parts           TEXT NOT NULL
);

-- Each package received: one per branch and year; a later one replaces it.
CREATE TABLE package_receipt (
    id             INTEGER PRIMARY KEY,
    branch_id      INTEGER NOT NULL REFERENCES branch(id),
    year           INTEGER NOT NULL,
    source_ledger  TEXT NOT NULL,
    source_branch  INTEGER NOT NULL,
    exported_at    TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    -- The source's audit chain at the export: "seq:hash" of its last entry.
    head           TEXT NOT NULL,
    head_seq       INTEGER NOT NULL,
    members        INTEGER NOT NULL,
    activities     INTEGER NOT NULL,
    rows           INTEGER NOT NULL,
    UNIQUE (branch_id, year)
);

-- The rows a package brought: (table, its id in the branch's ledger) → its id here. A row two
-- years' packages both carry (a member, a task) is here once, listed under both.
CREATE TABLE package_row (
    receipt_id  INTEGER NOT NULL REFERENCES package_receipt(id) ON DELETE CASCADE,
    tbl         TEXT NOT NULL,
    source_id   INTEGER NOT NULL,
    local_id    INTEGER NOT NULL,
    PRIMARY KEY (receipt_id, tbl, source_id)
) WITHOUT ROWID;
CREATE INDEX package_row_local ON package_row (tbl, local_id);
