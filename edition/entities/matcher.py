"""Finding register names in running text, in English and Russian: the engine of the entity index
(``edition/entities/index.py``; use ``registers.index``, which builds this once per registers object).

Text and register names are cut into the same tokens (words with inner hyphens;
an apostrophe-s is a token of its own, so "Mao Zedong's" holds "Mao Zedong").
A Russian name token matches every inflected form of it that pymorphy3 knows
(Сталин → Сталина, Сталину…; Цзэ-дун → Цзэ-дуном), so registers list nominatives
only. All-capital variants (UN, PRC, КЧЖД) are abbreviations and match exactly;
other names must start with a capital letter in the text, unless the register
writes that variant in lower case (Russian "гоминдан"). The longest name wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from ..registers import Registers

# a word with its inner hyphens and apostrophes (Wade–Giles 'Ch'en Yün', 'Li Fu-ch'un'), but not a possessive 's
# Chinese characters are each a token: Chinese writes no spaces, and '毛泽东同志' holds '毛泽东'
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LETTERS = rf"[^\W\d_{_HAN}]"
TOKEN = re.compile(rf"{_LETTERS}+(?:[-‐]{_LETTERS}+|['’](?!s\b){_LETTERS}+)*|['’]s\b|\d+|[{_HAN}]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
SENTENCE_PUNCTUATION = ".!?:;\"»"
INITIALS_BEFORE = re.compile(r"(?<![^\W\d_])(?:[A-ZА-ЯЁ]\.\s?){1,3}$")  # 'I.V. ', not the 'I. ' of 'II. '
# the end of an abbreviation that a register name stops short of: 'Kovalev I.V|.', 'U.S|.', 'CC VKP/b|/'
ABBREVIATION_END = re.compile(r"(?:(?<=\.[A-ZА-ЯЁ])|(?<=\s[A-ZА-ЯЁ]))\.|(?<=/[a-zа-я])/")
INITIALS_BEFORE_WIDTH = 9  # the longest text INITIALS_BEFORE can match: three of 'A. '
INITIALS_AFTER = re.compile(r"\s(?:[A-ZА-ЯЁ]\.){1,3}")  # matched at a position, not on a copy of the rest
SEPARATOR = re.compile(r"[ \t\n.\-‐/]{0,3}")
SEPARATOR_COMMA = re.compile(r"[ \t\n.\-‐/]{0,3}|,[ \t\n]{1,2}")  # in a name written with a comma


class Token(NamedTuple):
    """A word of the text and where it is; ``key`` is how it is looked up (lower case, ё as е, plain apostrophe
    and hyphen). A tuple, its key made once: the tagger cuts hundreds of thousands of them per build."""

    text: str
    start: int
    end: int
    key: str


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    kind: str
    ref: str
    ambiguous: bool = False


@dataclass(frozen=True)
class _Pattern:
    forms: tuple[frozenset[str], ...]  # per token: the accepted (lower-case) forms
    exact: tuple[str, ...] | None  # for abbreviations: tokens as written
    kind: str
    ref: str
    ambiguous: bool
    capitalised: bool  # written with a capital in the register: must be capitalised in the text too
    comma: bool = False  # written with a comma ('Archive of the President, Russian Federation'): one may stand there


def token_key(word: str) -> str:
    """How a word is looked up: lower case, ё as е, the plain apostrophe and hyphen. Three replacements of one
    character by one, not str.translate with a table, which looks every character up (six times slower on a
    paragraph: the tagger keys the whole text of every run)."""
    return word.lower().replace("ё", "е").replace("’", "'").replace("‐", "-")


def tokenize(text: str) -> list[Token]:
    # the whole text's keys at once, each token's a slice of it: where lower() keeps the lengths, and without a
    # capital sigma (whose lower case depends on the letters after it, which a token alone does not have)
    keys = token_key(text)
    if len(keys) != len(text) or "Σ" in text:
        return [Token(m.group(), m.start(), m.end(), token_key(m.group())) for m in TOKEN.finditer(text)]
    return [Token(m.group(), start, end, keys[start:end]) for m in TOKEN.finditer(text) for start, end in (m.span(),)]


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=20000)
def russian_forms(word: str) -> frozenset[str]:
    """Every form of a Russian word in its most likely paradigm, lower case."""
    word = word.lower().replace("ё", "е")
    parses = _morph().parse(word)
    forms = {word}
    if parses:
        forms |= {f.word.replace("ё", "е") for f in parses[0].lexeme}
    return frozenset(forms)


@lru_cache(maxsize=20000)
def masculine_forms(word: str) -> frozenset[str]:
    """The cases of a man's name declined as Russian declines a Chinese name's last syllable (Су Юй → Су Юя,
    Вэнь-тянь → Вэнь-тяня, Ван → Вана), which pymorphy3, not knowing the word, may take for a verb or a feminine
    noun ('тянь', 'вэнь-тянь'). Vowel endings are not declined (Ши Чжэ, Мао, Су)."""
    last = word.rsplit("-", 1)[-1]
    head = word[:len(word) - len(last)]
    if len(last) < 2:
        return frozenset()
    if last.endswith(("ь", "й")):
        stem, endings = last[:-1], ("я", "ю", "ем", "е")
    elif last[-1] in "бвгджзклмнпрстфхцчшщ":
        stem, endings = last, ("а", "у", "ом", "е")
    else:
        return frozenset()
    return frozenset(head + stem + ending for ending in endings)


def _is_abbreviation(tokens: list[Token]) -> bool:
    letters = "".join(t.text for t in tokens if t.text[0].isalpha())
    return bool(letters) and letters.isupper() and len(letters) <= 8 and len(tokens) <= 3


class NameMatcher:
    """All register names of all kinds, indexed by the forms of their first token."""

    def __init__(self, registers: Registers):
        self._index: dict[str, list[_Pattern]] = {}
        # the letters a person's initials may be: the first letters of the words of the register's names ('I' and
        # 'V' for Stalin, not 'I' for Mao Zedong: the 'I.' before 'Mao Zedong' is a point's number, see find)
        self._initials: dict[str, frozenset[str]] = {
            entity.id: frozenset(t.text[0].upper() for name in entity.names for t in tokenize(name.text))
            for entity in registers.entities.values() if entity.kind == "person"}
        for entity in registers.entities.values():
            for name in entity.names:
                self._add(entity, name.text, name.subtype == "ambiguous")
                # "Мао Цзэ-дун" is also printed "МАО-ЦЗЭ-ДУНОМ", "Hong Kong" "Hong-Kong", "Kim Il-sung" "Kim Il Sung"
                for spelling in ("-".join(name.text.split()), re.sub(r"(?<=\w)-(?=\w)", " ", name.text)):
                    if spelling != name.text:
                        self._add(entity, spelling, name.subtype == "ambiguous")
        for patterns in self._index.values():
            patterns.sort(key=lambda p: len(p.forms), reverse=True)

    # The matcher as plain values (str, bool, tuples, frozensets, a dict, lists), for the build's cache of it
    # (``Registers.index``): building it takes pymorphy3's dictionaries and every form of every Russian name, about
    # a second, on every build that reads a transcript.
    def state(self) -> tuple:
        patterns: dict[int, int] = {}
        table: list[tuple] = []
        index = {}
        for first, found in self._index.items():
            numbers = []
            for pattern in found:
                if id(pattern) not in patterns:
                    patterns[id(pattern)] = len(table)
                    table.append((pattern.forms, pattern.exact, pattern.kind, pattern.ref, pattern.ambiguous,
                                  pattern.capitalised, pattern.comma))
                numbers.append(patterns[id(pattern)])
            index[first] = numbers
        return (table, index, self._initials)

    @classmethod
    def from_state(cls, state: tuple) -> "NameMatcher":
        table, index, initials = state
        patterns = [_Pattern(*values) for values in table]
        matcher = cls.__new__(cls)
        matcher._index = {first: [patterns[n] for n in numbers] for first, numbers in index.items()}
        matcher._initials = initials
        return matcher

    def _add(self, entity, text: str, ambiguous: bool) -> None:
        tokens = tokenize(text)
        if not tokens:
            return
        if _is_abbreviation(tokens):
            pattern = _Pattern(tuple(frozenset({t.text}) for t in tokens), tuple(t.text for t in tokens),
                               entity.kind, entity.id, ambiguous, True)
        else:
            forms = tuple((russian_forms(t.text) | (masculine_forms(t.key) if entity.kind == "person" else frozenset()))
                          if CYRILLIC.search(t.text) else frozenset({t.key}) for t in tokens)
            pattern = _Pattern(forms, None, entity.kind, entity.id, ambiguous, tokens[0].text[0].isupper(),
                               "," in text)
        for first in pattern.forms[0]:
            self._index.setdefault(first, []).append(pattern)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping name matches in ``text``, longest first at each position."""
        tokens = tokenize(text)
        matches: list[Match] = []
        index = self._index
        i = 0
        while i < len(tokens):
            if tokens[i].text not in index and tokens[i].key not in index:  # most words begin no name
                i += 1
                continue
            found = self._match_at(text, tokens, i)
            if found is None:
                i += 1
                continue
            pattern, n = found
            start, end = tokens[i].start, tokens[i + n - 1].end
            at_sentence_start = _at_sentence_start(text, start)
            if pattern.kind == "person":
                # look back and ahead a bounded window only: a long paragraph is not copied for every name
                window = max(0, start - INITIALS_BEFORE_WIDTH)
                before = INITIALS_BEFORE.search(text, window, start)
                letters = re.findall(r"\w", before.group(0)) if before else []
                # a lone 'I.', 'V.' or 'X.' may be a point's number ('I. Mao Zedong informed …'): an initial only
                # when it is one of the person's (the first letters of the register's names)
                numeral = len(letters) == 1 and letters[0] in "IVX"
                if before and (not numeral or letters[0] in self._initials.get(pattern.ref, frozenset())):
                    start = before.start()
                after = INITIALS_AFTER.match(text, end)
                end = after.end() if after else end
            if ABBREVIATION_END.match(text, end):  # the abbreviation's own dot or slash belongs to the name
                end += 1
            matches.append(Match(start, end, pattern.kind, pattern.ref, pattern.ambiguous and at_sentence_start))
            i += n
        return matches

    def _match_at(self, text: str, tokens: list[Token], i: int) -> tuple[_Pattern, int] | None:
        first = tokens[i]
        # the patterns whose first token is this word as written (abbreviations) or as its key; a word in lower case
        # is its own key, and its one list is asked once (each list is sorted longest first already)
        as_written = self._index.get(first.text)
        as_key = self._index.get(first.key) if first.key != first.text else None
        if as_written is None and as_key is None:
            return None
        if as_written is not None and as_key is not None:
            candidates = sorted(as_written + as_key, key=lambda p: len(p.forms), reverse=True)
        else:
            candidates = as_written or as_key
        capitalised = first.text[0].isupper()
        for pattern in candidates:
            if pattern.capitalised and not capitalised and not pattern.exact:
                continue  # a name the register capitalises, and this word is not ('a', 'people', 'central')
            n = len(pattern.forms)
            if i + n > len(tokens):
                continue
            window = tokens[i:i + n]
            if pattern.exact:
                ok = all(t.text == e for t, e in zip(window, pattern.exact))
            else:
                ok = all(t.key in forms for t, forms in zip(window, pattern.forms))
            if ok and _adjacent(text, window, pattern.comma):
                return pattern, n
        return None


def _at_sentence_start(text: str, start: int) -> bool:
    """Whether only sentence-ending punctuation (and spaces) precede ``start``, or nothing at all. Looks back over
    the spaces before the name only, never the whole text before it."""
    i = start
    while i > 0 and text[i - 1].isspace():
        i -= 1
    if i == 0:
        return start == 0 or text[:start] == "\n"
    return text[i - 1] in SENTENCE_PUNCTUATION


def _adjacent(text: str, window: list[Token], comma: bool = False) -> bool:
    """Tokens of one name are separated by spaces, dots or hyphens only (not commas or brackets), or also by a
    comma when the register writes the name with one."""
    separator = SEPARATOR_COMMA if comma else SEPARATOR
    return all(separator.fullmatch(text[a.end:b.start]) for a, b in zip(window, window[1:]))
