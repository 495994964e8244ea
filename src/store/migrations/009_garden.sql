-- 009: the 数字党建园地 offline. Resources (a file copied into the ledger's folder, or a link) in a
-- month's module or an extension module; announcements and polls; the 资讯轮值 rota and the news
-- collected on it; the full text of a 心得 or a post when given, and the text inside attached files.
-- One search index over all of it, kept by triggers so it can never disagree with the records.

CREATE TABLE garden_module (
    id        INTEGER PRIMARY KEY,
    name      TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    position  INTEGER NOT NULL
);
INSERT INTO garden_module (name, position) VALUES
    ('党建基础知识', 1), ('先锋模范', 2), ('科技发展', 3), ('动态追踪', 4);

CREATE TABLE announcement (
    id         INTEGER PRIMARY KEY,
    branch_id  INTEGER NOT NULL REFERENCES branch(id),
    date       TEXT NOT NULL,
    title      TEXT NOT NULL CHECK (length(trim(title)) > 0),
    body       TEXT
);
CREATE INDEX announcement_branch_date ON announcement(branch_id, date);

-- A resource sits in the base module of its date's month, or in an extension module.
CREATE TABLE resource (
    id               INTEGER PRIMARY KEY,
    branch_id        INTEGER NOT NULL REFERENCES branch(id),
    title            TEXT NOT NULL CHECK (length(trim(title)) > 0),
    kind             TEXT NOT NULL,
    module_id        INTEGER REFERENCES garden_module(id),
    date             TEXT NOT NULL,
    source           TEXT,
    summary          TEXT,
    tags             TEXT,
    link             TEXT,
    file_name        TEXT,
    stored_name      TEXT UNIQUE,
    size             INTEGER,
    body             TEXT,
    activity_id      INTEGER REFERENCES activity(id) ON DELETE SET NULL,
    task_id          INTEGER REFERENCES study_task(id) ON DELETE SET NULL,
    announcement_id  INTEGER REFERENCES announcement(id) ON DELETE CASCADE,
    added_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    CHECK (link IS NOT NULL OR stored_name IS NOT NULL)
);
CREATE INDEX resource_branch_date ON resource(branch_id, date);
CREATE INDEX resource_activity ON resource(activity_id);
CREATE INDEX resource_task ON resource(task_id);

CREATE TABLE poll (
    id         INTEGER PRIMARY KEY,
    branch_id  INTEGER NOT NULL REFERENCES branch(id),
    question   TEXT NOT NULL CHECK (length(trim(question)) > 0),
    multiple   INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1)),
    opens_on   TEXT NOT NULL,
    closes_on  TEXT,
    CHECK (closes_on IS NULL OR closes_on >= opens_on)
);
CREATE TABLE poll_option (
    id        INTEGER PRIMARY KEY,
    poll_id   INTEGER NOT NULL REFERENCES poll(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    label     TEXT NOT NULL CHECK (length(trim(label)) > 0),
    -- Totals counted on paper or on the platform, when votes per member are not recorded.
    counted   INTEGER CHECK (counted >= 0),
    UNIQUE (poll_id, label)
);
CREATE TABLE poll_vote (
    option_id  INTEGER NOT NULL REFERENCES poll_option(id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES member(id),
    PRIMARY KEY (option_id, member_id)
) WITHOUT ROWID;

-- 资讯轮值: whose turn it is to collect the news of a period, and what they collected.
CREATE TABLE news_rota (
    id         INTEGER PRIMARY KEY,
    branch_id  INTEGER NOT NULL REFERENCES branch(id),
    member_id  INTEGER NOT NULL REFERENCES member(id),
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    topic      TEXT NOT NULL,
    UNIQUE (branch_id, starts_on),
    CHECK (ends_on >= starts_on)
);
CREATE TABLE news_item (
    id       INTEGER PRIMARY KEY,
    rota_id  INTEGER NOT NULL REFERENCES news_rota(id) ON DELETE CASCADE,
    date     TEXT NOT NULL,
    title    TEXT NOT NULL CHECK (length(trim(title)) > 0),
    link     TEXT,
    note     TEXT,
    UNIQUE (rota_id, title)
);

ALTER TABLE reflection ADD COLUMN body TEXT;
ALTER TABLE discussion ADD COLUMN body TEXT;
ALTER TABLE attachment ADD COLUMN body TEXT;

INSERT INTO point_rule (rule_set_id, rule, tenths, cap) SELECT id, 'news_item', 10, NULL FROM point_rule_set;

-- The search index. `search_doc` holds each record's words as written (for showing a snippet);
-- `search_index` (FTS5, contentless) indexes them as `zhibu_grams` reads them — Chinese as
-- overlapping character pairs, so a word of any length, two characters included, is a phrase of
-- index tokens — with the branch as a token of its own (scope `b<id>`) to filter without a join.
-- A record's row id is its id × 16 + its kind's number, so a trigger finds its row by id.
CREATE TABLE search_doc (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    day        TEXT NOT NULL,
    branch_id  INTEGER NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT
);
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, scope, content = '', contentless_delete = 1
);
CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
    INSERT INTO search_index (rowid, title, body, scope)
    VALUES (new.id, zhibu_grams(new.title), zhibu_grams(new.body), 'b' || new.branch_id);
END;
CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
    DELETE FROM search_index WHERE rowid = old.id;
END;

CREATE TRIGGER search_activity_ai AFTER INSERT ON activity BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id) VALUES (
        new.id * 16 + 1, new.title,
        concat_ws(char(10), new.location, new.agenda, new.summary, new.resolution),
        'activity', new.id, new.date, new.branch_id);
