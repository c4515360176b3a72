"""edition/spans.py answers what asking every span would (the tagger's and the date finders' overlap checks)."""

from hypothesis import given, strategies as st

from edition.spans import DisjointSpans, Spans

span = st.tuples(st.integers(0, 40), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1]))  # empty ones too


def overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@given(st.lists(span, max_size=30), st.lists(span, max_size=30))
def test_spans_overlap_as_any_of_them_would(spans, questions):
    found = Spans(spans)
    for q in questions:
        assert found.overlaps(*q) == any(overlap(q, s) for s in spans)


@given(st.lists(span, max_size=60))
def test_disjoint_spans_take_a_span_only_where_it_overlaps_none_taken(spans):
    taken, chosen = DisjointSpans(), []
    for s in spans:
        expected = not any(overlap(s, c) for c in chosen)
        assert taken.overlaps(*s) == (not expected)
        assert taken.add(*s) == expected
        if expected:
            chosen.append(s)
