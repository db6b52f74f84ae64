"""Blocking keys of the index: partial-name keys and year-proximity weights."""

from __future__ import annotations

import datetime

import pytest

from haven.matching import Index, Record
from haven.matching.compare import profile
from haven.matching.keys import (
    FAR_YEAR,
    NEAR_YEAR,
    PART,
    UNKNOWN_YEAR,
    index_query_keys,
    index_record_keys,
    query_keys,
    record_keys,
)


def test_index_keys_extend_the_batch_keys() -> None:
    p = profile(Record("r", "Majid", "Kazemi", birth_year=1969))
    assert record_keys(p) <= index_record_keys(p)
    assert query_keys(p) <= set(index_query_keys(p))


def test_a_typo_in_one_name_part_still_shares_a_small_key() -> None:
    record = profile(Record("r", "Majid", "Kazemi", birth_year=1969))
    typo_family = profile(Record("q", "Majeed", "Kaizmizn", birth_year=1969))
    typo_given = profile(Record("q", "Mahjd", "Kazemi", birth_year=1969))
    batch_common = record_keys(record) & query_keys(typo_family)
    index_common = index_record_keys(record) & set(index_query_keys(typo_family))
    assert len(index_common) > len(batch_common)
    assert index_record_keys(record) & set(index_query_keys(typo_given))


def test_swapped_names_with_a_typo_still_share_a_key() -> None:
    record = profile(Record("r", "Farzaneh", "Maleki", birth_year=1995))
    query = profile(Record("q", "Maleki", "Faraneh", birth_year=1995))
    assert not record_keys(record) & query_keys(query)
    assert index_record_keys(record) & set(index_query_keys(query))


def test_a_record_without_a_year_shares_small_keys_weighing_less() -> None:
    record = profile(Record("r", "Sahar", "Rahmani"))
    query = profile(Record("q", "Sahha", "Rahmaani", birth_year=1972, birth_year_max=1976))
    weights = index_query_keys(query)
    shared = {weights[k] for k in index_record_keys(record) if k in weights}
    assert shared == {UNKNOWN_YEAR, PART}  # PART: a name part alone, only a pool
    assert UNKNOWN_YEAR < NEAR_YEAR
    # a record with a year is not stored under the unknown-year keys
    dated = profile(Record("r", "Sahar", "Rahmani", birth_year=1990))
    assert {weights[k] for k in index_record_keys(dated) if k in weights} == {PART}


def test_keys_of_widened_years_weigh_less() -> None:
    q = profile(Record("q", "Majid", "Kazemi", birth_year=1969))
    near = profile(Record("r", "Majid", "Kazemi", birth_year=1969))
    far = profile(Record("r", "Majid", "Kazemi", birth_year=1971))
    weights = index_query_keys(q)
    near_w = {weights[k] for k in index_record_keys(near) if k in weights} - {PART}
    far_w = {weights[k] for k in index_record_keys(far) if k in weights} - {PART}
    assert near_w == {NEAR_YEAR}
    assert FAR_YEAR in far_w and FAR_YEAR < NEAR_YEAR


def test_typo_in_family_name_found_among_many_namesakes() -> None:
    """Hundreds of "Majid"s born the same year: the one whose family name the
    typo came from is scored and ranked first."""
    index = Index()
    index.max_scored = 20
    surnames = ["Ahmadi", "Rezaei", "Hosseini", "Karimi", "Moradi", "Jafari", "Rahimi"]
    for i in range(400):
        index.add(
            Record(
                f"d{i}",
                "Majid",
                f"{surnames[i % len(surnames)]}{'abcdefghij'[i % 10]}",
                birth_date=datetime.date(1967 + i % 5, 1 + i % 12, 1 + i % 28),
            )
        )
    index.add(Record("me", "مجید", "کاظمی", sex="male", birth_date=datetime.date(1969, 5, 2)))
    found = index.search(Record("q", "Majeed", "Kazemmi", sex="male", birth_year=1969))
    assert found[0].record_id == "me"


def test_candidates_closest_by_name_are_scored_too() -> None:
    """The right person shares only a large "given name + year" block with a
    query that misspells the family name, while namesakes share many keys;
    ``by_name`` of the scored candidates are picked by name closeness."""
    index = Index()
    index.max_scored, index.by_name = 30, 5
    surnames = ["Ahmadi", "Rezaei", "Hosseini", "Karimi", "Moradi", "Jafari", "Rahimi"]
    for i in range(300):
        family = f"{surnames[i % len(surnames)]}{'abcdefghij'[i % 10]}"
        index.add(Record(f"d{i}", "Fereshteh", family, birth_year=1980 + i % 6))
        index.add(Record(f"e{i}", "Fereshteh", family, other_names=(f"Fereshteh {family}",)))
    index.add(Record("r", "Fereshteh", "Yazdi", birth_year=1982))
    query = Record("q", "Fereshteh", "Yaedii", birth_year=1981, birth_year_max=1985)
    index.by_name = index.by_part = 0
    assert "r" not in [c.record_id for c in index.search(query, top=30)]
    index.by_name = 5
    assert index.search(query, top=1)[0].record_id == "r"


