-- 004: a member's history with dates, kept and never overwritten (domain.md, corrected): the periods on
-- a branch's roll and the 党小组 assignments. The roll's views now read them; the member row keeps the
-- current state only (status, left_on, left_to, group_id), written together with the history.

CREATE TABLE membership_period (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES member(id),
    branch_id   INTEGER NOT NULL REFERENCES branch(id),
    start_on    TEXT NOT NULL,
    -- How the period began: joined (入党, 列为预备党员) or transferred_in (转入), with where from.
    arrival     TEXT NOT NULL DEFAULT 'joined',
    came_from   TEXT,
    -- Exclusive: on end_on the member is no longer on the roll. departure is a member status code.
    end_on      TEXT,
    departure   TEXT,
    went_to     TEXT,
    CHECK (end_on IS NULL OR end_on > start_on),
    CHECK ((end_on IS NULL) = (departure IS NULL))
);
CREATE INDEX membership_period_member ON membership_period(member_id, start_on);
INSERT INTO membership_period (member_id, branch_id, start_on, end_on, departure, went_to)
    SELECT id, branch_id, joined_on, left_on, CASE WHEN status = 'active' THEN NULL ELSE status END, left_to
    FROM member;

-- From start_on until end_on (exclusive; NULL = still) the member belongs to group_id (NULL = to none).
CREATE TABLE group_assignment (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    group_id   INTEGER REFERENCES party_group(id),
    start_on   TEXT NOT NULL,
    end_on     TEXT,
    UNIQUE (member_id, start_on),
    CHECK (end_on IS NULL OR end_on > start_on)
);
CREATE INDEX group_assignment_group ON group_assignment(group_id, start_on);
INSERT INTO group_assignment (member_id, group_id, start_on)
    SELECT id, group_id, joined_on FROM member WHERE group_id IS NOT NULL;

DROP VIEW roll_period;
CREATE VIEW roll_period AS
    SELECT member_id, branch_id, start_on, end_on FROM membership_period;
DROP VIEW group_period;
CREATE VIEW group_period AS
    SELECT member_id, group_id, start_on, end_on FROM group_assignment WHERE group_id IS NOT NULL;
