"""``edition import``: another archive's TEI taken in, kept as received, enriched in a copy, with a review.

Why a copy and not a conversion into the edition's own profile: a partner's file is a scholarly object of its
own (its header, its structure, its ids), and what the edition adds -- links from its names to our registers, its
speakers as turns -- is an interpretation an editor has to review. So the file is stored byte for byte as
received (``received.xml``, with its SHA-256), and a copy gets the additions, each recorded:

- **names** (``persName``, ``placeName``, ``orgName``, typed ``name``) and the file's own entries (``person``,
  ``place``, ``org``) are matched to the registers by authority id first (Wikidata, VIAF, GND, GeoNames, in
  ``@ref``/``@key``/``@corresp``/``@sameAs`` or an entry's ``idno``), then by name through the entity index;
  a matched name gets a pointer to a copy of the register entry in a ``standOff`` (their pointers kept);
- **speakers**: ``sp``/``u`` with ``@who`` are reported; paragraphs that begin with a speaker's label in
  capitals ("MR. NOBLE: ..."), as in FRUS transcripts, become ``sp`` turns whose ``@who`` points at the
  participants listed before them (``particDesc``), when the label names one of them unambiguously;
- a dated ``change`` says what was added and names the received file's checksum.

The review (``review.json``, ``review.md``) lists every name matched (and how), every name proposed as a new
register entry, every conflict, the speakers, and the local pointers that name nothing in the file. A file that
is one of this edition's own documents (exported or built) is checked, not enriched: its editors' linking
decisions stand, so ``export`` then ``import`` gives the same document apart from the recorded change.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from lxml import etree

from . import __version__
from .errors import Diagnostic, EditionError
from .exchange import AUTHORITIES, POINTER_ATTRIBUTES
from .outputs import write_atomic
from .registers import KINDS, Entity, Registers
from .xmlsafe import XINCLUDE, parse_xml_bytes, read_limited, resolve_xincludes

TEI_NS = "http://www.tei-c.org/ns/1.0"
T = f"{{{TEI_NS}}}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NAME_KINDS = {f"{T}persName": "person", f"{T}placeName": "place", f"{T}orgName": "org"}
ENTRY_KINDS = {f"{T}person": "person", f"{T}place": "place", f"{T}org": "org"}
TYPED_NAME = {"person": "person", "pers": "person", "place": "place", "org": "org", "organisation": "org",
              "organization": "org", "event": "org"}
AUTHORITY_URL = [(kind, re.compile(pattern)) for kind, pattern in (
    ("wikidata", r"wikidata\.org/(?:entity|wiki)/(Q\d+)"), ("viaf", r"viaf\.org/viaf/(\d+)"),
    ("gnd", r"d-nb\.info/gnd/([0-9X-]+)"), ("geonames", r"geonames\.org/(\d+)"))]
LINK_ATTRIBUTES = ("ref", "key", "corresp", "sameAs")
# A FRUS-style speaker label: capitals, an optional honorific, a colon ("MR. NOBLE:", "THE CHAIRMAN:").
LABEL = re.compile(r"^(?P<label>(?:(?P<hon>MR|MRS|MISS|MS|DR|PROF|GEN|AMB|SEN|AMBASSADOR|SECRETARY|GENERAL)\.?\s*)?"
                   r"(?P<name>[A-Z][A-Z'’.\- ]{1,40}?)):(?P<space>\s+)")
HONORIFIC = re.compile(r"^(Mr|Mrs|Miss|Ms|Dr|Prof|Gen|Amb|Sen)\.?\s+", re.I)
REPORTED_SPEECH = re.compile(r"\b((?:Mr|Mrs|Dr|Secretary|President|General|Ambassador|Chairman|Premier)\.?\s+"
                             r"[A-Z][\w'’-]+)\s+(?:said|stated|replied|asked|remarked|noted|observed|declared)\b")
MIN_LABELLED = 3  # fewer labelled paragraphs than this are no evidence of a transcript's turns


@dataclass
class NameMatch:
    kind: str
    text: str
    line: int | None
    how: str  # "authority" | "name" | "pointer" | "entry"
    ref: str


@dataclass
class Proposal:
    """A name the registers do not know; names that share the file's own pointer (``#p_CR2``) are one proposal."""
    kind: str
    text: str
    count: int
    lines: list[int]
    authorities: list[str]
    pointer: str | None = None
    forms: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    text: str
    line: int | None
    reason: str
    candidates: list[str]


