"""``edition align``: (re)align built TEI files and list the links an editor should check.

Why a command of its own: editors fix links between builds. They run it on build/tei,
read the doubtful links side by side, paste the printed ``[[lock]]`` into
``seeds/alignment/<conversation>.toml`` (corrected as needed) and run it again; the next
``make edition`` applies the same decisions.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from lxml import etree
from rich.console import Console

from ..errors import Diagnostic, EditionError
from ..registers import PersonRegister
from ..writers.tei import serialise, write_atomic
from ..xmlsafe import parse_xml
from .segment import T, XML_ID, fingerprint, flat_text, normalise
from .tree import align_tree, conversation_key

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)
RANK = {"low": 0, "medium": 1, "high": 2}


def _show(diagnostic: Diagnostic) -> None:
    style = {"error": "red", "warning": "yellow"}.get(diagnostic.severity, "")
    err.print(diagnostic.format(), style=style, markup=False)


def _files(paths: tuple[Path, ...]) -> list[Path]:
    found: list[Path] = []
    for path in paths or (Path("build/tei"),):
        found += sorted(path.glob("*.xml")) if path.is_dir() else [path]
    return found


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
        counts = {c: sum(el.get("cert") == c for el in links) for c in RANK}
        lines.append(f"{path}: {source} ↔ {translation}: {len(links)} links ({counts['high']} high, "
                     f"{counts['medium']} medium, {counts['low']} low), {len(unaligned)} without counterpart")
        for el in sorted([*links, *unaligned], key=lambda e: e.sourceline or 0):
            if RANK[el.get("cert", "low")] > RANK[threshold]:
                continue
            ids = [p.lstrip("#") for p in el.get("target").split()]
            src = [i for i in ids if not i.startswith(f"{translation}-")]
            tgt = [i for i in ids if i.startswith(f"{translation}-")]
            kind = "no counterpart" if el.tag == f"{T}ptr" else f"{el.get('cert')} {el.get('n')}"
            lines.append(f"{path}:{el.sourceline}: {kind}: {source} ↔ {translation}")
            for side, side_ids in ((source, src), (translation, tgt)):
                text = " ".join(sentences.get(i, "") for i in side_ids) or "—"
                lines.append(f"    {side:<12} {' '.join(side_ids) or '—':<28} {shorten(text)}")
            refs = {v: " ".join(f"{i}@{fingerprint(sentences.get(i, ''))}" for i in side_ids)
                    for v, side_ids in ((source, src), (translation, tgt))}
            lines.append(f'    lock: [[lock]] {source} = "{refs[source]}" {translation} = "{refs[translation]}"')
    return lines


@click.command("align")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--overrides", "overrides_dir", type=click.Path(path_type=Path, file_okay=False),
              default=Path("seeds/alignment"), show_default=True,
              help="Editor decisions: <conversation key>.toml with [[lock]] tables.")
@click.option("--registers", "register_dir", type=click.Path(path_type=Path), default=Path("seeds/registers"),
              show_default=True, help="Registers whose names anchor the alignment when the TEI has no @ref.")
@click.option("--review", "threshold", type=click.Choice(["low", "medium", "high"]), default="low", show_default=True,
              help="List links of this confidence and below.")
@click.option("--dry-run", is_flag=True, help="Report only; do not rewrite the files.")
def align_command(paths: tuple[Path, ...], overrides_dir: Path, register_dir: Path, threshold: str,
                  dry_run: bool) -> None:
    """Align the translations of each conversation with its original (TEI files or directories;
    default build/tei) and list the links to review."""
    files = _files(paths)
    if not files:
        _show(Diagnostic("input.missing", "error", "no TEI files given and none in build/tei"))
        sys.exit(3)
    code = 0
    try:
        register = PersonRegister.load(register_dir) if register_dir.exists() else None
    except EditionError as exc:
        _show(exc.diagnostic)
        sys.exit(exc.exit_code)
    for path in files:
        try:
            tree = parse_xml(path)
        except EditionError as exc:
            _show(exc.diagnostic)
            code = max(code, exc.exit_code)
            continue
        diagnostics = align_tree(tree, overrides_dir, register)
        for diagnostic in diagnostics:
            _show(diagnostic)
            if diagnostic.severity == "error":
                code = max(code, 1)
        if tree.getroot().find(f"{T}standOff/{T}linkGrp[@type='translation']") is None:
            out.print(f"{path}: one version, nothing to align", markup=False)
            continue
        data = serialise(tree)
        if not dry_run:
            write_atomic(path, data)
        root = etree.fromstring(data, base_url=str(path))
        overrides = overrides_dir / f"{conversation_key(tree)}.toml"
        for line in review(path, root, threshold):
            out.print(line, markup=False)
        out.print(f"  decisions: {overrides}{'' if overrides.is_file() else ' (none yet)'}", markup=False)
    sys.exit(code)
