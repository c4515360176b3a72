"""Editor decisions: links locked in ``<alignment>/<conversation key>.toml`` (the project's [paths] alignment).

Why ids *and* fingerprints: an id says where a sentence is, a fingerprint what it says.
A lock survives every rebuild — and every re-segmentation that renumbers sentences
while leaving their text alone — because a reference whose id no longer carries that
text is looked up by its fingerprint instead. When the text itself changed, the lock
is reported as stale and not applied: an editor's decision about one sentence must
never silently move to another.

    [[lock]]
    ru = "ru-b33-s2@5f0c81d2"
    en-shaturin = "en-shaturin-b36-s2@0a1b2c3d en-shaturin-b36-s3@9e8d7c6b"
    note = "Shaturin splits the sentence"      # optional

A translation key with an empty value locks the source sentences as having no
counterpart in it (and ``ru = ""`` the translation's sentences).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic
from .aligner import Item, Lock
from .segment import fingerprint


@dataclass(frozen=True)
class LockSpec:
    """One ``[[lock]]`` table: segment references ("id@fingerprint") per version id."""

    refs: dict[str, list[str]]
    number: int  # 1-based position among the file's locks
    line: int | None


def load_locks(path: Path) -> tuple[list[LockSpec], list[Diagnostic]]:
    """The locks of one override file; a missing file means no decisions."""
    if not path.is_file():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [], [Diagnostic("align.override-syntax", "error", f"cannot read overrides: {exc}", str(path))]
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[lock]]")]
    specs, problems = [], []
    for number, table in enumerate(data.get("lock", []), 1):
        refs: dict[str, list[str]] = {}
        for key, value in table.items():
            if key == "note":
                continue
            items = value.split() if isinstance(value, str) else [str(v) for v in value]
            refs[key] = items
        line = lines[number - 1] if number <= len(lines) else None
        if len(refs) < 2:
            problems.append(Diagnostic("align.override-incomplete", "error",
                                       "a lock names the source and at least one translation", str(path), line))
            continue
        specs.append(LockSpec(refs, number, line))
    return specs, problems


class Resolver:
    """Finds the segment an "id@fingerprint" reference means in the current segmentation."""

    def __init__(self, items: dict[str, list[Item]], path: Path) -> None:
        self.path = path
        self.position = {i.segment.id: (v, n) for v, seq in items.items() for n, i in enumerate(seq)}
        self.fp = {i.segment.id: fingerprint(i.segment.text) for seq in items.values() for i in seq}
        self.by_fp: dict[tuple[str, str], list[str]] = {}
        for version, seq in items.items():
            for i in seq:
                self.by_fp.setdefault((version, self.fp[i.segment.id]), []).append(i.segment.id)

    def resolve(self, version: str, ref: str, spec: LockSpec, out: list[Diagnostic]) -> str | None:
        sid, _, fp = ref.partition("@")
        where = (str(self.path), spec.line)
        if not fp:
            out.append(Diagnostic("align.override-fingerprint", "error",
                                  f"lock {spec.number}: '{sid}' needs its text fingerprint ('{sid}@{self.fp.get(sid, '…')}')",
                                  *where))
            return None
        if self.fp.get(sid) == fp and self.position[sid][0] == version:
            return sid
        found = self.by_fp.get((version, fp), [])
        if len(found) == 1:
            out.append(Diagnostic("align.override-moved", "info",
                                  f"lock {spec.number}: '{sid}' is now '{found[0]}' (same text)", *where))
            return found[0]
        reason = "several sentences carry that text" if found else "the text changed or is gone"
        out.append(Diagnostic("align.override-stale", "warning",
                              f"lock {spec.number}: '{sid}@{fp}' no longer matches ({reason}); lock not applied",
                              *where))
        return None


def pair_locks(specs: list[LockSpec], source: str, translation: str, items: dict[str, list[Item]],
               path: Path) -> tuple[list[Lock], set[str], list[Diagnostic]]:
    """Locks and one-sided exclusions for one version pair, as index ranges of the two sequences."""
    resolver = Resolver(items, path)
    out: list[Diagnostic] = []
    locks: list[Lock] = []
    excluded: set[str] = set()
    for spec in specs:
        if translation not in spec.refs or source not in spec.refs:
            continue
        sides = []
        for version in (source, translation):
            ids = [resolver.resolve(version, ref, spec, out) for ref in spec.refs[version]]
            sides.append(None if None in ids else [resolver.position[i][1] for i in ids])
        if None in sides:
            continue
        src, tgt = sides
        where = (str(path), spec.line)
        if any(sorted(side) != list(range(min(side), max(side) + 1)) for side in sides if side):
            out.append(Diagnostic("align.override-gap", "error",
                                  f"lock {spec.number}: the sentences of one side must follow each other", *where))
            continue
        if not src and not tgt:
            continue
        if not src or not tgt:
            excluded.update(items[translation if tgt else source][n].segment.id for n in (tgt or src))
            continue
        lock = Lock((min(src), max(src) + 1), (min(tgt), max(tgt) + 1))
        crossing = any((a.src[0] < lock.src[1] and lock.src[0] < a.src[1]) or
                       (a.tgt[0] < lock.tgt[1] and lock.tgt[0] < a.tgt[1]) or
                       ((a.src[0] < lock.src[0]) != (a.tgt[0] < lock.tgt[0])) for a in locks)
        if crossing:
            out.append(Diagnostic("align.override-crossing", "error",
                                  f"lock {spec.number} overlaps or crosses an earlier lock; not applied", *where))
            continue
        locks.append(lock)
    return locks, excluded, out
