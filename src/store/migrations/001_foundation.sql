-- Foundation schema. Dates are ISO text (YYYY-MM-DD); codes are stable English text, labelled in the core.
-- Nothing that records history is ever deleted by the application: members leave by status + date.

CREATE TABLE branch (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    parent_org  TEXT,
    founded_on  TEXT,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE party_group (
    id          INTEGER PRIMARY KEY,
    branch_id   INTEGER NOT NULL REFERENCES branch(id),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    leader_id   INTEGER REFERENCES member(id),
    UNIQUE (branch_id, name)
);

CREATE TABLE member (
    id            INTEGER PRIMARY KEY,
    branch_id     INTEGER NOT NULL REFERENCES branch(id),
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    gender        TEXT CHECK (gender IN ('male', 'female')),
    ethnicity     TEXT,
    birth_date    TEXT,
    education     TEXT,
    category      TEXT NOT NULL DEFAULT 'staff' CHECK (category IN ('staff', 'student', 'retired', 'other')),
    membership    TEXT NOT NULL CHECK (membership IN ('full', 'probationary')),
    joined_on     TEXT NOT NULL,
    confirmed_on  TEXT,
    group_id      INTEGER REFERENCES party_group(id),
    position      TEXT,
    phone         TEXT,
    id_number     TEXT UNIQUE,
    status        TEXT NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'transferred', 'suspended', 'expelled', 'deceased')),
    left_on       TEXT,
    left_to       TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK ((status = 'active') = (left_on IS NULL))
);
CREATE INDEX member_branch ON member(branch_id, name);

-- Every change of a member's status, so the roll on any past date can be explained.
CREATE TABLE member_status_event (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES member(id),
    status        TEXT NOT NULL,
    effective_on  TEXT NOT NULL,
    note          TEXT,
    recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE committee_role (
    id          INTEGER PRIMARY KEY,
    branch_id   INTEGER NOT NULL REFERENCES branch(id),
    member_id   INTEGER NOT NULL REFERENCES member(id),
    role        TEXT NOT NULL,
    term_start  TEXT NOT NULL,
    term_end    TEXT,
    CHECK (term_end IS NULL OR term_end >= term_start)
);

CREATE TABLE activity (
    id             INTEGER PRIMARY KEY,
    branch_id      INTEGER NOT NULL REFERENCES branch(id),
    date           TEXT NOT NULL,
    start_time     TEXT,
    end_time       TEXT,
    location       TEXT,
    form           TEXT NOT NULL DEFAULT 'offline' CHECK (form IN ('offline', 'online', 'hybrid')),
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
CREATE INDEX activity_branch_date ON activity(branch_id, date);

CREATE TABLE activity_kind (
    activity_id  INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    PRIMARY KEY (activity_id, kind)
) WITHOUT ROWID;

CREATE TABLE attendance (
    activity_id  INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES member(id),
    status       TEXT NOT NULL CHECK (status IN ('present', 'leave', 'absent', 'observer')),
    reason       TEXT,
    PRIMARY KEY (activity_id, member_id)
) WITHOUT ROWID;
CREATE INDEX attendance_member ON attendance(member_id);

-- Files are copied into the ledger's attachment folder; stored_name is relative to it.
CREATE TABLE attachment (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activity(id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    stored_name  TEXT NOT NULL UNIQUE,
    size         INTEGER NOT NULL,
    added_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- Ledger-wide settings (configurable rules), key → JSON value.
CREATE TABLE setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
