"""Reading a Zhibu ledger with nothing but sqlite3: the roll on a date, 应到/实到 of an activity, study
completion, 积分 by the rule table in force on each event's date, the compliance calendar and the
branch index — the rules of the domain (domain.md) as a technically minded secretary would code them
against the schema (src/store/migrations/*.sql). Shared by college_book.py and charts.py."""

import bisect
import math
import os
import resource
import sqlite3
import sys
from collections import defaultdict
from datetime import date

KINDS = {
    "general_meeting": "党员大会",
    "committee_meeting": "支委会",
    "group_meeting": "党小组会",
    "party_lecture": "党课",
    "theme_day": "主题党日",
    "life_meeting": "组织生活会",
    "appraisal": "民主评议党员",
    "heart_talk": "谈心谈话",
    "micro_lecture": "微党课",
    "salon": "主题沙龙",
    "seminar": "专题讨论",
    "theory_study": "理论学习",
    "volunteer": "志愿服务",
    "other": "其他",
}
KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
ATTENDANCE = {"present": "出席", "leave": "请假", "absent": "缺席", "observer": "列席"}
STATUS = {"active": "在册", "transferred": "转出", "suspended": "停止党籍", "expelled": "出党", "deceased": "去世"}
MEMBERSHIP = {"full": "正式党员", "probationary": "预备党员"}
CATEGORY = {"staff": "在职教职工", "student": "学生", "retired": "离退休", "other": "其他"}
GENDER = {"male": "男", "female": "女"}
FORM = {"offline": "线下", "online": "线上", "hybrid": "线上线下结合"}
SOURCE = {"offline": "线下", "xuexitong": "学习通", "xuexiqiangguo": "学习强国", "other": "其他"}
RULES = [
    "attend", "leave", "absent", "lecture_speaker", "salon_speaker", "study_on_time", "study_late",
    "discussion", "reflection", "quiz", "pioneer_excellent", "pioneer_qualified", "award_school",
    "award_city", "award_province", "award_national", "news_item",
]
RULE_ORDER = {r: i for i, r in enumerate(RULES)}
YEARLY_HOURS = 32.0


class Failure(Exception):
    """A problem to tell the user in words (exit 1)."""


