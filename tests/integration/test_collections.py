"""Collections: manifests, the dossier PDF, the collection EPUB and web page."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from publish.collection import Collection, load_manifest, resolve
from publish.dates import format_date
from publish.errors import SourceError
from publish.i18n import LABELS
from publish.pipeline import read_source
from publish.render import running_status
from tests.conftest import SOURCES

COLLECTION = "stoltenberg-ii"
SAMPLER = "archive-sampler"


def page_text(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def dossier(built: Path, slug: str) -> tuple[Path, Collection]:
    """The dossier PDF of the bundled collection ``slug`` and that collection."""
    manifest = load_manifest(SOURCES / "collections" / f"{slug}.toml", SOURCES)
    speeches = [s for s, _ in (read_source(p) for p in sorted(SOURCES.glob("*.*"))) if s]
    return built / "pdf" / "collections" / f"{slug}.pdf", resolve(manifest, speeches)


@pytest.mark.parametrize("slug", [COLLECTION, SAMPLER])
def test_dossier_contents_bookmarks_running_headers(built: Path, slug: str) -> None:
    pdf_path, collection = dossier(built, slug)
    manifest = collection.manifest
    titles = [s.metadata.title for s in collection.speeches]
    with pikepdf.open(pdf_path) as pdf:
        pages = len(pdf.pages)
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
        attached = set(pdf.attachments)
    # One bookmark per speech, in the collection's order (plus the front and back matter).
    assert [t for t in top if t in titles] == titles
    # The manifest and every source are attached.
    assert attached == {manifest.path.name, "provenance.json"} | {
        s.path.name for s in collection.speeches
    }
    # Every contents entry's page number is the page where that speech's title is.
    toc_page = next(
        n for n in range(1, pages + 1) if squash(page_text(pdf_path, n)).find(titles[0]) >= 0
    )
    toc = squash(page_text(pdf_path, toc_page))
    for speech in collection.speeches:
        title = speech.metadata.title
        match = re.search(re.escape(title[:30]) + r".*?(\d+)(?: |$)", toc)
        assert match, (title, toc[:300])
        number = int(match.group(1))
        body = squash(page_text(pdf_path, number))
        assert title[:40] in body, (title, number)
        # The running header of that page is the speech's own: status and government.
        top = subprocess.run(
            [
                "pdftotext",
                "-f",
                str(number),
                "-l",
                str(number),
                "-x",
                "0",
                "-y",
                "0",
                "-W",
                "700",
                "-H",
                "75",
                str(pdf_path),
                "-",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert squash(running_status(speech.metadata)) in squash(top), (number, top)
        # Each speech starts on a right-hand (odd) page.
        assert number % 2 == 1, (title, number)


@pytest.mark.parametrize("slug", [COLLECTION, SAMPLER])
def test_dossier_blank_versos_and_index_of_dates(built: Path, slug: str) -> None:
    pdf_path, collection = dossier(built, slug)
    manifest = collection.manifest
    with pikepdf.open(pdf_path) as pdf:
        pages = len(pdf.pages)
    texts = [squash(page_text(pdf_path, n)) for n in range(1, pages + 1)]
    # The versos left empty so that each speech starts on a recto carry nothing at all,
    # not even a page number (they are still counted).
    assert "" in texts
    numbered_blanks = [
        n for n, text in enumerate(texts, 1) if re.fullmatch(r"\S+ \d+ \S+ \d+", text)
    ]
    assert not numbered_blanks, numbered_blanks
    # The index of dates writes each date as the volume's language does, not as ISO 8601.
    labels = LABELS[manifest.lang]
    back = " ".join(texts)
    dates = back[back.rindex(labels["index_dates"]) :]
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", dates), dates
    for speech in collection.speeches:
        if speech.metadata.date:
            assert format_date(speech.metadata.date, manifest.lang) in dates, dates


def test_collection_epub_chapters_keep_their_languages(built: Path) -> None:
    epub = built / "epub" / "collections" / f"{SAMPLER}.epub"
    manifest = load_manifest(SOURCES / "collections" / f"{SAMPLER}.toml", SOURCES)
    speeches = [s for s, _ in (read_source(p) for p in sorted(SOURCES.glob("*.*"))) if s]
    collection = resolve(manifest, speeches)
    with zipfile.ZipFile(epub) as archive:
        for speech in collection.speeches:
            doc = etree.fromstring(archive.read(f"EPUB/text/{speech.slug}.xhtml"))
            assert doc.get("lang") == speech.metadata.lang
        opf = etree.fromstring(archive.read("EPUB/package.opf"))
        nav = archive.read("EPUB/nav.xhtml").decode()
    assert opf.findtext("{*}metadata/{*}title") == manifest.title
    assert opf.findtext("{*}metadata/{*}language") == "nn"
    # The accessibility summary describes a collection, in the collection's language.
    summary = opf.find("{*}metadata/{*}meta[@property='schema:accessibilitySummary']")
    assert summary is not None
    assert squash(summary.text or "") == squash(LABELS["nn"]["a11y_summary_collection"])
    for speech in collection.speeches:
        assert speech.metadata.title in nav


def test_collection_web_page_links_speeches_and_downloads(built: Path) -> None:
    page = (built / "html" / "collections" / f"{COLLECTION}.html").read_text(encoding="utf-8")
    assert 'href="../regjeringen-nb-tale-digital-beredskap.html"' in page
    assert 'href="../../pdf/collections/stoltenberg-ii.pdf"' in page
    assert 'href="../../epub/collections/stoltenberg-ii.epub"' in page


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "code", "line", "words"),
    [
        ('title = "T"\nitems = ["x.md"]\ncolour = "red"\n', "K001", 3, "colour"),
        ('items = ["regjeringen-nn-tale-kystkultur.md"]\n', "K002", None, "title"),
        ('title = "T"\nitems = ["missing.md"]\n', "K003", 2, "missing.md"),
        ('title = "T"\n', "K004", None, "selects nothing"),
        ('title = "T"\n[select]\ncolor = "x"\n', "K001", 3, "color"),
        ('title = "T"\n[select]\ndate_from = "yesterday"\n', "K005", 3, "date_from"),
        ('title = "T"\norder = "random"\nitems = []\n', "K005", 2, "order"),
        ('title = "T\nitems = []\n', "K006", 1, "TOML"),
        ('title = "T"\nitems = ["../../etc/passwd"]\n', "K003", 2, "outside"),
    ],
)
def test_manifest_errors_name_the_manifest_key_and_line(
    tmp_path: Path, text: str, code: str, line: int | None, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_manifest(path, SOURCES)
    error = caught.value
    assert error.code == code
    assert error.path == path
    assert error.line == line
    assert words in str(error)


def test_an_empty_selection_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, 'title = "T"\n[select]\ntitle_contains = ["no speech has this"]\n')
    speeches = [s for s, _ in (read_source(p) for p in sorted(SOURCES.glob("*.*"))) if s]
    with pytest.raises(SourceError) as caught:
        resolve(load_manifest(path, SOURCES), speeches)
    assert caught.value.code == "K004"


def test_english_and_norwegian_government_names_select_the_same_government() -> None:
    manifest = load_manifest(SOURCES / "collections" / f"{COLLECTION}.toml", SOURCES)
    speeches = [s for s, _ in (read_source(p) for p in sorted(SOURCES.glob("*.*"))) if s]
    chosen = resolve(manifest, speeches).speeches
    assert {s.metadata.government for s in chosen} == {
        "Stoltenberg's 2nd Government",
        "Regjeringen Stoltenberg II",
    }


@pytest.mark.parametrize(("lang", "shown"), [("en", "yes"), ("nb", "ja"), ("nn", "ja")])
def test_selection_rows_are_in_the_collection_language(
    tmp_path: Path, lang: str, shown: str
) -> None:
    from publish.i18n import labels_for
    from publish.writers.volume import selection_rows

    manifest = tmp_path / "archived.toml"
    manifest.write_text(
        f'title = "Archived"\nlang = "{lang}"\n\n[select]\narchived = true\n', "utf-8"
    )
    speeches = [s for p in sorted(SOURCES.glob("*.*")) if (s := read_source(p)[0]) is not None]
    collection = resolve(load_manifest(manifest, SOURCES), speeches)
    labels = labels_for(lang)
    assert (labels["sel_archived"], shown) in selection_rows(collection, labels)
