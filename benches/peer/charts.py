#!/usr/bin/env python3
"""charts.py LEDGER YEAR BRANCH_NAME OUTDIR — the charts `zhibu export charts` draws for one branch
(src/io/charts/*.rs), by a secretary's Python: sqlite3 and matplotlib (Agg), 1920×1080 PNG (figsize
19.2×10.8 at dpi 100) in a CJK font found on the system; the poster also as an A4 page at 300 dpi
(2480×3508). Prints one line of JSON: {"seconds", "peak_rss_mb", "charts"}."""

import os
import sys
import time
from collections import Counter, defaultdict

import matplotlib

matplotlib.use("Agg")
import matplotlib.ticker  # noqa: E402
import PIL.Image  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.backends import backend_agg  # noqa: E402,F401
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import ledger as L  # noqa: E402

PIL.Image.preinit()  # what savefig would import on its first PNG: an import, not the work

W, H, DPI = 1920, 1080, 100
RED, GOLD, INK, INK2 = "#B71C1C", "#E0A100", "#1F2933", "#374151"
GRID, AXIS, WHITE = "#E5E7EB", "#6B7280", "#FFFFFF"
LIGHT_GOLD, TILE = "#FFE9A8", "#FDF2F0"
# Each kind's fill and hatching, as src/io/charts/palette.rs gives them (greyscale prints keep them apart).
FILLS = {
    "general_meeting": ("#7F1D1D", None), "committee_meeting": ("#E53935", "//"),
    "group_meeting": ("#F8B4B4", None), "party_lecture": ("#E0A100", ".."), "theme_day": ("#E65100", None),
    "life_meeting": ("#283593", "xx"), "appraisal": ("#90CAF9", "||"), "heart_talk": ("#00897B", "--"),
    "micro_lecture": ("#6A1B9A", ".."), "salon": ("#AED581", "//"), "seminar": ("#80CBC4", "xx"),
    "theory_study": ("#1565C0", "\\\\"), "volunteer": ("#F48FB1", "--"), "other": ("#616161", "||"),
}
CJK_FAMILIES = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK", "Source Han Sans SC", "Source Han Sans",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "Noto Serif CJK SC",
                "Noto Serif CJK JP", "AR PL UMing CN"]


def pt(px):
    """Font size in points for a height in pixels at DPI."""
    return px * 72.0 / DPI


def cjk_font():
    have = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in have:
            return family
    for name in sorted(have):
        if "CJK" in name or "Hei" in name or "Han" in name:
            return name
    raise L.Failure("系统中找不到中文字体（如 Noto Sans CJK：apt-get install fonts-noto-cjk）")


def luma(hex_color):
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def number(v):
    """A number as Rust's Display writes an f64: 672, 134.5."""
    return str(int(v)) if float(v).is_integer() else repr(round(v, 10))


class Canvas:
    """A 1920×1080 figure with an overlay in pixel coordinates (y down) for words and boxes."""

    def __init__(self, w=W, h=H):
        self.w, self.h = w, h
        self.fig = Figure(figsize=(w / DPI, h / DPI), dpi=DPI, facecolor=WHITE)
        self.ov = self.fig.add_axes([0, 0, 1, 1], zorder=0)
        self.ov.set_xlim(0, w)
        self.ov.set_ylim(h, 0)
        self.ov.axis("off")

    def text(self, x, y, s, px, color=INK, bold=False, ha="left", va="top", plate=None, **kw):
        box = dict(facecolor=plate, edgecolor="none", pad=2) if plate else None
        self.ov.text(x, y, s, fontsize=pt(px), color=color, fontweight="bold" if bold else "normal",
                     ha=ha, va=va, bbox=box, **kw)

    def box(self, x0, y0, x1, y1, color, hatch=None, ink=None):
        self.ov.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor=color, hatch=hatch,
                                    edgecolor=ink if hatch else "none", linewidth=0))

    def caption(self, title, subtitle):
        self.text(60, 34, title, 56, bold=True)
        self.text(60, 112, subtitle, 32 if len(subtitle) <= 52 else 28, color=INK2)
        return 180

    def axes(self, left, top, right, bottom):
        """Plot axes over the pixel box (left, top)–(right, bottom)."""
        ax = self.fig.add_axes([left / self.w, 1 - bottom / self.h, (right - left) / self.w, (bottom - top) / self.h],
                               zorder=1)
        ax.set_facecolor("none")
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(AXIS)
        ax.tick_params(colors=INK2, labelsize=pt(28), length=0)
        return ax

    def save(self, path):
        self.fig.savefig(path, dpi=DPI, facecolor=WHITE)
        self.fig.clear()


