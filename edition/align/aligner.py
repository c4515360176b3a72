"""The two-level aligner: turns and blocks first, then sentences inside each aligned pair.

Why two levels: the structure of a record survives translation better than its
sentences do. Speaker turns (``sp/@who``) and the kind of block (a heading, a dateline,
a paragraph of the covering letter) are strong anchors, so a first, coarse programme
pairs turns and blocks — and leaves the covering letter or a heading that exists in one
version only without counterpart — and a second, fine programme pairs the sentences
inside each pair of turns, where the length model is reliable because the ratio of
lengths can be measured locally. It is also fast: many small programmes instead of one
large one.

Editor locks cut the sequences into stretches aligned independently, so every path
passes through them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from functools import lru_cache

from .dp import GC_PRIORS, Bead, align, gc_cost
from .features import Features
from .segment import Segment

UNIT_BEADS: list[Bead] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)]
SENTENCE_BEADS: list[Bead] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]


@dataclass
class Params:
    """Weights of the cost, set by hand from what they stand for (nats: a unit without counterpart is
    about as unlikely as a δ of 3.5) and checked on the development gold and its perturbations."""

    variance: float = 8.0  # s² of Gale & Church for sentences (6.8 in their paper)
    unit_variance: float = 12.0  # the same for turns, whose translations drift more
    priors: dict[Bead, float] = field(default_factory=lambda: dict(GC_PRIORS))
    unit_priors: dict[Bead, float] = field(default_factory=lambda: {
        (1, 1): 0.0, (1, 0): 7.0, (0, 1): 7.0, (2, 1): 4.0, (1, 2): 4.0})
    anchor_match: float = 1.5
    anchor_miss: float = 0.75
    speaker_mismatch: float = 5.0
    kind_mismatch: float = 12.0
    band: int = 15  # turns either side of the diagonal the unit programme explores
    # sentences either side of the diagonal the sentence programme explores: a pair of turns or blocks of up to
    # this many sentences gets the whole programme, a longer one (one long paragraph in both versions: thousands of
    # sentences) a band, so that its time grows with its length and not with the square of it
    sentence_band: int = 40


@dataclass
class Item:
    """A sentence as the aligner sees it: where it is (segment) and what can be compared (features)."""

    segment: Segment
    features: Features


@dataclass
class PairLink:
    """Sentences of the source and of the translation that render each other (one side may be empty)."""

    src: list[str]
    tgt: list[str]
    score: float
    locked: bool = False


@dataclass(frozen=True)
class Lock:
    """An editor's link, as index ranges [start, end) of the two sequences."""

    src: tuple[int, int]
    tgt: tuple[int, int]


def _anchor_cost(a: frozenset[str], b: frozenset[str], p: Params) -> float:
    """Shared anchors make a bead cheaper, anchors on one side only dearer. The anchors on one side only are
    counted from the shared ones (len(a ^ b) is len(a) + len(b) - 2 shared), not collected in a set of their own:
    the unit programme asks this for thousands of pairs of turns."""
    shared = len(a & b)
    return -p.anchor_match * shared + p.anchor_miss * (len(a) + len(b) - 2 * shared)


def _units(items: list[Item]) -> list[list[Item]]:
    """Consecutive sentences of the same turn (or block outside turns)."""
    units: list[list[Item]] = []
    for item in items:
        if units and units[-1][-1].segment.unit == item.segment.unit:
            units[-1].append(item)
        else:
            units.append([item])
    return units


def _runs(units: list[list[Item]]) -> dict[int, list[tuple[int, frozenset[str], frozenset]]]:
    """For d = 1 and 2 (the longest side of a unit bead): each run of d units from each unit on, as its summed
    length, its anchors and its kinds (speaker or block)."""
    lengths = [sum(i.features.length for i in u) for u in units]
    anchors = [frozenset().union(*(i.features.anchors for i in u)) for u in units]
    kinds = [u[0].segment.kind for u in units]
    return {d: [(sum(lengths[i:i + d]), frozenset().union(*anchors[i:i + d]), frozenset(kinds[i:i + d]))
                for i in range(len(units) - d + 1)]
            for d in sorted({n for bead in UNIT_BEADS for n in bead if n})}


def _kind_cost(kinds: set[tuple[str, str]], p: Params) -> float:
    """Nothing for the same speaker or block kind; a speaker changed costs less than a heading matched to a turn."""
    if len(kinds) == 1:
        return 0.0
    if all(k[0] == "sp" for k in kinds):
        return p.speaker_mismatch * (len(kinds) - 1)
    return p.kind_mismatch


