"""The one way through the edition's stages, for every command, test and benchmark.

    transcripts ─read─▶ versions ─group─▶ conversations ─TEI writer─▶ tree ─stages─▶ TEI files
        ─validate─▶ reports ─builders (html, pdf)─▶ site, printed edition

A ``Pipeline`` belongs to one ``Project`` (its registers, metadata, editor decisions). It
never prints: diagnostics go to ``pipeline.diagnostics`` and, as they arise, to the
``listener`` the command line gives; long work reports progress to ``progress``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import Diagnostic, EditionError
from .metadata import checked_corrections, load_doc_meta
from .model import Conversation, Dropped, Participant, ReadResult, Version
from .outputs import Staging, link_into_staging, output_lock, write_atomic
from .project import Project
from .readers import choose_reader, ranked_readers
from .readers.base import ReadEnv, detect_lang
from .readers.endnotes import attach_endnotes
from .readers.generic import GenericReader
from .registers import Registers, local_person_name
from .source import load_source
from .writers.tei import TeiWriter, serialise, slug

Stage = Callable[[etree._ElementTree], object]
Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass
class FileResult:
    """What became of one transcript: its reader's result, or the error that stopped it."""

    path: Path
    result: ReadResult | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    exit_code: int = 0  # of the error that stopped it (3: could not be read at all)

    @property
    def failed(self) -> bool:
        return self.result is None


@dataclass
class Conversion:
    files: list[FileResult]
    conversations: list[Conversation]
    tei: list[Path]

    @property
    def failed(self) -> list[FileResult]:
        return [f for f in self.files if f.failed]


def read_transcript(path: Path, registers: Registers, meta_dir: Path | None, layout: str | None = None,
                    encoding: str | None = None) -> FileResult:
    """Read one transcript with the right reader; a layout that finds no record hands the file to the next
    reader, so nothing is lost to a misdetection. Raises EditionError on input that cannot be read."""
    source = load_source(path, encoding)
    meta, diagnostics = checked_corrections(load_doc_meta(meta_dir, path), source.text, path)
    forced = layout or meta.layout
    readers = [choose_reader(source, forced)] if forced else ranked_readers(source)
    if forced and readers[0].name != GenericReader.name:
        readers.append(GenericReader())
    diagnostics = list(source.warnings) + diagnostics
    for reader in readers:
        result = reader.read(source, ReadEnv(registers, meta))
        if result.versions:
            break
        diagnostics.append(Diagnostic("convert.layout-empty", "warning",
                                      f"layout '{reader.name}' found no record in this file; trying the next reader",
                                      str(path)))
    diagnostics += [d if d.file else dataclasses.replace(d, file=str(path)) for d in result.diagnostics]
    for version in result.versions:  # whatever the reader: the notes a text ends with, back at their markers
        version.blocks, _, rule = attach_endnotes(version.blocks)
        if rule:
            result.dropped.append(Dropped(None, rule, "the rule above the notes: each note is now at its marker"))
    return FileResult(path, result, diagnostics)


# ------------------------------------------------------------------ grouping

def _principals(version: Version) -> tuple[str, ...]:
    """The conversation's principals as a set: the order names are given in must not split a conversation."""
    return tuple(sorted(set(version.principals)))


def grouping_key(version: Version) -> tuple:
    """Versions with the same key are one conversation: an explicit key from the metadata; else the date, the
    principals and the time when a record gives one. Undated records and documents that are not conversations
    group only with versions from their own file (two undated Stalin–Mao records are not one meeting)."""
    if version.conversation:
        return ("key", version.conversation)
    seed = version.provenance.seed
    if version.date is None or not version.is_conversation or not version.principals:
        return ("file", seed, version.date, version.kind)
    return ("meeting", version.date, _principals(version), version.time or "")


def file_name(versions: list[Version]) -> str:
    """The conversation's name (its file, its edition idno): the metadata's key, else date and the first
    version's two first principals, in the order it gives them (the original's, as the versions are sorted)."""
    first = versions[0]
    if first.conversation:
        return first.conversation
    date = first.date.isoformat() if first.date else "undated"
    stem = slug(Path(first.provenance.seed).stem)
    if not first.is_conversation:
        return f"{date}-{slug(first.kind or 'document')}-{stem}"
    who = "-".join(first.principals[:2]) or stem
    return f"{date}-{who}"


def _version_ids(versions: list[Version]) -> None:
    """Ids of a conversation's texts: the language, a translation's also its translator's surname; two
    translators of one surname (or unnamed ones) are told apart by a number."""
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


WHOLE = ".pickle"  # a transcript's read result in the build's cache, named by its read key
HEADINGS = ".headings.pickle"  # the same without its texts (without_texts), beside the whole one


def without_texts(file_result: FileResult) -> FileResult:
    """A read result with every version's blocks left out: what grouping the transcripts into conversations and
    the conversion report read of it (the rest of a version: title, dates, people, provenance, editorial facts)."""
    if file_result.result is None:
        return file_result
    versions = [dataclasses.replace(v, blocks=[]) for v in file_result.result.versions]
    return dataclasses.replace(file_result, result=dataclasses.replace(file_result.result, versions=versions))


