"""Markdown with YAML front matter: the canonical, editable form of a speech."""

from __future__ import annotations

import re

import yaml

from ..errors import SourceError
from ..model import RawDocument, RawField, Source

_OPEN = re.compile(r"\A(?:\ufeff)?---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """Safe YAML that refuses duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> object:
    seen: set[object] = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
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
        return bool(_OPEN.match(source.text)) or source.path.suffix.lower() in (
            ".md",
            ".markdown",
        )

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
        fields = {str(key): RawField(value, key_lines.get(str(key))) for key, value in data.items()}
        body_start = closing.end()
        body_line = text.count("\n", 0, body_start) + 2
        return RawDocument(
            reader=self.name,
            fields=fields,
            body=text[body_start:].lstrip("\n"),
            body_line=body_line,
        )
