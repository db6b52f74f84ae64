"""`haven link` and `haven dedupe` as an operator meets them."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEntry

HEADER = "id,given_name,family_name,other_names,sex,birth_date,birth_year,place_of_origin\n"


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("link", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_link_two_files(tmp_path, db):
    register = _write(
        tmp_path,
        "register.csv",
        HEADER
        + "r1,نسرین,رضایی,Nasreen Rezaie,F,,1987,Tabriz\n"
        + "r2,Hossein,Karimi,,m,1980-05-01,,Shiraz\n"
        + "r3,Maryam,Ahmadi,,female,,1990,Qom\n",
    )
    queries = _write(
        tmp_path,
        "queries.csv",
        HEADER + "q1,Nasrin,Rezaei,,f,,1988,Tabriz\n" + "q2,Husayn,Karimi,حسین کریمی,M,,1980,\n",
    )
    result = tmp_path / "result.csv"
    _run(register, queries, "--top", "2", "--out", str(result))
    rows = list(csv.DictReader(result.open(encoding="utf-8")))
    assert list(rows[0]) == ["query_id", "candidate_id", "rank", "probability", "why"]
    first = {r["query_id"]: r["candidate_id"] for r in rows if r["rank"] == "1"}
    assert first == {"q1": "r1", "q2": "r2"}
    assert all(float(r["probability"]) <= 1 for r in rows) and rows[0]["why"]


def test_link_reports_bad_rows_by_line_and_exits_non_zero(tmp_path, db):
    register = _write(tmp_path, "register.csv", HEADER + "r1,Ali,Rezaei,,m,,1980,\n")
    queries = _write(
        tmp_path,
        "queries.csv",
        HEADER
        + "q1,Ali,Rezaei,,m,,1980,\n"
        + "q2,Reza,Ahmadi,,m,1980-13-45,,\n"
        + "q3,Reza,Ahmadi,,alien,,,\n"
        + "q1,Ali,Rezaei,,m,,1980,\n",
    )
    out, err = io.StringIO(), io.StringIO()
    result = tmp_path / "result.csv"
    with pytest.raises(CommandError, match="3 row"):
        call_command("link", register, queries, "--out", str(result), stdout=out, stderr=err)
    text = err.getvalue()
    assert "queries.csv:3:" in text and "queries.csv:4:" in text and "queries.csv:5:" in text
    rows = list(csv.DictReader(result.open(encoding="utf-8")))
    assert {r["query_id"] for r in rows} == {"q1"}  # the good row is still linked


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "not found"),
        (["{q}", "--top", "0"], "--top"),
        (["{bad_header}"], "bad header"),
        (["{q}", "{q}", "{q}"], "give QUERIES.csv"),
    ],
)
def test_link_unusable_input(tmp_path, db, args, message):
    q = _write(tmp_path, "q.csv", HEADER + "q1,Ali,,,,,,\n")
    bad_header = _write(tmp_path, "bad.csv", "name,year\nAli,1980\n")
    args = [a.format(q=q, bad_header=bad_header) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("link", *args, stdout=io.StringIO(), stderr=io.StringIO())


def test_link_against_database_is_audited(tmp_path, world, person_factory):
    person = person_factory(given_name="Hossein", family_name="Karimi", birth_year=1980)
    queries = _write(tmp_path, "q.csv", HEADER + "q1,حسین,کریمی,,,,1980,\n")
    out, _err = _run(queries)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["candidate_id"] == str(person.pk)
    assert AuditEntry.objects.filter(action="export", subject_type="register").count() == 1


def test_dedupe_lists_pairs(tmp_path, world, person_factory):
    a = person_factory(
        given_name="Nasrin",
        family_name="Rezaei",
        birth_year=1987,
        sex="female",
        place_of_origin="Tabriz",
    )
    b = person_factory(
        given_name="Nasreen",
        family_name="Rezaie",
        birth_year=1987,
        sex="female",
        place_of_origin="Tabriz",
        other_names=[{"name": "نسرین رضایی", "script": "Arab"}],
    )
    person_factory(given_name="Hossein", family_name="Karimi", birth_year=1960, sex="male")
    out = tmp_path / "pairs.csv"
    call_command("dedupe", "--threshold", "0.5", "--out", str(out), stderr=io.StringIO())
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 1
    assert {rows[0]["left_id"], rows[0]["right_id"]} == {str(a.pk), str(b.pk)}
    assert AuditEntry.objects.filter(action="export").count() == 1
    with pytest.raises(CommandError, match="no agency"):
        call_command("dedupe", "--agency", "Nowhere", stderr=io.StringIO())
    with pytest.raises(CommandError, match="threshold"):
        call_command("dedupe", "--threshold", "2", stderr=io.StringIO())


def test_dedupe_of_a_register_with_no_candidate_pair(world, person_factory):
    """A register with no two people alike (a small demo) used to end in a traceback
    from the model's fit (max() of nothing)."""
    person_factory(given_name="Nasrin", family_name="Rezaei", birth_year=1987)
    person_factory(given_name="Hossein", family_name="Karimi", birth_year=1960)
    out, err = io.StringIO(), io.StringIO()
    call_command("dedupe", stdout=out, stderr=err)
    assert "0 likely duplicate pair(s) among 2 records" in err.getvalue() + out.getvalue()
