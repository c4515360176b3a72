"""Lines and columns of elements and attributes, and the node an XPath ``path()`` names.

Why our own scan: lxml's ``sourceline`` is the line where a start tag *ends* (a tag spread
over several lines reports its last line) and there is no column. The scanner finds every
start tag in the source text in document order; paired with lxml's elements (also in
document order) it gives exact positions. Saxon reports rule failures as XPath 3.1
``path()`` expressions (``/Q{ns}TEI[1]/Q{ns}text[1]/@when``); :func:`resolve_path` walks
them on the lxml tree.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>"
                 r"|<(?P<name>[^\s/>!?][^\s/>]*)(?P<attrs>(?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>", re.S)
STEP = re.compile(r"/(?:Q\{(?P<ns>[^}]*)\}(?P<local>[^\[/]+)\[(?P<index>\d+)\]"
                  r"|@(?:Q\{(?P<ans>[^}]*)\})?(?P<alocal>[^/]+)|(?P<other>[a-z-]+\(\)\[\d+\]))")
ATTRIBUTE = re.compile(r"\s+([^\s=/>]+)\s*=\s*(?:\"[^\"]*\"|'[^']*')")
XML_NS = "http://www.w3.org/XML/1998/namespace"


class SourceMap:
    """Positions in one document's source text."""

    def __init__(self, data: bytes, tree: etree._ElementTree):
        encoding = tree.docinfo.encoding or "utf-8"
        try:
            self.text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            self.text = data.decode("utf-8", errors="replace")
        self.lines = self.text.splitlines()
        self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\n|\r", self.text)]
        self.tree = tree
        self._tags: dict[etree._Element, re.Match] | None = None

    def _position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def _scan(self) -> dict[etree._Element, re.Match]:
        if self._tags is None:
            tags = [m for m in TAG.finditer(self.text) if m.group("name")]
            elements = [e for e in self.tree.getroot().iter() if isinstance(e.tag, str)]
            self._tags = dict(zip(elements, tags)) if len(tags) == len(elements) else {}
        return self._tags

    def element(self, el: etree._Element) -> tuple[int | None, int | None]:
        """Line and column of the ``<`` that opens ``el``."""
        match = self._scan().get(el)
        return self._position(match.start()) if match else (el.sourceline, None)

    def attribute(self, el: etree._Element, clark: str) -> tuple[int | None, int | None]:
        """Line and column where attribute ``clark`` of ``el`` is written."""
        match = self._scan().get(el)
        if match is None:
            return el.sourceline, None
        q = etree.QName(clark)
        prefixes = ["xml"] if q.namespace == XML_NS else [p for p, u in el.nsmap.items() if u == q.namespace and p]
        names = [f"{p}:{q.localname}" for p in prefixes] if q.namespace else [q.localname]
        for found in ATTRIBUTE.finditer(match.group("attrs")):
            if found.group(1) in names:
                return self._position(match.start("attrs") + found.start(1))
        return self._position(match.start())

    def locate(self, el: etree._Element | None, attribute: str | None) -> tuple[int | None, int | None]:
        if el is None or not isinstance(el.tag, str):
            return None, None
        return self.attribute(el, attribute) if attribute else self.element(el)

    def snippet(self, line: int | None, width: int = 160) -> str | None:
        """The source line, trimmed (long lines cut around nothing in particular: the start)."""
        if not line or line > len(self.lines):
            return None
        text = self.lines[line - 1].strip()
        return text if len(text) <= width else text[:width - 1] + "…"

    def element_at_line(self, line: int, name: str | None = None) -> etree._Element | None:
        """The element libxml2 means by (line, local name): it reports the line where a start tag ends,
        or for a failed content model a line inside the element; so look at the elements on that
        line, or the last one before it, and their ancestors."""
        before = None
        for el in self.tree.getroot().iter():
            if not isinstance(el.tag, str) or el.sourceline is None:
                continue
            if el.sourceline > line:
                break
            before = el
            if el.sourceline == line and (name is None or etree.QName(el).localname == name):
                return el
        for el in [before, *(before.iterancestors() if before is not None else ())]:
            if el is not None and (name is None or etree.QName(el).localname == name):
                return el
        if name is not None:  # "Expecting element x, got y": y may begin on a later line
            for el in self.tree.getroot().iter():
                if isinstance(el.tag, str) and (el.sourceline or 0) >= line and etree.QName(el).localname == name:
                    return el
        return None


def resolve_path(root: etree._Element, path: str) -> tuple[etree._Element | None, str | None]:
    """The element (and attribute, as a Clark name) that an XPath 3.1 ``path()`` result names."""
    node: etree._Element | None = None
    attribute = None
    for step in STEP.finditer(path):
        if step.group("local") is not None:
            tag = f"{{{step.group('ns')}}}{step.group('local')}" if step.group("ns") else step.group("local")
            candidates = [root] if node is None else [c for c in node if c.tag == tag]
            index = int(step.group("index")) - 1
            if node is None and root.tag != tag or index >= len(candidates):
                return node, None
            node = candidates[index]
        elif step.group("alocal") is not None:
            ns = step.group("ans")
            attribute = f"{{{ns}}}{step.group('alocal')}" if ns else step.group("alocal")
        else:
            break  # a text or comment node: report its element
    return node, attribute
