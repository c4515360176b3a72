"""The exchange commands besides export: import (another archive's TEI) and diff (a returned file against ours)."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import EditionError
from . import main
from .app import App, command


@command(main, "import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder for the imports, one sub-folder per file [default: imports/ of the project].")
@click.option("--xinclude", is_flag=True,
              help="Take in the files the document's XIncludes name, when they are inside its own folder "
                   "(includes of anything else are refused). Without it, xi:include elements are kept, nothing read.")
@click.option("--registers", type=click.Path(path_type=Path), help="Registers folder instead of the project's.")
def import_command(app: App, paths: tuple[Path, ...], out_dir: Path | None, xinclude: bool,
                   registers: Path | None) -> int:
    """Import other archives' TEI: each file kept as received, an enriched copy (names linked to the registers,
    speaker turns), and a review report (matched, proposed new entries, conflicts) in imports/<name>/."""
    from ..importing import import_file

    project = app.project_or_standalone().with_paths(registers=registers)
    register_set = project.registers
    out = Path(out_dir or project.root / "imports")
    code, done = 0, []
    with app.reporter.progress() as progress:
        for number, path in enumerate(paths):
            progress(f"importing {path.name}", number, len(paths))
            try:
                result = import_file(path, out, register_set, xinclude=xinclude, edition_title=project.meta.title,
                                     editors=project.meta.editors)
            except EditionError as exc:
                app.reporter.diagnostic(exc.diagnostic)
                code = max(code, exc.exit_code)
                continue
            review = result.review
            for diagnostic in review.diagnostics:
                app.reporter.diagnostic(diagnostic)
            app.reporter.say(f"{path}: {len(review.matched)} name(s) matched, {len(review.proposed)} proposed, "
                             f"{len(review.conflicts)} conflict(s), {len(review.speakers)} speaker(s) -> {result.folder}")
            for backup in result.backups:
                app.reporter.say(f"  kept the previous {backup.name.split('.')[0]} as {backup}")
            done.append({"file": str(path), "folder": str(result.folder), "copy": str(result.copy),
                         "received": str(result.received), "matched": len(review.matched),
                         "proposed": len(review.proposed), "conflicts": len(review.conflicts),
                         "speakers": len(review.speakers), "backups": [str(b) for b in result.backups]})
    app.reporter.result(imported=done)
    return code


@command(main, "diff")
@click.argument("ours", type=click.Path(path_type=Path))
@click.argument("theirs", type=click.Path(path_type=Path))
def diff_command(app: App, ours: Path, theirs: Path) -> int:
    """Show what a returned file (THEIRS) changed against ours (OURS): header, text and markup, formatting
    ignored. Exit code 0 when they are the same, 1 when they differ. docs/exchange.md says how to carry an
    accepted change back into the sources."""
    from ..xmldiff import compare_files

    changes = compare_files(ours, theirs)
    for change in changes:
        app.reporter.diagnostic(change.diagnostic(str(theirs)))
    counts = {layer: sum(c.layer == layer for c in changes) for layer in ("header", "text", "markup")}
    app.reporter.result(changes=[vars(c) for c in changes], counts=counts)
    app.reporter.say("the same, formatting aside" if not changes else
                     ", ".join(f"{n} {layer} difference(s)" for layer, n in counts.items()))
    return 1 if changes else 0
