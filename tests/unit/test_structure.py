"""Structure recovery from plain text, shape by shape."""

from __future__ import annotations

from publish.readers.structure import recover, to_markdown
from publish.readers.text import paragraphs


def kinds(text: str) -> list[str]:
    return [block.kind for block in recover(paragraphs(text))]


def test_salutations_and_closings_are_never_headings() -> None:
    text = (
        "Ladies and gentlemen,\n\nYour Majesty\n\nIt is an honour to speak here today, and I "
        "thank you all for coming from near and far.\n\nThank you\n\nGodt nyttår\n\n"
        "Kjære alle sammen\n\nDet er en glede å være her i dag, sammen med så mange gode venner.\n"
    )
    assert "heading" not in kinds(text)


def test_a_short_line_between_paragraphs_is_a_heading() -> None:
    text = (
        "The first paragraph is long enough to be running text, and it ends like a sentence.\n\n"
        "The way forward\n\nThe second paragraph is long enough to be running text as well, "
        "and it also ends.\n"
    )
    assert kinds(text) == ["paragraph", "heading", "paragraph"]


def test_a_hard_wrapped_paragraph_is_one_paragraph() -> None:
    text = (
        "This paragraph was wrapped by an editor at about sixty characters,\n"
        "so its lines are of about the same length and none of them ends\n"
        "a sentence except the last one, which is shorter than the rest.\n"
    )
    (block,) = recover(paragraphs(text))
    assert block.kind == "paragraph"
    assert "\n" not in block.markdown


def test_deliberate_short_lines_are_a_line_block() -> None:
    text = "Henriette Hansen (e.f.)\navdelingsdirektør\n"
    (block,) = recover(paragraphs(text))
    assert block.kind == "verse"
    assert block.markdown == "| Henriette Hansen (e.f.)\n| avdelingsdirektør"


def test_a_single_marker_is_not_a_list_but_a_sure_bullet_is() -> None:
    assert kinds("- only one line with a dash\n") == ["paragraph"]
    assert kinds("1. only one numbered line, and long enough not to be a heading at all.\n") == [
        "paragraph"
    ]
    assert kinds("• only one bullet\n") == ["list"]


def test_numbers_out_of_sequence_are_not_one_list() -> None:
    md = to_markdown(paragraphs("1. first\n2. second\n\n5. fifth thing on its own line here.\n"))
    assert md.startswith("1.  first\n2.  second\n\n")
    assert "5\\. fifth" in md


def test_dialogue_dashes_are_not_bullets() -> None:
    text = "– Hei, sa hun.\n\n– Hei, svarte han, og smilte.\n\n– Hva nå?\n"
    md = to_markdown(paragraphs(text))
    assert "- " not in md.replace("– ", "")


def test_section_breaks() -> None:
    assert kinds(
        "One paragraph that is long enough to be running text.\n\n*\n\nAnother one.\n"
    ) == ["paragraph", "break", "paragraph"]


def test_a_list_after_its_introduction_in_one_paragraph() -> None:
    md = to_markdown(paragraphs("The plan has two goals:\n• lower emissions\n• more jobs\n"))
    assert md == "The plan has two goals:\n\n- lower emissions\n- more jobs\n"
