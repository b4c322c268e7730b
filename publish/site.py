"""The static archive site around the speech pages: an index, listing pages per
government, publisher, year and language, a search page over a prebuilt index, and a
sitemap.

Everything here is static HTML that works without JavaScript. Search is the one
progressive enhancement: ``assets/search.js`` reads ``search-index.json`` and shows its
results in the page; without JavaScript the search page explains that and links the
listing pages, which reach every speech.

Paths are relative to the site root (``output/html/``). Pages in a subfolder
(``government/…``) reach the root through ``root`` ("../"), so the site works from any
folder and from ``file://``.

:func:`render_site` is pure (it returns the files as bytes); :func:`write_site` writes them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from markupsafe import Markup

from . import __version__
from .config import Settings
from .errors import PublishError
from .fsutil import atomic_write
from .i18n import labels_for
from .model import Metadata, Speech
from .render import display_date, environment

#: The listing dimensions, in navigation order.
FACETS: tuple[str, ...] = ("government", "publisher", "year", "language")

#: The slug of the group of speeches that do not state a facet's value.
NOT_STATED = "not-stated"

#: Language names as their speakers write them (a language list names each language in
#: itself, marked with its ``lang``, so it reads right in every page language).
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "nb": "Norsk bokmål",
    "nn": "Norsk nynorsk",
    "no": "Norsk",
    "se": "Davvisámegiella",
    "sv": "Svenska",
    "da": "Dansk",
    "de": "Deutsch",
    "fr": "Français",
    "cy": "Cymraeg",
}

#: Site navigation: (key, path from the site root, label key). The same order on every page.
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    ("index", "index.html", "all_speeches"),
    ("government", "government/index.html", "governments"),
    ("publisher", "publisher/index.html", "publishers"),
    ("year", "year/index.html", "years"),
    ("language", "language/index.html", "languages"),
    ("search", "search.html", "search"),
)

#: Open Graph locales of the page languages.
OG_LOCALES: dict[str, str] = {"en": "en_GB", "nb": "nb_NO", "nn": "nn_NO"}

STYLESHEET = "web.css"
SCRIPT = "search.js"
SEARCH_INDEX = "search-index.json"


# --------------------------------------------------------------------------- helpers


def slug_of(text: str) -> str:
    """A file name for a listing value ("Regjeringen Støre" -> "regjeringen-store")."""
    folded = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "AE")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or NOT_STATED


def count_text(labels: Mapping[str, str], n: int) -> str:
    """ "1 speech", "3 speeches" in the labels' language."""
    return labels["count_one"] if n == 1 else labels["count_many"].format(n=n)


def navigation(labels: Mapping[str, str], current: str | None) -> list[dict[str, object]]:
    """The site navigation, with ``current`` (a NAVIGATION key) marked."""
    return [
        {"href": href, "label": labels[label], "current": key == current}
        for key, href, label in NAVIGATION
    ]


def facet_value(facet: str, m: Metadata) -> tuple[str, str | None]:
    """The (slug, value) of ``m`` under ``facet``; value None when the speech does not say."""
    if facet == "government":
        value = m.government
    elif facet == "publisher":
        value = m.publisher
    elif facet == "year":
        value = str(m.date.year) if m.date else None
    elif facet == "language":
        return (slug_of(m.lang), m.lang)
    else:
        raise ValueError(f"unknown facet {facet!r}")
    if value is None or not value.strip():
        return (NOT_STATED, None)
    return (slug_of(value), value)


def facet_href(facet: str, m: Metadata) -> str:
    """The listing page (from the site root) that lists ``m`` under ``facet``."""
    return f"{facet}/{facet_value(facet, m)[0]}.html"


def json_script(data: object) -> Markup:
    """``data`` as JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` (and the
    JavaScript line separators) are escaped, so no value can close the element."""
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    for char, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return Markup(text)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Entry:
    """One speech as the site lists it."""

    slug: str
    metadata: Metadata
    date_display: str | None

    @property
    def href(self) -> str:
        return f"{self.slug}.html"

    @property
    def sort_key(self) -> tuple[bool, int, str]:
        """Newest first; undated last; then by title."""
        m = self.metadata
        return (m.date is None, -(m.date.toordinal() if m.date else 0), m.title.casefold())


