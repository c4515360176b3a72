"""Facing pages: which passages each spread of the printed edition holds.

WeasyPrint has one flow of boxes and no parallel flows (its issue #298), so the two sides of a
spread cannot be laid out against each other. The print stylesheet therefore sets each side
of a spread as a box of its own (``section.page-side``: the original on the verso, the
translation on the recto, each starting a page of its side), and the spreads are chosen here:

1. **measure**: print.xsl with ``measure`` sets every facing conversation's passages in one
   side box per version, on one tall page of the text block's width (``body.measure``), its
   footnotes in the flow; the passages' anchors give where each passage starts on its side.
2. **pack**: spreads are filled greedily, passage by passage, while both sides fit the text
   block's height (less room for the footnote rule on a side with notes); a passage taller
   than a page on either side gets a spread of its own, and a warning.
3. **check**: in the rendered book each side must start on its page (verso: even, recto: the
   next one) and end there; a side that ran over is split before its last passage and the book
   set again (:class:`~edition.publish.pdf.PdfBuilder` does that, at most a few times).

Ids (print.xsl): a passage ``<conv>-p<n>-<version>``, a side ``<conv>-s<k>-<version>`` (the
first spread's sides carry the version's id instead), its end ``<conv>-s<k>-<version>-end``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import html as lxml_html

#: room left on a side whose passages have footnotes: the footnote area's rule and spacing
#: (print.css @footnote: margin-top 3mm, padding-top 1.5mm, .4pt rule), in CSS px
FOOTNOTE_ROOM = 19.0
#: what a side is allowed to fill of the text block: line heights are rounded, widows move lines
FILL = 0.985


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@dataclass
class Side:
    """One version of a facing conversation as measured: where each passage starts on its side."""

    version: str
    starts: dict[int, float] = field(default_factory=dict)   # passage -> y from the side's top
    end: float = 0.0                                           # the side's height
    notes: set[int] = field(default_factory=set)               # passages with footnotes

    def height(self, passages: list[int], first: int, last: int) -> float:
        """The height of passages[first..last]: from the start of the first (the side's top for
        the first spread, which carries the version's heading) to the start of the one after."""
        top = 0.0 if first == 0 else self.starts[passages[first]]
        bottom = self.starts[passages[last + 1]] if last + 1 < len(passages) else self.end
        return bottom - top

    def room(self, passages: list[int], first: int, last: int, capacity: float) -> float:
        """How much of the text block passages[first..last] may fill on this side."""
        with_notes = any(n in self.notes for n in passages[first:last + 1])
        return capacity * FILL - (FOOTNOTE_ROOM if with_notes else 0.0)


@dataclass
class Facing:
    """A conversation printed on facing pages: its passages (numbers) and its two sides."""

    conv: str
    passages: list[int]
    sides: list[Side]


def _positions(document) -> dict[str, tuple[int, float]]:
    """anchor -> (page number, y from the top of the document, pages stacked)."""
    found: dict[str, tuple[int, float]] = {}
    offset = 0.0
    for number, page in enumerate(document.pages, start=1):
        for anchor, rect in page.anchors.items():   # (x1, y1, x2, y2) of the element's box
            found.setdefault(anchor, (number, offset + rect[1]))
        offset += page.height
    return found


def _sides(root) -> Iterable[tuple[str, int, str, object]]:
    """(conv, spread, version, side element) for every side of every spread, in order."""
    for spread in root.xpath(f"//div[@id][{_has_class('spread')}]"):
        conv, _, k = spread.get("id").rpartition("-s")
        for end in spread.xpath(f".//div[@id][{_has_class('side-end')}]"):
            version = end.get("id")[len(f"{conv}-s{k}-"):-len("-end")]
            yield conv, int(k), version, end.getparent()


def measured(document, measure_html: str) -> dict[str, Facing]:
    """The facing conversations of a rendered measure document (print.xsl with ``measure``).

    ``document`` is the ``weasyprint.Document``; ``measure_html`` its HTML, which gives the
    structure (conversations, sides, passages, which passages hold footnotes); the pages'
    anchors give the positions.
    """
    at = _positions(document)
    facing: dict[str, Facing] = {}
    for conv, _, version, element in _sides(lxml_html.fromstring(measure_html)):
        top = at[element.get("id")][1]
        side = Side(version, end=at[_end_id(element)][1] - top)
        for passage in element.xpath(f".//div[@id][{_has_class('passage')}]"):
            n = int(passage.get("data-n"))
            side.starts[n] = at[passage.get("id")][1] - top
            if passage.xpath(f".//*[{_has_class('footnote')}]"):
                side.notes.add(n)
        entry = facing.setdefault(conv, Facing(conv, [], []))
        entry.sides.append(side)
        entry.passages = sorted(set(entry.passages) | set(side.starts))
    return facing


def _end_id(side_element) -> str:
    return side_element.xpath(f"div[{_has_class('side-end')}]/@id")[0]


@dataclass(frozen=True)
class Overlong:
    """A passage taller than a page on one side: it has a spread of its own and runs over."""

    conv: str
    passage: int
    version: str
    height: float


def pack(conv: Facing, capacity: float) -> tuple[list[str], list[Overlong]]:
    """The passages that open a spread after the first (as print.xsl's ``spread-breaks``), and the
    passages too tall for a page.

    ``capacity`` is the height of the text block (CSS px). Greedy: a spread takes the next
    passage while every side still fits, which fills each spread as far as its longer side allows.
    """
    passages = conv.passages
    breaks: list[str] = []
    overlong: list[Overlong] = []
    first = 0
    while first < len(passages):
        last = first
        while last + 1 < len(passages) and all(
                side.height(passages, first, last + 1) <= side.room(passages, first, last + 1, capacity)
                for side in conv.sides):
            last += 1
        if last == first:
            overlong += [Overlong(conv.conv, passages[first], side.version, side.height(passages, first, first))
                         for side in conv.sides
                         if side.height(passages, first, first) > side.room(passages, first, first, capacity)]
        if first:
            breaks.append(f"{conv.conv}-p{passages[first]}")
        first = last + 1
    return breaks, overlong


@dataclass(frozen=True)
class Misfit:
    """A side of a spread that did not stay on its page in the rendered book."""

    conv: str
    spread: int
    version: str
    first_page: int
    last_page: int


def misfits(document, book_html: str) -> list[Misfit]:
    """The sides of the rendered book that are not one page each, verso then recto.

    A spread's first side (the original) must start on an even page (a verso), its second on
    the page after, and each must end on the page it starts on.
    """
    at = _positions(document)
    found: list[Misfit] = []
    verso_page: dict[tuple[str, int], int] = {}
    for conv, spread, version, element in _sides(lxml_html.fromstring(book_html)):
        start, end = at.get(element.get("id")), at.get(_end_id(element))
        if start is None or end is None:
            continue
        first, last = start[0], end[0]
        verso = verso_page.setdefault((conv, spread), first)
        wrong_place = first % 2 == 1 if verso == first else first != verso + 1
        if last != first or wrong_place:
            found.append(Misfit(conv, spread, version, first, last))
    return found


def spread_passages(book_html: str) -> dict[tuple[str, int], list[int]]:
    """(conv, spread) -> the passages the spread holds, from the book's HTML."""
    found: dict[tuple[str, int], list[int]] = {}
    for conv, spread, _, element in _sides(lxml_html.fromstring(book_html)):
        numbers = [int(n) for n in element.xpath(f".//div[{_has_class('passage')}]/@data-n")]
        found.setdefault((conv, spread), numbers)
    return found
