#!/usr/bin/env python3
"""compare_books.py [--values] A.xlsx B.xlsx — whether two workbooks hold the same registers: per sheet
(by name, in order) the headers (line breaks ignored), the data rows (from row 3, under the title and
the header; a row whose first cell is empty — a note or the lines signed under a register — is not
data, nor is the 本年无记录 of an empty register) and per column how many cells are text, number,
percentage, date or blank. With --values, also every data cell's value, row by row (texts without
their line breaks, numbers to 1e-9). Standard library only: the sheets are read as XML streams, side
by side. Exit 0 when the books agree, 1 when they differ (saying where), 2 when one cannot be read."""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BUILTIN_DATES = set(range(14, 23)) | {45, 46, 47}
SHOWN = 5  # value differences listed per sheet


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def styles(z):
    """The kind of number each cell style shows: date, pct or number."""
    root = ET.fromstring(z.read("xl/styles.xml"))
    codes = {}
    nf = root.find(NS + "numFmts")
    if nf is not None:
        for f in nf:
            codes[int(f.get("numFmtId"))] = f.get("formatCode")
    kinds = []
    xfs = root.find(NS + "cellXfs")
    for xf in xfs if xfs is not None else []:
        fid = int(xf.get("numFmtId", "0"))
        code = re.sub(r'"[^"]*"|\[[^]]*\]', "", codes.get(fid, ""))
        if fid in BUILTIN_DATES or re.search(r"[yd]", code):
            kinds.append("date")
        elif "%" in code or fid in (9, 10):
            kinds.append("pct")
        else:
            kinds.append("number")
    return kinds


def shared_strings(z):
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    out = []
    for _, el in ET.iterparse(z.open("xl/sharedStrings.xml")):
        if el.tag == NS + "si":
            out.append("".join(t.text or "" for t in el.iter(NS + "t")))
            el.clear()
    return out


def sheet_paths(z):
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = []
    for s in wb.find(NS + "sheets"):
        t = target[s.get(REL + "id")].lstrip("/")
        out.append((s.get("name"), t if t.startswith("xl/") else "xl/" + t))
    return out


class Book:
    def __init__(self, path):
        self.z = zipfile.ZipFile(path)
        self.kinds = styles(self.z)
        self.strings = shared_strings(self.z)
        self.sheets = sheet_paths(self.z)

    def rows(self, part):
        """(row number, [(kind, value)] by column) of a sheet, in order."""
        for _, el in ET.iterparse(self.z.open(part)):
            if el.tag != NS + "row":
                continue
            cells = []
            for c in el.iter(NS + "c"):
                i = col_index(c.get("r"))
                while len(cells) < i:
                    cells.append(("none", None))
                t = c.get("t")
                v = c.find(NS + "v")
                if t == "inlineStr":
                    cell = ("text", "".join(x.text or "" for x in c.iter(NS + "t")))
                elif t == "s":
                    cell = ("text", self.strings[int(v.text)])
                elif t == "str":
                    cell = ("text", v.text if v is not None else "")
                elif t == "b":
                    cell = ("bool", v.text if v is not None else None)
                elif v is None:
                    cell = ("blank", None)
                else:
                    cell = (self.kinds[int(c.get("s", "0"))] if self.kinds else "number", float(v.text))
                cells.append(cell)
            yield int(el.get("r")), cells
            el.clear()


NO_RECORDS = "本年无记录"  # what an empty register of Zhibu's says in its first row


def is_data(r, cells):
    return (r >= 3 and bool(cells) and cells[0][0] not in ("none", "blank") and cells[0][1] not in ("", None)
            and cells[0][1] != NO_RECORDS)


def text(v):
    return re.sub(r"\s+", "", v) if isinstance(v, str) else v


def same_value(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
    return text(a) == text(b)


def describe(counter):
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "—"


def compare_sheet(a, pa, b, pb, values):
    """Lines saying how sheet pa of a differs from pb of b (none when they agree)."""
    heads, counts, cols = [{}, {}], [0, 0], [[], []]
    data = [[], []]
    shown, differing = [], 0
    streams = [a.rows(pa), b.rows(pb)]
    done = [False, False]
    while not all(done):
        for k in (0, 1):
            if done[k]:
                continue
            # Advance each side to its next data row (collecting the header on the way).
            for r, cells in streams[k]:
                if r == 2:
                    heads[k] = [text(v) for _, v in cells]
                if is_data(r, cells):
                    counts[k] += 1
                    for i, (kind, _) in enumerate(cells):
                        while len(cols[k]) <= i:
                            cols[k].append(Counter())
                        cols[k][i]["absent" if kind == "none" else kind] += 1
                    data[k].append(cells)
                    break
            else:
                done[k] = True
        if values:
            while data[0] and data[1]:
                ca, cb = data[0].pop(0), data[1].pop(0)
                n = counts[0] - len(data[0])
                width = max(len(ca), len(cb))
                pad = [("none", None)] * width
                diff = [i for i, (x, y) in enumerate(zip(ca + pad[len(ca):], cb + pad[len(cb):]))
                        if not same_value(x[1], y[1])]
                if diff:
                    differing += 1
                    if len(shown) < SHOWN:
                        shown.append(f"  data row {n}: " + "; ".join(
                            f"{heads[0][i] if i < len(heads[0]) else i}: A {ca[i][1] if i < len(ca) else None!r} "
                            f"| B {cb[i][1] if i < len(cb) else None!r}" for i in diff))
        else:
            data = [[], []]
    lines = []
    if heads[0] != heads[1]:
        lines.append(f"  headers: A {heads[0]}\n           B {heads[1]}")
    if counts[0] != counts[1]:
        lines.append(f"  data rows: A {counts[0]}, B {counts[1]}")
    for i in range(max(len(cols[0]), len(cols[1]))):
        ca = cols[0][i] if i < len(cols[0]) else Counter()
        cb = cols[1][i] if i < len(cols[1]) else Counter()
        if ca != cb:
            h = heads[0][i] if i < len(heads[0]) else f"column {i + 1}"
            lines.append(f"  {h}: A {describe(ca)} | B {describe(cb)}")
    if differing:
        lines.append(f"  {differing} data rows with other values, the first:")
        lines.extend(shown)
    return counts[0], lines


def main(argv):
    values = "--values" in argv
    paths = [p for p in argv if p != "--values"]
    if len(paths) != 2:
        print("用法：compare_books.py [--values] A.xlsx B.xlsx", file=sys.stderr)
        return 2
    try:
        a, b = Book(paths[0]), Book(paths[1])
    except (OSError, zipfile.BadZipFile, ET.ParseError, KeyError) as e:
        print(f"错误：无法读取工作簿：{e}", file=sys.stderr)
        return 2
    same = True
    names_a, names_b = [n for n, _ in a.sheets], [n for n, _ in b.sheets]
    if names_a != names_b:
        same = False
        print(f"sheets differ:\n  A: {names_a}\n  B: {names_b}")
    parts_b = dict(b.sheets)
    for name, part in a.sheets:
        if name not in parts_b:
            continue
        try:
            rows, lines = compare_sheet(a, part, b, parts_b[name], values)
        except (ET.ParseError, KeyError, ValueError) as e:
            print(f"错误：无法读取工作表“{name}”：{e}", file=sys.stderr)
            return 2
        same &= not lines
        print(f"{name}: {rows} data rows — {'same' if not lines else 'DIFFERENT'}")
        for line in lines:
            print(line)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