@dataclass(frozen=True)
class Group:
    """The speeches that share one value of a facet: one listing page."""

    facet: str
    slug: str
    value: str | None
    lang: str | None
    entries: tuple[Entry, ...]

    @property
    def href(self) -> str:
        return f"{self.facet}/{self.slug}.html"

    def label(self, labels: Mapping[str, str]) -> str:
        if self.value is None:
            return labels["undated"] if self.facet == "year" else labels["not_stated"]
        if self.facet == "language":
            return LANGUAGE_NAMES.get(self.value, self.value)
        return self.value


def entries_of(speeches: Sequence[Speech], lang: str) -> list[Entry]:
    """The speeches as a listing in ``lang`` shows them, newest first. A date the source
    wrote out stays in its words (and the speech's language); a date given only as a date
    is written in the listing's language, like the labels around it."""
    entries = [Entry(s.slug, s.metadata, display_date(s.metadata, lang)) for s in speeches]
    return sorted(entries, key=lambda e: e.sort_key)


def groups_of(facet: str, entries: Sequence[Entry]) -> list[Group]:
    """The groups of ``facet``, in a reader's order: governments and years newest first,
    publishers and languages alphabetically; "not stated" last."""
    found: dict[str, list[Entry]] = {}
    values: dict[str, tuple[str | None, str | None]] = {}
    for entry in entries:
        slug, value = facet_value(facet, entry.metadata)
        found.setdefault(slug, []).append(entry)
        # Values that differ only in case or accents share a page, named as the newest
        # speech names it (entries come newest first).
        values.setdefault(slug, (value, entry.metadata.lang if value is not None else None))
    groups = [
        Group(facet, slug, values[slug][0], values[slug][1], tuple(items))
        for slug, items in found.items()
    ]

    def newest(group: Group) -> int:
        dates = [e.metadata.date.toordinal() for e in group.entries if e.metadata.date]
        return -max(dates) if dates else 0

    def key(group: Group) -> tuple[object, ...]:
        label = (group.value or "").casefold()
        if facet == "year":
            return (group.value is None, -int(group.value or 0))
        if facet == "government":
            return (group.value is None, newest(group), label)
        return (group.value is None, label)

    return sorted(groups, key=key)


@dataclass(frozen=True)
class CollectionLink:
    """A collection whose web page the build writes (publish/writers/volume.py)."""

    slug: str
    title: str
    lang: str
    subtitle: str | None
    count: int

    @property
    def href(self) -> str:
        return f"collections/{self.slug}.html"


def collections_of(settings: Settings, speeches: Sequence[Speech]) -> list[CollectionLink]:
    """The collections (sources/collections/*.toml) that have a web page, resolved against
    ``speeches`` as the collection build resolves them. A manifest that cannot be read or
    resolved is left out: the collection build reports it."""
    # Imported here: the collection writer imports this module for its page frame.
    from .collection import discover_manifests, load_manifest, resolve

    found = []
    for path in discover_manifests(settings):
        try:
            collection = resolve(load_manifest(path, settings.sources), speeches)
        except PublishError:
            continue
        manifest = collection.manifest
        if "html" in manifest.formats:
            found.append(
                CollectionLink(
                    manifest.slug,
                    manifest.title,
                    manifest.lang,
                    manifest.subtitle,
                    len(collection.speeches),
                )
            )
    return found


# --------------------------------------------------------------------------- rendering


@dataclass(frozen=True)
class SitePage:
    path: str
    data: bytes


def _render(template: str, **context: object) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def _page_context(
    settings: Settings, root: str, current: str | None, page_path: str
) -> dict[str, Any]:
    labels = labels_for(settings.site_lang)
    site_url = settings.extra.get("site_url", "").rstrip("/")
    return {
        "lang": settings.site_lang,
        "L": labels,
        "root": root,
        "nav": navigation(labels, current),
        "version": __version__,
        "count_text": lambda n: count_text(labels, n),
        "canonical": f"{site_url}/{page_path}" if site_url else None,
    }


def _filters(
    facets: Mapping[str, list[Group]], active: tuple[str, str] | None
) -> list[dict[str, Any]]:
    return [
        {
            "facet": facet,
            "groups": groups,
            "active": active[1] if active and active[0] == facet else None,
        }
        for facet, groups in facets.items()
    ]