def group_conversations(results: Iterable[FileResult], registers: Registers) -> tuple[list[Conversation], list[Diagnostic]]:
    """Versions of the same conversation become one ``Conversation``; what looks like two meetings merged is
    reported."""
    groups: dict[tuple, list[Version]] = {}
    for file_result in results:
        if file_result.result is not None:
            for version in file_result.result.versions:
                groups.setdefault(grouping_key(version), []).append(version)
    conversations: list[Conversation] = []
    diagnostics: list[Diagnostic] = []
    taken: dict[str, int] = {}
    for key in groups:  # a name two meetings share is told apart by the time of day, else a number
        taken[file_name(groups[key])] = taken.get(file_name(groups[key]), 0) + 1
    numbered: dict[str, int] = {}
    for versions in groups.values():
        # the original first, then translations published with it, then the others
        original_seeds = {v.provenance.seed for v in versions if v.role == "original"}
        versions.sort(key=lambda v: (v.role != "original", v.provenance.seed not in original_seeds, v.provenance.seed))
        _version_ids(versions)
        name = file_name(versions)  # an explicit key was checked as a slug with the metadata
        if taken[name] > 1 and not versions[0].conversation:
            numbered[name] = numbered.get(name, 0) + 1
            name = f"{name}-{slug(versions[0].time)}" if versions[0].time else f"{name}-{numbered[name]}"
        diagnostics += _merge_warnings(name, versions)
        dates = {v.date for v in versions if v.date}
        english = [v for v in versions if v.lang == "en" and v.title]
        title = (english or [v for v in versions if v.title] or [None])[0]
        title_text = title.title if title else f"Untitled record ({versions[0].provenance.seed})"
        # no English version, but the archive's English title of the page (a Russian original under a Wilson
        # cover): the edition's title in the edition's language; the original's own heading stays its head
        cover = next((v.provenance.page_title for v in versions if v.provenance.page_title
                      and detect_lang(v.provenance.page_title) == "en"), None)
        if not english and cover:
            title_text = cover
        conversations.append(Conversation(
            key=name, date=versions[0].date or next(iter(dates), None),
            place=next((v.place for v in versions if v.place), None), title=title_text,
            versions=versions, participants=_participants(versions, registers)))
    conversations.sort(key=lambda c: (c.date is None, c.date, c.key))
    return conversations, diagnostics


def _merge_warnings(name: str, versions: list[Version]) -> list[Diagnostic]:
    """Two originals of one language from different files, grouped as one conversation: perhaps two meetings of
    the same people on one day. Grouped, but the editor is asked to say (a conversation key, or the times)."""
    by_lang: dict[str, set[str]] = {}
    for v in versions:
        if v.role == "original":
            by_lang.setdefault(v.lang, set()).add(v.provenance.seed)
    return [Diagnostic("convert.same-meeting", "warning",
                       f"{len(seeds)} {lang} originals ({', '.join(sorted(Path(s).name for s in seeds))}) are grouped "
                       f"as one conversation {name}; if they record different meetings, give each a conversation key "
                       f"in its metadata (conversation = \"…\")", sorted(seeds)[0])
            for lang, seeds in by_lang.items() if len(seeds) > 1]


#: where a role puts a participant in the header's list: the principals first (who wrote the record, then who
#: speak), then the others present, then those who interpreted or recorded (in order of first mention within each)
ROLE_RANK = {"author": 0, "speaker": 1, "present": 2, "interpreter": 3, "recorder": 3}


def _participants(versions: list[Version], registers: Registers) -> list[Participant]:
    """The people of all versions, with their roles united (several tokens, e.g. 'author speaker'), principals
    first (ROLE_RANK)."""
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
        person = registers.persons.get(pid)
        if person:
            names = {lang: person.preferred[lang] for lang in ("en", "ru") if lang in person.preferred}
            participants.append(Participant(pid, names, role))
        else:
            name = written.get(pid) or local_person_name(pid)
            participants.append(Participant(pid, {"en": name}, role, in_register=False))
    return sorted(participants, key=lambda p: min(ROLE_RANK.get(r, 2) for r in p.role.split()))


# ------------------------------------------------------------------ encoding

def encode(conv: Conversation, writer: TeiWriter, stages: list[Stage],
           schema_href: str | None = None) -> tuple[etree._ElementTree, list[Diagnostic]]:
    """One conversation as an enriched TEI tree: written, then each stage in turn; the stages' diagnostics."""
    from .validation import add_xml_model

    tree = writer.write(conv)
    diagnostics: list[Diagnostic] = []
    for stage in stages:
        found = stage(tree)
        diagnostics += [d for d in (found if isinstance(found, list) else []) if isinstance(d, Diagnostic)]
    if schema_href is not None:
        add_xml_model(tree, schema_href)
    return tree, diagnostics


# ------------------------------------------------------------------ the pipeline

BUILDERS = ("tei", "html", "pdf")  # tei is always made: the others are made from it


