-- 006: 谈心谈话 and 表彰 as records of their own (domain.md).

-- A 谈心谈话: who talked (a member, or someone named, e.g. from the 党委), with whom, on what.
CREATE TABLE heart_talk (
    id          INTEGER PRIMARY KEY,
    branch_id   INTEGER NOT NULL REFERENCES branch(id),
    date        TEXT NOT NULL,
    talker      TEXT NOT NULL CHECK (length(trim(talker)) > 0),
    talker_id   INTEGER REFERENCES member(id),
    topic       TEXT,
    follow_up   TEXT
);
CREATE INDEX heart_talk_branch ON heart_talk(branch_id, date);

CREATE TABLE heart_talk_party (
    talk_id    INTEGER NOT NULL REFERENCES heart_talk(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    PRIMARY KEY (talk_id, member_id)
) WITHOUT ROWID;
CREATE INDEX heart_talk_party_member ON heart_talk_party(member_id);

-- A 表彰 of a member at a level (校级/市级/省级/国家级), scored by the rule table.
CREATE TABLE award (
    id         INTEGER PRIMARY KEY,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    date       TEXT NOT NULL,
    level      TEXT NOT NULL,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0)
);
CREATE INDEX award_member ON award(member_id, date);

-- The 表彰 rules of domain.md join every rule set already in the ledger (points in tenths).
INSERT INTO point_rule (rule_set_id, rule, tenths, cap) SELECT id, 'award_school', 50, NULL FROM point_rule_set;
INSERT INTO point_rule (rule_set_id, rule, tenths, cap) SELECT id, 'award_city', 80, NULL FROM point_rule_set;
INSERT INTO point_rule (rule_set_id, rule, tenths, cap) SELECT id, 'award_province', 100, NULL FROM point_rule_set;
INSERT INTO point_rule (rule_set_id, rule, tenths, cap) SELECT id, 'award_national', 150, NULL FROM point_rule_set;
