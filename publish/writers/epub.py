"""EPUB 3: a generated cover, the canonical article as an XHTML content document, a
navigation document with a page list that follows the PDF edition, CSS from styles/,
and package metadata with the full accessibility claim.

Packaged here rather than by pandoc's EPUB writer so that every byte is ours to fix:
the header partial goes in unchanged, the package carries the conformance claim and the
pagination source pandoc cannot write, and the archive is reproducible (fixed order,
times and permissions).
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from ..config import Settings
from ..diagnostics import Diagnostic, Severity
from ..errors import BuildError
from ..i18n import labels_for
from ..model import Metadata
from ..render import Heading, Rendered, display_date, environment, iso_timestamp
from . import Download, WriteResult

CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    "<rootfiles>\n"
    '<rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>\n'
    "</rootfiles>\n"
    "</container>\n"
)

FEATURES = (
    "structuralNavigation",
    "tableOfContents",
    "readingOrder",
    "displayTransformability",
    "alternativeText",
    "unlocked",
)

XHTML = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

#: The namespace for name-based identifiers: the same source always gets the same UUID.
IDENTIFIER_NAMESPACE = uuid.UUID("6f1d7c4e-2a57-5b7e-9d1c-7075626c6973")


def identifier_for(sha256: str) -> str:
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, sha256)}"


def toc_markup(headings: tuple[Heading, ...], href: str) -> Markup:
    """Nested <ol> of the body's headings (levels 2 and 3) for the navigation document."""
    items = [h for h in headings if h.level in (2, 3) and h.id]
    if not items:
        return Markup("")
    out: list[str] = ["<ol>"]
    depth = 2
    open_item = False
    for h in items:
        if h.level > depth:
            out.append("<ol>")
            depth = h.level
            open_item = False
        elif h.level < depth:
            out.append("</li></ol>")
            depth = h.level
        if open_item:
            out.append("</li>")
        out.append(f'<li><a href="{href}#{Markup.escape(h.id)}">{Markup.escape(h.text)}</a>')
        open_item = True
    out.append("</li>")
    while depth > 2:
        out.append("</ol></li>")
        depth -= 1
    out.append("</ol>")
    return Markup("".join(out))


def _check_xml(name: str, data: bytes) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise BuildError(f"EPUB part {name} is not well-formed XML: {exc}", code="E001") from None


def package(files: list[tuple[str, bytes]], stamp: tuple[int, int, int, int, int, int]) -> bytes:
    """A reproducible EPUB container: mimetype first and stored, then the rest deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("mimetype", b"application/epub+zip"), *files]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                archive.writestr(info, data)
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


# --- The cover -------------------------------------------------------------------


@dataclass(frozen=True)
class Colours:
    background: str
    text: str
    accent: str


ARCHIVED = Colours(background="#f4efe3", text="#1a1a1a", accent="#7a5c12")
CURRENT = Colours(background="#eef4f0", text="#1a1a1a", accent="#1d5b34")


def cover_byline(m: Metadata) -> str:
    date = display_date(m)
    return ", ".join(v for v in (m.speaker, date) if v)


@dataclass(frozen=True)
class Cover:
    """What a cover says: a status line, the title, a byline and publication details."""

    lang: str
    title: str
    status: str
    byline: str
    details: tuple[str, ...]
    archived: bool
    description: str

    def alt(self, labels: dict[str, str]) -> str:
        """The text alternative: everything the cover says, in reading order."""
        parts = [f"{labels['cover']}: {self.title}", self.status]
        if self.byline:
            parts.append(self.byline)
        parts.extend(self.details)
        return ". ".join(p.rstrip(".") for p in parts) + "."


def speech_cover(m: Metadata, labels: dict[str, str]) -> Cover:
    details = [
        f"{label} {value}"
        for label, value in (
            (labels["published_under"], m.government),
            (labels["publisher"], m.publisher),
        )
        if value
    ]
    return Cover(
        lang=m.lang,
        title=m.title,
        status=m.archive_status or labels["current"],
        byline=cover_byline(m),
        details=tuple(details),
        archived=m.archive_status is not None,
        description=m.lead or m.title,
    )


def cover_alt(m: Metadata, labels: dict[str, str]) -> str:
    return speech_cover(m, labels).alt(labels)


#: The cover's drawing area: 1600 units wide, text from x=120 to x=1480.
COVER_TEXT_WIDTH = 1360
#: The fonts the cover names first (styles/fonts/), by role: its text is measured with them.
COVER_FONTS = {
    "status": "NotoSans-Bold.ttf",
    "title": "NotoSerif-Bold.ttf",
    "text": "NotoSans-Regular.ttf",
}


@functools.lru_cache(maxsize=16)
def _advances(font: Path) -> tuple[dict[int, int], int] | None:
    """The advance width of every character ``font`` maps, and its units per em; None
    when the font cannot be read (the cover is then measured by an average width)."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(str(font), lazy=True) as ttf:
            hmtx = ttf["hmtx"]
            widths = {cp: hmtx[name][0] for cp, name in ttf.getBestCmap().items()}
            return widths, int(ttf["head"].unitsPerEm)
    except Exception:  # any unreadable font: the cover falls back to the estimate
        return None


