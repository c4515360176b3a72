"""What of a sentence survives translation: its length and its anchors.

Why anchors: length alone (Gale–Church) cannot tell "Верно." from "Правильно." when a
translator merges or drops a sentence nearby. Numbers, percentages, months, dates,
question marks and above all the persons named do survive translation, in both
directions, and cost nothing to find. Entities come from ``@ref`` of persName,
placeName and orgName when the entity tagger has run, otherwise from the entity index
of the registers (``registers.index``: the tagger's own look-up, Russian case forms
included), when the registers are given.

The length leaves out what a translator added in brackets (``supplied`` words of
clarification, identification, the original's romanised word) and notes: they
have no counterpart to be measured against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lxml import etree

from .segment import SKIPPED_TEXT, ZERO_WIDTH, T, Segment, normalise

if TYPE_CHECKING:
    from ..entities.index import EntityIndex

ENTITY_TAGS = {f"{T}{n}" for n in ("persName", "placeName", "orgName")}
NUMBER = re.compile(r"\d{1,3}(?:[  ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
THOUSANDS = re.compile(r"\s*(?:тыс\b|тысяч|thousand)", re.IGNORECASE)
PERCENT = re.compile(r"%|процент|percent|per cent", re.IGNORECASE)
NUMBER_WORDS = {
    "2": r"два|две|двух|двум|двумя|two", "3": r"три|трех|трёх|тремя|three", "4": r"четыре|четырех|four",
    "5": r"пять|пяти|five", "6": r"шесть|шести|six", "7": r"семь|семи|seven", "8": r"восемь|восьми|eight",
    "9": r"девять|девяти|nine", "10": r"десять|десяти|ten", "12": r"двенадцать|twelve",
}
NUMBER_WORD = re.compile(r"(?<!\w)(" + "|".join(NUMBER_WORDS.values()) + r")(?!\w)", re.IGNORECASE)
WORD_VALUE = {w: v for v, words in NUMBER_WORDS.items() for w in words.split("|")}
# Russian month stems in any case; English month names capitalised ("may", "march" are also verbs),
# May only next to a number.
MONTHS = ["(?i:январ)|January", "(?i:феврал)|February", "(?i:март)|March", "(?i:апрел)|April",
          "(?i:ма[йяею])(?!\\w)|May(?=\\s+\\d)|(?<=\\d\\s)May", "(?i:июн)|June", "(?i:июл)|July",
          "(?i:август)|August", "(?i:сентябр)|September", "(?i:октябр)|October", "(?i:ноябр)|November",
          "(?i:декабр)|December"]
# supplied words the original does not have (abbreviation: the rest of a word it has; punctuation: no length; a
# gloss is counted: it often stands for what the original spells out, "CC CPC [Central Committee of …]")
ADDED_REASONS = {"clarification", "identification", "original-wording"}
MONTH = re.compile(r"(?<!\w)(" + "|".join(f"(?P<m{k}>{p})" for k, p in enumerate(MONTHS, 1)) + r")")


@dataclass(frozen=True)
class Features:
    """What the cost compares: characters of the sentence's own words, and its anchors."""

    length: int
    anchors: frozenset[str]


def aligned_text(el: etree._Element) -> str:
    """The sentence's own words: without translators' clarifications, notes, sic readings."""
    parts = [el.text or ""] if el.tag not in ZERO_WIDTH else []
    for child in el:
        if child.tag not in SKIPPED_TEXT and not (child.tag == f"{T}supplied" and child.get("reason") in ADDED_REASONS):
            parts.append(aligned_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _numbers(text: str) -> set[str]:
    """Numbers as values: "10 000", "10 тыс." and "10 thousand" are the same anchor; "two" is 2."""
    found = set()
    for match in NUMBER.finditer(text):
        value = re.sub(r"\s", "", match.group()).replace(",", ".")
        if THOUSANDS.match(text, match.end()):  # where the number ends, not on a copy of the rest
            value = str(int(float(value) * 1000))
        found.add(f"n:{value}")
    for match in NUMBER_WORD.finditer(text):
        found.add(f"n:{WORD_VALUE[match.group(1).casefold()]}")
    return found


def features(segment: Segment, index: EntityIndex | None) -> Features:
    """Length and anchors of one sentence; names found by ``index`` when given (for TEI not yet tagged)."""
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
    if index is not None:
        refs.update(f"ref:{m.ref}" for m in index.find(text) if not m.ambiguous)
    return Features(max(1, len(text)), frozenset(anchors | refs))
