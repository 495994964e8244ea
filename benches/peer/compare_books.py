#!/usr/bin/env python3
"""compare_books.py A.xlsx B.xlsx — whether two workbooks hold the same registers: per sheet (by name,
in order) the data rows (from row 3, under the title and the header), the headers, and per column how
many cells are text, number, percentage, date or blank. Standard library only (zipfile + XML, read as
a stream). Exit 0 when they agree on all of that, 1 when they differ (and says where), 2 on error."""

import re
import sys
import zipfile
import xml.etree.ElementTree as ET
from collections import Counter

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BUILTIN_DATES = set(range(14, 23)) | {45, 46, 47}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def styles(z):
    """Kind of number each cell style shows: date, pct or number."""
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
        code = codes.get(fid, "")
        if fid in BUILTIN_DATES or re.search(r"y|d", code.replace('"', "")):
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


def read_book(path):
    """{sheet: {"rows": data rows, "headers": [...], "cols": [Counter of kinds]}} in sheet order."""
    book = {}
    with zipfile.ZipFile(path) as z:
        kinds = styles(z)
        strings = shared_strings(z)
        for name, part in sheet_paths(z):
            rows, headers, cols = 0, {}, []
            for _, el in ET.iterparse(z.open(part)):
                if el.tag != NS + "row":
                    continue
                r = int(el.get("r"))
                if r == 2:
                    for c in el.iter(NS + "c"):
                        t = c.get("t")
                        if t == "inlineStr":
                            text = "".join(x.text or "" for x in c.iter(NS + "t"))
                        elif t == "s":
                            text = strings[int(c.find(NS + "v").text)]
                        else:
                            v = c.find(NS + "v")
                            text = v.text if v is not None else ""
                        headers[col_index(c.get("r"))] = text
                elif r >= 3:
                    rows += 1
                    for c in el.iter(NS + "c"):
                        i = col_index(c.get("r"))
                        while len(cols) <= i:
                            cols.append(Counter())
                        t = c.get("t")
                        if t in ("inlineStr", "s", "str"):
                            kind = "text"
                        elif t == "b":
                            kind = "bool"
                        elif c.find(NS + "v") is None:
                            kind = "blank"
                        else:
                            kind = kinds[int(c.get("s", "0"))] if kinds else "number"
                        cols[i][kind] += 1
                el.clear()
            book[name] = {"rows": rows, "headers": [headers[i] for i in sorted(headers)], "cols": cols}
    return book


def describe(counter):
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items())) or "—"


def main(argv):
    if len(argv) != 2:
        print("用法：compare_books.py A.xlsx B.xlsx", file=sys.stderr)
        return 2
    try:
        a, b = read_book(argv[0]), read_book(argv[1])
    except (OSError, zipfile.BadZipFile, ET.ParseError, KeyError) as e:
        print(f"错误：无法读取工作簿：{e}", file=sys.stderr)
        return 2
    same = True
    if list(a) != list(b):
        same = False
        print(f"sheets differ:\n  A: {list(a)}\n  B: {list(b)}")
    for name in [n for n in a if n in b]:
        sa, sb = a[name], b[name]
        lines = []
        if sa["headers"] != sb["headers"]:
            lines.append(f"  headers: A {sa['headers']}\n           B {sb['headers']}")
        if sa["rows"] != sb["rows"]:
            lines.append(f"  rows: A {sa['rows']}, B {sb['rows']}")
        for i in range(max(len(sa["cols"]), len(sb["cols"]))):
            ca = sa["cols"][i] if i < len(sa["cols"]) else Counter()
            cb = sb["cols"][i] if i < len(sb["cols"]) else Counter()
            if ca != cb:
                h = sa["headers"][i] if i < len(sa["headers"]) else f"col {i + 1}"
                lines.append(f"  {h}: A {describe(ca)} | B {describe(cb)}")
        status = "same" if not lines else "DIFFERENT"
        same &= not lines
        print(f"{name}: {sa['rows']} rows — {status}")
        for line in lines:
            print(line)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
