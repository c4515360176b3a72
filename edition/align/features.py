"""What of a sentence survives translation: its length and its anchors.

Why anchors: length alone (Gale–Church) cannot tell "Верно." from "Правильно." when a
translator merges or drops a sentence nearby. Numbers, percentages, months, dates,
question marks and above all the persons named do survive translation, in both
directions, and cost nothing to find. Entities come from ``@ref`` of persName,
placeName and orgName when the entity tagger has run, otherwise from the register of
persons (English and Russian variants; Russian names also in their case forms).

The length leaves out what a translator added in brackets (``supplied`` for
clarification) and notes: they have no counterpart to be measured against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

from ..registers import PersonRegister, normalise_name
from .segment import SKIPPED_TEXT, ZERO_WIDTH, T, Segment, normalise

ENTITY_TAGS = {f"{T}{n}" for n in ("persName", "placeName", "orgName")}
NUMBER = re.compile(r"\d{1,3}(?:[  ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
THOUSANDS = re.compile(r"^\s*(?:тыс\b|тысяч|thousand)", re.IGNORECASE)
PERCENT = re.compile(r"%|процент|percent|per cent", re.IGNORECASE)
NUMBER_WORDS = {
    "2": r"два|две|двух|двум|двумя|two", "3": r"три|трех|трёх|тремя|three", "4": r"четыре|четырех|four",
    "5": r"пять|пяти|five", "6": r"шесть|шести|six", "7": r"семь|семи|seven", "8": r"восемь|восьми|eight",
    "9": r"девять|девяти|nine", "10": r"десять|десяти|ten", "12": r"двенадцать|twelve",
}
NUMBER_WORD = re.compile(r"(?<!\w)(" + "|".join(NUMBER_WORDS.values()) + r")(?!\w)", re.IGNORECASE)
WORD_VALUE = {w: v for v, words in NUMBER_WORDS.items() for w in words.split("|")}
MONTHS = ["январ|january", "феврал|february", "март|march", "апрел|april", "мая|мае|май|may", "июн|june",
          "июл|july", "август|august", "сентябр|september", "октябр|october", "ноябр|november", "декабр|december"]
MONTH = re.compile(r"(?<!\w)(" + "|".join(f"(?P<m{k}>{p})" for k, p in enumerate(MONTHS, 1)) + r")", re.IGNORECASE)


@dataclass(frozen=True)
class Features:
    length: int
    anchors: frozenset[str]


class NameMatcher:
    """Persons of the register named in a text, in either language, Russian case endings allowed."""

    def __init__(self, register: PersonRegister):
        keys: dict[str, str] = {}
        for person in register.persons.values():
            for variant in [*person.preferred.values(), *person.variants]:
                key = normalise_name(variant)
                if not key:
                    continue
                if re.search(r"[а-я]", key):
                    stem = re.sub(r"[аяйьоеиыу]{1,2}$", "", key) if len(key.split()[-1]) > 4 else key
                    keys[re.escape(stem) + r"\w{0,3}"] = person.id
                else:
                    keys[re.escape(key)] = person.id
        ordered = sorted(keys, key=len, reverse=True)
        self._ids = [keys[k] for k in ordered]
        self._pattern = re.compile(r"(?<!\w)(?:" + "|".join(f"({k})" for k in ordered) + r")(?!\w)") if keys else None

    def find(self, text: str) -> set[str]:
        if self._pattern is None:
            return set()
        return {self._ids[m.lastindex - 1] for m in self._pattern.finditer(normalise_name(text))}


@lru_cache(maxsize=8)
def name_matcher(register: PersonRegister) -> NameMatcher:
    return NameMatcher(register)


def aligned_text(el: etree._Element) -> str:
    """The sentence's own words: without translators' clarifications, notes, sic readings."""
    parts = [el.text or ""] if el.tag not in ZERO_WIDTH else []
    for child in el:
        if child.tag not in SKIPPED_TEXT and not (child.tag == f"{T}supplied" and child.get("reason") == "clarification"):
            parts.append(aligned_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _numbers(text: str) -> set[str]:
    found = set()
    for match in NUMBER.finditer(text):
        value = re.sub(r"\s", "", match.group()).replace(",", ".")
        if THOUSANDS.match(text[match.end():]):
            value = str(int(float(value) * 1000))
        found.add(f"n:{value}")
    for match in NUMBER_WORD.finditer(text):
        found.add(f"n:{WORD_VALUE[match.group(1).casefold()]}")
    return found


def features(segment: Segment, names: NameMatcher | None) -> Features:
    """Length and anchors of one sentence."""
    text = normalise(aligned_text(segment.element))
    anchors = _numbers(text)
    if PERCENT.search(text):
        anchors.add("pct")
    for match in MONTH.finditer(text):
        anchors.add(f"month:{next(k for k, v in match.groupdict().items() if v)}")
    if text.rstrip("\"»”’') ").endswith("?"):
        anchors.add("?")
    refs = set()
    for el in segment.element.iter():
        if el.tag in ENTITY_TAGS and el.get("ref"):
            refs.update(f"ref:{r.rsplit('#', 1)[-1]}" for r in el.get("ref").split())
        elif el.tag in (f"{T}date", f"{T}time"):
            for attr in ("when", "dur", "from", "to"):
                if el.get(attr):
                    anchors.add(f"{attr}:{el.get(attr)}")
    if names is not None:
        refs.update(f"ref:{pid}" for pid in names.find(text))
    return Features(max(1, len(text)), frozenset(anchors | refs))
