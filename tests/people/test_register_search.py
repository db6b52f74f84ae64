"""The register's search finds what the matching engine finds (issue 7 item 9): any
spelling or script, ranked, within the user's scope, with the other filters applying."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.people.services import person_close, person_share

QUERIES = [
    # (typed in the search box, as the match API's given and family names)
    ("Shireen Mohtashem", {"given_name": "Shireen", "family_name": "Mohtashem"}),
    ("Amene Afshaar", {"given_name": "Amene", "family_name": "Afshaar"}),
    ("Hamid Babayi", {"given_name": "Hamid", "family_name": "Babayi"}),
    ("شیرین محتشم", {"given_name": "شیرین", "family_name": "محتشم"}),
    ("Mohtasham Shirin", {"given_name": "Mohtasham", "family_name": "Shirin"}),
]


@pytest.fixture
def register(world, person_factory) -> dict[str, Any]:
    people = {
        "shirin": person_factory(given_name="Shirin", family_name="Mohtasham", birth_year=1990),
        "amene": person_factory(given_name="Amineh", family_name="Afshar", group_status="member"),
        "hamid": person_factory(given_name="Hamid", family_name="Babaei", sex="male"),
        "shirin_fa": person_factory(given_name="شیرین", family_name="محتشم", group_status="member"),
        "other": person_factory(given_name="Maryam", family_name="Karimi"),
        "hamid_r": person_factory(given_name="Hamid", family_name="Rezaei"),
    }
    # another agency's namesakes: never found by North's users
    for given, family in (("Shirin", "Mohtasham"), ("Amene", "Afshar"), ("Hamid", "Babaei")):
        people[f"south_{given}"] = person_factory(
            actor=world.other_caseworker, given_name=given, family_name=family
        )
    shared = person_factory(actor=world.other_caseworker, given_name="Hamid", family_name="Babai")
    person_share(actor=world.other_caseworker, person=shared, agency=world.north, reason="joint")
    people["shared"] = shared
    return people


def _search(client: Any, **params: Any) -> list[str]:
    r = client.get("/api/v1/people/", {**params, "page_size": 100})
    assert r.status_code == 200, r.content
    return [row["id"] for row in r.json()["results"]]


def _engine(client: Any, body: dict[str, Any]) -> list[str]:
    r = client.post("/api/v1/match/", {**body, "top": 20}, format="json")
    assert r.status_code == 200, r.content
    return [row["person"]["id"] for row in r.json()["results"] if row["probability"] >= 0.5]


@pytest.mark.parametrize(("typed", "body"), QUERIES, ids=[q for q, _ in QUERIES])
def test_search_finds_what_the_match_api_finds(world, as_user, register, typed, body):
    c = as_user(world.caseworker)
    engine = _engine(c, body)
    assert engine, "the engine finds someone for each of these names"
    found = _search(c, search=typed)
    assert found[: len(engine)] == engine  # the same people, ranked the same, first
    south = {str(p.pk) for k, p in register.items() if k.startswith("south_")}
    assert not south & set(found)
    assert str(register["other"].pk) not in found


def test_search_by_each_spelling_finds_the_person_first(world, as_user, register):
    c = as_user(world.caseworker)
    shirins = {str(register["shirin"].pk), str(register["shirin_fa"].pk)}
    assert set(_search(c, search="Shireen Mohtashem")[:2]) == shirins
    assert set(_search(c, search="شیرین محتشم")[:2]) == shirins
    assert _search(c, search="Amene Afshaar")[0] == str(register["amene"].pk)
    hamid = _search(c, search="Hamid Babayi")
    assert hamid[:2] and set(hamid[:2]) == {str(register["hamid"].pk), str(register["shared"].pk)}
    assert str(register["hamid_r"].pk) not in hamid  # a namesake by given name only


def test_a_part_of_a_name_finds_by_prefix(world, as_user, register, person_factory):
    ardeshir = person_factory(given_name="Ardeshir", family_name="Bazargan")
    c = as_user(world.caseworker)
    found = _search(c, search="Shir")
    assert str(ardeshir.pk) not in found  # a prefix of a name, not any part of it
    assert str(register["shirin_fa"].pk) in _search(c, search="شیر")
    assert str(register["shirin"].pk) in _search(c, search="shirin moh")
    assert str(register["shirin"].pk) in found
    assert str(register["south_Shirin"].pk) not in found
    assert str(register["amene"].pk) in _search(c, search="afsh")


def test_filters_still_apply(world, as_user, register):
    c = as_user(world.caseworker)
    shirins = {str(register["shirin"].pk), str(register["shirin_fa"].pk)}
    assert shirins <= set(_search(c, search="Shireen Mohtashem"))
    inside = _search(c, search="Shireen Mohtashem", group_status="member")
    assert str(register["shirin_fa"].pk) in inside
    assert str(register["shirin"].pk) not in inside
    person_close(actor=world.caseworker, person=register["shirin_fa"], reason="moved away")
    assert str(register["shirin_fa"].pk) not in _search(
        c, search="Shireen Mohtashem", status="open"
    )
    assert _search(c, search="Hamid Babayi", agency=str(world.south.pk)) == [
        str(register["shared"].pk)
    ]


def test_other_agency_sees_only_its_own(world, as_user, register):
    c = as_user(world.other_caseworker)
    found = _search(c, search="Shireen Mohtashem")
    assert found == [str(register["south_Shirin"].pk)]


def test_the_register_page_searches_the_same_way(world, register):
    client = Client()
    client.force_login(world.caseworker)
    response = client.get(reverse("web:people"), {"search": "Shireen Mohtashem"})
    assert response.status_code == 200
    page = [str(p.pk) for p in response.context["page"].object_list]
    assert str(register["shirin"].pk) in page[:2]
    assert str(register["south_Shirin"].pk) not in page
    assert "Shirin" in response.content.decode()
