"""Shared containment helpers: which addresses a speech body may point at.

A body may link to the web (``http``/``https``), to an e-mail address (``mailto``) or to
a place in the document (``#id``). Anything else (``javascript:``, ``data:``, ``file:``,
local paths, the loopback or private network) could run script in a reader's browser,
read a local file or reach a machine the reader did not choose; such a link keeps its
text and loses its address, such an image is replaced by its description.

An image from the public web is not shown but linked: its description becomes a link to
it, in every format. The build fetches nothing, so the PDF could not show it; an EPUB
may not show a remote image (EPUBCheck RSC-006); and a web copy that showed it would have
every reader's browser call a third party.
"""

from __future__ import annotations

import ipaddress
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pypandoc

from .diagnostics import Diagnostic, Severity

#: How speech bodies are read: pandoc Markdown without raw HTML, TeX or raw blocks,
#: so that a source can add no markup pandoc did not make itself.
BODY_FORMAT = "markdown-raw_html-raw_tex-raw_attribute"
LINK_SCHEMES = frozenset(["http", "https", "mailto"])
IMAGE_SCHEMES = frozenset(["http", "https"])
#: Attributes a body may set with pandoc's ``{key=value}`` syntax (never ``on*`` event
#: handlers, ``style`` with its ``url()``, or anything else a browser acts on).
ALLOWED_ATTRIBUTES = frozenset(["lang", "dir", "title", "width", "height"])
#: Text that may hold a Markdown link, image, reference definition, autolink or attributes.
_MAYBE_LINK = re.compile(r"[\]{]|<[A-Za-z][A-Za-z0-9+.-]*:")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]*:")


def may_hold_link(body: str) -> bool:
    """Whether ``body`` matches :data:`_MAYBE_LINK`, decided with substring tests first:
    the regex's alternation scans a long body character by character (0.3 ms for a
    2,000-word speech, which every no-op build paid for every source)."""
    return "]" in body or "{" in body or ("<" in body and _AUTOLINK.search(body) is not None)


_LOCAL_HOSTS = frozenset(["localhost", "localhost.localdomain", "ip6-localhost"])


def _public_host(host: str | None) -> bool:
    if not host:
        return False
    host = host.lower().rstrip(".")
    if host in _LOCAL_HOSTS or host.endswith(".localhost"):
        return False
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return True
    return address.is_global


def safe_link(url: str) -> bool:
    """True if a body may link to ``url``."""
    url = url.strip()
    if url.startswith("#"):
        return True
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return False
    if scheme == "mailto":
        return bool(parts.path)
    return _public_host(parts.hostname)


def safe_image(url: str) -> bool:
    """True if a body may show the image at ``url``."""
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in IMAGE_SCHEMES and _public_host(parts.hostname)


def _is_attr(node: list[Any]) -> bool:
    """True for a pandoc ``Attr``: ``[id, [classes], [[key, value], ...]]``."""
    return (
        len(node) == 3
        and isinstance(node[0], str)
        and isinstance(node[1], list)
        and all(isinstance(c, str) for c in node[1])
        and isinstance(node[2], list)
        and all(
            isinstance(kv, list) and len(kv) == 2 and all(isinstance(x, str) for x in kv)
            for kv in node[2]
        )
    )


def _walk(node: Any, fix: Callable[[dict[str, Any]], Any], removed_attributes: list[str]) -> Any:
    if isinstance(node, list):
        if _is_attr(node):
            kept = [kv for kv in node[2] if kv[0].lower() in ALLOWED_ATTRIBUTES]
            removed_attributes.extend(kv[0] for kv in node[2] if kv not in kept)
            return [node[0], node[1], kept]
        return [_walk(item, fix, removed_attributes) for item in node]
    if isinstance(node, dict):
        node = {key: _walk(value, fix, removed_attributes) for key, value in node.items()}
        if "t" in node:
            return fix(node)
    return node


