"""CSV input and output for `haven link`."""

from __future__ import annotations

import datetime
import io

import pytest

from haven.matching import Candidate, FieldExplanation, Record
from haven.matching.csvio import RowError, read_records, records_to_csv, write_results

HEADER = "id,given_name,family_name,other_names,sex,birth_date,birth_year,place_of_origin\n"


def test_reads_good_rows() -> None:
    text = HEADER + (
        "r1,Nasrin,Rezaei,نسرین رضایی|Nasreen Rezaie,F,1987-05-03,,Tabriz\n"
        "r2,حسین,محمدی,,male,,1980,\n"
        "r3,Ali,,,,,1985-1988,\n"
        "r4,,,,u,,,\n"
    )
    records, errors = read_records(io.StringIO(text))
    assert errors == []
    r1, r2, r3, r4 = records
    assert r1.other_names == ("نسرین رضایی", "Nasreen Rezaie")
    assert r1.sex == "female" and r1.birth_date == datetime.date(1987, 5, 3)
    assert r2.sex == "male" and r2.birth_year == 1980 and r2.birth_year_max is None
    assert (r3.birth_year, r3.birth_year_max) == (1985, 1988)
    assert r4.sex == "unknown"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x1,A,B,,,1987-13-01,,", "birth_date"),
        ("x1,A,B,,,03/05/1987,,", "birth_date"),
        ("x1,A,B,,woman,,,", "sex"),
        ("x1,A,B,,,,19x7,", "birth_year"),
        ("x1,A,B,,,,1990-1980,", "ends before"),
        (",A,B,,,,,", "id is missing"),
        ("x1,A,B,,,1987-05-03,1990,", "disagree"),
        ("x1,A,B,,,,,,extra", "more cells"),
    ],
)
def test_bad_rows_are_reported_and_skipped(row: str, message: str) -> None:
    text = HEADER + "ok,Zahra,Ahmadi,,,,,\n" + row + "\n"
    records, errors = read_records(io.StringIO(text))
    assert [r.id for r in records] == ["ok"]
    assert len(errors) == 1 and errors[0].line == 3
    assert message in errors[0].message


def test_duplicate_id_is_an_error() -> None:
    records, errors = read_records(io.StringIO(HEADER + "a,X,,,,,,\na,Y,,,,,,\n"))
    assert [r.given_name for r in records] == ["X"]
    assert errors == [RowError(3, "duplicate id 'a'")]


def test_wrong_header() -> None:
    records, errors = read_records(io.StringIO("id,name,surname\n1,A,B\n"))
    assert records == [] and errors[0].line == 1 and "name" in errors[0].message


def test_quoted_multiline_cells_keep_line_numbers() -> None:
    text = HEADER + '"a","X\nY",,,,,,\nb,,,,zz,,,\n'
    _, errors = read_records(io.StringIO(text))
    assert errors[0].line == 4


def test_round_trip_through_a_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    rec = Record("1", "Ali", "Rezaei", ("علی رضایی",), "male", None, 1980, 1982, "Qom")
    path = tmp_path / "r.csv"
    path.write_text(records_to_csv([rec]), encoding="utf-8")
    records, errors = read_records(path)
    assert errors == [] and records == [rec]


def test_write_results() -> None:
    why = (
        FieldExplanation("family_name", "exact", 6.0, ""),
        FieldExplanation("birth", "year", 3.9, ""),
    )
    buf = io.StringIO()
    n = write_results(buf, [("q1", [Candidate("r1", 0.98765, 12.0, why)]), ("q2", [])])
    assert n == 1
    assert buf.getvalue().splitlines() == [
        "query_id,candidate_id,rank,probability,why",
        "q1,r1,1,0.9877,family_name exact; birth year",
    ]
