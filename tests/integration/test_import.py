"""``publish import`` end to end: imported Markdown rebuilds into the same three outputs.

The originals (a plain-text scrape, a saved HTML page, a GOV.UK content item; and, for
reading back, a scrape in Windows-1252) and the Markdown that ``publish import`` makes of
them are built side by side and compared: the same metadata, the same HTML text, the same EPUB (file
list, package metadata and text), the same PDF text (``pdftotext``), info and language.

What may differ is only what names the *source file itself*: an HTML page's "made from
the source file <name>, SHA-256 …" line, and the byte sizes of downloads (the PDF embeds
its source). The comparison maps the imported file's name and checksum to the
original's; once writers identify outputs by ``Speech.origin_sha256`` and name the
original file, those lines agree as they are.
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
import subprocess
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lxml_html

from publish.cli import main
from publish.pipeline import read_source
from tests.conftest import REFERENCE, ROOT
from tests.integration.test_corpus import build_sources

FIXTURES = ROOT / "tests" / "fixtures" / "readers"
#: One original per reader (the built comparison is the slow part: PDF rendering).
BUILT = (
    REFERENCE,
    FIXTURES / "nb-html-archived-speech.html",
    FIXTURES / "en-govuk-political-item-of-a-past-government.json",
)
ORIGINALS = (*BUILT, FIXTURES / "nb-windows-1252-encoding.txt")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_text(data: bytes) -> str:
    return squash(lxml_html.fromstring(data).text_content())


def without_sizes(text: str) -> str:
    text = re.sub(r'"contentSize": "\d+ B"', '"contentSize": "…"', text)
    return re.sub(r"\b\d+(?:[.,]\d+)? ?(?:kB|KB|MB|B|bytes|byte)\b", "…", text)


def pdf_facts(path: Path) -> dict[str, object]:
    with pikepdf.open(path) as pdf:
        info = {str(k): str(v) for k, v in pdf.docinfo.items() if k not in ("/ModDate",)}
        lang = str(pdf.Root.get("/Lang", ""))
        pages = len(pdf.pages)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return {"info": info, "lang": lang, "pages": pages, "text": squash(text)}


def epub_facts(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        texts = {
            n: html_text(archive.read(n))
            for n in names
            if n.endswith(".xhtml") and archive.read(n).strip()
        }
        package = archive.read("EPUB/package.opf").decode("utf-8")
    metadata = re.search(r"<metadata.*?</metadata>", package, re.S)
    return {"names": names, "texts": texts, "metadata": metadata.group(0) if metadata else ""}


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("import")
    originals = root / "originals"
    imported = root / "imported"
    originals.mkdir()
    for path in BUILT:
        shutil.copy2(path, originals / path.name)
    assert main(["import", str(originals), "--to", str(imported)]) == 0
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = list(
            pool.map(
                build_sources,
                [[str(originals)], [str(imported)]],
                [str(root / "out-originals"), str(root / "out-imported")],
                [1_700_000_000] * 2,
            )
        )
    for problems, _ in results:
        assert not problems, problems
    assert results[0][1] == results[1][1]
    return originals, root / "out-originals", root / "out-imported"


@pytest.mark.parametrize("original", ORIGINALS, ids=lambda p: p.stem)
def test_imported_markdown_reads_as_the_original(original: Path, tmp_path: Path) -> None:
    assert main(["import", str(original), "--to", str(tmp_path)]) == 0
    imported = tmp_path / f"{original.stem}.md"
    first, _ = read_source(original)
    again, problems = read_source(imported)
    assert first is not None and again is not None, problems
    assert again.metadata == first.metadata
    assert again.body == first.body
    assert again.slug == first.slug
    assert again.origin_sha256 == first.source.sha256
    assert again.chrome_lang == first.chrome_lang


@pytest.mark.parametrize("original", BUILT, ids=lambda p: p.stem)
def test_imported_markdown_rebuilds_into_the_same_outputs(
    original: Path, builds: tuple[Path, Path, Path]
) -> None:
    originals, out_a, out_b = builds
    speech, _ = read_source(originals / original.name)
    imported, _ = read_source(out_b.parent / "imported" / f"{original.stem}.md")
    assert speech is not None and imported is not None
    slug = speech.slug

    def same_source(text: str) -> str:
        text = text.replace(imported.source.sha256, speech.source.sha256)
        return without_sizes(text.replace(f"{original.stem}.md", original.name))

    web_a = html_text((out_a / "html" / f"{slug}.html").read_bytes())
    web_b = html_text((out_b / "html" / f"{slug}.html").read_bytes())
    assert same_source(web_b) == without_sizes(web_a)

    assert epub_facts(out_b / "epub" / f"{slug}.epub") == epub_facts(
        out_a / "epub" / f"{slug}.epub"
    )
    pdf_a, pdf_b = (
        pdf_facts(out_a / "pdf" / f"{slug}.pdf"),
        pdf_facts(out_b / "pdf" / f"{slug}.pdf"),
    )
    assert pdf_b == pdf_a
