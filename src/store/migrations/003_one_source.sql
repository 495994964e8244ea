-- 003: every code list has one source, the core's label tables (kernel::labels): the CHECK (x IN …)
-- lists of 001/002 go, which means rebuilding the tables that carry them (foreign keys are off while a
-- migration runs, and PRAGMA foreign_key_check runs before it commits). The roll rule gets its views.

CREATE TABLE member_new (
    id            INTEGER PRIMARY KEY,
    branch_id     INTEGER NOT NULL REFERENCES branch(id),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    gender        TEXT,
    ethnicity     TEXT,
    birth_date    TEXT,
    education     TEXT,
    category      TEXT NOT NULL DEFAULT 'staff',
    membership    TEXT NOT NULL,
    joined_on     TEXT NOT NULL,
    confirmed_on  TEXT,
    group_id      INTEGER REFERENCES party_group(id),
    position      TEXT,
    phone         TEXT,
    id_number     TEXT UNIQUE,
    status        TEXT NOT NULL DEFAULT 'active',
    left_on       TEXT,
    left_to       TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((status = 'active') = (left_on IS NULL))
);
INSERT INTO member_new SELECT * FROM member;
DROP TABLE member;
ALTER TABLE member_new RENAME TO member;
CREATE INDEX member_branch ON member(branch_id, name);
CREATE INDEX member_group ON member(group_id);

CREATE TABLE activity_new (
    id             INTEGER PRIMARY KEY,
    branch_id      INTEGER NOT NULL REFERENCES branch(id),
    date           TEXT NOT NULL,
    start_time     TEXT,
    end_time       TEXT,
    location       TEXT,
    form           TEXT NOT NULL DEFAULT 'offline',
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    host_id        INTEGER REFERENCES member(id),
    recorder_id    INTEGER REFERENCES member(id),
    speaker_id     INTEGER REFERENCES member(id),
    group_id       INTEGER REFERENCES party_group(id),
    hours          REAL NOT NULL DEFAULT 0 CHECK (hours >= 0),
    agenda         TEXT,
    summary        TEXT,
    resolution     TEXT,
    votes_yes      INTEGER CHECK (votes_yes >= 0),
    votes_no       INTEGER CHECK (votes_no >= 0),
    votes_abstain  INTEGER CHECK (votes_abstain >= 0),
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO activity_new SELECT * FROM activity;
DROP TABLE activity;
ALTER TABLE activity_new RENAME TO activity;
CREATE INDEX activity_branch_date ON activity(branch_id, date);

CREATE TABLE attendance_new (
    activity_id  INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES member(id),
    status       TEXT NOT NULL,
    reason       TEXT,
    PRIMARY KEY (activity_id, member_id)
) WITHOUT ROWID;
INSERT INTO attendance_new SELECT * FROM attendance;
DROP TABLE attendance;
ALTER TABLE attendance_new RENAME TO attendance;
CREATE INDEX attendance_member ON attendance(member_id);

CREATE TABLE study_record_new (
    task_id       INTEGER NOT NULL REFERENCES study_task(id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES member(id),
    completed_on  TEXT NOT NULL,
    source        TEXT NOT NULL DEFAULT 'offline',
    PRIMARY KEY (task_id, member_id)
) WITHOUT ROWID;
INSERT INTO study_record_new SELECT * FROM study_record;
DROP TABLE study_record;
ALTER TABLE study_record_new RENAME TO study_record;
CREATE INDEX study_record_member ON study_record(member_id);

CREATE TABLE discussion_new (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    topic      TEXT NOT NULL,
    UNIQUE (member_id, date, kind, topic)
);
INSERT INTO discussion_new SELECT * FROM discussion;
DROP TABLE discussion;
ALTER TABLE discussion_new RENAME TO discussion;

CREATE TABLE pioneer_post_new (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    kind_id    INTEGER NOT NULL REFERENCES pioneer_kind(id),
    year       INTEGER NOT NULL,
    pledge     TEXT,
    rating     TEXT,
    rated_on   TEXT,
    UNIQUE (member_id, kind_id, year),
    CHECK ((rating IS NULL) = (rated_on IS NULL))
);
INSERT INTO pioneer_post_new SELECT * FROM pioneer_post;
DROP TABLE pioneer_post;
ALTER TABLE pioneer_post_new RENAME TO pioneer_post;

-- The roll rule's sources (domain::roll asks only these). A member's periods on a branch's roll,
-- [start_on, end_on): today one period from 入党日期 to the leaving date.
CREATE VIEW roll_period AS
    SELECT id AS member_id, branch_id, joined_on AS start_on, left_on AS end_on FROM member;
-- A member's 党小组 from a date on: today the group of the record, for the whole membership.
CREATE VIEW group_period AS
    SELECT id AS member_id, group_id, joined_on AS start_on, NULL AS end_on FROM member WHERE group_id IS NOT NULL;
