"""Endnotes of an export put back at their markers (issue 9: "footnotes and endnotes as note at their marker,
also markers glued to words").

A translation printed with notes ends with them as a numbered list ("1. Intermediary between the Chinese
government and …"), and the text carries their numbers where they attach, glued to the word or after its
punctuation ("comprador1 capital", "Ma's cavalry2,", "with us.3") or, in a copy typed by hand, as a bare digit
after the word ("CC-ist 1,"). Read as they come, the numbers are words of the text and the notes a list of the
body. When the body ends with a list numbered 1…N and the text before it has the markers 1…N in that order,
each marker becomes the note (``Note(type="translator", n=k)``, its words as the list gives them, without the
"k. ") and the list goes: nothing is lost, the note's words stand where the writer attached them. Anything
less than the whole sequence leaves text and list as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..model import Block, BlockNote, BlockPageBreak, Dropped, Closer, Division, Head, ListBlock, Note, Para, Supplied, Turn
from .text import RawPara

# a marker glued to a word ('comprador1') or after the punctuation that ends it ('us.3', 'cavalry2,')
# (after punctuation only at a word's end: 'op.1,' is a reference, not a marker)
_GLUED = r"(?<=[^\W\d_]){n}(?=[\s,.;:)]|$)|(?<=[^\W\d_][.!?\"”’)]){n}(?=\s|$)"
# a bare number after a word ('CC-ist 1,'): taken only when it is the only one left in the text
_SPACED = r"(?<=[^\W\d_]) {n}(?=[\s,.;:]|$)"
# a note's number where it begins: '1. ', '2) ', or a superscript '¹ ' (then its markers are superscripts too),
# the first under the rule of underscores that opens the notes ('_____ ¹ The agreements …': the rule is kept
# before the notes' first words, so nothing of the line is lost)
SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_ITEM_NUMBER = re.compile(r"^\s*(?P<rule>_{5,}\s*)?(?:(?P<n>\d{1,2})[.)]|(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}))\s+")


def _item_number(text: str) -> int | None:
    match = _ITEM_NUMBER.match(text)
    return int((match.group("n") or match.group("sup")).translate(SUPERSCRIPTS)) if match else None


def _without_number(text: str) -> str:
    """A note's text without its number (a rule of underscores before it stays: attach_endnotes reports it)."""
    return _ITEM_NUMBER.sub(lambda m: m.group("rule") or "", text, count=1)


RULE = re.compile(r"^_{5,}\s*")


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def attach_endnotes(blocks: list[Block]) -> tuple[list[Block], int, str | None]:
    """``blocks`` with a closing list of notes moved to its markers; the number of notes moved (0: unchanged) and
    the rule of underscores that stood above them, taken out of the first note (for the conversion report)."""
    found = _closing_list(blocks)
    if found is None:
        return blocks, 0, None
    container, index, notes = found
    strings = list(_strings(blocks, stop=container[index]))  # the text before the notes
    places = _markers(strings, len(notes))
    if places is None:
        return blocks, 0, None
    rule = None
    first = notes[0][1]
    if first and isinstance(first[0], str) and RULE.match(first[0]):
        rule = RULE.match(first[0]).group(0).strip()
        first[0] = RULE.sub("", first[0], count=1)
    for (owner, position, start, end), (number, content) in reversed(list(zip(places, notes))):
        text = owner[position]
        owner[position:position + 1] = [x for x in (text[:start], Note(content, type="translator", n=number),
                                                    text[end:]) if x != ""]
    del container[index:index + (1 if isinstance(container[index], ListBlock) else len(notes))]
    return blocks, len(notes), rule


def _closing_list(blocks: list[Block]) -> tuple[list[Block], int, list[tuple[str, list]]] | None:
    """The list that ends the body (inside its last division, page breaks aside), numbered 1…N — a list, or
    paragraphs each beginning with its number ('1. CC clique, …') — : (the block list holding it, the index of
    its first block, [(number, content without 'k. ')])."""
    container, point = blocks, None
    while container:
        index = len(container) - 1
        while index >= 0 and isinstance(container[index], BlockPageBreak):
            index -= 1
        if index < 0:
            return None
        last = container[index]
        if isinstance(last, Division):
            container, point = last.blocks, (last if last.type == "point" else None)
            continue
        if isinstance(last, Para):
            found = _numbered_paras(container, index)
            # a numbered point's own first paragraph ("1. …" of point 1) is the point, not a note ('A1' then
            # "1. x" lost 'A1''s digit to a note and emptied the point: found by tests/test_robustness.py)
            if found is not None and point is not None and found[1] == 0 and str(_number(container[0])) == point.n:
                return None
            return found
        if not isinstance(last, ListBlock) or not last.items:
            return None
        notes = []
        for k, (n, content) in enumerate(last.items, 1):
            if n != str(k):
                return None
            content = list(content)
            if content and isinstance(content[0], str):
                content[0] = _without_number(content[0])
            notes.append((str(k), content))
        return container, index, notes
    return None