class Pipeline:
    """Read, group, write, enrich, validate and publish one project's edition."""

    def __init__(self, project: Project, listener: Callable[[Diagnostic], None] | None = None,
                 progress: Progress | None = None):
        self.project = project
        self.diagnostics: list[Diagnostic] = []
        self._listener = listener
        self._progress = progress or (lambda what, done, total: None)
        self.explanations: list[str] = []  # of the last build: why each output was made again or reused

    @property
    def registers(self) -> Registers:
        return self.project.registers

    def emit(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)
        if self._listener is not None:
            self._listener(diagnostic)

    # -- stages

    def read(self, paths: list[Path], layout: str | None = None, encoding: str | None = None) -> list[FileResult]:
        """Every transcript read; one that cannot be read is reported and kept as failed, the others go on."""
        results = []
        for n, path in enumerate(paths):
            self._progress(f"reading {path.name}", n, len(paths))
            result = self.read_one(path, layout, encoding)
            for diagnostic in result.diagnostics:
                self.emit(diagnostic)
            results.append(result)
        self._progress("read", len(paths), len(paths))
        return results

    def read_one(self, path: Path, layout: str | None = None, encoding: str | None = None) -> FileResult:
        """One transcript read (its diagnostics in the result, not emitted); failed when it cannot be read."""
        try:
            return read_transcript(path, self.registers, self.project.meta_dir(), layout, encoding)
        except EditionError as exc:
            return FileResult(path, None, [exc.diagnostic], exc.exit_code)

    def group(self, results: list[FileResult]) -> list[Conversation]:
        conversations, diagnostics = group_conversations(results, self.registers)
        for diagnostic in diagnostics:
            self.emit(diagnostic)
        return conversations

    def stages(self) -> list[Stage]:
        """TEI → TEI stages run on every conversation after writing: entities (with the editor's decisions for
        ambiguous mentions), then alignment (with the editor's locked links)."""
        from .align import align_tree
        from .entities.tagger import EntityTagger

        tagger = EntityTagger(self.registers, self.project.decisions)
        alignment = self.project.alignment_dir()
        return [lambda tree: tagger.tag(tree).diagnostics, lambda tree: align_tree(tree, alignment, self.registers)]

    def trees(self, conversations: list[Conversation], stages: list[Stage] | None = None,
              schema_href: str | None = None) -> list[tuple[Conversation, etree._ElementTree]]:
        """Each conversation as an enriched TEI tree (nothing written)."""
        writer = TeiWriter(self.project.meta, self.registers)
        stages = self.stages() if stages is None else stages
        trees = []
        for n, conv in enumerate(conversations):
            self._progress(f"encoding {conv.key}", n, len(conversations))
            tree, diagnostics = encode(conv, writer, stages, schema_href)
            for diagnostic in diagnostics:
                self.emit(diagnostic)
            trees.append((conv, tree))
        self._progress("encoded", len(conversations), len(conversations))
        return trees

    def write_tei(self, conversations: list[Conversation], out_dir: Path, stages: list[Stage] | None = None,
                  schema_href: str | None = None) -> list[Path]:
        """One TEI file per conversation in ``out_dir``, each written whole."""
        paths = []
        for conv, tree in self.trees(conversations, stages, schema_href):
            path = out_dir / f"{conv.key}.xml"
            write_atomic(path, serialise(tree))
            paths.append(path)
        return paths

    def write_report(self, results: list[FileResult], out_dir: Path) -> Path:
        """A machine-readable account of each transcript: layout, records, warnings, lines left out, and the
        error of one that could not be read."""
        report = []
        for r in results:
            entry = {"file": str(r.path), "layout": r.result.layout if r.result else None,
                     "error": next((d.format() for d in r.diagnostics if d.severity == "error"), None) if r.failed else None,
                     "records": [], "dropped": [], "warnings": [d.format() for d in r.diagnostics]}
            if r.result is not None:
                entry["records"] = [{"id": v.id, "lang": v.lang, "role": v.role,
                                     "date": v.date.isoformat() if v.date else None, "title": v.title}
                                    for v in r.result.versions]
                entry["dropped"] = [{"line": d.line, "text": d.text, "reason": d.reason} for d in r.result.dropped]
            report.append(entry)
        path = out_dir / "conversion-report.json"
        write_atomic(path, json.dumps(report, ensure_ascii=False, indent=1).encode())
        return path

    def convert(self, paths: list[Path], out_dir: Path, layout: str | None = None,
                encoding: str | None = None) -> Conversion:
        """Transcripts → TEI files in ``out_dir`` (with the schema beside them), and the conversion report."""
        from .validation import copy_schema

        results = self.read(paths, layout, encoding)
        conversations = self.group(results)
        written = self.write_tei(conversations, out_dir, schema_href="schema/")
        if written:
            copy_schema(out_dir / "schema")
        if results:
            self.write_report(results, out_dir)
        return Conversion(results, conversations, written)

    def validate(self, paths: list[Path], tei_schema: Path | None = None, profile: str = "edition",
                 tei: bool | None = None, allow_fetch: bool = False, notify: Callable[[str], None] | None = None,
                 workers=None):
        """Validation reports of TEI files (see edition.validation); tei_all is checked when it is at hand.
        With a build's ``workers`` (edition/parallel.py), in its pool when there are enough files; the reports
        are then without their parsed trees (``incremental.portable``)."""
        from .validation import Options, find_schema, finish, validate_file

        schema = tei_schema if tei is False else find_schema(tei_schema)
        options = Options(profile=profile, tei=schema is not None if tei is None else tei, tei_schema=schema,
                          registers=self.project.paths.registers, allow_fetch=allow_fetch, notify=notify,
                          period=self.project.meta.period)
        if workers is not None:
            from .parallel import validate_task

            workers.configure(options=dataclasses.replace(options, notify=None, fetcher=None))
            reports = []
            for n, report in enumerate(workers.map(validate_task, paths)):
                self._progress(f"validating {Path(paths[n]).name}", n, len(paths))
                reports.append(report)
            return reports
        reports = []
        for n, path in enumerate(paths):
            self._progress(f"validating {Path(path).name}", n, len(paths))
            reports.append(finish(validate_file(path, options)))
        return reports

    def build(self, builders: Iterable[str] = BUILDERS, out_dir: Path | None = None,
              tei_schema: Path | None = None, jobs: int | None = None, force: bool = False) -> "BuildResult":
        """The whole edition from the project's transcripts, made in a staging folder and swapped into the output
        only when every part succeeded: a failed or interrupted build leaves the last good edition as it was.

        Incremental (edition/incremental.py): what the last build made from the same inputs is reused, unless
        ``force``; why each output was made again or reused is in ``self.explanations``. The per-document work
        runs in ``jobs`` processes (default: one per core) when there is enough of it (edition/parallel.py)."""
        wanted = list(dict.fromkeys(["tei", *builders]))
        unknown = [b for b in wanted if b not in BUILDERS]
        if unknown:
            raise EditionError(Diagnostic("build.unknown-builder", "error",
                                          f"no builder named {', '.join(unknown)}; known: {', '.join(BUILDERS)}"))
        transcripts = self.project.transcripts()
        if not transcripts:  # a new edition: its (empty) site and PDF are still made, and valid
            self.emit(Diagnostic("build.no-transcripts", "warning", "no transcripts (*.txt) here yet",
                                 str(self.project.paths.transcripts)))
        out_dir = Path(out_dir or self.project.paths.output)
        try:
            return _Build(self, wanted, transcripts, out_dir, tei_schema, jobs, force).run()
        except EditionError as exc:
            if exc.diagnostic.code == "output.unwritable" and ".staging-" in (exc.diagnostic.file or ""):
                # the editor knows the output folder, not our staging folder inside it
                raise EditionError(dataclasses.replace(exc.diagnostic, file=str(out_dir),
                                   message=exc.diagnostic.message + "; the last build is as it was")) from None
            raise


