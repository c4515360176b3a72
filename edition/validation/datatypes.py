"""Python checks for the XML Schema datatypes the project's schema uses, for explaining failures.

Why: libxml2 only says "Element date failed to validate attributes". To tell an editor
*which* value is wrong and what would be right, the explainer re-checks each value with
these functions. They mirror XSD 1.0 lexical rules for the few types the edition uses;
tests prove they agree with libxml2 and xmlschema on generated and mutated documents.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

TZ = r"(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?"
_DATE = re.compile(rf"(-?)(\d{{4,}})-(\d\d)-(\d\d){TZ}")
_YEAR_MONTH = re.compile(rf"(-?)(\d{{4,}})-(\d\d){TZ}")
_YEAR = re.compile(rf"(-?)(\d{{4,}}){TZ}")
_TIME = re.compile(rf"(\d\d):(\d\d):(\d\d)(\.\d+)?{TZ}")
_DATETIME = re.compile(rf"(-?\d{{4,}}-\d\d-\d\d)T(\d\d:\d\d:\d\d(\.\d+)?){TZ}")
_DURATION = re.compile(r"-?P(?=\d|T\d)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?")

DESCRIPTIONS = {
    "date": "a date YYYY-MM-DD", "gYearMonth": "a month YYYY-MM", "gYear": "a year YYYY",
    "time": "a time of day hh:mm:ss", "duration": "a duration such as PT1H30M", "anyURI": "a URI",
    "string": "text", "token": "a word", "dateTime": "a date and time",
}


def _year_ok(sign: str, year: str) -> bool:
    return (len(year) == 4 or not year.startswith("0")) and int(year) != 0


def is_date(value: str) -> bool:
    m = _DATE.fullmatch(value.strip())
    if not m or not _year_ok(m.group(1), m.group(2)):
        return False
    year, month, day = int(m.group(2)), int(m.group(3)), int(m.group(4))
    if not 1 <= month <= 12:
        return False
    days = [31, 29 if calendar.isleap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return 1 <= day <= days


def is_year_month(value: str) -> bool:
    m = _YEAR_MONTH.fullmatch(value.strip())
    return bool(m) and _year_ok(m.group(1), m.group(2)) and 1 <= int(m.group(3)) <= 12


def is_year(value: str) -> bool:
    m = _YEAR.fullmatch(value.strip())
    return bool(m) and _year_ok(m.group(1), m.group(2))


def is_time(value: str) -> bool:
    m = _TIME.fullmatch(value.strip())
    if not m:
        return False
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if hour == 24:
        return minute == 0 and second == 0 and not (m.group(4) or "").strip(".0")
    return hour < 24 and minute < 60 and second < 60


def is_datetime(value: str) -> bool:
    m = _DATETIME.fullmatch(value.strip())
    return bool(m) and is_date(m.group(1)) and is_time(m.group(2))


def is_duration(value: str) -> bool:
    return bool(_DURATION.fullmatch(value.strip()))


BUILTINS: dict[str, Callable[[str], bool]] = {
    "date": is_date, "gYearMonth": is_year_month, "gYear": is_year, "time": is_time, "dateTime": is_datetime,
    "duration": is_duration, "string": lambda v: True, "token": lambda v: True,
    "anyURI": lambda v: True,
}


def builtin(name: str) -> Callable[[str], bool]:
    """The check for an XSD builtin type; unknown types are accepted (libxml2 decides)."""
    return BUILTINS.get(name, lambda v: True)


def pattern_check(base: str, pattern: str) -> Callable[[str], bool]:
    """An XSD pattern facet (implicitly anchored) on a base type. Our patterns use no XSD-only syntax."""
    regex = re.compile(pattern)
    check = builtin(base)
    return lambda v: bool(regex.fullmatch(v)) and check(v)