@dataclass
class Speaker:
    label: str
    who: str | None
    turns: int
    note: str = ""


@dataclass
class ImportReview:
    """What the import found and did: the review an editor reads before accepting anything."""
    source: str
    received_sha256: str
    own_document: bool = False
    matched: list[NameMatch] = field(default_factory=list)
    proposed: list[Proposal] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    speakers: list[Speaker] = field(default_factory=list)
    reported_speech: dict[str, int] = field(default_factory=dict)
    dangling: dict[str, int] = field(default_factory=dict)
    unlinked_by_editors: int = 0
    turns_made: int = 0  # sp elements made from labelled paragraphs
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def to_json(self) -> bytes:
        data = asdict(self)
        data["diagnostics"] = [d.format() for d in self.diagnostics]
        return json.dumps(data, ensure_ascii=False, indent=1).encode()

    def to_markdown(self) -> bytes:
        lines = [f"# Import review: {self.source}", "", f"Received file SHA-256: `{self.received_sha256}`", ""]
        if self.own_document:
            lines += ["This is one of the edition's own documents: checked, nothing added.", ""]
        by_ref = Counter((m.ref, m.how) for m in self.matched)
        lines += [f"## Matched to the registers ({len(self.matched)} names)", ""]
        lines += [f"- `{ref}` ({how}): {count}" for (ref, how), count in sorted(by_ref.items())] or ["- none"]
        lines += ["", f"## Proposed as new register entries ({len(self.proposed)})", ""]
        lines += [f"- {p.kind} **{p.text}** ×{p.count} (lines {', '.join(map(str, p.lines[:5]))})"
                  + (f"; written {' / '.join(p.forms)}" if len(p.forms) > 1 else "")
                  + (f"; their pointer {p.pointer}" if p.pointer else "")
                  + (f"; authority: {', '.join(p.authorities)}" if p.authorities else "") for p in self.proposed]
        lines += ["", f"## Conflicts ({len(self.conflicts)})", ""]
        lines += [f"- line {c.line}: **{c.text}**: {c.reason} ({', '.join(c.candidates)})" for c in self.conflicts]
        lines += ["", f"## Speakers ({len(self.speakers)})", ""]
        lines += [f"- {s.label}: {s.turns} turn(s), " + (f"`{s.who}`" if s.who else "not identified")
                  + (f" ({s.note})" if s.note else "") for s in self.speakers]
        if self.reported_speech:
            lines += ["", "Reported speech (not made into turns): "
                      + ", ".join(f"{k} ×{v}" for k, v in sorted(self.reported_speech.items()))]
        if self.dangling:
            lines += ["", f"## Pointers that name nothing in the file ({sum(self.dangling.values())})", ""]
            lines += [f"- `{target}` ×{count}" for target, count in sorted(self.dangling.items())]
        lines += ["", "## Diagnostics", ""] + [f"- {d.format()}" for d in self.diagnostics]
        return ("\n".join(lines) + "\n").encode()


@dataclass
class ImportResult:
    folder: Path
    received: Path
    copy: Path
    review: ImportReview
    backups: list[Path] = field(default_factory=list)


# ------------------------------------------------------------------ the command's work