def test_a_slip_in_each_name_part_is_found_among_its_given_name() -> None:
    """No key but a name part alone (``PART``) is shared: a slip in the family
    name moves its first and last consonants, and there is no birth.  The
    ``by_part`` records of the "Gentiana"s closest by name are scored too."""
    index = Index()
    for i, family in enumerate(["Dervishi", "Hoxha", "Krasniqi", "Berisha", "Shehu"] * 8):
        index.add(Record(f"d{i}", "Gentiana", family, birth_year=1950 + i))
    index.add(Record("r", "Gentiana", "Arditi", sex="female", birth_year=1937))
    query = Record("q", "Geentiana", "Adriti", sex="female")
    index.by_part = 0
    assert "r" not in [c.record_id for c in index.search(query, top=50)]
    index.by_part = 10
    assert index.search(query, top=1)[0].record_id == "r"


def test_letter_pair_closeness() -> None:
    import numpy as np

    from haven.matching.index import _dice, _signature

    keys = ["yzdy", "yydy", "dvdy", ""]
    sigs = np.array([_signature(k) for k in keys], dtype=np.uint64)
    d = _dice(np.uint64(_signature("yzdy")), sigs)
    assert d[0] == 1.0 and d[-1] == 0.0
    assert d[1] > d[2]  # a typo is closer than another name
    assert _dice(np.uint64(0), sigs[-1:])[0] == 0.0  # both empty: not close


def test_year_free_keys_survive_a_slip_inside_a_name() -> None:
    """Without a birth, a transposition or a changed letter inside one name part
    still leaves a key in common (first and last consonant of that part)."""
    from haven.matching import Record
    from haven.matching.compare import profile
    from haven.matching.keys import index_query_keys, index_record_keys

    for typed, stored in (
        (("Kutjim", "Ylli"), ("Kujtim", "Ylli")),
        (("Layla", "Haxan"), ("Layla", "Hasan")),
    ):
        q = profile(Record("q", *typed))
        r = profile(Record("r", *stored, birth_date=None, birth_year=1968))
        assert set(index_query_keys(q)) & index_record_keys(r), typed


def test_a_slip_in_each_name_part_and_no_birth_still_meets_by_place() -> None:
    """Initials of both parts and the place: "Nargea Jaafaee" of Tabriez shares
    nothing else with "Narges Jafaree" of Tabreez."""
    from haven.matching import Record
    from haven.matching.compare import profile
    from haven.matching.keys import index_query_keys, index_record_keys

    q = profile(Record("q", "Nargea", "Jaafaee", place_of_origin="Tabriez"))
    r = profile(Record("r", "Narges", "Jafaree", birth_year=1993, place_of_origin="Tabreez"))
    assert set(index_query_keys(q)) & index_record_keys(r)
    # without the place, only the name parts with a letter left out are shared
    from haven.matching.keys import _part_keys, _slip_keys

    q = profile(Record("q", "Nargea", "Jaafaee"))
    slips = {hash(k) for x in (q, r) for k in _slip_keys(_part_keys(x))}
    assert not (set(index_query_keys(q)) & index_record_keys(r)) - slips


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        (("Kujtim", "Hysa"), ("Kuktim", "Hya")),  # a letter changed, a letter left out
        (("Fatemeh", "Rezanezhad"), ("Fatemehh", "Rezanezzhaad")),  # letters added
        (("Gentiana", "Krasniqi"), ("Gentiama", "Krasniki")),  # a letter changed in each
    ],
)
def test_a_slip_in_each_name_part_leaves_a_key_with_a_letter_left_out(
    stored: tuple[str, str], typed: tuple[str, str]
) -> None:
    """Each name part is also filed with one letter of its key left out, and
    looked up so: a letter added, left out or changed in every name part (and no
    birth) still shares a key, among the records of a name part."""
    from haven.matching.keys import index_query_keys, index_record_keys

    right = Record("r", *stored, birth_year=1990)
    query = Record("q", *typed)
    assert set(index_query_keys(profile(query))) & index_record_keys(profile(right))
    index = Index()
    for i in range(300):
        index.add(Record(f"x{i}", f"Given{i}", f"Family{i}", birth_year=1950 + i % 50))
    index.add(right)
    assert index.search(query, top=1)[0].record_id == "r"
