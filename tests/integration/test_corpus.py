"""The shared corpus of real pages (``../shared/corpus``), when it is there.

1. ``publish inspect`` agrees with the sidecar annotations of every saved regjeringen.no
   page and GOV.UK content item, field by field (at least 98 % of the comparisons), and
   the per-field agreement table is printed.
2. The long real bodies of the research-corpus XML files become sources that build into
   all three formats without a warning.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from publish.cli import main
from publish.config import load_settings
from publish.pipeline import build, slugify
from publish.readers.html_body import parse_xml
from publish.readers.text import escape_inline, escape_markdown
from tests.conftest import ROOT, SHARED

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS}")

#: Sidecar key -> inspect key, for the fields the check compares.
COMPARED = {
    "title": "title",
    "archive_status": "archive_status",
    "published_under": "government",
    "publisher": "publisher",
    "date": "date",
    "language": "lang",
}
THRESHOLD = 0.98


def pages() -> list[tuple[Path, Path]]:
    """(input, sidecar) for every saved page and content item of the corpus."""
    out = []
    for page in sorted((CORPUS / "regjeringen-html").glob("*.html")):
        out.append((page, page.with_suffix(".json")))
    for item in sorted((CORPUS / "govuk-content-items").glob("*.content-item.json")):
        out.append((item, item.with_name(item.name.replace(".content-item.json", ".json"))))
    return out


def sidecar_value(sidecar: dict[str, object], key: str) -> object:
    value = sidecar.get(key)
    if key == "date":
        return value.get("iso") if isinstance(value, dict) else value
    if key == "publisher" and isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if key == "language" and isinstance(value, str):
        # "other (ar)" names a language outside en/nb/nn by its code.
        m = re.match(r"^other \((?P<code>[a-z]{2,3})\)$", value)
        return m.group("code") if m else value.split()[0]
    return value


def inspect(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    status = main(["inspect", str(path), "--json"])
    record = json.loads(capsys.readouterr().out)
    assert status == 0, record
    assert isinstance(record, dict)
    return record


def test_inspect_agrees_with_the_corpus_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    cases = pages()
    assert len(cases) >= 17, cases
    agree = dict.fromkeys(COMPARED, 0)
    total = dict.fromkeys(COMPARED, 0)
    disagreements: list[str] = []
    for page, sidecar_path in cases:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        record = inspect(page, capsys)
        for key, field in COMPARED.items():
            expected = sidecar_value(sidecar, key)
            actual = record.get(field)
            total[key] += 1
            if actual == expected:
                agree[key] += 1
            else:
                disagreements.append(f"{page.name}: {field}: {actual!r} != sidecar {expected!r}")
    rows = [f"{'field':<16}{'agree':>7}{'of':>5}{'share':>9}"]
    for key, field in COMPARED.items():
        rows.append(f"{field:<16}{agree[key]:>7}{total[key]:>5}{agree[key] / total[key]:>9.1%}")
    overall = sum(agree.values()) / sum(total.values())
    rows.append(
        f"{'all fields':<16}{sum(agree.values()):>7}{sum(total.values()):>5}{overall:>9.1%}"
    )
    table = "\n".join(["", "Corpus agreement (publish inspect vs sidecar annotations):", *rows])
    table += "".join(f"\n  disagreement: {d}" for d in disagreements) or "\n  no disagreements"
    with capsys.disabled():
        print(table)
    assert overall >= THRESHOLD, table


# -- the research-corpus XML as rendering material --------------------------------------------


def _inline(element: object) -> str:
    """Inline Markdown for a corpus ``<p>``: its text, with ``<em>`` as emphasis."""
    from lxml import etree

    assert isinstance(element, etree._Element)
    out = [escape_inline(element.text or "")]
    for child in element:
        text = "".join(child.itertext())
        if child.tag == "em" and text.strip():
            lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()  # type: ignore[union-attr]
            out.append(f"{lead}*{escape_inline(core)}*{trail}")
        else:
            out.append(escape_inline(text))
        out.append(escape_inline(child.tail or ""))
    return re.sub(r"\s+", " ", "".join(out)).strip()


def corpus_markdown(path: Path) -> str:
    """A research-corpus XML file as a Markdown source (title: the page's own title)."""
    root = parse_xml(path.read_bytes())
    body = root.find("body")
    assert body is not None
    blocks: list[str] = []
    title = ""
    for element in body:
        if element.tag == "list":
            items = [_inline(p) for p in element if p.tag == "p"]
            blocks.append("\n".join(f"- {item}" for item in items if item))
        elif element.tag == "p":
            text = _inline(element)
            if not text or text == "\\*":
                continue
            if not title:
                title = re.sub(r"\s+-\s+regjeringen\.no$", "", "".join(element.itertext())).strip()
            elif element.get("type") == "title":
                blocks.append("## " + text)
            else:
                blocks.append(escape_markdown(text) if not text.startswith("*") else text)
    front = json.dumps(title, ensure_ascii=False)
    return f"---\ntitle: {front}\n---\n\n" + "\n\n".join(blocks) + "\n"


def fulltext() -> Iterator[Path]:
    yield from sorted((CORPUS / "regjeringen-fulltext").glob("*.xml"))


def build_sources(paths: list[str], output: str, epoch: int) -> tuple[list[str], dict[str, str]]:
    """Build ``paths`` into ``output`` in all formats (run in a worker process).

    Returns the problems worse than info, and each source's slug -> detected language.
    """
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    report = build(load_settings(project=ROOT, output=Path(output)), [Path(p) for p in paths])
    problems = [str(d) for d in report.diagnostics if d.severity.value != "info"]
    problems += [f"{path}: failed" for path in report.failed]
    return problems, {s.slug: s.metadata.lang for s in report.speeches}


def test_fulltext_bodies_build_in_every_format_without_a_warning(
    tmp_path: Path, source_date_epoch: int
) -> None:
    files = list(fulltext())
    assert len(files) >= 10
    sources = tmp_path / "sources"
    sources.mkdir()
    languages: dict[str, str] = {}
    written: list[Path] = []
    for xml in files:
        target = sources / f"{xml.stem}.md"
        target.write_text(corpus_markdown(xml), encoding="utf-8")
        written.append(target)
        sidecar = json.loads(xml.with_suffix(".json").read_text(encoding="utf-8"))
        # "nb (labelled eng by the corpus!)", "other (nb + Kven, bilingual)": the body is nb.
        languages[xml.stem] = re.findall(r"\b(en|nb|nn)\b", str(sidecar["language"]))[0]
    out = tmp_path / "output"
    # Two halves of about equal size, built side by side: PDF rendering dominates the time.
    written.sort(key=lambda p: p.stat().st_size, reverse=True)
    halves = [[str(p) for p in written[0::2]], [str(p) for p in written[1::2]]]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        results = list(pool.map(build_sources, halves, [str(out)] * 2, [source_date_epoch] * 2))
    problems = [p for found, _ in results for p in found]
    assert not problems, problems
    detected = {slug: lang for _, langs in results for slug, lang in langs.items()}
    assert len(detected) == len(files)
    for xml in files:
        slug = slugify(xml.stem)
        # The body's language is read from the text: the corpus labels lie for some files.
        assert detected[slug] == languages[xml.stem], xml.name
        for fmt, suffix in (("pdf", ".pdf"), ("epub", ".epub"), ("html", ".html")):
            built = out / fmt / f"{slug}{suffix}"
            assert built.is_file() and built.stat().st_size > 1000, built
