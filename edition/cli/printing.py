"""`edition print`: some conversations (or all) as a printed edition of their own, and the print
options `edition build` shares (--print-layout, --facing; edition.toml's [print], docs/print.md)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import click

from ..errors import Diagnostic, EditionError
from ..outputs import output_error
from ..publish import pdf
from ..publish.pdf import LAYOUTS, PdfBuilder
from . import main
from .app import App, command


def print_options(function):
    """--print-layout and --facing, for every command that prints."""
    function = click.option(
        "--facing", multiple=True, metavar="VERSION",
        help="The translation facing the original: its version id (en-rozas), the id's last part (rozas) or its "
             "translator's family name; repeat to give preferences [default: edition.toml's [print] facing, else "
             "each conversation's first translation].")(function)
    return click.option(
        "--print-layout", type=click.Choice(LAYOUTS),
        help="facing: the original on the verso, the translation on the recto; columns: the two side by side on "
             "each page; sequence: one version after another [default: edition.toml's [print] layout, else "
             "facing].")(function)


def selected(tei: list[Path], wanted: tuple[str, ...]) -> list[Path]:
    """The TEI files a command's arguments name: each argument a conversation's id or the start of it
    ("1950-01-22", "1950-01"); none: all. An argument that names none is an error, with the ids there are."""
    if not tei:
        raise EditionError(Diagnostic("print.no-conversation", "error", "there are no TEI files to print"))
    if not wanted:
        return tei
    chosen: list[Path] = []
    for word in wanted:
        hits = [p for p in tei if p.stem == word or p.stem.startswith(word)]
        if not hits:
            known = ", ".join(p.stem for p in tei) or "none"
            raise EditionError(Diagnostic("print.no-conversation", "error",
                                          f"no conversation is named {word!r}; the edition has: {known}"))
        chosen += [p for p in hits if p not in chosen]
    return chosen


@command(main, "print")
@click.argument("conversations", nargs=-1)
@click.option("--out", "out_file", type=click.Path(path_type=Path),
              help="The PDF to write [default: print/<conversation>.pdf in the project's output, or "
                   "print/edition.pdf for several].")
@click.option("--tei", "tei_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Print the TEI files in this folder (an earlier build's tei/) instead of making them.")
@print_options
def print_command(app: App, conversations: tuple[str, ...], out_file: Path | None, tei_dir: Path | None,
                  print_layout: str | None, facing: tuple[str, ...]) -> int:
    """Print conversations on their own: CONVERSATIONS are ids or their starts (1950-01-22, 1950-01); none:
    all of them. The TEI is made first, as by 'edition build -b tei' (reused when it is up to date), unless
    --tei names a folder of it."""
    project = app.project.with_print(print_layout, facing)
    if tei_dir is not None:
        tei, out_dir = sorted(tei_dir.glob("*.xml")), project.paths.output
    else:
        with app.reporter.progress() as progress:
            result = app.pipeline(progress, project).build(["tei"])
        if result.failed or result.invalid:
            app.reporter.diagnostic(Diagnostic(
                "build.invalid-tei", "error", "the TEI could not be made or is not valid: nothing printed "
                "(edition build says why)"))
            return 1
        tei, out_dir = sorted(result.tei), result.out_dir
    chosen = selected(tei, conversations)
    if out_file is None:
        out_file = out_dir / "print" / (f"{chosen[0].stem}.pdf" if len(chosen) == 1 else "edition.pdf")
    out_file = out_file.resolve()
    options = project.print_options
    warning = pdf.large_book([sum(path.stat().st_size for path in chosen)], pdf.machine_memory())
    if warning is not None:  # said before the setting, which may take long or fail for want of memory
        app.reporter.diagnostic(warning)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_file.stem}.", dir=out_file.parent))
    try:
        made = PdfBuilder(layout=options.layout, facing=options.facing).build(
            chosen, work, project.meta.as_params())
        os.replace(made, out_file)
    except OSError as exc:
        raise output_error(out_file, exc) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    app.reporter.say(f"PDF: {out_file} ({len(chosen)} conversation(s), {options.layout})")
    app.reporter.result(pdf=str(out_file), conversations=[p.stem for p in chosen], layout=options.layout)
    return 0
