"""A monotone alignment dynamic programme with posterior probabilities of its links.

Why posteriors: an editor needs to know which links to check. The Viterbi path says
what is most likely; the forward–backward marginals say how much of the probability
mass agrees with each link of that path. A link that the model would have drawn
just as happily one sentence further is low-confidence, whatever its own cost.

Costs are negative log-probabilities (nats); beads are (ru, en) group sizes such as
(1, 1), (2, 1), (1, 0). ``gc_cost`` is Gale & Church's (1993) length model.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

INF = float("inf")
# gc_cost's constants made once, and math's functions by their names: the unit programme prices thousands of beads
SQRT2 = math.sqrt(2)
SQRT_HALF_PI = math.sqrt(math.pi / 2)
erfc, log, sqrt = math.erfc, math.log, math.sqrt
Bead = tuple[int, int]
CostFn = Callable[[int, int, int, int], float]
# Gale & Church's priors: P(1-1)=.89, P(1-0 or 0-1)=.0099, P(2-1 or 1-2)=.089, P(2-2)=.011
GC_PRIORS: dict[Bead, float] = {(1, 1): -math.log(0.89), (1, 0): -math.log(0.0099 / 2), (0, 1): -math.log(0.0099 / 2),
                                (2, 1): -math.log(0.089 / 2), (1, 2): -math.log(0.089 / 2), (2, 2): -math.log(0.011)}


@dataclass(frozen=True)
class Link:
    """One bead of the best path: x[i:i+di] ↔ y[j:j+dj], with its posterior probability."""

    i: int
    j: int
    di: int
    dj: int
    posterior: float
    cost: float


def gc_cost(l1: float, l2: float, ratio: float, variance: float) -> float:
    """−log P(δ) for Gale & Church's δ = (l2 − l1·c)/√(l1·s²): how unlikely these lengths are as translations."""
    mean = (l1 + l2 / ratio) / 2  # symmetric in the two sides, as in GC's own implementation
    if mean <= 0:
        return 0.0
    delta = abs((l2 - l1 * ratio) / sqrt(mean * variance))
    tail = erfc(delta / SQRT2)
    if tail > 1e-300:
        return -log(tail)
    return delta * delta / 2 + log(delta * SQRT_HALF_PI)


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    if top == -INF:
        return -INF
    return top + math.log(sum([math.exp(v - top) for v in values]))  # a list: quicker to sum than a generator


def align(n: int, m: int, beads: Sequence[Bead], cost: CostFn, band: int | None = None,
          posteriors: bool = True) -> list[Link]:
    """The cheapest monotone path from (0, 0) to (n, m); ``band`` limits |j − i·m/n| to speed long inputs up.

    ``cost(i, j, di, dj)`` prices the bead x[i:i+di] ↔ y[j:j+dj] (INF forbids it)."""
    slope = m / n if n else 0.0
    lo_hi = [(0, m)] * (n + 1) if band is None else \
        [(max(0, int(i * slope) - band), min(m, int(i * slope) + band + 1)) for i in range(n + 1)]
    # the cells by row: best[i][j] = (cost of the cheapest path to (i, j), its last bead, the log-probability mass
    # of all paths to it), one tuple, so that a step reads both from one look-up; priced[i][j * K + k] the cost of
    # bead k from (i, j). Rows of dicts with integer keys, not one dict of tuples: this is the programme's innermost
    # loop (the sums are the same, term for term)
    K = len(beads)
    steps = [(k, di, dj) for k, (di, dj) in enumerate(beads)]
    best: list[dict[int, tuple[float, int, float]]] = [{} for _ in range(n + 1)]
    priced: list[dict[int, float]] = [{} for _ in range(n + 1)]
    best[0][0] = (0.0, -1, 0.0)
    exp, log = math.exp, math.log
    for i in range(n + 1):
        lo, hi = lo_hi[i]
        best_i = best[i]
        for j in range(lo, hi + 1):
            if i == 0 and j == 0:
                continue
            top, arg, terms = INF, -1, []
            for k, di, dj in steps:
                pi, pj = i - di, j - dj
                if pi < 0:
                    continue
                prev = best[pi].get(pj)
                if prev is None:
                    continue
                c = cost(pi, pj, di, dj)
                if c == INF:
                    continue
                priced[pi][pj * K + k] = c
                through = prev[0] + c
                if through < top:
                    top, arg = through, k
                terms.append(prev[2] - c)
            if arg >= 0:
                peak = max(terms)  # _logsumexp(terms), written out
                best_i[j] = (top, arg, -INF if peak == -INF else peak + log(sum([exp(v - peak) for v in terms])))
    if m not in best[n]:
        raise ValueError("no monotone alignment within the band")
    path: list[tuple[int, int, int]] = []
    i, j = n, m
    while (i, j) != (0, 0):
        k = best[i][j][1]
        di, dj = beads[k]
        i, j = i - di, j - dj
        path.append((i, j, k))
    path.reverse()
    back = _backward(n, m, beads, priced) if posteriors else []
    total = best[n][m][2]
    links = []
    for i, j, k in path:
        di, dj = beads[k]
        c = priced[i][j * K + k]
        p = math.exp(best[i][j][2] - c + back[i + di][j + dj] - total) if posteriors else 1.0
        links.append(Link(i, j, di, dj, min(1.0, p), c))
    return links


def _backward(n: int, m: int, beads: Sequence[Bead], priced: list[dict[int, float]]) -> list[dict[int, float]]:
    """Log-probability mass of all paths from each cell to (n, m), over the beads the forward pass priced
    (``priced[i][j * len(beads) + k]``); by row, as the forward pass. Each cell's terms are taken in the order of
    the cells they lead to (row, then column), and the cells from the last to the first."""
    K = len(beads)
    order = sorted(range(K), key=lambda k: beads[k])  # the cells a bead leads to, in (row, column) order
    back: list[dict[int, float]] = [{} for _ in range(n + 1)]
    back[n][m] = 0.0
    for i in range(n, -1, -1):
        row = priced[i]
        for j in sorted({key // K for key in row}, reverse=True):
            terms = []
            for k in order:
                c = row.get(j * K + k)
                if c is None:
                    continue
                di, dj = beads[k]
                after = back[i + di].get(j + dj) if i + di <= n else None
                if after is not None:
                    terms.append(after - c)
            if terms:
                back[i][j] = _logsumexp(terms)
    return back
