"""The commands: init, convert, build, validate, entities, doctor (align is in align.py).

Each is a thin shell over the Pipeline: it parses options, runs stages, and tells the reporter
what to show. Nothing here decides anything about the edition."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..errors import Diagnostic, EditionError
from ..pipeline import BUILDERS, Conversion
from ..readers import READERS
from . import main
from .app import App, command
from .printing import print_options


def _tei_files(paths: tuple[Path, ...], app: App) -> list[Path]:
    """The TEI files named, or those of the project's build (``<output>/tei``)."""
    if not paths:
        project = app.optional_project()
        default = (project.paths.output if project else Path("build")) / "tei"
        paths = (default,)
    files: list[Path] = []
    for path in paths:
        files += sorted(path.glob("*.xml")) if path.is_dir() else [path]
    return files


def _show_reports(app: App, reports: list) -> None:
    """Validation findings as diagnostics, each with its source line and hint below it."""
    for report in reports:
        for finding in report.findings:
            app.reporter.diagnostic(finding.diagnostic(report.path))
            if finding.snippet:
                app.reporter.detail(f"    {finding.snippet}", finding.severity)
            if finding.hint:
                app.reporter.detail(f"    hint: {finding.hint}", finding.severity)


# ------------------------------------------------------------------ init

@command(main, "init")
@click.argument("folder", type=click.Path(path_type=Path), default=Path("."))
@click.option("--title", help="The edition's title [default: from the folder's name].")
def init(app: App, folder: Path, title: str | None) -> int:
    """Start a new edition in FOLDER: edition.toml, registers with an example entry each, folders for
    transcripts, metadata and alignment decisions, and a README for the editor."""
    from ..scaffold import init_project

    written = init_project(folder, title)
    app.reporter.result(project=str(folder.resolve()), files=[str(p) for p in written])
    app.reporter.say(f"started an edition in {folder}: {len(written)} files")
    app.reporter.say(f"next: put transcripts into {folder / 'transcripts'}, then 'edition build' inside {folder}")
    return 0


# ------------------------------------------------------------------ convert

@command(main, "convert")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the TEI files [default: <output>/tei of the project].")
@click.option("--layout", type=click.Choice(sorted(READERS)),
              help="Force a reader instead of detecting the layout: "
                   + "; ".join(f"{name} = {cls.description}" for name, cls in sorted(READERS.items())) + ".")
@click.option("--encoding", help="Decode the transcripts with this encoding (default: detected).")
@click.option("--registers", "registers", type=click.Path(path_type=Path),
              help="Registers folder instead of the project's.")
@click.option("--meta", "meta", type=click.Path(path_type=Path),
              help="Per-transcript metadata folder instead of the project's.")
def convert(app: App, paths: tuple[Path, ...], out_dir: Path | None, layout: str | None, encoding: str | None,
            registers: Path | None, meta: Path | None) -> int:
    """Convert transcript files into TEI, one file per conversation."""
    project = app.project_or_standalone().with_paths(registers=registers, meta=meta)
    out_dir = out_dir or project.paths.output / "tei"
    with app.reporter.progress() as progress:
        conversion = app.pipeline(progress, project).convert(list(paths), out_dir, layout, encoding)
    _say_conversion(app, conversion, project.registers)
    return max((f.exit_code for f in conversion.failed), default=0)