def _numbered_paras(container: list[Block], last: int) -> tuple[list[Block], int, list[tuple[str, list]]] | None:
    """Paragraphs ending ``container`` at ``last`` that begin '1. ', '2. ', … in order (no page break between)."""
    first = last
    while first >= 0 and isinstance(container[first], Para) and _number(container[first]) is not None:
        if _number(container[first]) == 1:
            break
        first -= 1
    if first < 0 or not isinstance(container[first], Para) or _number(container[first]) != 1:
        return None
    paras = container[first:last + 1]
    if [_number(p) for p in paras] != list(range(1, len(paras) + 1)):
        return None
    if len(paras) == 1:  # notes typed on consecutive lines, joined into one paragraph: '1. … 2. …'
        return container, first, _split_numbered(paras[0].content)
    return container, first, [(str(k), [_without_number(p.content[0]), *p.content[1:]])
                              for k, p in enumerate(paras, 1)]


def _split_numbered(content: list) -> list[tuple[str, list]]:
    """'1. The note of 10 March. 2. At Kaesong.' as notes 1 and 2 (numbers in sequence after a sentence's end);
    the inline items of ``content`` stay with the note they stand in."""
    notes: list[tuple[str, list]] = [("1", [])]
    for item in content:
        if not isinstance(item, str):
            notes[-1][1].append(item)
            continue
        pos = 0
        for match in re.finditer(r"(?<=[.!?”\"])\s+(\d{1,2})\.\s+", item):
            if int(match.group(1)) != len(notes) + 1:
                continue
            notes[-1][1].append(item[pos:match.start()])
            notes.append((match.group(1), []))
            pos = match.end()
        notes[-1][1].append(item[pos:])
    first = notes[0][1]
    if first and isinstance(first[0], str):
        first[0] = _without_number(first[0])
    return [(n, [x for x in c if x != ""]) for n, c in notes]


def _number(para: Para) -> int | None:
    head = para.content[0] if para.content and isinstance(para.content[0], str) else ""
    return _item_number(head)


def _fill_asterisk(blocks: list[Block], marker: str, text: str) -> bool:
    """The reader made an asterisk glued to a word a note of the editors saying that its note is missing
    (``Note(type="editorial", n="*")``): the page's note is that note."""
    for owner, position in _items(blocks, stop=None):
        item = owner[position]
        if isinstance(item, Note) and item.type == "editorial" and item.n == marker:
            owner[position] = Note([text], type="translator", n=marker)
            return True
    return False


def _inline_lists(blocks: list, stop: object) -> Iterator[list]:
    """Every inline list of ``blocks`` (a paragraph's, a head's, a signature's …) in reading order, up to ``stop``."""
    def walk(block) -> Iterator[list]:
        if isinstance(block, (Para, Head)):
            yield block.content
        elif isinstance(block, Turn):
            yield from block.paras
        elif isinstance(block, Division):
            for child in block.blocks:
                if child is stop:
                    return
                yield from walk(child)
        elif isinstance(block, ListBlock):
            for _, content in block.items:
                yield content
        elif isinstance(block, Closer):
            yield from (*block.signed, block.dateline or [], block.salute or [])

    for block in blocks:
        if block is stop:
            return
        yield from walk(block)


def _items(blocks: list, stop: object) -> Iterator[tuple[list, int]]:
    """(the inline list, the index) of every inline item of ``blocks`` not inside another, up to ``stop``."""
    for items in _inline_lists(blocks, stop):
        for i in range(len(items)):
            yield items, i


def _strings(blocks: list, stop: object) -> Iterator[tuple[list, int]]:
    """(the inline list, the index) of every text string of ``blocks`` in reading order (inside words supplied
    too), up to ``stop``."""
    def inline(items: list) -> Iterator[tuple[list, int]]:
        for i, item in enumerate(items):
            if isinstance(item, str):
                yield items, i
            elif isinstance(item, Supplied):
                yield from inline(item.content)

    for items in _inline_lists(blocks, stop):
        yield from inline(items)


def _markers(strings: list[tuple[list, int]], count: int) -> list[tuple[list, int, int, int]] | None:
    """Where markers 1…count stand, in order: (inline list, index, start, end) each; None unless all do."""
    places = []
    at = (0, 0)  # (string number, offset) after the last marker found
    for k in range(1, count + 1):
        place = _find(strings, at, re.compile(_GLUED.format(n=k)), unique=False)
        if place is None:  # 'Xinjiang¹'
            place = _find(strings, at, re.compile(_GLUED.format(n=_superscript(k))), unique=False)
        if place is None:
            place = _find(strings, at, re.compile(_SPACED.format(n=k)), unique=True)
        if place is None:
            return None
        number, start, end = place
        owner, position = strings[number]
        places.append((owner, position, start, end))
        at = (number, end)
    return places


