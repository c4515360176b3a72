"""The layout of all the versions of a conversation page in parallel rows, made in Python for html.xsl.

What ``common/align.xsl``'s ``ed:layout`` makes of a TEI document for the set of all its versions (the rows,
the tracks inside a row, the order on a narrow screen: the comments there say how), computed with lxml and
given to ``html.xsl`` as its parameter ``rows-layout`` (:func:`layout_param`). In XSLT it was a tenth to a fifth
of the transform of the page of three aligned versions (Saxon-HE spends microseconds on each map and sequence
operation; here a few milliseconds with the parse); docs/scale.md, "HTML transform speed". ``ed:layout``
stays: print.xsl's facing pages use it, html.xsl uses it when the parameter is not given, and the tests
compare the pages made both ways. ``js/align.js`` (``layoutOf``) makes the layout of the versions a reader
chooses, the same way.

Where the document is not what the algorithm expects (a version without an id, an id given twice, links whose
rows have no fixpoint of tracks), no parameter is made and the stylesheet computes the layout itself.
"""

from __future__ import annotations

import re
from itertools import groupby

from lxml import etree

TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
_SPACE = re.compile(r"[ \t\r\n]+")
_NS = {"t": TEI[1:-1]}
# libxml2 (C) where it can: the elements of the ids $ids whose nearest text is $t; the ids of their ancestors
_NAMED_IN = etree.XPath("id($ids)[count(ancestor::t:text[1] | $t) = 1]", namespaces=_NS)
_ANCESTOR_IDS = etree.XPath("id($ids)/ancestor::*/@xml:id", smart_strings=False)
_MOST_ROUNDS = 10_000  # of ed:row-tracks' fixpoint: beyond, there is none (and no parameter is made)


def pointer_ids(value: str | None) -> list[str]:
    """``"#a #b"`` -> ``["a", "b"]`` (``ed:pointer-ids``: the pointers of one document; split at XML's white
    space only, as normalize-space does, which str.split() is for ASCII)."""
    value = value or ""
    tokens = value.split() if value.isascii() else _SPACE.split(value.strip(" \t\r\n"))
    return [t[1:] for t in tokens if t.startswith("#") and len(t) > 1]


def _texts(root: etree._Element) -> list[etree._Element]:
    """The language versions in document order: the texts of the group (or the one text)."""
    return [t for top in root.iterchildren(f"{TEI}text")
            for t in (top.findall(f"{TEI}group/{TEI}text") if top.find(f"{TEI}group") is not None else [top])]


def _versions(root: etree._Element) -> list[etree._Element]:
    """``ed:versions``: the language versions, the original(s) first."""
    texts = _texts(root)
    return [t for t in texts if t.get("type") == "original"] + [t for t in texts if t.get("type") != "original"]


def _nearest_text(e: etree._Element) -> etree._Element | None:
    return next(e.iterancestors(f"{TEI}text"), None)


def _inside(e: etree._Element, block: etree._Element) -> bool:
    """Whether ``block`` is an ancestor of ``e`` (looked for up to the text: a block's depth, a few levels)."""
    for a in e.iterancestors():
        if a is block:
            return True
        if a.tag == f"{TEI}text":
            return False
    return False


class _Links:
    """The paragraph links of one document: each group's versions and its adjacency (``ed:para-adjacency``)."""

    def __init__(self, groups: list[etree._Element]):
        self.groups = groups
        self.versions = {id(g): pointer_ids(g.get("corresp")) for g in groups}
        self.adjacency = {}
        for g in groups:
            adj: dict[str, list[str]] = {}
            for link in g.iterchildren(f"{TEI}link"):
                targets = pointer_ids(link.get("target"))
                for t in dict.fromkeys(targets):
                    adj.setdefault(t, []).extend(targets)
            self.adjacency[id(g)] = adj

    def linked(self, ids: list[str], groups: list[etree._Element]) -> list[str]:
        """``ed:linked``: the ids the links of ``groups`` link to ``ids``, ``ids`` left out, first seen first."""
        out = dict.fromkeys(t for g in groups for i in ids for t in self.adjacency[id(g)].get(i, ()))
        given = set(ids)
        return [t for t in out if t not in given]

    def closure(self, ids: list[str], groups: list[etree._Element]) -> list[str]:
        while True:
            more = self.linked(ids, groups)
            if not more:
                return ids
            ids = ids + more


