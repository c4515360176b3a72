"""Sets of text spans (start, end) asked whether a span overlaps one of them, in logarithmic time.

Two spans overlap when each starts before the other ends (``s < end and start < e``), so an empty span overlaps
only a span strictly around it. Asking every span found so far, span by span, is quadratic in a long paragraph
(thousands of names and dates in one run of text); these answer the same question with a binary search.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from itertools import accumulate


class Spans:
    """A fixed set of spans, overlapping or not."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._reach = list(accumulate((e for _, e in ordered), max))  # the furthest end of the spans so far

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # the spans that start before ``end``
        return i > 0 and self._reach[i - 1] > start


class DisjointSpans:
    """A growing set of spans none of which overlaps another: a span is added only where it overlaps none."""

    def __init__(self) -> None:
        self._spans: list[tuple[int, int]] = []  # by start; as they do not overlap, also by end

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._spans, (end,))  # the spans that start before ``end``
        return i > 0 and self._spans[i - 1][1] > start

    def add(self, start: int, end: int) -> bool:
        """Add the span unless it overlaps one already there; say whether it was added."""
        if self.overlaps(start, end):
            return False
        insort(self._spans, (start, end))
        return True
