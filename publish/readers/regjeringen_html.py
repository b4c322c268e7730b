"""Saved regjeringen.no pages (HTML, today's page template), in any of its languages.

The article, as the template marks it up::

    <main>
      <header class="article-header"><h1>Title</h1></header>
      <div class="article-info"><p>
        <span class="type">Tale/innlegg |</span>
        <span class="date">Dato: 03.07.2026</span>
        <span class="owner">| <a>Statsministerens kontor</a></span>
      </p></div>
      <div class="article-ingress">The lead</div>
      <div class="article-body">…</div>
      <a class="btn-to-top-of-page">Til toppen</a>
    </main>

An archived page adds its banner (``Historisk arkiv``/``Historical archive``) and the
government line (``Publisert under: Regjeringen Solberg``) near the title. These are
read from the article only: the site's menus link to "Historisk arkiv" on every page,
current ones too, and that link is not a banner. The page's ``lang`` is the language of
its chrome; the speech's own language is decided from its text.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml import etree

from ..diagnostics import Severity
from ..metadata import field_for_label
from ..model import RawDocument, Source
from . import chrome
from .collect import Collected
from .html_body import clean, is_hidden, parse_document, text_of, to_markdown

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_LABELLED = re.compile(
    r"^(?P<label>Published under|Publisert under|Publisher|Utgiver|Utgjevar)\s*:\s*"
    r"(?P<value>\S.*)$",
    re.I,
)
_DATE_LABEL = re.compile(r"^(?:Dato|Date)\s*:\s*(?P<value>.+)$", re.I)
#: Page types that are speeches or articles; others (hearings, listings…) are reported.
SPEECH_TYPES = re.compile(
    r"^(?:tale|innlegg|tale/innlegg|tale/artikkel|artikkel|kronikk|speech|statement"
    r"|speech/statement|article|artikkel/kronikk|innlegg/kronikk)$",
    re.I,
)
_SITE_SUFFIX = re.compile(r"\s+[-–|]\s+(?:regjeringen|regjeringa)\.no$", re.I)
#: Chrome regions of the page, dropped before anything is looked for in it.
_CHROME_CLASSES = re.compile(
    r"\b(?:pageHeader|megamenu|hygieneMenu|breadcrumbs?|skipLink|to-top-of-page|page-survey"
    r"|share|social|newsletter|subscribe|language-selector|article-sidebar|footer|cookie)\w*",
    re.I,
)


def _classes(element: etree._Element) -> str:
    return element.get("class") or ""


def _has_class(element: etree._Element, name: str) -> bool:
    return name in _classes(element).split()


def _find_class(root: etree._Element, name: str) -> etree._Element | None:
    for element in root.iter():
        if isinstance(element.tag, str) and _has_class(element, name):
            return element
    return None


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is not None:
        tail = element.tail
        previous = element.getprevious()
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(element)


def _strip_chrome(root: etree._Element) -> list[str]:
    """Drop menus, breadcrumbs, share links and the like; return the chrome's lines."""
    noise_langs: list[str] = []
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        tag = element.tag.lower()
        if tag == "noscript":
            _noise, lang = chrome.noise_language(text_of(element))
            if lang:
                noise_langs.append(lang)
            _remove(element)
        elif tag in ("script", "style", "nav", "footer", "form", "template") or (
            _CHROME_CLASSES.search(_classes(element)) and tag != "main"
        ):
            _remove(element)
    return noise_langs


class RegjeringenHtmlReader:
    name = "regjeringen-html"

    def accepts(self, source: Source) -> bool:
        return bool(_HTML_START.match(source.text[:4000]))

    def read(self, source: Source) -> RawDocument:
        root = parse_document(source.text)
        found = Collected(source.path)
        page_lang = (root.get("lang") or "").strip() or None
        url = _page_url(root, source.text)
        found.put("source_url", url)
        found.evidence.extend(_strip_chrome(root))
        main = _first(root.xpath("//main"))
        if main is None:
            main = _first(root.xpath("//body"))
        if main is None:
            main = root

        header = _find_class(main, "article-header")
        h1 = _first((header if header is not None else main).xpath(".//h1"))
        if h1 is None:
            h1 = _first(root.xpath("//h1"))
        if h1 is not None:
            found.put("title", text_of(h1), _line(h1))
        else:
            title = _first(root.xpath("//title"))
            if title is not None and text_of(title):
                found.put("title", _SITE_SUFFIX.sub("", text_of(title)), _line(title))
                found.note(
                    "S103",
                    Severity.WARNING,
                    "the page has no h1 heading; its <title> is taken as the title",
                    _line(title),
                )

        # The banner, the government and the age notice: lines in the article, not links.
        article = _article_scope(main, h1)
        # On an article page, the banner may stand above the article's column; the body
        # and lead are never looked in (a speech may well mention "Historisk arkiv").
        has_body = _find_class(article, "article-body") is not None
        for element in (main if has_body else article).iter():
            if not isinstance(element.tag, str) or is_hidden(element):
                continue
            if element.tag.lower() == "a" or _inside_link(element) or _in_text(element):
                continue
            text = _own_line(element)
            if not text:
                continue
            if lang := chrome.banner_language(text):
                found.evidence.append(lang)
                found.put("archive_status", text.rstrip("."), _line(element))
            elif age := chrome.age_notice_language(text):
                found.evidence.append(age)
                found.put("archive_status", chrome.age_notice_status(text), _line(element))
            elif m := _LABELLED.match(text):
                name = field_for_label(m.group("label"))
                if name is not None:
                    found.put(name, m.group("value").strip(), _line(element))

        info = _find_class(article, "article-info")
        if info is not None:
            _article_info(info, found)
        ingress = _find_class(article, "article-ingress")
        if ingress is None:
            ingress = _find_class(article, "ingress")
        if ingress is not None:
            found.put("lead", text_of(ingress), _line(ingress))

        body_element = _find_class(article, "article-body")
        if body_element is None:
            body_element = _main_content(article, h1)
            found.note(
                "S103",
                Severity.WARNING,
                "the page has no article body (div.article-body); its main content was "
                "read instead (is this a listing page rather than an article?)",
                _line(main),
            )
        cleaned = clean(body_element, base_url=url)
        _take_markers(cleaned, found)
        return RawDocument(
            reader=self.name,
            fields=found.fields,
            body=to_markdown(cleaned),
            body_line=_line(body_element) or 1,
            diagnostics=tuple(found.notes),
            chrome_lang=_chrome_language(page_lang, found.evidence),
            header_line=(_line(h1) if h1 is not None else _line(main)) or 1,
        )


