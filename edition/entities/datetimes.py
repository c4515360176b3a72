"""Dates and times in running text, normalised for TEI's date/time attributes.

Full dates ("22 января 1950 г.", "1st of January 1950") get ``@when``. Partial and
relative ones are resolved against the conversation's date: "January 19" in a
January 1950 record is 1950-01-19 (the year that puts it nearest the conversation,
with ``@cert='medium'``); "July 1949" is ``@when='1949-07'``; periods ("the first half
of 1951", "spring of 1950", "the first half of the year") get ``@from``/``@to``; points
known only within a range ("the end of September") get ``@notBefore``/``@notAfter``.

dateparser was tried for this and left out: it resolves a missing year against
today rather than the record, and has no notion of a half-year or a range.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from ..dates import EN_MONTHS, ROMAN, RU_MONTHS, find_dates
from ..spans import DisjointSpans

EN = "|".join(m.capitalize() for m in EN_MONTHS)
EN_NOT_MAY = "|".join(m.capitalize() for m in EN_MONTHS if m != "may")
EN_MONTH_NAMES = tuple(m.capitalize() for m in EN_MONTHS)
RU = "|".join(RU_MONTHS)
RU_NOMINATIVE_YEAR = r"(?:\s*(?:г\.|года|году))?"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    tag: str  # "date" | "time"
    attrs: tuple[tuple[str, str], ...]


def _month(name: str) -> int:
    name = name.lower()
    return EN_MONTHS.get(name) or RU_MONTHS[name]


def _nearest(month: int, day: int, context: dt.date) -> dt.date | None:
    best = None
    for year in (context.year - 1, context.year, context.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - context).days) < abs((best - context).days):
            best = candidate
    return best


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


# The rules below: each a pattern and a function from its match and the conversation's date to the attributes, or
# None (no date after all). Made once at import, not on every call of find_datetimes (a run of text each: building
# the patterns' sources and looking them up in re's cache was a tenth of the function).

def _year(m: re.Match, context: dt.date | None) -> int | None:
    """The match's year, else the conversation's."""
    return int(m.group("y")) if m.group("y") else (context.year if context else None)


def _day_month(m: re.Match, context: dt.date | None):
    if not context:
        return None
    day = _nearest(_month(m.group("m")), int(m.group("d")), context)
    return {"when": day.isoformat(), "cert": "medium"} if day else None


def _month_year(m: re.Match, context: dt.date | None):
    return {"when": f"{int(m.group('y')):04d}-{_month(m.group('m')):02d}"}


def _half(m: re.Match, context: dt.date | None):
    y = _year(m, context)
    if y is None:
        return None
    which = m.group("which").lower()
    start, end = {"first": (1, 6), "second": (7, 12), "first or second": (1, 12)}[which]
    return {"from": f"{y}-{start:02d}-01", "to": f"{y}-{end:02d}-{_last_day(y, end)}"}


def _season(m: re.Match, context: dt.date | None):
    y = int(m.group("y"))
    months = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}[m.group("s").lower()]
    return {"from": f"{y}-{months[0]:02d}-01", "to": f"{y}-{months[1]:02d}-{_last_day(y, months[1])}"}


def _part_of_month(m: re.Match, context: dt.date | None):
    month = _month(m.group("m"))
    y = _year(m, context)
    if y is None:
        return None
    last = _last_day(y, month)
    first, final = {"beginning": (1, 10), "middle": (11, 20), "end": (21, last)}[m.group("part").lower()]
    return {"notBefore": f"{y}-{month:02d}-{first:02d}", "notAfter": f"{y}-{month:02d}-{final:02d}"}


def _bare_month(m: re.Match, context: dt.date | None):
    if not context:
        return None
    day = _nearest(_month(m.group("m")), 1, context)
    return {"when": f"{day.year}-{day.month:02d}", "cert": "medium"} if day else None


def _roman(m: re.Match, context: dt.date | None):
    if not context or m.group("r") not in ROMAN:
        return None
    day = _nearest(ROMAN[m.group("r")], int(m.group("d")), context)
    return {"when": day.isoformat(), "cert": "medium"} if day else None


# (pattern, function of the match and the conversation's date to attributes or None, whether the pattern needs an
# English month's name as written: capitalised, case matters), in order of precedence
RULES = [
    (re.compile(r"\b(?:the\s+)?(?P<which>first or second|first|second)\s+half\s+of\s+(?:(?P<y>\d{4})|the\s+year)\b", re.I), _half, False),
    (re.compile(r"\b(?P<s>spring|summer|autumn|fall)\s+of\s+(?P<y>\d{4})\b", re.I), _season, False),
    (re.compile(rf"\b(?:the\s+)?(?P<part>beginning|middle|end)\s+of\s+(?P<m>{EN})(?:\s+(?P<y>\d{{4}}))?\b"), _part_of_month, True),
    (re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{EN})(?:\s+of\s+the\s+current\s+year)?\b(?!,?\s+\d{{4}})"), _day_month, True),
    (re.compile(rf"\b(?P<m>{EN})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}}|\d)"), _day_month, True),
    (re.compile(rf"\b(?P<m>{EN})(?:\s+of)?,?\s+(?P<y>(?:19|20)\d\d)\b"), _month_year, True),
    (re.compile(rf"(?<!\d\s)\b(?P<m>{RU})\s+(?P<y>(?:19|20)\d\d){RU_NOMINATIVE_YEAR}", re.I), _month_year, False),
    (re.compile(r"\b(?P<d>\d{1,2})/(?P<r>[IVX]{1,4})\b"), _roman, False),
    (re.compile(rf"\b(?P<m>{EN_NOT_MAY})\b"), _bare_month, True),
]


YEAR = re.compile(r"(?<![\d.,/№-])\b(19[0-6]\d)\b(?![\d%,.]\d)")
# "10:30", "10:00 p.m." (22:00), "12:10 a.m." (00:10), "10.30 a.m.", "3 p.m."; a bare hour needs the dotted or
# upper-case form ("at 5 am" could be English words), a point between hour and minutes the a.m. or p.m.
TIME = re.compile(r"\b(?P<h>[01]?\d|2[0-3])(?::(?P<m>[0-5]\d)\b(?:\s*(?P<ampm>[ap]\.?\s?m\b\.?))?"
                  r"|\.(?P<dm>[0-5]\d)\s*(?P<dampm>[ap]\.?\s?m\b\.?)"
                  r"|\s*(?P<bare_ampm>[ap]\.\s?m\.|(?-i:[AP]\.?M)\b\.?))", re.I)
RU_YEAR_WORD = re.compile(r"\s*(?:г\.|года|году)")
# What every expression above needs, one of: a digit, "half" (the first half of the year), an English month's
# name (the end of September, bare months). A text without any has no date or time: most runs of a record's text
# are such, and this check spares them the dozen patterns (a quarter of the tagging's time, docs/scale.md). Words
# looked for in the lower-cased text (a regular expression of them, case-insensitive, cost as much as the patterns).
DIGIT = re.compile(r"\d")
DATE_WORDS = ("half", *EN_MONTHS)


def _may_hold_a_date(text: str) -> bool:
    if DIGIT.search(text):
        return True
    lowered = text.lower()
    return any(word in lowered for word in DATE_WORDS)


def find_datetimes(text: str, context: dt.date | None) -> list[Span]:
    """Dates and times in ``text``; longer expressions win over the ones they contain."""
    if not _may_hold_a_date(text):
        return []
    spans: list[Span] = []
    for s, e, day in find_dates(text):
        tail = RU_YEAR_WORD.match(text, e)  # at the date's end (not on a copy of the rest of the text)
        if tail and not text[s:e].rstrip().endswith(("г.", "года")):
            e = tail.end()
        spans.append(Span(s, e, "date", (("when", day.isoformat()),)))
    # the patterns that need an English month's name are not tried on a text without one (a Russian one, most
    # with only numbers): a substring test each, where the pattern would try its alternatives at every position
    english_month = any(month in text for month in EN_MONTH_NAMES)
    for pattern, convert, needs_english_month in RULES:
        if needs_english_month and not english_month:
            continue
        for m in pattern.finditer(text):
            attrs = convert(m, context)
            if attrs:
                spans.append(Span(m.start(), m.end(), "date", tuple(attrs.items())))
    for m in YEAR.finditer(text):
        spans.append(Span(m.start(), m.end(), "date", (("when", m.group(1)),)))
    for m in TIME.finditer(text):
        when = _clock(m)
        if when:
            spans.append(Span(m.start(), m.end(), "time", (("when", when),)))
    return _without_overlaps(spans)


def _clock(m: re.Match) -> str | None:
    """'hh:mm:ss' of a TIME match, the 12-hour clock's a.m./p.m. counted; None for an hour the clock has not
    ('14:00 p.m.')."""
    ampm = m.group("ampm") or m.group("dampm") or m.group("bare_ampm")
    hour, minute = int(m.group("h")), int(m.group("m") or m.group("dm") or 0)
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    return f"{hour:02d}:{minute:02d}:00"


def _without_overlaps(spans: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    taken = DisjointSpans()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if taken.add(span.start, span.end):  # it overlaps none chosen before it
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)
