"""Scoring entity and date markup against a hand-annotated gold set.

Gold files (tests/entities_gold/*.tsv) list mentions in source order with their
surface, type and reference. The tagged TEI lists its mentions in document order.
The two sequences are aligned on their surfaces (spacing, hyphens and line breaks
aside); an aligned pair is correct when type and reference agree too — "exact span
and correct link". Precision, recall and F1 are computed per type.
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
TYPES = {f"{TEI}persName": "person", f"{TEI}placeName": "place", f"{TEI}orgName": "org",
         f"{TEI}date": "date", f"{TEI}time": "time"}


@dataclass(frozen=True)
class Mention:
    type: str
    ref: str
    surface: str

    @property
    def key(self) -> str:
        return re.sub(r"[\s\-‐/\[\]]+", "", self.surface).casefold()


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    correct: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def normalise_value(value: str) -> str:
    """'10:30:00' and '10:30' are the same time; ranges are 'start/end'."""
    return "/".join(re.sub(r"^(\d\d:\d\d):00$", r"\1", part.strip()) for part in value.split("/"))


def load_gold(path: Path) -> list[Mention]:
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    rows.sort(key=lambda r: (int(r["line"]), int(r["start"])))
    return [Mention(r["type"].split("+")[0], normalise_value(r["ref"]), r["surface"]) for r in rows]


def _value(el: etree._Element) -> tuple[str, str]:
    tag = TYPES[el.tag]
    if tag in ("person", "place", "org"):
        return tag, (el.get("ref") or "").lstrip("#")
    if el.get("dur"):
        return "duration", el.get("dur")
    for a, b in (("from", "to"), ("notBefore", "notAfter")):
        if el.get(a) or el.get(b):
            return tag, f"{el.get(a, '')}/{el.get(b, '')}"
    return tag, normalise_value(el.get("when", ""))


def _surface(el: etree._Element) -> str:
    """The name as the source prints it: of an editor's correction inside it, the sic (gold surfaces are the
    source's), not the corr."""
    parts: list[str] = [el.text or ""]
    for child in el.iter():
        if child is el:
            continue
        if child.tag in (f"{TEI}lb", f"{TEI}pb"):
            parts.append("" if child.get("break") == "no" else " ")
        elif child.tag == f"{TEI}corr" or any(a.tag == f"{TEI}corr" for a in child.iterancestors()):
            pass
        elif child.text:
            parts.append(child.text)
        if child.tail and child.getparent() is not None:
            parts.append(child.tail)
    return " ".join("".join(parts).split())


def predicted(text_el: etree._Element) -> list[Mention]:
    out = []
    for el in text_el.iter(*TYPES):
        if any(a.tag in TYPES for a in el.iterancestors()):
            continue
        kind, value = _value(el)
        out.append(Mention(kind, value, _surface(el)))
    return out


def score(gold: list[Mention], pred: list[Mention]) -> dict[str, Score]:
    types = sorted({m.type for m in gold})
    pred = [m for m in pred if m.type in types]
    scores = {t: Score(gold=sum(m.type == t for m in gold), predicted=sum(m.type == t for m in pred)) for t in types}
    matcher = difflib.SequenceMatcher(a=[m.key for m in gold], b=[m.key for m in pred], autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            g, p = gold[block.a + k], pred[block.b + k]
            if g.type == p.type and g.ref == p.ref:
                scores[g.type].correct += 1
    return scores


def errors(gold: list[Mention], pred: list[Mention]) -> Counter:
    """Misses and false alarms by surface, for the editor's eye."""
    types = {m.type for m in gold}
    pred = [m for m in pred if m.type in types]
    out: Counter = Counter()
    matcher = difflib.SequenceMatcher(a=[m.key for m in gold], b=[m.key for m in pred], autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            for g, p in zip(gold[a0:a1], pred[b0:b1]):
                if (g.type, g.ref) != (p.type, p.ref):
                    out[f"wrong: {g.surface} gold {g.type}:{g.ref} got {p.type}:{p.ref}"] += 1
            continue
        for g in gold[a0:a1]:
            out[f"missed: {g.surface} ({g.type}:{g.ref})"] += 1
        for p in pred[b0:b1]:
            out[f"extra: {p.surface} ({p.type}:{p.ref})"] += 1
    return out
