"""Input that used to break or fool the register (issue 7): deep or huge JSON bodies,
invisible and reversed names, loose types, limits that differed between paths, and the
small rules a new user tripped over."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from haven.audit.models import AuditEntry
from haven.people.models import Document, Person
from haven.people.selectors import documentation_flags, person_list
from haven.people.services import document_create, person_create, person_update

# --- item 6: nesting and size --------------------------------------------------------

DEEP = "[" * 50000 + "]" * 50000
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000
DEEP_IN_NAMES = '{"given_name": "A", "other_names": ' + "[" * 1000 + "]" * 1000 + "}"


def _post_raw(client, url, body, content_type="application/json"):
    return client.generic("POST", url, body, content_type=content_type)


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, DEEP_IN_NAMES])
@pytest.mark.parametrize("url", ["/api/v1/people/", "/api/v1/match/"])
def test_deep_json_is_400_not_500(world, as_user, url, body):
    before = (Person.objects.count(), AuditEntry.objects.count())
    r = _post_raw(as_user(world.caseworker), url, body)
    assert r.status_code == 400, r.content[:200]
    assert "deeper than" in r.json()["detail"]
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT])
def test_deep_json_to_sign_in_is_400_before_any_sign_in(db, body):
    r = _post_raw(Client(), "/api/v1/auth/token/", body)
    assert r.status_code == 400 and "deeper than" in r.json()["detail"]


def test_nesting_a_person_needs_is_accepted(world, as_user):
    r = as_user(world.caseworker).post(
        "/api/v1/people/",
        {"given_name": "Nested", "other_names": [{"name": "نسرین", "script": "Arab"}]},
        format="json",
    )
    assert r.status_code == 201, r.json()


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/api/v1/people/", "application/json"),
        ("/api/v1/auth/token/", "application/json"),
        ("/api/v1/auth/token/", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_over_the_limit_is_400(db, world, as_user, settings, url, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = as_user(world.caseworker) if "people" in url else Client()
    if content_type == "application/json":
        body = json.dumps({"given_name": "A", "family_name": "x" * 20_000})
    else:
        body = "username=a&password=" + "x" * 20_000
    r = _post_raw(client, url, body, content_type)
    assert r.status_code == 400 and "larger than 10000 bytes" in r.json()["detail"]


@pytest.mark.parametrize("body", ['{"given_name": NaN}', '{"given_name": "a"', "\xff\xfe"])
def test_bad_json_is_400(world, as_user, body):
    r = _post_raw(as_user(world.caseworker), "/api/v1/people/", body.encode("latin-1"))
    assert r.status_code == 400


# --- item 7: invisible, reversed and letterless names --------------------------------

INVISIBLE_ONLY = [
    "\u200b\u200b",  # zero-width spaces
    "\u00ad",  # soft hyphen
    "\u202e\u202c",  # an override and its end
    "\u2066\u2069",  # an isolate
    "\ufeff",  # BOM
]


@pytest.mark.parametrize("name", [*INVISIBLE_ONLY, "\u0301\u0301", "1234", "---", "\u0651"])
def test_a_name_needs_a_visible_letter(world, as_user, name):
    before = Person.objects.count()
    r = as_user(world.caseworker).post("/api/v1/people/", {"given_name": name}, format="json")
    assert r.status_code == 400 and "given_name" in r.json(), r.json()
    r = as_user(world.caseworker).post(
        "/api/v1/people/", {"given_name": "Ok", "other_names": [{"name": name}]}, format="json"
    )
    assert r.status_code == 400 and "other_names" in r.json(), r.json()
    assert Person.objects.count() == before


def test_bidi_controls_are_stripped_so_a_reversed_name_cannot_pose_as_another(world):
    """Wrapped in a right-to-left override, "nirihS" displays as "Shirin"; stripped, it
    is stored and shown as what it is, and is no longer found as Shirin."""
    shirin = person_create(actor=world.caseworker, fields={"given_name": "Shirin"})
    fake = person_create(actor=world.caseworker, fields={"given_name": "\u202enirihS\u202c"})
    assert fake.given_name == "nirihS"
    found = list(person_list(user=world.caseworker, filters={"search": "Shirin"}))
    assert found == [shirin]


def test_invisible_characters_are_stripped_on_every_path(world, client_as):
    person = person_create(
        actor=world.caseworker,
        fields={
            "given_name": "Shi\u200brin\u00ad",
            "family_name": "\u2067Mohtasham\u2069",
            "other_names": [{"name": "شیرین\u200f محتشم"}],
            "place_of_origin": "Tab\u200driz",
        },
    )
    assert (person.given_name, person.family_name) == ("Shirin", "Mohtasham")
    assert person.other_names[0]["name"] == "شیرین محتشم"
    assert person.place_of_origin == "Tabriz"
    # the web form goes through the same service
    response = client_as(world.caseworker).post(
        f"/people/{person.pk}/edit/",
        {
            "given_name": "\u200bNasrin",
            "family_name": "Rezaei",
            "sex": "unknown",
            "birth_precision": "unknown",
            "group_status": "unknown",
            "risk_level": "unassessed",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.given_name == "Nasrin"


def test_zwnj_is_kept_where_persian_needs_it_and_folded_for_search(world):
    person = person_create(
        actor=world.caseworker, fields={"given_name": "علی\u200c\u200cرضا", "family_name": "A"}
    )
    assert person.given_name == "علی\u200cرضا"  # one ZWNJ, between Persian letters
    for query in ("علیرضا", "علی\u200cرضا", "علی\u200bرضا"):
        assert list(person_list(user=world.caseworker, filters={"search": query})) == [person]
    stray = person_create(actor=world.caseworker, fields={"given_name": "\u200cAli\u200c"})
    assert stray.given_name == "Ali"


@pytest.mark.parametrize(
    "query", ["Shi\u200brin", "Shi\u00adrin", "\u202eShirin", "Shi\u2060rin", "\ufeffShirin"]
)
def test_invisible_characters_in_the_search_query_are_folded(world, as_user, query):
    person = person_create(actor=world.caseworker, fields={"given_name": "Shirin"})
    r = as_user(world.caseworker).get("/api/v1/people/", {"search": query})
    assert [row["id"] for row in r.json()["results"]] == [str(person.pk)]


def test_every_format_character_is_invisible_to_the_register():
    import sys
    import unicodedata

    from haven.matching.normalise import strip_invisible

    cf = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    assert strip_invisible("a" + "".join(cf) + "b") == "ab"


# --- item 8 and 15: loose types --------------------------------------------------------


@pytest.mark.parametrize("reason", [{"why": "x"}, ["a", "b"], 12, True])
def test_duplicate_reason_must_be_text(world, as_user, reason):
    person_create(actor=world.caseworker, fields={"given_name": "Nasrin", "family_name": "Rezaei"})
    before = Person.objects.count()
    r = as_user(world.caseworker).post(
        "/api/v1/people/",
        {"given_name": "Nasrin", "family_name": "Rezaei", "duplicate_reason": reason},
        format="json",
    )
    assert r.status_code == 400 and "duplicate_reason" in r.json(), r.json()
    assert Person.objects.count() == before


@pytest.mark.parametrize("value", [12345, 1.5, True, ["Nasrin"], {"name": "Nasrin"}])
def test_a_number_or_structure_is_not_taken_for_a_name(world, as_user, value):
    r = as_user(world.caseworker).post("/api/v1/people/", {"given_name": value}, format="json")
    assert r.status_code == 400 and "given_name" in r.json(), r.json()


@pytest.mark.parametrize("extra", [{"person": "x"}, {"id": "x"}, {"created_at": "2020-01-01"}])
def test_documents_refuse_fields_they_do_not_take(world, as_user, person_factory, extra):
    person = person_factory()
    c = as_user(world.caseworker)
    r = c.post(
        f"/api/v1/people/{person.pk}/documents/",
        {"kind": "passport", "status": "applied", **extra},
        format="json",
    )
    assert r.status_code == 400 and set(r.json()) == set(extra), r.json()
    assert not Document.objects.exists()
    doc = document_create(
        actor=world.caseworker, person=person, fields={"kind": "visa", "status": "applied"}
    )
    r = c.patch(f"/api/v1/people/{person.pk}/documents/{doc.pk}/", extra, format="json")
    assert r.status_code == 400 and set(r.json()) == set(extra)


def test_every_body_refuses_unknown_fields(world, as_user, person_factory):
    person = person_factory()
    c = as_user(world.caseworker)
    for url, body in (
        (f"/api/v1/people/{person.pk}/close/", {"reason": "x", "when": "now"}),
        ("/api/v1/match/", {"given_name": "A", "agency": "all"}),
        (f"/api/v1/people/{person.pk}/", {"given_name": "B", "duplicate_reason": "x"}),
    ):
        method = c.patch if url.endswith(f"{person.pk}/") else c.post
        r = method(url, body, format="json")
        assert r.status_code == 400, (url, r.json())


# --- item 11: one limit per field ------------------------------------------------------

LIMITS = [
    ("number", 200),
    ("issuer", 200),
    ("holder_detail", 300),
    ("notes", 5000),
]


@pytest.mark.parametrize(("field", "limit"), LIMITS)
def test_document_limits_are_the_same_on_every_path(
    world, as_user, client_as, person_factory, field, limit
):
    from haven.web.forms.documents import DocumentForm

    person = person_factory()
    body = {"kind": "passport", "status": "issued", "holder": "employer", "holder_detail": "E"}
    ok = as_user(world.caseworker).post(
        f"/api/v1/people/{person.pk}/documents/", {**body, field: "x" * limit}, format="json"
    )
    assert ok.status_code == 201, ok.json()
    r = as_user(world.caseworker).post(
        f"/api/v1/people/{person.pk}/documents/", {**body, field: "x" * (limit + 1)}, format="json"
    )
    assert r.status_code == 400 and field in r.json()
    with pytest.raises(ValidationError) as caught:
        document_create(
            actor=world.caseworker, person=person, fields={**body, field: "x" * (limit + 1)}
        )
    assert field in caught.value.message_dict
    assert DocumentForm.base_fields[field].max_length == limit
    # a document stored at the limit can be saved again from its edit form
    doc = Document.objects.get(pk=ok.json()["id"])
    data = {k: v or "" for k, v in DocumentForm.initial_for(doc).items()}
    response = client_as(world.caseworker).post(
        f"/people/{person.pk}/documents/{doc.pk}/edit/", data
    )
    assert response.status_code == 302


PERSON_LIMITS = [
    ("given_name", 200, "caseworker"),
    ("place_of_origin", 200, "caseworker"),
    ("current_site", 200, "caseworker"),
    ("address", 1000, "caseworker"),
    ("phone", 50, "caseworker"),
    ("vulnerabilities", 5000, "health"),
]


@pytest.mark.parametrize(("field", "limit", "role"), PERSON_LIMITS)
def test_person_limits_are_the_same_on_every_path(
    world, as_user, person_factory, field, limit, role
):
    from haven.web.forms.people import PersonForm

    person = person_factory()
    user = world.users[role]
    over = "x" * (limit + 1)
    r = as_user(user).patch(f"/api/v1/people/{person.pk}/", {field: over}, format="json")
    assert r.status_code == 400 and field in r.json(), r.json()
    with pytest.raises(ValidationError) as caught:
        person_update(actor=user, person=person, fields={field: over})
    assert field in caught.value.message_dict
    assert PersonForm.base_fields[field].max_length == limit
    ok = as_user(user).patch(f"/api/v1/people/{person.pk}/", {field: "x" * limit}, format="json")
    assert ok.status_code == 200, ok.json()


def test_list_limits(world, as_user):
    c = as_user(world.caseworker)
    for body, field in (
        (
            {"given_name": "A", "other_names": [{"name": f"N{i}"} for i in range(101)]},
            "other_names",
        ),
        ({"given_name": "A", "nationalities": ["IR"] * 21}, "nationalities"),
        ({"given_name": "A", "languages": ["x" * 101]}, "languages"),
    ):
        r = c.post("/api/v1/people/", body, format="json")
        assert r.status_code == 400 and field in r.json(), r.json()
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=world.caseworker, fields={"given_name": "A", "nationalities": ["IR"] * 21}
        )
    assert "nationalities" in caught.value.message_dict


# --- item 15: the small things ---------------------------------------------------------


def test_leaving_the_group_before_being_born_is_refused(world, as_user):
    c = as_user(world.caseworker)
    for extra in (
        {"birth_date": "2000-05-01", "left_group_on": "1999-12-31"},
        {"birth_year": 2000, "left_group_on": "1999-06-01"},
        {"birth_precision": "range", "birth_year": 1995, "birth_year_max": 2000,
         "left_group_on": "1990-01-01"},
    ):  # fmt: skip
        body = {"given_name": "A", "group_status": "former_member", **extra}
        r = c.post("/api/v1/people/", body, format="json")
        assert r.status_code == 400 and "left_group_on" in r.json(), (extra, r.json())
    ok = {"given_name": "A", "group_status": "former_member", "birth_year": 2000}
    r = c.post("/api/v1/people/", {**ok, "left_group_on": "2000-01-01"}, format="json")
    assert r.status_code == 201, r.json()


@pytest.mark.parametrize("year", [-5, 0, 1899, 3000, 40000, 10**12])
def test_every_year_out_of_range_gets_one_message(world, as_user, client_as, year):
    this_year = dt.date.today().year
    message = f"Year must be between 1900 and {this_year}."
    r = as_user(world.caseworker).post(
        "/api/v1/people/", {"given_name": "A", "birth_year": year}, format="json"
    )
    assert r.status_code == 400 and r.json()["birth_year"] == [message], r.json()
    with pytest.raises(ValidationError) as caught:
        person_create(actor=world.caseworker, fields={"given_name": "A", "birth_year": year})
    assert caught.value.message_dict["birth_year"] == [message]
    page = client_as(world.caseworker).post(
        "/people/new/",
        {
            "given_name": "A",
            "sex": "unknown",
            "birth_precision": "year",
            "birth_year": str(year),
            "group_status": "unknown",
            "risk_level": "unassessed",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
        },
    )
    assert page.status_code == 400 and message in page.content.decode()


def test_a_document_held_by_the_group_needs_no_holder_details(world, person_factory):
    person = person_factory()
    doc = document_create(
        actor=world.caseworker,
        person=person,
        fields={"kind": "passport", "status": "issued", "number": "P1", "holder": "group"},
    )
    assert doc.held_by_other
    for holder in ("employer", "other_person", "authority"):
        with pytest.raises(ValidationError, match="Say who holds"):
            document_create(
                actor=world.caseworker,
                person=person,
                fields={"kind": "visa", "status": "issued", "holder": holder},
            )


def test_a_bare_issued_document_does_not_clear_the_missing_flag(world, person_factory):
    """ "Issued" with no number and no date is a claim, not a document on record."""
    person = person_factory()
    document_create(
        actor=world.caseworker, person=person, fields={"kind": "identity_card", "status": "issued"}
    )
    assert "identity" in documentation_flags(person)["missing"]
    missing = person_list(user=world.caseworker, filters={"missing_document": "identity"})
    assert person in missing
    document_create(
        actor=world.caseworker,
        person=person,
        fields={"kind": "passport", "status": "issued", "number": "P123"},
    )
    assert "identity" not in documentation_flags(person)["missing"]
    missing = person_list(user=world.caseworker, filters={"missing_document": "identity"})
    assert person not in missing
