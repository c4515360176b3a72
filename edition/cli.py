"""The `edition` command line. The only place that prints.

Exit codes (all commands):
  0  success
  1  the input was read but is invalid, or a step failed (messages say where)
  2  usage error (unknown option, missing argument)
  3  an input file cannot be read at all (missing, empty, binary, undecodable)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from . import __version__
from .errors import Diagnostic, EditionError, InputError
from .metadata import load_edition_meta
from .pipeline import FileResult, group_conversations, read_transcript, write_conversations
from .readers import READERS
from .registers import PersonRegister
from .validate import SCHEMA_HELP, find_schema, validate_tei
from .writers.tei import write_atomic

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def _show(diagnostic: Diagnostic) -> None:
    style = {"error": "red", "warning": "yellow"}.get(diagnostic.severity, "")
    err.print(diagnostic.format(), style=style, markup=False)


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                    transient=True, disable=not err.is_terminal)


def _load_register(path: Path) -> PersonRegister:
    if not path.exists():
        raise EditionError(Diagnostic("register.missing", "error", "no registers here", str(path)))
    return PersonRegister.load(path)


def _convert(paths: list[Path], register: PersonRegister, meta_dir: Path | None, layout: str | None,
             encoding: str | None) -> tuple[list[FileResult], int]:
    """Read every file; report per file; return the results and the worst exit code."""
    results: list[FileResult] = []
    code = 0
    with _progress() as progress:
        task = progress.add_task("converting", total=len(paths))
        for path in paths:
            progress.update(task, description=f"converting {path.name}")
            try:
                result = read_transcript(path, register, meta_dir, layout, encoding)
            except EditionError as exc:
                _show(exc.diagnostic)
                code = max(code, exc.exit_code)
                progress.advance(task)
                continue
            results.append(result)
            for diagnostic in result.diagnostics:
                _show(diagnostic)
            r = result.result
            out.print(f"{path}: layout {r.layout}, {len(r.versions)} record(s)", markup=False)
            for v in r.versions:
                ids = list(dict.fromkeys(v.principals + v.speakers + v.present))
                who = ", ".join(register.persons[i].name("en") if i in register.persons else i for i in ids)
                who = who or "no participants identified"
                out.print(f"  - {v.lang} {v.role}: {v.date or 'undated'}, {v.title or 'untitled'} [{who}]",
                          markup=False)
            if r.dropped:
                reasons = sorted({d.reason for d in r.dropped})
                out.print(f"  left out {len(r.dropped)} line(s): {'; '.join(reasons)}", markup=False)
            progress.advance(task)
    return results, code


def _write_report(results: list[FileResult], out_dir: Path) -> Path:
    """A machine-readable account of what each reader found, warned about and left out."""
    report = [{
        "file": str(r.path), "layout": r.result.layout,
        "records": [{"id": v.id, "lang": v.lang, "role": v.role, "date": v.date.isoformat() if v.date else None,
                     "title": v.title} for v in r.result.versions],
        "dropped": [{"line": d.line, "text": d.text, "reason": d.reason} for d in r.result.dropped],
        "warnings": [d.format() for d in r.diagnostics],
    } for r in results]
    path = out_dir / "conversion-report.json"
    write_atomic(path, json.dumps(report, ensure_ascii=False, indent=1).encode())
    return path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
def main() -> None:
    """Archival transcripts → TEI P5 edition → HTML site and printed PDF."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build/tei"), show_default=True,
              help="Directory for the TEI files.")
@click.option("--layout", type=click.Choice(sorted(READERS)), help="Force a reader instead of detecting the layout.")
@click.option("--encoding", help="Decode the transcripts with this encoding (default: UTF-8, then cp1251).")
@click.option("--registers", "register_path", type=click.Path(path_type=Path),
              default=Path("seeds/registers"), show_default=True,
              help="Directory of authority registers (persons.xml, places.xml, orgs.xml).")
@click.option("--meta", "meta_dir", type=click.Path(path_type=Path), default=Path("seeds/meta"), show_default=True,
              help="Directory of per-document metadata (<transcript stem>.toml).")
@click.option("--edition-meta", type=click.Path(path_type=Path), default=Path("seeds/edition.toml"),
              show_default=True, help="The edition's metadata.")
