"""No output contains an English label in an nb or nn document, nor the reverse.

Every fixed text an output shows comes from :data:`publish.i18n.LABELS`. This suite
builds the bundled sources and collections with the real pipeline, reads what a reader
sees and what a screen reader reads aloud (visible text, ``aria-label``, ``alt``,
``title``, ``<title>``, the EPUB navigation and accessibility summary, the PDF's text and
bookmarks), each piece in the language of the element it sits in, and looks for the
labels of the other languages: a label whose text differs between languages must not
appear where the language is not its own.

Words of the speech itself are not labels: a label text that also occurs in a source
(an English quotation in a Norwegian speech) is not held against its outputs.
"""

from __future__ import annotations

import functools
import re
import subprocess
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf
import pytest
from lxml import etree
from lxml import html as lxml_html

from publish.collection import load_manifest, resolve
from publish.config import load_settings
from publish.i18n import LABELS
from publish.model import Speech
from publish.pipeline import discover, read_source
from publish.site import render_site
from publish.writers.volume import write_collection_page
from tests.conftest import ROOT, SOURCES

LANGS = ("en", "nb", "nn")
COLLECTIONS = SOURCES / "collections"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Attributes whose text is shown or read aloud (data-* too: search.js shows them).
READ_ATTRIBUTES = (
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-placeholder",
    "aria-valuetext",
    "alt",
    "title",
    "placeholder",
    "label",
)
#: Elements whose text is not read as prose (code, machine data).
SKIPPED = {"script", "style", "code"}
OPF_READ = {"schema:accessibilitySummary"}
#: Labels each format of a speech shows, as evidence that its text was read.
SEEN = {
    "html": ("skip", "site_nav", "publisher", "downloads"),
    "epub": ("contents", "cover", "publisher", "a11y_summary"),
    "pdf": ("publisher", "published_under", "page"),
}


@dataclass(frozen=True)
class Chunk:
    """A piece of text a reader sees or hears, in the language it is marked with."""

    lang: str
    text: str
    where: str


# --------------------------------------------------------------------------- labels


def _pattern(value: str) -> re.Pattern[str]:
    """``value`` as a pattern matching whole words; ``{n}`` placeholders match anything."""
    parts = [re.escape(" ".join(p.split())) for p in re.split(r"\{\w+\}", value)]
    body = ".+?".join(parts).replace(r"\ ", r"\s+")
    return re.compile(rf"(?<!\w){body}(?!\w)")


@functools.cache
def foreign_labels(lang: str) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(name, text, pattern) of every label of another language whose text is not a
    label of ``lang`` as well."""
    own = {" ".join(v.split()) for v in LABELS[lang].values()}
    out: dict[str, tuple[str, str, re.Pattern[str]]] = {}
    for other in LANGS:
        if other == lang:
            continue
        for key, value in LABELS[other].items():
            text = " ".join(value.split())
            if text in own or text == " ".join(LABELS[lang][key].split()) or text in out:
                continue
            out[text] = (f"{other}:{key}", text, _pattern(text))
    return tuple(out.values())


def findings(chunks: Sequence[Chunk], own_words: str) -> list[str]:
    """Each foreign label found in ``chunks`` (unless the source itself says it)."""
    problems = []
    for chunk in chunks:
        if chunk.lang not in LANGS:
            continue
        text = " ".join(chunk.text.split())
        for name, label, pattern in foreign_labels(chunk.lang):
            if pattern.search(text) and not pattern.search(own_words):
                problems.append(f"{chunk.where} [{chunk.lang}]: {name} {label!r} in {text!r}")
    return problems


def says(chunks: Sequence[Chunk], lang: str, key: str) -> bool:
    """Whether a chunk in ``lang`` shows the label ``key`` of ``lang`` (so that a clean
    result means the extraction saw the labels, not that it saw nothing)."""
    pattern = _pattern(LABELS[lang][key])
    return any(c.lang == lang and pattern.search(" ".join(c.text.split())) for c in chunks)


# --------------------------------------------------------------------------- extraction


def _lang_of(element: etree._Element, inherited: str) -> str:
    value = element.get("lang") or element.get(XML_LANG)
    return value.split("-")[0].lower() if value else inherited


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def markup_chunks(root: etree._Element, where: str, lang: str = "") -> list[Chunk]:
    """The text and read-aloud attributes of a (X)HTML or SVG tree, by language."""
    out: list[Chunk] = []

    def walk(element: etree._Element, inherited: str) -> None:
        tag = _local(element.tag)
        here = _lang_of(element, inherited)
        if tag in SKIPPED:
            return
        for key, value in element.attrib.items():
            name = _local(key)
            if name in READ_ATTRIBUTES or name.startswith("data-"):
                out.append(Chunk(here, str(value), f"{where} <{tag} {name}>"))
        if tag == "meta" and element.get("name") == "description":
            out.append(Chunk(here, element.get("content") or "", f"{where} <meta description>"))
        if element.text and element.text.strip():
            out.append(Chunk(here, element.text, f"{where} <{tag}>"))
        for child in element:
            if isinstance(child.tag, str):
                walk(child, here)
            if child.tail and child.tail.strip():
                out.append(Chunk(here, child.tail, f"{where} <{tag}>"))

    walk(root, lang)
    return out


def html_chunks(data: bytes, where: str) -> list[Chunk]:
    return markup_chunks(lxml_html.fromstring(data), where)


def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(data, parser)


def epub_chunks(path: Path) -> list[Chunk]:
    """Content documents, navigation, cover, and the package's accessibility summary."""
    out: list[Chunk] = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            where = f"{path.name}!{name}"
            if name.endswith((".xhtml", ".svg")):
                out += markup_chunks(_xml(archive.read(name)), where)
            elif name.endswith(".opf"):
                package = _xml(archive.read(name))
                lang = _lang_of(package, "")
                for meta in package.iter("{http://www.idpf.org/2007/opf}meta"):
                    if meta.get("property") in OPF_READ:
                        out.append(Chunk(lang, meta.text or "", f"{where} {meta.get('property')}"))
    return out