def _find(strings: list[tuple[list, int]], at: tuple[int, int], pattern: re.Pattern,
          unique: bool) -> tuple[int, int, int] | None:
    hits = []
    for number in range(at[0], len(strings)):
        owner, position = strings[number]
        text = owner[position]
        for match in pattern.finditer(text, at[1] if number == at[0] else 0):
            hits.append((number, match.start(), match.end()))
            if not unique:
                return hits[0]
    return hits[0] if len(hits) == 1 else None


# ------------------------------------------------------------------ footnotes at the foot of a page

# a printed page's notes under a short rule, each opening with its superscript number ('¹ AVP RF, f. 07 …') or a
# circled one ('① 指中国共产党…'), right before the next page (or the end of the text)
PAGE_NOTE_START = re.compile(r"^(?P<n>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,2}|[①-⑳]|\*{1,3})\s*")
CIRCLED = {chr(0x2460 + k): str(k + 1) for k in range(20)}


@dataclass
class PageNotes:
    """The notes of one page: (their marker as printed, their text) in order, and the rule above them with its
    line (the rule is no note's words: the conversion report lists it as left out)."""

    notes: list[tuple[str, str]]
    rule: Dropped


def page_footnotes(paras: list[RawPara]) -> tuple[list[RawPara], list[PageNotes]]:
    """``paras`` without the notes at the foot of each page, and those notes. A page's notes are taken only when
    every one of their markers stands, in order, in the text of that page or the ones before it since the last
    notes taken: otherwise they stay paragraphs where they are (nothing is guessed)."""
    kept: list[RawPara] = []
    found: list[PageNotes] = []
    since = 0  # the first kept paragraph after the last notes taken
    for i, para in enumerate(paras):
        page_ends = i + 1 == len(paras) or paras[i + 1].page_break
        notes = _page_notes(para.lines) if page_ends else None
        if notes and _markers_in(" ".join(line for p in kept[since:] for line in p.lines), [m for m, _ in notes]):
            found.append(PageNotes(notes, Dropped(para.line_nos[0], para.lines[0].strip(), "the rule above a page's "
                                                  "notes (each note is at its marker)")))
            since = len(kept)
            continue
        kept.append(para)
    return kept, found


def _page_notes(lines: list[str]) -> list[tuple[str, str]] | None:
    stripped = [" ".join(line.split()) for line in lines]
    if len(stripped) < 2 or not RULE.fullmatch(stripped[0]) or not PAGE_NOTE_START.match(stripped[1]):
        return None
    notes: list[list[str]] = []
    for line in stripped[1:]:
        m = PAGE_NOTE_START.match(line)
        if m:
            notes.append([m.group("n"), line[m.end():]])
        else:
            notes[-1][1] = notes[-1][1][:-1] if notes[-1][1].endswith("-") and line[:1].islower() else notes[-1][1] + " "
            notes[-1][1] += line
    return [(marker, text.strip()) for marker, text in notes]


def _marker_pattern(marker: str) -> re.Pattern:
    if marker.startswith("*"):  # '1951–1953*': after a word or a figure, not '**' when '*' is looked for
        return re.compile(r"(?<=[\w.)\]])" + re.escape(marker) + r"(?!\*)")
    return re.compile(r"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹])" + re.escape(marker) + r"(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")


def _markers_in(text: str, markers: list[str]) -> bool:
    at = 0
    for marker in markers:
        m = _marker_pattern(marker).search(text, at)
        if m is None:
            return False
        at = m.end()
    return True


def attach_page_footnotes(blocks: list[Block], pages: list[PageNotes]) -> list[Block]:
    """Each page note in place of its marker (``Note(type="translator", n=…)``, its number as a digit), in order;
    a note whose marker the text no longer has (a marker inside a name the reader marked up) ends the record as a
    note of its own, so that its words are not lost."""
    strings = list(_strings(blocks, stop=None))
    at = (0, 0)
    left: list[Block] = []
    for page in pages:
        for marker, text in page.notes:
            if marker.startswith("*") and _fill_asterisk(blocks, marker, text):
                continue
            n = CIRCLED.get(marker) or marker.translate(SUPERSCRIPTS)
            place = _find(strings, at, _marker_pattern(marker), unique=False)
            if place is None:
                left.append(BlockNote([text], type="translator"))
                continue
            number, start, end = place
            owner, position = strings[number]
            whole = owner[position]
            owner[position:position + 1] = [x for x in (whole[:start], Note([text], type="translator", n=n),
                                                        whole[end:]) if x != ""]
            strings = list(_strings(blocks, stop=None))  # the string split around the note: go on after it
            at = (number + (1 if whole[:start] else 0), 0)
    return blocks + left
