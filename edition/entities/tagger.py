"""TEI → TEI: mark persons, places, organisations, dates and times in every text.

The tagger works on the written TEI, so it serves imported TEI as well as ours.
Inside each element it looks at runs of text that only ``lb``/``pb`` interrupt, so a
name broken across a line or page ("Мао Цзэ-<lb break='no'/>дун") is still one name;
a name never crosses other elements (a translator's ``supplied``, a ``note``).
Names link with ``@ref='#id'``: participants to their ``particDesc`` entry, everyone
and everything else to a copy of the register entry in ``standOff`` — so every file
is self-contained and every reference resolves inside it.
"""

from __future__ import annotations

import copy
import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field, replace

from lxml import etree

from ..metadata import editorial_lang
from ..registers import KINDS, Registers
from ..errors import Diagnostic
from ..spans import Spans
from .datetimes import find_datetimes
from .decisions import MENTIONS_FILE, Decision, decided_spans
from .index import EntityIndex

TEI = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
MILESTONES = {f"{{{TEI}}}lb", f"{{{TEI}}}pb"}
# A translator's insertion inside a name ("XIX [Party] Congress") may be wrapped whole with it.
ATOMIC = {f"{{{TEI}}}supplied"}
# An editor's correction (choice/sic/corr): the tagger reads its corr, and a name is marked around the whole choice
# ("<persName><choice><sic>Родин</sic><corr>Рощин</corr></choice></persName>"), never inside it.
CHOICE = f"{{{TEI}}}choice"
CORR = f"{{{TEI}}}corr"
# Not searched: what the editors wrote, descriptions of gaps, forme work, and what is already marked.
SKIP = {f"{{{TEI}}}{t}" for t in ("desc", "fw", "choice", "persName", "placeName", "orgName", "date", "time",
                                  "rs", "name", "idno", "ptr", "ref", "label")}
NAME_TAG = {k.name: k.name_tag for k in KINDS.values()}
# The header's prose taken from the sources, searched like the text (issue 9, item 9: a reader of a title, a
# summary or a citation reaches the index): the titles, and the notes of a source's bibl that quote it. Not the
# editors' own notes (editorial, correction, url-as-found, not-established).
HEADER_PROSE = (f"{{{TEI}}}fileDesc/{{{TEI}}}titleStmt/{{{TEI}}}title",
                f"{{{TEI}}}fileDesc/{{{TEI}}}sourceDesc/{{{TEI}}}bibl/{{{TEI}}}title",
                *(f"{{{TEI}}}fileDesc/{{{TEI}}}sourceDesc/{{{TEI}}}bibl/{{{TEI}}}note[@type='{t}']"
                  for t in ("citation", "summary", "published-in", "archival-reference")))
# Names the header gives whole (the place of the meeting, a letter's sender and addressee from its signature and
# salutation): linked when the label is wholly one register name.
HEADER_LABELS = ((f"{{{TEI}}}profileDesc/{{{TEI}}}settingDesc/{{{TEI}}}setting/{{{TEI}}}placeName", "place"),
                 (f"{{{TEI}}}profileDesc/{{{TEI}}}correspDesc/{{{TEI}}}correspAction/{{{TEI}}}persName", "person"),
                 (f"{{{TEI}}}profileDesc/{{{TEI}}}correspDesc/{{{TEI}}}correspAction/{{{TEI}}}placeName", "place"))
HEADER_ID = "teiHeader"  # the text_id of the header's mentions


@dataclass
class Mention:
    text_id: str
    line: int | None
    surface: str
    kind: str
    ref: str | None
    ambiguous: bool = False


@dataclass
class TagResult:
    mentions: list[Mention] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)  # the editor's, for this conversation
    used: set[Decision] = field(default_factory=set)

    @property
    def refs(self) -> set[str]:
        return {m.ref for m in self.mentions if m.ref}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [Diagnostic("mentions.unused", "warning",
                           f"the decision for '{d.name}' in '{d.context}' matches nothing in {d.conversation}",
                           MENTIONS_FILE) for d in self.decisions if d not in self.used]


