"""Fuzzing every reader: whatever the bytes, ``read_source`` returns a speech or
diagnostics, and never raises or reports an internal error (S900).

The normal suite runs a few hundred examples; ``PUBLISH_FUZZ_EXAMPLES=10000`` runs that
many per target (the slow group, which CI runs as a separate job).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from publish.diagnostics import Severity
from publish.pipeline import SOURCE_SUFFIXES, read_source
from publish.security import confine_body_links

EXAMPLES = int(os.environ.get("PUBLISH_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 125,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES is None,
)
pytestmark = pytest.mark.slow

FIELDS = (
    "title lead speaker speaker_role date date_text place occasion archive_status "
    "government publisher lang source_url retrieved delivery_note translation_note"
).split()
HOSTILE = [
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "](javascript:alert(1))",
    "![x](file:///etc/passwd)",
    "{onclick=alert(1)}",
    "[x]{style='background:url(http://127.0.0.1/)'}",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>",
    "&e;",
    "&#0;",
    "\x00",
    "\ufeff",
    "\u202e",
    "---",
    "...",
    "Historisk arkiv",
    "Historical archive",
    "Published under: Solberg's Government",
    "Publisert under: Regjeringen Stoltenberg II",
    "Utgiver: Justis- og beredskapsdepartementet",
    "Dato: 03.07.2026",
    "Tromsø, 3 February 2016",
    "Check against delivery",
    "## ",
    "- ",
    "1. ",
    "> ",
    "| a | b |",
    "```",
    "$$x$$",
    "\\",
]
words = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
lines = st.lists(words, max_size=6).map(" ".join)
text_block = st.lists(lines, max_size=30).map("\n".join)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    words,
)
yaml_value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def check(path: Path, data: bytes) -> None:
    speech, problems = read_source(path, data=data)
    codes = [d.code for d in problems]
    assert "S900" not in codes, [str(d) for d in problems]
    if speech is None:
        assert any(d.severity is Severity.ERROR for d in problems), codes
    else:
        assert speech.metadata.title
        assert isinstance(speech.body, str)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SOURCE_SUFFIXES))
def test_fuzz_any_bytes(data: bytes, suffix: str) -> None:
    check(Path(f"fuzz{suffix}"), data)


@FUZZ
# Found by this target: "? {a=b}" (a mapping as a field name) crashed the reader (S900).
@example(front="\ufeff {onclick=alert(1)}", body="", encoding="cp1252")
@given(
    front=st.one_of(
        st.dictionaries(st.sampled_from([*FIELDS, "provenance", "x"]), yaml_value, max_size=8),
        text_block,
    ),
    body=text_block,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
)
def test_fuzz_markdown(front: object, body: str, encoding: str) -> None:
    if isinstance(front, dict):
        head = yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
    else:
        head = str(front)
    document = f"---\n{head}\n---\n\n{body}\n"
    data = document.encode(encoding, errors="replace")
    check(Path("fuzz.md"), data)
    speech, _ = read_source(Path("fuzz.md"), data=data)
    if speech is not None:
        # What the reader let through is already confined: nothing left to remove.
        assert confine_body_links(speech.body)[1] == []


TAGS = [
    "p",
    "div",
    "span",
    "a",
    "script",
    "style",
    "iframe",
    "svg",
    "img",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h1",
    "h2",
    "blockquote",
    "br",
    "object",
    "base",
    "meta",
    "link",
]
ATTRS = [
    "",
    ' href="javascript:alert(1)"',
    ' href="http://example.org/x"',
    ' href="/relative"',
    ' src="file:///etc/passwd"',
    ' onclick="alert(1)"',
    ' lang="se"',
    ' class="article-body"',
    ' class="article-header"',
    ' class="archive-banner"',
    ' class="date"',
    " hidden",
    ' style="background:url(http://127.0.0.1/)"',
]
element = st.builds(
    lambda tag, attr, inner: f"<{tag}{attr}>{inner}</{tag}>",
    st.sampled_from(TAGS),
    st.sampled_from(ATTRS),
    words,
)
markup = st.lists(st.one_of(element, words), max_size=25).map("".join)


@FUZZ
@given(
    title=words,
    body=markup,
    head=markup,
    prologue=st.sampled_from(
        ["", "<?xml version='1.0'?>", "<!DOCTYPE html [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"]
    ),
)
def test_fuzz_regjeringen_html(title: str, body: str, head: str, prologue: str) -> None:
    page = (
        f"{prologue}<!DOCTYPE html><html lang='nb'><head><title>{title}</title>{head}</head>"
        f"<body><main><header class='article-header'><h1>{title}</h1></header>"
        f"<div class='article-info'><span class='date'>Dato: 03.07.2026</span></div>"
        f"<div class='article-body'>{body}</div></main></body></html>"
    )
    check(Path("fuzz.html"), page.encode("utf-8", errors="replace"))


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), words),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@FUZZ
@given(
    overrides=st.dictionaries(
        st.sampled_from(["title", "description", "locale", "document_type", "details", "links"]),
        json_value,
        max_size=4,
    ),
    body=markup,
)
def test_fuzz_govuk_json(overrides: dict[str, object], body: str) -> None:
    item: dict[str, object] = {
        "base_path": "/government/speeches/x",
        "document_type": "speech",
        "schema_name": "speech",
        "locale": "en",
        "title": "A speech",
        "details": {"body": body, "delivered_on": "2015-03-02T10:00:00+00:00"},
        "links": {"speaker": [{"title": "Jane Example"}]},
    }
    item.update(overrides)
    check(Path("fuzz.json"), json.dumps(item).encode())


@FUZZ
@given(
    head=st.lists(st.sampled_from(HOSTILE[14:22]), max_size=6),
    title=lines,
    body=text_block,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_fuzz_regjeringen_text(head: list[str], title: str, body: str, newline: str) -> None:
    document = "\n\n".join([*head, title, body]).replace("\n", newline)
    check(Path("fuzz.txt"), document.encode("utf-8", errors="replace"))