def _starts(seq: list[str], head: list[str]) -> bool:
    return len(head) <= len(seq) and seq[:len(head)] == head


def _track_start(c: list[int], i: int) -> int:
    return 1 + sum(c[:i - 1])


def _track_end(c: list[int], i: int) -> int:
    return _track_start(c, i) + c[i - 1] - 1


def _by_version(runs: list[dict]) -> list[list[dict]]:
    """The runs of a row's other versions, grouped by version in order of first appearance (xsl:for-each-group)."""
    of: dict[int, list[dict]] = {}
    for run in runs:
        of.setdefault(run["v"], []).append(run)
    return list(of.values())


def _row_tracks(runs: list[dict], c: list[int]) -> list[int] | None:
    """``ed:row-tracks``: the pivot units' tracks, more where the runs linked to them need more (fixpoint); None
    if there is none (links that cross: each added track moves the next run as far; ed:row-tracks recurses)."""
    for _ in range(_MOST_ROUNDS):
        deficits = []
        for version in _by_version(runs):
            prev = 0
            for g in version:
                if g["a"] == 0:
                    prev += len(g["ids"])
                    continue
                start = max(_track_start(c, g["a"]), prev + 1)
                limit = _track_end(c, g["b"])
                if start + len(g["ids"]) - 1 > limit:
                    deficits.append((g["b"], start + len(g["ids"]) - 1 - limit))
                    break
                prev = limit
        if not deficits:
            return c
        c = [n + max([0] + [d for b, d in deficits if b == i]) for i, n in enumerate(c, 1)]
    return None


