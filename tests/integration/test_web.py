"""The web copy in a real browser (Debian Chromium through Playwright), served over HTTP.

Covers WCAG 2.2 AA behaviour that validators cannot see: reflow at 320 CSS px (1.4.10),
the text-spacing overrides (1.4.12), the skip link (2.4.1), keyboard reach and focus order
(2.1.1, 2.4.3, 2.4.11), target size (2.5.8), contrast of 7:1 for reading text, the archive
status visible at load, the search (progressive enhancement, announced results) and the
site without JavaScript. axe-core and the Nu checker run over every page, listing pages
included. Screenshots at 1280 and 375 px, light and dark, go to /tmp/web-shots/.

One browser serves the whole module. Locally a missing browser skips; in CI it fails.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from publish.checks import (
    AXE_TAGS,
    CHROMIUM_ARGS,
    ValidatorMissing,
    ValidatorResult,
    find_project_root,
    run_axe,
    run_vnu,
)
from tests.conftest import in_ci, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.validators

SHOTS = Path("/tmp/web-shots")
CHROMIUM = "/usr/bin/chromium"

SPEECH = "regjeringen-nb-tale-digital-beredskap.html"
SPEECH_PAGES = (
    "regjeringen-speech-third-eu-anti-trafficking-day.html",
    SPEECH,
    "regjeringen-nn-tale-kystkultur.html",
    "govuk-en-speech-open-archives.html",
)
#: The speech pages photographed: one archived (bokmål), one current (English, downloads).
SHOT_PAGES = (SPEECH, "govuk-en-speech-open-archives.html")
#: One page of each kind the site has (speech pages in bokmål and English).
KINDS = (
    SPEECH,
    "govuk-en-speech-open-archives.html",
    "index.html",
    "search.html",
    "government/index.html",
    "government/regjeringen-stoltenberg-ii.html",
    "year/not-stated.html",
    "language/nn.html",
)

#: The WCAG 1.4.12 text-spacing overrides (the bookmarklet most audits use).
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p, li, dd, dt, blockquote { margin-bottom: 2em !important; }
"""

#: Text clipped by its box, text outside the viewport, and text fragments that overlap.
LAYOUT_PROBLEMS = """
() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth) {
    problems.push(`page scrolls sideways: ${doc.scrollWidth} > ${doc.clientWidth}`);
  }
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "");
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest(".skip-link, script, style, noscript, [hidden]")) continue;
    const cs = getComputedStyle(el);
    if (cs.display === "none") continue;
    if (cs.overflowX !== "visible" && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`clipped sideways: ${name(el)}`);
    }
    if (cs.overflowY !== "visible" && el.scrollHeight > el.clientHeight + 1) {
      problems.push(`clipped vertically: ${name(el)}`);
    }
  }
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  let n = 0;
  while ((node = walker.nextNode())) {
    const text = node.textContent.trim();
    if (!text || node.parentElement.closest(".skip-link, script, style, noscript, [hidden]")) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      if (r.right > doc.clientWidth + 1 || r.left < -1) {
        problems.push(`outside the viewport: ${text.slice(0, 40)}`);
      }
      boxes.push({ n, r, text: text.slice(0, 40) });
    }
    n++;
  }
  boxes.sort((a, b) => a.r.top - b.r.top);
  for (let i = 0; i < boxes.length; i++) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].r.top < a.r.bottom; j++) {
      const b = boxes[j];
      if (a.n === b.n) continue;
      const dx = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const dy = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (dx > 1 && dy > 1) problems.push(`overlap: "${a.text}" / "${b.text}"`);
    }
  }
  return problems;
}
"""

#: Every text's contrast with the background it sits on (colours are opaque on this site).
CONTRAST = """
() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return parse(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest(".skip-link, script, style, noscript, [hidden]")) {
      continue;
    }
    const fg = parse(getComputedStyle(el).color).slice(0, 3);
    const [hi, lo] = [lum(fg), lum(background(el))].sort((a, b) => b - a);
    out.push({ text: node.textContent.trim().slice(0, 30), ratio: (hi + 0.05) / (lo + 0.05) });
  }
  return out;
}
"""