def pdf_pages(path: Path) -> list[str]:
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    assert run.returncode == 0, run.stderr
    return run.stdout.decode("utf-8").split("\f")[:-1]


def pdf_outline(path: Path) -> list[tuple[int, str, int | None]]:
    """(depth, title, page index) of every bookmark, in order."""
    out: list[tuple[int, str, int | None]] = []
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:

        def walk(items: Sequence[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                dest = item.destination
                page = (
                    pdf.pages.index(pikepdf.Page(dest[0]))
                    if isinstance(dest, pikepdf.Array) and len(dest)
                    else None
                )
                out.append((depth, item.title, page))
                walk(item.children, depth + 1)

        walk(outline.root, 0)
    return out


def speech_pdf_chunks(path: Path, lang: str) -> list[Chunk]:
    """A speech's PDF is in its language throughout: pages, running heads, bookmarks."""
    out = [Chunk(lang, text, f"{path.name} page {n}") for n, text in enumerate(pdf_pages(path), 1)]
    out += [Chunk(lang, title, f"{path.name} bookmark") for _d, title, _p in pdf_outline(path)]
    return out


def dossier_pdf_chunks(path: Path, lang: str, speeches: Sequence[Speech]) -> list[Chunk]:
    """A dossier's front and back matter and its page numbers are in the collection's
    language; each speech's pages (but their page numbers) and bookmarks in its own."""
    titles = {s.metadata.title: s.metadata.lang for s in speeches}
    outline = pdf_outline(path)
    starts: list[tuple[int, str]] = []  # (first page, language), in page order
    current = lang
    out: list[Chunk] = []
    for depth, title, page in outline:
        if depth == 0:
            current = titles.get(title, lang)
            if page is not None:
                starts.append((page, current))
        out.append(Chunk(current, title, f"{path.name} bookmark"))
    folio = re.compile(
        rf"^{re.escape(LABELS[lang]['page'])} \d+ {re.escape(LABELS[lang]['of'])} \d+$",
        re.MULTILINE,
    )
    for index, text in enumerate(pdf_pages(path)):
        page_lang = next((lg for first, lg in reversed(starts) if first <= index), lang)
        out.append(Chunk(page_lang, folio.sub("", text), f"{path.name} page {index + 1}"))
    return out


# --------------------------------------------------------------------------- the build


@dataclass(frozen=True)
class Document:
    slug: str
    lang: str
    own_words: str
    speeches: tuple[Speech, ...] = ()


@functools.cache
def speeches() -> tuple[Speech, ...]:
    out = []
    for path in discover([SOURCES]):
        speech, problems = read_source(path)
        assert speech is not None, [str(p) for p in problems]
        out.append(speech)
    return tuple(out)


def documents() -> Iterator[Document]:
    for speech in speeches():
        yield Document(speech.slug, speech.metadata.lang, speech.source.text)


@functools.cache
def own_words() -> str:
    """Every word of every source and manifest: the speeches' and collections' own."""
    manifests = [p.read_text(encoding="utf-8") for p in sorted(COLLECTIONS.glob("*.toml"))]
    return "\n".join([*(s.source.text for s in speeches()), *manifests])


@functools.cache
def collections() -> tuple[Document, ...]:
    every = own_words()
    out = []
    for path in sorted(COLLECTIONS.glob("*.toml")):
        manifest = load_manifest(path, SOURCES)
        chosen = resolve(manifest, speeches()).speeches
        out.append(Document(manifest.slug, manifest.lang, every, chosen))
    return tuple(out)


def test_labels_every_key_in_every_language() -> None:
    keys = set(LABELS["en"])
    for lang in LANGS:
        assert set(LABELS[lang]) == keys, (lang, set(LABELS[lang]) ^ keys)
        for key, value in LABELS[lang].items():
            assert value.strip(), (lang, key)
            placeholders = sorted(re.findall(r"\{\w+\}", value))
            assert placeholders == sorted(re.findall(r"\{\w+\}", LABELS["en"][key])), (lang, key)


def test_labels_the_check_finds_a_foreign_label() -> None:
    """The detector itself: an English label in a bokmål page is found, a bokmål one in
    its own page is not, and a word the source says is forgiven."""
    page = b'<html lang="nb"><body><p>Publisert under: X</p><p>Page 3 of 9</p></body></html>'
    problems = findings(html_chunks(page, "t.html"), "")
    assert any("en:page" in p for p in problems), problems
    assert not any("published_under" in p for p in problems), problems
    assert not findings(html_chunks(page, "t.html"), "Page 3 of 9")
    mixed = b'<html lang="nb"><body><p lang="en">Publisher: X</p><p>Taler: Y</p></body></html>'
    assert not findings(html_chunks(mixed, "t.html"), "")


@pytest.mark.parametrize("fmt", ["html", "epub", "pdf"])
def test_labels_speech_outputs_speak_their_own_language(built: Path, fmt: str) -> None:
    problems: list[str] = []
    docs = list(documents())
    assert {d.lang for d in docs} >= set(LANGS), "the bundled sources cover en, nb and nn"
    for doc in docs:
        path = built / fmt / f"{doc.slug}.{fmt}"
        if fmt == "html":
            chunks = html_chunks(path.read_bytes(), path.name)
        elif fmt == "epub":
            chunks = epub_chunks(path)
        else:
            chunks = speech_pdf_chunks(path, doc.lang)
        for key in SEEN[fmt]:
            assert says(chunks, doc.lang, key), f"{path.name}: label {key} not found"
        problems += findings(chunks, doc.own_words)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("fmt", ["html", "epub", "pdf"])
def test_labels_collection_outputs_speak_their_own_languages(built: Path, fmt: str) -> None:
    problems: list[str] = []
    docs = collections()
    assert docs
    for doc in docs:
        path = built / fmt / "collections" / f"{doc.slug}.{fmt}"
        if fmt == "html":
            chunks = html_chunks(path.read_bytes(), f"collections/{path.name}")
        elif fmt == "epub":
            chunks = epub_chunks(path)
        else:
            chunks = dossier_pdf_chunks(path, doc.lang, doc.speeches)
        # The web page of a collection is a page of the site, in the site's language.
        front = load_settings(project=ROOT).site_lang if fmt == "html" else doc.lang
        assert says(chunks, front, "contents"), path.name
        for speech in doc.speeches if fmt != "html" else ():
            # Each speech keeps its own header, in its own language.
            assert says(chunks, speech.metadata.lang, "publisher"), (path.name, speech.slug)
        problems += findings(chunks, doc.own_words)
    assert not problems, "\n".join(problems)


def test_labels_site_pages_speak_the_site_language_built(built: Path) -> None:
    """The site as built (English by default): index, search, listings."""
    every = own_words()
    problems: list[str] = []
    pages = [
        p
        for p in sorted((built / "html").rglob("*.html"))
        if p.parent != built / "html" or p.name in ("index.html", "search.html")
    ]
    assert any(p.name == "search.html" for p in pages)
    assert any(p.parent.name == "government" for p in pages)
    for path in pages:
        where = str(path.relative_to(built / "html"))
        problems += findings(html_chunks(path.read_bytes(), where), every)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("site_lang", LANGS)
def test_labels_site_pages_speak_the_site_language(tmp_path: Path, site_lang: str) -> None:
    """Every site page rendered in each site language: labels in that language, the
    speeches' own words marked with theirs."""
    settings = replace(load_settings(project=ROOT, output=tmp_path), site_lang=site_lang)
    every = own_words()
    problems: list[str] = []
    pages = [p for p in render_site(settings, speeches(), with_collections=True)]
    html_pages = [p for p in pages if p.path.endswith(".html")]
    assert len(html_pages) > 5
    for page in html_pages:
        chunks = html_chunks(page.data, f"{site_lang}:{page.path}")
        assert _lang_of(lxml_html.fromstring(page.data), "") == site_lang
        problems += findings(chunks, every)
    for doc in collections():
        manifest = load_manifest(COLLECTIONS / f"{doc.slug}.toml", SOURCES)
        collection = resolve(manifest, speeches())
        data = write_collection_page(collection, settings, ()).data
        problems += findings(html_chunks(data, f"{site_lang}:collections/{doc.slug}"), every)
    assert not problems, "\n".join(problems)
