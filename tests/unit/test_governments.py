from __future__ import annotations

import datetime as dt
import itertools

import pytest

from publish.governments import (
    GOVERNMENTS,
    check_government_date,
    find_government,
    government_on,
    same_government,
)


@pytest.mark.parametrize(
    ("english", "norwegian"),
    [
        ("Stoltenberg's 2nd Government", "Regjeringen Stoltenberg II"),
        ("Stoltenberg's 1st Government", "Regjeringen Stoltenberg I"),
        ("Bondevik's 1st Government", "Regjeringen Bondevik I"),
        ("Solberg's Government", "Regjeringen Solberg"),
        ("Støre's Government", "Regjeringa Støre"),
        ("Brundtland's 3rd Government", "Regjeringen Brundtland III"),
        ("Nygaardsvold's Government", "Regjeringen Nygaardsvold"),
    ],
)
def test_english_and_norwegian_names_are_the_same_government(english: str, norwegian: str) -> None:
    assert same_government(english, norwegian)
    (found,) = find_government(english)
    assert find_government(norwegian) == (found,)


def test_different_governments_are_different() -> None:
    assert not same_government("Stoltenberg's 1st Government", "Regjeringen Stoltenberg II")


def test_a_name_without_a_number_means_any_of_the_leaders_governments() -> None:
    assert len(find_government("Regjeringen Bondevik")) == 2
    assert find_government("2015 Conservative government") == ()


def test_the_table_is_in_order_without_gaps() -> None:
    for before, after in itertools.pairwise(GOVERNMENTS):
        assert before.end == after.start, (before, after)
    assert GOVERNMENTS[-1].end is None


def test_names_in_every_language() -> None:
    (g,) = find_government("Regjeringen Stoltenberg II")
    assert (g.name_en, g.name_nb, g.name_nn) == (
        "Stoltenberg's 2nd Government",
        "Regjeringen Stoltenberg II",
        "Regjeringa Stoltenberg II",
    )


def test_date_checks() -> None:
    assert check_government_date("Stoltenberg's 2nd Government", dt.date(2009, 10, 19)) is None
    # The day one government hands over to the next fits both.
    assert check_government_date("Regjeringen Solberg", dt.date(2013, 10, 16)) is None
    assert len(government_on(dt.date(2013, 10, 16))) == 2
    problem = check_government_date("Solberg's Government", dt.date(2005, 3, 14))
    assert problem is not None and "Bondevik's 2nd Government sat then" in problem
    assert check_government_date("Labour Government 2024 to present", dt.date(1990, 1, 1)) is None
