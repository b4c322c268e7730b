"""The static site and the web page head: listing groups, the search index, the sitemap,
JSON-LD that no metadata can break out of, and downloads in html-only builds."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from publish.config import load_settings
from publish.model import Speech
from publish.pipeline import build, read_source
from publish.render import render_speech
from publish.site import (
    NAVIGATION,
    count_text,
    entries_of,
    facet_href,
    groups_of,
    json_script,
    render_site,
    slug_of,
)
from publish.writers import Download
from publish.writers.html import HtmlWriter, human_size
from tests.conftest import ROOT

HOSTILE = "</script><script>alert(1)</script> <!-- & \u2028"


def speech(tmp_path: Path, name: str, front: str, body: str = "Text.\n") -> Speech:
    path = tmp_path / f"{name}.md"
    path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
    found, problems = read_source(path)
    assert found is not None, problems
    return found


@pytest.fixture
def speeches(tmp_path: Path) -> list[Speech]:
    return [
        speech(
            tmp_path,
            "old",
            "title: Old speech\nlang: nb\ndate: 2009-05-01\ngovernment: Regjeringen Støre\n"
            "publisher: Utenriksdepartementet\narchive_status: Historisk arkiv\n",
        ),
        speech(
            tmp_path,
            "new",
            "title: New speech\nlang: en\ndate: 2024-02-03\ngovernment: Labour Government\n"
            "publisher: Cabinet Office\n",
        ),
        speech(
            tmp_path,
            "also-old",
            "title: Another old one\nlang: nb\ndate: 2012-01-01\n"
            "government: regjeringen støre\npublisher: Utenriksdepartementet\n",
        ),
        speech(tmp_path, "undated", "title: Undated speech\nlang: nn\n"),
    ]


def test_slug_of_folds_norwegian_letters_and_punctuation() -> None:
    assert slug_of("Regjeringen Støre") == "regjeringen-store"
    assert slug_of("Nærings- og fiskeridepartementet") == "naerings-og-fiskeridepartementet"
    assert slug_of("Stoltenberg's 2nd Government") == "stoltenberg-s-2nd-government"
    assert slug_of("!!!") == "not-stated"


def test_count_text_in_each_language() -> None:
    from publish.i18n import labels_for

    assert count_text(labels_for("en"), 1) == "1 speech"
    assert count_text(labels_for("en"), 3) == "3 speeches"
    assert count_text(labels_for("nb"), 3) == "3 taler"
    assert count_text(labels_for("nn"), 3) == "3 talar"


def test_entries_newest_first_undated_last(speeches: list[Speech]) -> None:
    titles = [e.metadata.title for e in entries_of(speeches, "en")]
    assert titles == ["New speech", "Another old one", "Old speech", "Undated speech"]


def test_a_date_the_listing_writes_is_in_the_listing_language(
    speeches: list[Speech], tmp_path: Path
) -> None:
    """A date given only as a date is written in the language of the page listing it, like
    the labels around it; a date the source wrote out stays in the source's words."""
    worded = speech(
        tmp_path,
        "worded",
        "title: Worded\nlang: nb\ndate: 2010-03-04\ndate_text: 4. mars 2010\n",
    )
    shown = {e.slug: e.date_display for e in entries_of([*speeches, worded], "en")}
    assert shown["old"] == "1 May 2009"
    assert shown["worded"] == "4. mars 2010"
    assert shown["undated"] is None
    assert {e.slug: e.date_display for e in entries_of(speeches, "nn")}["new"] == (
        "3. februar 2024"
    )


def test_groups_merge_spellings_and_put_not_stated_last(speeches: list[Speech]) -> None:
    entries = entries_of(speeches, "en")
    governments = groups_of("government", entries)
    assert [g.slug for g in governments] == ["labour-government", "regjeringen-store", "not-stated"]
    store = governments[1]
    assert store.value == "regjeringen støre"  # the newest speech names the group
    assert len(store.entries) == 2
    assert store.lang == "nb"
    years = groups_of("year", entries)
    assert [g.slug for g in years] == ["2024", "2012", "2009", "not-stated"]
    languages = groups_of("language", entries)
    assert [g.slug for g in languages] == ["en", "nb", "nn"]


