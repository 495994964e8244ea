-- 008: an election flag on activities (an election needs 4/5 of the voters present), and the
-- configurable rules of domain.md as dated versions, like the points rules: the 组织生活 calendar
-- (how often a 党课 is due, the fixed day of the 主题党日) and the 民主评议 guide. The 民主测评 score
-- is checked against the guide in force, so the table allows any score up to 100.
ALTER TABLE activity ADD COLUMN election INTEGER NOT NULL DEFAULT 0 CHECK (election IN (0, 1));

CREATE TABLE life_rule_set (
    id                  INTEGER PRIMARY KEY,
    effective_from      TEXT NOT NULL UNIQUE,
    note                TEXT,
    party_lecture_every TEXT NOT NULL CHECK (party_lecture_every IN ('month', 'quarter', 'year')),
    theme_day_of_month  INTEGER CHECK (theme_day_of_month BETWEEN 1 AND 31)
);
INSERT INTO life_rule_set (id, effective_from, note, party_lecture_every, theme_day_of_month)
VALUES (1, '1900-01-01', '默认组织生活规则', 'quarter', NULL);

CREATE TABLE appraisal_guide (
    id             INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL UNIQUE,
    note           TEXT,
    base           REAL NOT NULL CHECK (base BETWEEN 0 AND 100),
    bonus_max      REAL NOT NULL CHECK (bonus_max BETWEEN 0 AND 100),
    poll_max       REAL NOT NULL CHECK (poll_max BETWEEN 0 AND 100),
    excellent_min  REAL NOT NULL,
    qualified_min  REAL NOT NULL,
    basic_min      REAL NOT NULL,
    CHECK (excellent_min > qualified_min AND qualified_min > basic_min AND basic_min >= 0 AND excellent_min <= 100)
);
INSERT INTO appraisal_guide (id, effective_from, note, base, bonus_max, poll_max, excellent_min, qualified_min, basic_min)
VALUES (1, '1900-01-01', '默认评议指引', 60, 30, 10, 90, 80, 60);

CREATE TABLE appraisal_new (
    member_id    INTEGER NOT NULL REFERENCES member(id),
    year         INTEGER NOT NULL,
    self_grade   TEXT,
    peer_score   REAL CHECK (peer_score BETWEEN 0 AND 100),
    poll_score   REAL CHECK (poll_score BETWEEN 0 AND 100),
    grade        TEXT,
    decided_by   TEXT,
    decided_on   TEXT,
    note         TEXT,
    PRIMARY KEY (member_id, year),
    CHECK ((grade IS NULL) = (decided_on IS NULL))
) WITHOUT ROWID;
INSERT INTO appraisal_new SELECT * FROM appraisal;
DROP TABLE appraisal;
ALTER TABLE appraisal_new RENAME TO appraisal;
