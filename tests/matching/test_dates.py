"""Dates however they were written: Solar Hijri years and dates, Persian and
Arabic-Indic digits, compared with Gregorian ones with the right uncertainty."""

from __future__ import annotations

import datetime
import io

import numpy as np
import pytest

from haven.matching import Index, Record, score, vector
from haven.matching.compare import BIRTH_LEVELS, compare, profile
from haven.matching.csvio import read_records, records_to_csv
from haven.matching.dates import parse, sh_to_gregorian

D = datetime.date


@pytest.mark.parametrize(
    ("sh", "gregorian"),
    [
        ((1300, 1, 1), D(1921, 3, 21)),
        ((1357, 11, 22), D(1979, 2, 11)),
        ((1365, 2, 31), D(1986, 5, 21)),
        ((1370, 12, 30), D(1992, 3, 20)),  # a leap year's last day
        ((1399, 1, 1), D(2020, 3, 20)),
        ((1403, 12, 30), D(2025, 3, 20)),
        ((1404, 1, 1), D(2025, 3, 21)),
    ],
)
def test_solar_hijri_to_gregorian(sh: tuple[int, int, int], gregorian: D) -> None:
    assert sh_to_gregorian(*sh) == gregorian


@pytest.mark.parametrize(
    ("text", "lo", "hi", "day", "solar_hijri"),
    [
        ("1365", 1986, 1987, None, True),  # a Solar Hijri year spans two Gregorian years
        ("۱۳۶۵", 1986, 1987, None, True),  # Persian digits
        ("١٣٦٥", 1986, 1987, None, True),  # Arabic-Indic digits
        ("1363-1367", 1984, 1989, None, True),
        ("1365/02/31", 1986, 1986, D(1986, 5, 21), True),
        ("۱۳۶۵/۰۲/۳۱", 1986, 1986, D(1986, 5, 21), True),
        ("١٣٦٥-٢-٣١", 1986, 1986, D(1986, 5, 21), True),
        ("1365 ه.ش", 1986, 1987, None, True),
        ("1986", 1986, 1986, None, False),
        ("۱۹۸۶", 1986, 1986, None, False),
        ("1986/05/21", 1986, 1986, D(1986, 5, 21), False),
    ],
)
def test_parse(text: str, lo: int, hi: int, day: D | None, solar_hijri: bool) -> None:
    got = parse(text)
    assert got is not None
    assert (got.lo, got.hi, got.date, got.solar_hijri) == (lo, hi, day, solar_hijri)


@pytest.mark.parametrize(
    "text", ["1365/12/30", "1365/13/01", "21/05/1986", "03/05/1987", "1700", "soon", ""]
)
def test_parse_refuses(text: str) -> None:
    assert parse(text) is None  # no such day, day first (ambiguous), no such year


def _level(a: Record, b: Record) -> str:
    levels = dict(compare(profile(a), profile(b)))
    return BIRTH_LEVELS[levels["birth"]]


@pytest.mark.parametrize(
    ("given", "other", "level"),
    [
        (Record("a", birth_text="1365/02/31"), Record("b", birth_date=D(1986, 5, 21)), "exact"),
        (Record("a", birth_text="۱۳۶۵/۰۲/۳۱"), Record("b", birth_date=D(1986, 5, 21)), "exact"),
        (Record("a", birth_text="1365"), Record("b", birth_date=D(1986, 5, 21)), "year"),
        (Record("a", birth_text="1365"), Record("b", birth_date=D(1987, 2, 1)), "year"),
        (Record("a", birth_year=1365), Record("b", birth_year=1987), "year"),
        (Record("a", birth_year=1365), Record("b", birth_year=1989), "year_within_2"),
        (Record("a", birth_year=1363, birth_year_max=1367), Record("b", birth_year=1988), "year"),
        (Record("a", birth_text="1365"), Record("b", birth_text="۱۳۶۵/۰۲/۳۱"), "year"),
        (Record("a", birth_text="1365/02/31"), Record("b", birth_text="1365/02/13"), "same_year"),
        (Record("a", birth_text="1365/02/31"), Record("b", birth_date=D(1986, 5, 12)), "one_typo"),
    ],
)
def test_birth_levels_across_calendars(given: Record, other: Record, level: str) -> None:
    assert _level(given, other) == level
    assert _level(other, given) == level


def test_the_batch_path_reads_the_same_births() -> None:
    records = [
        Record("a", "Ali", "Rezaei", birth_text="1365/02/31"),
        Record("b", "Ali", "Rezaei", birth_date=D(1986, 5, 21)),
        Record("c", "Ali", "Rezaei", birth_year=1365),
        Record("d", "Ali", "Rezaei", birth_text="۱۳۶۳-۱۳۶۷"),
        Record("e", "Ali", "Rezaei", birth_year=1987),
    ]
    enc = vector.encode_records(records)
    ps = [profile(r) for r in records]
    i, j = np.triu_indices(len(records), 1)
    levels = vector.core_levels(enc, i.astype(np.int64), j.astype(np.int64))
    for k, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        assert int(levels["birth"][k]) == dict(compare(ps[a], ps[b]))["birth"], (a, b)


def test_explanation_shows_what_was_given() -> None:
    pair = score(
        Record("a", "Ali", "Rezaei", birth_text="۱۳۶۵/۰۲/۳۱"),
        Record("b", "Ali", "Rezaei", birth_date=D(1986, 5, 21)),
    )
    birth = next(e for e in pair.explanation if e.field == "birth")
    assert birth.outcome == "exact"
    assert "۱۳۶۵/۰۲/۳۱ SH = 1986-05-21" in birth.detail


def test_an_enquiry_with_a_solar_hijri_year_finds_the_person() -> None:
    index = Index()
    index.add(Record("p1", "Maryam", "Karimi", birth_date=D(1986, 5, 21)))
    index.add(Record("p2", "Maryam", "Karimi", birth_date=D(1960, 1, 2)))
    found = index.search(Record("q", "مریم", "کریمی", birth_text="۱۳۶۵"))
    assert found[0].record_id == "p1"


CSV = """id,given_name,family_name,birth_date,birth_year,birth_year_max
a,Ali,Rezaei,1365/02/31,,
b,Ali,Rezaei,۱۳۶۵/۰۲/۳۱,,
c,Ali,Rezaei,,۱۳۶۵,
d,Ali,Rezaei,,1365,
e,Ali,Rezaei,,1363,1367
f,Ali,Rezaei,,۱۹۸۶,
g,Ali,Rezaei,1365/12/30,,
h,Ali,Rezaei,21/05/1986,,
i,Ali,Rezaei,1986-05-21,1986,
"""


def test_csv_keeps_what_was_given_and_refuses_what_is_no_date() -> None:
    records, errors = read_records(io.StringIO(CSV))
    got = {r.id: (r.birth_date, r.birth_year, r.birth_year_max, r.birth_text) for r in records}
    assert got["a"] == (None, None, None, "1365/02/31")
    assert got["b"] == (None, None, None, "۱۳۶۵/۰۲/۳۱")
    assert got["c"] == (None, None, None, "۱۳۶۵")
    assert got["d"] == (None, None, None, "1365")
    assert got["e"] == (None, None, None, "1363-1367")
    assert got["f"] == (None, None, None, "۱۹۸۶")
    assert got["i"] == (D(1986, 5, 21), None, None, "")
    assert [e.line for e in errors] == [8, 9]  # no 30 Esfand 1365; day first is not guessed
    again, errors = read_records(io.StringIO(records_to_csv(records)))
    assert not errors
    assert [r.birth_text for r in again] == [r.birth_text for r in records]
