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


def test_similarities_do_not_depend_on_what_was_compared_before() -> None:
    """A compound's parts joined have the letters of the compound written fused
    but not always its keys (فاطمه + زهرا: ftm + zhr; فاطمهزهرا: ftmhzhr);
    the similarity caches tell them apart, so no result depends on the order
    in which names were met."""
    from haven.matching.compare import _joined, _tokens
    from haven.matching.compare import names as cnames
    from haven.matching.compare import search as csearch
    from haven.matching.compare.names import token_similarity
    from haven.matching.compare.search import search_token_similarity

    split, fused = _joined(_tokens("فاطمه زهرا")), _tokens("فاطمهزهرا")[0]
    latin = _tokens("Fatemezahri")[0]  # a key neither has
    assert split.fold == fused.fold and split.key != fused.key
    for sim in (token_similarity, search_token_similarity):
        cnames._SIM_CACHE.clear()
        csearch._SEARCH_SIM.clear()
        one = (sim(latin, split), sim(latin, fused))
        cnames._SIM_CACHE.clear()
        csearch._SEARCH_SIM.clear()
        other = sim(latin, fused)
        assert (sim(latin, split), other) == one
        assert one[0] != one[1]


def test_a_pair_cache_holds_a_value_per_pair_and_starts_again_past_its_cap() -> None:
    from haven.matching.compare.profile import PairCache

    cache: PairCache[str] = PairCache(3)
    cache.put("a", "b", 0.5)
    cache.put("a", "c", 0.25)
    cache.put("a", "b", 0.5)  # the same pair again: still one entry
    cache.put("b", "c", 1.0)
    assert len(cache) == 3 and cache.rows == {"a": {"b": 0.5, "c": 0.25}, "b": {"c": 1.0}}
    assert cache.get("a", "c") == 0.25 and cache.get("c", "a") is None
    assert cache.put("c", "d", 0.75) == 0.75  # past the cap: cleared, then kept
    assert len(cache) == 1 and cache.rows == {"c": {"d": 0.75}}
    assert cache.get("a", "b") is None