class PairAligner:
    """Aligns one translation to the source, sentence by sentence."""

    def __init__(self, params: Params | None = None) -> None:
        self.p = params or Params()

    def align(self, src: list[Item], tgt: list[Item], locks: Sequence[Lock] = (),
              excluded: Set[str] = frozenset()) -> list[PairLink]:
        """Links covering every sentence of both sides once; ``locks`` are kept as they are and
        ``excluded`` sentences (locked as without counterpart) stay out of the programme."""
        total_src = sum(i.features.length for i in src) or 1
        self.ratio = (sum(i.features.length for i in tgt) or 1) / total_src
        out: list[PairLink] = []
        s = t = 0
        for lock in sorted(locks, key=lambda k: k.src):
            out += self._stretch(src[s:lock.src[0]], tgt[t:lock.tgt[0]], excluded)
            out.append(PairLink([i.segment.id for i in src[lock.src[0]:lock.src[1]]],
                                [i.segment.id for i in tgt[lock.tgt[0]:lock.tgt[1]]], 1.0, locked=True))
            s, t = lock.src[1], lock.tgt[1]
        out += self._stretch(src[s:], tgt[t:], excluded)
        return out

    def _stretch(self, src: list[Item], tgt: list[Item], excluded: Set[str]) -> list[PairLink]:
        out = [PairLink([i.segment.id], [], 1.0, locked=True) for i in src if i.segment.id in excluded]
        out += [PairLink([], [i.segment.id], 1.0, locked=True) for i in tgt if i.segment.id in excluded]
        src = [i for i in src if i.segment.id not in excluded]
        tgt = [i for i in tgt if i.segment.id not in excluded]
        if not src or not tgt:
            return out + [PairLink([i.segment.id], [], 1.0) for i in src] + [PairLink([], [i.segment.id], 1.0) for i in tgt]
        us, ut = _units(src), _units(tgt)
        p = self.p
        # every run of one or two consecutive units (the beads' sides) as (length, anchors, kinds), made once: the
        # programme prices each run against some thirty others
        runs_s, runs_t = _runs(us), _runs(ut)
        kind_cost = lru_cache(maxsize=None)(lambda kinds: _kind_cost(set(kinds), p))
        priors, ratio, variance = p.unit_priors, self.ratio, p.unit_variance  # looked up once, not per bead

        def unit_cost(i: int, j: int, di: int, dj: int) -> float:
            prior = priors[(di, dj)]
            if di == 0 or dj == 0:
                return prior
            length_s, a, kinds_s = runs_s[di][i]
            length_t, b, kinds_t = runs_t[dj][j]
            kind = 0.0 if kinds_s == kinds_t and len(kinds_s) == 1 else kind_cost(kinds_s | kinds_t)
            return prior + kind + gc_cost(length_s, length_t, ratio, variance) + _anchor_cost(a, b, p)

        band = max(p.band, abs(len(us) - len(ut)) + 5)
        for link in align(len(us), len(ut), UNIT_BEADS, unit_cost, band=band):
            xs = [item for u in us[link.i:link.i + link.di] for item in u]
            ys = [item for u in ut[link.j:link.j + link.dj] for item in u]
            out += self._sentences(xs, ys, link.posterior)
        return out

    def _sentences(self, xs: list[Item], ys: list[Item], unit_posterior: float) -> list[PairLink]:
        if not xs or not ys:
            return [PairLink([i.segment.id], [], unit_posterior) for i in xs] + \
                   [PairLink([], [i.segment.id], unit_posterior) for i in ys]
        p = self.p
        local = sum(i.features.length for i in ys) / sum(i.features.length for i in xs)
        ratio = math.sqrt(local * self.ratio)

        # each sentence's length and anchors looked up once, not from its features in every cell of the programme
        lx, ly = [x.features.length for x in xs], [y.features.length for y in ys]
        ax, ay = [x.features.anchors for x in xs], [y.features.anchors for y in ys]

        def cost(i: int, j: int, di: int, dj: int) -> float:
            prior = p.priors[(di, dj)]
            if di == 0 or dj == 0:
                return prior
            if di == 1 and dj == 1:
                return prior + gc_cost(lx[i], ly[j], ratio, p.variance) + _anchor_cost(ax[i], ay[j], p)
            length = gc_cost(sum(lx[i:i + di]), sum(ly[j:j + dj]), ratio, p.variance)
            anchors = _anchor_cost(frozenset().union(*ax[i:i + di]), frozenset().union(*ay[j:j + dj]), p)
            return prior + length + anchors

        if len(xs) == 1 and len(ys) == 1:
            return [PairLink([xs[0].segment.id], [ys[0].segment.id], unit_posterior)]
        band = max(p.sentence_band, abs(len(xs) - len(ys)) + 5)  # at least len(ys) for short ones: no band at all
        return [PairLink([x.segment.id for x in xs[k.i:k.i + k.di]], [y.segment.id for y in ys[k.j:k.j + k.dj]],
                         k.posterior * unit_posterior)
                for k in align(len(xs), len(ys), SENTENCE_BEADS, cost, band=band)]


def gale_church(src: list[Item], tgt: list[Item], variance: float = 6.8) -> list[PairLink]:
    """The baseline: one Gale–Church programme over all sentences, lengths only, no structure."""
    ratio = (sum(i.features.length for i in tgt) or 1) / (sum(i.features.length for i in src) or 1)

    def cost(i: int, j: int, di: int, dj: int) -> float:
        l1 = sum(x.features.length for x in src[i:i + di])
        l2 = sum(y.features.length for y in tgt[j:j + dj])
        return GC_PRIORS[(di, dj)] + gc_cost(l1, l2, ratio, variance)

    return [PairLink([x.segment.id for x in src[k.i:k.i + k.di]], [y.segment.id for y in tgt[k.j:k.j + k.dj]], 1.0)
            for k in align(len(src), len(tgt), SENTENCE_BEADS, cost, posteriors=False)]


__all__ = ["Item", "Lock", "PairAligner", "PairLink", "Params", "gale_church"]
