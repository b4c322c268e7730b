"""``publish serve``: build, serve the web copy on 127.0.0.1, rebuild on change, reload.

The server is for previewing one's own work, so it listens on the loopback address only.
It serves the output folder (the web copy under /html/, with its PDF and EPUB beside it)
and watches the sources, the styles, the templates and the configuration files. A change
starts an incremental build (the build cache rebuilds only what the change touched);
when it is done, every open page reloads itself. A build that fails shows its problems
in a banner on the page and in the terminal, and the last good files stay served.

The reload script is added to HTML responses as they are served; the files on disk stay
exactly what ``publish build`` writes (no script in any output).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import socketserver
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, unquote, urlsplit

from .config import CONFIG_FILES, Settings
from .diagnostics import Severity
from .errors import PublishError, UsageError
from .fsutil import build_lock
from .pipeline import BuildReport, build
from .progress import Progress

EVENTS = "/__publish__/events"
#: Added before </body> of every HTML response (never to the files). GENERATION is the
#: build the page was served from, so a build that ended before the page connected
#: reloads it; problems of the last build are sent as soon as a page connects.
LIVE_SCRIPT = """<script>
(() => {
  const events = new EventSource("/__publish__/events?since=GENERATION");
  let shown = null;
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("failed", (event) => {
    if (!shown) {
      shown = document.createElement("div");
      shown.setAttribute("role", "alert");
      shown.style.cssText = "position:fixed;inset:0 0 auto 0;z-index:99;padding:1em;" +
        "background:#fff4f4;color:#600;border-bottom:3px solid #a00;" +
        "font:1rem/1.4 system-ui,sans-serif;white-space:pre-wrap";
      document.body.prepend(shown);
    }
    shown.textContent = "publish: the last build had problems; the page shows what " +
      "was built.\\n" + JSON.parse(event.data).join("\\n");
  });
})();
</script>
"""


def watched_files(settings: Settings) -> Iterator[Path]:
    """Everything a build reads: sources, styles, templates and configuration."""
    templates = Path(__file__).resolve().parent / "templates"
    for folder in (settings.sources, settings.styles, templates):
        if folder.is_dir():
            yield from (p for p in folder.rglob("*") if p.is_file())
    for name in CONFIG_FILES:
        if (settings.project / name).is_file():
            yield settings.project / name


def snapshot(settings: Settings) -> dict[Path, tuple[int, int]]:
    state: dict[Path, tuple[int, int]] = {}
    for path in watched_files(settings):
        with contextlib.suppress(OSError):
            stat = path.stat()
            state[path] = (stat.st_mtime_ns, stat.st_size)
    return state


class Preview:
    """What the server threads share: the build the pages should show, and its problems.

    ``generation`` counts the builds that wrote something (pages reload for those);
    ``version`` counts every change of ``problems`` (pages update their banner)."""

    def __init__(self) -> None:
        self.generation = 0
        self.version = 0
        self.problems: list[str] = []
        self.changed = threading.Condition()
        self.stopping = False

    def published(self, report: BuildReport | None, problems: Sequence[str] = ()) -> None:
        with self.changed:
            if report is not None and report.written:
                self.generation += 1
            found = list(problems)
            if report is not None:
                found += [str(d) for d in report.diagnostics if d.severity is Severity.ERROR]
            if found != self.problems:
                self.problems = found
                self.version += 1
            self.changed.notify_all()

    def wait(self, seen: tuple[int, int], timeout: float) -> tuple[int, int]:
        with self.changed:
            self.changed.wait_for(
                lambda: (self.generation, self.version) != seen or self.stopping, timeout
            )
            return self.generation, self.version


#: The names a browser on this machine uses for the loopback address the server binds.
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost"})


def host_allowed(host: str | None, port: int) -> bool:
    """Whether a request's Host header addresses this server (127.0.0.1 or localhost at
    ``port``; no port means 80). No header at all (HTTP/1.0) names no other site."""
    if host is None:
        return True
    name, colon, given = host.strip().lower().rpartition(":")
    if not colon:
        name, given = given, "80"
    if not (given.isascii() and given.isdigit()):
        return False
    return name in LOOPBACK_NAMES and int(given) == port


def _handler(root: Path, preview: Preview, log: IO[str] | None) -> type[Any]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            if log is not None:
                log.write("serve: " + (format % args) + "\n")

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def _foreign_host(self) -> bool:
            """Refuse a request whose Host is not this server's loopback address: a page on
            another site that rebinds its name to 127.0.0.1 (DNS rebinding) must not read
            the preview. A request without Host (HTTP/1.0) names no other site."""
            host = self.headers.get("Host")
            port = int(self.server.server_address[1])  # type: ignore[index]
            if host_allowed(host, port):
                return False
            body = f"not served to host {host!r}: open http://127.0.0.1:{port}/\n".encode()
            self.send_response(421)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return True

        def do_HEAD(self) -> None:
            if not self._foreign_host():
                super().do_HEAD()

        def do_GET(self) -> None:
            if self._foreign_host():
                return
            path = unquote(urlsplit(self.path).path)
            if path == EVENTS:
                self._events()
                return
            if path == "/":
                self.send_response(302)
                self.send_header("Location", "/html/index.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            local = Path(self.translate_path(self.path))
            if path.endswith("/") and (local / "index.html").is_file():
                local = local / "index.html"
            if local.suffix == ".html" and local.is_file():
                self._page(local)
                return
            super().do_GET()

        def _page(self, local: Path) -> None:
            data = local.read_bytes()
            marker = data.rfind(b"</body>")
            script = LIVE_SCRIPT.replace("GENERATION", str(preview.generation)).encode()
            data = data[:marker] + script + data[marker:] if marker >= 0 else data + script
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _send(self, event: str, data: str) -> None:
            self.wfile.write(f"event: {event}\ndata: {data}\n\n".encode())

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            since = parse_qs(urlsplit(self.path).query).get("since", [""])[0]
            with preview.changed:
                seen = (int(since) if since.isdigit() else preview.generation, preview.version)
                current = (preview.generation, preview.version)
                problems = list(preview.problems)
            try:
                self.wfile.write(b"retry: 500\n\n")
                # What the page cannot know yet: a newer build, or the last build's problems.
                if seen[0] != current[0]:
                    self._send("reload", str(current[0]))
                elif problems:
                    self._send("failed", json.dumps(problems))
                self.wfile.flush()
                seen = current
                while not preview.stopping:
                    now = preview.wait(seen, timeout=10.0)
                    if now[0] != seen[0]:
                        self._send("reload", str(now[0]))
                    elif now[1] != seen[1]:
                        self._send("failed", json.dumps(preview.problems))
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
                    seen = now
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser dropping a connection (a reload) is not worth a traceback."""
        kind = sys.exc_info()[0]
        if kind is not None and issubclass(kind, ConnectionError):
            return
        super().handle_error(request, client_address)


