-- 007: 民主评议党员, one record per member and year: the self-assessment, the peer and 民主测评
-- scores as entered or imported, and the branch's decision with who decided and when.
CREATE TABLE appraisal (
    member_id    INTEGER NOT NULL REFERENCES member(id),
    year         INTEGER NOT NULL,
    self_grade   TEXT,
    peer_score   REAL CHECK (peer_score BETWEEN 0 AND 100),
    poll_score   REAL CHECK (poll_score BETWEEN 0 AND 10),
    grade        TEXT,
    decided_by   TEXT,
    decided_on   TEXT,
    note         TEXT,
    PRIMARY KEY (member_id, year),
    CHECK ((grade IS NULL) = (decided_on IS NULL))
) WITHOUT ROWID;