def confine_body_links(
    body: str, path: Path | None = None, line: int | None = None
) -> tuple[str, list[Diagnostic]]:
    """``body`` (pandoc Markdown) with every unsafe link and image target removed, and
    every image from the web made a link to it.

    A body with nothing to change is returned unchanged (byte for byte); otherwise it is
    rewritten by pandoc, and each removal is reported as an S013 warning, each linked
    image as S016. ``line`` is the line of the file the body starts on: each warning
    names the line where its address (or attribute) is first written.
    """
    if not may_hold_link(body):
        return body, []
    try:
        tree = json.loads(run_pandoc(body, BODY_FORMAT, "json"))
    except (RuntimeError, ValueError, subprocess.TimeoutExpired):
        return body, []  # the render step reports a body pandoc cannot read (in time)
    removed: list[tuple[str, str]] = []  # (what, the text to find it by)
    linked: list[str] = []

    def fix(node: dict[str, Any]) -> Any:
        kind = node["t"]
        if kind not in ("Link", "Image"):
            return node
        _attr, inlines, (url, title) = node["c"]
        if kind == "Link" and safe_link(url):
            return node
        if kind == "Image" and safe_image(url):
            linked.append(url)
            text = inlines or [{"t": "Str", "c": url}]
            return {"t": "Link", "c": [["", ["web-image"], []], text, [url, title]]}
        removed.append((f"{'link to' if kind == 'Link' else 'image at'} {url[:80]!r}", url))
        return {"t": "Span", "c": [["", [], []], inlines]}

    attributes: list[str] = []
    tree = _walk(tree, fix, attributes)
    removed.extend((f"attribute {name!r}", f"{name}=") for name in dict.fromkeys(attributes))
    if not removed and not linked:
        return body, []
    try:
        markdown = run_pandoc(json.dumps(tree), "json", BODY_FORMAT, "--wrap=none")
    except (RuntimeError, subprocess.TimeoutExpired):
        return body, []
    problems = [
        Diagnostic(
            "S016",
            Severity.WARNING,
            f"the image at {url[:80]!r} is linked, not shown: publish shows no image from "
            "the web (the build fetches nothing, an EPUB may not show a remote image, and "
            "the web copy would have readers' browsers call a third party)",
            path,
            _line_of(body, url, line),
        )
        for url in linked
    ]
    problems += [
        Diagnostic(
            "S013",
            Severity.WARNING,
            f"removed the {what}: a body may only link to http(s), mailto or #anchors "
            "and set lang, dir, title, width or height",
            path,
            _line_of(body, needle, line),
            "remove the attribute (the text it was on is kept)"
            if what.startswith("attribute")
            else "point it at a public http(s) address, or remove it",
        )
        for what, needle in removed
    ]
    return markdown.replace("\r\n", "\n").strip() + "\n", problems


def _line_of(body: str, needle: str, first: int | None) -> int | None:
    """The line of the file where ``needle`` is first written in ``body`` (which starts on
    line ``first``); ``first`` when it is not found as written (pandoc may have read an
    address escaped or split)."""
    if first is None:
        return None
    at = body.find(needle)
    return first if at < 0 else first + body.count("\n", 0, at)


#: How long pandoc may take over one body (ordinary speeches take a tenth of a second).
PANDOC_SECONDS = 30.0


def run_pandoc(
    text: str, source: str, target: str, *extra: str, timeout: float = PANDOC_SECONDS
) -> str:
    """``text`` converted by pandoc (pypandoc's binary) from ``source`` to ``target`` in
    its sandbox, within ``timeout`` seconds (``subprocess.TimeoutExpired`` otherwise;
    RuntimeError with pandoc's message when it fails)."""
    run = subprocess.run(
        [pypandoc.get_pandoc_path(), f"--from={source}", f"--to={target}", "--sandbox", *extra],
        input=text.encode("utf-8"),
        capture_output=True,
        timeout=timeout,
    )
    if run.returncode != 0:
        raise RuntimeError(run.stderr.decode("utf-8", errors="replace").strip())
    return run.stdout.decode("utf-8", errors="replace")
