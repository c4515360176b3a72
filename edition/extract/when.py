"""What kind of document it is, when it was written, and when the conversation took place.

A record of conversation is dated by its conversation. A cable, report or diary entry has a
date of its own (the cover's date, a closing dateline "10.1.1949") and may report a
conversation held days before ("a conversation with Mao Zedong on 7 January 1949", "in
conversations with me on 5 and 6 July"): the first goes to ``creation``, the second to
``settingDesc``. A day and month without a year take the document's year (the year before
when the month is later than the document's), and say so with ``cert="medium"``.
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import EN_MONTHS, RU_MONTHS, find_dates, ocr_digits
from ..model import DocumentDate

KINDS = [  # first match wins: (kind, pattern on the title)
    ("record", r"\b(?:record|memorandum|minutes|transcript|notes?|summary|account)s? of (?:a |the )?(?:\w+ )?"
               r"(?:conversation|meeting|talks?|discussion)|^(?:(?:telephone|personal|private) )?"
               r"(?:conversation|meeting|talks?|discussion)\b|телефонный разговор"
               r"|запись\s+беседы|протокол|беседа|справка о беседе|стенограмма|\b(?:stenographic|verbatim) record|谈话记录|会谈记录|会谈纪要|谈话纪要|谈话要点"),
    ("cable", r"\b(?:cable|telegram|cipher|ciphered|шифртелеграмма|телеграмма)\b|电报"),
    ("report", r"\breport\b|доклад|донесение|информация"),
    ("letter", r"\bletter\b|письмо|note from|message from"),
    ("diary", r"\bdiary\b|\bjournal of\b|дневник"),
    ("minutes", r"\bminutes\b|\bresolution\b|\bdecision\b|постановление|решение"),
    ("memoir", r"\bmemoir|recollection|reminiscence|воспоминани"),
    ("essay", r"\barticle\b|\bessay\b|\bspeech\b|\baddress\b|статья|речь"),
]
CONVERSATION_WORDS = re.compile(r"\b(?:conversations?|talks|talked|met|meeting|received (?:me|us|the)|(?:was|were) received by|visited|dinner|"
                                r"discussion|беседы?|беседе|беседу|беседой|беседовал[аи]?|встреч[аеи]|принял[аи]?|посетил[аи]?)\b", re.I)
_EN = "|".join(m.capitalize() for m in EN_MONTHS)
_RU = "|".join(RU_MONTHS)
DAY_MONTH = re.compile(
    rf"\b(?:on\s+)?(?P<d1>\d{{1,2}})(?:\s*(?:and|-|–|и)\s*(?P<d2>\d{{1,2}}))?\s+(?P<m>{_EN}|{_RU})(?:,?\s+(?P<y>\d{{4}}))?"
    rf"|\b(?:on\s+)?(?P<m2>{_EN})\s+(?P<e1>\d{{1,2}})(?:\s*(?:and|-|–)\s*(?P<e2>\d{{1,2}}))?(?:,\s*(?P<y2>\d{{4}}))?\b")
# '10.1.1949', '31.XII.49', '16.XII.49 г.', '16/XII-49 г.' (day first, as Russian documents write it)
NUMERIC_DATE = re.compile(r"(?<![\d./])(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2}|[IVX]{1,4})(?:(?P=sep)|(?<=[IVX])-)"
                          r"(?P<y>(?:19)?\d{2})(?:\s*г\.)?(?![\d./])")
ROMAN = {r: i for i, r in enumerate("I II III IV V VI VII VIII IX X XI XII".split(), 1)}


def document_kind(title: str | None) -> str | None:
    if not title:
        return None
    for kind, pattern in KINDS:
        if re.search(pattern, title, re.I):
            return kind
    return None


def numeric_date(text: str) -> dt.date | None:
    """A dateline like '10.1.1949' or '31.XII.49' (day first, as Russian documents write it)."""
    m = NUMERIC_DATE.search(ocr_digits(text))
    if not m:
        return None
    month = int(m.group("m")) if m.group("m").isdigit() else ROMAN[m.group("m")]
    year = int(m.group("y"))
    year = year + 1900 if year < 100 else year
    try:
        return dt.date(year, month, int(m.group("d")))
    except ValueError:
        return None


def _month(name: str) -> int:
    return EN_MONTHS.get(name.lower()) or RU_MONTHS[name.lower()]


def dates_in(text: str, context: dt.date | None) -> list[DocumentDate]:
    """Every date ``text`` states, with or without a year (the year then from ``context``)."""
    found: list[DocumentDate] = []
    written, text = text, ocr_digits(text)
    for m in DAY_MONTH.finditer(text):
        month_name = m.group("m") or m.group("m2")
        first = m.group("d1") or m.group("e1")
        second = m.group("d2") or m.group("e2")
        year_text = m.group("y") or m.group("y2")
        month = _month(month_name)
        cert = None
        if year_text:
            year = int(year_text)
        elif context:
            year = context.year - (1 if month > context.month else 0)
            cert = "medium"
        else:
            continue
        try:
            day = dt.date(year, month, int(first))
            end = dt.date(year, month, int(second)) if second else None
        except ValueError:
            continue
        found.append(DocumentDate(day, written[m.start():m.end()].strip(), end, cert))
    return found


def conversation_date(sentences: list[tuple[str, int | None]], context: dt.date | None) -> DocumentDate | None:
    """The date of the conversation a report gives: a sentence that speaks of talks and a date, a date of its own
    or one the document's date (``context``) makes of a day it names ('Yesterday (the 2nd)', 'вчера', 'on the
    2nd')."""
    for sentence, _ in sentences:
        if not CONVERSATION_WORDS.search(sentence):
            continue
        facts = dates_in(sentence, context) or (relative_dates(sentence, context) if context else [])
        if facts:
            return facts[0]
    return None


WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
RELATIVE_DAY = re.compile(r"\b(?P<word>yesterday|today|вчера|сегодня)\b(?:\s*\((?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)?\))?"
                          r"|\bon the (?P<day>\d{1,2})(?:st|nd|rd|th)\b"
                          r"|\blast (?P<weekday>" + "|".join(WEEKDAYS) + r")\b(?:,?\s+the\s+(?P<wn>\d{1,2})(?:st|nd|rd|th))?",
                          re.I)


def relative_dates(text: str, context: dt.date) -> list[DocumentDate]:
    """Days ``text`` names by the document's date: 'yesterday' (the day before it), 'today', a day of the month
    alone ('on the 2nd', 'yesterday (the 2nd)', 'last Tuesday, the 7th': in the document's month, else the month
    before), the last such weekday before it ('last Tuesday'), cert medium."""
    found = []
    for m in RELATIVE_DAY.finditer(text):
        number = m.group("n") or m.group("day") or m.group("wn")
        if number:
            day = int(number)
            month_start = context.replace(day=1)
            base = month_start if day <= context.day else (month_start - dt.timedelta(days=1)).replace(day=1)
            try:
                when = base.replace(day=day)
            except ValueError:
                continue
        elif m.group("weekday"):  # 'last Tuesday': the Tuesday of the week before the document's date, or of its week
            back = (context.weekday() - WEEKDAYS[m.group("weekday").lower()]) % 7 or 7
            when = context - dt.timedelta(days=back)
        else:
            when = context - dt.timedelta(days=1) if m.group("word").lower() in ("yesterday", "вчера") else context
        found.append(DocumentDate(when, m.group(0), None, "medium"))
    return found


def heading_date(text: str) -> DocumentDate | None:
    """The full date of a record's own heading ('Record of conversation …, October 5, 1945.'; a footnote's
    superscript glued to it, '2 February 1950¹', is no part of the year)."""
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", " ", text)
    found = find_dates(text)
    if not found:
        return None
    start, end, day = found[-1]
    return DocumentDate(day, text[start:end])


CLOCK = re.compile(
    r"\b(?P<h>\d{1,2})(?:[.:](?P<m>\d{2}))?\s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)(?!\w)"  # 3 p.m., 10.30 a.m.
    r"|\b(?P<h2>\d{1,2})[.:](?P<m2>\d{2})\s*(?:hours|hrs\.?|h\b|ч\.?)"  # 22.00 hours, 22.00 ч.
    r"|\b(?P<h3>\d{1,2})\s*ч(?:ас(?:ов|а)?)?\.?\s*(?P<m3>\d{1,2})\s*(?:мин(?:ут)?|м)\.?",  # 22 ч. 00 м., 23 часа 30 мин.
    re.I)


def meeting_time(text: str) -> str | None:
    """When in the day a meeting began, as 'HH:MM', from a line that gives it ('Time: 20 September 1950,
    3 p.m. to 5 p.m.', 'начало беседы в 22 ч. 00 м.'): two meetings of the same people on one day are told
    apart by it."""
    match = CLOCK.search(text)
    if not match:
        return None
    if match.group("h"):
        hour, minute = int(match.group("h")), int(match.group("m") or 0)
        pm = match.group("ampm").lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    else:
        hour = int(match.group("h2") or match.group("h3"))
        minute = int(match.group("m2") or match.group("m3"))
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None