# --------------------------------------------------------------------------- fixtures


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    """The build's output folder over HTTP on 127.0.0.1 (fetch() needs http, not file://)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=built))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/html/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python package playwright is not installed")
    if not Path(CHROMIUM).is_file() and shutil.which("chromium") is None:
        _unavailable(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium"),
            headless=True,
            args=list(CHROMIUM_ARGS),
        )
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(
    browser: Browser,
    url: str,
    *,
    width: int = 1280,
    height: int = 800,
    scheme: str = "light",
    javascript: bool = True,
) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=javascript,
        reduced_motion="reduce",
    )
    # Nothing may be fetched from anywhere but this site.
    context.route(lambda u: not u.startswith(url.split("/html/")[0]), lambda route: route.abort())
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page


def close(page: Page) -> None:
    page.context.close()


def all_pages(built: Path) -> list[Path]:
    pages = sorted((built / "html").rglob("*.html"))
    assert len(pages) > 10, pages
    return pages


def axe_script() -> Path:
    path = find_project_root() / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        raise ValidatorMissing(f"{path} not found: npm package axe-core is missing")
    return path


def report(results: list[ValidatorResult]) -> str:
    return "\n".join(
        f"{r.path.name} {m.severity} {m.rule}: {m.message} {m.location or ''}"
        for r in results
        for m in r.messages
        if m.severity in ("fatal", "error")
    )


# --------------------------------------------------------------------------- validators


def test_every_listing_page_has_no_axe_violations_in_light_and_dark(built: Path) -> None:
    # Speech pages, index and search sit at the top of html/ and test_validators.py checks
    # them; this checks the listing pages in the folders below, both schemes at once.
    pages = [p for p in all_pages(built) if p.parent != built / "html"]
    assert pages

    def both() -> list[ValidatorResult]:
        with ThreadPoolExecutor(max_workers=2) as pool:
            runs = pool.map(lambda s: run_axe(pages, color_scheme=s), ("light", "dark"))
            return [r for results in runs for r in results]

    results = require(both)
    assert len(results) == 2 * len(pages)
    assert all(r.errors == 0 for r in results), report(results)


def test_every_site_page_is_valid_in_the_nu_checker(built: Path) -> None:
    pages = all_pages(built)
    results = require(lambda: run_vnu(pages))
    assert len(results) == len(pages)
    assert all(r.errors == 0 for r in results), report(results)


# --------------------------------------------------------------------------- the site


def test_every_page_is_linked_from_the_index_without_javascript(built: Path) -> None:
    from lxml import html as lxml_html

    root = built / "html"
    seen: set[Path] = set()
    todo = [root / "index.html"]
    while todo:
        page = todo.pop().resolve()
        if page in seen:
            continue
        seen.add(page)
        doc = lxml_html.fromstring(page.read_bytes())
        for href in doc.xpath("//a/@href"):
            target = (page.parent / href.split("#")[0]).resolve()
            if href.startswith(("http:", "https:", "#")) or target.suffix != ".html":
                continue
            assert target.is_file(), f"{page.name}: broken link {href}"
            todo.append(target)
    assert {p.resolve() for p in all_pages(built)} == seen


def test_sitemap_lists_every_page(built: Path) -> None:
    from lxml import etree

    tree = etree.parse(str(built / "html" / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text for loc in tree.findall("s:url/s:loc", ns)}
    expected = {p.relative_to(built / "html").as_posix() for p in all_pages(built)}
    assert locs == expected


# --------------------------------------------------------------------------- layout


def test_no_horizontal_scrolling_at_320_px(browser: Browser, site: str, built: Path) -> None:
    page = open_page(browser, site + "index.html", width=320, height=640)
    try:
        wide = []
        for path in all_pages(built):
            page.goto(site + path.relative_to(built / "html").as_posix())
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                wide.append(f"{path.name}: {scroll} > {client}")
        assert not wide, wide
    finally:
        close(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spacing_overrides_clip_or_overlap_nothing(
    browser: Browser, site: str, width: int
) -> None:
    page = open_page(browser, site + "index.html", width=width)
    try:
        found = {}
        for path in (*KINDS[:6], "search.html?q=archive"):
            page.goto(site + path)
            if path.startswith("search.html?"):
                page.wait_for_selector("[data-search-results] li")
            before = page.evaluate(LAYOUT_PROBLEMS)
            assert not before, (path, before)
            page.add_style_tag(content=TEXT_SPACING)
            problems = page.evaluate(LAYOUT_PROBLEMS)
            if problems:
                found[path] = problems[:5]
        assert not found, found
    finally:
        close(page)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_all_text_has_at_least_7_to_1_contrast(browser: Browser, site: str, scheme: str) -> None:
    page = open_page(browser, site + "index.html", scheme=scheme)
    try:
        low = {}
        for path in (*KINDS[:6], "search.html?q=archive"):
            page.goto(site + path)
            if path.startswith("search.html?"):
                page.wait_for_selector("[data-search-results] li")
            texts = page.evaluate(CONTRAST)
            assert texts
            bad = [f"{t['text']!r} {t['ratio']:.2f}" for t in texts if t["ratio"] < 7.0]
            if bad:
                low[path] = bad[:5]
        assert not low, low
    finally:
        close(page)


def test_controls_and_navigation_links_are_at_least_24_px(browser: Browser, site: str) -> None:
    page = open_page(browser, site + "index.html", width=375, height=667)
    try:
        small = {}
        for path in KINDS:
            page.goto(site + path)
            sizes = page.evaluate(
                """() => [...document.querySelectorAll(
                    'nav a, .downloads a, .filters a, .group-list a, .browse-list a, '
                    + '.result-count a, .caption a, .site-name, button, input'
                  )].filter((el) => el.getClientRects().length)
                  .map((el) => {
                    const r = el.getBoundingClientRect();
                    return [el.textContent.trim() || el.tagName, r.width, r.height];
                  })"""
            )
            bad = [s for s in sizes if s[1] < 24 or s[2] < 24]
            if bad:
                small[path] = bad
        assert not small, small
    finally:
        close(page)


# --------------------------------------------------------------------------- keyboard


def test_skip_link_moves_focus_to_main(browser: Browser, site: str) -> None:
    page = open_page(browser, site + SPEECH, width=375, height=667)
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        box = page.locator(".skip-link").bounding_box()
        assert box is not None and box["y"] >= 0 and box["height"] >= 24  # shown when focused
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"
        assert page.evaluate("document.activeElement.tagName") == "MAIN"
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('main')")
    finally:
        close(page)


@pytest.mark.parametrize("path", KINDS[1:6])
def test_tab_reaches_every_link_in_order_and_in_view(
    browser: Browser, site: str, path: str
) -> None:
    page = open_page(browser, site + path, width=375, height=667)
    try:
        if page.locator("[data-search-form]").count():
            # search.js shows the form; count its controls once they are there.
            page.wait_for_selector("[data-search-form]:not([hidden])")
        total = page.evaluate(
            """() => {
              const els = [...document.querySelectorAll('a[href], input, button')]
                .filter((el) => el.getClientRects().length);
              els.forEach((el, i) => el.setAttribute('data-tab', String(i)));
              return els.length;
            }"""
        )
        order: list[int] = []
        hidden: list[str] = []
        for _ in range(total + 3):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                """() => {
                  const el = document.activeElement;
                  if (!el || !el.dataset.tab) return null;
                  const r = el.getBoundingClientRect();
                  const seen = r.bottom > 0 && r.top < innerHeight && r.right > 0
                    && r.left < innerWidth;
                  return [Number(el.dataset.tab), seen,
                    `${el.textContent.trim()} (${r.top}, ${r.bottom})`];
                }"""
            )
            if focused is None or (order and focused[0] == order[0]):
                break
            order.append(focused[0])
            if not focused[1]:
                hidden.append(focused[2])
        assert sorted(order) == list(range(total)), (order, total)
        assert order == sorted(order), "focus order differs from reading order"
        assert not hidden, f"focused but not in view: {hidden}"
    finally:
        close(page)


# --------------------------------------------------------------------------- search


def test_search_finds_a_speech_by_a_title_word_and_announces_the_count(
    browser: Browser, site: str
) -> None:
    page = open_page(browser, site + "index.html")
    try:
        # The index's form is a plain GET form to the search page.
        form = page.locator("form[data-search-form]")
        form.wait_for(state="visible")
        page.get_by_label("Search the speeches").fill("Kystkulturen")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search\.html\?q=Kystkulturen$"))
        status = page.locator("[data-search-status]")
        assert status.get_attribute("aria-live") == "polite"
        assert status.get_attribute("role") == "status"
        page.wait_for_function("document.querySelector('[data-search-status]').textContent")
        assert status.text_content() == "1 speech found for “Kystkulturen”"
        results = page.locator("[data-search-results] li a")
        assert results.count() == 1
        assert results.first.text_content() == "Kystkulturen er ei levande kjelde"
        assert results.first.get_attribute("lang") == "nn"

        # Keyboard only, on the search page itself: type, Enter, results and a new count.
        search = page.get_by_label("Search the speeches")
        search.focus()
        search.fill("")
        page.keyboard.type("Nordmann")
        page.keyboard.press("Enter")
        page.wait_for_function(
            "document.querySelector('[data-search-status]').textContent.startsWith('2 ')"
        )
        assert status.text_content() == "2 speeches found for “Nordmann”"
        assert page.evaluate("document.activeElement.id") == "search-q"
        page.keyboard.press("Tab")  # the search button
        page.keyboard.press("Tab")  # the first result
        assert page.evaluate("document.activeElement.closest('[data-search-results]') !== null")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/regjeringen-nn-tale-kystkultur\.html$"))

        page.goto(site + "search.html?q=zzzzqx")
        page.wait_for_function("document.querySelector('[data-search-status]').textContent")
        assert (
            page.locator("[data-search-status]")
            .text_content()
            .startswith("No speeches found for “zzzzqx”")
        )
        assert page.locator("[data-search-results] li").count() == 0
    finally:
        close(page)


def test_search_results_have_no_axe_violations(browser: Browser, site: str) -> None:
    # run_axe opens files, where search.js cannot fetch its index: check the results here.
    # (Light only: dark differs in colours, which the 7:1 contrast test checks on results.)
    axe_js = require(axe_script)
    page = open_page(browser, site + "search.html?q=Nordmann")
    try:
        page.wait_for_selector("[data-search-results] li")
        page.add_script_tag(path=str(axe_js))
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            list(AXE_TAGS),
        )
        violations = [(v["id"], len(v["nodes"])) for v in result["violations"]]
        assert not violations, violations
    finally:
        close(page)


def test_without_javascript_the_site_still_leads_to_every_speech(
    browser: Browser, site: str
) -> None:
    page = open_page(browser, site + "search.html", javascript=False)
    try:
        assert not page.locator("form[data-search-form]").is_visible()
        notice = page.locator("main p.notice", has_text="Search needs JavaScript")
        assert notice.count() == 1 and notice.is_visible()
        hrefs = page.eval_on_selector_all(".browse-list a", "els => els.map(e => e.href)")
        assert len(hrefs) == 5
        page.goto(site + "government/index.html")
        assert page.locator("main .group-list a").count() >= 3
        page.goto(site + "index.html")
        assert not page.locator("form[data-search-form]").is_visible()
        assert page.locator("main .item-title a").count() == len(SPEECH_PAGES)
    finally:
        close(page)


# --------------------------------------------------------------------------- screenshots


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 667)])
def test_archive_status_is_visible_at_load_and_screenshots(
    browser: Browser, site: str, scheme: str, width: int, height: int
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, site + "index.html", width=width, height=height, scheme=scheme)
    try:
        for path in SPEECH_PAGES:
            page.goto(site + path)
            status = page.locator(".pub-status")
            box = status.bounding_box()
            assert box is not None, path
            assert box["y"] >= 0 and box["y"] + box["height"] <= height, (path, box)
            assert box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
            assert status.is_visible()
            assert (status.text_content() or "").strip()
            if path in SHOT_PAGES:
                page.screenshot(path=str(SHOTS / f"{Path(path).stem}-{width}-{scheme}.png"))
        for path in ("index.html",):
            page.goto(site + path)
            first = page.locator(".item-status").first.bounding_box()
            if width >= 1280:
                assert first is not None and first["y"] + first["height"] <= height, path
            name = path.replace("/", "_").removesuffix(".html")
            page.screenshot(path=str(SHOTS / f"site-{name}-{width}-{scheme}.png"))
    finally:
        close(page)
