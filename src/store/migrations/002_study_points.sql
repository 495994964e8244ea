-- Study, points and pioneer posts (the 数字党建园地). Points are never stored: they are derived from
-- these events and the rule set in force on each event's date, so every point is explainable.

CREATE TABLE study_task (
    id            INTEGER PRIMARY KEY,
    branch_id     INTEGER NOT NULL REFERENCES branch(id),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    category      TEXT,
    published_on  TEXT NOT NULL,
    due_on        TEXT,
    hours         REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
    -- 'roll': everyone 在册 on the publish date; 'listed': only the members in study_task_member.
    audience      TEXT NOT NULL DEFAULT 'roll' CHECK (audience IN ('roll', 'listed')),
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (branch_id, name),
    CHECK (due_on IS NULL OR due_on >= published_on)
);

CREATE TABLE study_task_member (
    task_id    INTEGER NOT NULL REFERENCES study_task(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    PRIMARY KEY (task_id, member_id)
) WITHOUT ROWID;

CREATE TABLE study_record (
    task_id       INTEGER NOT NULL REFERENCES study_task(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES member(id),
    completed_on  TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT 'offline' CHECK (source IN ('offline', 'xuexitong', 'xuexiqiangguo', 'other')),
    PRIMARY KEY (task_id, member_id)
) WITHOUT ROWID;
CREATE INDEX study_record_member ON study_record(member_id);

CREATE TABLE discussion (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('post', 'reply')),
    topic      TEXT NOT NULL,
    UNIQUE (member_id, date, kind, topic)
);

CREATE TABLE reflection (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    title      TEXT NOT NULL,
    words      INTEGER CHECK (words >= 0),
    UNIQUE (member_id, title)
);

CREATE TABLE quiz_result (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    quiz       TEXT NOT NULL,
    score      REAL NOT NULL CHECK (score BETWEEN 0 AND 100),
    UNIQUE (member_id, quiz)
);

-- A rule set takes effect on a date and holds until the next one: past months keep their points.
CREATE TABLE point_rule_set (
    id              INTEGER PRIMARY KEY,
    effective_from  TEXT NOT NULL UNIQUE,
    note            TEXT,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Points in tenths (0.5 → 5) so sums are exact; cap = most events counted per period.
CREATE TABLE point_rule (
    rule_set_id  INTEGER NOT NULL REFERENCES point_rule_set(id) ON DELETE CASCADE,
    rule         TEXT NOT NULL,
    tenths       INTEGER NOT NULL,
    cap          INTEGER CHECK (cap > 0),
    PRIMARY KEY (rule_set_id, rule)
) WITHOUT ROWID;

CREATE TABLE point_adjustment (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    tenths     INTEGER NOT NULL CHECK (tenths <> 0),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    UNIQUE (member_id, date, tenths, reason)
);

CREATE TABLE pioneer_kind (
    id         INTEGER PRIMARY KEY,
    branch_id  INTEGER NOT NULL REFERENCES branch(id),
    name       TEXT NOT NULL,
    UNIQUE (branch_id, name)
);

CREATE TABLE pioneer_post (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    kind_id    INTEGER NOT NULL REFERENCES pioneer_kind(id),
    year       INTEGER NOT NULL,
    pledge     TEXT,
    rating     TEXT CHECK (rating IN ('excellent', 'qualified', 'unqualified')),
    rated_on   TEXT,
    UNIQUE (member_id, kind_id, year),
    CHECK ((rating IS NULL) = (rated_on IS NULL))
);

CREATE TABLE pioneer_deed (
    id           INTEGER PRIMARY KEY,
    post_id      INTEGER NOT NULL REFERENCES pioneer_post(id) ON DELETE CASCADE,
    date         TEXT NOT NULL,
    description  TEXT NOT NULL CHECK (length(trim(description)) > 0)
);

-- The default rule table of domain.md, in force from the beginning.
INSERT INTO point_rule_set (id, effective_from, note) VALUES (1, '1900-01-01', '默认积分规则');
INSERT INTO point_rule (rule_set_id, rule, tenths, cap) VALUES
    (1, 'attend', 20, NULL),
    (1, 'leave', 0, NULL),
    (1, 'absent', -30, NULL),
    (1, 'lecture_speaker', 50, NULL),
    (1, 'salon_speaker', 30, NULL),
    (1, 'study_on_time', 10, NULL),
    (1, 'study_late', 5, NULL),
    (1, 'discussion', 5, 5),
    (1, 'reflection', 20, 2),
    (1, 'quiz', 10, NULL),
    (1, 'pioneer_excellent', 100, 1),
    (1, 'pioneer_qualified', 50, 1);

-- Default 先锋示范岗 kinds for the branches already in the ledger (new branches get them on creation).
INSERT INTO pioneer_kind (branch_id, name) SELECT id, '教学先锋' FROM branch;
INSERT INTO pioneer_kind (branch_id, name) SELECT id, '科研先锋' FROM branch;
INSERT INTO pioneer_kind (branch_id, name) SELECT id, '技能先锋' FROM branch;
