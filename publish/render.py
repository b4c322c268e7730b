"""Rendering: pandoc turns each body into HTML once; Jinja2 turns each speech into the
one canonical semantic article (archive header, lead, body) that every writer wraps.

The Jinja2 environment autoescapes, and is strict about undefined names. Metadata values
are data passed in the context, never template source.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypandoc
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .dates import format_date
from .errors import BuildError
from .i18n import labels_for
from .model import Metadata, Speech
from .security import BODY_FORMAT, PANDOC_SECONDS, run_pandoc

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    """A speech rendered once: the semantic article and what writers need to wrap it."""

    speech: Speech
    article: Markup
    body: Markup
    headings: tuple[Heading, ...]
    #: The same article for the speech's own web page (no sectioning wrapper).
    web_article: Markup

    @property
    def metadata(self) -> Metadata:
        return self.speech.metadata


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("publish", "templates"),
        autoescape=select_autoescape(["html", "xhtml", "xml", "opf"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css_string"] = css_string
    env.filters["format_date"] = format_date
    return env


def css_string(value: str) -> Markup:
    """``value`` as a quoted CSS string (for generated content)."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " .,:;–-_()'!?" else f"\\{ord(ch):06x}" for ch in str(value)
    )
    return Markup(f'"{escaped}"')


def body_to_html(markdown: str, *, path: Path | None = None, id_prefix: str = "") -> str:
    """One speech body (pandoc Markdown) as an HTML5 fragment with section wrappers.

    ``id_prefix`` keeps the identifiers of headings unique when several speeches are
    bound into one document.
    """
    args = ["--section-divs", "--wrap=none", f"--lua-filter={DATA / 'body.lua'}"]
    if id_prefix:
        args.append(f"--id-prefix={id_prefix}")
    # pandoc as pypandoc's convert_text runs it (the same arguments, text on stdin), but
    # with a time limit: a few dozen unmatched "[" make pandoc's Markdown reader take
    # minutes, and a build must not wait for ever on one source.
    try:
        return run_pandoc(markdown, BODY_FORMAT, "html5", *args, timeout=BODY_SECONDS)
    except subprocess.TimeoutExpired:
        raise BuildError(
            f"pandoc did not finish converting the body within {BODY_SECONDS:.0f} s",
            path=path,
            code="B002",
        ) from None
    except RuntimeError as exc:
        message = f"pandoc could not convert the body: {exc}"
        raise BuildError(message, path=path, code="B001") from None


#: How long pandoc may take over one body (ordinary speeches take a tenth of a second),
#: and over a batch: that plus a quarter of a second a body (five times what a body takes
#: in a batch). A batch that takes longer is converted again body by body, so that only
#: the body at fault fails.
BODY_SECONDS = PANDOC_SECONDS
BATCH_SECONDS_PER_BODY = 0.25


@dataclass(frozen=True)
class BodyItem:
    """One body for :func:`bodies_to_html`: its Markdown, where it came from, its id prefix."""

    markdown: str
    path: Path | None = None
    id_prefix: str = ""


def bodies_to_html(items: Sequence[BodyItem]) -> list[str]:
    """Many bodies converted in one long-lived ``pandoc lua`` process (data/batch.lua).

    The result is byte-identical to :func:`body_to_html` for each item, at about a third
    of the cost per document: one pandoc start instead of one (or three, with pypandoc's
    format checks) per body. The documents travel in a JSON file, not on the command line
    (pandoc crashed with more than ~80 arguments). A body pandoc cannot convert raises
    :class:`BuildError` naming its file, as ``body_to_html`` does.
    """
    if not items:
        return []
    request = {
        "filter": str(DATA / "body.lua"),
        "format": BODY_FORMAT,
        "items": [{"text": _as_cli_input(i.markdown), "id_prefix": i.id_prefix} for i in items],
    }
    with tempfile.TemporaryDirectory(prefix="publish-pandoc-") as tmp:
        infile, outfile = Path(tmp) / "in.json", Path(tmp) / "out.json"
        infile.write_text(json.dumps(request, ensure_ascii=False), encoding="utf-8")
        try:
            run = subprocess.run(
                [
                    pypandoc.get_pandoc_path(),
                    "lua",
                    str(DATA / "batch.lua"),
                    str(infile),
                    str(outfile),
                ],
                capture_output=True,
                check=False,
                timeout=BODY_SECONDS + BATCH_SECONDS_PER_BODY * len(items),
            )
        except subprocess.TimeoutExpired:
            raise BuildError(
                f"pandoc did not finish converting {len(items)} bodies in time", code="B002"
            ) from None
        if run.returncode != 0 or not outfile.is_file():
            message = run.stderr.decode("utf-8", "replace").strip()
            raise BuildError(f"pandoc could not convert the bodies: {message}", code="B001")
        results = json.loads(outfile.read_text(encoding="utf-8"))
    out: list[str] = []
    for item, result in zip(items, results, strict=True):
        if "error" in result:
            raise BuildError(
                f"pandoc could not convert the body: {result['error']}", path=item.path, code="B001"
            )
        out.append(str(result["html"]))
    return out


