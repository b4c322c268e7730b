"""Language of parts in WeasyPrint's tag tree.

WeasyPrint 70 tags the structure of a document but sets ``/Lang`` only on the catalog.
PDF/UA (ISO 14289-1, 7.2) asks that a change of natural language be marked, so a Sámi
greeting in a Norwegian speech must carry ``/Lang (se)`` on its structure element.
This wraps WeasyPrint's tag-tree builder once per process: the structure element made
for any element with a ``lang`` attribute carries that language as ``/Lang`` (a value
equal to the inherited one is redundant and harmless). Pinned to the WeasyPrint version
in pyproject.toml; the test suite checks the result.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pydyf  # type: ignore[import-untyped]
from weasyprint import document as wp_document
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as wp_stream
from weasyprint.pdf import tags

_installed = False


def install() -> None:
    """Make WeasyPrint mark language changes on structure elements (idempotent)."""
    global _installed
    if _installed:
        return
    original = tags._build_box_tree
    original_marked = wp_stream.Stream.marked
    original_draw_page = wp_document.draw_page

    def draw_page(page: Any, stream: Any) -> Any:
        # Everything in the page-margin boxes (running header, page numbers) is a
        # pagination artifact: not tagged, not read aloud (PDF/UA 7.8, Matterhorn 18).
        stream._publish_artifacts = {
            id(box)
            for margin in page.children
            if isinstance(margin, boxes.MarginBox)
            for box in margin.descendants()
        }
        return original_draw_page(page, stream)

    def marked(self: Any, box: Any, tag: str) -> Any:
        if id(box) in getattr(self, "_publish_artifacts", ()):
            return self.artifact()
        return original_marked(self, box, tag)

    def build_box_tree(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        lang = element.get("lang") if element is not None and hasattr(element, "get") else None
        mark = bool(lang) and tag not in (None, "html", "body")
        for struct in original(box, parent, pdf, *args):
            if mark and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            _record(struct, element)
            yield struct

    original_data = pydyf.Stream.data

    def stream_data(self: Any) -> bytes:
        # A stream whose (compressed) data ends in CR is followed by LF and "endstream"
        # in pydyf; a reader may take that CR LF for the end-of-line marker and count one
        # byte short of /Length. Writing CR LF as the marker leaves no doubt.
        out: bytes = original_data.fget(self)
        if out.endswith(b"\r\nendstream"):
            out = out[: -len(b"\nendstream")] + b"\r\nendstream"
        return out

    tags._build_box_tree = build_box_tree
    pydyf.Stream.data = property(stream_data)
    wp_stream.Stream.marked = marked
    wp_document.draw_page = draw_page
    _installed = True


# --- One structure element per HTML element, however many pages it spans. ---------
#
# WeasyPrint builds the tag tree page by page, so an article that runs over three pages
# becomes three /Art elements, a paragraph split by a page break two /P elements
# (WeasyPrint issue 2903). Assistive technology then announces three articles. The
# wrapper below records which HTML element each structure element was made for; the
# finisher merges adjacent siblings made for the same element, top-down.

_source_of: dict[int, int] = {}


def _record(struct: Any, element: Any) -> None:
    if element is not None:
        _source_of[id(struct)] = id(element)


def _number(reference: Any) -> int:
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    return int(text.split()[0])


def merge_split_elements(pdf: Any) -> int:
    """Merge structure elements that one HTML element was split into; returns merges."""
    objects = pdf.objects
    if "StructTreeRoot" not in pdf.catalog:
        return 0
    replaced: dict[bytes, bytes] = {}

    def resolve(reference: Any) -> Any:
        if isinstance(reference, bytes | str) and str(
            reference.decode() if isinstance(reference, bytes) else reference
        ).endswith(" R"):
            return objects[_number(reference)]
        return None

    def merge_children(node: Any) -> None:
        kids = node.get("K")
        if not isinstance(kids, list):
            return
        merged: list[Any] = []
        previous: Any = None
        for kid in kids:
            struct = resolve(kid)
            if (
                previous is not None
                and struct is not None
                and struct.get("S") == previous.get("S")
                and _source_of.get(id(struct)) is not None
                and _source_of.get(id(struct)) == _source_of.get(id(previous))
            ):
                for grandchild in struct["K"]:
                    target = resolve(grandchild)
                    if target is not None:
                        target["P"] = previous.reference
                        previous["K"].append(grandchild)
                    elif isinstance(grandchild, int) and struct.get("Pg") != previous.get("Pg"):
                        # A marked-content id on another page needs its page named.
                        previous["K"].append(
                            pydyf.Dictionary(
                                {"Type": "/MCR", "Pg": struct["Pg"], "MCID": grandchild}
                            )
                        )
                    else:
                        previous["K"].append(grandchild)
                replaced[struct.reference] = previous.reference
                struct.clear()
                continue
            merged.append(kid)
            if struct is not None:
                previous = struct
        node["K"] = pydyf.Array(merged)
        for kid in merged:
            struct = resolve(kid)
            if struct is not None:
                merge_children(struct)

    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    for top in root["K"]:
        merge_children(objects[_number(top)])

    _repair_list_items(pdf, root, resolve)

    if replaced:
        parent_tree = objects[_number(root["ParentTree"])]
        nums = parent_tree["Nums"]
        for index, value in enumerate(nums):
            if isinstance(value, list):
                for j, reference in enumerate(value):
                    if reference in replaced:
                        value[j] = replaced[reference]
            elif isinstance(value, bytes) and value in replaced:
                nums[index] = replaced[value]
    _source_of.clear()
    return len(replaced)


def _repair_list_items(pdf: Any, root: Any, resolve: Any) -> None:
    """Put the content of every LI into an LBody (PDF/UA 7.2-20: LI holds Lbl and LBody).

    WeasyPrint wraps only anonymous content in LBody; a loose Markdown list, whose items
    hold paragraphs, comes out as LI > (Lbl, P), which PDF/UA forbids.
    """

    def visit(node: Any) -> None:
        kids = node.get("K")
        if not isinstance(kids, list):
            return
        if node.get("S") == "/LI":
            body: Any = None
            rebuilt: list[Any] = []
            for kid in kids:
                struct = resolve(kid)
                tag = struct.get("S") if struct is not None else None
                if tag in ("/Lbl", "/LBody"):
                    rebuilt.append(kid)
                    if tag == "/LBody":
                        body = struct
                    continue
                if body is None:
                    body = pydyf.Dictionary(
                        {
                            "Type": "/StructElem",
                            "S": "/LBody",
                            "K": pydyf.Array(),
                            "P": node.reference,
                        }
                    )
                    if "Pg" in node:
                        body["Pg"] = node["Pg"]
                    pdf.add_object(body)
                    rebuilt.append(body.reference)
                body["K"].append(kid)
                if struct is not None:
                    struct["P"] = body.reference
            node["K"] = pydyf.Array(rebuilt)
        for kid in node["K"]:
            struct = resolve(kid)
            if struct is not None:
                visit(struct)

    for top in root["K"]:
        visit(resolve(top))
