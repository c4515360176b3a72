"""Dates as the transcripts write them, in English and Russian, to ISO 8601."""

from __future__ import annotations

import datetime as dt
import re

from .spans import DisjointSpans

EN_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
RU_MONTHS = {m: i for i, m in enumerate(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), 1)}
ROMAN = {r: i for i, r in enumerate("I II III IV V VI VII VIII IX X XI XII".split(), 1)}

_EN = "|".join(EN_MONTHS)
_RU = "|".join(RU_MONTHS)
DATE_PATTERNS = [
    # January 6, 1950
    (re.compile(rf"\b({_EN})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("m", "d", "y")),
    # 6 January 1950 / 31st of December 1949 / 16th December 1949
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_EN})\s*,?\s+(\d{{4}})\b", re.I), ("d", "m", "y")),
    # 22 января 1950 г.
    (re.compile(rf"\b(\d{{1,2}})\s+({_RU})\s+(\d{{4}})(?:\s*г\.)?", re.I), ("d", "m", "y")),
]


def _month(name: str) -> int:
    name = name.lower()
    return EN_MONTHS.get(name) or RU_MONTHS[name]


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """All full dates in ``text`` as (start, end, date), in order, without overlaps."""
    found: list[tuple[int, int, dt.date]] = []
    taken = DisjointSpans()
    for pattern, order in DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups()))
            try:
                day = dt.date(int(parts["y"]), _month(parts["m"]), int(parts["d"]))
            except ValueError:
                continue
            if taken.add(m.start(), m.end()):  # none found overlaps it
                found.append((m.start(), m.end(), day))
    return sorted(found)


def parse_date(text: str) -> dt.date | None:
    """The single date a short line states, e.g. '22 января 1950 г.'; None otherwise."""
    found = find_dates(text)
    return found[0][2] if found else None


def is_date_line(text: str) -> bool:
    """True if the line is a dateline: a date, perhaps after a place ('Beijing, 3 October 1950')."""
    found = find_dates(text)
    if len(found) != 1:
        return False
    s, e, _ = found[0]
    before, after = text[:s].strip(), text[e:].strip(" .,*#")
    return not after and (not before.strip(" .,*#") or bool(re.fullmatch(r"[A-ZА-ЯЁ][\w\- ]{1,30},", before)))


DURATION = re.compile(
    r"\b(?:approximately\s+|about\s+|около\s+)?(one|two|three|four|один|два|три|\d+(?:[.,]\d+)?)\s+(hours?|minutes?|час(?:а|ов)?|минут[ы]?)\b", re.I)
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "два": 2, "три": 3, "один": 1}


def iso_duration(number: str, unit: str) -> str | None:
    try:
        n = WORD_NUMBERS.get(number.lower()) or float(number.replace(",", "."))
    except ValueError:
        return None
    n_str = str(int(n)) if float(n).is_integer() else str(n)
    return f"PT{n_str}H" if unit.lower().startswith(("hour", "час")) else f"PT{n_str}M"

