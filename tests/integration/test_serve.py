"""``publish serve``: a real server, a real browser, a real edit of a source."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from publish.checks import CHROMIUM_ARGS
from tests.conftest import ROOT, in_ci

PUBLISH = ROOT / ".venv" / "bin" / "publish"
CHROMIUM = "/usr/bin/chromium"


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder of one's own: one new speech, nothing else."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    subprocess.run(
        [str(PUBLISH), "new", "speech", "Live preview", "--lang", "nb"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    return tmp_path


@pytest.fixture
def server(project: Path) -> Iterator[tuple[str, subprocess.Popen[str], Path]]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    log = project / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(PUBLISH), "serve", "--port", "0", "--format", "html", "-j", "1"],
            cwd=project,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        deadline = time.monotonic() + 120
        url = None
        while time.monotonic() < deadline and url is None:
            assert process.poll() is None, log.read_text()
            found = re.search(r"on (http://127\.0\.0\.1:\d+/)", log.read_text())
            url = found.group(1) if found else None
            time.sleep(0.2)
        assert url is not None, log.read_text()
        yield url, process, log
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serves_on_loopback_only_and_injects_reload_only_when_serving(
    server: tuple[str, subprocess.Popen[str], Path], project: Path
) -> None:
    url, _process, _log = server
    assert url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(url + "html/live-preview.html") as response:
        served = response.read().decode()
        assert response.headers["Cache-Control"] == "no-store"
    assert "/__publish__/events" in served
    on_disk = (project / "output" / "html" / "live-preview.html").read_text()
    assert "__publish__" not in on_disk, "the reload script must never reach the built file"
    # Nothing outside the output folder is served.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url + "../sources/live-preview.md")
    refused.value.close()


def test_editing_a_source_reloads_the_open_page(
    server: tuple[str, subprocess.Popen[str], Path], project: Path
) -> None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Python package playwright is not installed")
    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if executable is None:
        _unavailable("Chromium is not installed")
    url, process, log = server
    source = project / "sources" / "live-preview.md"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            page = browser.new_page()
            page.goto(url + "html/live-preview.html")
            assert page.locator("h1").inner_text() == "Live preview"
            # The page is listening before the edit is made.
            page.wait_for_timeout(500)
            text = source.read_text(encoding="utf-8")
            source.write_text(
                text.replace('title: "Live preview"', 'title: "Live preview, edited"'),
                encoding="utf-8",
            )
            page.wait_for_function(
                "document.querySelector('h1').textContent.includes('edited')", timeout=60_000
            )
            assert page.title().startswith("Live preview, edited")
            # A broken source: the page keeps the last good build and says why.
            source.write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
            banner = page.get_by_role("alert")
            banner.wait_for(timeout=60_000)
            assert "S006" in banner.inner_text()
            assert page.locator("h1").inner_text() == "Live preview, edited"
        finally:
            browser.close()
    assert process.poll() is None, log.read_text()
    assert "changed: sources/live-preview.md" in log.read_text()
    # Another site's name rebound to 127.0.0.1 (DNS rebinding) is refused; localhost is not.
    port = url.rstrip("/").rsplit(":", 1)[1]
    for host, status in ((f"attacker.example:{port}", 421), (f"localhost:{port}", 200)):
        request = urllib.request.Request(url + "html/live-preview.html", headers={"Host": host})
        try:
            with urllib.request.urlopen(request) as response:
                got = response.status
        except urllib.error.HTTPError as error:
            got = error.code
            error.close()
        assert got == status, host
