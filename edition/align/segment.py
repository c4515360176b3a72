"""Segmentation of a TEI language version into blocks and sentences (``s`` with stable ids).

Why in the TEI and not in a side table: readers, the HTML and the stand-off links all
point at the same ``xml:id``s, so a sentence is addressable wherever the text is shown.

Ids are positional: a block (p, head, item, ab, signed, dateline, salute, block-level
note) is ``{text}-b{n}`` in document order, its sentences ``{text}-b{n}-s{k}``, a turn
``{text}-t{n}``. The same text always gives the same ids; a change inside one block
renumbers only that block's sentences. Editor decisions also carry a text fingerprint,
so they survive even when a change elsewhere renumbers blocks (see overrides.py).

A boundary inside an inline element (persName, supplied, note, choice…) is never taken:
the sentence is extended to the element's end. ``sp/speaker`` and ``fw`` are labels and
scan furniture, not text of the record, and stay outside every ``s``.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from lxml import etree

from .sentences import boundaries

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CONTAINERS = {f"{T}{n}" for n in ("p", "head", "item", "ab", "signed", "dateline", "salute", "trailer", "byline")}
STRUCTURE = {f"{T}{n}" for n in ("div", "body", "sp", "opener", "closer", "front", "back", "list")}
ZERO_WIDTH = {f"{T}{n}" for n in ("pb", "lb", "cb", "milestone", "note", "gap", "fw", "anchor")}
SKIPPED_TEXT = {f"{T}{n}" for n in ("note", "desc", "sic", "fw", "orig")}


@dataclass
class Segment:
    """One sentence (``s``) of a language version, with what the aligner needs to place it."""

    id: str
    element: etree._Element
    block: str  # id of the block (p, head…) holding it
    unit: str  # id of its turn (sp), or of its block outside turns
    kind: tuple[str, str]  # ("sp", who) for turns, else (division type, block element)
    text: str  # the whole text, whitespace collapsed: what readers see and fingerprints hash


def normalise(text: str) -> str:
    return " ".join(text.split())


def fingerprint(text: str) -> str:
    """Eight hex digits of SHA-1 over the whitespace-normalised text: short enough to type,
    long enough that two different sentences of one conversation never collide in practice."""
    return hashlib.sha1(normalise(text).encode()).hexdigest()[:8]


def flat_text(el: etree._Element) -> str:
    """The running text of an inline element as a reader meets it (notes, sic, desc left out)."""
    if el.tag in ZERO_WIDTH or not isinstance(el.tag, str):
        return ""
    parts = [el.text or ""]
    for child in el:
        if child.tag not in SKIPPED_TEXT:
            parts.append(flat_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def is_container(el: etree._Element) -> bool:
    """A block whose phrase-level content is split into sentences."""
    if el.tag in CONTAINERS:
        return not any(a.tag in CONTAINERS or a.tag == f"{T}note" for a in el.iterancestors())
    return el.tag == f"{T}note" and el.getparent() is not None and el.getparent().tag in STRUCTURE


def unwrap(text_el: etree._Element, text_id: str) -> None:
    """Undo an earlier segmentation of this version, so aligning twice gives the same result."""
    # Each element holding sentences is rebuilt once with their content in their place (not by index and insert
    # per sentence, which count the siblings every time).
    # A version never segmented (every build's) has no sentence at all: one search says so, not one per element.
    segmented = text_el.find(f".//{T}s") is not None
    parents = [el for el in text_el.iter() if el.tag != f"{T}s" and el.find(f"{T}s") is not None] if segmented else []
    for parent in parents:
        pieces: list = []
        _opened(parent, pieces)
        for s in parent.findall(f"{T}s"):
            parent.remove(s)  # with its tail; what it held is in pieces
        text, tail_of, strings = parent.text, None, []
        for piece in pieces + [(None, None)]:
            if isinstance(piece, str):
                strings.append(piece)
                continue
            joined = "".join(strings)  # text is only ever added to: an empty addition leaves None as None
            if tail_of is None:
                parent.text = joined or text
            else:
                tail_of.tail = joined or text
            if piece[0] is None:
                break
            tail_of, text = piece
            tail_of.tail = None
            parent.append(tail_of)
            strings = []
    own = re.compile(rf"{re.escape(text_id)}-[bt]\d+")
    for el in text_el.iter():
        if isinstance(el.tag, str) and own.fullmatch(el.get(XML_ID, "")):
            del el.attrib[XML_ID]


def _opened(el: etree._Element, pieces: list) -> None:
    """The content of ``el`` in order, sentences opened: strings, and (element, its tail as it was) each followed
    by that tail."""
    pieces.append(el.text or "")
    for child in el:
        if child.tag == f"{T}s":
            _opened(child, pieces)
        else:
            pieces.append((child, child.tail))
        pieces.append(child.tail or "")


def _split_block(block: etree._Element, block_id: str) -> list[etree._Element]:
    """Wrap the block's content in ``s`` elements; the whitespace between sentences stays between them."""
    items: list[str | etree._Element] = [block.text or ""]
    for child in block:
        items += [child, child.tail or ""]
    spans, flat, offset = [], [], 0
    for item in items:
        piece = item if isinstance(item, str) else flat_text(item)
        spans.append((offset, offset + len(piece)))
        flat.append(piece)
        offset += len(piece)
    text = "".join(flat)
    if not text.strip():
        return []
    # The elements' spans follow one another, and the cuts are in order: which element a cut falls inside, which
    # cuts fall inside a string and which group a piece goes to are binary searches, not scans of a long paragraph.
    inside = [(a, b) for item, (a, b) in zip(items, spans) if not isinstance(item, str) and b > a]
    inside_starts = [a for a, _ in inside]

    def within_element(c: int) -> bool:
        k = bisect_left(inside_starts, c) - 1  # the last element starting before c: the only one that may hold it
        return k >= 0 and c < inside[k][1]

    cuts = [c for c in boundaries(text) if not within_element(c)]
    groups: list[list[str | etree._Element]] = [[] for _ in range(len(cuts) + 1)]
    for item, (a, b) in zip(items, spans):
        if isinstance(item, str):
            points = [a, *cuts[bisect_right(cuts, a):bisect_left(cuts, b)], b]
            for lo, hi in zip(points, points[1:]):
                groups[bisect_right(cuts, lo)].append(item[lo - a:hi - a])
        else:
            groups[bisect_right(cuts, a)].append(item)
    for child in list(block):
        child.tail = None
        block.remove(child)
    first = groups[0]
    lead = first[0][:len(first[0]) - len(first[0].lstrip())] if first and isinstance(first[0], str) else ""
    if lead:
        first[0] = first[0][len(lead):]
    block.text = lead or None
    out = []
    for k, group in enumerate(groups, 1):
        s = etree.SubElement(block, f"{T}s")
        s.set(XML_ID, f"{block_id}-s{k}")
        trail = ""
        if group and isinstance(group[-1], str):
            stripped = group[-1].rstrip()
            trail, group[-1] = group[-1][len(stripped):], stripped
        last = None  # the sentence's last child so far (len(s) would count them at every string)
        for item in group:
            if isinstance(item, str):
                if last is not None:
                    last.tail = (last.tail or "") + item
                else:
                    s.text = (s.text or "") + item
            else:
                s.append(item)
                last = item
        s.tail = trail or None
        out.append(s)
    return out


