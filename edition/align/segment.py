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
    for s in list(text_el.iter(f"{T}s")):
        parent = s.getparent()
        index = parent.index(s)
        _add_text(parent, index, s.text or "")
        children = list(s)
        for offset, child in enumerate(children):
            parent.insert(index + offset, child)  # the child's tail moves with it
        tail, s.tail = s.tail or "", None
        parent.remove(s)
        _add_text(parent, index + len(children), tail)
    own = re.compile(rf"{re.escape(text_id)}-[bt]\d+")
    for el in text_el.iter():
        if isinstance(el.tag, str) and own.fullmatch(el.get(XML_ID, "")):
            del el.attrib[XML_ID]


def _add_text(parent: etree._Element, index: int, text: str) -> None:
    """Append ``text`` where position ``index`` of ``parent`` begins (after child index-1)."""
    if not text:
        return
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text


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
    inside = [(a, b) for item, (a, b) in zip(items, spans) if not isinstance(item, str) and b > a]
    cuts = [c for c in boundaries(text) if not any(a < c < b for a, b in inside)]
    groups: list[list[str | etree._Element]] = [[] for _ in range(len(cuts) + 1)]
    for item, (a, b) in zip(items, spans):
        if isinstance(item, str):
            points = [a, *(c for c in cuts if a < c < b), b]
            for lo, hi in zip(points, points[1:]):
                groups[sum(c <= lo for c in cuts)].append(item[lo - a:hi - a])
        else:
            groups[sum(c <= a for c in cuts)].append(item)
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
        for item in group:
            if isinstance(item, str):
                if len(s):
                    s[-1].tail = (s[-1].tail or "") + item
                else:
                    s.text = (s.text or "") + item
            else:
                s.append(item)
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
