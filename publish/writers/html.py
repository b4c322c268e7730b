"""The accessible web copy: one standalone page per speech, linking its PDF and EPUB."""

from __future__ import annotations

from .. import __version__
from ..config import Settings
from ..i18n import labels_for
from ..render import Rendered, environment
from . import Download, WriteResult


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} kB"
    return f"{size / (1024 * 1024):.1f} MB"


class HtmlWriter:
    name = "html"
    suffix = ".html"
    media_type = "text/html"

    def write(
        self, rendered: Rendered, settings: Settings, downloads: tuple[Download, ...] = ()
    ) -> WriteResult:
        m = rendered.metadata
        labels = labels_for(m.lang)
        links = [
            {
                "href": d.href,
                "media_type": d.media_type,
                "label": labels[d.format],
                "format": d.format.upper(),
                "size": human_size(d.size),
            }
            for d in downloads
        ]
        page = (
            environment()
            .get_template("web.html")
            .render(
                m=m,
                L=labels,
                article=rendered.article,
                downloads=links,
                version=__version__,
                source_name=rendered.speech.path.name,
                sha256=rendered.speech.source.sha256,
            )
        )
        return WriteResult(page.encode("utf-8"))
