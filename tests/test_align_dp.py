"""The dynamic programme: best monotone path, Gale–Church costs, posteriors that reflect ambiguity."""

from __future__ import annotations

import pytest

from edition.align.dp import GC_PRIORS, align, gc_cost

BEADS = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2)]


def _lengths_cost(xs, ys):
    def cost(i, j, di, dj):
        return GC_PRIORS[(di, dj)] + gc_cost(sum(xs[i:i + di]), sum(ys[j:j + dj]), 1.0, 6.8)
    return cost


def _beads(links):
    return [(k.i, k.j, k.di, k.dj) for k in links]


def test_gale_church_cost_grows_with_the_mismatch():
    assert gc_cost(100, 100, 1.0, 6.8) < 0.01
    assert gc_cost(100, 110, 1.0, 6.8) < gc_cost(100, 140, 1.0, 6.8) < gc_cost(100, 400, 1.0, 6.8)
    assert gc_cost(100, 120, 1.2, 6.8) < 0.01  # the expected ratio is taken into account
    assert gc_cost(10_000, 1, 1.0, 6.8) > 500  # far tails stay finite and ordered


def test_parallel_lengths_give_one_to_one_links_with_high_posteriors():
    xs = [40, 120, 75, 30, 200]
    links = align(len(xs), len(xs), BEADS, _lengths_cost(xs, xs))
    assert _beads(links) == [(n, n, 1, 1) for n in range(5)]
    assert all(k.posterior > 0.9 for k in links)


def test_a_merged_sentence_becomes_a_two_to_one_link():
    xs = [50, 60, 70, 200]
    ys = [51, 129, 199]
    links = align(len(xs), len(ys), BEADS, _lengths_cost(xs, ys))
    assert _beads(links) == [(0, 0, 1, 1), (1, 1, 2, 1), (3, 2, 1, 1)]


def test_an_ambiguous_deletion_has_a_low_posterior():
    xs = [80, 80]
    ys = [80]
    links = align(len(xs), len(ys), [(1, 1), (1, 0), (0, 1)], _lengths_cost(xs, ys))
    linked = next(k for k in links if k.di == 1 and k.dj == 1)
    assert 0.3 < linked.posterior < 0.7  # either sentence could be the one translated


def test_the_band_keeps_the_result_on_near_diagonal_input():
    xs = [30 + (n * 37) % 90 for n in range(60)]
    ys = list(xs)
    ys[20:22] = [xs[20] + xs[21]]
    full = align(len(xs), len(ys), BEADS, _lengths_cost(xs, ys))
    banded = align(len(xs), len(ys), BEADS, _lengths_cost(xs, ys), band=5)
    assert _beads(full) == _beads(banded)
    assert (20, 20, 2, 1) in _beads(full)


def test_forbidden_beads_are_never_used():
    xs, ys = [10, 10], [10, 10]

    def cost(i, j, di, dj):
        return float("inf") if (di, dj) == (1, 1) else 1.0

    links = align(2, 2, BEADS, cost)
    assert all((k.di, k.dj) != (1, 1) for k in links)
    with pytest.raises(ValueError):
        align(2, 2, [(1, 1)], lambda *a: float("inf"))


def test_the_anchor_cost_counts_the_anchors_on_one_side_from_the_shared_ones():
    """``_anchor_cost`` counts the anchors on one side only as len(a) + len(b) - 2 shared: the same number as the
    symmetric difference, so the same cost to the last bit."""
    import random

    from edition.align.aligner import Params, _anchor_cost

    p = Params()
    rng = random.Random(15)
    for _ in range(300):
        a = frozenset(rng.sample(range(12), rng.randint(0, 8)))
        b = frozenset(rng.sample(range(12), rng.randint(0, 8)))
        assert _anchor_cost(a, b, p) == -p.anchor_match * len(a & b) + p.anchor_miss * len(a ^ b)