END;
CREATE TRIGGER search_activity_ad AFTER DELETE ON activity BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 1;
END;
CREATE TRIGGER search_activity_au AFTER UPDATE ON activity BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 1;
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id) VALUES (
        new.id * 16 + 1, new.title,
        concat_ws(char(10), new.location, new.agenda, new.summary, new.resolution),
        'activity', new.id, new.date, new.branch_id);
END;

CREATE TRIGGER search_task_ai AFTER INSERT ON study_task BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 2, new.name, new.category, 'task', new.id, new.published_on, new.branch_id);
END;
CREATE TRIGGER search_task_ad AFTER DELETE ON study_task BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 2;
END;
CREATE TRIGGER search_task_au AFTER UPDATE ON study_task BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 2;
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 2, new.name, new.category, 'task', new.id, new.published_on, new.branch_id);
END;

CREATE TRIGGER search_reflection_ai AFTER INSERT ON reflection BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 3, new.title, new.body, 'reflection', new.id, new.date,
            (SELECT branch_id FROM member WHERE id = new.member_id));
END;
CREATE TRIGGER search_reflection_ad AFTER DELETE ON reflection BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 3;
END;
CREATE TRIGGER search_reflection_au AFTER UPDATE ON reflection BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 3;
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 3, new.title, new.body, 'reflection', new.id, new.date,
            (SELECT branch_id FROM member WHERE id = new.member_id));
END;

CREATE TRIGGER search_discussion_ai AFTER INSERT ON discussion BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 4, new.topic, new.body, 'discussion', new.id, new.date,
            (SELECT branch_id FROM member WHERE id = new.member_id));
END;
CREATE TRIGGER search_discussion_ad AFTER DELETE ON discussion BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 4;
END;
CREATE TRIGGER search_discussion_au AFTER UPDATE ON discussion BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 4;
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 4, new.topic, new.body, 'discussion', new.id, new.date,
            (SELECT branch_id FROM member WHERE id = new.member_id));
END;

CREATE TRIGGER search_resource_ai AFTER INSERT ON resource BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id) VALUES (
        new.id * 16 + 5, new.title, concat_ws(char(10), new.summary, new.tags, new.source, new.file_name, new.body),
        'resource', new.id, new.date, new.branch_id);
END;
CREATE TRIGGER search_resource_ad AFTER DELETE ON resource BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 5;
END;
CREATE TRIGGER search_resource_au AFTER UPDATE ON resource BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 5;
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id) VALUES (
        new.id * 16 + 5, new.title, concat_ws(char(10), new.summary, new.tags, new.source, new.file_name, new.body),
        'resource', new.id, new.date, new.branch_id);
END;

-- An activity's attachment is found by its file name and its text, dated by its activity.
CREATE TRIGGER search_attachment_ai AFTER INSERT ON attachment BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    SELECT new.id * 16 + 6, new.file_name, new.body, 'attachment', new.id, a.date, a.branch_id
    FROM activity a WHERE a.id = new.activity_id;
END;
CREATE TRIGGER search_attachment_ad AFTER DELETE ON attachment BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 6;
END;

CREATE TRIGGER search_announcement_ai AFTER INSERT ON announcement BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 7, new.title, new.body, 'announcement', new.id, new.date, new.branch_id);
END;
CREATE TRIGGER search_announcement_ad AFTER DELETE ON announcement BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 7;
END;
CREATE TRIGGER search_announcement_au AFTER UPDATE ON announcement BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 7;
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 7, new.title, new.body, 'announcement', new.id, new.date, new.branch_id);
END;

CREATE TRIGGER search_poll_ai AFTER INSERT ON poll BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    VALUES (new.id * 16 + 8, new.question, NULL, 'poll', new.id, new.opens_on, new.branch_id);
END;
CREATE TRIGGER search_poll_ad AFTER DELETE ON poll BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 8;
END;

CREATE TRIGGER search_news_ai AFTER INSERT ON news_item BEGIN
    INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
    SELECT new.id * 16 + 9, new.title, concat_ws(char(10), r.topic, new.note, new.link), 'news', new.id, new.date,
           r.branch_id
    FROM news_rota r WHERE r.id = new.rota_id;
END;
CREATE TRIGGER search_news_ad AFTER DELETE ON news_item BEGIN
    DELETE FROM search_doc WHERE id = old.id * 16 + 9;
END;

-- What the ledger already holds.
INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
SELECT id * 16 + 1, title, concat_ws(char(10), location, agenda, summary, resolution), 'activity', id, date, branch_id
FROM activity;
INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
SELECT id * 16 + 2, name, category, 'task', id, published_on, branch_id FROM study_task;
INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
SELECT r.id * 16 + 3, r.title, NULL, 'reflection', r.id, r.date, m.branch_id FROM reflection r JOIN member m ON m.id = r.member_id;
INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
SELECT d.id * 16 + 4, d.topic, NULL, 'discussion', d.id, d.date, m.branch_id FROM discussion d JOIN member m ON m.id = d.member_id;
INSERT INTO search_doc (id, title, body, kind, ref_id, day, branch_id)
SELECT t.id * 16 + 6, t.file_name, NULL, 'attachment', t.id, a.date, a.branch_id FROM attachment t JOIN activity a ON a.id = t.activity_id;
