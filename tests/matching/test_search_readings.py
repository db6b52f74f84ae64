"""The search-only name readings (``compare.search_tokens_similarity``), used by
``Index.search`` to re-rank its best candidates; the batch path does not use them.
Also the comparison of places, which both paths share."""

from __future__ import annotations

import pytest

from haven.matching import Index, Record
from haven.matching.compare import (
    _tokens,
    name_level,
    place_level,
    profile,
    search_given_similarity,
    search_tokens_similarity,
    tokens_similarity,
)

PAIRS = [
    ("Dariusch", "داریوش", 1),  # inner و written in Persian, not in German romanisation
    ("Yusuf Kaveh", "یوسف کاوه", 1),
    ("Hamid Reza", "حمیدرضا عبدالرضا", 1),  # adjacent tokens joined, one name missing
    ("Nazanim Khadijeh", "Nazanin Khadijeh", 1),  # misspelt, not below missing
    ("Atifa Khadijeh", "Atefeh Khadijeh", 0),  # the other reading of i: one name (عاطفه)
    ("Mahsa Shabnam", "Mahsa Taraneh", 2),  # a different name stays below
    ("Kubra", "کبری", 0),  # Latin key = the Persian alef maksura read "a"
    ("Mustafa", "مصطفی", 0),
    ("Mashadi", "مشهدی", 1),  # the medial ه unwritten in the romanisation
    ("Askari", "عسگری", 1),  # گ romanised k
    ("Asgar", "Asqar", 1),  # gh written g, or q: two Latin spellings of اصغر
    ("مصطف", "مصطفی", 1),  # a Persian letter dropped: a typo, as in Latin
    ("یعقب", "یعقوب", 1),
    ("Hossein", "Hassan", 3),  # inner vowels still tell Latin names apart
    ("حسین", "حسن", 3),  # too short to call one letter a typo
    ("Chalid", "خالد", 1),  # German ch for خ (French and English write it for ش, چ)
    ("Sachidadi", "سخیدادی", 1),
    ("Chadidscha", "خدیجه", 1),
    ("Chosro", "Khosro", 1),
    ("Sherzad", "شیرزاد", 1),  # Dari e for ی between consonants
    ("Chirine", "شیرین", 0),  # the French ch is still the first reading
    ("مریمو", "Maryam", 1),  # across scripts, one typo: a letter added
    ("Mohammafi", "محمدی", 1),  # ... or changed
    ("سکیته", "Sakineh", 1),
    ("Hasan", "حسین", 1),  # the same consonants without the inner ی (as before)
    ("Nima", "نیکا", 4),  # keys under four consonants: no typo reading
    ("Kijani", "کیانی", 1),  # German j for ی
    ("Sarmina", "زرمینه", 1),  # German s for ز
    ("Oumar", "عمر", 1),  # a French ou first is a short u
    ("Djoubouri", "الجبوري", 1),  # the article and the French ou left out
    ("Ahmad", "حامد", 3),  # one key (hmd), the vowel first on one side only
    ("احمدی", "حامدی", 3),  # ... not a typo reading either
]


@pytest.mark.parametrize(
    ("a", "b", "given", "family"),
    [
        ("Mir Ali", "Ali", 1, 4),  # Mir before a given name: a title
        ("میرعلی", "علی", 1, 4),
        ("Mīr Mohammad-Alī", "محمد علي", 1, 2),
        ("Mirhosseini", "Hosseini", 1, 3),  # as a family name, another family
    ],
)
def test_mir_is_a_title_of_given_names_only(a: str, b: str, given: int, family: int) -> None:
    ta, tb = _tokens(a), _tokens(b)
    assert name_level(search_given_similarity(ta, tb)) == given
    assert search_given_similarity(ta, tb) == search_given_similarity(tb, ta)
    assert name_level(search_tokens_similarity(ta, tb)) == family


@pytest.mark.parametrize(("a", "b", "level"), PAIRS)
def test_search_readings(a: str, b: str, level: int) -> None:
    ta, tb = _tokens(a), _tokens(b)
    s = search_tokens_similarity(ta, tb)
    assert s == search_tokens_similarity(tb, ta)
    assert s >= tokens_similarity(ta, tb)
    assert name_level(s) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Tabriz", "Tebriz", 0),
        ("Mashhad", "Mashad", 0),
        ("Meshed", "مشهد", 0),
        ("Urmia", "ارومیه", 0),
        ("Kazvin", "قزوین", 0),
        ("Bandar Abbas", "بندرعباس", 0),
        ("Isfahan", "Isfaham", 1),  # a typo: similar, not the same place
        ("Kerman", "Kermanshah", 1),  # one name extends the other: another place
        ("Kirman", "Kermanshah", 1),
        ("Tabriz", "Tehran", 2),
    ],
)
def test_places(a: str, b: str, level: int) -> None:
    pa = profile(Record("a", place_of_origin=a)).place
    pb = profile(Record("b", place_of_origin=b)).place
    assert pa is not None and pb is not None
    assert place_level(pa, pb) == place_level(pb, pa) == level


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
    index.rerank = 0  # without the re-ranking the namesake comes first
    found = index.search(Record("q", "Hamid Reza", "Asqar Niya", birth_year=1986), top=2)
    assert found[0].record_id == "b"