class EntityTagger:
    def __init__(self, registers: Registers, decisions: list[Decision] | None = None):
        self.registers = registers
        self.index = registers.index  # built once per registers object
        self.decisions = decisions or []

    def tag(self, tree: etree._ElementTree) -> TagResult:
        root = tree.getroot()
        context = _conversation_date(root)
        key = root.findtext(f".//{{{TEI}}}publicationStmt/{{{TEI}}}idno[@type='edition']")
        result = TagResult(decisions=[d for d in self.decisions if d.conversation == key])
        for text in root.iter(f"{{{TEI}}}text"):
            if text.find(f"{{{TEI}}}group") is not None:
                continue
            for body in text.iter(f"{{{TEI}}}body"):
                self._walk(body, text.get(XML_ID, ""), context, result)
        header = root.find(f"{{{TEI}}}teiHeader")
        if header is not None:
            self._header(header, context, result)
        self._stand_off(root, result.refs)
        return result

    def _walk(self, el: etree._Element, text_id: str, context: dt.date | None, result: TagResult) -> None:
        if el.tag in SKIP or (el.tag == f"{{{TEI}}}note" and el.get("type") == "editorial"):
            return
        for child in list(el):
            if child.tag not in MILESTONES:
                self._walk(child, text_id, context, result)
        if isinstance(el.tag, str) and el.tag != f"{{{TEI}}}body":
            _tag_runs(el, self.index, context, text_id, result)

    def _header(self, header: etree._Element, context: dt.date | None, result: TagResult) -> None:
        """Names and dates of the header's prose (as in the text: the same index, the same rules), and the
        @ref of the names it gives whole, where they have none."""
        for path in HEADER_PROSE:
            for el in header.iterfind(path):
                self._walk(el, HEADER_ID, context, result)
        for path, kind in HEADER_LABELS:
            for el in header.iterfind(path):
                label = " ".join((el.text or "").split())
                if el.get("ref") or len(el) or not label:
                    continue
                ref = self.index.resolve(label, kind)
                if ref:
                    el.set("ref", f"#{ref}")
                    result.mentions.append(Mention(HEADER_ID, el.sourceline, label, kind, ref))

    def _stand_off(self, root: etree._Element, refs: set[str]) -> None:
        """Copy the register entries the text refers to (participants are in particDesc already)."""
        local = {p.get(XML_ID) for p in root.iter(f"{{{TEI}}}person")}
        wanted = [self.registers.entities[r] for r in sorted(refs) if r not in local and r in self.registers.entities]
        if not wanted:
            return
        stand_off = etree.Element(f"{{{TEI}}}standOff")
        lang = editorial_lang(root)  # the entries' notes are the editors' English, whatever the document's language
        if lang:
            stand_off.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
        root.find(f"{{{TEI}}}teiHeader").addnext(stand_off)
        for kind, list_tag in (("person", "listPerson"), ("place", "listPlace"), ("org", "listOrg")):
            entries = [e for e in wanted if e.kind == kind]
            if entries:
                lst = etree.SubElement(stand_off, f"{{{TEI}}}{list_tag}")
                for entity in entries:
                    entry = copy.deepcopy(entity.element)
                    entry.tail = None
                    if kind == "org":  # an archive's city is for the msIdentifier; the project's org has no location
                        for location in entry.findall(f"{{{TEI}}}location"):
                            entry.remove(location)
                    lst.append(entry)


def _conversation_date(root: etree._Element) -> dt.date | None:
    """The date that gives a day and month without a year its year: the conversation's, else the document's."""
    for path, attribute in ((f"settingDesc//{{{TEI}}}date", "when"), (f"settingDesc//{{{TEI}}}date", "from"),
                            (f"creation/{{{TEI}}}date", "when")):
        date = root.find(f".//{{{TEI}}}{path}[@{attribute}]")
        if date is not None:
            try:
                return dt.date.fromisoformat(date.get(attribute))
            except ValueError:
                return None
    return None


def _pieces(el: etree._Element) -> list:
    """The element's content as a flat list: strings and child elements (tails detached)."""
    pieces: list = [el.text or ""]
    for child in el:
        pieces.append(child)
        pieces.append(child.tail or "")
        child.tail = None
    return pieces