def test_facet_href_matches_the_group_page(speeches: list[Speech]) -> None:
    entries = entries_of(speeches, "en")
    facets = ("government", "publisher", "year")
    hrefs = {g.href for facet in facets for g in groups_of(facet, entries)}
    for s in speeches:
        assert facet_href("government", s.metadata) in hrefs
        assert facet_href("year", s.metadata) in hrefs


def test_json_script_cannot_close_the_script_element() -> None:
    text = str(json_script({"title": HOSTILE}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text
    assert json.loads(text) == {"title": HOSTILE}


def test_render_site_writes_every_page_and_a_complete_sitemap(
    speeches: list[Speech], tmp_path: Path
) -> None:
    settings = load_settings(project=ROOT, output=tmp_path / "out")
    pages = {p.path: p.data for p in render_site(settings, speeches)}
    for nav_key, href, _label in NAVIGATION:
        assert href in pages, nav_key
    assert "government/regjeringen-store.html" in pages
    assert "year/not-stated.html" in pages
    assert "language/nn.html" in pages
    assert "assets/web.css" in pages and "assets/search.js" in pages
    sitemap = etree.fromstring(pages["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in sitemap.findall("s:url/s:loc", ns)]
    html_pages = {p for p in pages if p.endswith(".html")}
    assert set(locs) == html_pages | {f"{s.slug}.html" for s in speeches}
    assert len(locs) == len(set(locs))
    index = json.loads(pages["search-index.json"])
    assert index["speeches"][0]["title"] == "New speech"
    assert {r["href"] for r in index["speeches"]} == {f"{s.slug}.html" for s in speeches}


def test_sitemap_uses_the_site_url_when_configured(speeches: list[Speech], tmp_path: Path) -> None:
    settings = replace(
        load_settings(project=ROOT, output=tmp_path / "out"),
        extra={"site_url": "https://example.org/speeches/"},
    )
    pages = {p.path: p.data for p in render_site(settings, speeches)}
    assert b"<loc>https://example.org/speeches/index.html</loc>" in pages["sitemap.xml"]
    index = lxml_html.fromstring(pages["index.html"])
    assert index.xpath("//link[@rel='canonical']/@href") == [
        "https://example.org/speeches/index.html"
    ]


def test_listing_pages_mark_other_languages_and_the_current_filter(
    speeches: list[Speech], tmp_path: Path
) -> None:
    settings = load_settings(project=ROOT, output=tmp_path / "out")
    pages = {p.path: p.data for p in render_site(settings, speeches)}
    page = lxml_html.fromstring(pages["government/regjeringen-store.html"])
    assert page.get("lang") == "en"
    assert page.xpath("string(//h1/@lang)") == "nb"
    assert page.xpath("//a[@aria-current='page']/@href") == ["../government/regjeringen-store.html"]
    titles = page.xpath("//main//h2[@class='item-title']/a")
    assert [(a.text, a.get("lang")) for a in titles] == [
        ("Another old one", "nb"),
        ("Old speech", "nb"),
    ]
    assert len(page.xpath("//h1")) == 1


def test_speech_page_head_and_hostile_metadata(tmp_path: Path) -> None:
    hostile = speech(
        tmp_path,
        "hostile",
        f'title: "{HOSTILE}"\nlead: "A lead with <b>tags</b> & more"\nlang: en\n'
        "date: 2020-01-02\nsource_url: https://example.org/a?b=1&c=2\n"
        "government: Gov\npublisher: Pub\nspeaker: Sam\narchive_status: Historical archive\n",
    )
    settings = load_settings(project=ROOT, output=tmp_path / "out", formats=("html",))
    page = HtmlWriter().write(render_speech(hostile), settings).data
    assert page.count(b"</script>") == 1  # only the JSON-LD element's own end tag
    doc = lxml_html.fromstring(page)
    (ld,) = doc.xpath("//script[@type='application/ld+json']")
    data = json.loads(ld.text)
    title = hostile.metadata.title
    assert title.startswith("</script>")
    assert data["name"] == title
    assert data["datePublished"] == "2020-01-02"
    assert data["publisher"]["name"] == "Pub"
    assert data["publisher"]["parentOrganization"]["name"] == "Gov"
    assert data["author"]["name"] == "Sam"
    assert data["creativeWorkStatus"] == "Historical archive"
    assert doc.xpath("string(//title)") == f"{title} – Speech archive"
    assert doc.xpath("//link[@rel='canonical']/@href") == ["https://example.org/a?b=1&c=2"]
    assert doc.xpath("//meta[@property='og:title']/@content") == [title]
    assert doc.xpath("//meta[@name='description']/@content") == ["A lead with <b>tags</b> & more"]
    assert len(doc.xpath("//h1")) == 1
    assert doc.xpath("//time/@datetime") == ["2020-01-02"]
    assert doc.xpath(
        "//*[@role='region'][@aria-label]//strong[@class='pub-status-text']/text()"
    ) == ["Historical archive"]
    assert not doc.xpath("//section[@class='downloads']")


def test_html_only_build_links_existing_downloads_with_their_size(tmp_path: Path) -> None:
    one = speech(tmp_path, "one", "title: One\nlang: nb\n")
    out = tmp_path / "out"
    (out / "pdf").mkdir(parents=True)
    (out / "pdf" / "one.pdf").write_bytes(b"%PDF" + b"x" * 2044)
    settings = load_settings(project=ROOT, output=out, formats=("html",))
    doc = lxml_html.fromstring(HtmlWriter().write(render_speech(one), settings).data)
    links = doc.xpath("//section[@class='downloads']//a")
    assert [a.get("href") for a in links] == ["../pdf/one.pdf"]
    assert links[0].text_content() == "PDF for utskrift og arkivering (PDF, 2\u00a0kB)"
    # What this run built wins over what an earlier run left.
    built = (Download("epub", "../epub/one.epub", "application/epub+zip", 5 * 1024 * 1024),)
    doc = lxml_html.fromstring(HtmlWriter().write(render_speech(one), settings, built).data)
    texts = [a.text_content() for a in doc.xpath("//section[@class='downloads']//a")]
    assert texts == [
        "PDF for utskrift og arkivering (PDF, 2\u00a0kB)",
        "EPUB e-bok (EPUB, 5,0\u00a0MB)",
    ]


def test_human_size_uses_the_decimal_comma_in_norwegian() -> None:
    assert human_size(500) == "500\u00a0B"
    assert human_size(1536 * 1024, "en") == "1.5\u00a0MB"
    assert human_size(1536 * 1024, "nn") == "1,5\u00a0MB"


def test_html_only_build_writes_the_whole_site(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.md").write_text("---\ntitle: A\nlang: en\n---\n\nText.\n", encoding="utf-8")
    settings = load_settings(project=ROOT, output=tmp_path / "out", formats=("html",))
    report = build(settings, [source])
    assert report.ok
    html = tmp_path / "out" / "html"
    for name in ("a.html", "index.html", "search.html", "sitemap.xml", "search-index.json"):
        assert (html / name).is_file(), name
    assert not lxml_html.fromstring((html / "a.html").read_bytes()).xpath(
        "//section[@class='downloads']"
    )


def test_collections_are_listed_when_the_build_writes_them(
    speeches: list[Speech], tmp_path: Path
) -> None:
    manifests = tmp_path / "project" / "sources" / "collections"
    manifests.mkdir(parents=True)
    (manifests / "norsk.toml").write_text(
        'title = "Norske taler"\nlang = "nb"\nsubtitle = "Et utvalg"\n'
        'formats = ["html"]\n\n[select]\nlang = ["nb"]\n',
        encoding="utf-8",
    )
    (manifests / "print-only.toml").write_text(
        'title = "Print only"\nformats = ["pdf"]\n\n[select]\nlang = ["en"]\n',
        encoding="utf-8",
    )
    (manifests / "broken.toml").write_text('title = "Nothing"\n\n[select]\nlang = ["sv"]\n')
    settings = load_settings(project=tmp_path / "project", output=tmp_path / "out")

    pages = {p.path: p.data for p in render_site(settings, speeches, with_collections=True)}
    index = lxml_html.fromstring(pages["index.html"])
    links = index.xpath("//section[@class='collections']//a")
    assert [(a.get("href"), a.text, a.get("lang")) for a in links] == [
        ("collections/norsk.html", "Norske taler", "nb")
    ]
    assert "2 speeches" in index.xpath("string(//section[@class='collections'])")
    assert b"<loc>collections/norsk.html</loc>" in pages["sitemap.xml"]

    pages = {p.path: p.data for p in render_site(settings, speeches)}
    assert b"collections/" not in pages["index.html"]
    assert b"collections/" not in pages["sitemap.xml"]
