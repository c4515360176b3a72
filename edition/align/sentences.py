"""Sentence boundaries in running Russian or English text (pure text, no XML).

Why our own rules instead of a general tokenizer: the records are short, archival and
bilingual, and the hard cases are few and specific — comrades ("т. Сталин", "тов.",
"т.т. Микояну", "comr.", "comrs."), initials ("I.V.", "A.N.", "И. В."), archival
references ("F. 558. Op. 11. D.329."), "etc." / "и др." / "1950 г." that may or may not
end a sentence, and an ellipsis that opens a quotation. A fixed, documented rule set
gives the same boundaries on every rebuild, which the stable segment ids rely on.
"""

from __future__ import annotations

import re

# Abbreviations that never end a sentence: they stand before a name or a number.
NON_FINAL = frozenset("""
т тт т.т тов г-н гр им ст см стр напр ул пос проф акад ген ф оп д л лл
comr comrs com mr mrs messrs dr st no nos vol op ll l f d p pp gen col lt capt prof gov jr sr mt vs cf
e.g i.e
""".split())
# Abbreviations that may also end a sentence: a boundary when the next word is capitalised.
MAY_END = frozenset("etc др пр т.д т.п тыс млн млрд руб коп".split())
# A whole token (before its last dot) made of one-letter parts: an initial ("I", "I.V", "т.т").
INITIALS = re.compile(r"^(?:[^\W\d_]\.)*[^\W\d_]$")
# The token after a candidate boundary that shows it was not one: an initial or an archival siglum.
NEXT_ABBREVIATION = re.compile(r"^(?:[^\W\d_]\.|(?:Op|LL|Ll|No|Nos|оп|лл)\.)", re.IGNORECASE)
TERMINAL = re.compile(r"(?:[.!?…]+)[\"»”’')\]]*(?=\s)")
OPENERS = "\"«“‘'([—–-…"
FIRST_WORD = re.compile(r"\s*(\S*)")  # as str.split gives it


def _token_before(text: str, end: int) -> str:
    """The word the terminal punctuation ending at ``end`` (exclusive of it) is attached to."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(OPENERS + "/")


def _is_boundary(text: str, punct_start: int, punct: str, next_start: int) -> bool:
    """Whether the terminal punctuation ``punct`` at ``punct_start`` ends a sentence."""
    if next_start >= len(text):
        return False
    following = text[next_start]
    if following.islower() or following in ",;:)]":
        return False
    before = text[punct_start - 1] if punct_start else ""
    if not (before.isalnum() or before in ")]\"»”’'%"):
        return False  # an ellipsis that opens a quotation (': «... Эта статья'), or stray dots
    if before in "\"'" and (punct_start < 2 or text[punct_start - 2].isspace() or text[punct_start - 2] in ":("):
        return False  # the same after a straight quote that opens ('статьи: "... Эта')
    next_word = FIRST_WORD.match(text, next_start).group(1)  # not a split of all the rest of the text
    if punct[0] != ".":
        return True  # ? ! … always end a sentence when a capital follows
    token = _token_before(text, punct_start)
    key = token.casefold()
    if punct.startswith("..") and not punct.startswith("..."):
        return True  # "etc.." — the abbreviation's dot plus the sentence's
    if key in MAY_END:
        return not NEXT_ABBREVIATION.match(next_word)
    if NEXT_ABBREVIATION.match(next_word):
        return False  # "F. 558. Op. 11", "558. D.329."
    if key in ("г", "гг"):  # год after a number may end a sentence; город before a name does not
        return _after_number(text, punct_start, key)
    if key in NON_FINAL or INITIALS.match(token):
        return False
    return True


def _after_number(text: str, end: int, key: str) -> bool:
    """Whether ``key`` ends at ``end`` after a number and spaces ("1950 г"): the regular expression is tried where
    the spaces before the key begin, never over all the text before it."""
    at = end - len(key)
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at > 0 and bool(re.fullmatch(r"\d\s*" + key, text[at - 1:end], re.IGNORECASE))


def _point_number(text: str, end: int, sentence_start: int) -> bool:
    """Whether the number before ``end`` numbers a point: it opens the sentence or follows a colon."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if not re.fullmatch(r"[\"«“(]?\d{1,3}", text[start:end]):
        return False
    before = start  # back over the spaces before the number (not a copy of the text before it)
    while before > 0 and text[before - 1].isspace():
        before -= 1
    return start <= sentence_start or before <= sentence_start or (before > 0 and text[before - 1] == ":")


def boundaries(text: str) -> list[int]:
    """Offsets where a new sentence starts (never 0); the whitespace between stays before them."""
    cuts: list[int] = []
    for match in TERMINAL.finditer(text):
        start, end = match.span()
        next_start = end
        while next_start < len(text) and text[next_start].isspace():
            next_start += 1
        punct = re.match(r"[.!?…]+", match.group()).group()
        if punct == "." and _point_number(text, start, cuts[-1] if cuts else 0):
            continue  # the number of a point ("2. I informed…", ': "1. Immediate…') opens its sentence
        if _is_boundary(text, start, punct, next_start):
            cuts.append(next_start)
    return cuts


def split(text: str) -> list[str]:
    """The sentences of ``text`` (for tests and tools; the TEI segmenter uses ``boundaries``)."""
    cuts = [0, *boundaries(text), len(text)]
    return [text[a:b].strip() for a, b in zip(cuts, cuts[1:]) if text[a:b].strip()]
