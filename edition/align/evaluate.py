"""Scoring an alignment against a gold one: strict and lax F1 of sentence links.

Why these measures: they are the convention of the Text+Berg / bleualign evaluations,
so our figures can be compared with published ones. A link is a pair (source sentences,
translation sentences) with both sides non-empty. Strict: a predicted link counts only
if the gold has exactly that link. Lax: a predicted link counts if it shares at least
one sentence on each side with a gold link (precision), and a gold link is found if a
predicted link shares at least one sentence on each side with it (recall). Sentences
marked as having no counterpart are scored separately (``unaligned_f1``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from .aligner import Item
from .features import features
from .segment import XML_ID, T, segment_text
from .tree import versions

if TYPE_CHECKING:
    from ..entities.index import EntityIndex

LinkKey = tuple[frozenset[str], frozenset[str]]


@dataclass(frozen=True)
class Gold:
    """A hand-made alignment: links per translation, and the fingerprints of the sentences it names."""

    conversation: str
    pairs: dict[str, list[LinkKey]]  # translation id -> links, including one-sided ones
    fingerprints: dict[str, str]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and F1, strict and lax, of the two-sided links; F1 of the one-sided ones."""

    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    unaligned_f1: float
    links: int  # gold links with both sides


def load_gold(path: Path) -> Gold:
    """Read a gold file (tests/align_gold/*.toml): links written "source ids = translation ids"."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pairs = {}
    for translation, body in data["pair"].items():
        links = []
        for spec in body["links"]:
            left, _, right = spec.partition("=")
            links.append((frozenset(left.split()), frozenset(right.split())))
        pairs[translation] = links
    return Gold(data["conversation"], pairs, dict(data.get("fingerprints", {})))


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def score(predicted: Iterable[LinkKey], gold: Iterable[LinkKey]) -> Scores:
    """Score predicted links (one-sided ones included) against the gold's."""
    pred_all, gold_all = list(predicted), list(gold)
    pred = [k for k in pred_all if k[0] and k[1]]
    ref = [k for k in gold_all if k[0] and k[1]]
    exact = len(set(pred) & set(ref))
    sp, sr = _ratio(exact, len(pred)), _ratio(exact, len(ref))

    def overlaps(a: LinkKey, b: LinkKey) -> bool:
        return bool(a[0] & b[0]) and bool(a[1] & b[1])

    lp = _ratio(sum(any(overlaps(k, g) for g in ref) for k in pred), len(pred))
    lr = _ratio(sum(any(overlaps(g, k) for k in pred) for g in ref), len(ref))
    pred_null = {s for k in pred_all if not (k[0] and k[1]) for s in k[0] | k[1]}
    gold_null = {s for k in gold_all if not (k[0] and k[1]) for s in k[0] | k[1]}
    both = len(pred_null & gold_null)
    null_f1 = _f1(_ratio(both, len(pred_null)), _ratio(both, len(gold_null)))
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), null_f1, len(ref))


def stale_fingerprints(gold: Gold, current: dict[str, str]) -> list[str]:
    """Gold sentences whose id is gone or whose text changed since the gold was made."""
    return [sid for sid, fp in gold.fingerprints.items() if current.get(sid) != fp]


def links_in_tree(root: etree._Element, translation: str) -> list[LinkKey]:
    """The sentence links (and one-sided segments) the TEI carries for source ↔ ``translation``."""
    out: list[LinkKey] = []
    for group in root.iter(f"{T}linkGrp"):
        if group.get("subtype") != "sentence" or not group.get("corresp", "").endswith(f"#{translation}"):
            continue
        for el in group:
            ids = [p.lstrip("#") for p in el.get("target", "").split()]
            tgt = frozenset(i for i in ids if i.startswith(f"{translation}-"))
            out.append((frozenset(ids) - tgt, tgt))
    return out


def seed_trees(project) -> dict[str, etree._ElementTree]:
    """Every conversation of a project's transcripts as a TEI tree, through the pipeline's own reading, writing
    and enrichment stages (entity tagging, alignment): the input the aligner meets in a real build."""
    from ..pipeline import Pipeline

    pipeline = Pipeline(project)
    conversations = pipeline.group(pipeline.read(project.transcripts()))
    return {conv.key: tree for conv, tree in pipeline.trees(conversations)}


def items_of(tree: etree._ElementTree, index: EntityIndex | None = None) -> dict[str, list[Item]]:
    """Segments and features of every version (segmenting the tree in place): the aligner's input; names of
    untagged versions from ``index`` (``registers.index``) when given."""
    return {t.get(XML_ID): [Item(s, features(s, index)) for s in segment_text(t, t.get(XML_ID))]
            for t in versions(tree.getroot())}
