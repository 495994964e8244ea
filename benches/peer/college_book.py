#!/usr/bin/env python3
"""college_book.py LEDGER YEAR OUT.xlsx — the 党委's annual workbook of every branch in the ledger, as
`zhibu export college` writes it (src/io/export/college.rs), by a secretary's Python: sqlite3 and
XlsxWriter in constant-memory mode, rows written as they are read. Prints one line of JSON:
{"seconds", "peak_rss_mb", "rows"}."""

import os
import time
from datetime import date

import xlsxwriter
from xlsxwriter.exceptions import XlsxWriterException

import ledger as L

# (sheet, what its title says, [(header, width)], column kinds: T text, N number, P percentage, D date)
SHEETS = [
    ("支部汇总", "各支部工作汇总", [("序号", 5), ("党总支", 20), ("支部", 28), ("年末党员数", 8), ("组织生活次数", 8),
                           ("应到人次", 9), ("实到人次", 9), ("出席率", 8), ("学习任务数", 8), ("学习完成率", 8),
                           ("人均学时", 8), ("人均积分", 8)], "NTTNNNNPNPNN"),
    ("支部排行", "党支部工作排行", [("排名", 5), ("支部", 28), ("党总支", 20), ("组织生活合规率", 10), ("出席率", 8),
                              ("学习完成率", 8), ("人均积分", 8), ("综合指数", 8)], "NTTPPPNN"),
    ("合规情况", "组织生活合规情况", [("支部", 28), ("应开", 6), ("已开", 6), ("未开", 6), ("合规率", 8),
                                ("未开事项", 60)], "TNNNPT"),
    ("花名册", "党员花名册", [("序号", 6), ("党总支", 20), ("支部", 28), ("党小组", 12), ("姓名", 10), ("性别", 5),
                          ("党员类别", 9), ("入党日期", 11), ("转正日期", 11), ("人员类别", 10), ("状态", 7)],
     "NTTTTTTDDTT"),
    ("组织生活记录", "组织生活记录", [("序号", 6), ("支部", 28), ("日期", 11), ("活动名称", 30), ("类型", 14),
                                ("党小组", 12), ("形式", 8), ("应到", 6), ("实到", 6), ("请假", 6), ("缺席", 6),
                                ("出席率", 8), ("学时", 6)], "NTDTTTTNNNNPN"),
    ("考勤明细", "考勤明细", [("支部", 28), ("日期", 11), ("活动名称", 30), ("姓名", 10), ("考勤", 6),
                          ("原因", 20)], "TDTTTT"),
    ("学习记录", "学习记录", [("支部", 28), ("学习任务", 36), ("姓名", 10), ("完成日期", 11), ("来源", 9),
                          ("按期", 6), ("学时", 6)], "TTTDTTN"),
    ("学时统计", "党员学时统计", [("支部", 28), ("姓名", 10), ("会议学时", 9), ("自学学时", 9), ("合计", 8),
                          ("达标", 6)], "TTNNNT"),
    ("积分排行", "党员积分排行", [("支部", 28), ("排名", 6), ("姓名", 10), ("年度积分", 9)], "TNTN"),
]


class Sheet:
    """A register: title row 0, header row 1, data from row 2, each row written once in order."""

    def __init__(self, wb, fmt, name, title, headers, kinds):
        self.ws = wb.add_worksheet(name)
        self.fmt = fmt
        self.kinds = kinds
        self.next = 2
        ws = self.ws
        ws.merge_range(0, 0, 0, len(headers) - 1, title, fmt["title"])
        ws.set_row(0, 30)
        for c, (h, w) in enumerate(headers):
            ws.write_string(1, c, h, fmt["header"])
            ws.set_column(c, c, w)
        ws.set_row(1, 22)
        ws.freeze_panes(2, 0)
        ws.set_paper(9)
        ws.set_landscape()
        ws.repeat_rows(0, 1)
        ws.fit_to_pages(1, 0)

    def row(self, values):
        ws, fmt, r = self.ws, self.fmt, self.next
        for c, v in enumerate(values):
            if v is None:
                ws.write_blank(r, c, None, fmt["text"])
                continue
            k = self.kinds[c]
            if k == "T":
                ws.write_string(r, c, v, fmt["text"])
            elif k == "N":
                ws.write_number(r, c, v, fmt["integer"] if float(v).is_integer() else fmt["number"])
            elif k == "P":
                ws.write_number(r, c, v, fmt["pct"])
            else:
                ws.write_datetime(r, c, v, fmt["date"])
        self.next += 1

    def note(self, text):
        """A line under the data, after a blank row, from the second column on (not a data row)."""
        r = self.next + 1
        self.ws.merge_range(r, 1, r, len(self.kinds) - 1, text, self.fmt["note"])
        self.ws.set_row(r, 42)

    def finish(self):
        if self.next == 2:
            # An empty register says so, rather than print as a bare header (not a data row).
            self.ws.merge_range(2, 0, 2, len(self.kinds) - 1, "本年无记录", self.fmt["center"])
        last = max(self.next - 1, 1)
        self.ws.autofilter(1, 0, last, len(self.kinds) - 1)
        return self.next - 2


