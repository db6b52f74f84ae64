"""Namesakes in a large ``dedupe``: how the other holders of a pair's whole name
are counted (``vector.weights``)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from haven.matching import Record
from haven.matching.vector import encode_records

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
