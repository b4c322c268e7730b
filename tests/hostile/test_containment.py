# ruff: noqa: E501  (hostile payloads read best one to a line)
"""Hostile sources: nothing leaks out of a source into an output, the file system or the
network, and every refusal is reported with its exact diagnostic code.

Each case is one small source written into ``tmp_path`` and built into all three formats.
Payloads may use ``{port}`` (a TCP listener on 127.0.0.1 that must receive no connection),
``{secret}`` (a file outside the project whose content must reach no output) and
``{canary}`` (a name no file anywhere may be created with).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import socket
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from publish.config import load_settings
from publish.diagnostics import Severity
from publish.pipeline import BuildReport, build
from publish.readers import DEFAULT_MAX_BYTES
from tests.conftest import ROOT
from tests.hostile.conftest import scan_outputs

SCRIPT = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><iframe src=javascript:alert(3)>"
FIELDS = (
    "title",
    "lead",
    "speaker",
    "speaker_role",
    "date_text",
    "place",
    "occasion",
    "archive_status",
    "government",
    "publisher",
    "delivery_note",
    "translation_note",
)
GOOD_FRONT = {
    "title": "A speech",
    "speaker": "Jane Doe",
    "date": "2025-03-20",
    "lang": "en",
    "publisher": "Department for Culture, Media and Sport",
}
GOOD_BODY = "Good morning.\n\nArchives are the memory of a nation.\n"


def markdown(body: str = GOOD_BODY, **front: str) -> str:
    fields = {**GOOD_FRONT, **front}
    lines = "\n".join(f"{k}: {json.dumps(v)}" for k, v in fields.items())
    return f"---\n{lines}\n---\n\n{body}\n"


def page(body: str = "<p>Good morning.</p>", head: str = "", title: str = "A speech") -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - regjeringen.no</title>{head}</head>
<body><main id="mainContent"><div class="article-content">
<header class="article-header"><div class="archive-banner"><span>Historical archive</span></div>
<p>Published under: Stoltenberg's 2nd Government</p><h1>{title}</h1></header>
<div class="article-info"><p><span class="type">Speech/statement |</span>
<span class="date">Date: 15.05.2013</span>
<span class="owner">| <a href="/en/dep/ud/id833/">Ministry of Foreign Affairs</a></span></p></div>
<div class="article-ingress">The lead.</div>
<div class="article-body">{body}<p>Thank you.</p></div>
</div></main></body></html>
"""


def govuk(body: str = "<p>Good morning.</p>", **overrides: str) -> str:
    item: dict[str, object] = {
        "base_path": "/government/speeches/example",
        "document_type": "speech",
        "schema_name": "speech",
        "locale": "en",
        "title": overrides.get("title", "Example speech on public archives"),
        "description": overrides.get("description", "The minister explains archives."),
        "details": {
            "body": body,
            "delivered_on": "2015-03-02T10:00:00+00:00",
            "government": {"title": "2010 to 2015 coalition", "slug": "c", "current": False},
            "political": True,
            "location": overrides.get("location", "Kew"),
        },
        "links": {
            "speaker": [{"title": overrides.get("speaker", "Jane Example MP")}],
            "organisations": [{"title": "The National Archives"}],
        },
    }
    return json.dumps(item)


def text_scrape(title: str = "A speech", body: str = "Thank you.") -> str:
    return f"""Opening of the Arctic Research Week

Historical archive

Published under: Solberg's Government

Publisher: Ministry of Education and Research

Tromsø, 3 February 2016

{title}

Ladies and gentlemen,

{body}

Go to the top
"""


@dataclass(frozen=True)
class Case:
    id: str
    name: str
    content: str | bytes
    #: The exact set of warning and error codes the build reports (empty: a clean build).
    codes: frozenset[str] = frozenset()
    #: False when the source must be refused (no output for it).
    built: bool = True
    max_source_bytes: int | None = None


def case(
    id: str,
    name: str,
    content: str | bytes,
    *codes: str,
    built: bool = True,
    max_bytes: int | None = None,
) -> Case:
    return Case(id, name, content, frozenset(codes), built, max_bytes)


