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


# 一九五〇年六月十一日, 1951年5月16日: the year digit by digit, month and day with 十 for ten
_HAN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"○": 0, "零": 0}
_HAN_NUMBER = "[〇○零一二三四五六七八九十]"
HAN_DATE = re.compile(rf"(?P<y>{_HAN_NUMBER}{{4}}|\d{{4}})\s*年\s*(?P<m>{_HAN_NUMBER}{{1,3}}|\d{{1,2}})\s*月"
                      rf"\s*(?P<d>{_HAN_NUMBER}{{1,3}}|\d{{1,2}})\s*[日号]")


def han_number(text: str) -> int:
    """An Arabic or Chinese numeral: '1950', '一九五〇' (digit by digit), '十一', '二十', '三十一'."""
    if text.isdigit() and text.isascii():
        return int(text)
    if "十" not in text:
        return int("".join(str(_HAN_DIGITS[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_HAN_DIGITS[tens] if tens else 1) * 10 + (_HAN_DIGITS[ones] if ones else 0)


def _month(name: str) -> int:
    name = name.lower()
    return EN_MONTHS.get(name) or RU_MONTHS[name]


# an OCR's 'l' or 'I' for the digit one inside a number ('l5 January 1950', '2l07'; not the 'I' of '16.I.50')
OCR_ONE = re.compile(r"(?<![^\W\d_])[lI](?=\d)|(?<=\d)[lI](?![^\W\d_])")


def ocr_digits(text: str) -> str:
    """``text`` with an OCR's letter for the digit one read as the digit, every character where it was: the dates
    found in it are spans of ``text`` itself (the text keeps what the scan has)."""
    return OCR_ONE.sub("1", text) if ("l" in text or "I" in text) else text


def find_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """All full dates in ``text`` as (start, end, date), in order, without overlaps."""
    text = ocr_digits(text)
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
    if "年" in text:
        for m in HAN_DATE.finditer(text):
            try:
                day = dt.date(han_number(m.group("y")), han_number(m.group("m")), han_number(m.group("d")))
            except (ValueError, KeyError):
                continue
            if taken.add(m.start(), m.end()):
                found.append((m.start(), m.end(), day))
    return sorted(found)


def parse_date(text: str) -> dt.date | None:
    """The single date a short line states, e.g. '22 января 1950 г.'; None otherwise."""
    found = find_dates(text)
    return found[0][2] if found else None


_UNIT = r"\s*(?:[ap]\.\s?m\.?|hrs?\.?|hours|ч(?:ас(?:а|ов)?)?\.?(?:\s*\d{1,2}\s*мин(?:ут)?\.?)?)"
_CLOCK = rf"\d{{1,2}}(?:[.:]\d{{2}}(?:{_UNIT})?|{_UNIT})"
TIME_AFTER = re.compile(rf"^[,.]?\s*(?:at\s+|в\s+)?{_CLOCK}(?:\s*[–-]\s*{_CLOCK})?\.?$", re.I)


def is_date_line(text: str) -> bool:
    """True if the line is a dateline: a date, perhaps after a place ('Beijing, 3 October 1950')."""
    found = find_dates(text)
    if len(found) != 1:
        return False
    s, e, _ = found[0]
    before, after = text[:s].strip(), text[e:].strip(" .,*#")
    if text[s:e].endswith(("日", "号")):  # '一九五〇年六月十一日下午五时': the hour may follow
        after = re.sub(r"^[（(]?(?:上午|下午|晚上|晚|早上|中午|凌晨)?[〇○零一二三四五六七八九十\d]{1,3}[时点](?:[〇○零一二三四五六七八九十\d]{1,3}分)?[）)]?", "", after)
    after = TIME_AFTER.sub("", after)  # 'Кремль, 20 августа 1952 г., 22.00–23.45', '…, 10 p.m.'
    return not after and (not before.strip(" .,*#") or bool(re.fullmatch(r"[A-ZА-ЯЁ][\w\- ]{1,30},", before)))


WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "fifteen": 15, "twenty": 20,
                "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "один": 1, "одна": 1, "два": 2, "две": 2,
                "три": 3, "четыре": 4, "пять": 5, "десять": 10, "пятнадцать": 15, "двадцать": 20, "тридцать": 30,
                "сорок": 40, "пятьдесят": 50}
_NUMBER = "|".join(sorted(map(re.escape, WORD_NUMBERS), key=len, reverse=True)) + r"|\d+(?:[.,]\d+)?"
_ABOUT = r"(?:approximately\s+|about\s+|около\s+)?"
_MINUTES = r"minutes?|минут[ы]?"
# 'two hours', 'one hour and fifteen minutes', '1 час 30 минут', 'forty minutes', 'an hour and a half', 'полтора часа'
DURATION = re.compile(
    rf"\b{_ABOUT}(?:(?P<andhalf>{_NUMBER})\s+(?:and a half\s+hours|(?:часа|часов)\s+с половиной)"
    rf"|(?P<h>{_NUMBER})\s+(?:hours?|час(?:а|ов)?)(?:(?:\s+and|,)?\s+(?P<hm>{_NUMBER})\s+(?:{_MINUTES}))?"
    rf"|(?P<m>{_NUMBER})\s+(?:{_MINUTES})"
    rf"|(?P<half>half an hour|полчаса)|(?P<hh>an hour and a half|one and a half hours|полтора часа))\b", re.I)


def _number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return WORD_NUMBERS.get(text.lower()) or float(text.replace(",", "."))
    except ValueError:
        return None


def duration_value(m: re.Match) -> str | None:
    """The ISO 8601 duration of a DURATION match ('PT1H15M', 'PT40M', 'PT1H30M'), None if a number is not one."""
    if m.group("half"):
        return "PT30M"
    if m.group("hh"):
        return "PT1H30M"
    if m.group("andhalf"):
        hours = _number(m.group("andhalf"))
        return None if hours is None else f"PT{int(hours) if float(hours).is_integer() else hours}H30M"
    hours, minutes = _number(m.group("h")), _number(m.group("hm") or m.group("m"))
    if (m.group("h") and hours is None) or ((m.group("hm") or m.group("m")) and minutes is None):
        return None

    def part(n: float | None, unit: str) -> str:
        return "" if not n else f"{int(n) if float(n).is_integer() else n}{unit}"

    return "PT" + part(hours, "H") + part(minutes, "M") if (hours or minutes) else None

