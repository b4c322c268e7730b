"""The pre-filter that lets a body without links skip pandoc's link confinement must say
yes wherever the regex it replaces would: a miss would let an unsafe link through."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from publish.security import _MAYBE_LINK, may_hold_link

# Text made mostly of the characters the regex looks at, so that near-misses are common.
alphabet = st.sampled_from([*"<>]{[}:.+-aZ09 \n\t", "é", "\u00a0", "ℌ", "٣"])


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(st.text(alphabet, max_size=40) | st.text(max_size=40))
@example("<https://example.org>")
@example("<a:")
@example("<1a:")
@example("<a b:")
@example("plain text, no links")
@example("[text](javascript:alert(1))")
@example("{onclick=x}")
def test_prefilter_agrees_with_the_regex(body: str) -> None:
    assert may_hold_link(body) == (_MAYBE_LINK.search(body) is not None)
