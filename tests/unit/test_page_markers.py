"""Where the EPUB's page-break markers go: before the first text of each PDF page,
found in the article's text with white space and soft hyphens ignored."""

from __future__ import annotations

from markupsafe import Markup

from publish.writers.epub import insert_page_markers


def test_markers_go_before_each_page_start_across_elements_and_tails() -> None:
    article = Markup(
        "<article><h1>Title</h1>\n<p>First page text, and a <em>long</em>\u00a0sen"
        "\u00adtence</p>\n<p>Second page <strong>begins</strong> here.</p></article>"
    )
    out, markers, missing = insert_page_markers(
        article, ("Title", "sentence", "begins here.", "not in the text")
    )
    assert [m.number for m in markers] == [1, 2, 3]
    assert missing == [4]
    text = str(out)
    one = text.index('id="page-1"')
    assert one < text.index("Title") and text.index("<h1>") < one
    # "sen\u00adtence": the marker goes before "sen", inside the tail of <em>.
    two = text.index('id="page-2"')
    assert text.index("</em>") < two < text.index("sen\u00adtence")
    # Inside <strong>'s text, before "begins".
    three = text.index('id="page-3"')
    assert text.index("<strong>") < three < text.index("begins")
    assert text.count('role="doc-pagebreak"') == 3


def test_a_page_start_is_searched_after_the_previous_one() -> None:
    article = Markup("<p>again and again and again</p>")
    out, markers, missing = insert_page_markers(article, ("again", "again", "again"))
    assert not missing and len(markers) == 3
    text = str(out)
    positions = [text.index(f'id="page-{n}"') for n in (1, 2, 3)]
    assert positions == sorted(positions)
    # Each marker precedes its own "again", not the same one.
    assert text.count("again") == 3
    for n in (1, 2, 3):
        after = text[text.index(f'id="page-{n}"') :]
        assert after.split("/>", 1)[1].startswith("again")