def _set_content(el: etree._Element, pieces: list) -> None:
    # The children that stay are moved to the end in their new order by append, not removed first: lxml takes time
    # quadratic in the size of a subtree to remove it (it gives each node its namespace again), and a div holds
    # the whole record.
    kept = {id(piece) for piece in pieces if not isinstance(piece, str)}
    for child in list(el):
        if id(child) not in kept:
            el.remove(child)
    el.text = None
    last = None
    for piece in pieces:
        if isinstance(piece, str):
            if last is None:
                el.text = (el.text or "") + piece
            else:
                last.tail = (last.tail or "") + piece
        else:
            el.append(piece)
            last = piece


def _tag_runs(el: etree._Element, index: EntityIndex, context: dt.date | None, text_id: str,
              result: TagResult) -> None:
    pieces = _pieces(el)
    out: list = []
    run: list = []

    def flush():
        out.extend(_tag_run(run, index, context, text_id, result, el))
        run.clear()

    for piece in pieces:
        if isinstance(piece, str) or piece.tag in MILESTONES or piece.tag in ATOMIC or piece.tag == CHOICE:
            run.append(piece)
        else:
            flush()
            out.append(piece)
    flush()
    if len(out) == len(pieces) and all(a is b for a, b in zip(out, pieces)):
        _restore(el, pieces)  # nothing marked: most elements
    else:
        _set_content(el, out)


def _restore(el: etree._Element, pieces: list) -> None:
    """Give back the text and tails ``_pieces`` took, as ``_set_content`` would, where the content is unchanged:
    without moving every child to the end again (lxml gives each moved subtree its namespaces again)."""
    el.text = pieces[0]
    for child, tail in zip(pieces[1::2], pieces[2::2]):
        child.tail = tail


def _has_markup(el: etree._Element) -> bool:
    return any(child.tag in SKIP for child in el.iter() if child is not el)


def _joined(run: list) -> tuple[str, list[tuple[int, int]]]:
    """The run as one string (milestones as a space, or nothing inside a word) and each piece's span."""
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    for piece in run:
        if isinstance(piece, str):
            part = piece
        elif piece.tag in ATOMIC:
            part = "".join(piece.itertext())
        elif piece.tag == CHOICE:  # the reading the editors adopt
            part = "".join("".join(c.itertext()) for c in piece if c.tag == CORR)
        else:
            part = "" if piece.get("break") == "no" else " "
        parts.append(part)
        spans.append((length, length + len(part)))
        length += len(part)
    return "".join(parts), spans