def month_axes(cv, ax, y_max, y_label, fmt):
    ax.set_xlim(0.5, 12.5)
    ax.set_ylim(0, y_max)
    ax.set_xticks(range(1, 13), [f"{m}月" for m in range(1, 13)], fontsize=pt(30))
    ax.yaxis.grid(True, color=GRID, linewidth=1.5)
    ax.set_axisbelow(True)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt(v)))
    ax.set_ylabel(y_label, color=INK2, fontsize=pt(26), rotation=0, ha="right", va="bottom")
    ax.yaxis.set_label_coords(-0.01, 1.0)


def activities_by_month(cv, year, branch, acts):
    bars = defaultdict(Counter)
    for a in acts:
        kinds = tuple(a[6]) or ("other",)
        bars[int(a[1][5:7])][kinds] += 1
    per_kind = Counter()
    for blocks in bars.values():
        for kinds, n in blocks.items():
            for k in kinds:
                per_kind[k] += n
    title = f"{year} 年组织生活开展情况（按月、按类型）"
    cv.caption(title, f"{branch}　全年 {len(acts)} 次活动；一格是一次活动，同属几种类型的活动分色并列、只计一次")
    top, left, right, bottom = 230, 110, W - 440, H - 80
    ax = cv.axes(left, top, right, bottom)
    most = max([sum(b.values()) for b in bars.values()] + [1])
    month_axes(cv, ax, most * 1.08, "次数", lambda v: f"{v:.0f}")
    for m, blocks in bars.items():
        level = 0
        for kinds in sorted(blocks, key=lambda ks: [L.KIND_ORDER.get(k, 99) for k in ks]):
            n = blocks[kinds]
            for i, k in enumerate(kinds):
                color, hatch = FILLS.get(k, FILLS["other"])
                x0 = m - 0.34 + 0.68 * i / len(kinds)
                ax.bar([x0] * n, [1] * n, width=0.68 / len(kinds), bottom=[level + j for j in range(n)],
                       align="edge", color=color, hatch=hatch, edgecolor=WHITE if luma(color) < 140 else INK,
                       linewidth=0.4)
            level += n
        ax.text(m, level, str(level), ha="center", va="bottom", fontsize=pt(34), fontweight="bold", color=INK)
    lx, rx = right + 56, W - 40
    cv.text(lx, top - 26, "类型", 26, color=INK2, va="bottom")
    cv.text(rx, top - 26, "全年次数", 26, color=INK2, ha="right", va="bottom")
    pitch = min((bottom - top) / max(len(per_kind), 1), 56)
    for i, k in enumerate(sorted(per_kind, key=lambda k: L.KIND_ORDER.get(k, 99))):
        color, hatch = FILLS.get(k, FILLS["other"])
        y = top + i * pitch
        cv.box(lx, y, lx + 52, y + 36, color, hatch, WHITE if luma(color) < 140 else INK)
        cv.text(lx + 68, y + 18, L.KINDS.get(k, k), 28, va="center")
        cv.text(rx, y + 18, str(per_kind[k]), 28, ha="right", va="center")
    return "activities_by_month.png", title


def attendance_by_month(cv, year, branch, tallied):
    sums = defaultdict(lambda: [0, 0])
    for a, (expected, present, _, _) in tallied:
        s = sums[int(a[1][5:7])]
        s[0] += present
        s[1] += expected
    p = sum(s[0] for s in sums.values())
    e = sum(s[1] for s in sums.values())
    mean = p / e * 100 if e else None
    title = f"{year} 年各月出席率"
    subtitle = (f"{branch}　全年平均 {mean:.1f}%（实到 {p} ÷ 应到 {e} 人次）；应到按活动当日在册党员计算"
                if mean is not None else f"{branch}　本年尚无组织生活记录")
    cv.caption(title, subtitle)
    right = W - 230
    ax = cv.axes(130, 230, right, H - 80)
    month_axes(cv, ax, 100, "", lambda v: f"{v:.0f}%")
    ax.set_yticks([0, 20, 40, 60, 80, 100])
    if mean is not None:
        ax.axhline(mean, color=INK, linewidth=2.2, linestyle=(0, (6, 6)))
        ax.text(12.6, mean, f"全年 {mean:.1f}%", fontsize=pt(30), fontweight="bold", va="center", ha="left",
                color=INK, clip_on=False)
    for m, (pr, ex) in sorted(sums.items()):
        if ex:
            r = pr / ex * 100
            ax.bar(m, r, width=0.6, color=RED)
            ax.text(m, r + 1, f"{r:.1f}%", ha="center", va="bottom", fontsize=pt(30), fontweight="bold",
                    bbox=dict(facecolor=WHITE, edgecolor="none", pad=1))
    return "attendance_by_month.png", title