def text_width(text: str, font: Path | None, size: float) -> float:
    """How wide ``text`` is set in ``font`` at ``size`` (kerning aside); an average
    character width (0.6 em) stands in for a font that cannot be read and for characters
    it lacks."""
    metrics = _advances(font) if font is not None else None
    if metrics is None:
        return len(text) * size * 0.6
    widths, units = metrics
    fallback = units * 0.6
    return sum(widths.get(ord(c), fallback) for c in text) * size / units


def _fill(text: str, font: Path | None, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def wrap_measured(text: str, font: Path | None, size: float, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a word wider than
    that stays whole on its own line), balanced: as few lines as filling each line would
    give, each as near the same width as can be (no last word left on a line alone)."""
    lines = _fill(text, font, size, width)
    if len(lines) < 2:
        return lines
    # The narrowest measure that still needs no more lines than filling the full width.
    low, high = 0.0, float(width)
    while high - low > 1:
        middle = (low + high) / 2
        if len(_fill(text, font, size, middle)) <= len(lines):
            high = middle
        else:
            low = middle
    return _fill(text, font, size, high)


def cover_svg(cover: Cover, labels: dict[str, str], fonts: Path | None = None) -> str:
    """The cover image. Text is measured with the fonts it names first (in ``fonts``,
    the styles' font folder), so that the title wraps within the page, the status box
    fits its text and no line runs off the cover."""

    def font(role: str) -> Path | None:
        return fonts / COVER_FONTS[role] if fonts is not None else None

    # The largest title size at which the title takes at most 8 lines, none too wide.
    for title_size in (120, 96, 80, 64, 52):
        title_lines = wrap_measured(cover.title, font("title"), title_size, COVER_TEXT_WIDTH)
        widest = max((text_width(x, font("title"), title_size) for x in title_lines), default=0)
        if len(title_lines) <= 8 and widest <= COVER_TEXT_WIDTH:
            break
    title_lines = title_lines[:8]
    details: list[str] = []
    for detail in cover.details:
        details.extend(wrap_measured(detail, font("text"), 60, COVER_TEXT_WIDTH))
    details = details[:6]
    byline_lines = wrap_measured(cover.byline, font("text"), 64, COVER_TEXT_WIDTH)[:3]
    leading = int(title_size * 1.18)
    byline_y = 560 + (len(title_lines) - 1) * leading + 150
    # The publication details sit at the foot of the cover, under a rule.
    rule_y = 2560 - 220 - len(details) * 92
    # The status box: 40 units of padding either side of its text.
    status_width = min(COVER_TEXT_WIDTH, 80 + round(text_width(cover.status, font("status"), 64)))
    return (
        environment()
        .get_template("epub-cover.svg")
        .render(
            lang=cover.lang,
            alt=cover.alt(labels),
            description=cover.description,
            colours=ARCHIVED if cover.archived else CURRENT,
            archived=cover.archived,
            status=cover.status,
            status_width=status_width,
            byline_lines=byline_lines,
            byline_y=byline_y,
            title_lines=title_lines,
            title_size=title_size,
            title_leading=leading,
            rule_y=rule_y,
            detail_lines=details,
        )
    )


# --- The page list ---------------------------------------------------------------


@dataclass(frozen=True)
class PageMarker:
    number: int
    id: str
    label: str


def _text_slots(root: etree._Element) -> list[tuple[etree._Element, str]]:
    """Every text and tail slot of the tree, in document order."""
    ordered: list[tuple[etree._Element, str]] = []

    def walk(element: etree._Element) -> None:
        ordered.append((element, "text"))
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            ordered.append((child, "tail"))

    walk(root)
    return ordered


#: What page-start matching ignores: white space (str.isspace, which ``\s`` matches
#: for str patterns) and soft hyphens.
_SKIPPED = re.compile(r"[\s\u00ad]+")
_KEPT = re.compile(r"[^\s\u00ad]")


def _squash(text: str) -> str:
    return "".join(text.split()).replace("\u00ad", "")


def insert_page_markers(
    article: Markup, page_starts: tuple[str, ...]
) -> tuple[Markup, list[PageMarker], list[int]]:
    """The article with a page-break marker where each page of the PDF begins.

    Each page's first text is found in the article's text after the previous page's,
    ignoring white space (and the hyphen a line break may have added at its end); the
    marker goes right before it. Returns the new article, the markers, and the numbers of
    pages whose start could not be found.
    """
    wrapper = f'<div xmlns="{XHTML}" xmlns:epub="{EPUB_NS}">{article}</div>'
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(wrapper.encode(), parser)
    slots = _text_slots(root)
    # The flattened text, without white space; ``starts[i]`` is where slot i's part begins.
    parts = [_SKIPPED.sub("", getattr(element, attr) or "") for element, attr in slots]
    starts = list(itertools.accumulate((len(part) for part in parts), initial=0))
    flat = "".join(parts)
    markers: list[PageMarker] = []
    missing: list[int] = []
    inserts: list[tuple[int, int, int]] = []  # (slot, offset, page)
    position = 0
    for number, start in enumerate(page_starts, start=1):
        needle = _squash(start).rstrip("\u2010-")[:24]
        found = flat.find(needle, position) if needle else -1
        if found < 0:
            missing.append(number)
            continue
        position = found + 1
        # The last slot starting at or before ``found`` holds it (empty slots share starts).
        slot = bisect.bisect_right(starts, found) - 1
        element, attr = slots[slot]
        kept = _KEPT.finditer(getattr(element, attr) or "")
        offset = next(itertools.islice(kept, found - starts[slot], None)).start()
        inserts.append((slot, offset, number))
        markers.append(PageMarker(number, f"page-{number}", str(number)))
    # Insert from the last to the first, so earlier offsets stay valid.
    for slot, offset, number in sorted(inserts, reverse=True):
        element, attr = slots[slot]
        value = getattr(element, attr) or ""
        marker = etree.Element(f"{{{XHTML}}}span")
        marker.set(f"{{{EPUB_NS}}}type", "pagebreak")
        marker.set("role", "doc-pagebreak")
        marker.set("id", f"page-{number}")
        marker.set("aria-label", str(number))
        if attr == "text":
            element.text = value[:offset]
            marker.tail = value[offset:]
            element.insert(0, marker)
        else:
            element.tail = value[:offset]
            marker.tail = value[offset:]
            parent = element.getparent()
            assert parent is not None
            parent.insert(parent.index(element) + 1, marker)
    inner = (root.text or "") + "".join(etree.tostring(child, encoding="unicode") for child in root)
    # The wrapper's namespace declarations would be repeated on each top-level element.
    inner = inner.replace(f' xmlns="{XHTML}"', "").replace(f' xmlns:epub="{EPUB_NS}"', "")
    return Markup(inner), markers, missing


@dataclass(frozen=True)
class Chapter:
    """One content document of an EPUB."""

    name: str
    lang: str
    title: str
    article: Markup
    headings: tuple[Heading, ...] = ()
    pages: tuple[PageMarker, ...] = ()
    #: The id of the chapter's own heading (the speech title), where the TOC points.
    article_id: str = "title"


@dataclass(frozen=True)
class Package:
    """The package metadata of an EPUB."""

    identifier: str
    title: str
    lang: str
    creators: tuple[tuple[str, str], ...] = ()  # (name, MARC relator)
    publishers: tuple[str, ...] = ()
    date: str | None = None
    source: str | None = None
    description: str | None = None
    subjects: tuple[str, ...] = ()
    page_source: str | None = None


def assemble(
    package_meta: Package,
    chapters: Sequence[Chapter],
    cover: Cover,
    settings: Settings,
    *,
    summary_label: str = "a11y_summary",
) -> bytes:
    """A complete, reproducible EPUB 3 from its chapters (cover first, nav last).

    ``summary_label`` names the label that describes the book in its accessibility summary
    (a speech's, or a collection's).
    """
    labels = labels_for(package_meta.lang)
    env = environment()
    moment = settings.build_time
    pages = [(chapter.name, marker) for chapter in chapters for marker in chapter.pages]
    toc = [
        {
            "href": f"text/{chapter.name}",
            "title": chapter.title,
            "lang": chapter.lang,
            "target": chapter.article_id,
            "children": toc_markup(chapter.headings, f"text/{chapter.name}"),
        }
        for chapter in chapters
    ]
    nav = env.get_template("epub-nav.xhtml").render(
        lang=package_meta.lang,
        title=package_meta.title,
        L=labels,
        toc=toc,
        pages=pages,
        first=f"text/{chapters[0].name}",
    )
    cover_page = env.get_template("epub-cover.xhtml").render(
        lang=package_meta.lang, title=package_meta.title, L=labels, alt=cover.alt(labels)
    )
    summary = labels[summary_label] + (labels["a11y_pages"] if pages else "")
    features = FEATURES + (("pageNavigation", "printPageNumbers") if pages else ())
    opf = env.get_template("epub-package.opf").render(
        p=package_meta,
        modified=iso_timestamp(moment),
        features=features,
        summary=summary,
        certified_by=settings.certified_by,
        chapters=chapters,
    )
    files = [
        ("META-INF/container.xml", CONTAINER.encode()),
        ("EPUB/package.opf", opf.encode()),
        ("EPUB/nav.xhtml", nav.encode()),
        ("EPUB/text/cover.xhtml", cover_page.encode()),
    ]
    for chapter in chapters:
        content = env.get_template("epub-content.xhtml").render(
            lang=chapter.lang, title=chapter.title, article=chapter.article
        )
        files.append((f"EPUB/text/{chapter.name}", content.encode()))
    files.append(
        ("EPUB/images/cover.svg", cover_svg(cover, labels, settings.styles / "fonts").encode())
    )
    files.append(("EPUB/css/epub.css", (settings.styles / "epub.css").read_bytes()))
    for name, data in files:
        if name.endswith((".xhtml", ".opf", ".xml", ".svg")):
            _check_xml(name, data)
    stamp = moment.timetuple()[:6]
    if stamp[0] < 1980:
        stamp = (1980, 1, 1, 0, 0, 0)
    return package(files, stamp)


class EpubWriter:
    name = "epub"
    suffix = ".epub"
    media_type = "application/epub+zip"

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult:
        m = rendered.metadata
        labels = labels_for(m.lang)
        problems: list[Diagnostic] = []
        article = rendered.article
        markers: list[PageMarker] = []
        page_source = None
        pdf = next((d for d in downloads if d.format == "pdf" and d.page_starts), None)
        if pdf is not None:
            article, markers, missing = insert_page_markers(article, pdf.page_starts)
            if missing:
                # A page list that skips pages would misstate the pagination source.
                problems.append(
                    Diagnostic(
                        "E002",
                        Severity.WARNING,
                        f"page list left out: the start of PDF page(s) {missing} "
                        "was not found in the text",
                        rendered.speech.path,
                    )
                )
                article, markers = rendered.article, []
            else:
                page_source = pdf.identifier
        chapter = Chapter(
            name="speech.xhtml",
            lang=m.lang,
            title=m.title,
            article=article,
            headings=rendered.headings,
            pages=tuple(markers),
        )
        meta = Package(
            identifier=identifier_for(rendered.speech.origin_sha256),
            title=m.title,
            lang=m.lang,
            creators=((m.speaker, "aut"),) if m.speaker else (),
            publishers=(m.publisher,) if m.publisher else (),
            date=m.date.isoformat() if m.date else None,
            source=m.source_url,
            description=m.lead,
            subjects=tuple(v for v in (m.government, m.archive_status) if v),
            page_source=page_source,
        )
        data = assemble(meta, [chapter], speech_cover(m, labels), settings)
        return WriteResult(data, tuple(problems))


# --- The certifier's report ------------------------------------------------------

OPF_NS = "http://www.idpf.org/2007/opf"
PACKAGE_PATH = "EPUB/package.opf"
#: Where the report of the check sits in the container, and its href from the package.
CERTIFIER_REPORT = "EPUB/reports/check.xhtml"
CERTIFIER_REPORT_HREF = "reports/check.xhtml"
CERTIFIER_REPORT_ID = "certifier-report"
#: The id of the ``a11y:certifiedBy`` meta that the report link refines.
CERTIFIER_ID = "certifier"


def with_certifier_report(epub: bytes, report: bytes) -> bytes:
    """The EPUB with ``report`` (an XHTML content document) inside it as the report of its
    certifier: a manifest item at ``EPUB/reports/check.xhtml`` (last in the linear reading
    order, so reading systems reach it and Ace checks it) and, in the package metadata, an
    ``a11y:certifiedBy`` meta with ``id="certifier"`` refined by
    ``<link rel="a11y:certifierReport" refines="#certifier" href="reports/check.xhtml"/>``
    (EPUB Accessibility 1.1, section 5.2).

    Idempotent: a report already there is replaced. Every other member keeps its bytes,
    order and time stamp, so the result is as reproducible as ``epub`` and ``report``.
    """
    _check_xml(CERTIFIER_REPORT, report)
    with zipfile.ZipFile(io.BytesIO(epub)) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    names = [info.filename for info, _ in members]
    if names[:1] != ["mimetype"] or PACKAGE_PATH not in names:
        raise BuildError("not an EPUB written by publish (no mimetype or package.opf)", code="E001")
    stamp = members[0][0].date_time
    files: list[tuple[str, bytes]] = []
    for info, data in members[1:]:
        if info.filename == CERTIFIER_REPORT:
            continue
        if info.filename == PACKAGE_PATH:
            data = _certified_package(data)
        files.append((info.filename, data))
    # The report goes right after the last content document, before images and styles.
    last_xhtml = max(i for i, (name, _) in enumerate(files) if name.endswith(".xhtml"))
    files.insert(last_xhtml + 1, (CERTIFIER_REPORT, report))
    return package(files, stamp)


def _certified_package(opf: bytes) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(opf, parser)
    ns = {"opf": OPF_NS}
    metadata = root.find("opf:metadata", ns)
    manifest = root.find("opf:manifest", ns)
    spine = root.find("opf:spine", ns)
    if metadata is None or manifest is None or spine is None:
        raise BuildError("package.opf has no metadata, manifest or spine", code="E001")
    certified = metadata.find("opf:meta[@property='a11y:certifiedBy']", ns)
    if certified is None:
        raise BuildError("package.opf names no certifier (a11y:certifiedBy)", code="E001")
    certified.set("id", certified.get("id") or CERTIFIER_ID)
    for old in metadata.findall("opf:link[@rel='a11y:certifierReport']", ns):
        metadata.remove(old)
    for old in manifest.findall(f"opf:item[@id='{CERTIFIER_REPORT_ID}']", ns):
        manifest.remove(old)
    for old in spine.findall(f"opf:itemref[@idref='{CERTIFIER_REPORT_ID}']", ns):
        spine.remove(old)
    link = etree.Element(f"{{{OPF_NS}}}link")
    link.set("rel", "a11y:certifierReport")
    link.set("refines", f"#{certified.get('id')}")
    link.set("href", CERTIFIER_REPORT_HREF)
    link.set("media-type", "application/xhtml+xml")
    link.tail = "\n"
    certified.addnext(link)
    item = etree.SubElement(manifest, f"{{{OPF_NS}}}item")
    item.set("id", CERTIFIER_REPORT_ID)
    item.set("href", CERTIFIER_REPORT_HREF)
    item.set("media-type", "application/xhtml+xml")
    item.tail = "\n"
    # Last in the reading order, before the non-linear navigation document. (Outside the
    # spine, EPUBCheck forbids a resource that is both a manifest item and a link: OPF-067.)
    itemref = etree.Element(f"{{{OPF_NS}}}itemref")
    itemref.set("idref", CERTIFIER_REPORT_ID)
    itemref.tail = "\n"
    linear = [ref for ref in spine.findall("opf:itemref", ns) if ref.get("linear") != "no"]
    if linear:
        linear[-1].addnext(itemref)
    else:
        spine.append(itemref)
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return data
