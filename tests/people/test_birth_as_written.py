"""A birth as the person's documents write it (issue 13 item 2): a Solar Hijri date or
year, Persian or Arabic-Indic digits.  The register keeps the text as given and
derives the Gregorian fields from it; the form and the API take it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from haven.people.matching import record_from_values
from haven.people.models import Person
from haven.people.services import person_create, person_update

CASES = [
    # (as written, precision, date, year, latest year)
    ("1365/02/31", "date", dt.date(1986, 5, 21), 1986, None),
    ("۱۳۶۵-۰۲-۳۱", "date", dt.date(1986, 5, 21), 1986, None),
    ("١٣٦٥/٠٢/٣١", "date", dt.date(1986, 5, 21), 1986, None),
    ("1365", "range", None, 1986, 1987),  # a Solar Hijri year spans two Gregorian ones
    ("۱۳۶۵", "range", None, 1986, 1987),
    ("1363-1367", "range", None, 1984, 1989),
    ("1986", "year", None, 1986, None),
    ("1986/05/21", "date", dt.date(1986, 5, 21), 1986, None),
]


@pytest.mark.parametrize(("text", "precision", "date", "year", "latest"), CASES)
def test_the_gregorian_fields_come_from_the_birth_as_written(
    world, text, precision, date, year, latest
):
    p = person_create(
        actor=world.caseworker,
        fields={"given_name": "Nasrin", "family_name": "Rezaei", "birth_as_written": text},
    )
    p.refresh_from_db()
    assert p.birth_as_written == text  # kept as given
    assert (p.birth_precision, p.birth_date, p.birth_year, p.birth_year_max) == (
        precision,
        date,
        year,
        latest,
    )
    assert text in p.birth_display
    assert record_from_values({"given_name": "N", "birth_as_written": text}).birth_text == text


@pytest.mark.parametrize("text", ["1365/12/30", "21/05/1986", "soon", "1299"])
def test_a_birth_the_engine_cannot_read_is_refused_with_the_field(world, text):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as err:
        person_create(
            actor=world.caseworker, fields={"given_name": "Nasrin", "birth_as_written": text}
        )
    assert "birth_as_written" in err.value.message_dict
    assert Person.objects.count() == before


def test_the_written_and_gregorian_births_must_agree(world):
    with pytest.raises(ValidationError) as err:
        person_create(
            actor=world.caseworker,
            fields={
                "given_name": "Nasrin",
                "birth_as_written": "1365/02/31",
                "birth_date": dt.date(1990, 1, 1),
            },
        )
    assert "birth_as_written" in err.value.message_dict


def test_a_new_text_on_update_replaces_the_gregorian_fields(world):
    p = person_create(
        actor=world.caseworker, fields={"given_name": "Nasrin", "birth_as_written": "1365"}
    )
    # a form posts every field: the old Gregorian values come back with the new text
    p = person_update(
        actor=world.caseworker,
        person=p,
        fields={
            "birth_as_written": "1366/01/01",
            "birth_precision": "range",
            "birth_year": 1986,
            "birth_year_max": 1987,
        },
    )
    assert (p.birth_precision, p.birth_date) == ("date", dt.date(1987, 3, 21))


def test_the_api_takes_and_returns_the_birth_as_written(world, as_user):
    c = as_user(world.caseworker)
    r = c.post(
        "/api/v1/people/",
        {"given_name": "Nasrin", "birth_as_written": "۱۳۶۵/۰۲/۳۱"},
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["birth_as_written"] == "۱۳۶۵/۰۲/۳۱"
    assert body["birth_date"] == "1986-05-21"
    r = c.post("/api/v1/people/", {"given_name": "N", "birth_as_written": "1365/12/30"})
    assert r.status_code == 400 and "birth_as_written" in r.json()
