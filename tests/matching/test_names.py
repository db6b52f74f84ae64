"""The synthetic name lists."""

from __future__ import annotations

import pytest

from haven.matching.names import FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, PLACES
from haven.matching.normalise import is_latin, name_keys


def test_sizes() -> None:
    assert len(GIVEN_NAMES_FEMALE) + len(GIVEN_NAMES_MALE) >= 150
    assert len(FAMILY_NAMES) >= 150


@pytest.mark.parametrize("entries", [GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, FAMILY_NAMES, PLACES])
def test_entries_have_persian_and_several_romanisations(entries: tuple) -> None:  # type: ignore[type-arg]
    persian = [p for p, _ in entries]
    assert len(set(persian)) == len(persian), "no duplicates"
    for p, romans in entries:
        assert not is_latin(p), p
        assert len(romans) >= 2 and all(is_latin(r) for r in romans), p


def test_most_romanisations_share_a_key_with_the_persian() -> None:
    total = shared = 0
    for p, romans in GIVEN_NAMES_FEMALE + GIVEN_NAMES_MALE + FAMILY_NAMES:
        for r in romans:
            total += 1
            shared += bool(name_keys(p) & name_keys(r))
    assert shared / total >= 0.97
