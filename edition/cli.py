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
from .entities.decisions import load_decisions
from .errors import Diagnostic, EditionError, InputError
from .metadata import load_edition_meta
from .pipeline import FileResult, default_stages, group_conversations, read_transcript, write_conversations
from .readers import READERS
from .registers import PersonRegister
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
@click.option("--layout", type=click.Choice(sorted(READERS)),
              help="Force a reader instead of detecting the layout: "
                   + "; ".join(f"{name} = {cls.description}" for name, cls in sorted(READERS.items())) + ".")
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
        from .validation import add_xml_model, copy_schema

        alignment_dir = meta_dir.parent / "alignment"
        stage_diagnostics: list[Diagnostic] = []
        decisions = load_decisions(register_path, register) if register_path.is_dir() else []
        stages = default_stages(register, alignment_dir if alignment_dir.is_dir() else None, decisions)
        stages.append(lambda tree: add_xml_model(tree, "schema/"))  # the schema goes beside the files here
        written = write_conversations(conversations, out_dir, edition, register, stages, stage_diagnostics)
        if written:
            copy_schema(out_dir / "schema")
        for diagnostic in stage_diagnostics:
            _show(diagnostic)
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
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--tei", "with_tei", is_flag=True,
              help="Also check the edition's own files against the official tei_all (other files always are).")
@click.option("--tei-schema", type=click.Path(path_type=Path), help="Path to tei_all.rng.")
@click.option("--profile", type=click.Choice(["auto", "edition", "tei"]), default="auto", show_default=True,
              help="edition: the project's schema and rules; tei: tei_all and the rules for any TEI; "
                   "auto: edition for the edition's files, tei for others.")
@click.option("--registers", "register_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Where register files named by pointers (registers/persons.xml#id) are found "
                   "[default: seeds/registers when present].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--offline", is_flag=True, help="Never download tei_all.rng (also: EDITION_OFFLINE=1).")
def validate(paths: tuple[Path, ...], with_tei: bool, tei_schema: Path | None, profile: str, register_dir: Path | None,
             fmt: str, offline: bool) -> None:
    """Validate TEI files (default: build/tei/*.xml): the project's schema and rules, and tei_all.

    Exit codes: 0 valid, 1 invalid, 2 usage or setup (no TEI schema to be had), 3 unreadable input."""
    from .validation import Options, as_json, exit_code, finish, summary, text_lines, validate_file

    files: list[Path] = []
    for path in paths or (Path("build/tei"),):
        files += sorted(path.glob("*.xml")) if path.is_dir() else [path]
    if not files:
        _show(Diagnostic("input.missing", "error", "no TEI files given and none in build/tei (run edition build)"))
        sys.exit(3)
    registers = register_dir or (Path("seeds/registers") if Path("seeds/registers").is_dir() else None)
    options = Options(profile=profile, tei=with_tei, tei_schema=tei_schema, registers=registers,
                      allow_fetch=not offline, notify=lambda text: err.print(text, markup=False))
    reports = []
    try:
        for path in files:
            reports.append(finish(validate_file(path, options)))
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(2)
    if fmt == "json":
        out.print(json.dumps(as_json(reports), ensure_ascii=False, indent=1), markup=False)
    else:
        for report in reports:
            for text, severity in text_lines(report):
                err.print(text, style={"error": "red", "warning": "yellow"}.get(severity, ""), markup=False)
        out.print(summary(reports), markup=False)
    sys.exit(exit_code(reports))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--registers", "register_dir", type=click.Path(path_type=Path), default=Path("seeds/registers"),
              show_default=True, help="Directory of authority registers.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit with 1 when there are unresolved candidates.")
def entities(paths: tuple[Path, ...], register_dir: Path, fmt: str, strict: bool) -> None:
    """Review entity markup: unmatched names (candidates), ambiguous matches, unused register entries,
    participants the registers do not know."""
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
        stage_diagnostics: list[Diagnostic] = []
        tei_paths = write_conversations(conversations, tei_dir, edition, register,
                                        default_stages(register, seeds_dir / "alignment",
                                                       load_decisions(seeds_dir / "registers", register)),
                                        stage_diagnostics)
        for diagnostic in stage_diagnostics:
            _show(diagnostic)
        for stale in set(tei_dir.glob("*.xml")) - set(tei_paths):
            stale.unlink()  # build/ is generated: a conversation no longer produced must not be published
        _write_report(results, tei_dir)
        out.print(f"TEI: {len(tei_paths)} conversation(s) in {tei_dir}", markup=False)
        from .validation import Options, copy_schema, find_schema, finish, schema_help, text_lines, validate_file

        copy_schema(out_dir / "schema")  # the built files' xml-model PIs point here (../schema/)
        schema = find_schema(tei_schema)
        if schema is None:
            err.print("note: TEI conformance (tei_all) not checked; " + schema_help(), markup=False)
        options = Options(profile="edition", tei=schema is not None, tei_schema=schema,
                          registers=seeds_dir / "registers", allow_fetch=False)
        reports = [finish(validate_file(path, options)) for path in tei_paths]
        for report in reports:
            for text, severity in text_lines(report):
                err.print(text, style={"error": "red", "warning": "yellow"}.get(severity, ""), markup=False)
        invalid = [r.path for r in reports if not r.valid]
        if invalid:
            err.print(f"refusing to publish invalid TEI: {len(invalid)} of {len(reports)} file(s) fail validation "
                      f"(edition validate {' '.join(invalid)})", style="red", markup=False)
            sys.exit(1)
        checked = "the project's schema and rules" + (f" and {schema}" if schema else "")
        out.print(f"TEI: all valid against {checked}", markup=False)
        html = HtmlBuilder().build(tei_paths, out_dir / "html", edition.as_params())
        pages = [p for p in html if p.suffix == ".html"]
        out.print(f"HTML: {len(pages)} page(s) in {out_dir / 'html'}", markup=False)
        if not no_pdf:
            pdf = PdfBuilder().build(tei_paths, out_dir / "pdf", edition.as_params())
            out.print(f"PDF: {pdf}", markup=False)
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(exc.exit_code)


from .align.cli import align_command  # noqa: E402  (the command lives with the aligner)

main.add_command(align_command, "align")

if __name__ == "__main__":  # pragma: no cover
    main()