REPORT = "tei/conversion-report.json"
SEARCH_UNITS = ".edition-search"  # each page's versions as the search index reads them (a hidden staging part)


class _Build:
    """One run of ``Pipeline.build``: read (or reuse the read results of) the transcripts, group them, encode,
    validate and publish each conversation unless the last build's output for the same inputs can be reused."""

    def __init__(self, pipeline: Pipeline, wanted: list[str], transcripts: list[Path], out_dir: Path,
                 tei_schema: Path | None, jobs: int | None, force: bool):
        self.pipeline = pipeline
        self.project = pipeline.project
        self.wanted = wanted
        self.transcripts = transcripts
        self.out_dir = out_dir
        self.tei_schema = tei_schema
        self.jobs = jobs
        self.force = force
        self.result = BuildResult(out_dir)

    def emit(self, diagnostic: Diagnostic) -> None:
        self.pipeline.emit(diagnostic)

    def progress(self, what: str, done: int, total: int) -> None:
        self.pipeline._progress(what, done, total)

    def run(self) -> "BuildResult":
        from .incremental import Plan, load_manifest
        from .listing import EXTRACTS
        from .parallel import Workers

        with output_lock(self.out_dir), Staging(self.out_dir) as staging, Workers(self.pipeline, self.jobs) as workers:
            self.staging, self.workers = staging, workers
            previous, hashes = load_manifest(self.out_dir)
            self.plan = Plan(self.out_dir, staging.path, previous, self.force, self.pipeline.explanations.append,
                             hashes)
            self.fingerprints()
            groups = self.conversations()
            if groups is None:  # a transcript could not be read
                return self.result
            tei_paths = self.encode(groups)
            self.validate(tei_paths)
            if self.result.invalid:
                return self.result
            self.publish(tei_paths)
            self.plan.carry([*(part for part in ("html", "pdf") if part not in self.wanted),
                             *([EXTRACTS, SEARCH_UNITS] if "html" not in self.wanted else [])])
            for part in ("tei/", "validation/", "html/", f"{EXTRACTS}/", f"{SEARCH_UNITS}/"):
                self.plan.removed(part)
            self.plan.write()
            published = staging.publish()
            result = self.result
            result.tei = [self.out_dir / "tei" / p.name for p in tei_paths]
            inside = len(str(staging.path)) + 1  # (string operations: 4,000 paths at 1,000 conversations)
            result.outputs = {name: [self.out_dir / str(p)[inside:] for p in paths]
                              for name, paths in result.outputs.items()}
            result.published = published
            result.parallel = workers.used_pool
        return self.result

    # -- inputs

    def fingerprints(self) -> None:
        """The hashes of everything the outputs are made from (edition/incremental.py says what depends on what)."""
        from .incremental import tool_inputs, value_digest
        from .validation import find_schema

        paths = self.project.paths
        hashes = self.plan.hashes  # each file read and hashed only when its stat is not the last build's
        self.tool = tool_inputs(hashes)
        project = value_digest([hashes.file(self.project.config), dataclasses.asdict(self.project.meta)])
        registers = hashes.folder(paths.registers, exclude=[paths.mentions])
        self.common = {"version": self.tool["version"], "code": self.tool["code"], "libraries": self.tool["libraries"],
                       "project": project, "registers": registers}
        self.decisions = hashes.file(paths.mentions)
        meta_dir, self.alignment = self.project.meta_dir(), self.project.alignment_dir()
        self.reads = {path: {**self.common, "path": str(path), "text": hashes.file(path),
                             "meta": hashes.file(meta_dir / f"{path.stem}.toml" if meta_dir else None)}
                      for path in self.transcripts}
        self.read_keys = {str(path): value_digest(inputs) for path, inputs in self.reads.items()}
        self.schema = find_schema(self.tei_schema)
        self.validation = {**self.common, "schema": self.tool["schema"],
                           "tei_schema": hashes.file(self.schema) if self.schema else "not checked"}

    def tei_inputs(self, key: str, sources: list[Path]) -> dict:
        return {**self.common, "decisions": self.decisions, "key": key,
                "sources": {str(path): self.read_keys[str(path)] for path in sources},
                "alignment": self.plan.hashes.file(self.alignment / f"{key}.toml" if self.alignment else None)}

    # -- read and group

    def conversations(self) -> list[tuple[str, list[Path], Conversation | None]] | None:
        """(name, transcripts, Conversation) of each conversation, in the edition's order. When no transcript
        changed and every TEI file can be reused, they are the last build's, and nothing is read (no
        Conversation then); else every transcript's read result is the cache's or read now. None when a
        transcript could not be read."""
        from .incremental import diagnostics_from

        self.report_inputs = {"transcripts": [[str(p), self.read_keys[str(p)]] for p in self.transcripts]}
        old = self.plan.previous.get(REPORT)
        if old is not None and not self.force and old.inputs == self.report_inputs and self.plan.intact(old):
            groups = [(key, list(sources), None) for key, sources in old.data["conversations"]]
            if all(self.plan.quietly_reusable(f"tei/{key}.xml", self.tei_inputs(key, sources))
                   for key, sources, _ in groups):
                for diagnostic in diagnostics_from(old.data["diagnostics"]):
                    self.emit(diagnostic)
                self.plan.explain(f"{len(self.transcripts)} transcript(s): unchanged, not read")
                self.plan.reuse(REPORT, old)
                return groups
        return self.read_and_group(old)

    def read_and_group(self, old_report) -> list[tuple[str, list[Path], Conversation | None]] | None:
        from .incremental import CACHE, cache_bytes, changed, diagnostics_json
        from .parallel import read_task

        results: dict[Path, FileResult] = {}
        todo = []
        headings = set()  # the transcripts whose result is the cache's without the texts (see _with_texts)
        old_reads = old_report.data.get("reads", {}) if old_report is not None else {}
        self.index_cache()
        for path in self.transcripts:
            key = self.read_keys[str(path)]
            hit = None
            if not self.force:
                hit = self._cached_read(key, HEADINGS)
                if hit is not None and (self.out_dir / CACHE / f"{key}{WHOLE}").is_file():  # the texts are there too
                    headings.add(path)
                else:
                    hit = self._cached_read(key, WHOLE)
            if hit is not None:
                results[path] = hit
                self.plan.explain(f"read {path.name}: reused")
                continue
            todo.append(path)
            before = old_reads.get(path.name)
            why = ("every output asked for (--force)" if self.force else "no previous build" if old_report is None
                   else "new" if before is None
                   else "changed: " + ", ".join(changed(before, self.reads[path])) if before != self.reads[path]
                   else "not in the cache")
            self.plan.explain(f"read {path.name}: read ({why})")
        for n, (path, read) in enumerate(zip(todo, self.workers.map(read_task, todo))):
            self.progress(f"reading {path.name}", n, len(todo))
            results[path] = read
        self.progress("read", len(todo), len(todo))
        ordered = [results[path] for path in self.transcripts]
        read_diagnostics = [d for r in ordered for d in r.diagnostics]
        for diagnostic in read_diagnostics:
            self.emit(diagnostic)
        self.result.failed = [r for r in ordered if r.failed]
        if self.result.failed:
            return None
        cache = self.staging.part(CACHE)
        for path in self.transcripts:
            key = self.read_keys[str(path)]
            whole, heads = f"{key}{WHOLE}", f"{key}{HEADINGS}"
            if path in todo:
                write_atomic(cache / whole, cache_bytes(results[path]))
            else:
                link_into_staging(self.out_dir / CACHE / whole, cache / whole, self.plan.mode)
            if path in headings:
                link_into_staging(self.out_dir / CACHE / heads, cache / heads, self.plan.mode)
            else:  # read now, or a cache of an earlier version of the tool: the headings of the whole result
                write_atomic(cache / heads, cache_bytes(without_texts(results[path])))
        where = {id(v): (r.path, i) for r in ordered for i, v in enumerate(r.result.versions)}
        conversations, group_diagnostics = group_conversations(ordered, self.pipeline.registers)
        for diagnostic in group_diagnostics:
            self.emit(diagnostic)
        groups = [(c.key, list(dict.fromkeys(where[id(v)][0] for v in c.versions)), c) for c in conversations]
        for key, sources, conversation in groups:
            if headings.intersection(sources) and not self.plan.quietly_reusable(f"tei/{key}.xml",
                                                                                 self.tei_inputs(key, sources)):
                self._with_texts(conversation, where, headings)
        report = self.pipeline.write_report(ordered, self.staging.part("tei"))
        self.plan.made(REPORT, self.report_inputs, [report], data={
            "conversations": [[key, [str(s) for s in sources]] for key, sources, _ in groups],
            "reads": {path.name: self.reads[path] for path in self.transcripts},  # (one folder: names unique)
            "diagnostics": diagnostics_json(read_diagnostics + group_diagnostics)})
        return groups

    def _with_texts(self, conversation: Conversation, where: dict[int, tuple[Path, int]], headings: set[Path]) -> None:
        """Give a conversation to be encoded its versions' texts: grouping needs of the transcripts not read again
        only their headings (title, date, people, provenance), kept in the cache beside the whole result, and
        unpickling all of them was 1.4 s of a one-word rebuild of 1,000 conversations (docs/scale.md)."""
        whole: dict[Path, FileResult] = {}
        for n, version in enumerate(conversation.versions):
            path, index = where[id(version)]
            if path not in headings:
                continue
            if path not in whole:
                # the cache lost it since the headings were read: read again (the same text, the same result)
                hit = self._cached_read(self.read_keys[str(path)], WHOLE) or self.pipeline.read_one(path)
                if hit.failed:
                    raise EditionError(hit.diagnostics[0])
                whole[path] = hit
            full = whole[path].result.versions[index]
            full.id = version.id  # given by the grouping
            conversation.versions[n] = full

    def _cached_read(self, key: str, suffix: str) -> FileResult | None:
        """The last build's read result of the transcript of read key ``key`` (WHOLE, or its HEADINGS), or None."""
        from .incremental import CACHE, load_cached

        hit = load_cached(self.out_dir / CACHE / f"{key}{suffix}")
        return hit if isinstance(hit, FileResult) and hit.result is not None else None

    def index_cache(self) -> None:
        """Keep the entity index in the build's cache (``registers.IndexCache``), made from the registers' files,
        the tool's code and pymorphy3's dictionaries: read from the last build's, or made now and kept. Not with
        --force, which makes everything again."""
        from importlib import metadata

        from .incremental import CACHE, value_digest
        from .registers import IndexCache

        if self.force:
            return
        versions = []
        for package in ("pymorphy3", "pymorphy3-dicts-ru"):
            try:
                versions.append(metadata.version(package))
            except metadata.PackageNotFoundError:  # pragma: no cover - the matcher says so
                versions.append("absent")
        key = value_digest([self.common[k] for k in ("version", "code", "libraries", "registers")] + versions)
        cache = IndexCache(key, self.out_dir / CACHE, self.staging.part(CACHE))
        if (cache.saved / cache.name).is_file():
            link_into_staging(cache.saved / cache.name, cache.staged / cache.name, self.plan.mode)
        registers = self.pipeline.registers
        if registers.index_cache is None and registers._index is None:
            registers.index_cache = cache

    # -- TEI

    def encode(self, groups: list[tuple[str, list[Path], Conversation | None]]) -> list[Path]:
        """Each conversation's TEI file in the staging folder: the last build's, or written now."""
        from .incremental import diagnostics_from, diagnostics_json
        from .parallel import encode_task

        tei_dir = self.staging.part("tei")
        plans = []
        for key, sources, conv in groups:
            name, inputs = f"tei/{key}.xml", self.tei_inputs(key, sources)
            plans.append((name, inputs, conv, self.plan.reusable(name, inputs)))
        todo = [(conv, tei_dir / f"{conv.key}.xml", "../schema/") for _, _, conv, old in plans if old is None]
        encoded = self.workers.map(encode_task, todo)
        self.digests: dict[str, str] = {}
        self.infos = []
        tei_paths = []
        from .publish.builders import Conversation as Listed

        resolved = self.staging.path.resolve()
        for n, (name, inputs, conv, old) in enumerate(plans):
            path = self.staging.path / name
            self.progress(f"encoding {path.stem}", n, len(plans))
            if old is not None:
                record = self.plan.reuse(name, old)
            else:
                made = next(encoded)
                record = self.plan.made(name, inputs, [path], digests={name: made.digest}, data={
                    "diagnostics": diagnostics_json(made.diagnostics), "when": made.when, "title": made.title})
            for diagnostic in diagnostics_from(record.data["diagnostics"]):
                self.emit(diagnostic)
            self.digests[path.stem] = record.files[name]["digest"]
            self.infos.append(Listed(resolved / name, record.data["when"], record.data["title"]))
            tei_paths.append(path)
        self.progress("encoded", len(plans), len(plans))
        return tei_paths

    # -- validation

    def validate(self, tei_paths: list[Path]) -> None:
        from .incremental import report_from, report_json
        from .validation import copy_schema, schema_help

        copy_schema(self.staging.part("schema"))
        if self.schema is None:
            self.emit(Diagnostic("build.no-tei-schema", "info", "TEI conformance (tei_all) not checked; "
                                 + schema_help()))
        plans = []
        for path in tei_paths:
            name, inputs = f"validation/{path.name}", {**self.validation, "tei": self.digests[path.stem]}
            plans.append((name, inputs, self.plan.reusable(name, inputs, f"validation of tei/{path.name}")))
        todo = [path for path, (_, _, old) in zip(tei_paths, plans) if old is None]
        fresh = iter(self.pipeline.validate(todo, self.schema, tei=self.schema is not None, workers=self.workers))
        reports = []
        for path, (name, inputs, old) in zip(tei_paths, plans):
            if old is not None:
                reports.append(report_from(self.plan.reuse(name, old).data, path))
            else:
                reports.append(next(fresh))
                if reports[-1].valid:
                    self.plan.made(name, inputs, [], data=report_json(reports[-1]))
        self.result.reports = reports
        self.result.tei_schema = self.schema

    # -- publishing

    def publish(self, tei_paths: list[Path]) -> None:
        from .publish.builders import edition_params, get_builder, ordered

        printed = "pdf" in self.wanted or any(name.startswith("pdf/") for name in self.plan.previous)
        params = {**self.project.meta.as_params(), "site_url": self.project.site_url,  # for the HTML builder
                  "names_per_entry": self.project.names_per_entry,  # (the index of names) and whether its pages
                  "pdf": printed,  # link the PDF: made now, or the last build's, which a build without the PDF
                  # leaves in the output (carry); and which volume each conversation is in, when there are volumes
                  "pdf_volumes": self.volumes_linked(tei_paths)}
        listed = ordered(self.infos)
        self.everything = {"conversations": [[conv.stem, self.digests[conv.stem]] for conv in listed],
                           "params": _value_digest(edition_params(params)), "xslt": self.tool["xslt"],
                           **{k: self.common[k] for k in ("version", "code", "libraries")}}
        for name in self.wanted[1:]:  # each builder makes its part from the TEI
            self.progress(f"building {name}", 0, 1)
            if name == "html":
                made = self.html(tei_paths, params)
            elif name == "pdf":
                made = self.pdf(tei_paths, params)
            else:  # pragma: no cover - a builder the plan knows nothing of: always made
                made = get_builder(name).build(tei_paths, self.staging.part(name), params)
            self.result.outputs[name] = made if isinstance(made, list) else [made]

    def html(self, tei_paths: list[Path], params: dict) -> list[Path]:
        from .parallel import page_task, search_units_task
        from .publish.builders import get_builder, ordered

        builder = get_builder("html")
        builder.reuse_search = not self.force
        out = self.staging.part("html")
        plan = self.plan
        base = {k: self.everything[k] for k in ("xslt", "version", "code", "libraries")}
        prefixes = list(dict.fromkeys(f"{folder}{os.sep}" for folder in (self.staging.path, self.staging.path.resolve())))
        tool = {k: self.everything[k] for k in ("version", "code", "libraries")}

        def pages(jobs) -> None:
            todo = []
            for job in jobs:
                name = f"html/{job.output.name}"
                inputs = {**base, "tei": self.digests[Path(job.source).stem], "params": _value_digest(job.params)}
                old = plan.reusable(name, inputs)
                if old is not None:
                    plan.reuse(name, old)
                else:
                    todo.append((name, inputs, job))
            for n, ((name, inputs, job), _) in enumerate(zip(todo, self.workers.map(page_task, [t[2] for t in todo]))):
                self.progress(f"publishing {job.output.name}", n, len(todo))
                plan.made(name, inputs, [job.output])
            # a page made again has its search units read again: in the pool now, not one by one in this process
            # when the search index asks for them (7 s at 1,000 conversations, the build's other process idle)
            items = [(job.output, job.source, job.output.name) for _, _, job in todo]
            fresh_units.update(zip((item[0] for item in items), self.workers.map(search_units_task, items)))

        def keep(name: str, make, sources: list[Path], values: dict) -> list[Path]:
            """The builder's other outputs (CSS, scripts, the TEI files beside the pages, the search index, the
            sitemap): the last build's when the files they are made from and their values are the same."""
            made_from = {}
            for source in map(str, sources):
                prefix = next((p for p in prefixes if source.startswith(p)), None)
                if prefix is not None:  # an output of this build: its hash is known
                    rel = source[len(prefix):]
                    made_from[rel] = plan.digests.get(rel, "absent")
                else:  # the builder's own file (CSS, script, stylesheet)
                    made_from[Path(source).name] = plan.hashes.file(source)
            inputs = {**tool, "from": made_from, "params": _value_digest(values)}
            record = f"html/{name}"
            old = plan.reusable(record, inputs)
            if old is not None:
                plan.reuse(record, old)
                return [self.staging.path / rel for rel in old.files]
            files = make()
            plan.made(record, inputs, files)
            return files

        listed = ordered(self.infos)
        units: list[str] = []
        fresh_units: dict[Path, list] = {}  # of the pages made by this build, read in the pool (pages above)

        def page_versions(page: Path, tei: Path, href: str) -> list:
            """A page's versions for the search index (``search.page_versions``: parsing every page took 7 s at
            1,000 conversations), kept in ``.edition-search`` while the page and its TEI file are the same."""
            from .publish.search import Version, page_versions

            name = f"{SEARCH_UNITS}/{Path(page).stem}.json"
            inputs = {**tool, "page": plan.digests.get(f"html/{Path(page).name}", "absent"),
                      "tei": self.digests[Path(tei).stem], "href": href}
            units.append(name)
            old = plan.reusable(name, inputs, f"search units of html/{Path(page).name}")
            if old is not None:
                try:
                    values = json.loads((self.out_dir / name).read_text(encoding="utf-8"))
                    found = [Version(**{**value, "units": [tuple(unit) for unit in value["units"]]})
                             for value in values]
                except (OSError, ValueError, TypeError, KeyError):
                    pass  # not as the last build left it after all: made again
                else:
                    plan.reuse(name, old)
                    return found
            found = fresh_units.pop(Path(page), None)
            if found is None:
                found = page_versions(page, tei, href)
            path = self.staging.path / name
            write_atomic(path, json.dumps([dataclasses.asdict(v) for v in found], ensure_ascii=False).encode())
            plan.made(name, inputs, [path])
            return found

        pending = self.listing(listed, builder, out, params)  # (in a worker meanwhile, when the edition is large)
        made = builder.build(tei_paths, out, params, conversations=listed, pages=pages, listing=False, keep=keep,
                             page_versions=page_versions)
        if not units:  # the search index was reused: what it was made from stays in the output for the next build
            plan.carry([SEARCH_UNITS])
        if pending is not None:  # the two pages and the entities' pages in the place of the two pages
            listing = pending.result()
            made[:2] = listing
            plan.made("html/index.html", self.listing_inputs, listing)
        return made

    def listing(self, listed: list, builder, out: Path, params: dict):
        """The contents page and the index of names: the last build's when the extracts they are made from are
        the same (a TEI file changed in a word of its text only), else made from the extracts (edition/listing.py)
        — in a worker while this process makes the pages and the search index when the edition is large
        (``parallel.LISTING_IN_POOL``). None when reused, else what gives the two pages."""
        from . import parallel
        from .listing import EXTRACTS
        from .publish.builders import edition_params

        plan, listing = self.plan, "html/index.html"
        base = {k: self.everything[k] for k in ("xslt", "version", "code", "libraries")}
        extracts = [(conv, *self.extract_inputs(conv)) for conv in listed]

        def inputs_of(digests: dict[str, str]) -> dict:
            return {**base, "params": self.everything["params"],
                    "extracts": [[conv.stem, digests[conv.stem]] for conv in listed]}

        known = {conv.stem: plan.previous[name].files[name]["digest"] for conv, name, inputs in extracts
                 if plan.quietly_reusable(name, inputs)}
        if len(known) == len(listed) and plan.why(listing, inputs_of(known)) is None:
            plan.explain("html/index.html, html/names.html: reused")
            plan.reuse(listing, plan.previous[listing])
            plan.carry([EXTRACTS])  # the extracts are needed only to make the two pages again: left in the output
            return None
        entries = [(f"{conv.stem}.html", conv.path, path) for conv, path in self.extracts(extracts)]
        self.listing_inputs = inputs_of({conv.stem: plan.digests[name] for conv, name, _ in extracts})
        why = plan.why(listing, self.listing_inputs)
        plan.explain("html/index.html, html/names.html: " + ("reused (the extracts they are made from are the same)"
                                                             if why is None else f"rebuilt ({why})"))
        if why is None:
            plan.reuse(listing, plan.previous[listing])
            return None
        return self.workers.submit(parallel.listing_task, (entries, out, edition_params(params)),
                                   pooled=len(entries) >= parallel.LISTING_IN_POOL)

    def extract_inputs(self, conv) -> tuple[str, dict]:
        """The name of a conversation's extract (edition/listing.py) in the manifest, and its inputs."""
        from .listing import extract_name

        base = {k: self.everything[k] for k in ("xslt", "version", "code", "libraries")}
        return extract_name(conv.stem), {**base, "tei": self.digests[conv.stem]}

    def extracts(self, extracts: list[tuple[object, str, dict]]) -> list[tuple[object, Path]]:
        """Each conversation's extract for the contents and the index of names (edition/listing.py), in the staging
        folder: the last build's when its TEI file is the same, else made now (in the pool when there are many)."""
        from .listing import EXTRACTS
        from .parallel import extract_task

        done, todo = [], []
        for conv, name, inputs in extracts:
            path = self.staging.path / name
            old = self.plan.reusable(name, inputs, f"names extract of tei/{conv.stem}.xml")
            if old is not None:
                self.plan.reuse(name, old)
            else:
                todo.append((name, inputs, conv.path, path))
            done.append((conv, path))
        self.staging.part(EXTRACTS)
        for (name, inputs, _, path), _ in zip(todo, self.workers.map(extract_task, [(t[2], t[3]) for t in todo])):
            self.plan.made(name, inputs, [path])
        return done

    def pdf(self, tei_paths: list[Path], params: dict) -> list[Path]:
        """The printed edition: one book (pdf/edition.pdf), or with [print] volume_size a book per so many
        conversations (pdf/volume-<n>/edition.pdf, docs/print.md); each made again only when what it is made
        from changed, so that a changed transcript sets its volume again and no other."""
        from importlib import metadata

        from .parallel import pdf_task
        from .publish.builders import edition_params
        from .publish.pdf import has_font_for, large_book, machine_memory

        try:
            weasyprint = metadata.version("weasyprint")
        except metadata.PackageNotFoundError:  # pragma: no cover - the builder says so
            weasyprint = "absent"
        options = self.pipeline.project.print_options
        # what every book is made from but its conversations (and not which volume the others are in)
        common = {**{k: v for k, v in self.everything.items() if k != "conversations"},
                  "params": _value_digest(edition_params({**params, "pdf_volumes": []})),
                  "renderer": f"weasyprint {weasyprint}", "fonts": f"Chinese: {has_font_for('zh')}",
                  "print": options.as_inputs()}
        made, todo = [], []
        for folder, label, convs in self.books(tei_paths):
            part = "/".join(("pdf", folder)) if folder else "pdf"
            name, out = f"{part}/edition.pdf", self.staging.part(part)
            made.append(out / "edition.pdf")
            inputs = {**common, "conversations": [[conv.stem, self.digests[conv.stem]] for conv in convs],
                      "volume": label}
            old = self.plan.reusable(name, inputs)
            if old is not None:
                self.plan.reuse(name, old)
                continue
            paths = [conv.path for conv in convs]
            size = sum(path.stat().st_size for path in paths)  # of its TEI: what its setting costs
            todo.append((size, name, inputs, (paths, out, {**params, "volume": label}, options.layout, options.facing)))
        # the books to set, the largest first: two at once on two cores (one in a worker), each process taking the
        # largest left
        todo.sort(key=lambda book: -book[0])
        together = 2 if len(todo) > 1 and self.workers.jobs > 1 else 1
        warning = large_book([size for size, *_ in todo[:together]], machine_memory(),
                             volumes=any(inputs["volume"] for _, _, inputs, _ in todo))
        if warning is not None:
            self.emit(warning)
        self.workers.each_when_free(pdf_task, [item for *_, item in todo])
        for _, name, inputs, (_, out, *_) in todo:
            self.plan.made(name, inputs, sorted(p for p in out.iterdir() if p.is_file()))
        return made

    def volumes_linked(self, tei_paths: list[Path]) -> list[tuple[str, str, list[str]]]:
        """The volumes the web pages link (folder, label, conversations' stems): those made now, or, when this
        build leaves the last build's PDF as it was (--no-pdf), that build's volumes, whatever [print] says now."""
        if "pdf" in self.wanted:
            return [(folder, label, [conv.stem for conv in convs]) for folder, label, convs in self.books(tei_paths)
                    if folder]
        found = [(name.split("/")[1], record.inputs.get("volume", ""), [stem for stem, _ in record.inputs["conversations"]])
                 for name, record in self.plan.previous.items()
                 if re.fullmatch(r"pdf/volume-\d+/edition\.pdf", name) and "conversations" in record.inputs]
        return sorted(found, key=lambda volume: int(volume[0].removeprefix("volume-")))

    def books(self, tei_paths: list[Path]) -> list[tuple[str, str, list]]:
        """The printed edition's books of the conversations published (PrintOptions.volumes): one, or volumes."""
        from .publish.builders import ordered

        stems = {Path(path).stem for path in tei_paths}
        return self.pipeline.project.print_options.volumes([c for c in ordered(self.infos) if c.stem in stems])


def _value_digest(value) -> str:
    from .incremental import value_digest

    return value_digest(value)


@dataclass
class BuildResult:
    out_dir: Path
    failed: list[FileResult] = field(default_factory=list)
    reports: list = field(default_factory=list)
    tei: list[Path] = field(default_factory=list)
    outputs: dict[str, list[Path]] = field(default_factory=dict)  # by builder: the files it made
    published: list[Path] = field(default_factory=list)
    tei_schema: Path | None = None  # the tei_all.rng checked against, if any
    parallel: bool = False  # whether worker processes did some of the work

    @property
    def html(self) -> list[Path]:
        return self.outputs.get("html", [])

    @property
    def pdf(self) -> Path | None:
        """The printed edition (its first volume, when it has several: :attr:`pdfs`)."""
        return next(iter(self.pdfs), None)

    @property
    def pdfs(self) -> list[Path]:
        """The printed edition's books: one, or its volumes in order."""
        return [p for p in self.outputs.get("pdf", []) if p.suffix == ".pdf"]

    @property
    def invalid(self) -> list:
        return [r for r in self.reports if not r.valid]

    @property
    def ok(self) -> bool:
        return not self.failed and not self.invalid and bool(self.published)
