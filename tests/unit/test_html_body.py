"""HTML bodies: only semantic content survives, nothing is fetched, nothing is raw."""

from __future__ import annotations

from pathlib import Path

from publish.readers.html_body import clean, parse_fragment, parse_xml, text_of, to_markdown
from publish.render import body_to_html


def markdown(markup: str, base: str | None = None) -> str:
    return to_markdown(clean(parse_fragment(markup), base_url=base))


def test_only_allow_listed_markup_survives() -> None:
    md = markdown(
        '<div class="govspeak"><script>alert(1)</script><style>p{}</style>'
        '<p onclick="x()">Hello <b>bold</b> <i>it</i> <font color="red">red</font></p>'
        '<iframe src="https://evil.example/"></iframe><form><input value="x"></form>'
        '<img src="a.png" alt="A picture"><svg><text>svg</text></svg>'
        '<p><a href="javascript:alert(1)">js</a> <a href="file:///etc/passwd">file</a> '
        '<a href="https://example.org/">web</a> <a href="/relative">rel</a></p></div>'
    )
    html = body_to_html(md)
    for banned in (
        "<script",
        "alert",
        "<iframe",
        "<form",
        "<input",
        "<img",
        "<svg",
        "onclick",
        "javascript:",
        "file:",
        "<style",
        "color",
    ):
        assert banned not in html, banned
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert '<a href="https://example.org/">web</a>' in html
    assert "js" in html and "file" in html and "rel" in html


def test_relative_links_resolve_against_the_page_address() -> None:
    md = markdown('<p><a href="/no/id4/">the site</a></p>', base="https://www.regjeringen.no/no/x/")
    assert "[the site](https://www.regjeringen.no/no/id4/)" in md


def test_language_marks_are_kept() -> None:
    md = markdown('<p lang="se">Buorre beaivi!</p><p>Og <span lang="fkv">terve</span>.</p>')
    html = body_to_html(md)
    assert 'lang="se"' in html and 'lang="fkv"' in html


def test_structure_is_kept() -> None:
    md = markdown(
        "<h1>Top</h1><h3>Sub</h3><ul><li>a</li><li>b</li></ul><ol><li>one</li></ol>"
        "<blockquote><p>Quote</p></blockquote><p>line<br>break</p><table><tr><td>x</td>"
        "<td>y</td></tr></table><div>loose text</div><div>more text</div>"
    )
    html = body_to_html(md)
    assert "<h2" in html and "<h3" in html and "<ul>" in html and "<ol" in html
    assert "<blockquote>" in html and "<br />" in html
    assert "x – y" in html
    assert "loose text</p>" in html and "<p>more text" in html


def test_markdown_characters_in_html_text_stay_text() -> None:
    md = markdown("<p>1. not a list *not emphasis* [not](a link) # not a heading</p>")
    html = body_to_html(md)
    assert "<ol" not in html and "<em>" not in html and "<a " not in html and "<h" not in html
    assert "1. not a list *not emphasis* [not](a link) # not a heading" in html


def test_empty_and_chrome_blocks_are_dropped() -> None:
    md = markdown("<p>&nbsp;</p><p> </p><p>Text.</p><p><a href='#top'>Til toppen</a></p>")
    assert md == "Text.\n"


def test_xml_external_entities_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file://{secret}">]><d><p>&e;</p></d>'
    ).encode()
    root = parse_xml(data)
    assert "TOP SECRET" not in text_of(root)


def test_html_pages_resolve_no_external_entities(tmp_path: Path) -> None:
    from publish.pipeline import read_source

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    page = (
        f'<!DOCTYPE html [<!ENTITY e SYSTEM "file://{secret}">]>\n'
        "<html lang='en'><body><main><h1>Title &e;</h1>"
        "<div class='article-body'><p>Body &e; text.</p></div></main></body></html>"
    )
    speech, problems = read_source(tmp_path / "page.html", data=page.encode())
    assert speech is not None, problems
    assert "TOP SECRET" not in speech.metadata.title + speech.body