def _say_conversion(app: App, conversion: Conversion, registers) -> None:
    files = []
    for file in conversion.files:
        if file.result is None:
            files.append({"file": str(file.path), "error": file.diagnostics[-1].message})
            continue
        r = file.result
        app.reporter.say(f"{file.path}: layout {r.layout}, {len(r.versions)} record(s)")
        for v in r.versions:
            ids = list(dict.fromkeys(v.principals + v.speakers + v.present))
            who = ", ".join(registers.persons[i].name("en") if i in registers.persons else i for i in ids)
            app.reporter.say(f"  - {v.lang} {v.role}: {v.date or 'undated'}, {v.title or 'untitled'} "
                             f"[{who or 'no participants identified'}]")
        if r.dropped:
            reasons = sorted({d.reason for d in r.dropped})
            app.reporter.say(f"  left out {len(r.dropped)} line(s): {'; '.join(reasons)}")
        files.append({"file": str(file.path), "layout": r.layout, "records": len(r.versions),
                      "dropped": len(r.dropped)})
    written = []
    for conv, path in zip(conversion.conversations, conversion.tei):
        versions = ", ".join(v.id for v in conv.versions)
        app.reporter.say(f"wrote {path} ({len(conv.versions)} version(s): {versions}; "
                         f"{len(conv.participants)} participant(s))")
        written.append({"path": str(path), "conversation": conv.key, "versions": [v.id for v in conv.versions]})
    app.reporter.result(files=files, written=written)


# ------------------------------------------------------------------ build

@command(main, "build")
@click.option("-b", "--builder", "builders", default=",".join(BUILDERS), show_default=True,
              help=f"Which outputs, by name ({', '.join(BUILDERS)}); tei is always made, the others are made "
                   "from it.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Output folder [default: the project's output, build/].")
@click.option("--tei-schema", type=click.Path(path_type=Path), help="tei_all.rng for the conformance check.")
@click.option("--no-pdf", is_flag=True, help="Skip the printed edition (the same as leaving pdf out of -b).")
@click.option("--explain", is_flag=True, help="Say why each output was made again or reused from the last build.")
@click.option("--force", is_flag=True, help="Make every output again, reusing nothing of the last build.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document work [default: one per core; used when there is enough "
                   "work].")
@print_options
def build(app: App, builders: str, out_dir: Path | None, tei_schema: Path | None, no_pdf: bool, explain: bool,
          force: bool, jobs: int | None, print_layout: str | None, facing: tuple[str, ...]) -> int:
    """Build the whole edition from the project's transcripts: TEI, web edition and PDF.

    Everything is made in a staging folder and replaces the last build only when all of it succeeded. What the
    last build made from the same inputs (transcripts, metadata, registers, stylesheets, ...) is reused."""
    names = [b.strip() for b in builders.split(",") if b.strip() and not (no_pdf and b.strip() == "pdf")]
    with app.reporter.progress() as progress:
        pipeline = app.pipeline(progress, app.project.with_print(print_layout, facing))
        try:
            result = pipeline.build(names, out_dir, tei_schema, jobs=jobs, force=force)
        finally:
            if explain:
                for line in pipeline.explanations:
                    app.reporter.say(line)
    _show_reports(app, result.reports)
    app.reporter.result(tei=[str(p) for p in result.tei], html=[str(p) for p in result.html],
                        pdf=str(result.pdf) if result.pdf else None, pdf_volumes=[str(p) for p in result.pdfs],
                        published=[str(p) for p in result.published])
    if result.failed:
        app.reporter.diagnostic(Diagnostic(
            "build.unreadable-input", "error", f"{len(result.failed)} transcript(s) could not be read; "
            "nothing was published (the last build is as it was)", str(app.project.paths.transcripts)))
        return max(f.exit_code for f in result.failed)
    if result.invalid:
        names_ = " ".join(Path(r.path).name for r in result.invalid)
        app.reporter.diagnostic(Diagnostic(
            "build.invalid-tei", "error", f"refusing to publish invalid TEI: {len(result.invalid)} of "
            f"{len(result.reports)} file(s) fail validation ({names_}); the last build is as it was"))
        return 1
    out = result.out_dir
    checked = "the project's schema and rules" + (f" and {result.tei_schema}" if result.tei_schema else "")
    app.reporter.say(f"TEI: {len(result.tei)} conversation(s) in {out / 'tei'}")
    app.reporter.say(f"TEI: all valid against {checked}")
    if result.html:
        app.reporter.say(f"HTML: {sum(p.suffix == '.html' for p in result.html)} page(s) in {out / 'html'}")
    if len(result.pdfs) > 1:
        app.reporter.say(f"PDF: {len(result.pdfs)} volumes in {out / 'pdf'} "
                         f"({', '.join(str(p.relative_to(out / 'pdf')) for p in result.pdfs)})")
    elif result.pdf:
        app.reporter.say(f"PDF: {result.pdf}")
    return 0