def layout(root: etree._Element) -> dict | None:
    """``ed:layout`` of all the versions of the TEI document ``root``: ``{"tracks": T, "units": {id: (first
    track, last track, order)}}``; None when the page has no rows (``ed:has-rows``) or the document is not what
    the algorithm expects (then the stylesheet makes it)."""
    shown = _versions(root)
    groups = [g for so in root.iterchildren(f"{TEI}standOff") for g in so.iterchildren(f"{TEI}linkGrp")
              if g.get("type") == "translation" and g.get("subtype") == "paragraph"]
    if len(shown) < 2 or not groups:
        return None
    # the versions' ids in document order, as ed:layout-rows has them ($shown/@xml:id): the same as the order
    # shown when the original comes first in the document (else ed:layout's $ids[v] is not the v-th shown)
    ids = [t.get(XML_ID) for t in _texts(root)]
    if None in ids or len(set(ids)) < len(ids):
        return None
    links = _Links(groups)
    # the key ed:para-named: the links and ptrs of every paragraph group of the document
    named = {i for g in root.iter(f"{TEI}linkGrp") if g.get("type") == "translation" and g.get("subtype") == "paragraph"
             for p in g if p.tag in (f"{TEI}link", f"{TEI}ptr") for i in pointer_ids(p.get("target"))}
    # ed:blocks: the outermost elements of a text (not of a text inside it) named by a paragraph link; found by
    # libxml2's table of the xml:ids (id(), in document order: the ids are unique, the schema's rule)
    listed = " ".join(named)
    if named.isdisjoint(_ANCESTOR_IDS(root, ids=listed)):  # none inside another: the named elements of each text
        in_text = {t: _NAMED_IN(root, ids=listed, t=t) for t in shown}
    else:
        in_text = {t: [] for t in shown}
        for e in root.xpath("id($ids)", ids=listed):
            blocks = in_text.get(_nearest_text(e))
            if blocks is not None and not (blocks and _inside(e, blocks[-1])):
                blocks.append(e)
    by_id: dict[str, int] = {}   # unit id -> its version's place (1 the pivot)
    order: dict[int, list[str]] = {}
    for v, t in enumerate(shown, 1):
        blocks = in_text[t]
        for b in blocks:
            if b.get(XML_ID) in by_id:
                return None
            by_id[b.get(XML_ID)] = v
        order[v] = [b.get(XML_ID) for b in blocks]
    units = [i for v in order for i in order[v]]
    orig = pointer_ids(groups[0].get("corresp"))[:1]
    orig = orig[0] if orig else ""
    used = [g for g in groups if links.versions[id(g)][1:2] and links.versions[id(g)][1] in ids]
    # every unit -> the first unit of its component; each component's units in the order of the units
    comp: dict[str, str] = {}
    for u in units:
        if u not in comp:
            for m in links.closure([u], used):
                if m in by_id and m not in comp:
                    comp[m] = u
    members: dict[str, list[str]] = {}
    parts: dict[str, dict[int, list[str]]] = {}  # a component's units of each version
    for u in units:
        members.setdefault(comp[u], []).append(u)
        parts.setdefault(comp[u], {v: [] for v in order})[by_id[u]].append(u)
    # rows in reading order: the component at the head of every version it has units in, the first version first
    rem = {v: list(order[v]) for v in order}
    rows = []
    for _ in units:
        heads = [rem[v][0] for v in rem if rem[v]]
        if not heads:
            break
        ready = [comp[h] for h in heads if all(_starts(rem[v], parts[comp[h]][v]) for v in rem)]
        key = (ready or [comp[heads[0]]])[0]
        rows.append(members[key])
        for v in rem:
            cv = parts[key][v]
            rem[v] = rem[v][len(cv):] if _starts(rem[v], cv) else [m for m in rem[v] if m not in members[key]]
    link_sets = {i: [g for g in used if links.versions[id(g)][1] == i] for i in ids}
    version_of: dict[str, set[str | None]] | None = None
    result: dict[str, tuple[int, int, int]] = {}
    tracks = placed_before = 0
    for row in rows:
        pivot = [m for m in row if by_id[m] == 1]
        place = {m: k for k, m in enumerate(pivot, 1)}
        runs: list[dict] = []
        # each other version's units, in runs linked to the same pivot units (xsl:for-each-group group-adjacent)
        keyed = []
        for x in row:
            v = by_id[x]
            if v == 1:
                continue
            own = link_sets[ids[v - 1]]
            if ids[0] == orig:
                s = links.linked([x], own)
            else:  # the first version shown is a translation: through the original's units
                if version_of is None:  # any id -> the ids of the texts its elements are in (key('xmlid'))
                    version_of = {}
                    for e in root.xpath("//*[@xml:id]"):
                        text = _nearest_text(e)
                        version_of.setdefault(e.get(XML_ID), set()).add(text.get(XML_ID) if text is not None else None)
                through = [t for t in links.linked([x], own) if orig in version_of.get(t, ())]
                s = links.linked(through, link_sets[ids[0]])
            at = [place[t] for t in s if t in place]
            keyed.append(((v, min(at), max(at)) if at else (v, 0, 0), x))
        for (v, a, b), group in groupby(keyed, key=lambda kx: kx[0]):
            runs.append({"v": v, "a": a, "b": b, "ids": [x for _, x in group]})
        c = _row_tracks(runs, [1] * len(pivot))
        if c is None:
            return None
        placed = [(p, _track_start(c, i), _track_end(c, i), (_track_end(c, i), 1, i)) for i, p in enumerate(pivot, 1)]
        for version in _by_version(runs):
            prev = 0
            for g in version:
                n = len(g["ids"])
                start = prev + 1 if g["a"] == 0 else max(_track_start(c, g["a"]), prev + 1)
                limit = start + n - 1 if g["a"] == 0 else _track_end(c, g["b"])
                placed += [(m, start + j, limit if j == n - 1 else start + j, (limit, g["v"], j + 1))
                           for j, m in enumerate(g["ids"])]
                prev = limit
        # for one column: each pivot unit, then its counterparts, by the end of the pivot units they render
        for k, (m, start, end, _) in enumerate(sorted(placed, key=lambda p: p[3]), 1):
            result.setdefault(m, (tracks + start, tracks + end, placed_before + k))
        tracks += max([0] + [p[2] for p in placed])
        placed_before += len(placed)
    return {"tracks": tracks, "units": result}


def layout_param(root: etree._Element) -> str:
    """The layout of all the versions as html.xsl's parameter ``rows-layout``: ``"T;id first last order;…"`` (T the
    tracks in all), or "" when :func:`layout` makes none (the stylesheet then does what it would without it)."""
    made = layout(root)
    if made is None:
        return ""
    return ";".join([str(made["tracks"]), *(f"{i} {a} {b} {o}" for i, (a, b, o) in made["units"].items())])
