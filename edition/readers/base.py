"""What every reader shares: its interface, and turning a record into a Version."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

from ..archival import parse_archival
from ..dates import parse_date
from ..errors import Diagnostic, EditionError
from ..metadata import DocMeta, RecordMeta, SignatureDecision
from ..model import (ArchivalRef, Block, Closer, Division, EditorialFact, Gap, Head, Para, PersonRef, Provenance, ReadResult,
                     Turn, Version)
from ..registers import PersonRegister
from ..source import Source
from .structure import BodyContext


@dataclass
class ReadEnv:
    register: PersonRegister
    meta: DocMeta


class Reader:
    """A reader turns one source layout into Versions. Subclasses set name and description."""

    name: ClassVar[str]
    description: ClassVar[str]

    def detect(self, source: Source) -> float:
        """How sure this reader is that ``source`` is in its layout (0 to 1)."""
        raise NotImplementedError

    def read(self, source: Source, env: ReadEnv) -> ReadResult:
        raise NotImplementedError


def detect_lang(text: str) -> str:
    """'ru', 'zh' or 'en' by the script most of the letters are in. A Chinese character is a word, an English or
    Russian word about five letters: Chinese counts five times over."""
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    han = sum(1 for c in letters if "\u3400" <= c <= "\u9fff")
    if han and 5 * han > len(letters) - han:
        return "zh"
    return "ru" if letters and cyrillic / len(letters) > 0.5 else "en"


def find_place(registers: PersonRegister, *texts: str | None) -> str | None:
    """Where the meeting took place: the first city of the registers (a place of type "city") that the first text
    naming one names, by its English name ("Москве" → "Moscow", "Shanghai")."""
    for text in texts:
        city = registers.index.setting(text) if text else None
        if city is not None:
            return city.name("en")
    return None


def make_version(*, source: Source, env: ReadEnv, index: int, lang: str, role: str, title: str | None,
                 date_text: str | None, place: str | None, provenance: Provenance, blocks: list[Block],
                 ctx: BodyContext, body_lines: list[int], header_lines: list[int]) -> Version:
    """Assemble a Version, letting the document metadata fill in or override (marked editorial)."""
    meta: RecordMeta = env.meta.for_record(index)
    date = parse_date(date_text) if date_text else None
    editorial: list[EditorialFact] = []
    note = meta.note or "supplied by the editor"

    def supply(name: str, current, given):
        if given is None or given == current:
            return current
        editorial.append(EditorialFact(name, given.isoformat() if isinstance(given, dt.date) else str(given), note))
        return given

    principals = env.register.index.ids(meta.title or title or "")
    if title and detect_lang(title) != lang:
        # a Russian original under an English export title: its own heading is its title
        own = " ".join(plain_text(b.content) for b in _heads(blocks))
        title = own or title
    title = supply("title", title, meta.title)
    date = supply("date", date, meta.date)
    place = supply("place", place, meta.place)
    time = supply("time", None, meta.time)
    role = supply("role", role, meta.role)
    if meta.translator and meta.translator != provenance.translator:
        provenance.translator = supply("translator", provenance.translator, meta.translator)
    if meta.obtained_by is not None and meta.obtained_by != provenance.obtained_by:
        editorial.append(EditorialFact("obtained_by", "; ".join(meta.obtained_by), note))
        provenance.obtained_by = list(meta.obtained_by)
    if meta.original_language and not provenance.original_language:
        provenance.original_language = supply("original_language", None, meta.original_language)
    if meta.publisher and not provenance.publisher:
        provenance.publisher = supply("publisher", None, meta.publisher)
    if meta.published and not provenance.published:
        provenance.published = supply("published", None, meta.published)
    if meta.url and not provenance.url:
        provenance.url = supply("url", None, meta.url)
    if meta.not_established:
        provenance.not_established = dict(meta.not_established)
    if env.meta.signatures:
        provenance.archival = [current_signature(ref, env.meta.signatures) for ref in provenance.archival]
    if meta.source and not provenance.citation:
        provenance.citation = supply("source", None, meta.source)
    version = Version(lang=lang, role=role, title=title, date=date, date_text=date_text, place=place,
                      provenance=provenance, blocks=blocks, principals=principals,
                      speakers=list(ctx.speakers), present=list(ctx.present), editorial=editorial,
                      body_lines=body_lines, header_lines=header_lines, conversation=meta.conversation, time=time)
    cues = role_cues(blocks, env.register) + decided_roles(env, version)
    if cues:
        version.people = merge_people(_people_of(version), cues)
    return version


def _people_of(version: Version) -> list[PersonRef]:
    """The people a reader found, as the pipeline would unite them: principals and speakers speak, the others are
    present (the readers that give no people list of their own)."""
    people: dict[str, PersonRef] = {}
    for pid in version.principals + version.speakers:
        people.setdefault(pid, PersonRef(pid, pid)).roles.add("speaker")
    for pid in version.present:
        people.setdefault(pid, PersonRef(pid, pid)).roles.add("present")
    return list(people.values())


def merge_people(people: list[PersonRef], more: list[PersonRef]) -> list[PersonRef]:
    """``people`` with the roles of ``more`` added (several tokens: 'present recorder'); new people appended."""
    by_id = {p.id: p for p in people}
    for ref in more:
        if ref.id in by_id:
            by_id[ref.id].roles |= ref.roles
        else:
            by_id[ref.id] = ref
            people.append(ref)
    return people


def role_cues(blocks: list[Block], registers: PersonRegister) -> list[PersonRef]:
    """Who wrote the record, recorded or interpreted the conversation, from the record's own words: a diary
    heading ('FROM THE DIARY OF … A.Y. VYSHINSKY'), 'Recorded by …' in a signature or a covering letter, '… is
    recorded by Comrades Fedorenko and Roshchin', 'with X translating'. Only registered persons (a role is no
    reason to add an unknown name). Why here: the readers of the seeds' layouts have no people list of their own,
    and a recorder's signature is not an author's."""
    from ..extract.people import PeopleFinder

    finder = PeopleFinder(registers)
    found: list[PersonRef] = []

    def add(cues) -> None:
        for cue in cues:
            roles = cue.roles & {"author", "interpreter", "recorder"}
            if cue.pid and roles:
                found.append(PersonRef(cue.pid, cue.written, set(roles)))

    def walk(items: list[Block], depth: int) -> None:
        for block in items:
            if isinstance(block, Division):
                walk(block.blocks, depth + 1)
            elif isinstance(block, Head) and depth <= 1:
                add(finder.diary_author(plain_text(block.content), None))
            elif isinstance(block, Para):
                add(finder.attendance(plain_text(block.content), None))
            elif isinstance(block, Closer):
                recording = False  # the signatures under 'Recorded by:' are all the recorders'
                for line in block.signed:
                    cues = finder.attendance(plain_text(line), None)
                    add(cues)
                    if any("recorder" in c.roles for c in cues):
                        recording = True
                    elif recording and line and isinstance(line[0], Gap) and line[0].unit == "signature":
                        name = plain_text(line[1:]).strip(" /")
                        add(finder.names_in(name, "signature", None, registered_only=True, roles={"recorder"}))
                    else:
                        recording = False

    walk(blocks, 0)
    return found


def decided_roles(env: ReadEnv, version: Version) -> list[PersonRef]:
    """The editors' role decisions ([[participant]] of the document metadata) for people of this version,
    recorded as supplied by the editors (notesStmt), with their evidence."""
    known = set(version.principals + version.speakers + version.present)
    decided = []
    for decision in env.meta.roles:
        if decision.id not in known and decision.id not in env.register.persons:
            continue
        entity = env.register.persons.get(decision.id)
        name = entity.name("en") if entity else decision.id
        decided.append(PersonRef(decision.id, name, set(decision.roles)))
        version.editorial.append(EditorialFact("participant_role", f"{name}: {' '.join(decision.roles)}",
                                               decision.note))
    return decided


def current_signature(ref: ArchivalRef, decisions: list[SignatureDecision]) -> ArchivalRef:
    """``ref`` under the signature the editors give for it (a ``[[signature]]`` of the document metadata whose
    ``written`` is in the reference as written), the written one kept as its former signature and the folios
    taken from it; ``ref`` itself when no decision names it. Why: one archival file cited under its old and its
    new signature by two transcripts is one msDesc (current signature, altIdentifier type="former")."""
    written = " ".join(ref.raw.split()).lower()
    for decision in decisions:
        if decision.written.lower() not in written:
            continue
        current = parse_archival(decision.current)
        if current is None:
            raise EditionError(Diagnostic("meta.signature", "error",
                                          f"[[signature]] current '{decision.current}' is no archival reference "
                                          "(a fond at least: 'RGASPI, f. 558, op. 11, d. 329')"))
        folios = {} if current.folios else {
            "folios": ref.folios, "folio_text": ref.folio_text, "folio_ranges": list(ref.folio_ranges),
            "raw": f"{current.raw}, {ref.folio_text}" if ref.folio_text else current.raw}
        return dataclasses.replace(current, former=ref, evidence=decision.evidence, **folios)
    return ref


def _heads(blocks: list[Block]) -> list[Head]:
    heads: list[Head] = []
    for block in blocks:
        if isinstance(block, Head):
            heads.append(block)
        elif isinstance(block, Division):
            heads += _heads(block.blocks)
        if isinstance(block, (Para, Turn)):
            break
    return heads


def plain_text(items: list) -> str:
    """The words of inline content (marked dates and durations included), spacing normalised."""
    text = "".join(i if isinstance(i, str) else getattr(i, "text", "") for i in items)
    return " ".join(text.split())


def unused_corrections(env: ReadEnv, ctx_used: set[int], source: Source) -> list[Diagnostic]:
    return [Diagnostic("meta.correction-unused", "warning",
                       f"correction '{sic}' → '{corr}' from {env.meta.path} matches nothing in {source.name}")
            for i, (sic, corr) in enumerate(env.meta.corrections) if i not in ctx_used]