def _tag_run(run: list, index: EntityIndex, context, text_id: str, result: TagResult, el: etree._Element) -> list:
    """The run of ``el``'s content with its names and dates wrapped."""
    line = el.sourceline
    text, spans = _joined(run)
    if not text.strip():
        return list(run)
    # the insertions of the run, in order (the pieces' spans follow one another): a name or date is checked
    # against those that may overlap it only, found by a binary search, not against all of a long paragraph's
    atoms = [(spans[i], _has_markup(piece) or piece.tag == CHOICE, piece) for i, piece in enumerate(run)
             if not isinstance(piece, str) and (piece.tag in ATOMIC or piece.tag == CHOICE)]
    atom_ends = [b for (_, b), _, _ in atoms]

    def near(start: int, end: int):
        """The insertions that do not end before ``start`` and start before ``end``, as (a, b), marked, piece."""
        i = bisect_right(atom_ends, start)
        while i < len(atoms) and atoms[i][0][0] < end:
            yield atoms[i]
            i += 1

    def wrappable(start: int, end: int) -> bool:
        """Not cutting through an insertion: outside it, or around all of it with words of the record on
        either side ("XIX [Party] Congress"); what lies inside an insertion its own pass has tagged. A correction
        (choice) is never cut either; a name may be the correction alone."""
        return all(end <= a or start >= b
                   or (start <= a and end >= b and piece.tag == CHOICE)
                   or (start <= a and end >= b and not marked and (text[start:a].strip() or text[b:end].strip()))
                   for (a, b), marked, piece in near(start, end))

    found: list[tuple[int, int, str, dict]] = []
    for start, end, decision in decided_spans(text, result.decisions, result.used):
        if wrappable(start, end):  # the editor's decision comes first
            found.append((start, end, NAME_TAG[decision.kind], _name_attrs(index, decision.ref)))
            result.mentions.append(Mention(text_id, line, text[start:end], decision.kind, decision.ref))
    decided = Spans((s, e) for s, e, _, _ in found)
    matches = [m for m in index.find(text) if not decided.overlaps(m.start, m.end)]
    for m in list(matches):
        if not wrappable(m.start, m.end) and not m.ambiguous:
            # "[… Andrei] Vyshinskii": one name cut by an insertion is marked in two parts, same @ref
            for (a, b), _, piece in list(near(m.start, m.end)):
                if a < m.start < b < m.end and piece.tag != CHOICE:
                    _wrap_within(piece, m.start - a, b - a, NAME_TAG[m.kind], _name_attrs(index, m.ref))
                    rest = text[b:m.end]
                    matches.append(replace(m, start=b + len(rest) - len(rest.lstrip())))
    for m in sorted(matches, key=lambda m: m.start):
        if not wrappable(m.start, m.end):
            continue
        result.mentions.append(Mention(text_id, line, text[m.start:m.end], m.kind, None if m.ambiguous else m.ref,
                                       m.ambiguous))
        if not m.ambiguous:
            found.append((m.start, m.end, NAME_TAG[m.kind], _name_attrs(index, m.ref)))
    taken = Spans((s, e) for s, e, _, _ in found)  # names: a date inside one is not marked
    for span in find_datetimes(text, context):
        if wrappable(span.start, span.end) and not taken.overlaps(span.start, span.end):
            found.append((span.start, span.end, span.tag, dict(span.attrs)))
            result.mentions.append(Mention(text_id, line, text[span.start:span.end], span.tag, None))
    if not found:
        return list(run)
    return _wrap(run, spans, sorted(found), el)


def _name_attrs(index: EntityIndex, ref: str) -> dict:
    """A name's attributes: its register entry, and type="event" for an entry of the register's events (treaties,
    conferences, congresses, awards, wars: org[@type='event']), which are no organisations."""
    entity = index.registers.entities.get(ref)
    if entity is not None and entity.kind == "org" and entity.element.get("type") == "event":
        return {"ref": f"#{ref}", "type": "event"}
    return {"ref": f"#{ref}"}


def _wrap_within(el: etree._Element, start: int, end: int, tag: str, attrs: dict) -> None:
    """Wrap a range of an element's own text (an insertion holding the first part of a name)."""
    run = _pieces(el)
    if any(not isinstance(p, str) and p.tag not in MILESTONES for p in run):
        _set_content(el, run)  # nested markup inside: leave it as it is
        return
    _set_content(el, _wrap(run, _joined(run)[1], [(start, end, tag, attrs)], el))


def _wrap(run: list, spans: list[tuple[int, int]], found: list[tuple[int, int, str, dict]],
          parent: etree._Element) -> list:
    """Rebuild the run (of ``parent``'s content) with each found range wrapped in its element. The wrappers are
    made in ``parent``'s document (makeelement), not each in a document of its own that appending then leaves."""
    out: list = []
    index, offset = 0, 0  # the next piece of the run, and how much of it (a string) is used up

    def take_until(pos: int) -> list:
        nonlocal index, offset
        taken: list = []
        while index < len(run):
            piece, (start, end) = run[index], spans[index]
            if isinstance(piece, str):
                stop = min(pos, end)
                if stop > start + offset:
                    taken.append(piece[offset:stop - start])
                    offset = stop - start
                if start + offset < end:
                    break
            elif not ((end > start and end <= pos) or (end == start and start < pos)):
                break
            else:
                taken.append(piece)
            index, offset = index + 1, 0
        return taken

    for start, end, tag, attrs in found:
        out.extend(take_until(start))
        wrapper = parent.makeelement(f"{{{TEI}}}{tag}", attrs)
        _set_content(wrapper, take_until(end))
        out.append(wrapper)
    out.extend(take_until(spans[-1][1] + 1))
    return out
