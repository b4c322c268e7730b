"""Rendering: pandoc turns each body into HTML once; Jinja2 turns each speech into the
one canonical semantic article (archive header, lead, body) that every writer wraps.

The Jinja2 environment autoescapes, and is strict about undefined names. Metadata values
are data passed in the context, never template source.
"""

from __future__ import annotations

import datetime as dt
import re
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

DATA = Path(__file__).parent / "data"

#: How speech bodies are read: pandoc Markdown without raw HTML, TeX or raw blocks,
#: so that a source can add no markup pandoc did not make itself.
BODY_FORMAT = "markdown-raw_html-raw_tex-raw_attribute"


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


def body_to_html(markdown: str, *, path: Path | None = None) -> str:
    """One speech body (pandoc Markdown) as an HTML5 fragment with section wrappers."""
    try:
        html: str = pypandoc.convert_text(
            markdown,
            "html5",
            format=BODY_FORMAT,
            extra_args=[
                "--sandbox",
                "--section-divs",
                "--wrap=none",
                f"--lua-filter={DATA / 'body.lua'}",
            ],
        )
    except RuntimeError as exc:
        raise BuildError(
            f"pandoc could not convert the body: {exc}", path=path, code="B001"
        ) from None
    return html


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


def display_date(metadata: Metadata) -> str | None:
    if metadata.date_text:
        return metadata.date_text
    if metadata.date:
        return format_date(metadata.date, metadata.lang)
    return None


def render_speech(speech: Speech, body_html: str | None = None) -> Rendered:
    """The canonical article for ``speech`` (header partial, lead, body)."""
    if body_html is None:
        body_html = body_to_html(speech.body, path=speech.path)
    body = Markup(body_html)
    template = environment().get_template("article.html")
    article = Markup(
        template.render(
            m=speech.metadata,
            L=labels_for(speech.metadata.lang),
            date_display=display_date(speech.metadata),
            body=body,
            slug=speech.slug,
        )
    )
    return Rendered(speech=speech, article=article, body=body, headings=headings_of(body_html))


def short_title(title: str, limit: int = 60) -> str:
    """``title`` cut at a word boundary to fit a running header."""
    if len(title) <= limit:
        return title
    cut = title[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:–-")
    return cut + "…"


def iso_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
