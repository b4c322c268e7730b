from __future__ import annotations

from publish.i18n import LABELS, labels_for


def test_every_language_has_every_label() -> None:
    keys = set(LABELS["en"])
    for lang, table in LABELS.items():
        assert set(table) == keys, lang


def test_unknown_language_falls_back_to_english() -> None:
    assert labels_for("se") is LABELS["en"]
