"""Archival references such as 'RGASPI F. 558. Op. 11. D.329. LL. 8-18' found in text and split into their parts.

A reference is a repository (optional), then a chain of parts beginning with the fond, each part a marker and a
value: ``f. 45``, ``Op. 1``, ``papka 302``, ``Д. 329``, ``ll. 5, 7-9``, ``л. 12 об.``. Each part has its own small
grammar in ``PARTS`` (its markers, Latin and Cyrillic, any case, with or without a dot, and the shape of its
value); between parts the chain allows a comma, dot, colon, semicolon or plain space, and line breaks anywhere;
the parts may come in any order, each at most once (a second fond begins the next reference). The repository is
the name written just before the fond: a known archive's full name (``REPOSITORIES``), a capitalised name with
its abbreviation in brackets, or an abbreviation such as ``APRF``, ``AVP RF``, ``АП РФ``, ``TsAMO``. A former
signature may follow the reference ("(formerly APRF f. 45 …)", "(old: …)"), or the current one ("(now RGASPI
f. 558 …)"); it becomes ``ArchivalRef.former``.

Nothing is normalised: values are kept as written ("0100", "23а", "R-5446", "12 ob."), the whole reference too
(``raw``, whitespace collapsed), and a part that is not written is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import ArchivalRef

# ------------------------------------------------------------------ the parts

_SUFFIX = r"(?:[a-zа-яё](?![\w]))?"  # a letter after the number: 'op. 11a', 'оп. 23а'
_NUMBER = rf"\d+{_SUFFIX}"
_FOLIO = rf"\d+{_SUFFIX}(?:\s?(?:ob|об)\.?(?![\w]))?"  # '12', '12v', '12 ob.', '12об.'
_RANGE = rf"{_FOLIO}(?:\s*[-–—]\s*{_FOLIO})?"


@dataclass(frozen=True)
class Part:
    markers: str  # the words that name the part (an alternation; a dot after them is optional)
    value: str  # the shape of its value


PARTS: dict[str, Part] = {
    "fond": Part(r"fonds?|f|фонд|ф", rf"(?:[a-zа-я]-?)?{_NUMBER}"),  # 'R-5446' (GARF)
    "opis": Part(r"opis['’ʹ]?|op|опись|оп", rf"{_NUMBER}|(?-i:[IVXLC]+)(?![\w])"),  # 'op. 11a', 'op. II'
    "papka": Part(r"papka|pap|p|папка|пап|п", _NUMBER),
    "por": Part(r"por(?:jadkovyj|yadkovyy|iadkovyi)?(?:\s+nomer)?|порядковый\s+номер|пор", _NUMBER),
    "delo": Part(r"delo|dela|d|дело|д", rf"{_NUMBER}(?:/\d+)?"),
    "tom": Part(r"tom|t|том|т", _NUMBER),
    # 'll. 5, 7-9', but not '… ll. 5, 7 January'
    "folios": Part(r"listy|list|ll|l|листы|лист|лл|л", rf"{_RANGE}(?:\s*,\s*(?=\d){_RANGE}(?!\s+[^\W\d_]{{3}}))*"),
}
# The archive's own hierarchy, top down (papka and por stand between opis and delo); folios are no level of it.
HIERARCHY = ("fond", "opis", "papka", "por", "delo", "tom")

# a part: its marker, an optional dot, an optional gloss in brackets ('fond (f.) 45'), an optional '№'/'No.'/':'
_PART_RE = {
    name: re.compile(rf"(?<![\w])(?:{part.markers})(?![\w])\.?\s*(?:\([^()\d]{{1,8}}\)\s*)?(?:(?:№|No\.|:)\s*)?"
                     rf"(?P<value>{part.value})(?![\w])", re.I)
    for name, part in PARTS.items()}
_FOND_START = re.compile(rf"(?<![\w])(?:{PARTS['fond'].markers})(?![\w])", re.I)
_BETWEEN = re.compile(r"\s*[,;.:]?\s*")  # what may stand between two parts

# ------------------------------------------------------------------ the repository

_ACRONYM_WORD = r"[A-ZА-ЯЁ](?:[a-zа-яё]{0,2}[A-ZА-ЯЁ])+[a-zа-яё]*"  # APRF, RF, TsAMO, RTsKhIDNI, BArch
_ACRONYM = rf"{_ACRONYM_WORD}(?:[ -]{_ACRONYM_WORD}){{0,2}}"  # AVP RF, АП РФ, SAPMO-BArch
# Known archives' full names, English and Russian (an abbreviation in brackets may follow).
REPOSITORIES = [
    r"Archive of the President(?:,| of the| of)? Russian Federation",
    r"Presidential Archive(?: of the Russian Federation)?",
    r"(?:Archive of (?:the )?Foreign Policy|Foreign Policy Archive) of the Russian Federation",
    r"Russian State Archive of (?:Socio-Political|Social-Political|Social and Political) History",
    r"Russian State Archive of Contemporary History",
    r"Russian State Archive of the Economy",
    r"Russian State Military Archive",
    r"State Archive of the Russian Federation",
    r"Central Archive of the (?:Russian )?Ministry of Defen[cs]e(?: of the Russian Federation)?",
    r"Архив Президента Российской Федерации",
    r"Архив внешней политики Российской Федерации",
    r"Российский государственный архив социально-политической истории",
    r"Российский государственный архив новейшей истории",
    r"Российский государственный архив экономики",
    r"Государственный архив Российской Федерации",
    r"Центральный архив Министерства обороны(?: Российской Федерации)?",
]
_BRACKETED = rf"\s*\(\s*{_ACRONYM}\s*\)"
_KNOWN = "|".join(name.replace(" ", r"\s+") for name in REPOSITORIES)  # a name may be broken over lines
_KNOWN_END = re.compile(rf"(?:{_KNOWN})(?:{_BRACKETED})?$", re.I)
_NAMED_END = re.compile(rf"(?<![\w-])(?:[A-ZА-ЯЁ][\w'’-]*\s+(?:(?:of|the|and|for|on)\s+)*)+\(\s*{_ACRONYM}\s*\)$")
_ACRONYM_END = re.compile(rf"(?<![\w-]){_ACRONYM}$")
_REPOSITORY_SEPARATOR = re.compile(r"[\s,:;.]*$")

# ------------------------------------------------------------------ former and current signatures

_FORMER_WORDS = (r"formerly|former(?:\s+(?:signature|reference|shelfmark|number))?|"
                 r"old(?:\s+(?:signature|reference|shelfmark|number))?|previously|earlier|"
                 r"ранее|бывш\.|прежний\s+шифр|старый\s+шифр|старый")
_NOW_WORDS = r"now|currently|new(?:\s+(?:signature|reference|shelfmark))?|ныне|теперь|новый\s+шифр"
_ANOTHER = re.compile(rf"[^\S\n]*[,;]?\s*(?P<open>[(\[])?\s*(?:(?P<former>{_FORMER_WORDS})|(?P<now>{_NOW_WORDS}))"
                      rf"(?![\w])\s*[:\-–]?\s*", re.I)


@dataclass
class _Found:
    start: int  # where the reference begins (its repository, or its fond)
    end: int  # where its last part ends
    repository: str | None
    parts: dict[str, tuple[str, int, int, int]]  # part -> (value as written, value start, value end, part start)


def _chain(text: str, pos: int) -> tuple[dict[str, tuple[str, int, int, int]], int]:
    """The parts from ``pos`` (where a fond marker stands) on, and where the last one ends."""
    parts: dict[str, tuple[str, int, int, int]] = {}
    end = pos
    while True:
        at = _BETWEEN.match(text, end).end() if parts else pos
        for name, regex in _PART_RE.items():  # the markers are such that at most one part matches
            m = regex.match(text, at)
            if m:
                break
        else:
            return parts, end
        if name in parts or (not parts and name != "fond"):
            return parts, end
        parts[name] = (m.group("value"), m.start("value"), m.end("value"), m.start())
        end = m.end()


def _repository(text: str, start: int, floor: int) -> tuple[str | None, int]:
    """The repository written just before ``start`` (not before ``floor``), as written, and where it begins."""
    floor = max(floor, start - 300)
    before = text[floor:start]
    before = before[:_REPOSITORY_SEPARATOR.search(before).start()]
    for pattern in (_KNOWN_END, _NAMED_END, _ACRONYM_END):
        m = pattern.search(before)
        if m:
            return " ".join(m.group(0).split()), floor + m.start()
    return None, start


def _find_one(text: str, fond_at: int, floor: int, strict: bool) -> _Found | None:
    parts, end = _chain(text, fond_at)
    if "fond" not in parts:
        return None
    repository, start = _repository(text, fond_at, floor)
    # a lone fond ('F. 3') is a reference only under a repository's name, or as a former signature
    if strict and len(parts) < 2 and repository is None:
        return None
    return _Found(start, end, repository, parts)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _ref(text: str, found: _Found, start: int, end: int) -> ArchivalRef:
    """The ArchivalRef of ``found``, written as ``text[start:end]`` (which contains it)."""
    segment = text[start:end]

    def at(i: int) -> int:  # a position of ``text`` in the collapsed segment
        return len(_collapse(segment[:i - start] + "x")) - 1

    values = {name: _collapse(v) for name, (v, _, _, _) in found.parts.items()}
    spans = tuple(sorted(((name, at(s), at(s) + len(values[name])) for name, (_, s, _, _) in found.parts.items()),
                         key=lambda span: span[1]))
    folio_text, ranges, folios = None, [], None
    if "folios" in found.parts:
        _, _, value_end, part_start = found.parts["folios"]
        folio_text = _collapse(text[part_start:value_end])
        for r in re.finditer(_RANGE, values["folios"], re.I):
            ends = re.split(r"\s*[-–—]\s*", r.group(0), maxsplit=1)
            ranges.append((ends[0], ends[-1]))
        folios = (ranges[0][0], ranges[-1][1])
    return ArchivalRef(raw=_collapse(segment), repository=found.repository or "unknown", fond=values.get("fond"),
                       opis=values.get("opis"), delo=values.get("delo"), papka=values.get("papka"),
                       folios=folios, por=values.get("por"), tom=values.get("tom"), folio_text=folio_text,
                       folio_ranges=ranges, spans=spans)


def _another(text: str, end: int) -> tuple[str, _Found, int] | None:
    """A former ('formerly …', '(old: …)') or current ('(now …)') signature right after a reference:
    which of the two it is, the reference, and where it ends (with its closing bracket)."""
    m = _ANOTHER.match(text, end)
    if not m:
        return None
    fond = _FOND_START.search(text, m.end())
    if not fond or fond.start() - m.end() > 120:
        return None
    found = _find_one(text, fond.start(), m.end(), strict=False)
    if found is None or found.start != m.end():  # nothing but a repository between the word and the fond
        return None
    stop = found.end
    if m.group("open"):
        close = re.match(r"\s*[)\]]", text[stop:])
        if not close:
            return None
        stop += close.end()
    return ("former" if m.group("former") else "now"), found, stop


def find_archival(text: str) -> list[tuple[int, int, ArchivalRef]]:
    """Every archival reference in ``text``: (start, end, reference), start and end in ``text`` itself.

    The span covers the repository (when one is written), every part, and a former or current signature
    that follows; it stops before what follows ('. Reprinted in …', '. Translated by …') and before the
    sentence's full stop.
    """
    out: list[tuple[int, int, ArchivalRef]] = []
    floor = 0
    for m in _FOND_START.finditer(text):
        if m.start() < floor:
            continue
        found = _find_one(text, m.start(), floor, strict=True)
        if found is None:
            continue
        end = found.end
        other = _another(text, end)
        if other is None:
            ref = _ref(text, found, found.start, end)
        else:
            kind, other_found, end = other
            if kind == "former":
                ref = _ref(text, found, found.start, end)
                ref.former = _ref(text, other_found, other_found.start, other_found.end)
            else:  # '(now …)': the other one is the current signature, this one the former
                ref = _ref(text, other_found, found.start, end)
                ref.former = _ref(text, found, found.start, found.end)
        out.append((found.start, end, ref))
        floor = end
    return out


def parse_archival(text: str) -> ArchivalRef | None:
    """The first archival reference in ``text``, split into its parts; None if there is none (no fond)."""
    found = find_archival(text)
    return found[0][2] if found else None
