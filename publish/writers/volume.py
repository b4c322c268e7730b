"""Bound volumes: a collection as one PDF dossier, one EPUB, and a web page.

A dossier is one document (a cover, an introduction, a table of contents with page
numbers, one ``<article lang=…>`` per speech with its own archive header and running
header, an index of speakers and dates), rendered by the same WeasyPrint path and
checked by the same validators as a single speech. Identifiers inside each speech carry
its slug, so headings stay unique and links resolve.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .. import __version__
from ..collection import Collection
from ..config import Settings
from ..dates import format_date
from ..i18n import labels_for
from ..model import Speech
from ..render import Rendered, display_date, environment, iso_timestamp, render_speech
from . import WriteResult
from .pdf import PAPERS, attached, engine_versions, render_pdf


@dataclass(frozen=True)
class Item:
    """One speech of a volume, rendered with identifiers of its own."""

    rendered: Rendered
    prefix: str

    @property
    def m(self):  # type: ignore[no-untyped-def]
        return self.rendered.metadata

    @property
    def article(self) -> Markup:
        return self.rendered.article

    @property
    def byline(self) -> str:
        m = self.m
        date = display_date(m)
        return ", ".join(v for v in (m.speaker, date, m.publisher) if v)

    def index_date(self, lang: str) -> str:
        """The date in a volume's index of dates: written in the volume's ``lang`` when it
        is known, else the source's own words."""
        m = self.m
        return format_date(m.date, lang) if m.date else (m.date_text or "")


def render_items(collection: Collection) -> list[Item]:
    return [
        Item(render_speech(speech, id_prefix=f"{speech.slug}--"), f"{speech.slug}--")
        for speech in collection.speeches
    ]


def introduction_html(collection: Collection) -> Markup | None:
    from ..render import body_to_html

    text = collection.manifest.introduction
    if not text:
        return None
    return Markup(
        body_to_html(text, path=collection.manifest.path, id_prefix=f"{collection.slug}-intro-")
    )


def selection_rows(collection: Collection, labels: dict[str, str]) -> list[tuple[str, str]]:
    manifest = collection.manifest
    rows: list[tuple[str, str]] = []
    if manifest.select is not None:
        rows += [
            (labels[f"sel_{name}"], labels[value] if name == "archived" else value)
            for name, value in manifest.select.describe()
        ]
    if manifest.items:
        rows.append((labels["listed"], str(len(manifest.items))))
    return rows


def provenance(collection: Collection, settings: Settings) -> bytes:
    engines = engine_versions()
    record = {
        "collection": {
            "manifest": collection.manifest.path.name,
            "sha256": hashlib.sha256(collection.manifest.path.read_bytes()).hexdigest(),
            "title": collection.manifest.title,
        },
        "sources": [
            {
                "file": s.path.name,
                "sha256": s.source.sha256,
                "reader": s.reader,
                "url": s.metadata.source_url,
            }
            for s in collection.speeches
        ],
        "tool": {"name": "publish", "version": __version__},
        "engines": {"weasyprint": engines.weasyprint, "pandoc": engines.pandoc},
        "build_date": iso_timestamp(settings.build_time),
        "conformance": ["PDF/A-3a", "PDF/UA-1"],
    }
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def dossier_html(collection: Collection, items: Sequence[Item], settings: Settings) -> str:
    manifest = collection.manifest
    labels = labels_for(manifest.lang)
    moment = settings.build_time
    speakers: dict[str, list[Item]] = {}
    for item in items:
        speakers.setdefault(item.m.speaker or labels["speaker_not_stated"], []).append(item)
    by_date = sorted(items, key=lambda i: (i.m.date or dt.date.max, i.m.title))
    keywords = sorted({v for i in items for v in (i.m.government, i.m.publisher) if v})
    return (
        environment()
        .get_template("dossier.html")
        .render(
            c=manifest,
            L=labels,
            count=len(items),
            items=items,
            introduction=introduction_html(collection),
            selection=selection_rows(collection, labels),
            speakers=sorted(speakers.items(), key=lambda kv: kv[0].casefold()),
            by_date=by_date,
            keywords=", ".join(keywords),
            version=__version__,
            created=iso_timestamp(moment),
            compiled=format_date(moment.date(), manifest.lang),
            compiled_iso=moment.date().isoformat(),
            paper=PAPERS[settings.paper],
            press_bleed=None,
        )
    )


def write_dossier_pdf(collection: Collection, settings: Settings) -> WriteResult:
    """The collection as one PDF/UA-1 + PDF/A-3a volume, with the manifest and every
    source attached."""
    items = render_items(collection)
    html = dossier_html(collection, items, settings)
    manifest = collection.manifest
    labels = labels_for(manifest.lang)
    attachments = [
        attached(
            manifest.path.read_bytes(),
            manifest.path.name,
            labels["att_manifest"],
            "Source",
            settings,
        ),
        attached(
            provenance(collection, settings),
            "provenance.json",
            labels["att_collection_provenance"],
            "Data",
            settings,
        ),
    ]
    seen: set[str] = set()
    for speech in collection.speeches:
        name = speech.path.name
        if name in seen:
            name = f"{speech.slug}-{name}"
        seen.add(name)
        attachments.append(
            attached(
                speech.source.data,
                name,
                labels["att_member_source"].format(title=speech.metadata.title),
                "Source",
                settings,
            )
        )
    digest = hashlib.sha256(manifest.path.read_bytes())
    for speech in collection.speeches:
        digest.update(speech.origin_sha256.encode())
    return render_pdf(
        html,
        settings,
        seed=f"publish-dossier:{settings.paper}:{digest.hexdigest()}",
        profile="accessible",
        attachments=attachments,
        origin=manifest.path,
    )


