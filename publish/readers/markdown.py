"""Markdown with YAML front matter: the canonical, editable form of a speech."""

from __future__ import annotations

import re
from collections.abc import Hashable

import yaml

from ..errors import SourceError
from ..model import Provenance, RawDocument, RawField, Source
from ..security import confine_body_links

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that refuses duplicate keys instead of silently keeping the last (with
    libyaml's parser when PyYAML has it: ten times faster on an archive's front matter)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> object:
    seen: set[object] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, Hashable):
            # "? {a: b}" makes a mapping a key: no field is named by one (and it is
            # unhashable, which would crash the reader).
            raise yaml.constructor.ConstructorError(
                None, None, "a field name must be text", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is given twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class MarkdownReader:
    name = "markdown"

    def accepts(self, source: Source) -> bool:
        return bool(_OPEN.match(source.text))

    def read(self, source: Source) -> RawDocument:
        text = source.text
        opening = _OPEN.match(text)
        if not opening:
            raise SourceError(
                "the Markdown file has no front matter",
                path=source.path,
                line=1,
                code="S007",
                hint="start the file with a line '---', the fields (title: …), and '---'",
            )
        closing = _CLOSE.search(text, opening.end())
        if not closing:
            raise SourceError(
                "the front matter is not closed",
                path=source.path,
                line=1,
                code="S008",
                hint="end the front matter with a line of three dashes '---'",
            )
        front = text[opening.end() : closing.start()]
        try:
            data = yaml.load(front, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            # Where the broken construct began (an unclosed bracket or quote) is more
            # useful than where the parser gave up, which is often the end.
            marks = [m for m in (exc.context_mark, exc.problem_mark) if m is not None]
            line = min(m.line for m in marks) + 2 if marks else 2
            raise SourceError(
                f"the front matter is not valid YAML: {exc.problem or exc.context}",
                path=source.path,
                line=line,
                code="S006",
                hint="check the quoting and indentation on that line",
            ) from None
        except yaml.YAMLError as exc:
            raise SourceError(
                f"the front matter is not valid YAML: {exc}",
                path=source.path,
                line=2,
                code="S006",
            ) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise SourceError(
                "the front matter is not a list of 'field: value' lines",
                path=source.path,
                line=2,
                code="S007",
            )
        key_lines = {m.group(1): front.count("\n", 0, m.start()) + 2 for m in _KEY.finditer(front)}
        provenance = None
        if "provenance" in data:
            provenance = read_provenance(
                data.pop("provenance"), source, key_lines.get("provenance", 2)
            )
        fields = {str(key): RawField(value, key_lines.get(str(key))) for key, value in data.items()}
        body_start = closing.end()
        body_line = text.count("\n", 0, body_start) + 2
        # Pandoc keeps any link or image address; one to javascript:, data:, file: or
        # the local network must not reach an output (containment, issue 9).
        rest = text[body_start:]
        stripped = rest.lstrip("\n")
        first_line = text.count("\n", 0, body_start + len(rest) - len(stripped)) + 1
        body, problems = confine_body_links(stripped, source.path, first_line)
        return RawDocument(
            reader=self.name,
            fields=fields,
            body=body,
            body_line=body_line,
            diagnostics=tuple(problems),
            chrome_lang=provenance.chrome_lang if provenance else None,
            provenance=provenance,
        )


_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_PROVENANCE_TEXT = ("file", "reader", "encoding", "chrome_lang")
_PROVENANCE_SHA = ("sha256", "checksum")


def read_provenance(value: object, source: Source, line: int) -> Provenance:
    """The ``provenance`` mapping ``publish import`` writes, checked."""

    def problem(message: str) -> SourceError:
        return SourceError(
            f"provenance: {message}",
            path=source.path,
            line=line,
            code="S012",
            hint="let publish import write it, or remove the provenance mapping",
        )

    if not isinstance(value, dict):
        raise problem("expected a mapping of file, sha256, reader, encoding, chrome_lang, checksum")
    unknown = sorted(str(k) for k in value if k not in _PROVENANCE_TEXT + _PROVENANCE_SHA)
    if unknown:
        raise problem(f"unknown key {unknown[0]!r}")
    for key in _PROVENANCE_TEXT:
        if value.get(key) is not None and not isinstance(value.get(key), str):
            raise problem(f"{key} must be text")
    for key in _PROVENANCE_SHA:
        found = value.get(key)
        if found is not None and not (isinstance(found, str) and _SHA256.match(found)):
            raise problem(f"{key} must be 64 lowercase hexadecimal digits (a SHA-256)")
    if not value.get("file") or not value.get("sha256"):
        raise problem("file and sha256 are required")
    return Provenance(
        file=str(value["file"]),
        sha256=str(value["sha256"]),
        reader=value.get("reader"),
        encoding=value.get("encoding"),
        chrome_lang=value.get("chrome_lang"),
        checksum=value.get("checksum"),
    )
