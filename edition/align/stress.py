"""Stress tests of the aligner: the development gold with material taken out of, or put into, a translation.

Why: the two translations of the 22 January 1950 record follow the original closely, so a
plain length model already does well on them. What the structure and the anchors buy shows
when a translation drops a turn or a sentence, merges two turns under one speaker, or adds a
paragraph of its own — material present in one version only. The perturbed gold follows
from the original gold: what is dropped leaves its counterpart without one; what is added has
none.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from .aligner import Item, PairAligner, PairLink, gale_church
from .evaluate import LinkKey, score
from .features import Features

Perturbation = Callable[[list[Item], list[LinkKey], random.Random], tuple[list[Item], list[LinkKey]]]


def _without(gold: list[LinkKey], gone: set[str]) -> list[LinkKey]:
    out: list[LinkKey] = []
    for src, tgt in gold:
        kept = tgt - gone
        if tgt and not kept:
            out += [(frozenset([s]), frozenset()) for s in sorted(src)]
        elif kept or src:
            out.append((src, kept))
    return out


def drop_turn(tgt: list[Item], gold: list[LinkKey], rng: random.Random) -> tuple[list[Item], list[LinkKey]]:
    """A translator leaves out a whole turn."""
    turns = sorted({i.segment.unit for i in tgt if i.segment.kind[0] == "sp"})
    unit = rng.choice(turns)
    gone = {i.segment.id for i in tgt if i.segment.unit == unit}
    return [i for i in tgt if i.segment.id not in gone], _without(gold, gone)


def drop_sentence(tgt: list[Item], gold: list[LinkKey], rng: random.Random) -> tuple[list[Item], list[LinkKey]]:
    """A translator leaves out one sentence."""
    gone = {rng.choice(tgt).segment.id}
    return [i for i in tgt if i.segment.id not in gone], _without(gold, gone)


def merge_turns(tgt: list[Item], gold: list[LinkKey], rng: random.Random) -> tuple[list[Item], list[LinkKey]]:
    """Two consecutive turns printed as one, under the first speaker's label."""
    units = list(dict.fromkeys(i.segment.unit for i in tgt if i.segment.kind[0] == "sp"))
    k = rng.randrange(len(units) - 1)
    first = next(i.segment for i in tgt if i.segment.unit == units[k])
    merged = [Item(replace(i.segment, unit=first.unit, kind=first.kind), i.features)
              if i.segment.unit == units[k + 1] else i for i in tgt]
    return merged, gold


def add_paragraph(tgt: list[Item], gold: list[LinkKey], rng: random.Random) -> tuple[list[Item], list[LinkKey]]:
    """A translator's paragraph of their own (a note to the reader) between two turns."""
    starts = [n for n in range(1, len(tgt)) if tgt[n].segment.unit != tgt[n - 1].segment.unit]
    at = rng.choice(starts)
    template = tgt[at].segment
    added = []
    for k, length in enumerate((rng.randint(60, 200), rng.randint(60, 200)), 1):
        sid = f"{template.id}-added{k}"
        segment = replace(template, id=sid, unit=f"{template.unit}-added", kind=("record", "p"), block=f"{sid}-b")
        added.append(Item(segment, Features(length, frozenset())))
    return tgt[:at] + added + tgt[at:], gold + [(frozenset(), frozenset([i.segment.id])) for i in added]


PERTURBATIONS: dict[str, Perturbation] = {"drop turn": drop_turn, "drop sentence": drop_sentence,
                                          "merge turns": merge_turns, "add paragraph": add_paragraph}


def _key(link: PairLink) -> LinkKey:
    return frozenset(link.src), frozenset(link.tgt)


def run(src: list[Item], tgt: list[Item], gold: list[LinkKey], perturbation: Perturbation, trials: int,
        seed: int = 1950) -> tuple[float, float]:
    """Mean strict F1 of the aligner and of the Gale–Church baseline over ``trials`` perturbed copies."""
    rng = random.Random(seed)
    ours = base = 0.0
    for _ in range(trials):
        items, perturbed = perturbation(tgt, gold, rng)
        ours += score(map(_key, PairAligner().align(src, items)), perturbed).strict_f1
        base += score(map(_key, gale_church(src, items)), perturbed).strict_f1
    return ours / trials, base / trials


def calibration(src: list[Item], tgt: list[Item], gold: list[LinkKey], trials: int,
                seed: int = 7) -> dict[str, tuple[int, int]]:
    """Per confidence class: (links, right links) over every perturbation — what ``@cert`` promises."""
    from .standoff import certainty

    counts = {c: [0, 0] for c in ("high", "medium", "low")}
    for perturbation in PERTURBATIONS.values():
        rng = random.Random(seed)
        for _ in range(trials):
            items, perturbed = perturbation(tgt, gold, rng)
            right = set(perturbed)
            for link in PairAligner().align(src, items):
                bucket = counts[certainty(round(link.score, 2))]
                bucket[0] += 1
                bucket[1] += _key(link) in right
    return {c: (n, ok) for c, (n, ok) in counts.items()}
