"""``edition align``: (re)align built TEI files and list the links an editor should check.

Why a command of its own: editors fix links between builds. They run it on build/tei,
read the doubtful links side by side, paste the printed ``[[lock]]`` into
``<alignment>/<conversation>.toml`` of the project (corrected as needed) and run it again;
the next ``edition build`` applies the same decisions. Files are rewritten only with
``--in-place`` (a backup ``NAME.xml.bak`` is kept), or written into ``--out``.
"""

from __future__ import annotations

from pathlib import Path

import click
from lxml import etree

from ..align.segment import T, XML_ID, fingerprint, flat_text, normalise
from ..align.standoff import certainty_of
from ..align.tree import align_tree, conversation_key
from ..errors import Diagnostic, EditionError
from ..outputs import write_atomic
from ..writers.tei import serialise
from ..xmlsafe import parse_xml
from . import main
from .app import App, command
from .commands import _tei_files

RANK = {"low": 0, "medium": 1, "high": 2}


def shorten(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


def review(path: Path, root: etree._Element, threshold: str) -> list[str]:
    """Lines of the report for one aligned document: a summary per pair, then each doubtful link."""
    sentences = {el.get(XML_ID): normalise(flat_text(el)) for el in root.iter(f"{T}s")}
    lines: list[str] = []
    for group in root.iter(f"{T}linkGrp"):
        if group.get("type") != "translation" or group.get("subtype") != "sentence":
            continue
        source, translation = (p.lstrip("#") for p in group.get("corresp").split())
        links = [el for el in group if el.tag == f"{T}link"]
        unaligned = [el for el in group if el.tag == f"{T}ptr"]
        counts = {c: sum(certainty_of(el) == c for el in links) for c in RANK}
        lines.append(f"{path}: {source} ↔ {translation}: {len(links)} links ({counts['high']} high, "
                     f"{counts['medium']} medium, {counts['low']} low), {len(unaligned)} without counterpart")
        for el in sorted([*links, *unaligned], key=lambda e: e.sourceline or 0):
            if RANK[certainty_of(el)] > RANK[threshold]:
                continue
            ids = [p.lstrip("#") for p in el.get("target").split()]
            src = [i for i in ids if not i.startswith(f"{translation}-")]
            tgt = [i for i in ids if i.startswith(f"{translation}-")]
            kind = "no counterpart" if el.tag == f"{T}ptr" else f"{certainty_of(el)} {el.get('cert')}"
            lines.append(f"{path}:{el.sourceline}: {kind}: {source} ↔ {translation}")
            for side, side_ids in ((source, src), (translation, tgt)):
                text = " ".join(sentences.get(i, "") for i in side_ids) or "—"
                lines.append(f"    {side:<12} {' '.join(side_ids) or '—':<28} {shorten(text)}")
            refs = {v: " ".join(f"{i}@{fingerprint(sentences.get(i, ''))}" for i in side_ids)
                    for v, side_ids in ((source, src), (translation, tgt))}
            lines.append(f'    lock: [[lock]] {source} = "{refs[source]}" {translation} = "{refs[translation]}"')
    return lines


@command(main, "align")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--overrides", "overrides_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Editor decisions: <conversation key>.toml with [[lock]] tables [default: the project's "
                   "alignment folder].")
@click.option("--registers", "register_dir", type=click.Path(path_type=Path),
              help="Registers whose names anchor the alignment when the TEI has no @ref [default: the project's].")
@click.option("--review", "threshold", type=click.Choice(["low", "medium", "high"]), default="low", show_default=True,
              help="List links of this confidence and below.")
@click.option("--in-place", is_flag=True, help="Rewrite the files with the new links (keeping NAME.xml.bak).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Write the realigned files into this folder instead.")
@click.option("--dry-run", is_flag=True, hidden=True, help="Report only (the default without --in-place/--out).")
def align_command(app: App, paths: tuple[Path, ...], overrides_dir: Path | None, register_dir: Path | None,
                  threshold: str, in_place: bool, out_dir: Path | None, dry_run: bool) -> int:
    """Align the translations of each conversation with its original (TEI files or folders; default the
    build's) and list the links to review. Reports only, unless --in-place or --out."""
    files = _tei_files(paths, app)
    if not files:
        raise EditionError(Diagnostic("input.missing", "error", "no TEI files given and none in the build"))
    project = app.optional_project()
    if project is not None:
        project = project.with_paths(registers=register_dir, alignment=overrides_dir)
        overrides_dir = project.alignment_dir()
        register = project.registers if project.paths.registers.exists() else None
    else:
        from ..registers import Registers

        register = Registers.load(register_dir) if register_dir and register_dir.exists() else None
    code = 0
    for path in files:
        try:
            tree = parse_xml(path)
        except EditionError as exc:
            app.reporter.diagnostic(exc.diagnostic)
            code = max(code, exc.exit_code)
            continue
        for diagnostic in align_tree(tree, overrides_dir, register):
            app.reporter.diagnostic(diagnostic)
            if diagnostic.severity == "error":
                code = max(code, 1)
        if tree.getroot().find(f"{T}standOff/{T}linkGrp[@type='translation']") is None:
            app.reporter.say(f"{path}: one version, nothing to align")
            continue
        data = serialise(tree)
        if out_dir is not None:
            write_atomic(out_dir / path.name, data)
        elif in_place and not dry_run:
            write_atomic(path.with_name(path.name + ".bak"), path.read_bytes())
            write_atomic(path, data)
        root = etree.fromstring(data, base_url=str(path))
        for line in review(path, root, threshold):
            app.reporter.say(line)
        if overrides_dir is not None:
            overrides = overrides_dir / f"{conversation_key(tree)}.toml"
            app.reporter.say(f"  decisions: {overrides}{'' if overrides.is_file() else ' (none yet)'}")
    return code
