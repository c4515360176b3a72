"""Check the hand-annotated gold files against their seeds and the registers.

    .venv/bin/python tests/entities_gold/check_gold.py

For every row: the surface is the source text at (line, start, end) -- or, for a
name running across line breaks (end = -1), the lines joined with " / " (see
README.md); the type is known; a person/place/org ref is a register id of that
kind; a date/time ref is an ISO 8601 value. Rows must be sorted and must not
overlap. Exits 1 on the first kind of problem it finds, after listing them all.
Not a test module (not collected by pytest): it reads data only.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent
SEEDS = {"004-en.tsv": "004_3cde86694d218ade.txt", "003-ru.tsv": "003_3093fe73ea284f4e.txt"}
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
KINDS = {"person": ("persons.xml", "person"), "place": ("places.xml", "place"), "org": ("orgs.xml", "org")}
DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?(/\d{4}(-\d\d(-\d\d)?)?)?$")
TIME = re.compile(r"^\d\d:\d\d(:\d\d)?$")


def register_ids() -> dict[str, set[str]]:
    from xml.etree import ElementTree as ET
    out = {}
    for kind, (file, tag) in KINDS.items():
        tree = ET.parse(ROOT / "seeds" / "registers" / file)
        out[kind] = {el.get(XML_ID) for el in tree.iter(f"{TEI}{tag}")}
    return out


def check(gold: Path, seed: Path, ids: dict[str, set[str]]) -> list[str]:
    problems = []
    lines = seed.read_text(encoding="utf-8").split("\n")
    with gold.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    covered: set[tuple[int, int]] = set()
    previous = (0, -1)
    for n, row in enumerate(rows, start=2):
        where = f"{gold.name}:{n}"
        line, start, end = int(row["line"]), int(row["start"]), int(row["end"])
        kind, ref, surface = row["type"].split("+")[0], row["ref"], row["surface"]
        if (line, start) <= previous:
            problems.append(f"{where}: rows not in source order")
        previous = (line, start)
        if end == -1:
            segments = surface.split(" / ")
            first = lines[line - 1].rstrip()
            ok = len(segments) > 1 and first[start:] == segments[0]
            for k, segment in enumerate(segments[1:], start=1):
                source = lines[line - 1 + k]
                ok = ok and (source.rstrip() == segment if k < len(segments) - 1 else source.startswith(segment))
            if not ok:
                problems.append(f"{where}: multi-line surface {surface!r} does not match lines {line}-{line + len(segments) - 1}")
            spans = [(line, c) for c in range(start, len(first))]
        else:
            if lines[line - 1][start:end] != surface:
                problems.append(f"{where}: {surface!r} != source {lines[line - 1][start:end]!r}")
            spans = [(line, c) for c in range(start, end)]
        if covered.intersection(spans):
            problems.append(f"{where}: overlaps another row")
        covered.update(spans)
        if kind in KINDS:
            if ref not in ids[kind]:
                problems.append(f"{where}: {ref!r} is not an id in {KINDS[kind][0]}")
        elif kind == "date":
            if not DATE.match(ref):
                problems.append(f"{where}: date value {ref!r} is not ISO 8601 (YYYY[-MM[-DD]][/...])")
        elif kind == "time":
            if not TIME.match(ref):
                problems.append(f"{where}: time value {ref!r} is not hh:mm")
        else:
            problems.append(f"{where}: unknown type {kind!r}")
    return problems


def main() -> int:
    ids = register_ids()
    problems = []
    for name, seed in SEEDS.items():
        problems += check(GOLD / name, ROOT / "seeds" / seed, ids)
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
