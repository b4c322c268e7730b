"""Which pages axe may check by writing them into the previous page's document
(publish.checks._rewritable): only a page that would be the same page there."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish.checks import _rewritable

HEAD = '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>T</title>'
PLAIN = f"{HEAD}</head>\n<body><main><h1>Hello</h1><p>Text.</p></main></body></html>\n"


def page(tmp_path: Path, text: str | bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def test_a_plain_page_is_rewritable_as_its_text(tmp_path: Path) -> None:
    assert _rewritable(page(tmp_path, PLAIN)) == PLAIN


def test_json_data_blocks_do_not_run_and_are_allowed(tmp_path: Path) -> None:
    text = PLAIN.replace(
        "</head>",
        '<script type="application/ld+json">{"@type": "Speech"}</script>'
        '<script type="Application/JSON">{}</script></head>',
    )
    assert _rewritable(page(tmp_path, text)) == text


def test_a_byte_order_mark_is_left_out(tmp_path: Path) -> None:
    assert _rewritable(page(tmp_path, b"\xef\xbb\xbf" + PLAIN.encode())) == PLAIN


@pytest.mark.parametrize(
    "part",
    [
        "<script>var x = 1;</script>",
        '<script src="app.js" defer></script>',
        '<script type="module">import "./a.js";</script>',
        '<script type="text/javascript">x()</script>',
        "<svg><script>x()</script></svg>",
        '<body onload="x()">',
        '<img src="a.png" alt="" ONERROR="x()">',
        '<p data-x="a>b" onclick="x()">p</p>',
        '<iframe src="other.html" title="t"></iframe>',
        '<object data="a.pdf"></object>',
        '<embed src="a.swf">',
        '<base href="../">',
        '<meta http-equiv="refresh" content="0; url=other.html">',
        '<meta http-equiv="Content-Security-Policy" content="style-src \'none\'">',
        '<script type="text/javascript" type="application/json">x()</script>',
        '<input autofocus aria-label="a">',
    ],
)
def test_a_page_that_acts_beyond_its_document_is_navigated_to(tmp_path: Path, part: str) -> None:
    assert _rewritable(page(tmp_path, PLAIN.replace("<main>", part + "<main>"))) is None


def test_a_page_read_in_another_encoding_is_navigated_to(tmp_path: Path) -> None:
    undeclared = PLAIN.replace('<meta charset="utf-8">', "")
    latin = PLAIN.replace('charset="utf-8"', 'charset="iso-8859-1"')
    late = PLAIN.replace('<meta charset="utf-8">', "").replace(
        "<main>", "<!--" + "x" * 1100 + '--><meta charset="utf-8"><main>'
    )
    assert _rewritable(page(tmp_path, undeclared)) is None
    assert _rewritable(page(tmp_path, latin)) is None
    assert _rewritable(page(tmp_path, late)) is None  # not where the browser looks for it
    first_other = PLAIN.replace("<head>", '<head><meta charset="windows-1252">')
    assert _rewritable(page(tmp_path, first_other)) is None  # the browser takes the first
    commented = PLAIN.replace("<head>", '<head><!-- <meta charset="windows-1252"> -->')
    assert _rewritable(page(tmp_path, commented)) is None
    assert _rewritable(page(tmp_path, PLAIN.encode() + b"\xff")) is None  # not UTF-8


def test_xhtml_and_missing_files_are_navigated_to(tmp_path: Path) -> None:
    assert _rewritable(page(tmp_path, PLAIN, "page.xhtml")) is None
    assert _rewritable(tmp_path / "gone.html") is None


@pytest.mark.parametrize("part", ["<![x[ y ]]>", "<![ foo"])
def test_markup_the_parser_gives_up_on_is_navigated_to(tmp_path: Path, part: str) -> None:
    assert _rewritable(page(tmp_path, PLAIN.replace("<main>", part + "<main>"))) is None