def formats(wb):
    base = {"font_name": "宋体", "font_size": 10.5, "border": 1, "valign": "vcenter"}
    return {
        "note": wb.add_format({"font_name": "宋体", "font_size": 11, "text_wrap": True, "valign": "top"}),
        "title": wb.add_format({"font_name": "黑体", "font_size": 16, "bold": True, "align": "center"}),
        "header": wb.add_format({**base, "bold": True, "bg_color": "#F4D6D6", "align": "center",
                                 "text_wrap": True}),
        "text": wb.add_format(base),
        "center": wb.add_format({**base, "align": "center"}),
        "integer": wb.add_format({**base, "num_format": "0"}),
        "number": wb.add_format({**base, "num_format": "0.0#"}),
        "pct": wb.add_format({**base, "num_format": "0.0%"}),
        "date": wb.add_format({**base, "num_format": "yyyy-mm-dd"}),
    }


INDEX_NOTE = ("综合指数 = 30% × 组织生活合规率 + 30% × 出席率（Σ实到 ÷ Σ应到）+ 20% × 学习完成率 + 20% × 人均积分 ÷ "
              "各支部人均积分的最高值，满分 100。")


def main(argv):
    if len(argv) != 3:
        raise L.Failure("用法：college_book.py 台账文件 年份 输出.xlsx")
    started = time.perf_counter()
    conn = L.open_ledger(argv[0])
    year = L.parse_year(argv[1])
    out = argv[2]
    folder = os.path.dirname(os.path.abspath(out))
    if not os.path.isdir(folder):
        raise L.Failure(f"输出文件夹不存在：{folder}")
    start, end = L.year_bounds(year)
    as_of = L.today_iso()
    roll = L.Roll(conn)
    branch_rows = L.branches(conn)
    if not branch_rows:
        raise L.Failure("台账中没有支部")

    wb = xlsxwriter.Workbook(out, {"constant_memory": True})
    fmt = formats(wb)
    sheets = {name: Sheet(wb, fmt, name, f"{year} 年全院{what}", headers, kinds)
              for name, what, headers, kinds in SHEETS}
    days = {}

    def day(text):
        d = days.get(text)
        if d is None:
            d = days[text] = date.fromisoformat(text)
        return d

    points = L.Points(conn)
    points.the_rest(conn, year)
    tasks = L.TaskCompletion(conn, roll, year)
    meeting_hours, task_hours = L.hours(conn, year)
    figures = {}

    # 组织生活记录 and 考勤明细 together: each activity's roll on its date, its marks streamed once.
    life, marks_sheet = sheets["组织生活记录"], sheets["考勤明细"]
    serial = 0
    for b, name, parent in branch_rows:
        def on_marks(a, marks, b=b, name=name):
            points.attendance(roll, b, a, marks)
            points.speakers(b, a)
            when = day(a[1])
            for _, status, reason, who in marks:
                marks_sheet.row([name, when, a[2], who, L.ATTENDANCE.get(status, status), reason])

        tallied = []
        for a, (expected, present, leave, absent) in L.activity_tallies(conn, roll, b, year, on_marks, names=True):
            serial += 1
            life.row([serial, name, day(a[1]), a[2], "、".join(L.KINDS.get(k, k) for k in a[6]),
                      roll.group_names.get(a[4]), L.FORM.get(a[3], a[3]), expected, present, leave, absent,
                      present / expected if expected else None, a[5]])
            tallied.append((a, expected, present))
        figures[b] = {"id": b, "name": name, "parent": parent, "acts": [t[0] for t in tallied],
                      "expected": sum(t[1] for t in tallied), "present": sum(t[2] for t in tallied)}
    points.finish()

    # 学习记录: the year's tasks, branch by branch; completion counted against who was required.
    study = sheets["学习记录"]
    for b, name, _ in branch_rows:
        for task, t_name, m_name, done, source, due, t_hours, member in conn.execute(
            """SELECT t.id, t.name, m.name, r.completed_on, r.source, t.due_on, t.hours, r.member_id
               FROM study_task t JOIN study_record r ON r.task_id = t.id JOIN member m ON m.id = r.member_id
               WHERE t.branch_id = ? AND t.published_on BETWEEN ? AND ?
               ORDER BY t.published_on, t.id, r.member_id""",
            (b, start, end),
        ):
            tasks.record(task, member)
            late = due is not None and done > due
            study.row([name, t_name, m_name, day(done), L.SOURCE.get(source, source), "否" if late else "是",
                       t_hours])

    # 花名册, 学时统计, 积分排行: everyone on a branch's roll during the year.
    roster, hours_sheet, ranking_sheet = sheets["花名册"], sheets["学时统计"], sheets["积分排行"]
    serial = 0
    for b, name, parent in branch_rows:
        during = roll.during(b, start, end)
        people = {m: row for m, *row in conn.execute(
            """SELECT id, gender, membership, joined_on, confirmed_on, category, status
               FROM member WHERE branch_id = ?""", (b,))}
        study_sum = 0.0
        for m, g in during:
            gender, membership, joined, confirmed, category, status = people[m]
            serial += 1
            roster.row([serial, parent, name, roll.group_names.get(g), roll.names[m], GENDER(gender),
                        L.MEMBERSHIP.get(membership, membership), day(joined), day(confirmed) if confirmed else None,
                        L.CATEGORY.get(category, category), L.STATUS.get(status, status)])
            mh, th = meeting_hours.get(m, 0.0), task_hours.get(m, 0.0)
            total = th + mh
            study_sum += total
            hours_sheet.row([name, roll.names[m], mh, th, total, "是" if total >= L.YEARLY_HOURS else "否"])
        standings = points.ranking(roll, b, year)
        for rank, m, pts in standings:
            ranking_sheet.row([name, rank, roll.names[m], pts])
        f = figures[b]
        f["members"] = roll.count_on(b, end)
        f["hours_avg"] = study_sum / len(during) if during else 0.0
        f["points_avg"] = sum(p for _, _, p in standings) / len(standings) if standings else 0.0
        rates = [r for _, r in tasks.rates(b)]
        f["tasks"] = len(rates)
        f["completion"] = sum(rates) / len(rates) if rates else 0.0
        f["attendance"] = f["present"] / f["expected"] if f["expected"] else 0.0
        f["calendar"] = L.compliance(conn, roll, b, year, as_of, f["acts"])
        f["compliance"] = L.held_share(f["calendar"]["items"])

    # The three summaries.
    summary = sheets["支部汇总"]
    for i, (b, name, parent) in enumerate(branch_rows, 1):
        f = figures[b]
        summary.row([i, parent, name, f["members"], len(f["acts"]), f["expected"], f["present"], f["attendance"],
                     f["tasks"], f["completion"], round2(f["hours_avg"]), round2(f["points_avg"])])
    ranked = L.branch_index([figures[b] for b, _, _ in branch_rows])
    for f in ranked:
        sheets["支部排行"].row([f["rank"], f["name"], f["parent"], f["compliance"], f["attendance"], f["completion"],
                             round2(f["points_avg"]), f["index"]])
    sheets["支部排行"].note(INDEX_NOTE)
    for b, name, _ in branch_rows:
        calendar = figures[b]["calendar"]
        held = sum(1 for i in calendar["items"] if i[2] == "held")
        judged = sum(1 for i in calendar["items"] if i[2] != "due")
        sheets["合规情况"].row([name, judged, held, judged - held, held / judged if judged else 0.0,
                             "；".join(calendar["lines"]) or None])

    rows = sum(s.finish() for s in sheets.values())
    try:
        wb.close()
    except XlsxWriterException as e:
        raise L.Failure(f"无法写入 {out}：{e}") from None
    return {"seconds": round(time.perf_counter() - started, 3), "peak_rss_mb": L.peak_rss_mb(), "rows": rows}


def round2(x):
    """To the cent, halves away from zero, as the core rounds the averages it shows."""
    return L.round_half_away(x * 100.0) / 100.0


def GENDER(code):
    return L.GENDER.get(code, code) if code else None


if __name__ == "__main__":
    L.run(main)