def segment_text(text_el: etree._Element, text_id: str) -> list[Segment]:
    """Segment one language version in place; the sentences in document order."""
    unwrap(text_el, text_id)
    segments: list[Segment] = []
    n_block = n_turn = 0
    turn_ids: dict[etree._Element, str] = {}
    for sp in text_el.iter(f"{T}sp"):
        n_turn += 1
        turn_ids[sp] = f"{text_id}-t{n_turn}"
    blocks = [el for el in text_el.iter() if isinstance(el.tag, str) and is_container(el)]
    for el in blocks:
        n_block += 1
        block_id = f"{text_id}-b{n_block}"
        sentences = _split_block(el, block_id)
        if not sentences:
            continue
        el.set(XML_ID, block_id)
        sp = next((a for a in el.iterancestors(f"{T}sp")), None)
        if sp is not None:
            sp.set(XML_ID, turn_ids[sp])
            unit, kind = turn_ids[sp], ("sp", sp.get("who", ""))
        else:
            div = next((a for a in el.iterancestors(f"{T}div")), None)
            unit, kind = block_id, ((div.get("type") or "div") if div is not None else "body", etree.QName(el).localname)
        for s in sentences:
            segments.append(Segment(s.get(XML_ID), s, block_id, unit, kind, normalise(flat_text(s))))
    return segments