def import_file(path: Path, out_dir: Path, registers: Registers | None, *, xinclude: bool = False,
                edition_title: str = "the edition", editors: list[str] | None = None,
                today: dt.date | None = None) -> ImportResult:
    """Import one file into ``out_dir/<stem>/``: the file as received, the enriched copy, the review."""
    data = read_limited(path)
    name = str(path)
    tree = parse_xml_bytes(data, name, xinclude="keep")
    root = tree.getroot()
    if root.tag not in (f"{T}TEI", f"{T}teiCorpus"):
        raise EditionError(Diagnostic("import.not-tei", "error", f"the root element is <{root.tag}>, not TEI or "
                                      f"teiCorpus in the TEI namespace: import takes TEI files", name, root.sourceline))
    review = ImportReview(name, hashlib.sha256(data).hexdigest())
    if next(root.iter(f"{XINCLUDE}include"), None) is not None:
        if xinclude:
            review.diagnostics += resolve_xincludes(tree, name)
        else:
            review.diagnostics.append(Diagnostic("import.xinclude-kept", "warning", "the file uses XInclude: the "
                                                 "includes are kept as elements, nothing was read (--xinclude takes in "
                                                 "files of the same folder)", name, next(root.iter(f"{XINCLUDE}include")).sourceline))
    _dangling_pointers(root, review)
    from .validation.validator import detect_profile

    review.own_document = detect_profile(tree) == "edition"
    linker = _Linker(root, registers, review)
    if review.own_document:
        linker.check_own()
        review.diagnostics.append(Diagnostic("import.own-document", "info", "one of this edition's own documents: "
                                             "links checked against the registers, nothing added", name))
    else:
        linker.link()
        _speakers(root, review, linker)
    _summarise(review, name)
    _record_change(root, review, edition_title, editors or [], today or dt.date.today())
    return _write(path, data, tree, review, out_dir)


def _write(path: Path, data: bytes, tree: etree._ElementTree, review: ImportReview, out_dir: Path) -> ImportResult:
    folder = out_dir / path.stem
    result = ImportResult(folder, folder / "received.xml", folder / f"{path.stem}.xml", review)
    outputs = [(result.received, data),
               (result.copy, etree.tostring(tree, xml_declaration=True, encoding="UTF-8")),
               (folder / "review.json", review.to_json()), (folder / "review.md", review.to_markdown())]
    for target, content in outputs:
        backup = _backup(target, content)
        if backup:
            result.backups.append(backup)
        write_atomic(target, content)
    return result


def _backup(target: Path, content: bytes) -> Path | None:
    """An existing file that would change is kept beside it (``name.<time>.bak``): an editor may have edited it."""
    if not target.is_file() or target.read_bytes() == content:
        return None
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    backup = target.with_name(f"{target.name}.{stamp}.bak")
    write_atomic(backup, target.read_bytes())
    return backup


# ------------------------------------------------------------------ names

def authority_ids(values: list[str]) -> list[str]:
    """``wikidata:Q855``-style keys of every authority URI among the values."""
    found = []
    for value in values:
        for token in value.split():
            for kind, pattern in AUTHORITY_URL:
                m = pattern.search(token)
                if m:
                    found.append(f"{kind}:{m.group(1)}")
    return list(dict.fromkeys(found))


def _entry_authorities(entry: etree._Element) -> list[str]:
    keys = []
    for idno in entry.findall(f"{T}idno"):
        kind, text = (idno.get("type") or "").lower(), " ".join((idno.text or "").split())
        if kind in AUTHORITIES and text:
            keys.append(f"{kind}:{text}")
        elif text:
            keys += authority_ids([text])
    return keys + authority_ids([entry.get(a) or "" for a in LINK_ATTRIBUTES])


def _text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


