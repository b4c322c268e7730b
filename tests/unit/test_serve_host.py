"""Which Host headers the preview server answers (DNS rebinding protection)."""

from __future__ import annotations

import pytest

from publish.serve import host_allowed


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        (None, True),
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("LocalHost:8000", True),
        (" localhost:8000 ", True),
        ("localhost:8001", False),
        ("localhost", False),  # port 80, not this server's
        ("attacker.example:8000", False),
        ("localhost.:8000", False),
        ("127.0.0.1.attacker.example:8000", False),
        ("[::1]:8000", False),  # the server listens on IPv4 only
        ("localhost:²", False),  # a digit, but not an ASCII one
        ("localhost:", False),
        (":8000", False),
        ("", False),
    ],
)
def test_host_allowed(host: str | None, allowed: bool) -> None:
    assert host_allowed(host, 8000) is allowed


def test_no_port_means_80() -> None:
    assert host_allowed("localhost", 80)
    assert host_allowed("127.0.0.1", 80)
