"""EPUB 3: the canonical article as an XHTML content document, a navigation document,
CSS from styles/, and package metadata with the full accessibility claim.

Packaged here rather than by pandoc's EPUB writer so that every byte is ours to fix:
the header partial goes in unchanged, the package carries the conformance claim pandoc
cannot write, and the archive is reproducible (fixed order, times and permissions).
"""

from __future__ import annotations

import io
import uuid
import zipfile

from lxml import etree
from markupsafe import Markup

from ..config import Settings
from ..errors import BuildError
from ..i18n import labels_for
from ..render import Heading, Rendered, environment, iso_timestamp
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
    "unlocked",
)

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


def package(
    files: list[tuple[str, bytes]], epoch_date: tuple[int, int, int, int, int, int]
) -> bytes:
    """A reproducible EPUB container: mimetype first and stored, then the rest deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in [("mimetype", b"application/epub+zip"), *files]:
            info = zipfile.ZipInfo(name, date_time=epoch_date)
            info.external_attr = 0o644 << 16
            info.create_system = 3
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=9 if name != "mimetype" else None)
    return buffer.getvalue()


class EpubWriter:
    name = "epub"
    suffix = ".epub"
    media_type = "application/epub+zip"

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult:
        m = rendered.metadata
        labels = labels_for(m.lang)
        env = environment()
        content_name = "speech.xhtml"
        moment = settings.build_time
        content = env.get_template("epub-content.xhtml").render(
            m=m, L=labels, article=rendered.article
        )
        nav = env.get_template("epub-nav.xhtml").render(
            m=m,
            L=labels,
            content_name=content_name,
            toc=toc_markup(rendered.headings, f"text/{content_name}"),
        )
        subjects = [v for v in (m.government, m.archive_status) if v]
        opf = env.get_template("epub-package.opf").render(
            m=m,
            identifier=identifier_for(rendered.speech.source.sha256),
            modified=iso_timestamp(moment),
            description=m.lead,
            subjects=subjects,
            features=FEATURES,
            summary=labels["a11y_summary"],
            certified_by=settings.certified_by,
            content_name=content_name,
        )
        css = (settings.styles / "epub.css").read_bytes()
        files = [
            ("META-INF/container.xml", CONTAINER.encode()),
            ("EPUB/package.opf", opf.encode()),
            ("EPUB/nav.xhtml", nav.encode()),
            (f"EPUB/text/{content_name}", content.encode()),
            ("EPUB/css/epub.css", css),
        ]
        for name, data in files:
            if name.endswith((".xhtml", ".opf", ".xml")):
                _check_xml(name, data)
        stamp = moment.timetuple()[:6]
        if stamp[0] < 1980:
            stamp = (1980, 1, 1, 0, 0, 0)
        return WriteResult(package(files, stamp))
