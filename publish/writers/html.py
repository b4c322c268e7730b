"""The accessible web copy: one standalone page per speech, linking its PDF and EPUB.

The page wraps the one canonical article in the site frame (``web-base.html``): the same
navigation as every site page, in the speech's language. Its head carries what search
engines and link previews read: description, canonical link, Open Graph and schema.org
JSON-LD (escaped so that no metadata value can end the script element).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..config import Settings
from ..i18n import labels_for
from ..model import Metadata
from ..render import Rendered, environment
from ..site import LANGUAGE_NAMES, OG_LOCALES, facet_href, json_script, navigation
from . import Download, WriteResult

#: The formats a web page offers for download, in the order it lists them.
DOWNLOAD_FORMATS: tuple[str, ...] = ("pdf", "epub")


def human_size(size: int, lang: str = "en") -> str:
    """``size`` bytes as a reader says it ("340 kB", "1.2 MB"; "1,2 MB" in Norwegian)."""
    if size < 1024:
        text = f"{size}\u00a0B"
    elif size < 1024 * 1024:
        text = f"{max(1, round(size / 1024))}\u00a0kB"
    else:
        text = f"{size / (1024 * 1024):.1f}\u00a0MB"
    return text.replace(".", ",") if lang in ("nb", "nn", "no") else text


def downloads_for(
    settings: Settings, slug: str, built: tuple[Download, ...]
) -> tuple[Download, ...]:
    """The downloads a page links: those built in this run, and for formats not built in
    this run (``--format html``), the files an earlier build left in the output folder,
    with their real size. A format with neither is not offered."""
    from . import writer_for

    have = {d.format: d for d in built}
    out: list[Download] = []
    for fmt in DOWNLOAD_FORMATS:
        if fmt in have:
            out.append(have[fmt])
            continue
        writer = writer_for(fmt)
        existing = settings.output / fmt / f"{slug}{writer.suffix}"
        if existing.is_file():
            out.append(
                Download(
                    fmt, f"../{fmt}/{existing.name}", writer.media_type, existing.stat().st_size
                )
            )
    return tuple(out)


def description_of(m: Metadata) -> str:
    """The page description: the lead, or what the header says in one line."""
    if m.lead:
        return m.lead
    parts = [m.title]
    if m.speaker:
        parts.append(m.speaker)
    if m.occasion:
        parts.append(m.occasion)
    return ". ".join(parts)


def related_links(m: Metadata, labels: dict[str, str]) -> list[dict[str, str | None]]:
    """Links to the listing pages this speech appears on, labelled in its language."""
    links: list[dict[str, str | None]] = []
    if m.government:
        links.append(
            {
                "label": labels["published_under"],
                "href": facet_href("government", m),
                "text": m.government,
                "lang": None,
            }
        )
    if m.publisher:
        links.append(
            {
                "label": labels["publisher"],
                "href": facet_href("publisher", m),
                "text": m.publisher,
                "lang": None,
            }
        )
    if m.date:
        links.append(
            {
                "label": labels["year_label"],
                "href": facet_href("year", m),
                "text": str(m.date.year),
                "lang": None,
            }
        )
    links.append(
        {
            "label": labels["language_label"],
            "href": facet_href("language", m),
            "text": LANGUAGE_NAMES.get(m.lang, m.lang),
            "lang": m.lang,
        }
    )
    return links


def open_graph(
    m: Metadata, labels: dict[str, str], description: str, canonical: str | None
) -> list[tuple[str, str]]:
    og = [
        ("og:type", "article"),
        ("og:title", m.title),
        ("og:description", description),
        ("og:site_name", labels["site_name"]),
    ]
    if m.lang in OG_LOCALES:
        og.append(("og:locale", OG_LOCALES[m.lang]))
    if canonical:
        og.append(("og:url", canonical))
    if m.date:
        og.append(("article:published_time", m.date.isoformat()))
    return og


def structured_data(
    m: Metadata,
    description: str,
    downloads: tuple[Download, ...],
    page_url: str | None,
) -> dict[str, Any]:
    """schema.org metadata of the speech (a CreativeWork: schema.org has no Speech type).

    Addresses are absolute when the site's address (``page_url``) is known."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "additionalType": "Speech",
        "name": m.title,
        "headline": m.title,
        "description": description,
        "inLanguage": m.lang,
        "isAccessibleForFree": True,
        "accessMode": ["textual"],
        "accessModeSufficient": ["textual"],
        "accessibilityFeature": ["structuralNavigation", "displayTransformability"],
        "accessibilityHazard": ["none"],
    }
    if page_url:
        data["url"] = page_url
    if m.speaker:
        author: dict[str, Any] = {"@type": "Person", "name": m.speaker}
        if m.speaker_role:
            author["jobTitle"] = m.speaker_role
        data["author"] = author
    if m.date:
        data["datePublished"] = m.date.isoformat()
    if m.publisher:
        publisher: dict[str, Any] = {"@type": "GovernmentOrganization", "name": m.publisher}
        if m.government:
            publisher["parentOrganization"] = {
                "@type": "GovernmentOrganization",
                "name": m.government,
            }
        data["publisher"] = publisher
    elif m.government:
        data["publisher"] = {"@type": "GovernmentOrganization", "name": m.government}
    if m.place:
        data["contentLocation"] = {"@type": "Place", "name": m.place}
    if m.occasion:
        data["about"] = {"@type": "Event", "name": m.occasion}
    if m.archive_status:
        data["creativeWorkStatus"] = m.archive_status
    if m.source_url:
        data["isBasedOn"] = m.source_url
    if downloads:
        data["encoding"] = [
            {
                "@type": "MediaObject",
                "contentUrl": urljoin(page_url, d.href) if page_url else d.href,
                "encodingFormat": d.media_type,
                "contentSize": f"{d.size} B",
            }
            for d in downloads
        ]
    return data


class HtmlWriter:
    name = "html"
    suffix = ".html"
    media_type = "text/html"

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult:
        m = rendered.metadata
        labels = labels_for(m.lang)
        offered = downloads_for(settings, rendered.speech.slug, downloads)
        links = [
            {
                "href": d.href,
                "media_type": d.media_type,
                "label": labels[d.format],
                "format": d.format.upper(),
                "size": human_size(d.size, m.lang),
            }
            for d in offered
        ]
        # The archived original is the canonical copy; without one, this page (if the
        # site's address is known).
        site_url = settings.extra.get("site_url", "").rstrip("/")
        page_url = f"{site_url}/{rendered.speech.slug}.html" if site_url else None
        canonical = m.source_url or page_url
        source_host = urlsplit(m.source_url).hostname if m.source_url else None
        description = description_of(m)
        page = (
            environment()
            .get_template("web.html")
            .render(
                m=m,
                L=labels,
                lang=m.lang,
                root="",
                nav=navigation(labels, None),
                version=__version__,
                article=rendered.web_article,
                downloads=links,
                related=related_links(m, labels),
                canonical=canonical,
                source_host=source_host,
                description=description,
                og=open_graph(m, labels, description, canonical),
                json_ld=json_script(structured_data(m, description, offered, page_url)),
                source_name=rendered.speech.path.name,
                sha256=rendered.speech.source.sha256,
            )
        )
        return WriteResult(page.encode("utf-8"))
