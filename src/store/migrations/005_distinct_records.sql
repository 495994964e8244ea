-- 005: records that look alike stay apart. Three replies by one member on one day and topic, two 心得
-- with one title on different dates, two equal adjustments: each is its own record. An import still
-- adds nothing on a second run: the k-th identical row of a file matches the k-th stored record.
-- And people who sit in on a meeting without being members (列席) are kept as names.

CREATE TABLE discussion_new (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    topic      TEXT NOT NULL
);
INSERT INTO discussion_new SELECT id, member_id, date, kind, topic FROM discussion;
DROP TABLE discussion;
ALTER TABLE discussion_new RENAME TO discussion;
CREATE INDEX discussion_member ON discussion(member_id, date);

CREATE TABLE reflection_new (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    title      TEXT NOT NULL,
    words      INTEGER CHECK (words >= 0)
);
INSERT INTO reflection_new SELECT id, member_id, date, title, words FROM reflection;
DROP TABLE reflection;
ALTER TABLE reflection_new RENAME TO reflection;
CREATE INDEX reflection_member ON reflection(member_id, date);

CREATE TABLE point_adjustment_new (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    tenths     INTEGER NOT NULL CHECK (tenths <> 0),
    reason     TEXT NOT NULL CHECK (length(trim(reason)) > 0)
);
INSERT INTO point_adjustment_new SELECT id, member_id, date, tenths, reason FROM point_adjustment;
DROP TABLE point_adjustment;
ALTER TABLE point_adjustment_new RENAME TO point_adjustment;
CREATE INDEX point_adjustment_member ON point_adjustment(member_id, date);

-- 列席 who are not members of the branch: names as the record gives them, joined by 、.
ALTER TABLE activity ADD COLUMN guests TEXT;

-- 延长预备期: once, by 6 to 12 months (domain.md), decided on a date.
CREATE TABLE probation_extension (
    member_id   INTEGER PRIMARY KEY REFERENCES member(id),
    decided_on  TEXT NOT NULL,
    until       TEXT NOT NULL
);
