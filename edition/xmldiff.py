"""``edition diff``: a TEI file returned by a partner against ours, as an editor reads a change.

Three layers, each compared as a sequence (difflib) after canonicalising both files -- formatting ignored
(whitespace runs are one space, indentation and attribute order do not count, comments and processing
instructions left out):

- **header**: each element of ``teiHeader`` as its path, attributes and text, a mixed-content element whole with
  its names in place (a changed date, an added ``idno``, a new ``change``, a relinked name in the summary);
- **text**: the words of everything outside the header (a corrected reading, a dropped sentence);
- **markup**: the elements and attributes outside the header, words left out (a name linked, a ``hi`` added,
  a paragraph split).

Each difference is a :class:`Change` located at a line of both files, and becomes a ``diff.<layer>`` diagnostic;
docs/exchange.md says where an accepted change is carried back (seeds/meta, the registers or mention decisions,
the transcript or its corrections) so that the next build keeps it.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from .errors import Diagnostic
from .xmlsafe import parse_xml

T = "{http://www.tei-c.org/ns/1.0}"
CONTEXT = 12  # words or items shown on each side of a change


@dataclass(frozen=True)
class Item:
    """One comparable unit of a layer, with the line it comes from (not compared)."""
    key: str
    line: int | None


@dataclass
class Change:
    layer: str  # "header" | "text" | "markup"
    kind: str  # "added" | "removed" | "changed"
    before: str
    after: str
    line_a: int | None
    line_b: int | None

    def diagnostic(self, file_b: str) -> Diagnostic:
        before, after = (_focus(self.before, self.after) if self.kind == "changed"
                         else (_short(self.before), _short(self.after)))
        what = {"added": f"added {after!r}", "removed": f"removed {before!r}",
                "changed": f"{before!r} became {after!r}"}[self.kind]
        origin = f" (ours: line {self.line_a})" if self.line_a else ""
        code = "diff.header" if self.layer == "header" else "diff.text" if self.layer == "text" else "diff.markup"
        return Diagnostic(code, "info", f"{self.layer}: {what}{origin}", file_b, self.line_b)


def _short(text: str, limit: int = 160) -> str:
    """A long header line cut in its middle for a message (the JSON output has it whole)."""
    return text if len(text) <= limit else f"{text[:limit // 2]} … {text[-limit // 2:]}"


def _focus(before: str, after: str, context: int = 40) -> tuple[str, str]:
    """Two long strings cut to where they differ, with some context: the change is what the editor must see."""
    if len(before) <= 160 and len(after) <= 160:
        return before, after
    head = len(os.path.commonprefix([before, after]))
    tail = len(os.path.commonprefix([before[head:][::-1], after[head:][::-1]]))
    start = max(0, head - context)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - tail + context)
        return ("… " if start else "") + _short(text[start:end]) + (" …" if end < len(text) else "")
    return cut(before), cut(after)


def _name(el: etree._Element) -> str:
    q = etree.QName(el)
    return q.localname if q.namespace in (None, T[1:-1]) else f"{{{q.namespace}}}{q.localname}"


def _attributes(el: etree._Element) -> str:
    return "".join(f" {etree.QName(k).localname if k.startswith(T) else k.replace('{http://www.w3.org/XML/1998/namespace}', 'xml:')}"
                   f"=\"{' '.join(v.split())}\"" for k, v in sorted(el.attrib.items()))


def _own_text(el: etree._Element) -> str:
    return " ".join(((el.text or "") + "".join(c.tail or "" for c in el)).split())


def _inline(el: etree._Element) -> str:
    """A mixed-content element's text with its children written in place: 'between {persName ref="#mao"}Mao{/}'."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str):
            parts.append(f"{{{_name(child)}{_attributes(child)}}}{_inline(child)}{{/}}")
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def header_items(root: etree._Element) -> list[Item]:
    """One item per header element; a mixed-content element (a title, a summary's paragraph) is one item with
    its names written in place, so that a changed word or link shows in its sentence."""
    header = root.find(f"{T}teiHeader")
    items: list[Item] = []

    def walk(el: etree._Element) -> None:
        path = "/".join(_name(a) for a in reversed([el, *el.iterancestors()]) if a is not root)
        if _own_text(el):
            items.append(Item(f"{path}{_attributes(el)}: {_inline(el)}", el.sourceline))
            return
        items.append(Item(f"{path}{_attributes(el)}", el.sourceline))
        for child in el:
            if isinstance(child.tag, str):
                walk(child)

    if header is not None:
        walk(header)
    return items


def _body_parts(root: etree._Element) -> list[etree._Element]:
    return [c for c in root if isinstance(c.tag, str) and c.tag != f"{T}teiHeader"]


def text_items(root: etree._Element) -> list[Item]:
    items = []

    def words(text: str | None, line: int | None) -> None:
        items.extend(Item(w, line) for w in (text or "").split())

    def walk(el: etree._Element) -> None:
        words(el.text, el.sourceline)
        for child in el:
            if isinstance(child.tag, str):
                walk(child)
            words(child.tail, child.sourceline)

    for part in _body_parts(root):
        walk(part)
    return items


def markup_items(root: etree._Element) -> list[Item]:
    items = []
    for part in _body_parts(root):
        for event, el in etree.iterwalk(part, events=("start", "end")):
            if not isinstance(el.tag, str):
                continue
            items.append(Item(f"<{_name(el)}{_attributes(el)}>" if event == "start" else f"</{_name(el)}>",
                              el.sourceline))
    return items


def _changes(layer: str, a: list[Item], b: list[Item], joiner: str) -> list[Change]:
    matcher = difflib.SequenceMatcher(None, [i.key for i in a], [i.key for i in b], autojunk=False)
    found = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            continue
        kind = {"replace": "changed", "delete": "removed", "insert": "added"}[op]
        before = joiner.join(i.key for i in a[a1:a2][:CONTEXT]) + (" …" if a2 - a1 > CONTEXT else "")
        after = joiner.join(i.key for i in b[b1:b2][:CONTEXT]) + (" …" if b2 - b1 > CONTEXT else "")
        line_a = a[a1].line if a1 < len(a) else (a[-1].line if a else None)
        line_b = b[b1].line if b1 < len(b) else (b[-1].line if b else None)
        found.append(Change(layer, kind, before, after, line_a, line_b))
    return found


def compare_trees(a: etree._Element, b: etree._Element) -> list[Change]:
    """Every difference between two TEI documents, header first, then text, then markup."""
    return (_changes("header", header_items(a), header_items(b), "; ")
            + _changes("text", text_items(a), text_items(b), " ")
            + _changes("markup", markup_items(a), markup_items(b), " "))


def compare_files(ours: Path, theirs: Path) -> list[Change]:
    """Both files parsed as safely as any (no DTD, entities or XInclude followed)."""
    return compare_trees(parse_xml(ours, xinclude="keep").getroot(), parse_xml(theirs, xinclude="keep").getroot())