def serve(
    load: Callable[[], Settings],
    port: int,
    *,
    progress: Callable[[], Progress],
    report: Callable[[BuildReport], None],
    out: IO[str] = sys.stdout,
    log: IO[str] | None = None,
    interval: float = 0.3,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the output folder on 127.0.0.1:``port``; build, then rebuild on every change
    until interrupted. ``load`` reads the settings (again before each build, so an edit
    of publish.toml takes effect; a broken one is shown, and the last good one kept).

    Raises OSError when the port cannot be had; every problem after that is shown in the
    terminal and on the pages, and the server goes on."""
    settings = load()
    preview = Preview()
    # Bound first: a busy port is reported before any build.
    try:
        server = _Server(("127.0.0.1", port), _handler(settings.output, preview, log))
    except OSError as error:
        raise UsageError(
            f"cannot serve on 127.0.0.1:{port} ({error.strerror or error})",
            code="U008",
            hint="choose another port with --port, or --port 0 for any free one",
        ) from None

    def rebuild() -> None:
        nonlocal settings
        try:
            settings = replace(load(), output=settings.output)
            with build_lock(settings.output):
                shown = progress()
                try:
                    done = build(settings, None, shown)
                finally:
                    shown.close()
        except (PublishError, OSError) as error:
            print(f"publish: {error}", file=sys.stderr, flush=True)
            preview.published(None, [str(error)])
            return
        report(done)
        preview.published(done)

    state = snapshot(settings)
    rebuild()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"Serving {settings.output} on {url} (Ctrl+C to stop)", file=out, flush=True)
    print(f"Watching {settings.sources}, {settings.styles} and the templates", file=out)
    thread = threading.Thread(target=server.serve_forever, name="publish-serve", daemon=True)
    thread.start()
    if ready is not None:
        ready(url)
    try:
        while True:
            time.sleep(interval)
            now = snapshot(settings)
            if now == state:
                continue
            # Let an editor finish writing (several saves in a row make one build).
            time.sleep(interval)
            before, state = state, snapshot(settings)
            changed = sorted(
                str(p.relative_to(settings.project) if p.is_relative_to(settings.project) else p)
                for p in set(before) | set(state)
                if before.get(p) != state.get(p)
            )
            more = " …" if len(changed) > 5 else ""
            print(f"changed: {', '.join(changed[:5])}{more}", file=out, flush=True)
            rebuild()
    finally:
        preview.stopping = True
        with preview.changed:
            preview.changed.notify_all()
        server.shutdown()
        server.server_close()