def output_path(settings: Settings, fmt: str, collection: Collection) -> Path:
    suffix = {"pdf": ".pdf", "epub": ".epub", "html": ".html"}[fmt]
    return settings.output / fmt / "collections" / f"{collection.slug}{suffix}"


def write_collection_epub(collection: Collection, settings: Settings) -> WriteResult:
    """The collection as one EPUB: a chapter per speech, each with its own language,
    header and headings, collection metadata, a cover and the accessibility claim."""
    from .epub import Chapter, Cover, Package, assemble, identifier_for

    manifest = collection.manifest
    labels = labels_for(manifest.lang)
    items = render_items(collection)
    chapters: list[Chapter] = []
    intro = introduction_html(collection)
    if intro is not None:
        article = Markup(
            '<article class="collection-intro" lang="{lang}">'
            '<h1 id="introduction">{heading}</h1>{body}</article>'
        ).format(lang=manifest.lang, heading=labels["introduction"], body=intro)
        chapters.append(
            Chapter(
                name="introduction.xhtml",
                lang=manifest.lang,
                title=labels["introduction"],
                article=article,
                article_id="introduction",
            )
        )
    for item in items:
        chapters.append(
            Chapter(
                name=f"{item.rendered.speech.slug}.xhtml",
                lang=item.m.lang,
                title=item.m.title,
                article=item.article,
                headings=item.rendered.headings,
                article_id=f"{item.prefix}title",
            )
        )
    digest = hashlib.sha256(manifest.path.read_bytes())
    for speech in collection.speeches:
        digest.update(speech.origin_sha256.encode())
    speakers = tuple(
        dict.fromkeys(s.metadata.speaker for s in collection.speeches if s.metadata.speaker)
    )
    publishers = tuple(
        dict.fromkeys(s.metadata.publisher for s in collection.speeches if s.metadata.publisher)
    )
    governments = tuple(
        dict.fromkeys(s.metadata.government for s in collection.speeches if s.metadata.government)
    )
    meta = Package(
        identifier=identifier_for(digest.hexdigest()),
        title=manifest.title,
        lang=manifest.lang,
        creators=(((manifest.editor, "edt"),) if manifest.editor else ())
        + tuple((name, "aut") for name in speakers),
        publishers=publishers,
        description=manifest.description or manifest.subtitle,
        subjects=governments,
    )
    count = f"{labels['collection']} · {len(items)} {labels['speeches_count']}"
    cover = Cover(
        lang=manifest.lang,
        title=manifest.title,
        status=count,
        byline=manifest.subtitle or "",
        details=(f"{labels['compiled_by']}: {manifest.editor}",) if manifest.editor else (),
        archived=all(s.metadata.is_archived for s in collection.speeches),
        description=manifest.description or manifest.title,
    )
    return WriteResult(
        assemble(meta, chapters, cover, settings, summary_label="a11y_summary_collection")
    )


def write_collection(
    manifest_path: Path, speeches: Sequence[Speech], settings: Settings
) -> list[tuple[Path, WriteResult]]:
    """Every format a manifest asks for (and the build allows), as (target, result)."""
    from ..collection import load_manifest, resolve

    collection = resolve(load_manifest(manifest_path, settings.sources), speeches)
    wanted = [f for f in collection.manifest.formats if f in settings.formats]
    out: list[tuple[Path, WriteResult]] = []
    if "pdf" in wanted:
        out.append(
            (output_path(settings, "pdf", collection), write_dossier_pdf(collection, settings))
        )
    if "epub" in wanted:
        out.append(
            (output_path(settings, "epub", collection), write_collection_epub(collection, settings))
        )
    if "html" in wanted:
        downloads = [
            (fmt, path.relative_to(settings.output), len(result.data))
            for path, result in out
            for fmt in ("pdf", "epub")
            if path.suffix == f".{fmt}"
        ]
        out.append(
            (
                output_path(settings, "html", collection),
                write_collection_page(collection, settings, downloads),
            )
        )
    return out


def write_collection_page(
    collection: Collection, settings: Settings, downloads: Sequence[tuple[str, Path, int]]
) -> WriteResult:
    """The collection's web page in the site: its speeches and its PDF and EPUB."""
    from ..site import _page_context, entries_of
    from .html import human_size

    manifest = collection.manifest
    context = _page_context(settings, "../", None, f"collections/{collection.slug}.html")
    labels = labels_for(settings.site_lang)
    by_slug = {e.slug: e for e in entries_of(collection.speeches, settings.site_lang)}
    entries = [by_slug[s.slug] for s in collection.speeches]
    media = {"pdf": "application/pdf", "epub": "application/epub+zip"}
    links = [
        {
            "href": str(path.relative_to("html") if path.parts[0] == "html" else Path("..") / path),
            "media_type": media[fmt],
            "label": labels[fmt],
            "format": fmt.upper(),
            "size": human_size(size, settings.site_lang),
        }
        for fmt, path, size in downloads
    ]
    page = (
        environment()
        .get_template("site-collection.html")
        .render(
            **context,
            c=manifest,
            entries=entries,
            intro=introduction_html(collection),
            selection=selection_rows(collection, labels),
            downloads=links,
        )
    )
    return WriteResult(page.encode("utf-8"))