class _Linker:
    """Matches the file's names and entries to the registers and adds the links (in a foreign file only)."""

    def __init__(self, root: etree._Element, registers: Registers | None, review: ImportReview):
        self.root, self.registers, self.review = root, registers, review
        self.ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
        self.by_authority: dict[str, str] = {}
        for entity in (registers.entities.values() if registers else ()):
            for key in _entry_authorities(entity.element):
                self.by_authority.setdefault(key, entity.id)
        self.entries = {el.get(XML_ID): el for el in root.iter(*ENTRY_KINDS) if el.get(XML_ID)}
        self.entry_match: dict[str, str] = {}
        self.copies: dict[str, str] = {}  # register id -> id of its copy in the file's standOff
        self.proposals: dict[tuple[str, str], Proposal] = {}

    # -- matching

    def _by_name(self, texts: list[str], kind: str) -> str | None:
        if not self.registers:
            return None
        found = {ref for text in texts if (ref := self.registers.index.resolve(text, kind))}
        return found.pop() if len(found) == 1 else None

    def _match(self, kind: str, texts: list[str], authorities: list[str], line: int | None) -> tuple[str | None, str]:
        by_authority = {self.by_authority[a] for a in authorities if a in self.by_authority}
        by_name = self._by_name(texts, kind)
        if len(by_authority) > 1 or (by_authority and by_name and by_name not in by_authority):
            self.review.conflicts.append(Conflict(texts[0] if texts else "", line, "the authority ids and the name "
                                                  "lead to different register entries",
                                                  sorted(by_authority | ({by_name} if by_name else set()))))
            return None, "conflict"
        if by_authority:
            return by_authority.pop(), "authority"
        return (by_name, "name") if by_name else (None, "")

    def _kind(self, el: etree._Element) -> str | None:
        if el.tag in NAME_KINDS:
            return NAME_KINDS[el.tag]
        if el.tag == f"{T}name":
            return TYPED_NAME.get((el.get("type") or "").lower())
        return None

    def _mentions(self):
        """The names of the text and header that are mentions (not the names inside the file's own entries)."""
        for el in self.root.iter(*NAME_KINDS, f"{T}name"):
            kind = self._kind(el)
            if kind and next(el.iterancestors(*ENTRY_KINDS), None) is None and _text(el):
                yield el, kind

    def _pointed_entries(self, el: etree._Element) -> list[str]:
        return [t[1:] for a in LINK_ATTRIBUTES for t in (el.get(a) or "").split()
                if t.startswith("#") and t[1:] in self.entries]

    # -- the file's own entries and mentions

    def _match_entries(self) -> None:
        for ident, entry in self.entries.items():
            kind = ENTRY_KINDS[entry.tag]
            names = [_text(n) for n in entry.iter(f"{T}{KINDS[kind].name_tag}", f"{T}name") if _text(n)]
            ref, how = self._match(kind, names, _entry_authorities(entry), entry.sourceline)
            if ref:
                self.entry_match[ident] = ref
                self.review.matched.append(NameMatch(kind, names[0] if names else ident, entry.sourceline, "entry", ref))

    def check_own(self) -> None:
        """One of our documents: its entries should be the registers' (same id, same names); its names' pointers
        should lead to them. Nothing is added: an unlinked name there is its editors' decision."""
        for ident, entry in self.entries.items():
            entity = self.registers.entities.get(ident) if self.registers else None
            if entity is None:
                continue
            theirs = sorted(_text(n) for n in entry.iter(f"{T}{KINDS[entity.kind].name_tag}"))
            ours = sorted(n.text for n in entity.names)
            if theirs != ours:
                self.review.conflicts.append(Conflict(ident, entry.sourceline, "the document's copy of the register "
                                                      "entry differs from the register (changed since it was made)",
                                                      [ident]))
            self.entry_match[ident] = ident
        for el, kind in self._mentions():
            pointed = [self.entry_match[i] for i in self._pointed_entries(el) if i in self.entry_match]
            if pointed:
                self.review.matched.append(NameMatch(kind, _text(el), el.sourceline, "pointer", pointed[0]))
            else:
                self.review.unlinked_by_editors += 1

    def link(self) -> None:
        """A foreign file: match entries and mentions, add pointers to copies of the register entries."""
        self._match_entries()
        for ident, ref in self.entry_match.items():
            self._add_pointer(self.entries[ident], "sameAs", ref)
        for el, kind in self._mentions():
            pointed = [self.entry_match[i] for i in self._pointed_entries(el) if i in self.entry_match]
            if pointed:
                self.review.matched.append(NameMatch(kind, _text(el), el.sourceline, "pointer", pointed[0]))
                continue
            authorities = authority_ids([el.get(a) or "" for a in LINK_ATTRIBUTES])
            ref, how = self._match(kind, [_text(el)], authorities, el.sourceline)
            if ref:
                self.review.matched.append(NameMatch(kind, _text(el), el.sourceline, how, ref))
                self._add_pointer(el, "ref", ref)
            elif how != "conflict":
                self._propose(kind, _text(el), el.sourceline, authorities, self._own_pointer(el))
        self.review.proposed = sorted(self.proposals.values(), key=lambda p: (-p.count, p.text))

    @staticmethod
    def _own_pointer(el: etree._Element) -> str | None:
        return next((t for a in LINK_ATTRIBUTES for t in (el.get(a) or "").split() if t.startswith("#")), None)

    def _propose(self, kind: str, text: str, line: int | None, authorities: list[str], pointer: str | None) -> None:
        proposal = self.proposals.setdefault((kind, pointer or text), Proposal(kind, text, 0, [], authorities, pointer))
        if len(text) > len(proposal.text):
            proposal.text = text  # the fullest form names the proposal
        if text not in proposal.forms:
            proposal.forms.append(text)
        proposal.count += 1
        if line and len(proposal.lines) < 20:
            proposal.lines.append(line)

    def _add_pointer(self, el: etree._Element, attribute: str, ref: str) -> None:
        tokens = (el.get(attribute) or "").split()
        target = f"#{self.copy_of(ref)}"
        if target not in tokens:
            el.set(attribute, " ".join(tokens + [target]))

    def copy_of(self, ref: str) -> str:
        """The id of the file's copy of a register entry, made on first use in a standOff list."""
        if ref in self.copies:
            return self.copies[ref]
        entity: Entity = self.registers.entities[ref]
        ident = ref if ref not in self.ids else f"edition-{ref}"
        entry = copy.deepcopy(entity.element)
        entry.set(XML_ID, ident)
        for inner in entry.iter():
            if inner is not entry and isinstance(inner.tag, str) and inner.get(XML_ID):
                del inner.attrib[XML_ID]
        self._register_list(entity.kind).append(entry)
        self.ids.add(ident)
        self.copies[ref] = ident
        return ident

    def _register_list(self, kind: str) -> etree._Element:
        stand_off = self.root.find(f"{T}standOff")
        if stand_off is None:
            stand_off = etree.Element(f"{T}standOff")
            self.root.find(f"{T}teiHeader").addnext(stand_off)
        tag = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}[kind]
        found = stand_off.find(f"{T}{tag}[@type='edition-register']")
        if found is None:
            found = etree.SubElement(stand_off, f"{T}{tag}", type="edition-register")
            etree.SubElement(found, f"{T}head").text = "Entries of the importing edition's register"
        return found