def short(name, most):
    """A long name: its head, “…” and the bracketed part it ends with (“（第12期）”), in `most` characters."""
    if len(name) <= most:
        return name
    tail = ""
    for close, open_ in (("）", "（"), (")", "("), ("】", "【"), ("]", "[")):
        if name.endswith(close) and open_ in name:
            tail = name[name.rindex(open_):]
            break
    tail = tail if len(tail) <= most // 2 else ""
    return name[:most - len(tail) - 1] + "…" + tail


def hbars(cv, top, rows, most, value, color=RED):
    """Labelled horizontal bars, best first from the top; 19 rows or more go in two columns."""
    if not rows:
        cv.text(W / 2, H / 2, "本年暂无数据", 40, ha="center", va="center")
        return
    columns = 2 if len(rows) >= 19 else 1
    per = -(-len(rows) // columns)
    bottom, margin, gutter = H - 70, 60, 90
    row_h = min((bottom - top) / per, 150)
    top = top + (bottom - top - row_h * per) / 2
    size = min(row_h * 0.62, 34)
    col_w = (W - 2 * margin - gutter * (columns - 1)) / columns
    label_w = min(max(len(r[0]) for r in rows) * size * 0.95, col_w * 0.55) + 16
    value_w = max(len(value(r[1])) for r in rows) * size * 0.6 + 24
    for c in range(columns):
        part = rows[c * per:(c + 1) * per]
        x0 = margin + c * (col_w + gutter) + label_w
        x1 = margin + c * (col_w + gutter) + col_w - value_w
        ax = cv.axes(x0, top, x1, top + row_h * per)
        ax.set_xlim(0, most)
        ax.set_ylim(per - 0.5, -0.5)
        ax.xaxis.grid(True, color=GRID, linewidth=1.5)
        ax.set_axisbelow(True)
        ax.spines["bottom"].set_visible(False)
        ax.tick_params(axis="x", labelsize=pt(24))
        ax.barh(range(len(part)), [max(v, 0) for _, v in part], height=0.68, color=color)
        ax.set_yticks(range(len(part)), [lbl for lbl, _ in part], fontsize=pt(size), color=INK)
        for i, (_, v) in enumerate(part):
            ax.text(max(v, 0) + most * 0.01, i, value(v), va="center", ha="left", fontsize=pt(size), color=INK,
                    clip_on=False)


def study_completion(cv, year, branch, rates):
    mean = sum(r for _, r in rates) / len(rates) if rates else 0.0
    title = f"{year} 年学习任务完成率"
    cv.caption(title, f"{branch}　共 {len(rates)} 项任务，平均完成率 {mean * 100:.1f}%（含逾期完成）")
    most = 15 if len(rates) >= 19 else 24
    hbars(cv, 200, [(short(n, most), r * 100) for n, r in rates], 100, lambda v: f"{v:.0f}%")
    return "study_completion_by_task.png", title


def study_hours(cv, year, branch, people):
    """people: [(name, 学时)]."""
    people = sorted(people, key=lambda p: -p[1])
    below = sum(1 for _, h in people if h < L.YEARLY_HOURS)
    title = f"{year} 年党员学时（基准线 32 学时）"
    cv.caption(title, f"{branch}　学时 = 学习任务 + 出席组织生活；{len(people)} 人中 {below} 人未达 32 学时")
    n = max(len(people), 1)
    left, right = 110, W - 50
    band = (right - left) / n
    longest = max([len(p[0]) for p in people] + [2])
    vertical = band < 60
    name_px = min(band * 0.8, 30) if vertical else min(band * 0.85 / longest, 30)
    legible = name_px >= 6
    room = (name_px * longest if vertical else name_px) + 30 if legible else 30
    ax = cv.axes(left, 250, right, H - room)
    most = max([h for _, h in people] + [L.YEARLY_HOURS * 1.3]) * 1.08
    ax.set_xlim(-0.5, n - 0.5)
    ax.set_ylim(0, most)
    ax.yaxis.grid(True, color=GRID, linewidth=1.5)
    ax.set_axisbelow(True)
    ax.set_ylabel("学时", color=INK2, fontsize=pt(26), rotation=0, ha="right", va="bottom")
    ax.yaxis.set_label_coords(-0.01, 1.0)
    ax.bar(range(len(people)), [h for _, h in people], width=0.68,
           color=[RED if h >= L.YEARLY_HOURS else GOLD for _, h in people])
    if legible:
        labels = ["\n".join(name) if vertical else name for name, _ in people]
        ax.set_xticks(range(len(people)), labels, fontsize=pt(name_px), color=INK, linespacing=1.0)
    else:
        ax.set_xticks([])
    value_px = min(band * 0.5, 26)
    if value_px >= 16:
        for i, (_, h) in enumerate(people):
            ax.text(i, h, f"{h:.0f}", ha="center", va="bottom", fontsize=pt(value_px))
    ax.axhline(L.YEARLY_HOURS, color=INK, linewidth=3)
    ax.text(0.01, L.YEARLY_HOURS, "基准线 32 学时", transform=ax.get_yaxis_transform(), fontsize=pt(28),
            fontweight="bold", va="bottom", bbox=dict(facecolor=WHITE, edgecolor="none", pad=2))
    x = right
    for text, color in (("未达 32 学时", GOLD), ("达到 32 学时", RED)):
        cv.text(x, 210, text, 26, color=INK2, ha="right", va="center")
        x -= len(text) * 20 + 12
        cv.box(x - 30, 197, x, 223, color)
        x -= 60
    return "study_hours.png", title


def points_top(cv, year, branch, standings, names, top=10):
    shown = standings[:max(top, 1)]
    title = f"{year} 年度积分排行（前 {len(shown)} 名）"
    cv.caption(title, f"{branch}　同分同名次；每一分都对应一条记录和一条积分规则")
    most = max([p for _, _, p in shown[:1]] + [1.0])
    hbars(cv, 210, [(f"第{rank}名　{names[m]}", p) for rank, m, p in shown], most, lambda v: f"{number(v)} 分")
    return "points_top.png", title


def branch_ranking(cv, year, ranked):
    title = f"{year} 年党支部工作排行"
    cv.caption(title, "工作指数（满分 100）= 30% 组织生活合规率 + 30% 出席率 + 20% 学习任务完成率 + "
                      "20% 人均积分（与最高支部相比）")
    hbars(cv, 210, [(r["name"], r["index"]) for r in ranked], 100, lambda v: f"{v:.1f}")
    return "branch_ranking.png", title


def poster(cv, f, portrait):
    """The year's figures on one picture: a slide, or an A4 page (design units 1240×1754 at ×2)."""
    if portrait:
        lay = dict(width=1240, band=320, margin=70, title_y=78, branch_y=188, period_y=250, columns=2,
                   tiles_top=370, tile_h=196, gap=20, big=92, text=32, pitch=48, foot=1722)
        k = cv.w / 1240
    else:
        lay = dict(width=1920, band=220, margin=80, title_y=44, branch_y=148, period_y=148, columns=5,
                   tiles_top=262, tile_h=230, gap=26, big=100, text=34, pitch=52, foot=1048)
        k = cv.h / 1080
    s = lambda v: v * k  # noqa: E731
    cv.box(0, 0, cv.w, s(lay["band"]), RED)
    cv.box(0, s(lay["band"]), cv.w, s(lay["band"] + 8), GOLD)
    m = lay["margin"]
    cv.text(s(m), s(lay["title_y"]), f"{f['year']} 年度党建工作成果", s(84), color=WHITE, bold=True)
    cv.text(s(m), s(lay["branch_y"]), f["branch"], s(40), color=LIGHT_GOLD)
    period = f"统计期间：{f['year']} 年 1 月—{f['year']} 年 12 月"
    if portrait:
        cv.text(s(m), s(lay["period_y"]), period, s(30), color=LIGHT_GOLD)
    else:
        cv.text(s(lay["width"] - m), s(lay["period_y"]), period, s(30), color=LIGHT_GOLD, ha="right")
    tiles = [
        ("在册党员", str(f["members"]), "人"), ("组织生活", str(f["activities"]), "次"),
        ("理论学习", str(f["theory"]), "次"), ("微党课", str(f["micro"]), "次"), ("主题沙龙", str(f["salons"]), "次"),
        ("发布学习任务", str(f["tasks"]), "项"), ("讨论交流", str(f["discussions"]), "条"),
        ("任务平均完成率", f"{f['completion'] * 100:.1f}", "%"), ("平均出席率", f"{f['attendance'] * 100:.1f}", "%"),
        ("人均学时", f"{f['hours_avg']:.0f}", "学时"),
    ]
    full = lay["width"] - 2 * m
    cols, gap, th = lay["columns"], lay["gap"], lay["tile_h"]
    tw = (full - gap * (cols - 1)) / cols
    for i, (label, figure, unit) in enumerate(tiles):
        x = m + (i % cols) * (tw + gap)
        y = lay["tiles_top"] + (i // cols) * (th + gap)
        cv.box(s(x), s(y), s(x + tw), s(y + th), TILE)
        cv.box(s(x), s(y), s(x + tw), s(y + 6), RED)
        cv.text(s(x + 24), s(y + 26), label, s(32), color=INK2)
        cv.text(s(x + 24), s(y + th - 22), figure, s(lay["big"]), color=RED, bold=True, va="baseline")
        # Bold digits of Noto Sans CJK are about 0.57 em wide, the point 0.27 em.
        after = sum(0.27 if ch == "." else 0.57 for ch in figure) * lay["big"] + lay["big"] * 0.08
        cv.text(s(x + 24 + after), s(y + th - 22), unit, s(34), va="baseline")
    rows = -(-10 // cols)
    below = lay["tiles_top"] + rows * (th + gap) + 14
    first = below + 62
    px = m
    if f["top"]:
        cv.box(s(m), s(below + 4), s(m + 8), s(below + 36), RED)
        cv.text(s(m + 22), s(below), "年度积分前三名", s(36), bold=True)
        right = m + full * 0.4
        for i, (rank, name, pts) in enumerate(f["top"]):
            y = first + i * lay["pitch"]
            cv.text(s(m + 22), s(y), f"第{rank}名　{name}", s(lay["text"]))
            cv.text(s(right), s(y), f"{number(pts)} 分", s(lay["text"]), ha="right")
        px = m + full * 0.46
    cv.box(s(px), s(below + 4), s(px + 8), s(below + 36), RED)
    cv.text(s(px + 22), s(below), "先锋示范岗", s(36), bold=True)
    kinds = {}
    for kind, name, rating in f["pioneers"]:
        kinds.setdefault(kind, []).append(f"{name}（优秀）" if rating == "excellent" else name)
    width_chars = (lay["width"] - m - px - 22) / lay["text"]
    lines = []
    for kind, names in kinds.items():
        shown = len(names)
        while True:
            line = f"{kind}：{'、'.join(names[:shown])}" + (f" 等 {len(names)} 人" if shown < len(names) else "")
            if shown <= 1 or len(line) <= width_chars:
                break
            shown -= 1
        lines.append(line)
    lines = lines or ["本年度未设先锋示范岗"]
    room = max(int((lay["foot"] - 30 - first) // lay["pitch"]), 1)
    for i, line in enumerate(lines[:room]):
        cv.text(s(px + 22), s(first + i * lay["pitch"]), line, s(lay["text"]))
    cv.text(s(lay["width"] - m), s(lay["foot"]), f"数据来源：支部台账 {f['year']} 年度统计", s(22), color=INK2,
            ha="right", va="center")


def main(argv):
    if len(argv) != 4:
        raise L.Failure("用法：charts.py 台账文件 年份 支部名称 输出目录")
    started = time.perf_counter()
    conn = L.open_ledger(argv[0])
    year = L.parse_year(argv[1])
    branch_name, outdir = argv[2], argv[3]
    family = cjk_font()
    matplotlib.rcParams.update({"font.family": family, "axes.unicode_minus": False, "hatch.linewidth": 1.5})
    all_branches = L.branches(conn)
    chosen = [b for b in all_branches if b[1] == branch_name]
    if not chosen:
        known = "、".join(b[1] for b in all_branches[:10]) or "（无）"
        raise L.Failure(f"台账中没有名为“{branch_name}”的支部；已有：{known}")
    b = chosen[0][0]
    start, end = L.year_bounds(year)
    as_of = L.today_iso()
    roll = L.Roll(conn)
    several = len(all_branches) >= 2
    todo = all_branches if several else chosen

    # The figures: every branch's when the ranking between branches is drawn, else this one's.
    points = L.Points(conn)
    points.the_rest(conn, year)
    tasks = L.TaskCompletion(conn, roll, year)
    tasks.count_all(conn)
    tallies = {}
    for bid, _, _ in todo:
        def on_marks(a, marks, bid=bid):
            points.attendance(roll, bid, a, marks)
            points.speakers(bid, a)
        tallies[bid] = L.activity_tallies(conn, roll, bid, year, on_marks)
    points.finish()
    meeting_hours, task_hours = L.hours(conn, year)
    figures = []
    for bid, name, parent in todo:
        tallied = tallies[bid]
        expected = sum(t[1][0] for t in tallied)
        present = sum(t[1][1] for t in tallied)
        standings = points.ranking(roll, bid, year)
        rates = [r for _, r in tasks.rates(bid)]
        acts = [t[0] for t in tallied]
        figures.append({
            "id": bid, "name": name,
            "attendance": present / expected if expected else 0.0,
            "completion": sum(rates) / len(rates) if rates else 0.0,
            "points_avg": sum(p for _, _, p in standings) / len(standings) if standings else 0.0,
            "compliance": L.held_share(L.compliance(conn, roll, bid, year, as_of, acts)["items"]),
        })
    ranked = L.branch_index(figures)

    tallied = tallies[b]
    acts = [t[0] for t in tallied]
    people = [(roll.names[m], meeting_hours.get(m, 0.0) + task_hours.get(m, 0.0)) for m, _ in roll.during(b, start, end)]
    standings = points.ranking(roll, b, year)
    rates = tasks.rates(b)
    this = next(f for f in figures if f["id"] == b)
    kind_count = Counter(k for a in acts for k in a[6])
    poster_figures = {
        "year": year, "branch": branch_name, "members": roll.count_on(b, end), "activities": len(acts),
        "theory": kind_count["theory_study"], "micro": kind_count["micro_lecture"], "salons": kind_count["salon"],
        "tasks": len(rates),
        "discussions": conn.execute(
            "SELECT count(*) FROM discussion x JOIN member m ON m.id = x.member_id"
            " WHERE m.branch_id = ? AND x.date BETWEEN ? AND ?", (b, start, end)).fetchone()[0],
        "completion": this["completion"], "attendance": this["attendance"],
        "hours_avg": sum(h for _, h in people) / len(people) if people else 0.0,
        "top": [(rank, roll.names[m], p) for rank, m, p in standings[:3]],
        "pioneers": conn.execute(
            """SELECT k.name, m.name, p.rating FROM pioneer_post p JOIN pioneer_kind k ON k.id = p.kind_id
               JOIN member m ON m.id = p.member_id WHERE k.branch_id = ? AND p.year = ? ORDER BY k.id, p.id""",
            (b, year)).fetchall(),
    }

    os.makedirs(outdir, exist_ok=True)
    draws = [
        lambda cv: activities_by_month(cv, year, branch_name, acts),
        lambda cv: attendance_by_month(cv, year, branch_name, tallied),
        lambda cv: study_completion(cv, year, branch_name, rates),
        lambda cv: study_hours(cv, year, branch_name, people),
        lambda cv: points_top(cv, year, branch_name, standings, roll.names),
    ]
    if several:
        draws.append(lambda cv: branch_ranking(cv, year, ranked))
    written = []
    for draw in draws:
        cv = Canvas()
        file_name, _ = draw(cv)
        cv.save(os.path.join(outdir, file_name))
        written.append(file_name)
    cv = Canvas()
    poster(cv, poster_figures, portrait=False)
    cv.save(os.path.join(outdir, "annual_poster.png"))
    cv = Canvas(2480, 3508)
    poster(cv, poster_figures, portrait=True)
    cv.save(os.path.join(outdir, "annual_poster_a4.png"))
    written += ["annual_poster.png", "annual_poster_a4.png"]
    return {"seconds": round(time.perf_counter() - started, 3), "peak_rss_mb": L.peak_rss_mb(),
            "charts": len(written)}


if __name__ == "__main__":
    L.run(main)
