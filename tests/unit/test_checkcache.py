"""publish.checkcache without validators: what is kept, and when it is not trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from publish import checkcache
from publish.checkcache import CheckCache, split
from publish.checks import ValidatorMessage, ValidatorResult


@pytest.fixture(autouse=True)
def fixed_fingerprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkcache, "fingerprint", lambda: "tools-1")


def verdict(path: Path, report: Path | None = None, rule: str = "r1") -> ValidatorResult:
    message = ValidatorMessage("warning", rule, "a message", "p. 1")
    return ValidatorResult("tool", "1.0", path, True, 0, 1, (message,), report)


def test_results_follow_the_bytes_to_another_path(tmp_path: Path) -> None:
    one, two = tmp_path / "one.pdf", tmp_path / "two.pdf"
    one.write_bytes(b"same bytes")
    two.write_bytes(b"same bytes")
    cache = CheckCache.load(tmp_path / "cache.json")
    cache.store("job", [verdict(one)], None)
    cache.save()
    hits, todo = split(CheckCache.load(tmp_path / "cache.json"), "job", [two], None)
    assert todo == [] and hits == {two: [verdict(two)]}
    hits, todo = split(CheckCache.load(tmp_path / "cache.json"), "other job", [two], None)
    assert hits == {} and todo == [two]


@pytest.mark.parametrize(
    "damage", [b"", b"{not json", b'{"fingerprint": "tools-0", "entries": {}}']
)
def test_a_damaged_or_foreign_cache_is_not_used(tmp_path: Path, damage: bytes) -> None:
    file = tmp_path / "a.html"
    file.write_bytes(b"page")
    cache = CheckCache.load(tmp_path / "cache.json")
    cache.store("job", [verdict(file)], None)
    cache.save()
    text = (tmp_path / "cache.json").read_bytes()
    assert b"tools-1" in text
    if damage.startswith(b'{"fingerprint"'):
        damage = text.replace(b"tools-1", b"tools-0")
    (tmp_path / "cache.json").write_bytes(damage)
    hits, todo = split(CheckCache.load(tmp_path / "cache.json"), "job", [file], None)
    assert hits == {} and todo == [file]


def test_a_result_whose_kept_report_changed_is_not_reused(tmp_path: Path) -> None:
    book = tmp_path / "book.epub"
    book.write_bytes(b"epub bytes")
    reports = tmp_path / "ace"
    (reports / "book").mkdir(parents=True)
    report = reports / "book" / "report.json"
    report.write_text("{}")
    cache = CheckCache.load(tmp_path / "cache.json")
    cache.store("ace", [verdict(book, report)], reports)
    cache.save()
    assert split(CheckCache.load(tmp_path / "cache.json"), "ace", [book], reports)[1] == []
    # Elsewhere (no report folder, or another one) the report is not there: run again.
    assert split(CheckCache.load(tmp_path / "cache.json"), "ace", [book], None)[1] == [book]
    assert split(CheckCache.load(tmp_path / "cache.json"), "ace", [book], tmp_path)[1] == [book]
    report.write_text('{"changed": true}')
    assert split(CheckCache.load(tmp_path / "cache.json"), "ace", [book], reports)[1] == [book]


def test_a_file_that_changed_while_validated_is_not_remembered(tmp_path: Path) -> None:
    file = tmp_path / "a.pdf"
    file.write_bytes(b"before")
    cache = CheckCache.load(tmp_path / "cache.json")
    assert split(cache, "job", [file], None)[1] == [file]  # its bytes are read here
    file.write_bytes(b"after")
    cache.store("job", [verdict(file)], None)
    cache.save()
    for _ in range(2):
        assert split(CheckCache.load(tmp_path / "cache.json"), "job", [file], None)[1] == [file]
        file.write_bytes(b"before")


def test_the_oldest_entries_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkcache, "MAX_ENTRIES", 2)
    files = []
    for name in "abc":
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(name.encode())
    cache = CheckCache.load(tmp_path / "cache.json")
    cache.store("job", [verdict(f) for f in files], None)
    cache.save()
    cache = CheckCache.load(tmp_path / "cache.json")
    hits, todo = split(cache, "job", files, None)
    assert todo == [files[0]] and set(hits) == set(files[1:])
    # Using an entry makes it the newest: "a" is stored again, then "b" is used again,
    # so "c" is the oldest.
    cache.store("job", [verdict(files[0])], None)
    split(cache, "job", [files[1]], None)
    cache.save()
    hits, todo = split(CheckCache.load(tmp_path / "cache.json"), "job", files, None)
    assert todo == [files[2]]


def test_a_page_is_judged_again_when_a_file_it_loads_changes(tmp_path: Path) -> None:
    page = tmp_path / "html" / "speech.html"
    (tmp_path / "html" / "assets").mkdir(parents=True)
    page.write_text(
        '<html><head><link rel="stylesheet" href="assets/web.css">'
        '<script src="assets/site.js"></script><link rel="icon" href="https://x.example/i">'
        '</head><body><img src="cover%20art.svg" alt="Cover"></body></html>'
    )
    css = tmp_path / "html" / "assets" / "web.css"
    css.write_text("body { color: #222 }")
    (tmp_path / "html" / "assets" / "site.js").write_text("")
    (tmp_path / "html" / "cover art.svg").write_text("<svg/>")

    def check() -> list[Path]:
        cache = CheckCache.load(tmp_path / "cache.json")
        cache.depends("axe-core", checkcache.page_dependencies)
        _, todo = split(cache, "axe-core", [page], None)
        cache.store("axe-core", [verdict(page)] if todo else [], None)
        cache.save()
        return todo

    assert check() == [page]
    assert check() == []
    css.write_text("body { color: #bbb }")  # the page's bytes are the same
    assert check() == [page]
    assert check() == []
    (tmp_path / "html" / "cover art.svg").unlink()
    assert check() == [page]


def test_what_a_stylesheet_loads_counts_and_a_linked_pdf_does_not(tmp_path: Path) -> None:
    html = tmp_path / "html"
    (html / "assets" / "fonts").mkdir(parents=True)
    (tmp_path / "pdf").mkdir()
    page = html / "speech.html"
    page.write_text(
        '<html><head><link rel="stylesheet" href="assets/web.css">'
        '<link rel="alternate" type="application/pdf" href="../pdf/speech.pdf">'
        '<style>h1 { background: url("assets/rule.svg") }</style></head>'
        "<body><p style=\"background-image: url('band.png')\">x</p>"
        '<img srcset="small.png 1x, big.png 2x" alt="x"></body></html>'
    )
    (html / "assets" / "web.css").write_text(
        '@import "print.css"; /* url(never.woff2) */\n'
        "@font-face { font-family: X; src: url(fonts/x.woff2) format('woff2') }"
    )
    (html / "assets" / "print.css").write_text("body { background: url(../paper.png) }")
    files = {
        "font": html / "assets" / "fonts" / "x.woff2",
        "import": html / "assets" / "print.css",
        "import's image": html / "paper.png",
        "style element": html / "assets" / "rule.svg",
        "style attribute": html / "band.png",
        "srcset": html / "big.png",
    }
    for target in files.values():
        if not target.exists():
            target.write_text("0")
    pdf = tmp_path / "pdf" / "speech.pdf"
    pdf.write_text("%PDF")
    before = checkcache.page_dependencies(page)
    pdf.write_text("%PDF, rebuilt")  # the browser never loads a rel="alternate" link
    assert checkcache.page_dependencies(page) == before
    (html / "assets" / "never.woff2").write_text("commented out")
    assert checkcache.page_dependencies(page) == before
    for what, target in files.items():
        old = target.read_bytes()
        target.write_bytes(old + b" changed")
        assert checkcache.page_dependencies(page) != before, what
        target.write_bytes(old)
    assert checkcache.page_dependencies(page) == before
    files["font"].unlink()
    assert checkcache.page_dependencies(page) != before


def test_stylesheets_that_import_each_other_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.css").write_text('@import "b.css";')
    (tmp_path / "b.css").write_text("@import 'a.css'; p { background: url(\"gone.png\") }")
    page = tmp_path / "page.html"
    page.write_text('<link rel="stylesheet" href="a.css"><p>x</p>')
    before = checkcache.page_dependencies(page)
    (tmp_path / "gone.png").write_text("here now")
    assert checkcache.page_dependencies(page) != before


def test_a_verdict_the_validator_could_not_reach_is_not_kept(tmp_path: Path) -> None:
    book = tmp_path / "book.epub"
    book.write_bytes(b"epub")
    crash = ValidatorResult(
        "ace", "1.4", book, False, 1, 0, (ValidatorMessage("fatal", "ace-crash", "timeout"),)
    )
    cache = CheckCache.load(tmp_path / "cache.json")
    cache.store("ace", [crash], None)
    cache.save()
    assert split(CheckCache.load(tmp_path / "cache.json"), "ace", [book], None)[1] == [book]
