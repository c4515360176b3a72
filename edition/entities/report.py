"""The editors' review of entity markup in tagged TEI files.

Three lists, per document and in total:
- candidates: capitalised words in the text that no register entry matched (possible
  names the registers miss), leaving out sentence starts, what the register
  the project's not-names file (``[paths] not_names``) lists (demonyms, titles, pronouns of address), and
  words inside existing markup;
- ambiguous: register names found where they may be ordinary words (a name marked
  ``subtype="ambiguous"`` at the start of a sentence), and short forms that begin the
  names of several entities ("CC": of which party?), left untagged for the editor;
- unused: register entries no document refers to;
- unregistered: participants the converter listed that no register entry knows, with the
  forms found (to be added to persons.xml).
Adding a variant to a register (or a word to not-names.txt) and rebuilding fixes a miss.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..registers import Registers
from ..xmlsafe import parse_xml
from .index import EntityIndex
from .matcher import tokenize
from .tagger import MILESTONES, SKIP, TEI

XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NOT_NAMES_FILE = "not-names.txt"
NOT_SEARCHED = SKIP | {f"{{{TEI}}}{t}" for t in ("speaker", "fw", "head")}
MONTHS = {m.lower() for m in ("January February March April May June July August September October November "
                             "December").split()}


@dataclass
class Finding:
    file: str
    line: int | None
    text_id: str
    surface: str
    kind: str  # "candidate" | "ambiguous" | "unused" | "unregistered"
    ref: str = ""


@dataclass
class EntityReport:
    findings: list[Finding] = field(default_factory=list)
    mentions: Counter = field(default_factory=Counter)  # ref -> count

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]


def load_not_names(path: Path) -> set[str]:
    """The words of ``path`` (the project's [paths] not_names; a folder means its not-names.txt)."""
    path = path / NOT_NAMES_FILE if path.is_dir() else path
    if not path.exists():
        return set()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line.casefold())
    return words


def _prefixes(registers: Registers) -> dict[str, set[str]]:
    """Leading words of register names → the entities they begin ("CC" begins CC CPC and CC VKP/b/)."""
    prefixes: dict[str, set[str]] = {}
    for entity in registers.entities.values():
        for name in entity.names:
            words = [t.text for t in tokenize(name.text)]
            for n in range(1, len(words)):
                prefixes.setdefault(" ".join(words[:n]).casefold(), set()).add(entity.id)
    return prefixes


def review(paths: list[Path], registers: Registers, not_names: set[str]) -> EntityReport:
    report = EntityReport()
    index = registers.index
    prefixes = _prefixes(registers)
    for path in paths:
        root = parse_xml(path).getroot()  # refuses DTDs, entities, XInclude, huge files (one parser everywhere)
        for el in root.iter():
            ref = el.get("ref") if isinstance(el.tag, str) else None
            if ref and ref.startswith("#"):
                report.mentions[ref[1:]] += 1
        for person in root.iter(f"{{{TEI}}}person"):
            report.mentions[person.get(XML_ID)] += 0
            if person.get(XML_ID) not in registers.entities and person.getparent().getparent().tag == f"{{{TEI}}}particDesc":
                # a participant the converter found but the registers do not know: propose an entry
                written = " / ".join(" ".join("".join(n.itertext()).split()) for n in person.iter(f"{{{TEI}}}persName"))
                report.findings.append(Finding(str(path), person.sourceline, "", written, "unregistered",
                                               person.get(XML_ID)))
        for text in root.iter(f"{{{TEI}}}text"):
            if text.get(XML_ID) and text.find(f"{{{TEI}}}group") is None:
                _scan(text, str(path), text.get(XML_ID), index, not_names, prefixes, report)
    for eid in sorted(registers.entities):
        if eid not in report.mentions:
            report.findings.append(Finding("", None, "", registers.entities[eid].name("en"), "unused", eid))
    return report


def _runs(el: etree._Element):
    """(line, text) of every run of plain text outside markup, as the tagger sees it."""
    if not isinstance(el.tag, str) or el.tag in NOT_SEARCHED or (
            el.tag == f"{{{TEI}}}note" and el.get("type") == "editorial"):
        return
    text = el.text or ""
    for child in el:
        if child.tag in MILESTONES:
            text += "" if child.get("break") == "no" else " "
        else:
            if text.strip():
                yield el.sourceline, text
            text = ""
            yield from _runs(child)
        text += child.tail or ""
    if text.strip():
        yield el.sourceline, text


def _scan(text_el, file: str, text_id: str, index: EntityIndex, not_names: set[str],
          prefixes: dict[str, set[str]], report: EntityReport) -> None:
    for line, text in _runs(text_el):
        for match in index.find(text):
            if match.ambiguous:
                report.findings.append(Finding(file, line, text_id, text[match.start:match.end], "ambiguous", match.ref))
        for start, end in _capitalised_phrases(text, not_names):
            surface = text[start:end]
            owners = prefixes.get(" ".join(t.text for t in tokenize(surface)).casefold(), set())
            if len(owners) > 1:  # a short form several names begin with: the editor must choose
                report.findings.append(Finding(file, line, text_id, surface, "ambiguous", " | ".join(sorted(owners))))
            else:
                report.findings.append(Finding(file, line, text_id, surface, "candidate"))


def _capitalised_phrases(text: str, not_names: set[str]):
    """Spans of capitalised words not at a sentence start, joined when adjacent."""
    tokens = [t for t in tokenize(text) if t.text[0].isalpha()]
    phrase: list = []
    for token in tokens + [None]:
        keep = token is not None and token.text[0].isupper() and not _ignorable(token, text, not_names)
        if keep and phrase and re.fullmatch(r"[ \-]?", text[phrase[-1].end:token.start]):
            phrase.append(token)
            continue
        if phrase:
            yield phrase[0].start, phrase[-1].end
        phrase = [token] if keep else []


def _ignorable(token, text: str, not_names: set[str]) -> bool:
    word = token.text.casefold()
    if word in not_names or word in MONTHS or len(token.text) == 1:
        return True
    i = token.start  # the last character before the word, spaces skipped (not a copy of all the text before it)
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;\"«„(—–-"  # a sentence (or quotation) starts here
