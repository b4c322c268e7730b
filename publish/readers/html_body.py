"""HTML from pages and APIs, made safe and turned into pandoc Markdown.

Parsing never fetches anything: lxml's HTML parser with the network off, and no DTDs or
external entities (an HTML parser does not resolve them; XML is parsed with
``resolve_entities=False`` and ``no_network=True``). From a body, only semantic content
survives, on an allow-list:

- blocks: ``p``, ``h2``–``h6`` (an ``h1`` in a body becomes ``h2``), ``ul``/``ol``/``li``,
  ``blockquote``, ``br``, ``hr``; table rows and definition lists become paragraphs;
- inline: ``em``/``i``, ``strong``/``b``, ``q``, ``sup``/``sub``, ``a`` with an http(s)
  address (relative ones resolved against the page's address when it is known), and
  ``lang`` on any element (kept as a span, so a Sámi greeting stays marked as Sámi).

Scripts, styles, forms, images, media, navigation and anything hidden are dropped with
their content; every other element is unwrapped (its text kept). The clean fragment is
converted to Markdown by pandoc (``--sandbox``), which escapes whatever text would
otherwise read as Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import pypandoc
from lxml import etree
from lxml import html as lxml_html

from ..errors import SourceError
from . import chrome

#: Elements dropped with everything inside them.
DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "picture",
        "img",
        "figure",
        "figcaption",
        "map",
        "area",
        "form",
        "input",
        "select",
        "option",
        "optgroup",
        "textarea",
        "label",
        "fieldset",
        "legend",
        "nav",
        "aside",
        "footer",
        "meta",
        "link",
        "head",
        "title",
        "base",
        "dialog",
        "menu",
    ]
)
BLOCKS = frozenset(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "hr"])
INLINE = frozenset(["em", "strong", "q", "sup", "sub", "a", "span", "br"])
#: Inline elements whose content is kept without them.
INLINE_UNWRAP = frozenset(
    [
        "abbr",
        "acronym",
        "font",
        "small",
        "big",
        "u",
        "s",
        "strike",
        "mark",
        "time",
        "code",
        "kbd",
        "var",
        "samp",
        "tt",
        "bdi",
        "bdo",
        "ins",
        "del",
        "wbr",
        "nobr",
        "button",
    ]
)
RENAME = {"i": "em", "b": "strong", "cite": "em", "dfn": "em", "h1": "h2"}
#: Elements that end a line of text when flattened (their text is a paragraph of its own).
PARAGRAPH_LIKE = frozenset(
    [
        "div",
        "section",
        "article",
        "header",
        "main",
        "address",
        "pre",
        "dt",
        "dd",
        "tr",
        "caption",
        "details",
        "summary",
        "center",
    ]
)
_HIDDEN_CLASS = re.compile(
    r"\b(?:visuallyhidden|visually-hidden|sr-only|hidden|screen-reader-text)\b"
)
_SPACE = re.compile(r"[ \t\n\r\f\u00a0]+")
#: Characters XML cannot hold: lxml's HTML parser keeps them, but the cleaner's tree
#: refuses them (ValueError), so they are dropped before parsing.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

#: Pandoc's Markdown without anything a body could use to smuggle in raw markup.
MARKDOWN = "markdown-raw_html-raw_attribute-raw_tex-native_divs-native_spans-fenced_divs"


def parse_document(text: str) -> etree._Element:
    """An HTML document as a tree, parsed without network or entity resolution."""
    text = _NOT_XML.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=False, remove_pis=True, recover=True
    )
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"the HTML could not be parsed: {exc}", code="S005") from None
    return root


def parse_fragment(markup: str) -> etree._Element:
    """An HTML fragment (a body from an API) in a ``div``."""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    wrapper: etree._Element = lxml_html.fragment_fromstring(
        _NOT_XML.sub("", markup or ""), create_parent="div", parser=parser
    )
    return wrapper


def parse_xml(data: bytes) -> etree._Element:
    """XML parsed without DTDs, external entities or network."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    return etree.fromstring(data, parser=parser)


def text_of(element: etree._Element) -> str:
    """The text a reader sees in ``element``, on one line."""
    return _SPACE.sub(" ", "".join(str(t) for t in element.itertext())).strip()


def is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    return bool(_HIDDEN_CLASS.search(element.get("class") or ""))


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


