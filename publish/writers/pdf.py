"""PDF through WeasyPrint.

The default profile, ``accessible``, is one file that is both PDF/UA-1 and PDF/A-3a:
WeasyPrint renders the tagged PDF/A-3a variant and a finisher adds the PDF/UA
identification to the XMP with the extension-schema declaration PDF/A requires for it.
The original source (``Source``) and a JSON provenance record (``Data``) are attached.
Fonts come from styles/fonts and are embedded and subset. Every date is the build time
(``SOURCE_DATE_EPOCH``) and the file identifier derives from the source, so two builds
are byte-identical.

The ``press`` profile is a separate file for a printer: the same pages with 3 mm bleed,
crop and cross marks, and TrimBox/BleedBox. It claims no PDF/A, UA or X conformance.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import mimetypes
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf  # type: ignore[import-untyped]
import pypandoc
import weasyprint
from weasyprint import CSS, HTML, Attachment
from weasyprint.css.counters import CounterStyle
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .. import __version__
from ..config import Settings
from ..diagnostics import Diagnostic, Severity
from ..errors import BuildError
from ..i18n import labels_for
from ..render import Rendered, environment, iso_timestamp
from . import Download, WriteResult, pdf_tags

_MEDIA_TYPES = {
    ".css": "text/css",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}


@dataclass(frozen=True)
class Paper:
    """A trim size with margins fit for binding (inner wider than outer)."""

    size: str
    top: str
    bottom: str
    inner: str
    outer: str
    font_size: str


PAPERS: dict[str, Paper] = {
    "a4": Paper("A4", "25mm", "26mm", "29mm", "23mm", "10.75pt"),
    "a5": Paper("A5", "18mm", "20mm", "20mm", "15mm", "9.5pt"),
    "letter": Paper("letter", "1in", "1in", "1.15in", "0.9in", "10.75pt"),
}
PROFILES = ("accessible", "press")


class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
    """Serves only regular files inside the allowed folders; refuses everything else
    (other files, symlinks that lead out, http(s), data: URLs)."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file":
            self.refused.append(url)
            raise ValueError(f"refused to fetch {url!r}: only files in styles/ may be used")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_file() or not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ValueError(f"refused to read {path}: it is outside the allowed folders")
        media_type = _MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(
            path.as_uri(), path.read_bytes(), headers={"Content-Type": media_type}
        )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured_weasyprint_warnings() -> Iterator[_Collect]:
    """WeasyPrint logs problems (missing fonts, refused resources) instead of raising."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


PDFUA_XMP = (
    b'<rdf:Description rdf:about=""'
    b' xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
    b' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
    b' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\n'
    b'<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\n'
    b"<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    b"<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    b'<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\n'
    b"<pdfaProperty:name>part</pdfaProperty:name>\n"
    b"<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    b"<pdfaProperty:category>internal</pdfaProperty:category>\n"
    b"<pdfaProperty:description>Indicates which part of ISO 14289 the document conforms to"
    b"</pdfaProperty:description>\n"
    b"</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    b"</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    b"</rdf:Description>\n"
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">'
    b"<pdfuaid:part>1</pdfuaid:part></rdf:Description>\n"
)


def document_urn(seed: str) -> str:
    """The URN a PDF records as its xmpMM:DocumentID and an EPUB names as the source of
    its page list: name-based, so the same source always gives the same URN."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'publish:' + seed)}"


def claim_pdfua(document: Any, pdf: Any, urn: str | None = None) -> None:
    """WeasyPrint finisher: one structure element per HTML element (see pdf_tags), then
    PDF/UA-1 identification (and the document's URN) in the PDF/A-3a file's XMP.

    The XMP is left uncompressed, as PDF/A-1 demanded and some checkers still expect.
    """
    pdf_tags.merge_split_elements(pdf)
    if "AF" in pdf.catalog:
        # WeasyPrint 70 lists each associated file twice (from the name tree and from
        # the file specifications); once is what PDF/A-3 means.
        pdf.catalog["AF"] = pydyf.Array(dict.fromkeys(pdf.catalog["AF"]))
    reference = pdf.catalog["Metadata"]
    if isinstance(reference, bytes):
        reference = reference.decode()
    stream = pdf.objects[int(str(reference).split()[0])]
    content = b"".join(
        part if isinstance(part, bytes) else str(part).encode() for part in stream.stream
    )
    if b"</rdf:RDF>" not in content:
        raise BuildError("WeasyPrint wrote no XMP packet to extend", code="P003")
    extra = PDFUA_XMP
    if urn:
        extra += (
            b'<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
            b"<xmpMM:DocumentID>" + urn.encode() + b"</xmpMM:DocumentID></rdf:Description>\n"
        )
    content = content.replace(b"</rdf:RDF>", extra + b"</rdf:RDF>", 1)
    stream.stream = [content]
    stream.compress = False


#: The press profile: 3 mm of bleed around the trim, inside a media box wide enough for
#: crop and registration marks drawn outside the bleed.
PRESS_BLEED_PT = 3 * 72 / 25.4
PRESS_MEDIA_MARGIN = "12mm"