def _article_info(info: etree._Element, found: Collected) -> None:
    """Type, date and owner (publisher) from the line under the title."""
    for span in info.iter():
        if not isinstance(span.tag, str):
            continue
        if _has_class(span, "date"):
            text = text_of(span)
            m = _DATE_LABEL.match(text)
            found.put("date_text", (m.group("value") if m else text).strip(), _line(span))
        elif _has_class(span, "owner"):
            found.put("publisher", text_of(span).strip(" |"), _line(span))
        elif _has_class(span, "type"):
            kind = text_of(span).strip(" |")
            if kind and not SPEECH_TYPES.match(kind):
                found.note(
                    "S104",
                    Severity.INFO,
                    f"the page's type is {kind!r}, not a speech or article",
                    _line(span),
                )


def _main_content(article: etree._Element, h1: etree._Element | None) -> etree._Element:
    """The content of a page without an article body: what is beside its heading."""
    parent = h1.getparent() if h1 is not None else None
    scope = parent if parent is not None else article
    copy = deepcopy(scope)
    for element in list(copy.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        if element.tag.lower() == "h1" or set(_classes(element).split()) & _USED:
            _remove(element)
    return copy


#: Parts of the page read as fields, never as body.
_USED = {"article-ingress", "ingress", "article-info", "article-header"}


def _line(element: etree._Element) -> int | None:
    """The line an element starts on in the page (None if lxml does not know)."""
    line: object = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else None


def _first(items: object) -> etree._Element | None:
    if isinstance(items, list) and items and isinstance(items[0], etree._Element):
        return items[0]
    return None


def _in_text(element: etree._Element) -> bool:
    """True inside the article's body or lead (its text, not its header)."""
    return any(
        _has_class(e, "article-body") or _has_class(e, "article-ingress")
        for e in (element, *element.iterancestors())
    )


def _inside_link(element: etree._Element) -> bool:
    return any(isinstance(a.tag, str) and a.tag.lower() == "a" for a in element.iterancestors())


def _own_line(element: etree._Element) -> str:
    """The text of an element that holds one line (no block children), else ""."""
    if any(
        isinstance(c.tag, str) and c.tag.lower() in ("p", "div", "ul", "ol", "section")
        for c in element
    ):
        return ""
    text = text_of(element)
    return text if len(text) <= 200 else ""


def _article_scope(main: etree._Element, h1: etree._Element | None) -> etree._Element:
    """The part of the page that is the article (the heading's column), or main."""
    if h1 is None:
        return main
    for ancestor in h1.iterancestors():
        if _has_class(ancestor, "article-content") or _has_class(ancestor, "article"):
            return ancestor
        if ancestor is main:
            break
    return main


def _page_url(root: etree._Element, text: str) -> str | None:
    for xpath in (
        "//link[@rel='canonical']/@href",
        "//meta[@property='og:url']/@content",
    ):
        found = root.xpath(xpath)
        if isinstance(found, list) and found:
            value = str(found[0]).strip()
            if value.startswith(("http://", "https://")):
                return value
    # "Save page as" in some browsers leaves the address in a comment at the top.
    m = re.search(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", text[:2000])
    return m.group(1) if m else None


def _chrome_language(page_lang: str | None, evidence: list[str]) -> str | None:
    if page_lang:
        base = page_lang.lower().split("-")[0]
        return {"no": "nb", "nob": "nb", "nno": "nn"}.get(base, base)
    return chrome.decide_chrome_language(evidence)


def _take_markers(cleaned: etree._Element, found: Collected) -> None:
    """Delivery and translation markers among the first blocks become header fields."""
    for block in list(cleaned)[:3]:
        text = text_of(block)
        if m := chrome.DELIVERY.match(text):
            found.put("delivery_note", m.group("note"))
        elif m := chrome.TRANSLATION.match(text):
            found.put("translation_note", m.group("note"))
        else:
            continue
        cleaned.remove(block)
