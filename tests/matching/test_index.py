"""The incremental index."""

from __future__ import annotations

import datetime

from haven.matching import Candidate, Index, MatchModel, Record

NASRIN = Record(
    "p1",
    given_name="نسرین",
    family_name="رضایی",
    other_names=("Nasreen Rezaie",),
    sex="female",
    birth_year=1987,
    place_of_origin="تبریز",
)
HOSSEIN = Record("p2", "Hossein", "Mohammadi", sex="male", birth_date=datetime.date(1980, 3, 4))
HASSAN = Record("p3", "Hassan", "Mohammadi", sex="male", birth_date=datetime.date(1980, 3, 4))


def make() -> Index:
    index = Index()
    for r in (NASRIN, HOSSEIN, HASSAN):
        index.add(r)
    return index


def test_enquiry_in_another_script_finds_the_person_with_an_explanation() -> None:
    query = Record(
        "q", "Nasrin", "Rezaei", birth_year=1986, birth_year_max=1990, place_of_origin="Tabriz"
    )
    found = make().search(query)
    assert isinstance(found[0], Candidate)
    assert found[0].record_id == "p1"
    assert found[0].probability > 0.9
    fields = {e.field: e for e in found[0].explanation}
    assert fields["family_name"].outcome in ("exact", "strong")
    assert fields["birth"].outcome == "year"
    assert fields["place"].outcome == "exact"
    assert "tabriz" in fields["place"].detail


def test_romanisation_ranks_the_right_name_first() -> None:
    found = make().search(Record("q", "Husayn", "Muhammadi", birth_year=1980))
    assert [c.record_id for c in found[:2]] == ["p2", "p3"]
    assert found[0].weight > found[1].weight


def test_add_replace_remove() -> None:
    index = make()
    assert len(index) == 3 and "p2" in index
    index.add(Record("p2", "Karim", "Jafari", birth_year=1950))
    assert len(index) == 3
    assert index.search(Record("q", "Karim", "Jafari"))[0].record_id == "p2"
    top = index.search(Record("q", "Hossein", "Mohammadi", birth_year=1980))
    assert top[0].record_id == "p3"
    index.remove("p2")
    index.remove("missing")  # no error
    assert "p2" not in index and len(index) == 2
    assert all(c.record_id != "p2" for c in index.search(Record("q", "Karim", "Jafari")))
    index.add(Record("p9", "Karim", "Jafari"))  # the freed slot is reused
    assert index.search(Record("q", "Karim", "Jafari"))[0].record_id == "p9"


def test_exclude_top_and_min_probability() -> None:
    index = make()
    q = Record("q", "Hossein", "Mohammadi", birth_year=1980)
    assert next(c.record_id for c in index.search(q, exclude={"p2"})) == "p3"
    assert len(index.search(q, top=1)) == 1
    assert all(c.probability >= 0.99 for c in index.search(q, min_probability=0.99))


def test_empty_index_and_empty_query() -> None:
    assert Index().search(NASRIN) == []
    assert make().search(Record("q")) == []


def test_model_round_trip() -> None:
    model = MatchModel.default()
    again = MatchModel.from_dict(model.to_dict())
    assert again.to_dict() == model.to_dict()
    index = Index(again)
    index.add(NASRIN)
    assert index.search(NASRIN)[0].record_id == "p1"