def _dangling_pointers(root: etree._Element, review: ImportReview) -> None:
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for attribute in (*POINTER_ATTRIBUTES, "key"):
            for token in (el.get(attribute) or "").split():
                if token.startswith("#") and token[1:] not in ids:
                    review.dangling[token] = review.dangling.get(token, 0) + 1


# ------------------------------------------------------------------ speakers

@dataclass
class _Participant:
    ident: str
    name: str
    honorific: str
    role: str
    element: etree._Element | None = None


def _speakers(root: etree._Element, review: ImportReview, linker: _Linker) -> None:
    turns = Counter(t for el in root.iter(f"{T}sp", f"{T}u") for t in (el.get("who") or "").split())
    if turns:
        review.speakers = [Speaker(who, who, n) for who, n in turns.most_common()]
        return
    for div in root.iter(f"{T}div", f"{T}body"):
        labelled = [p for p in div.findall(f"{T}p") if LABEL.match(p.text or "")]
        if len(labelled) >= MIN_LABELLED and len({LABEL.match(p.text).group("label") for p in labelled}) >= 2:
            _make_turns(div, labelled, review, linker)
    for p in root.iter(f"{T}p"):
        for m in REPORTED_SPEECH.finditer(_text(p)):
            review.reported_speech[m.group(1)] = review.reported_speech.get(m.group(1), 0) + 1


