"""Transcripts → readers → Conversations → TEI files. No printing here: results carry
diagnostics, the CLI shows them."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic
from .metadata import EditionMeta, load_doc_meta
from .model import Conversation, Participant, ReadResult, Version
from .readers import ReadEnv, choose_reader, ranked_readers
from .readers.generic import GenericReader
from lxml import etree

from .entities.decisions import Decision
from .entities.tagger import EntityTagger
from .registers import PersonRegister, Registers, local_person_name
from .source import load_source
from .writers.tei import TeiWriter, serialise, slug, write_atomic


@dataclass
class FileResult:
    path: Path
    result: ReadResult
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_transcript(path: Path, register: PersonRegister, meta_dir: Path | None,
                    layout: str | None = None, encoding: str | None = None) -> FileResult:
    """Read one transcript with the right reader. Raises InputError/EditionError on bad input."""
    source = load_source(path, encoding)
    meta = load_doc_meta(meta_dir, path)
    forced = layout or meta.layout
    readers = [choose_reader(source, forced)] if forced else ranked_readers(source)
    if forced and readers[0].name != GenericReader.name:
        readers.append(GenericReader())
    diagnostics = list(source.warnings)
    for reader in readers:
        result = reader.read(source, ReadEnv(register, meta))
        if result.versions:
            break
        # nothing may be lost: a layout that finds no record here hands the file to the next reader
        diagnostics.append(Diagnostic("convert.layout-empty", "warning",
                                      f"layout '{reader.name}' found no record in this file; trying the next reader",
                                      str(path)))
    diagnostics += [d if d.file else dataclasses.replace(d, file=str(path)) for d in result.diagnostics]
    return FileResult(path, result, diagnostics)


def conversation_key(version: Version) -> str:
    if version.conversation:
        return version.conversation
    date = version.date.isoformat() if version.date else "undated"
    if not version.is_conversation:
        return f"{date}-{slug(version.kind or 'document')}-{slug(Path(version.provenance.seed).stem)}"
    who = "-".join(version.principals[:2]) or slug(Path(version.provenance.seed).stem)
    return f"{date}-{who}"


def _version_ids(versions: list[Version]) -> None:
    used: set[str] = set()
    for version in versions:
        base = version.lang
        if version.role != "original":
            translator = version.provenance.translator
            base = f"{version.lang}-{slug(translator.split()[-1])}" if translator else f"{version.lang}-tr"
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}-{n}", n + 1
        used.add(ident)
        version.id = ident


def group_conversations(results: list[FileResult], register: PersonRegister) -> tuple[list[Conversation], list[Diagnostic]]:
    """Versions of the same conversation (same date and principal participants) become one."""
    groups: dict[str, list[Version]] = {}
    for file_result in results:
        for version in file_result.result.versions:
            groups.setdefault(conversation_key(version), []).append(version)
    conversations: list[Conversation] = []
    diagnostics: list[Diagnostic] = []
    for key, versions in groups.items():
        # the original first, then translations published with it, then the others
        original_seeds = {v.provenance.seed for v in versions if v.role == "original"}
        versions.sort(key=lambda v: (v.role != "original", v.provenance.seed not in original_seeds, v.provenance.seed))
        _version_ids(versions)
        dates = {v.date for v in versions if v.date}
        if len(dates) > 1:
            diagnostics.append(Diagnostic("convert.date-conflict", "warning",
                                          f"versions of {key} disagree on the date: {sorted(map(str, dates))}"))
        english = [v for v in versions if v.lang == "en" and v.title]
        title = (english or [v for v in versions if v.title] or [None])[0]
        title_text = title.title if title else f"Untitled record ({versions[0].provenance.seed})"
        conversations.append(Conversation(
            key=key, date=versions[0].date or next(iter(dates), None),
            place=next((v.place for v in versions if v.place), None), title=title_text,
            versions=versions, participants=_participants(versions, register)))
    conversations.sort(key=lambda c: (c.date is None, c.date, c.key))
    return conversations, diagnostics


def _participants(versions: list[Version], register: PersonRegister) -> list[Participant]:
    """The people of all versions, with their roles united (several tokens, e.g. 'author speaker')."""
    roles: dict[str, set[str]] = {}
    written: dict[str, str] = {}
    for version in versions:
        for ref in version.people:
            roles.setdefault(ref.id, set()).update(ref.roles)
            written.setdefault(ref.id, ref.written)
        for pid in version.principals + version.speakers:  # the conversation's principals speak, turns or not
            if not version.people:
                roles.setdefault(pid, set()).add("speaker")
        for pid in version.present:
            roles.setdefault(pid, set()).add("present")
    participants = []
    for pid, found in roles.items():
        if "speaker" in found:
            found.discard("present")
        role = " ".join(sorted(found)) or "present"
        person = register.persons.get(pid)
        if person:
            names = {lang: person.preferred[lang] for lang in ("en", "ru") if lang in person.preferred}
            participants.append(Participant(pid, names, role))
        else:
            name = written.get(pid) or local_person_name(pid)
            participants.append(Participant(pid, {"en": name}, role, in_register=False))
    return participants


Stage = Callable[[etree._ElementTree], object]


def default_stages(registers: Registers, alignment_dir: Path | None = None,
                   decisions: list[Decision] | None = None) -> list[Stage]:
    """TEI → TEI stages run on every conversation after writing: entities (with the editor's
    decisions for ambiguous mentions), then alignment (with the editor's overrides in
    ``alignment_dir``, usually seeds/alignment)."""
    from .align import align_tree

    tagger = EntityTagger(registers, decisions)
    return [lambda tree: tagger.tag(tree).diagnostics, lambda tree: align_tree(tree, alignment_dir, registers)]


def write_conversations(conversations: list[Conversation], out_dir: Path, edition: EditionMeta,
                        registers: Registers, stages: list[Stage] | None = None,
                        diagnostics: list[Diagnostic] | None = None) -> list[Path]:
    """Write one TEI file per conversation (atomically), after running the enrichment stages.
    Diagnostics the stages return (e.g. a stale alignment override) are added to ``diagnostics``."""
    writer = TeiWriter(edition, registers)
    stages = default_stages(registers) if stages is None else stages
    paths = []
    for conv in conversations:
        tree = writer.write(conv)
        for stage in stages:
            found = stage(tree)
            if diagnostics is not None and isinstance(found, list):
                diagnostics.extend(d for d in found if isinstance(d, Diagnostic))
        path = out_dir / f"{conv.key}.xml"
        write_atomic(path, serialise(tree))
        paths.append(path)
    return paths