def search_index(entries: Sequence[Entry]) -> dict[str, object]:
    """The prebuilt search index: what search.js shows and matches, one record a speech."""
    records = []
    for e in entries:
        m = e.metadata
        records.append(
            {
                "title": m.title,
                "href": e.href,
                "lang": m.lang,
                "date": m.date.isoformat() if m.date else None,
                "date_text": e.date_display,
                "status": m.archive_status,
                "speaker": m.speaker,
                "government": m.government,
                "publisher": m.publisher,
                "lead": m.lead,
                "place": m.place,
                "occasion": m.occasion,
            }
        )
    return {"version": 1, "speeches": records}


def sitemap(paths: Sequence[str], site_url: str) -> bytes:
    """sitemap.xml listing ``paths``. The sitemaps protocol wants absolute URLs: with no
    ``site_url`` configured the locations are relative to the sitemap itself."""
    base = f"{site_url.rstrip('/')}/" if site_url else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lines += [f"  <url><loc>{xml_escape(base + p)}</loc></url>" for p in paths]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_site(
    settings: Settings, speeches: Sequence[Speech], *, with_collections: bool = False
) -> list[SitePage]:
    """Every site file except the speech and collection pages (their writers make those),
    in a stable order: assets, index, search, listing pages, search index, sitemap.

    ``with_collections``: the build also writes the collections' pages, so the index and
    the sitemap list them."""
    entries = entries_of(speeches, settings.site_lang)
    collections = collections_of(settings, speeches) if with_collections else []
    facets = {facet: groups_of(facet, entries) for facet in FACETS}
    pages: list[SitePage] = [
        SitePage(f"assets/{STYLESHEET}", (settings.styles / STYLESHEET).read_bytes()),
        SitePage(f"assets/{SCRIPT}", (settings.styles / SCRIPT).read_bytes()),
    ]
    html_paths: list[str] = []

    def add(path: str, data: bytes) -> None:
        pages.append(SitePage(path, data))
        html_paths.append(path)

    by_year = facets["year"]
    add(
        "index.html",
        _render(
            "index.html",
            **_page_context(settings, "", "index", "index.html"),
            entries=entries,
            by_year=by_year,
            collections=collections,
            filters=_filters(facets, None),
        ),
    )
    add(
        "search.html",
        _render(
            "site-search.html",
            **_page_context(settings, "", "search", "search.html"),
            index_href=SEARCH_INDEX,
        ),
    )
    for facet, groups in facets.items():
        path = f"{facet}/index.html"
        add(
            path,
            _render(
                "site-facet.html",
                **_page_context(settings, "../", facet, path),
                facet=facet,
                groups=groups,
                total=len(entries),
            ),
        )
        for group in groups:
            add(
                group.href,
                _render(
                    "site-group.html",
                    **_page_context(settings, "../", None, group.href),
                    facet=facet,
                    group=group,
                    filters=_filters(facets, (facet, group.slug)),
                ),
            )
    index_data = json.dumps(search_index(entries), ensure_ascii=False, indent=1)
    pages.append(SitePage(SEARCH_INDEX, (index_data + "\n").encode("utf-8")))
    all_html = [
        html_paths[0],
        *(e.href for e in entries),
        *(c.href for c in collections),
        *html_paths[1:],
    ]
    pages.append(SitePage("sitemap.xml", sitemap(all_html, settings.extra.get("site_url", ""))))
    return pages


def write_site(
    settings: Settings, speeches: Sequence[Speech], *, with_collections: bool = False
) -> list[tuple[Path, bytes, bool]]:
    """Write the site files into ``output/html``: each file, its bytes, and whether it
    was written. A file that already holds exactly these bytes is left alone, so a
    listing page that did not change keeps its modification time and a mirror does not
    copy it again."""
    html_dir = settings.output / "html"
    files = []
    for page in render_site(settings, speeches, with_collections=with_collections):
        target = html_dir / page.path
        same = _holds(target, page.data)
        if not same:
            atomic_write(target, page.data)
        files.append((target, page.data, not same))
    return files


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) whose content is ``data``."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False