def _participants(div: etree._Element, first_turn: etree._Element, linker: _Linker) -> list[_Participant]:
    """The people listed before the first turn ("Participants:", "Present:" lists), with their roles."""
    found: list[_Participant] = []
    role_heading = ""
    for el in div:
        if el is first_turn:
            break
        if el.tag == f"{T}p":
            role_heading = _text(el).rstrip(":")
        if el.tag != f"{T}list":
            continue
        for item in el.findall(f"{T}item"):
            text = re.sub(r"\[[^\]]*\]\s*", "", _text(item))
            name, _, role = text.partition(",")
            honorific = HONORIFIC.match(name)
            bare = HONORIFIC.sub("", name).strip()
            if not bare:
                continue
            ident = "imp-" + re.sub(r"\W+", "-", bare.casefold()).strip("-")
            while ident in linker.ids:
                ident += "-2"
            linker.ids.add(ident)
            found.append(_Participant(ident, name.strip(), honorific.group(1).casefold() if honorific else "",
                                      ", ".join(x for x in (role.strip(), role_heading) if x)))
    return found


def _identify(label: re.Match, participants: list[_Participant]) -> tuple[_Participant | None, str]:
    name = " ".join(label.group("name").split()).casefold()
    if name.startswith("the "):
        candidates = [p for p in participants if name[4:] in p.role.casefold()]
    else:
        surname = name.split()[-1]
        candidates = [p for p in participants if p.name.split()[-1].casefold() == surname]
        initials = [w[0] for w in name.split()[:-1]]
        if initials:  # "MR. E. R. PERKINS": the given names' initials
            candidates = [p for p in candidates
                          if [w[0] for w in HONORIFIC.sub("", p.name).casefold().split()[:len(initials)]] == initials]
        honorific = (label.group("hon") or "").casefold()
        if len(candidates) > 1 and honorific:  # "DR. PERKINS" is the Dr.; "MR. PERKINS" one without another title
            same = [p for p in candidates if p.honorific == honorific]
            plain = [p for p in candidates if p.honorific in ("", "mr")] if honorific == "mr" else []
            candidates = same or plain or candidates
    if len(candidates) == 1:
        return candidates[0], ""
    return None, "ambiguous among the participants" if candidates else "not among the participants listed"


def _make_turns(div: etree._Element, labelled: list[etree._Element], review: ImportReview, linker: _Linker) -> None:
    """Each labelled paragraph and the unlabelled paragraphs after it become one ``sp``; the words stay as they
    are, in order (the label moves into ``speaker``)."""
    participants = _participants(div, labelled[0], linker)
    speakers: dict[str, Speaker] = {}
    used: set[str] = set()
    starts = set(labelled)
    current = None
    for el in list(div):
        if el in starts:
            m = LABEL.match(el.text)
            who, note = _identify(m, participants)
            current = etree.Element(f"{T}sp", who=f"#{who.ident}") if who else etree.Element(f"{T}sp")
            speaker = etree.SubElement(current, f"{T}speaker")
            speaker.text = m.group("label") + ":"
            speaker.tail = m.group("space")
            el.addprevious(current)
            current.tail = el.tail  # (el keeps its own: whitespace between the paragraphs of a turn)
            el.text = el.text[m.end():]
            current.append(el)
            entry = speakers.setdefault(m.group("label"), Speaker(m.group("label"), who.ident if who else None, 0, note))
            entry.turns += 1
            review.turns_made += 1
            if who:
                used.add(who.ident)
        elif current is not None and el.tag == f"{T}p" and not re.fullmatch(r"\[.*\]", _text(el)):
            current.append(el)
        else:
            current = None
    review.speakers += list(speakers.values())
    if participants:
        _list_participants(div, participants, used, linker)