def set_press_boxes(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher: BleedBox = TrimBox + 3 mm on every page (WeasyPrint puts it
    up to 10 pt out, which with room for marks would not be the 3 mm a printer expects)."""
    for page in pdf.objects:
        if isinstance(page, dict) and page.get("Type") == "/Page" and "TrimBox" in page:
            left, top, right, bottom = (float(v) for v in page["TrimBox"])
            b = PRESS_BLEED_PT
            page["BleedBox"] = pydyf.Array([left - b, top - b, right + b, bottom + b])


#: The output intent of the accessible PDF: WeasyPrint's own sRGB profile, loaded here
#: and closed (WeasyPrint 70 leaves its file open when it loads it for 'srgb').
SRGB = "--publish-srgb"


def srgb_profile() -> Any:
    from importlib.resources import files

    from weasyprint.css import ColorProfile

    with (files("weasyprint.pdf") / "sRGB2014.icc").open("rb") as handle:
        return ColorProfile(handle, "sRGB2014.icc", "relative-colorimetric", (["r"], ["g"], ["b"]))


def page_starts(document: Any) -> tuple[str, ...]:
    """The text each laid-out page begins with: the first run of the document's own
    text on the page (not the running header, page number or a list bullet)."""
    starts = []
    for page in document.pages:
        first = ""
        for box in page._page_box.descendants():
            if isinstance(box, boxes.MarginBox):
                continue
            if isinstance(box, boxes.TextBox) and box.text.strip():
                if "::" in (getattr(box, "element_tag", "") or ""):
                    continue  # ::marker, ::before: generated, not in the text
                first = box.text
                break
        starts.append(first)
    return tuple(starts)


def attached(
    data: bytes, name: str, description: str, relationship: str, settings: Settings
) -> Attachment:
    """A PDF/A-3 associated file, dated with the build time so rebuilds are identical."""
    moment = settings.build_time.replace(tzinfo=None)
    return Attachment(
        string=data,
        name=name,
        description=description,
        created=moment,
        modified=moment,
        relationship=relationship,
    )


@dataclass(frozen=True)
class Engines:
    weasyprint: str
    pandoc: str


def engine_versions() -> Engines:
    return Engines(weasyprint.__version__, str(pypandoc.get_pandoc_version()))


def provenance_record(rendered: Rendered, settings: Settings) -> bytes:
    speech = rendered.speech
    m = speech.metadata
    engines = engine_versions()
    record = {
        "source": {
            "file": speech.path.name,
            "sha256": speech.source.sha256,
            "bytes": len(speech.source.data),
            "encoding": speech.source.encoding,
            "reader": speech.reader,
            "url": m.source_url,
            "retrieved": m.retrieved.isoformat() if m.retrieved else None,
        },
        "tool": {"name": "publish", "version": __version__},
        "engines": {"weasyprint": engines.weasyprint, "pandoc": engines.pandoc},
        "build_date": iso_timestamp(settings.build_time),
        "conformance": ["PDF/A-3a", "PDF/UA-1"],
    }
    return (json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


class PdfWriter:
    name = "pdf"
    suffix = ".pdf"
    media_type = "application/pdf"

    def __init__(self, profile: str = "accessible") -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown PDF profile {profile!r}")
        self.profile = profile

    def print_html(self, rendered: Rendered, settings: Settings, *, standalone: bool = True) -> str:
        """The HTML WeasyPrint lays out. ``standalone`` links styles/print.css and carries
        the page rules in a ``<style>``, as any WeasyPrint user would write it; without it
        the page has no stylesheet and :meth:`page_rules` gives the second sheet, for
        :func:`render_pdf` to apply with the worker's parsed print.css."""
        m = rendered.metadata
        labels = labels_for(m.lang)
        moment = iso_timestamp(settings.build_time)
        status = m.archive_status or labels["current"]
        keywords = [v for v in (status, m.government, m.publisher) if v]
        return (
            environment()
            .get_template("print.html")
            .render(
                standalone=standalone,
                m=m,
                L=labels,
                article=rendered.article,
                author=m.speaker or m.publisher or "",
                subject=m.occasion or m.lead,
                keywords=", ".join(keywords),
                version=__version__,
                created=moment,
                modified=moment,
                paper=PAPERS[settings.paper],
                press_bleed=PRESS_MEDIA_MARGIN if self.profile == "press" else None,
            )
        )

    def attachments(self, rendered: Rendered, settings: Settings) -> list[Attachment]:
        source = rendered.speech.source
        source_type = mimetypes.guess_type(source.path.name)[0] or "text/plain"
        labels = labels_for(rendered.speech.metadata.lang)
        return [
            attached(
                source.data,
                source.path.name,
                labels["att_source"].format(type=source_type),
                "Source",
                settings,
            ),
            attached(
                provenance_record(rendered, settings),
                "provenance.json",
                labels["att_provenance"],
                "Data",
                settings,
            ),
        ]

    def page_rules(self, rendered: Rendered, settings: Settings) -> str:
        """The page rules of this document (trim size, margins, running header, page
        numbers in its language): the ``<style>`` a standalone :meth:`print_html` holds."""
        return (
            environment()
            .get_template("_page-rules.html")
            .render(
                L=labels_for(rendered.metadata.lang),
                paper=PAPERS[settings.paper],
                press_bleed=PRESS_MEDIA_MARGIN if self.profile == "press" else None,
            )
        )

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult:
        return render_pdf(
            self.print_html(rendered, settings, standalone=False),
            settings,
            page_rules=self.page_rules(rendered, settings),
            seed=f"publish-pdf:{self.profile}:{settings.paper}:{rendered.speech.origin_sha256}",
            profile=self.profile,
            attachments=self.attachments(rendered, settings)
            if self.profile == "accessible"
            else [],
            origin=rendered.speech.path,
        )


def render_pdf(
    html: str,
    settings: Settings,
    *,
    seed: str,
    profile: str,
    attachments: list[Attachment],
    origin: Path,
    page_rules: str | None = None,
) -> WriteResult:
    """Render print HTML to PDF in ``profile``; the one place WeasyPrint is driven.

    ``seed`` names the document (its file identifier and URN derive from it), and
    ``origin`` is the file WeasyPrint's warnings are reported against.

    With ``page_rules``, ``html`` carries no stylesheet: the page is laid out with this
    process's parsed styles/print.css (:func:`warm_styles`) followed by ``page_rules``,
    in the order a standalone page links them. Without it, ``html`` brings its own.
    WeasyPrint takes given sheets at the user origin rather than the author's; the two
    differ only against the page's own author styles, and this page has none but style
    attributes, which win either way (tested: the PDFs are byte-identical).
    """
    pdf_tags.install()
    fetcher = ConfinedFetcher((settings.styles,))
    styles: dict[str, Any] = {}
    known: tuple[logging.LogRecord, ...] = ()
    if page_rules is not None:
        warm = warm_styles(settings.styles)
        known = warm.warnings
        styles = {
            "font_config": warm.font_config,
            "counter_style": warm.counter_style,
            "stylesheets": [
                warm.sheet,
                CSS(
                    string=page_rules,
                    base_url=settings.styles.as_uri() + "/",
                    url_fetcher=fetcher,
                    font_config=warm.font_config,
                    counter_style=warm.counter_style,
                ),
            ],
        }
    identifier = hashlib.sha256(seed.encode()).hexdigest()[:32]
    urn = document_urn(seed)
    options: dict[str, Any] = {"pdf_identifier": identifier.encode()}
    finisher: Any = set_press_boxes
    color_profiles = None
    if profile == "accessible":
        options.update(pdf_variant="pdf/a-3a", output_intent=SRGB, attachments=attachments)
        color_profiles = {SRGB: srgb_profile()}
        finisher = functools.partial(claim_pdfua, urn=urn)
    with captured_weasyprint_warnings() as caught:
        document = HTML(
            string=html,
            base_url=settings.styles.as_uri() + "/",
            url_fetcher=fetcher,
        ).render(color_profiles=color_profiles, **styles, **options)
        starts = page_starts(document)
        data: bytes = document.write_pdf(finisher=finisher, **options)
    problems = tuple(
        Diagnostic(
            "P002" if "refused" in record.getMessage() else "P001",
            Severity.WARNING,
            record.getMessage(),
            origin,
        )
        for record in (*known, *caught.records)
    )
    return WriteResult(data, problems, identifier=urn, page_starts=starts)


@dataclass(frozen=True)
class WarmStyles:
    """styles/print.css parsed once per process, with the fonts its ``@font-face`` rules
    load, and what WeasyPrint warned about while parsing it (repeated for every
    document, so a warning does not depend on which worker saw the sheet first)."""

    sheet: CSS
    font_config: FontConfiguration
    counter_style: CounterStyle
    warnings: tuple[logging.LogRecord, ...]


_WARM: dict[tuple[str, tuple[tuple[str, int, int], ...]], WarmStyles] = {}


def warm_styles(folder: Path) -> WarmStyles:
    """The parsed print.css of ``folder``, parsed again only when a file in it changed.

    Parsing print.css and loading its seven fonts took about a tenth of a speech's render
    when done per document, which is what a page that links its stylesheet costs."""
    root = folder.resolve()
    stamp = tuple(
        sorted(
            (str(p.relative_to(root)), st.st_size, st.st_mtime_ns)
            for p in root.rglob("*")
            if p.is_file() and (st := p.stat())
        )
    )
    key = (str(root), stamp)
    found = _WARM.get(key)
    if found is not None:
        return found
    _WARM.clear()
    font_config = FontConfiguration()
    counter_style = CounterStyle()
    with captured_weasyprint_warnings() as caught:
        sheet = CSS(
            filename=str(root / "print.css"),
            base_url=root.as_uri() + "/",
            url_fetcher=ConfinedFetcher((root,)),
            font_config=font_config,
            counter_style=counter_style,
        )
    found = WarmStyles(sheet, font_config, counter_style, tuple(caught.records))
    _WARM[key] = found
    return found