HTML_PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "event-handlers": '<p onclick="alert(1)">Hi <b onmouseover=alert(2)>there</b></p>'
    '<img src=x onerror="alert(3)">',
    "javascript-link": '<p><a href="javascript:alert(1)">click</a> '
    '<a href=" JaVaScRiPt:alert(2)">two</a> <a href="jav&#x09;ascript:alert(3)">3</a></p>',
    "iframe-object-embed": '<iframe src="http://127.0.0.1:{port}/"></iframe>'
    '<object data="file://{secret}"></object><embed src="file:///etc/passwd">',
    "base-meta-refresh": '<base href="http://127.0.0.1:{port}/">'
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "svg-script": '<svg><script>alert(1)</script><a xlink:href="javascript:alert(2)">'
    "<text>x</text></a></svg>",
    "data-urls": '<p><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>'
    '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"></p>',
    "file-and-loopback-images": '<p><img src="file://{secret}"><img src="/etc/passwd">'
    '<img src="http://127.0.0.1:{port}/x.png"> text</p>',
    "inline-style-url": '<p style="background:url(http://127.0.0.1:{port}/x)">styled</p>'
    '<style>@import url("file://{secret}"); p { background: url(http://127.0.0.1:{port}/) }</style>',
    "form": '<form action="http://127.0.0.1:{port}/"><input name=q><button>go</button></form>',
}

