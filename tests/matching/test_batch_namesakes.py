"""Telling namesakes apart in a large ``dedupe``: how the other holders of a pair's
whole name are counted (``vector.weights``), and a man's name against the woman's
made from it (``compare.gendered``)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from haven.matching import Record
from haven.matching.compare import compare, levels_for, profile
from haven.matching.vector import core_levels, encode_records

weights = sys.modules["haven.matching.vector.weights"]  # the module, not the function


def _pair_and(others: list[Record]) -> list[Record]:
    pair = [
        Record("a", "Arben", "Hoxha", sex="male", birth_year=1980),
        Record("b", "Arben", "Hoxha", sex="male", birth_year=1980),
    ]
    filler = [Record(f"f{k}", f"Name{k}", f"Family{k}") for k in range(6)]
    return pair + others + filler


def _other(rid: str, **kw: object) -> Record:
    return Record(rid, "Arben", "Hoxha", **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("others", "namesakes"),
    [
        ([], 0),  # only the pair holds the name
        ([_other("c", sex="male", birth_year=1981)], 0),  # may be a third registration
        ([_other("c")], 0),  # nothing tells: may be a third registration
        ([_other("c", sex="male", birth_year=1960)], 1),  # another birth: a namesake
        ([_other("c", sex="female", birth_year=1980)], 1),  # another sex: a namesake
        ([_other("c", birth_year=1980), _other("d", birth_year=1980)], 1),  # one allowed for
        ([_other("c", birth_year=1960), _other("d", birth_year=1980)], 1),
        ([_other("c", birth_year=1960), _other("d", birth_year=1990)], 2),
        ([_other(str(k), birth_year=1900 + k) for k in range(8)], 7),  # many: less one
    ],
)
def test_namesakes_are_counted_unless_they_could_be_the_same_person(
    others: list[Record], namesakes: int
) -> None:
    records = _pair_and(others)
    enc = encode_records(records)
    key = weights.whole_names(enc)
    i, j = np.array([0], dtype=np.int64), np.array([1], dtype=np.int64)
    share = weights._shares_of(enc, key, i, j)
    assert share[0] * len(records) == pytest.approx(namesakes)


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Karim", "Karima", "similar"),  # a man's name and the woman's made from it
        ("Arben", "Arbena", "similar"),
        ("Hamid", "Hamideh", "similar"),
        ("Abdullah", "Abdulla", "exact"),  # one name, two spellings of its ending
        ("Fatima", "Fatemeh", "exact"),
        ("Zohreh", "Zohre", "exact"),
        ("Reza", "Reaz", "exact"),  # letters swapped, not an ending added
        ("Karim", "Kareem", "exact"),
    ],
)
def test_a_mans_name_and_the_womans_made_from_it_are_two_names(a: str, b: str, level: str) -> None:
    ra, rb = Record("a", a, "Hoxha"), Record("b", b, "Hoxha")
    per_pair = dict(compare(profile(ra), profile(rb)))
    assert levels_for("given_name")[per_pair["given_name"]] == level
    enc = encode_records([ra, rb])
    core = core_levels(enc, np.array([0]), np.array([1]))
    assert int(core["given_name"][0]) == per_pair["given_name"]


def _spelling_bits(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """The given-name bits of spelling_parts for a register of these pairs (all
    taken as sure matches): those of the first pair, and of a pair of two
    spellings ("Mohammad", "Muhammad") added last."""
    names = [*pairs, ("Mohammad", "Muhammad")]
    records = [
        Record(f"{k}{side}", name, f"Family{k}")
        for k, pair in enumerate(names)
        for side, name in zip("ab", pair, strict=True)
    ]
    enc = encode_records(records)
    i = np.arange(0, len(records), 2, dtype=np.int64)
    j = i + 1
    core = {f: np.zeros(len(i), dtype=np.int64) for f in ("given_name", "family_name")}
    bits = weights.spelling_parts(enc, i, j, core, np.ones(len(i), dtype=bool))["given_name"]
    return float(bits[0]), float(bits[-1])


@pytest.mark.parametrize(
    ("pairs", "same", "other"),
    [
        # each person's records share a spelling, though the register has two:
        # the same spelling is evidence, another spelling counts against
        ([("Mohammad", "Mohammad"), ("Muhammad", "Muhammad")] * 40, ">", "<"),
        # spellings written anew on each record: as often the same as by chance
        (
            [("Mohammad", "Mohammad"), ("Muhammad", "Muhammad")] * 20
            + [("Mohammad", "Muhammad"), ("Muhammad", "Mohammad")] * 20,
            "=",
            "=",
        ),
        ([("Mohammad", "Mohammad")] * 10, "=", "="),  # too few sure pairs to tell
    ],
)
def test_a_shared_spelling_counts_where_matches_copy_spellings(
    pairs: list[tuple[str, str]], same: str, other: str
) -> None:
    got_same, got_other = _spelling_bits(pairs)
    for got, want in ((got_same, same), (got_other, other)):
        assert {">": got > 0.1, "<": got < -0.1, "=": got == 0.0}[want], (got, want)


@pytest.mark.parametrize(
    ("place", "sign"),
    # Tehran is common in any spelling (Tihran: another key, the same skeleton)
    [("Tehran", -1), ("Teheran", -1), ("Tihran", -1), ("Sanandaj", 1)],
)
def test_exact_place_agreement_weighs_by_the_places_frequency(place: str, sign: int) -> None:
    from haven.matching import MatchModel

    towns = ["Tehran"] * 30 + ["Teheran"] * 29 + ["Tihran"] + ["Sanandaj"] * 2 + ["Tabriz"] * 20
    towns += [f"Town{k}" for k in range(18)]
    records = [Record(str(k), "Ali", "Rezaei", place_of_origin=t) for k, t in enumerate(towns)]
    records.append(Record("x", "Ali", "Rezaei", place_of_origin=place))
    enc = encode_records(records)
    first = towns.index(place)
    i = np.array([first], dtype=np.int64)
    j = np.array([len(records) - 1], dtype=np.int64)
    bits = weights.place_parts(
        enc, i, j, np.zeros(1, dtype=np.int64), MatchModel.default().tf_adjustment
    )
    assert np.sign(bits[0]) == sign
