"""Fuzzing every reader: whatever the bytes, ``read_source`` returns a speech or
diagnostics, and never raises or reports an internal error (S900).

Every example goes through the entry point a build uses (``read_source``), with the
bytes in memory (``data=``): nothing is written to disk, so the time goes to the
readers (and the pandoc they run), not to temporary files.

``pytest`` runs 125 examples per target; ``PUBLISH_FUZZ_EXAMPLES=10000`` (what
``make test``, and so CI, sets) runs that many. Each target reports how many examples
it ran and how long it took, and fails if Hypothesis ran fewer than were asked for.
The examples are the same on every run (``derandomize``, no example database), so a
failure in CI fails the same way on a developer's machine; ``PUBLISH_FUZZ_SEED=N``
explores other examples, reproducibly too.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st

from publish.diagnostics import Severity
from publish.model import Speech
from publish.pipeline import SOURCE_SUFFIXES, read_source
from publish.security import confine_body_links

DEFAULT_EXAMPLES = 125
EXAMPLES = int(os.environ.get("PUBLISH_FUZZ_EXAMPLES", "0") or 0) or DEFAULT_EXAMPLES
SEED = os.environ.get("PUBLISH_FUZZ_SEED", "")
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not SEED,
    database=None,
)
pytestmark = pytest.mark.slow

#: Examples the target running now has checked (reset by :func:`test_fuzz`).
_checked = [0]

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
#: What a source's bytes may be encoded as (what the readers detect, and what they refuse).
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]
#: The first bytes by which each reader (and the binary check) recognises its kind.
MARKERS = [
    "---\ntitle: x\n---\n",
    '{"base_path": "/government/speeches/x", "details": {"body": "<p>x</p>"}, ',
    '"links": {}, "title": "x"}',
    "<!DOCTYPE html>",
    "<html lang='nb'><body><main>",
    "<?xml version='1.0'?>",
    "%PDF-1.7",
    "PK\x03\x04",
    *HOSTILE[12:22],
]

# Generating an example costs Hypothesis about 0.1 ms a choice it draws, which is most
# of a target's time: the documents are built from whole hostile pieces (a few choices
# each) and nested values are two levels deep, not ``st.recursive`` (twice the cost).
words = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=30))
lines = st.lists(words, max_size=6).map(" ".join)
text_block = st.lists(lines, max_size=20).map("\n".join)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.dates(),
    words,
)
keys = st.text(max_size=8)


def nested(leaf: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """``leaf``, or lists and mappings of it, two levels deep."""
    inner = st.one_of(leaf, st.lists(leaf, max_size=3), st.dictionaries(keys, leaf, max_size=3))
    return st.one_of(inner, st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3))


yaml_value = nested(scalar)
json_value = nested(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), words)
)


def check(path: Path, data: bytes) -> Speech | None:
    speech, problems = read_source(path, data=data)
    _checked[0] += 1
    codes = [d.code for d in problems]
    assert "S900" not in codes, [str(d) for d in problems]
    if speech is None:
        assert any(d.severity is Severity.ERROR for d in problems), codes
    else:
        assert speech.metadata.title
        assert isinstance(speech.body, str)
    return speech


def encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


def fuzz(test: Callable[..., None]) -> Callable[[], None]:
    """``test`` (a ``@given`` test) with the fuzz settings, and the seed if one is set."""
    test = FUZZ(test)
    return seed(int(SEED))(test) if SEED else test


@fuzz
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        # Every kind's opening in one file: which reader it goes to, and what that
        # reader makes of the rest.
        st.builds(
            encode,
            st.lists(st.one_of(st.sampled_from(MARKERS), lines), max_size=8).map("\n".join),
            st.sampled_from(ENCODINGS),
        ),
    ),
    suffix=st.sampled_from([*SOURCE_SUFFIXES, ".xhtml", ".text", ".pdf", ""]),
)
def fuzz_any_source(data: bytes, suffix: str) -> None:
    check(Path(f"fuzz{suffix}"), data)


@fuzz
# Found by this target: "? {a=b}" (a mapping as a field name) crashed the reader (S900).
@example(front="\ufeff {onclick=alert(1)}", body="", encoding="cp1252")
@given(
    front=st.one_of(
        st.dictionaries(st.sampled_from([*FIELDS, "provenance", "x"]), yaml_value, max_size=8),
        text_block,
    ),
    body=text_block,
    encoding=st.sampled_from(ENCODINGS),
)
def fuzz_markdown(front: object, body: str, encoding: str) -> None:
    if isinstance(front, dict):
        head = yaml.safe_dump(front, allow_unicode=True, default_flow_style=False)
    else:
        head = str(front)
    document = f"---\n{head}\n---\n\n{body}\n"
    speech = check(Path("fuzz.md"), encode(document, encoding))
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


@fuzz
@given(
    title=words,
    body=markup,
    head=st.lists(element, max_size=6).map("".join),
    prologue=st.sampled_from(
        ["", "<?xml version='1.0'?>", "<!DOCTYPE html [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>"]
    ),
    encoding=st.sampled_from(ENCODINGS),
)
def fuzz_regjeringen_html(title: str, body: str, head: str, prologue: str, encoding: str) -> None:
    page = (
        f"{prologue}<!DOCTYPE html><html lang='nb'><head><title>{title}</title>{head}</head>"
        f"<body><main><header class='article-header'><h1>{title}</h1></header>"
        f"<div class='article-info'><span class='date'>Dato: 03.07.2026</span></div>"
        f"<div class='article-body'>{body}</div></main></body></html>"
    )
    check(Path("fuzz.html"), encode(page, encoding))


@fuzz
@given(
    overrides=st.dictionaries(
        st.sampled_from(["title", "description", "locale", "document_type", "details", "links"]),
        json_value,
        max_size=4,
    ),
    body=markup,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def fuzz_govuk_json(overrides: dict[str, object], body: str, encoding: str) -> None:
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
    check(Path("fuzz.json"), encode(json.dumps(item, ensure_ascii=False), encoding))


@fuzz
@given(
    head=st.lists(st.sampled_from(HOSTILE[14:22]), max_size=6),
    title=lines,
    body=text_block,
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(ENCODINGS),
)
def fuzz_regjeringen_text(
    head: list[str], title: str, body: str, newline: str, encoding: str
) -> None:
    document = "\n\n".join([*head, title, body]).replace("\n", newline)
    check(Path("fuzz.txt"), encode(document, encoding))


#: One target per reader, and one for the choice of reader (any bytes, any suffix).
TARGETS: dict[str, Callable[[], None]] = {
    "any_source": fuzz_any_source,
    "markdown": fuzz_markdown,
    "regjeringen_html": fuzz_regjeringen_html,
    "govuk_json": fuzz_govuk_json,
    "regjeringen_text": fuzz_regjeringen_text,
}


@pytest.mark.parametrize("target", list(TARGETS))
def test_fuzz(target: str, record_property: Callable[[str, object], None]) -> None:
    _checked[0] = 0
    started = time.monotonic()
    try:
        TARGETS[target]()
    finally:  # reported for a failing target too (how far it got)
        record_property("fuzz_examples", _checked[0])
        record_property("fuzz_requested", EXAMPLES)
        record_property("fuzz_seconds", round(time.monotonic() - started, 1))
    # Hypothesis stops early when it runs out of new examples or finds too many invalid
    # ones: the count asked for must really have been checked.
    assert _checked[0] >= EXAMPLES, f"{target}: {_checked[0]} examples of {EXAMPLES} ran"