# ------------------------------------------------------------------ validate

@command(main, "validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--tei", "with_tei", is_flag=True,
              help="Also check the edition's own files against the official tei_all (other files always are).")
@click.option("--tei-schema", type=click.Path(path_type=Path), help="Path to tei_all.rng.")
@click.option("--profile", type=click.Choice(["auto", "edition", "tei"]), default="auto", show_default=True,
              help="edition: the project's schema and rules; tei: tei_all and the rules for any TEI; "
                   "auto: edition for the edition's files, tei for others.")
@click.option("--registers", "register_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where register files named by pointers (registers/persons.xml#id) are found "
                   "[default: the project's registers].")
@click.option("--tei-engine", type=click.Choice(["auto", "jing", "libxml2"]), default="auto", show_default=True,
              help="Who checks tei_all: jing lists every error (needs Java), libxml2 runs in-process but stops at "
                   "an element's first error; auto: jing for other archives' files when Java is there.")
@click.option("--fetch", is_flag=True, help="Download tei_all.rng into the user cache when it is needed and "
                                            "missing (never done without this flag).")
@click.option("--offline", is_flag=True, hidden=True, help="Kept for old scripts: downloading needs --fetch.")
def validate(app: App, paths: tuple[Path, ...], with_tei: bool, tei_schema: Path | None, profile: str,
             register_dir: Path | None, tei_engine: str, fetch: bool, offline: bool) -> int:
    """Validate TEI files (default: the build's): the project's schema and rules, and tei_all.

    Exit codes: 0 valid, 1 invalid, 2 usage or setup (no TEI schema to be had), 3 unreadable input."""
    from ..validation import Options, as_json, exit_code, finish, summary, validate_file

    files = _tei_files(paths, app)
    if not files:
        raise EditionError(Diagnostic("input.missing", "error",
                                      "no TEI files given and none in the build (run edition build)"))
    project = app.optional_project()
    registers = register_dir or (project.paths.registers if project else None)
    options = Options(profile=profile, tei=with_tei, tei_schema=tei_schema, registers=registers,
                      period=project.meta.period if project else None, allow_fetch=fetch and not offline,
                      tei_engine=tei_engine,
                      notify=lambda text: app.reporter.diagnostic(Diagnostic("tei.fetching", "info",
                                                                             text.removeprefix("note: "))))
    reports = []
    try:
        for path in files:
            reports.append(finish(validate_file(path, options)))
    except EditionError as exc:
        app.reporter.diagnostic(exc.diagnostic)
        return 2
    if app.reporter.json:
        app.reporter.result(**as_json(reports))
    else:
        _show_reports(app, reports)
        app.reporter.say(summary(reports))
    return exit_code(reports)


# ------------------------------------------------------------------ entities

@command(main, "entities", formats=("table", "csv", "json"))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--registers", "register_dir", type=click.Path(path_type=Path),
              help="Registers folder instead of the project's.")
@click.option("--strict", is_flag=True, help="Exit with 1 when there are unresolved candidates.")
def entities(app: App, paths: tuple[Path, ...], register_dir: Path | None, strict: bool) -> int:
    """Review entity markup: unmatched names (candidates), ambiguous matches, unused register entries,
    participants the registers do not know."""
    from ..entities.report import review

    files = _tei_files(paths, app)
    missing = [p for p in files if not p.is_file()]
    for path in missing:
        app.reporter.diagnostic(Diagnostic("input.missing", "error", "no such file", str(path)))
    if not files:
        app.reporter.diagnostic(Diagnostic("input.missing", "error",
                                           "no TEI files given and none in the build (run edition build)"))
    if missing or not files:
        return 3
    project = app.project.with_paths(registers=register_dir)
    report = review(files, project.registers, project.not_names)
    _entity_report(app, report)
    return 1 if strict and report.of_kind("candidate") else 0


