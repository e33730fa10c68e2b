"""Name candidates inside a longer candidate give way to it, in one sweep."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from undercount.extract.names import _contained_spans

spans = st.sets(
    st.tuples(st.integers(0, 40), st.integers(1, 12)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=30,
)


@given(spans)
def test_contained_spans_are_those_inside_another_span(s):
    brute = {c for c in s if any(a <= c[0] and c[1] <= b and (a, b) != c for a, b in s)}
    assert _contained_spans(s) == brute


def test_the_longer_name_wins_and_equal_spans_stay():
    assert _contained_spans({(0, 12), (0, 5), (6, 12), (20, 30)}) == {(0, 5), (6, 12)}
    assert _contained_spans({(3, 9)}) == set()