def _as_cli_input(text: str) -> str:
    """``text`` as pandoc's command line would hand it to its reader: tabs expanded to
    stops of 4, carriage returns of line ends dropped (pandoc.read does neither itself)."""
    text = text.replace("\r\n", "\n")
    return "\n".join(line.expandtabs(4) for line in text.split("\n"))


_HEADING = re.compile(r"<h([2-6])[^>]*>(.*?)</h\1>", re.S)
_SECTION_ID = re.compile(r'<section id="([^"]+)"[^>]*>\s*<h([2-6])')
_TAG = re.compile(r"<[^>]+>")


def headings_of(body: str) -> tuple[Heading, ...]:
    ids = iter(_SECTION_ID.findall(body))
    out = []
    for match in _HEADING.finditer(body):
        section_id, _level = next(ids, ("", ""))
        text = _TAG.sub("", match.group(2)).strip()
        out.append(Heading(int(match.group(1)), section_id, Markup(text).unescape()))
    return tuple(out)


def display_date(metadata: Metadata, lang: str | None = None) -> str | None:
    """The date as a reader sees it: the source's own words when it gives them, else the
    date written in ``lang`` (default: the speech's language)."""
    if metadata.date_text:
        return metadata.date_text
    if metadata.date:
        return format_date(metadata.date, lang or metadata.lang)
    return None


def running_status(metadata: Metadata) -> str:
    """The running header's status side: the archive status (or current) and government."""
    status = metadata.archive_status or labels_for(metadata.lang)["current"]
    return " · ".join(v for v in (status, metadata.government) if v)


def render_speech(speech: Speech, body_html: str | None = None, id_prefix: str = "") -> Rendered:
    """The canonical article for ``speech`` (header partial, lead, body).

    ``id_prefix`` makes every identifier in the article unique within a larger document
    (a dossier binds many speeches into one).
    """
    if body_html is None:
        body_html = body_to_html(speech.body, path=speech.path, id_prefix=id_prefix)
    body = Markup(body_html)
    template = environment().get_template("article.html")
    context = {
        "m": speech.metadata,
        "L": labels_for(speech.metadata.lang),
        "date_display": display_date(speech.metadata),
        "body": body,
        "slug": speech.slug,
        "id_prefix": id_prefix,
        "running_status": running_status(speech.metadata),
        "running_title": short_title(speech.metadata.title, lang=speech.metadata.lang),
    }
    return Rendered(
        speech=speech,
        article=Markup(template.render(wrapper="article", **context)),
        body=body,
        headings=headings_of(body_html),
        web_article=Markup(template.render(wrapper="div", **context)),
    )


#: Words a shortened running title should not end on ("…online and for…"), by language.
_TRAILING_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "a an the and or but nor of for to in on at by with from as into about than".split()
    ),
    "nb": frozenset("og eller men i på for til av med om fra en ei et den det de som å".split()),
    "nn": frozenset("og eller men i på for til av med om frå ein ei eit den det dei som å".split()),
}


def short_title(title: str, limit: int = 60, lang: str | None = None) -> str:
    """``title`` shortened to fit a running header.

    A title that fits is kept. Otherwise a main title before a subtitle (": ", " – ",
    " — ") is used when it is at least a third of ``limit`` long; else the title is cut at
    a word boundary, without a trailing article, conjunction or preposition of ``lang``,
    and ends with "…".
    """
    if len(title) <= limit:
        return title
    head = title[:limit]
    breaks = [head.find(mark) for mark in (": ", " – ", " — ")]
    found = [at for at in breaks if at >= limit // 3]
    if found:
        return head[: min(found)].rstrip()
    words = head.rsplit(" ", 1)[0].rstrip(" ,.;:–—-").split(" ")
    trailing = _TRAILING_WORDS.get((lang or "en").split("-")[0], frozenset())
    while len(words) > 1 and words[-1].casefold() in trailing:
        words.pop()
    return " ".join(words).rstrip(" ,.;:–—-") + "…"


def iso_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