class _Cleaner:
    """Copies an element's content into a new tree, keeping only the allow-list."""

    def __init__(self, base_url: str | None) -> None:
        self.base_url = base_url

    def clean(self, source: etree._Element) -> etree._Element:
        root = etree.Element("div")
        self._children(source, root)
        _group_loose(root)
        _drop_empty(root)
        return root

    def _href(self, element: etree._Element) -> str | None:
        href = (element.get("href") or "").strip()
        if not href or href.startswith("#"):
            return None
        if self.base_url:
            href = urljoin(self.base_url, href)
        parts = urlsplit(href)
        if parts.scheme in ("http", "https") and parts.netloc:
            return href
        return None

    def _children(self, source: etree._Element, target: etree._Element) -> None:
        _append_text(target, source.text)
        for child in source:
            self._element(child, target)
            _append_text(target, child.tail)

    def _element(self, element: etree._Element, target: etree._Element) -> None:
        tag = RENAME.get(_tag(element), _tag(element))
        if not tag or tag in DROP or is_hidden(element):
            return
        lang = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang")
        if tag in BLOCKS or tag in INLINE:
            if tag == "a":
                href = self._href(element)
                if href is None:
                    self._children(element, target)
                    return
                new = etree.SubElement(target, "a", href=href)
            elif tag == "span":
                if not lang:
                    self._children(element, target)
                    return
                new = etree.SubElement(target, "span", lang=lang)
                lang = None
            else:
                new = etree.SubElement(target, tag)
            if lang and tag != "br":
                inner = etree.SubElement(new, "span", lang=lang)
                self._children(element, inner)
            else:
                self._children(element, new)
            return
        if tag in ("table", "thead", "tbody", "tfoot", "dl"):
            self._children(element, target)
            return
        if tag in ("tr", "dt", "dd", "pre", "address", "caption"):
            paragraph = etree.SubElement(target, "p")
            if tag == "tr":
                cells = [text_of(cell) for cell in element if _tag(cell) in ("td", "th")]
                paragraph.text = " – ".join(c for c in cells if c)
            else:
                self._children(element, paragraph)
            return
        if tag in INLINE_UNWRAP or (not _has_block(element) and _tag(target) != "div"):
            # An inline element not on the list: keep its content, not the element.
            if lang:
                span = etree.SubElement(target, "span", lang=lang)
                self._children(element, span)
            else:
                self._children(element, target)
            return
        if _has_block(element):
            # A container: its blocks are the content.
            self._children(element, target)
            return
        # A container of text only (a div with a line in it): a paragraph.
        paragraph = etree.SubElement(target, "p")
        holder = etree.SubElement(paragraph, "span", lang=lang) if lang else paragraph
        self._children(element, holder)


def _has_block(element: etree._Element) -> bool:
    return any(
        _tag(d) in BLOCKS or _tag(d) in PARAGRAPH_LIKE or _tag(d) in ("table", "tr", "dl", "br")
        for d in element.iterdescendants()
    )


def _group_loose(container: etree._Element) -> None:
    """Wrap runs of loose text and inline elements between blocks into paragraphs."""
    for child in list(container):
        if _tag(child) == "blockquote":
            _group_loose(child)
    if not any(_tag(child) in BLOCKS for child in container):
        return
    items: list[etree._Element | str] = []
    if container.text and container.text.strip():
        items.append(container.text)
    for child in container:
        items.append(child)
        if child.tail and child.tail.strip():
            items.append(child.tail)
        child.tail = None
    container.text = None
    for child in list(container):
        container.remove(child)
    run: etree._Element | None = None
    for item in items:
        if isinstance(item, str) or _tag(item) not in BLOCKS:
            if run is None:
                run = etree.SubElement(container, "p")
            if isinstance(item, str):
                _append_text(run, item)
            else:
                run.append(item)
            continue
        run = None
        container.append(item)


def _append_text(target: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(target):
        last = target[-1]
        last.tail = (last.tail or "") + text
    else:
        target.text = (target.text or "") + text


def _drop_empty(root: etree._Element) -> None:
    """Remove blocks with no visible text and chrome lines ("Til toppen")."""
    for element in list(root.iter()):
        tag = _tag(element)
        if element is root or tag in ("br", "hr"):
            continue
        text = text_of(element)
        empty = not text and not element.findall(".//br") and tag != "li"
        if empty or (tag in ("p", "a", "li") and chrome.is_noise(text)):
            parent = element.getparent()
            if parent is None:
                continue
            _append_text_before(element, element.tail)
            parent.remove(element)


def _append_text_before(element: etree._Element, tail: str | None) -> None:
    if not tail:
        return
    previous = element.getprevious()
    parent = element.getparent()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    elif parent is not None:
        parent.text = (parent.text or "") + tail


def clean(element: etree._Element, base_url: str | None = None) -> etree._Element:
    """A copy of ``element``'s content with only the allow-listed markup."""
    return _Cleaner(base_url).clean(element)


def blocks(root: etree._Element) -> Iterator[etree._Element]:
    """The top-level blocks of a cleaned tree."""
    yield from (child for child in root if _tag(child))


def to_markdown(cleaned: etree._Element) -> str:
    """A cleaned tree as pandoc Markdown, ending in a newline ("" if it has no text)."""
    if not text_of(cleaned) and not len(cleaned):
        return ""
    markup = (cleaned.text or "") + "".join(
        str(etree.tostring(child, encoding="unicode", method="html")) for child in cleaned
    )
    try:
        markdown: str = pypandoc.convert_text(
            markup,
            MARKDOWN,
            format="html",
            extra_args=["--sandbox", "--wrap=none"],
            verify_format=False,  # fixed formats: skip pypandoc's two extra pandoc runs
        )
    except RuntimeError as exc:
        raise SourceError(f"pandoc could not read the HTML body: {exc}", code="S005") from None
    markdown = markdown.replace("\r\n", "\n").strip()
    return markdown + "\n" if markdown else ""