def open_ledger(path):
    """The ledger, read-only: a missing file is an error, never a new empty database."""
    if not os.path.isfile(path):
        raise Failure(f"找不到台账文件：{path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.execute("SELECT count(*) FROM member").fetchone()
        conn.execute("SELECT count(*) FROM roll_period").fetchone()
    except sqlite3.DatabaseError as e:
        raise Failure(f"无法读取台账 {path}（不是未加密的支部台账，或版本过旧）：{e}") from None
    return conn


def parse_year(text):
    try:
        year = int(text)
    except ValueError:
        raise Failure(f"年份应为四位数字，收到“{text}”") from None
    if not 1900 <= year <= 9999:
        raise Failure(f"年份超出范围：{year}")
    return year


def peak_rss_mb():
    """The process's peak resident memory (MB). On Linux VmHWM, the high-water mark of this program's
    own memory: ru_maxrss also holds the memory of whatever spawned it (the kernel keeps the
    parent's high-water mark across exec), so a peer started by a 200 MB bench would report 200 MB.
    Elsewhere ru_maxrss (KiB on Linux, bytes on macOS)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024.0, 1)
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024.0 * 1024.0 if sys.platform == "darwin" else 1024.0), 1)


def round_half_away(x):
    """Rust's f64::round: halves away from zero (Python's round() goes to even)."""
    f = math.floor(abs(x))
    r = f + 1 if abs(x) - f >= 0.5 else f
    return r if x >= 0 else -r


def run(main):
    """Runs a peer's main(argv) → stats dict; prints its one line of JSON, or the error and exit 1."""
    import json

    try:
        stats = main(sys.argv[1:])
    except Failure as e:
        print(f"错误：{e}", file=sys.stderr)
        sys.exit(1)
    except (sqlite3.Error, OSError) as e:
        print(f"错误：{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    except Exception as e:  # anything else still ends in words, never a bare traceback
        print(f"错误（内部）：{type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(stats, ensure_ascii=False))


def year_bounds(year):
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def month_bounds(year, month):
    last = [31, 29 if (year % 4 == 0 and year % 100 != 0) or year % 400 == 0 else 28, 31, 30, 31, 30,
            31, 31, 30, 31, 30, 31][month - 1]
    return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-{last:02d}"


class Roll:
    """Who is on which roll on a date. Periods are [start, end): a member who leaves on D is not on
    the roll on D. Dates are ISO text, which compares as dates do."""

    def __init__(self, conn):
        self.periods = defaultdict(list)  # member → [(branch, start, end)]
        for m, b, s, e in conn.execute("SELECT member_id, branch_id, start_on, end_on FROM roll_period"):
            self.periods[m].append((b, s, e))
        self.member_branch = {}
        self.branch_members = defaultdict(list)  # current branch → member ids, by id
        self.names = {}
        self.full_from = {}  # member → the day he has a vote from ("" = always, None = never yet)
        for m, b, name, membership, confirmed in conn.execute(
            "SELECT id, branch_id, name, membership, confirmed_on FROM member ORDER BY id"
        ):
            self.member_branch[m] = b
            self.branch_members[b].append(m)
            self.names[m] = name
            self.full_from[m] = confirmed if confirmed else ("" if membership == "full" else None)
        self.group_periods = defaultdict(list)  # group → [(member, start, end)]
        self.member_groups = defaultdict(list)  # member → [(start, end, group)]
        for m, g, s, e in conn.execute("SELECT member_id, group_id, start_on, end_on FROM group_period"):
            self.group_periods[g].append((m, s, e))
            self.member_groups[m].append((s, e, g))
        self.group_names = {}
        self.branch_groups = defaultdict(list)  # branch → its groups, by id
        for g, b, name in conn.execute("SELECT id, branch_id, name FROM party_group ORDER BY id"):
            self.group_names[g] = name
            self.branch_groups[b].append(g)
        self.committee = defaultdict(list)  # branch → [(member, start, end inclusive, role)]
        for b, m, s, e, role in conn.execute(
            "SELECT branch_id, member_id, term_start, term_end, role FROM committee_role"
        ):
            self.committee[b].append((m, s, e, role))
        self._branch_cache = {}

    def on_roll(self, m, b, d):
        for pb, s, e in self.periods.get(m, ()):
            if pb == b and s <= d and (e is None or e > d):
                return True
        return False

    def on_roll_during(self, m, b, start, end):
        for pb, s, e in self.periods.get(m, ()):
            if pb == b and s <= end and (e is None or e > start):
                return True
        return False

    def branch_on(self, b, d):
        """Members of the branch on its roll on d (a tuple, cached by branch and day)."""
        key = (b, d)
        got = self._branch_cache.get(key)
        if got is None:
            got = tuple(m for m in self.branch_members.get(b, ()) if self.on_roll(m, b, d))
            self._branch_cache[key] = got
        return got

    def group_on(self, g, b, d):
        return [m for m, s, e in self.group_periods.get(g, ()) if s <= d and (e is None or e > d)
                and self.on_roll(m, b, d)]

    def committee_on(self, b, d):
        seen = set()
        for m, s, e, _ in self.committee.get(b, ()):
            if s <= d and (e is None or e >= d) and m not in seen and self.on_roll(m, b, d):
                seen.add(m)
        return seen

    def expected(self, b, d, kinds, group_id, what):
        """应到 of an activity: a 党小组会 its group, a 支委会 (not also a 党员大会) the committee,
        anything else the branch — each on the activity's date."""
        if "group_meeting" in kinds:
            if group_id is None:
                raise Failure(f"{what}：党小组会未指定党小组，无法计算应到")
            return self.group_on(group_id, b, d)
        if "committee_meeting" in kinds and "general_meeting" not in kinds:
            return self.committee_on(b, d)
        return self.branch_on(b, d)

    def voting(self, m, d):
        """A 正式党员 on d: 转正 by then, or recorded 正式 with no 转正日期."""
        since = self.full_from.get(m)
        return since is not None and since <= d

    def group_on_day(self, m, d):
        for s, e, g in self.member_groups.get(m, ()):
            if s <= d and (e is None or e > d):
                return g
        return None

    def in_roll_order(self, members, d):
        """Members as a roll lists them: by their group that day (none last), then by record."""
        keyed = [(g is None, g or 0, m) for m, g in ((m, self.group_on_day(m, d)) for m in members)]
        return [m for _, _, m in sorted(keyed)]

    def group_by(self, m, d):
        """The member's latest group assignment starting by d (None when none)."""
        best = None
        for s, _, g in self.member_groups.get(m, ()):
            if s <= d and (best is None or s > best[0]):
                best = (s, g)
        return best[1] if best else None

    def during(self, b, start, end):
        """Members of the branch on its roll some day of start..end, by record, each with the group
        they were last in by the end."""
        return [(m, self.group_by(m, end)) for m in self.branch_members.get(b, ())
                if self.on_roll_during(m, b, start, end)]

    def count_on(self, b, d):
        return len(self.branch_on(b, d))


def branches(conn):
    """(id, name, parent_org) by 党总支 (none last), then as created."""
    return conn.execute(
        "SELECT id, name, parent_org FROM branch ORDER BY parent_org IS NULL, parent_org, id").fetchall()


def kinds_of(text):
    return sorted(set((text or "").split(",")) - {""}, key=lambda k: KIND_ORDER.get(k, 99))


def activities(conn, b, year):
    """The branch's activities of the year, oldest first: (id, date, title, form, group_id, hours,
    kinds, speaker, election)."""
    start, end = year_bounds(year)
    rows = conn.execute(
        """SELECT a.id, a.date, a.title, a.form, a.group_id, a.hours,
                  (SELECT group_concat(kind) FROM activity_kind k WHERE k.activity_id = a.id),
                  coalesce(a.speaker_id, a.host_id), a.election
           FROM activity a WHERE a.branch_id = ? AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id""",
        (b, start, end),
    ).fetchall()
    return [(i, d, t, f, g, h, kinds_of(k), sp, el) for i, d, t, f, g, h, k, sp, el in rows]


def marks_by_activity(conn, b, year, with_names=False):
    """Each activity's marks in activity order (date, id): yields (activity id, [(member, status,
    reason[, name])]), one cursor streamed, never the year's marks at once."""
    start, end = year_bounds(year)
    name = ", m.name" if with_names else ""
    join = " JOIN member m ON m.id = t.member_id" if with_names else ""
    cur = conn.execute(
        f"""SELECT t.activity_id, t.member_id, t.status, t.reason{name}
            FROM activity a JOIN attendance t ON t.activity_id = a.id{join}
            WHERE a.branch_id = ? AND a.date BETWEEN ? AND ? ORDER BY a.date, a.id, t.member_id""",
        (b, start, end),
    )
    current, marks = None, []
    for row in cur:
        if row[0] != current:
            if current is not None:
                yield current, marks
            current, marks = row[0], []
        marks.append(row[1:])
    if current is not None:
        yield current, marks


def tally(roll_members, marks):
    """(应到, 实到, 请假, 缺席): marks of members on the roll count; anyone unmarked was absent."""
    status = {m[0]: m[1] for m in marks}
    present = leave = 0
    for m in roll_members:
        s = status.get(m)
        if s == "present":
            present += 1
        elif s == "leave":
            leave += 1
    expected = len(roll_members)
    return expected, present, leave, expected - present - leave


def activity_tallies(conn, roll, b, year, on_marks=None, names=False):
    """[(activity row, (应到, 实到, 请假, 缺席))] of the branch's year; on_marks(activity, marks) hears
    each activity's marks (for points or a register, with the members' names when asked) as they
    stream by."""
    out = []
    acts = activities(conn, b, year)
    stream = marks_by_activity(conn, b, year, with_names=names)
    pending = next(stream, None)
    for a in acts:
        marks = []
        if pending is not None and pending[0] == a[0]:
            marks = pending[1]
            pending = next(stream, None)
        expected = roll.expected(b, a[1], a[6], a[4], f"{a[1]} {a[2]}")
        out.append((a, tally(expected, marks)))
        if on_marks is not None:
            on_marks(a, marks)
    return out


class TaskCompletion:
    """Each study task of the year: required (its listed members, else the branch's roll on its
    publish date) and how many of them completed it."""

    def __init__(self, conn, roll, year):
        start, end = year_bounds(year)
        self.tasks = conn.execute(
            "SELECT id, branch_id, name, published_on, due_on, hours, audience FROM study_task"
            " WHERE published_on BETWEEN ? AND ? ORDER BY published_on, id",
            (start, end),
        ).fetchall()
        listed = defaultdict(set)
        for t, m in conn.execute("SELECT task_id, member_id FROM study_task_member"):
            listed[t].add(m)
        self.required = {}
        for t, b, _, published, _, _, audience in self.tasks:
            self.required[t] = listed[t] if audience != "roll" else set(roll.branch_on(b, published))
        self.completed = defaultdict(int)

    def record(self, task, member):
        if member in self.required.get(task, ()):
            self.completed[task] += 1

    def count_all(self, conn):
        if not self.tasks:
            return
        lo, hi = self.tasks[0][3], self.tasks[-1][3]
        for t, m in conn.execute(
            "SELECT r.task_id, r.member_id FROM study_record r JOIN study_task t ON t.id = r.task_id"
            " WHERE t.published_on BETWEEN ? AND ?", (lo, hi)
        ):
            self.record(t, m)

    def rates(self, b):
        """Completion rates of the branch's tasks, in task order (0 when nobody is required)."""
        return [(t[2], self.completed[t[0]] / len(self.required[t[0]]) if self.required[t[0]] else 0.0)
                for t in self.tasks if t[1] == b]


class Points:
    """积分 per (branch, member): each event scored by the rule set in force on its date. Rules that
    some rule set caps are scored in date order with their monthly (先锋示范岗: yearly) counts; the
    rest are added as they come."""

    def __init__(self, conn):
        self.sets = []  # (effective_from, {rule: (tenths, cap)})
        for sid, start in conn.execute("SELECT id, effective_from FROM point_rule_set ORDER BY effective_from"):
            rules = {r: (t, c) for r, t, c in conn.execute(
                "SELECT rule, tenths, cap FROM point_rule WHERE rule_set_id = ?", (sid,))}
            self.sets.append((start, rules))
        self.starts = [s for s, _ in self.sets]
        self.capped = {r for _, rules in self.sets for r, (_, c) in rules.items() if c is not None}
        self.totals = defaultdict(int)  # (branch, member) → tenths
        self.held = []  # events of capped rules: (date, member, rule order, detail, rule, branch, score)
        self._set_of_day = {}

    def rules_on(self, d):
        got = self._set_of_day.get(d)
        if got is None:
            i = bisect.bisect_right(self.starts, d)
            got = self.sets[i - 1][1] if i else False
            self._set_of_day[d] = got
        return got

    @staticmethod
    def _value(tenths, score):
        return tenths if score is None else round_half_away(score * tenths / 10.0)

    def add(self, b, m, d, rule, detail="", score=None):
        if rule in self.capped:
            self.held.append((d, m, RULE_ORDER.get(rule, 99), detail, rule, b, score))
            return
        rules = self.rules_on(d)
        if rules:
            tenths, _ = rules.get(rule, (0, None))
            self.totals[(b, m)] += self._value(tenths, score)

    def adjust(self, b, m, tenths):
        self.totals[(b, m)] += tenths

    def finish(self):
        """Scores the capped events: per branch, oldest first, the cap counted per member, rule and
        month (year for 先锋示范岗)."""
        self.held.sort(key=lambda e: (e[5], e[0], e[1], e[2], e[3]))
        used = defaultdict(int)
        for d, m, _, _, rule, b, score in self.held:
            rules = self.rules_on(d)
            if not rules:
                continue
            tenths, cap = rules.get(rule, (0, None))
            period = d[:4] if rule in ("pioneer_excellent", "pioneer_qualified") else d[:7]
            key = (b, m, rule, period)
            used[key] += 1
            if cap is None or used[key] <= cap:
                self.totals[(b, m)] += self._value(tenths, score)
        self.held = []

    def attendance(self, roll, b, a, marks):
        """The points of an activity's marks: 出席/请假/缺席 of members on that day's roll."""
        d = a[1]
        for mk in marks:
            m, status = mk[0], mk[1]
            if status == "observer" or not roll.on_roll(m, b, d):
                continue
            rule = "attend" if status == "present" else "leave" if status == "leave" else "absent"
            detail = f"{a[2]}（{ATTENDANCE.get(status, status)}）" if rule in self.capped else ""
            self.add(b, m, d, rule, detail)

    def speakers(self, b, a):
        kinds = a[6]
        speaker = a[7]
        if speaker is None:
            return
        if "micro_lecture" in kinds or "party_lecture" in kinds:
            self.add(b, speaker, a[1], "lecture_speaker", f"{a[2]}（主讲）")
        if "salon" in kinds or "seminar" in kinds:
            self.add(b, speaker, a[1], "salon_speaker", f"{a[2]}（主发言）")

    def the_rest(self, conn, year):
        """Every event but attendance and speakers, of every branch, from SQL."""
        start, end = year_bounds(year)
        span = (start, end)
        for b, m, d, name, late in conn.execute(
            """SELECT t.branch_id, r.member_id, r.completed_on, t.name, t.due_on IS NOT NULL AND r.completed_on > t.due_on
               FROM study_record r JOIN study_task t ON t.id = r.task_id WHERE r.completed_on BETWEEN ? AND ?""",
            span,
        ):
            rule = "study_late" if late else "study_on_time"
            self.add(b, m, d, rule, f"学习任务：{name}" if rule in self.capped else "")
        member_events = [
            ("SELECT x.member_id, x.date, CASE x.kind WHEN 'post' THEN '发帖：' ELSE '回帖：' END || x.topic, NULL"
             " FROM discussion x", "discussion"),
            ("SELECT x.member_id, x.date, '心得体会：' || x.title, NULL FROM reflection x", "reflection"),
            ("SELECT x.member_id, x.date, '测验：' || x.quiz || '（' || x.score || ' 分）', x.score FROM quiz_result x",
             "quiz"),
            ("SELECT x.member_id, x.date, '资讯轮值：' || x.title, NULL FROM (SELECT r.member_id, n.date, n.title"
             " FROM news_item n JOIN news_rota r ON r.id = n.rota_id) x", "news_item"),
        ]
        for select, rule in member_events:
            for m, d, detail, score, b in conn.execute(
                f"SELECT q.*, m.branch_id FROM ({select}) q JOIN member m ON m.id = q.member_id"
                " WHERE q.date BETWEEN ? AND ?", span
            ):
                self.add(b, m, d, rule, detail, score)
        for b, m, d, rating, post in conn.execute(
            """SELECT k.branch_id, p.member_id, p.rated_on, p.rating, k.name || '（' || p.year || ' 年）'
               FROM pioneer_post p JOIN pioneer_kind k ON k.id = p.kind_id
               WHERE p.rated_on BETWEEN ? AND ? AND p.rating IN ('excellent', 'qualified')""",
            span,
        ):
            self.add(b, m, d, "pioneer_" + rating, f"先锋示范岗：{post}")
        levels = {"school": "校级", "city": "市级", "province": "省级", "national": "国家级"}
        for b, m, d, level, title in conn.execute(
            """SELECT m.branch_id, a.member_id, a.date, a.level, a.title FROM award a JOIN member m ON m.id = a.member_id
               WHERE a.date BETWEEN ? AND ?""",
            span,
        ):
            self.add(b, m, d, "award_" + level, f"表彰：{title}（{levels.get(level, level)}）")
        for b, m, tenths in conn.execute(
            """SELECT m.branch_id, x.member_id, x.tenths FROM point_adjustment x JOIN member m ON m.id = x.member_id
               WHERE x.date BETWEEN ? AND ?""",
            span,
        ):
            self.adjust(b, m, tenths)

    def ranking(self, roll, b, year):
        """[(rank, member, points)] of the branch's members on the roll during the year: best first,
        ties share a rank (1, 1, 3)."""
        start, end = year_bounds(year)
        rows = sorted(((-self.totals.get((b, m), 0), m) for m, _ in roll.during(b, start, end)))
        out, rank, prev = [], 0, None
        for i, (neg, m) in enumerate(rows):
            if neg != prev:
                rank, prev = i + 1, neg
            out.append((rank, m, -neg / 10.0))
        return out


def hours(conn, year):
    """(meeting 学时 by member: activities attended in the year; task 学时 by member: tasks completed in
    the year)."""
    start, end = year_bounds(year)
    meeting = dict(conn.execute(
        """SELECT x.member_id, sum(a.hours) FROM attendance x JOIN activity a ON a.id = x.activity_id
           WHERE x.status = 'present' AND a.date BETWEEN ? AND ? GROUP BY x.member_id""", (start, end)))
    task = dict(conn.execute(
        """SELECT r.member_id, sum(t.hours) FROM study_record r JOIN study_task t ON t.id = r.task_id
           WHERE r.completed_on BETWEEN ? AND ? GROUP BY r.member_id""", (start, end)))
    return meeting, task


# --- The compliance calendar (domain.md): what was due and what was held -----------------------

def life_rules(conn):
    return conn.execute(
        "SELECT effective_from, party_lecture_every, theme_day_of_month FROM life_rule_set ORDER BY effective_from"
    ).fetchall()


def life_rules_on(sets, d):
    for start, every, day in reversed(sets):
        if start <= d:
            return every, day
    return "quarter", None


QUARTERS = "一二三四"


def compliance(conn, roll, b, year, as_of, acts=None):
    """The calendar of the year judged by as_of (ISO text): {"items": [(period, item, state)] with
    state held / missing / due — a period (or a 主题党日's fixed day) not past yet is due, not
    missing — and "lines": what is wrong, in words (missing items by period, members not talked
    with, meetings without a quorum, members 6 months without organisational life)}."""
    start, end = year_bounds(year)
    acts = acts if acts is not None else activities(conn, b, year)
    sets = life_rules(conn)
    items, lines = [], []

    def state(missing, due):
        return "missing" if missing else "due" if due else "held"

    def kinds_due(held, kinds, to, day_of_theme, label):
        missing = []
        for k in kinds:
            by = to
            if k == "theme_day" and day_of_theme:
                by = to[:8] + "%02d" % min(day_of_theme, int(to[8:]))
            ok = any(k in a[6] for a in held)
            items.append((label, KINDS[k], state(not ok and by < as_of, not ok)))
            if not ok and by < as_of:
                missing.append(KINDS[k])
        return missing

    for month in range(1, 13):
        fr, to = month_bounds(year, month)
        held = [a for a in acts if fr <= a[1] <= to]
        every, day = life_rules_on(sets, to)
        kinds = ["committee_meeting", "theme_day"] + (["party_lecture"] if every == "month" else [])
        missing = kinds_due(held, kinds, to, day, f"{month}月")
        groups = [g for g in roll.branch_groups.get(b, ()) if any(
            s <= to and (e is None or e > fr) and roll.on_roll_during(m, b, fr, to)
            for m, s, e in roll.group_periods.get(g, ()))]
        for g in groups:
            ok = any(a[4] == g and "group_meeting" in a[6] for a in held)
            name = roll.group_names[g]
            label = name + "会" if name.endswith("党小组") else name + "党小组会"
            items.append((f"{month}月", label, state(not ok and to < as_of, not ok)))
            if not ok and to < as_of:
                missing.append(label)
        if missing:
            lines.append(f"{month}月：{'、'.join(missing)}")
    for q in range(1, 5):
        fr, _ = month_bounds(year, q * 3 - 2)
        _, to = month_bounds(year, q * 3)
        held = [a for a in acts if fr <= a[1] <= to]
        every, day = life_rules_on(sets, to)
        name = f"第{QUARTERS[q - 1]}季度"
        missing = kinds_due(held, ["general_meeting"] + (["party_lecture"] if every == "quarter" else []), to, day,
                            name)
        if missing:
            lines.append(f"{name}：{'、'.join(missing)}")
    every, day = life_rules_on(sets, end)
    missing = kinds_due(acts, ["life_meeting", "appraisal"] + (["party_lecture"] if every == "year" else []), end,
                        day, "全年")
    secretaries = {m for m, s, e, role in roll.committee.get(b, ()) if role == "secretary" and s <= end
                   and (e is None or e >= start)}
    spoke = any("party_lecture" in a[6] and a[7] in secretaries for a in acts)
    items.append(("全年", "书记讲党课", state(not spoke and end < as_of, not spoke)))
    if not spoke and end < as_of:
        missing.append("书记讲党课")
    if missing:
        lines.append(f"全年：{'、'.join(missing)}")
    talked = {m for (m,) in conn.execute(
        """SELECT DISTINCT p.member_id FROM heart_talk_party p JOIN heart_talk h ON h.id = p.talk_id
           WHERE h.branch_id = ? AND h.date BETWEEN ? AND ?""", (b, start, end))}
    talked |= {m for (m,) in conn.execute(
        """SELECT DISTINCT t.member_id FROM attendance t JOIN activity a ON a.id = t.activity_id
           JOIN activity_kind k ON k.activity_id = a.id AND k.kind = 'heart_talk'
           WHERE a.branch_id = ? AND a.date BETWEEN ? AND ? AND t.status = 'present'""", (b, start, end))}
    day = min(end, as_of)
    untalked = [m for m in roll.in_roll_order(roll.branch_on(b, day), day) if m not in talked]
    items.append(("全年", "谈心谈话", state(bool(untalked) and end < as_of, bool(untalked))))
    if untalked and end < as_of:
        lines.append("未谈心谈话：" + "、".join(roll.names[m] for m in untalked))
    # 党员大会 and 支委会 held by as_of that could not decide: more than half of those who count present
    # (the 正式党员 of a 党员大会, the committee of a 支委会), four fifths for an election.
    for a in acts:
        general = "general_meeting" in a[6]
        if a[1] > as_of or not (general or "committee_meeting" in a[6]):
            continue
        present = {m for (m,) in conn.execute(
            "SELECT member_id FROM attendance WHERE activity_id = ? AND status = 'present'", (a[0],))}
        on_roll = roll.expected(b, a[1], a[6], a[4], f"{a[1]} {a[2]}")
        counted = [m for m in on_roll if not general or roll.voting(m, a[1])]
        here = sum(1 for m in counted if m in present)
        election = bool(a[8]) and general
        valid = len(counted) > 0 and here * 5 >= len(counted) * 4 if election else here * 2 > len(counted)
        if not valid:
            judged = "不足五分之四，选举无效" if election else "未超过半数，会议无效"
            who = "正式党员" if general else "支委"
            lines.append(f"{a[1]} {a[2]}：应到{who} {len(counted)} 人，实到 {here} 人，{judged}")
    # 失联预警: on the roll on as_of and six months before it, and not present since.
    y, m, d = (int(x) for x in as_of.split("-"))
    y, m = (y, m - 6) if m > 6 else (y - 1, m + 6)
    window = f"{y:04d}-{m:02d}-{min(d, int(month_bounds(y, m)[1][8:])):02d}"
    last = dict(conn.execute(
        """SELECT t.member_id, max(a.date) FROM attendance t JOIN activity a ON a.id = t.activity_id
           WHERE a.branch_id = ? AND a.date <= ? AND t.status = 'present' GROUP BY t.member_id""", (b, as_of)))
    earlier = set(roll.branch_on(b, window))
    for m in roll.in_roll_order(roll.branch_on(b, as_of), as_of):
        if m in earlier and (last.get(m) is None or last[m] <= window):
            since = f"{last[m]} 后未参加" if last.get(m) else "从未参加"
            lines.append(f"{roll.names[m]}：{since}组织生活已满 6 个月（失联预警）")
    return {"items": items, "lines": lines}


def held_share(items):
    judged = [i for i in items if i[2] != "due"]
    return sum(1 for i in judged if i[2] == "held") / len(judged) if judged else 0.0


def branch_index(rows):
    """rows: dicts with compliance, attendance, completion, points_avg → each gets index and rank
    (30% compliance, 30% attendance, 20% study completion, 20% points relative to the best branch)."""
    best = max([r["points_avg"] for r in rows] + [0.0])
    for r in rows:
        share = max(r["points_avg"] / best, 0.0) if best > 0 else 0.0
        index = 100.0 * (0.3 * r["compliance"] + 0.3 * r["attendance"] + 0.2 * r["completion"] + 0.2 * share)
        r["index"] = round_half_away(index * 10.0) / 10.0
    rows.sort(key=lambda r: (-r["index"], r["id"]))
    rank, prev = 0, None
    for i, r in enumerate(rows):
        key = round_half_away(r["index"] * 10.0)
        if key != prev:
            rank, prev = i + 1, key
        r["rank"] = rank
    return rows


def today_iso():
    """The day the compliance calendar is judged by: ZHIBU_TODAY (YYYY-MM-DD) when set, else today."""
    given = os.environ.get("ZHIBU_TODAY")
    if not given:
        return date.today().isoformat()
    try:
        return date.fromisoformat(given).isoformat()
    except ValueError:
        raise Failure(f"ZHIBU_TODAY 应为 YYYY-MM-DD 格式的日期，收到“{given}”") from None
