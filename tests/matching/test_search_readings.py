"""The search-only name readings (``compare.search_tokens_similarity``), used by
``Index.search`` to re-rank its best candidates; the batch path does not use them."""

from __future__ import annotations

import pytest

from haven.matching import Index, Record
from haven.matching.compare import (
    _tokens,
    name_level,
    search_tokens_similarity,
    tokens_similarity,
)

PAIRS = [
    ("Dariusch", "داریوش", 1),  # inner و written in Persian, not in German romanisation
    ("Yusuf Kaveh", "یوسف کاوه", 1),
    ("Hamid Reza", "حمیدرضا عبدالرضا", 1),  # adjacent tokens joined, one name missing
    ("Atifa Khadijeh", "Atefeh Khadijeh", 1),  # misspelt, not below missing
    ("Mahsa Shabnam", "Mahsa Taraneh", 2),  # a different name stays below
]


@pytest.mark.parametrize(("a", "b", "level"), PAIRS)
def test_search_readings(a: str, b: str, level: int) -> None:
    ta, tb = _tokens(a), _tokens(b)
    s = search_tokens_similarity(ta, tb)
    assert s == search_tokens_similarity(tb, ta)
    assert s >= tokens_similarity(ta, tb)
    assert name_level(s) == level


def test_misspelt_not_below_missing() -> None:
    q = _tokens("Atifa Khadijeh")
    misspelt = search_tokens_similarity(q, _tokens("Atefeh Khadijeh"))
    missing = search_tokens_similarity(q, _tokens("Khadijeh"))
    assert misspelt > missing


def test_index_ranks_with_search_readings() -> None:
    index = Index()
    index.rerank = 10
    index.add(Record("a", "حمیدرضا عبدالرضا", "اصغرنیا", birth_year=1986))
    index.add(Record("b", "Muhammad Reza", "Asgharniya", birth_year=1986))
    found = index.search(Record("q", "Hamid Reza", "Asqar Niya", birth_year=1986), top=2)
    assert [c.record_id for c in found] == ["a", "b"]
    index.rerank = 0  # without the re-ranking (the default) the namesake comes first
    found = index.search(Record("q", "Hamid Reza", "Asqar Niya", birth_year=1986), top=2)
    assert found[0].record_id == "b"