def _list_participants(div: etree._Element, participants: list[_Participant], speaking: set[str],
                       linker: _Linker) -> None:
    """The participants as a ``listPerson`` in ``particDesc``, matched to the registers where a name is known."""
    header = div.getroottree().getroot().find(f"{T}teiHeader")
    profile = header.find(f"{T}profileDesc")
    if profile is None:
        profile = etree.Element(f"{T}profileDesc")
        (header.find(f"{T}revisionDesc").addprevious if header.find(f"{T}revisionDesc") is not None
         else header.append)(profile)
    partic = profile.find(f"{T}particDesc")
    if partic is None:
        partic = etree.SubElement(profile, f"{T}particDesc")
    people = etree.SubElement(partic, f"{T}listPerson", type="participants")
    for p in participants:
        recorder = re.search(r"report|record", p.role, re.I)
        role = "speaker" if p.ident in speaking else "recorder" if recorder else "present"
        person = etree.SubElement(people, f"{T}person", role=role)
        person.set(XML_ID, p.ident)
        etree.SubElement(person, f"{T}persName").text = p.name
        if p.role:
            etree.SubElement(person, f"{T}note", type="role").text = p.role
        ref = linker._by_name([HONORIFIC.sub("", p.name)], "person")
        if ref:
            person.set("sameAs", f"#{linker.copy_of(ref)}")
            linker.review.matched.append(NameMatch("person", p.name, None, "name", ref))
    etree.indent(people, space="  ", level=4)


# ------------------------------------------------------------------ the record

def _summarise(review: ImportReview, name: str) -> None:
    if review.dangling:
        sample = ", ".join(f"{t} ×{n}" for t, n in sorted(review.dangling.items(), key=lambda kv: -kv[1])[:5])
        review.diagnostics.append(Diagnostic(
            "import.dangling-pointer", "warning", f"{sum(review.dangling.values())} local pointer(s) to "
            f"{len(review.dangling)} id(s) that no element of the file has (kept as they are): {sample}"
            + (" …" if len(review.dangling) > 5 else "") + "; all in review.json", name))
    for conflict in review.conflicts:
        review.diagnostics.append(Diagnostic("import.conflict", "warning", f"'{conflict.text}': {conflict.reason} "
                                             f"({', '.join(conflict.candidates)})", name, conflict.line))
    if review.proposed:
        review.diagnostics.append(Diagnostic("import.unmatched", "info", f"{len(review.proposed)} name(s) the "
                                             "registers do not know, proposed as new entries in the review", name))
    if review.speakers:
        known = sum(s.who is not None for s in review.speakers)
        review.diagnostics.append(Diagnostic("import.speakers", "info", f"{len(review.speakers)} speaker(s), "
                                             f"{known} identified, {sum(s.turns for s in review.speakers)} turn(s)",
                                             name))


def _record_change(root: etree._Element, review: ImportReview, title: str, editors: list[str],
                   today: dt.date) -> None:
    """A dated change in the copy's revisionDesc saying what the import added (and the received file's checksum)."""
    header = root.find(f"{T}teiHeader")
    revision = header.find(f"{T}revisionDesc")
    if revision is None:
        revision = etree.SubElement(header, f"{T}revisionDesc")
    changes = revision.findall(f"{T}listChange")  # revisionDesc holds either change or listChange elements
    change = etree.SubElement(changes[-1] if changes else revision, f"{T}change", when=today.isoformat())
    added = "nothing added (one of the edition's own documents)" if review.own_document else (
        f"{len({m.ref for m in review.matched})} register entr(ies) linked from {len(review.matched)} name(s) "
        f"(copies of the entries in standOff), {review.turns_made} speaker turn(s) made from labelled "
        "paragraphs")
    by = f" for {', '.join(editors)}" if editors else ""
    change.text = (f"Imported into {title} by edition {__version__}{by}: {added}. The file as received has "
                   f"SHA-256 {review.received_sha256}.")