def _entity_report(app: App, report) -> None:
    rows = [{"kind": f.kind, "file": f.file, "line": f.line, "text": f.text_id, "surface": f.surface, "ref": f.ref}
            for f in report.findings]
    if app.fmt == "json":
        app.reporter.result(findings=rows, mentions=dict(report.mentions))
        return
    out = app.reporter.out
    if app.fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["kind"])
        writer.writeheader()
        writer.writerows(rows)
        out.print(buffer.getvalue(), end="", markup=False)
        return
    from rich.table import Table

    per_file: dict[str, Counter] = {}
    for f in report.findings:
        if f.file:
            per_file.setdefault(f.file, Counter())[f.kind] += 1
    summary = Table("document", "candidates", "ambiguous", title="Entity review")
    for file, counts in sorted(per_file.items()):
        summary.add_row(file, str(counts["candidate"]), str(counts["ambiguous"]))
    out.print(summary)
    for kind, title in (("candidate", "Candidates: capitalised words no register entry matched"),
                        ("ambiguous", "Ambiguous: register names left untagged"),
                        ("unused", "Register entries no document refers to"),
                        ("unregistered", "Participants no register entry knows (propose an entry in persons.xml)")):
        found = report.of_kind(kind)
        table = Table("surface", "count", "where" if kind != "unused" else "id", title=f"{title} ({len(found)})")
        grouped: dict[str, list] = {}
        for f in found:
            grouped.setdefault(f.surface, []).append(f)
        for surface, items in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            places = sorted({f"{Path(i.file).stem[:10]}:{i.line}" for i in items if i.file})
            where = (", ".join(places[:3]) + (f" +{len(places) - 3}" if len(places) > 3 else "")) or items[0].ref
            table.add_row(surface, str(len(items)), where)
        out.print(table)


# ------------------------------------------------------------------ doctor

@command(main, "doctor")
@click.option("--tests", "for_tests", is_flag=True, help="Also what the test suite needs (Chromium, poppler, Java).")
def doctor(app: App, for_tests: bool) -> int:
    """Check this machine: the Debian packages, fonts and Python dependencies the edition needs, and the
    apt-get line that adds what is missing."""
    from ..doctor import check

    found = check(tests=for_tests)
    for diagnostic in found:
        app.reporter.diagnostic(diagnostic)
    errors = [d for d in found if d.severity == "error"]
    app.reporter.say("everything the edition needs is here" if not errors else f"{len(errors)} problem(s)")
    return 1 if errors else 0


# ------------------------------------------------------------------ export

@command(main, "export")
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="The build's folder: its tei/ is exported into its export/ [default: the project's output].")
def export_command(app: App, out_dir: Path | None) -> int:
    """The exchange package of the built edition (export/): each document standalone, a teiCorpus, Dublin Core
    records, a static OAI-PMH repository and a manifest with checksums."""
    from ..exchange import export

    project = app.project
    out = Path(out_dir or project.paths.output)
    tei = sorted((out / "tei").glob("*.xml"))
    if not tei:
        raise EditionError(Diagnostic("export.no-build", "error", "no built TEI to export: run edition build first",
                                      str(out / "tei")))
    result = export(tei, out, project.exchange, project.meta.editors, project.meta.licence,
                    contact=project.meta.contact)
    for diagnostic in result.diagnostics:
        app.reporter.diagnostic(diagnostic)
    app.reporter.result(documents=[str(p) for p in result.documents], files=[str(p) for p in result.files])
    app.reporter.say(f"exported {len(result.documents)} document(s), {len(result.files)} file(s) in {result.out_dir}")
    return 0