def convert(paths: tuple[Path, ...], out_dir: Path, layout: str | None, encoding: str | None, register_path: Path,
            meta_dir: Path, edition_meta: Path) -> None:
    """Convert transcript files into TEI, one file per conversation."""
    try:
        register = _load_register(register_path)
        edition = load_edition_meta(edition_meta)
        results, code = _convert(list(paths), register, meta_dir if meta_dir.is_dir() else None, layout, encoding)
        conversations, diagnostics = group_conversations(results, register)
        for diagnostic in diagnostics:
            _show(diagnostic)
        written = write_conversations(conversations, out_dir, edition, register)
        if results:
            _write_report(results, out_dir)
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(exc.exit_code)
    for conv, path in zip(conversations, written):
        versions = ", ".join(v.id for v in conv.versions)
        out.print(f"wrote {path} ({len(conv.versions)} version(s): {versions}; "
                  f"{len(conv.participants)} participant(s))", markup=False)
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--tei-schema", type=click.Path(path_type=Path), help="Path to tei_all.rng.")
def validate(paths: tuple[Path, ...], tei_schema: Path | None) -> None:
    """Check TEI files against the official TEI schema (tei_all)."""
    try:
        schema = find_schema(tei_schema)
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(2)
    if schema is None:
        _show(Diagnostic("tei.schema-missing", "error", SCHEMA_HELP))
        sys.exit(2)
    code = 0
    invalid = 0
    for path in paths:
        if not path.is_file():
            _show(Diagnostic("input.missing", "error", "no such file", str(path)))
            code = 3
            continue
        diagnostics = validate_tei(path, schema)
        for diagnostic in diagnostics:
            _show(diagnostic)
        if diagnostics:
            invalid += 1
            unreadable = any(d.code.startswith("input.") for d in diagnostics)
            code = max(code, 3 if unreadable else 1)
    out.print(f"{len(paths) - invalid} valid, {invalid} invalid (TEI schema {schema})", markup=False)
    sys.exit(code)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--registers", "register_dir", type=click.Path(path_type=Path), default=Path("seeds/registers"),
              show_default=True, help="Directory of authority registers.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit with 1 when there are unresolved candidates.")
def entities(paths: tuple[Path, ...], register_dir: Path, fmt: str, strict: bool) -> None:
    """Review entity markup: unmatched names (candidates), ambiguous matches, unused register entries."""
    from .entities.report import load_not_names, review

    files = list(paths) or sorted(Path("build/tei").glob("*.xml"))
    missing = [p for p in files if not p.is_file()]
    for path in missing:
        _show(Diagnostic("input.missing", "error", "no such file", str(path)))
    if missing or not files:
        if not files:
            _show(Diagnostic("input.missing", "error", "no TEI files given and none in build/tei (run edition build)"))
        sys.exit(3)
    try:
        registers = _load_register(register_dir)
        report = review(files, registers, load_not_names(register_dir))
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(exc.exit_code)
    _print_entity_report(report, fmt)
    sys.exit(1 if strict and report.of_kind("candidate") else 0)


def _print_entity_report(report, fmt: str) -> None:
    rows = [{"kind": f.kind, "file": f.file, "line": f.line, "text": f.text_id, "surface": f.surface, "ref": f.ref}
            for f in report.findings]
    if fmt == "json":
        out.print(json.dumps({"findings": rows, "mentions": dict(report.mentions)}, ensure_ascii=False, indent=1),
                  markup=False)
        return
    if fmt == "csv":
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
                        ("unused", "Register entries no document refers to")):
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


@main.command()
@click.option("--seeds", "seeds_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("seeds"),
              show_default=True, help="Transcripts (*.txt), registers/, meta/ and edition.toml.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("build"), show_default=True)
@click.option("--tei-schema", type=click.Path(path_type=Path), help="tei_all.rng for the conformance check.")
@click.option("--no-pdf", is_flag=True, help="Skip the printed edition.")
def build(seeds_dir: Path, out_dir: Path, tei_schema: Path | None, no_pdf: bool) -> None:
    """Build the whole edition: TEI, HTML site and PDF, from the seeds."""
    from .publish.builders import HtmlBuilder, PdfBuilder

    try:
        transcripts = sorted(seeds_dir.glob("*.txt"))
        if not transcripts:
            raise InputError(Diagnostic("build.no-seeds", "error", "no transcripts (*.txt) here", str(seeds_dir)))
        register = _load_register(seeds_dir / "registers")
        edition = load_edition_meta(seeds_dir / "edition.toml")
        results, code = _convert(transcripts, register, seeds_dir / "meta", None, None)
        if code:
            sys.exit(code)
        conversations, diagnostics = group_conversations(results, register)
        for diagnostic in diagnostics:
            _show(diagnostic)
        tei_dir = out_dir / "tei"
        tei_paths = write_conversations(conversations, tei_dir, edition, register)
        for stale in set(tei_dir.glob("*.xml")) - set(tei_paths):
            stale.unlink()  # build/ is generated: a conversation no longer produced must not be published
        _write_report(results, tei_dir)
        out.print(f"TEI: {len(tei_paths)} conversation(s) in {tei_dir}", markup=False)
        schema = find_schema(tei_schema)
        if schema is None:
            err.print("note: TEI conformance not checked; " + SCHEMA_HELP, markup=False)
        else:
            problems = [d for path in tei_paths for d in validate_tei(path, schema)]
            for diagnostic in problems:
                _show(diagnostic)
            if problems:
                err.print("refusing to publish invalid TEI", style="red")
                sys.exit(1)
            out.print(f"TEI: all valid against {schema}", markup=False)
        html = HtmlBuilder().build(tei_paths, out_dir / "html", edition.as_params())
        pages = [p for p in html if p.suffix == ".html"]
        out.print(f"HTML: {len(pages)} page(s) in {out_dir / 'html'}", markup=False)
        if not no_pdf:
            pdf = PdfBuilder().build(tei_paths, out_dir / "pdf", edition.as_params())
            out.print(f"PDF: {pdf}", markup=False)
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(exc.exit_code)


if __name__ == "__main__":  # pragma: no cover
    main()