CASES: list[Case] = [
    # Script in every metadata field of a Markdown source.
    *(case(f"md-field-{f}", "s.md", markdown(**{f: SCRIPT})) for f in FIELDS),
    # Script and active content in a Markdown body (raw HTML is text, never markup).
    case("md-body-script", "s.md", markdown("Hi <script>alert(1)</script> there.")),
    case("md-body-onerror", "s.md", markdown('<img src="x" onerror="alert(1)">')),
    case(
        "md-body-iframe-object",
        "s.md",
        markdown(
            '<iframe src="http://127.0.0.1:{port}/"></iframe>\n\n<object data="file:///etc/passwd"></object>'
        ),
    ),
    case(
        "md-body-base-meta",
        "s.md",
        markdown(
            '<base href="http://127.0.0.1:{port}/">\n\n<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'
        ),
    ),
    case("md-body-svg-script", "s.md", markdown("<svg><script>alert(1)</script></svg>")),
    case(
        "md-body-css-import",
        "s.md",
        markdown(
            '<style>@import url("file://{secret}");</style>\n\n<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
        ),
    ),
    case("md-body-javascript-link", "s.md", markdown("[click](javascript:alert(1))"), "S013"),
    case(
        "md-body-javascript-reference-link",
        "s.md",
        markdown("[click][x]\n\n[x]: JavaScript:alert(1)"),
        "S013",
    ),
    case("md-body-javascript-autolink", "s.md", markdown("<javascript:alert(1)>"), "S013"),
    case("md-body-data-link", "s.md", markdown("[d](data:text/html;base64,PHNjcmlwdD4=)"), "S013"),
    case(
        "md-body-data-image",
        "s.md",
        markdown("![d](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
        "S013",
    ),
    case("md-body-file-image", "s.md", markdown("![x](file:///etc/passwd)"), "S013"),
    case("md-body-secret-image", "s.md", markdown("![x](file://{secret})"), "S013"),
    case(
        "md-body-relative-traversal-image",
        "s.md",
        markdown("![x](../../../../../etc/passwd)"),
        "S013",
    ),
    case("md-body-loopback-image", "s.md", markdown("![x](http://127.0.0.1:{port}/x.png)"), "S013"),
    case("md-body-localhost-link", "s.md", markdown("[x](http://localhost:{port}/)"), "S013"),
    case(
        "md-body-event-attributes",
        "s.md",
        markdown(
            '[x](https://example.org/){onclick="alert(1)"}\n\n## H {onmouseover="alert(2)"}\n\n[s]{onfocus="alert(3)" lang=cy}'
        ),
        "S013",
    ),
    case(
        "md-body-style-attribute",
        "s.md",
        markdown('[s]{style="background:url(http://127.0.0.1:{port}/)"}'),
        "S013",
    ),
    # An image from the web is linked, not shown: nothing fetches it, in any format.
    case(
        "md-body-public-image-linked",
        "s.md",
        markdown("![x](https://example.org/a.png)"),
        "S016",
    ),
    # Saved regjeringen.no pages: the allow-list cleaner keeps none of it.
    *(case(f"html-body-{k}", "s.html", page(v)) for k, v in HTML_PAYLOADS.items()),
    case(
        "html-head-stylesheets",
        "s.html",
        page(
            head='<link rel="stylesheet" href="file://{secret}"><link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"><style>@import url(http://127.0.0.1:{port}/i.css);</style><script src="http://127.0.0.1:{port}/x.js"></script>'
        ),
    ),
    case(
        "html-title-script", "s.html", page(title="&lt;script&gt;alert(1)&lt;/script&gt; A speech")
    ),
    case(
        "html-xxe",
        "s.html",
        '<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}"><!ENTITY net SYSTEM "http://127.0.0.1:{port}/">]>\n'
        + page("<p>&xxe; &net;</p>").split("\n", 1)[1],
    ),
    case(
        "html-billion-laughs",
        "s.html",
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>\n'
        + page("<p>&g;</p>").split("\n", 1)[1],
    ),
    # GOV.UK content items (JSON).
    case(
        "json-body-script-and-handlers",
        "s.json",
        govuk(HTML_PAYLOADS["script"] + HTML_PAYLOADS["event-handlers"] + "<p>Good morning.</p>"),
    ),
    case(
        "json-body-links-and-images",
        "s.json",
        govuk(HTML_PAYLOADS["javascript-link"] + HTML_PAYLOADS["file-and-loopback-images"]),
    ),
    case(
        "json-fields-script",
        "s.json",
        govuk(
            title=SCRIPT,
            description="</script><script>alert(1)</script>",
            speaker=SCRIPT,
            location=SCRIPT,
        ),
    ),
    case(
        "json-body-xxe",
        "s.json",
        govuk('<!DOCTYPE p [<!ENTITY xxe SYSTEM "file://{secret}">]><p>&xxe; Good morning.</p>'),
    ),
    # Scraped text pages: every character is text.
    case("txt-title-script", "s.txt", text_scrape(title=SCRIPT)),
    case(
        "txt-body-markdown-links",
        "s.txt",
        text_scrape(
            body="See [x](javascript:alert(1)) and ![y](file://{secret}) and <script>alert(2)</script>."
        ),
    ),
    # Path traversal: output names are slugs of the file name, confined to output/.
    case("traversal-title", "s.md", markdown(title="../../{canary}/x")),
    # (a name starting with a dot is a hidden file, never read: the folder holds no source)
    case("traversal-hidden-dotted-name", "..{canary}...md", markdown(), "S017", built=False),
    case("traversal-dotted-name", "x..{canary}...md", markdown()),
    case("traversal-encoded-name", "x..%2F..%2F{canary}.md", markdown()),
    case("traversal-backslash-name", "x..\\..\\{canary}.md", markdown()),
    case("traversal-newline-name", "x\n..\n{canary}.md", markdown()),
    case("traversal-nothing-left-name", "….md", markdown()),
    # Size, binary, structure and encoding.
    case("oversized", "s.md", markdown("x" * 5000), "S004", built=False, max_bytes=4096),
    case("binary-png", "s.md", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "S002", built=False),
    case("binary-nul", "s.txt", b"A speech\n\nhello\x00world\n", "S002", built=False),
    case(
        "binary-elf-named-html",
        "s.html",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
        "S002",
        built=False,
    ),
    case("empty", "s.md", b"  \n\n", "S001", built=False),
    case("front-matter-unclosed", "s.md", "---\ntitle: x\n\nbody\n", "S008", built=False),
    case(
        "front-matter-invalid-yaml",
        "s.md",
        '---\ntitle: "x\nlang: [en\n---\n\nbody\n',
        "S006",
        built=False,
    ),
    case("front-matter-list", "s.md", "---\n- a\n- b\n---\n\nbody\n", "S007", built=False),
    case(
        "front-matter-python-tag",
        "s.md",
        '---\ntitle: !!python/object/apply:os.system ["touch {canary}"]\n---\n\nbody\n',
        "S006",
        built=False,
    ),
    case(
        "front-matter-yaml-aliases",
        "s.md",
        "---\ntitle: A speech\nlang: en\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n\nbody\n",
        "M002",
        built=False,
    ),
    case(
        "encoding-mixed-utf8",
        "s.md",
        markdown("caf\u00e9 ").encode() + b"na\xefve \xff\n",
        "S003",
        built=False,
    ),
    case(
        "encoding-utf16-odd",
        "s.md",
        b"\xff\xfe" + "---\ntitle: x\n".encode("utf-16-le") + b"\x00",
        "S003",
        built=False,
    ),
]


@pytest.fixture
def listener() -> Iterator[tuple[int, list[object]]]:
    """A TCP listener on 127.0.0.1; the list records every connection it accepted."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    accepted: list[object] = []
    try:
        yield server.getsockname()[1], accepted
        while True:
            try:
                accepted.append(server.accept()[1])
            except BlockingIOError:
                break
    finally:
        server.close()


def _tree(folder: Path, skip: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if not p.is_relative_to(skip) and not p.is_symlink()
    }


def _expand(value: str | bytes, **names: object) -> str | bytes:
    for key, new in names.items():
        marker = "{" + key + "}"
        if isinstance(value, bytes):
            value = value.replace(marker.encode(), str(new).encode())
        else:
            value = value.replace(marker, str(new))
    return value


def run_case(
    tmp_path: Path,
    name: str,
    content: str | bytes,
    port: int,
    max_bytes: int | None = None,
    symlink: bool = False,
) -> tuple[BuildReport, Path, str]:
    canary = f"pwned-{uuid.uuid4().hex[:12]}"
    secret_text = f"SECRET-{uuid.uuid4().hex}"
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(f"root:x:0:0:{secret_text}\n")
    sources = tmp_path / "sources"
    sources.mkdir()
    source = sources / str(_expand(name, canary=canary))
    data = _expand(content, port=port, secret=secret, canary=canary)
    if symlink:
        # The link's target, outside the project, holds the secret in its body.
        target = outside / "target.md"
        target.write_text(markdown(f"The secret is {secret_text}."), encoding="utf-8")
        source.symlink_to(target)
    elif isinstance(data, bytes):
        source.write_bytes(data)
    else:
        source.write_text(data, encoding="utf-8")
    out = tmp_path / "out"
    before = _tree(tmp_path, out)
    sources_before = _tree(ROOT / "sources", out)
    tmp_top = set(os.listdir("/tmp"))
    settings = dataclasses.replace(
        load_settings(project=ROOT, output=out),
        max_source_bytes=max_bytes or DEFAULT_MAX_BYTES,
    )
    report = build(settings, [sources])
    # Nothing outside out/ was created or changed: the rest of tmp_path, sources/, /tmp.
    assert _tree(tmp_path, out) == before
    assert _tree(ROOT / "sources", out) == sources_before
    assert not [n for n in set(os.listdir("/tmp")) - tmp_top if canary in n]
    assert not [
        p
        for p in tmp_path.rglob(f"*{canary}*")
        if not (p.is_relative_to(sources) or p.is_relative_to(out))
    ]
    assert all(p.parent.parent == out for p in out.rglob(f"*{canary}*"))
    for written in report.written:
        assert written.resolve().is_relative_to(out.resolve()), written
    return report, out, secret_text


@pytest.mark.parametrize("hostile", CASES, ids=[c.id for c in CASES])
def test_containment_hostile_source(
    hostile: Case, tmp_path: Path, listener: tuple[int, list[object]]
) -> None:
    port, accepted = listener
    report, out, secret_text = run_case(
        tmp_path, hostile.name, hostile.content, port, hostile.max_source_bytes
    )
    codes = {d.code for d in report.diagnostics if d.severity is not Severity.INFO}
    assert codes == hostile.codes, [str(d) for d in report.diagnostics]
    speeches = report.speeches
    assert bool(speeches) == hostile.built
    if hostile.built:
        slug = speeches[0].slug
        for fmt, suffix in (("pdf", ".pdf"), ("epub", ".epub"), ("html", ".html")):
            assert (out / fmt / f"{slug}{suffix}").is_file()
    else:
        assert not out.exists() or not any(out.rglob("*.pdf"))
    assert scan_outputs(out, ("root:x:0:0", secret_text)) == []
    assert accepted == [], "a build connected to the network"


def test_an_image_from_the_web_is_a_link_in_every_format(
    tmp_path: Path, listener: tuple[int, list[object]]
) -> None:
    port, accepted = listener
    image = "https://example.org/a.png"
    report, out, _secret = run_case(
        tmp_path, "s.md", markdown(f"![A chart of visits]({image})"), port, None
    )
    slug = report.speeches[0].slug
    html = (out / "html" / f"{slug}.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "epub" / f"{slug}.epub") as epub:
        xhtml = epub.read("EPUB/text/speech.xhtml").decode("utf-8")
    for page in (html, xhtml):
        assert f'src="{image}"' not in page
        assert re.search(rf'<a [^>]*href="{re.escape(image)}"[^>]*>A chart of visits</a>', page)
    text = subprocess.run(
        ["pdftotext", str(out / "pdf" / f"{slug}.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "A chart of visits" in text
    assert accepted == []


def test_containment_symlink_to_outside_file(
    tmp_path: Path, listener: tuple[int, list[object]]
) -> None:
    port, accepted = listener
    report, out, secret_text = run_case(
        tmp_path,
        "linked.md",
        markdown(),
        port,
        symlink=True,
    )
    codes = [d.code for d in report.diagnostics]
    assert codes == ["S014"]
    assert not report.speeches
    assert not out.exists() or scan_outputs(out, (secret_text,)) == []
    assert accepted == []


def test_containment_case_count() -> None:
    assert len(CASES) + 1 >= 40
