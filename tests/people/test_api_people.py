"""The register through the API, as a caseworker meets it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.audit.models import AuditEntry
from haven.people.models import Document, Person


def test_create_read_search_by_persian_alias(world, as_user):
    c = as_user(world.caseworker)
    r = c.post(
        "/api/v1/people/",
        {
            "given_name": "Nasrin",
            "family_name": "Rezaei",
            "other_names": [{"name": "نسرین رضایی", "script": "Arab"}, {"name": "Nasreen Rezaie"}],
            "birth_year": 1987,
            "sex": "female",
            "place_of_origin": "Tabriz",
            "group_status": "former_member",
            "left_group_on": "2024-03-01",
            "phone": "+355 69 000 0001",
            "address": "Rruga e Shpresës 1",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    body = r.json()
    assert body["birth_precision"] == "year" and body["birth_date"] is None
    assert body["other_names"][1] == {"name": "Nasreen Rezaie", "script": "Latn"}
    assert body["phone"] == "+355 69 000 0001"
    for query in ("رضایی", "nasreen", "REZAEI", "Nasrin Rezaei"):
        found = c.get("/api/v1/people/", {"search": query}).json()
        assert found["count"] == 1, query
    assert c.get("/api/v1/people/", {"search": "Hossein"}).json()["count"] == 0


def test_pagination_and_filters(world, as_user, person_factory):
    for i in range(7):
        person_factory(given_name=f"P{i}", group_status="member" if i % 2 else "unknown")
    c = as_user(world.caseworker)
    page = c.get("/api/v1/people/", {"page_size": 3}).json()
    assert (
        page["count"] == 7 and len(page["results"]) == 3 and page["next"] and not page["previous"]
    )
    assert c.get("/api/v1/people/", {"group_status": "member"}).json()["count"] == 3
    assert c.get("/api/v1/people/", {"caseworker": str(world.caseworker.uuid)}).json()["count"] == 0
    assert c.get("/api/v1/people/", {"agency": str(world.north.pk)}).json()["count"] == 7
    assert c.get("/api/v1/people/", {"missing_document": "work"}).json()["count"] == 7


def test_bad_filters_are_400(world, as_user):
    c = as_user(world.caseworker)
    r = c.get("/api/v1/people/", {"group_status": "astronaut", "agency": "12"})
    assert r.status_code == 400
    assert set(r.json()) == {"group_status", "agency"}


BAD_PEOPLE = [
    ({}, "given_name"),
    ({"given_name": "A", "sex": "x"}, "sex"),
    ({"given_name": "A", "birth_date": "1987-02-30"}, "birth_date"),
    ({"given_name": "A", "birth_date": "2999-01-01"}, "birth_date"),
    ({"given_name": "A", "birth_year": 1700}, "birth_year"),
    (
        {"given_name": "A", "birth_precision": "range", "birth_year": 1990, "birth_year_max": 1980},
        "birth_year_max",
    ),
    ({"given_name": "A", "birth_precision": "date"}, "birth_date"),
    ({"given_name": "A", "other_names": [{"name": "", "script": "Latn"}]}, "other_names"),
    ({"given_name": "A", "other_names": [{"name": "B", "script": "latin"}]}, "other_names"),
    ({"given_name": "A", "other_names": "B"}, "other_names"),
    ({"given_name": "A", "left_group_on": "2020-01-01", "group_status": "member"}, "left_group_on"),
    ({"given_name": "A", "vulnerabilities": "x"}, "vulnerabilities"),  # caseworker lacks health
    ({"given_name": "A", "caseworker": "00000000-0000-0000-0000-000000000000"}, "caseworker"),
    ({"given_name": "A", "status": "closed"}, "status"),
    ({"given_name": "A", "nationalities": "IR"}, "nationalities"),
    ({"given_name": "x" * 201}, "given_name"),
]


@pytest.mark.parametrize(("body", "field"), BAD_PEOPLE)
def test_bad_person_is_400_and_writes_nothing(world, as_user, body, field):
    c = as_user(world.caseworker)
    before = (Person.objects.count(), AuditEntry.objects.count())
    r = c.post("/api/v1/people/", body, format="json")
    assert r.status_code == 400, r.json()
    assert field in r.json(), r.json()
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize(("body", "field"), BAD_PEOPLE[1:])
def test_bad_patch_is_400_and_changes_nothing(world, as_user, person_factory, body, field):
    person = person_factory()
    c = as_user(world.caseworker)
    before = AuditEntry.objects.count()
    r = c.patch(
        f"/api/v1/people/{person.pk}/",
        {**body, "given_name": "Changed"} if field != "given_name" else body,
        format="json",
    )
    assert r.status_code == 400, r.json()
    person.refresh_from_db()
    assert person.given_name == "Nasrin"
    assert AuditEntry.objects.count() == before


BAD_DOCUMENTS = [
    ({}, "kind"),
    ({"kind": "passport"}, "status"),
    ({"kind": "spaceship", "status": "issued"}, "kind"),
    (
        {
            "kind": "passport",
            "status": "issued",
            "issued_on": "2020-01-01",
            "expires_on": "2019-01-01",
        },
        "expires_on",
    ),
    ({"kind": "passport", "status": "applied", "issued_on": "2020-01-01"}, "issued_on"),
    ({"kind": "passport", "status": "issued", "holder": "employer"}, "holder_detail"),
    ({"kind": "passport", "status": "issued", "expires_on": "soon"}, "expires_on"),
]


@pytest.mark.parametrize(("body", "field"), BAD_DOCUMENTS)
def test_bad_document_is_400_and_writes_nothing(world, as_user, person_factory, body, field):
    person = person_factory()
    before = (Document.objects.count(), AuditEntry.objects.count())
    r = as_user(world.caseworker).post(
        f"/api/v1/people/{person.pk}/documents/", body, format="json"
    )
    assert r.status_code == 400, r.json()
    assert field in r.json(), r.json()
    assert (Document.objects.count(), AuditEntry.objects.count()) == before


def test_bad_close_is_400(world, as_user, person_factory):
    person = person_factory()
    c = as_user(world.caseworker)
    assert "reason" in c.post(f"/api/v1/people/{person.pk}/close/", {}, format="json").json()
    assert (
        c.post(f"/api/v1/people/{person.pk}/reopen/", {"reason": "x"}, format="json").status_code
        == 400
    )
    assert (
        c.post(
            f"/api/v1/people/{person.pk}/close/", {"reason": "left the country"}, format="json"
        ).json()["status"]
        == "closed"
    )
    r = c.patch(f"/api/v1/people/{person.pk}/", {"given_name": "X"}, format="json")
    assert r.status_code == 400 and "status" in r.json()


def test_document_held_by_group_is_flagged(world, as_user, person_factory):
    person = person_factory()
    c = as_user(world.caseworker)
    r = c.post(
        f"/api/v1/people/{person.pk}/documents/",
        {
            "kind": "passport",
            "status": "issued",
            "number": "P1234567",
            "holder": "group",
            "holder_detail": "kept at the compound office",
        },
        format="json",
    )
    assert r.status_code == 201 and r.json()["held_by_other"] is True
    detail = c.get(f"/api/v1/people/{person.pk}/").json()
    assert detail["documentation_flags"]["held_by_others"] == [r.json()["id"]]
    assert set(detail["documentation_flags"]["missing"]) == {"residence", "work"}


def test_documentation_flags_expiring(world, as_user, person_factory):
    person = person_factory()
    c = as_user(world.caseworker)
    soon = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    r = c.post(
        f"/api/v1/people/{person.pk}/documents/",
        {"kind": "work_permit", "status": "issued", "expires_on": soon},
        format="json",
    )
    flags = c.get(f"/api/v1/people/{person.pk}/").json()["documentation_flags"]
    assert flags["expiring"] == [r.json()["id"]] and "work" not in flags["missing"]


def test_changes_are_audited_with_before_after_but_not_secrets(world, as_user, person_factory):
    person = person_factory(phone="+355 69 000 0001")
    c = as_user(world.caseworker)
    c.patch(
        f"/api/v1/people/{person.pk}/",
        {"place_of_origin": "Qom", "phone": "+355 69 000 0002"},
        format="json",
    )
    entry = AuditEntry.objects.filter(action="change", subject_id=str(person.pk)).get()
    assert entry.changes["place_of_origin"] == {"class": "identity", "old": "", "new": "Qom"}
    assert entry.changes["phone"] == {"class": "whereabouts"}
    assert "0002" not in str(entry.changes) and entry.actor_username == "caseworker"
    assert entry.role == "caseworker" and entry.agency == "North Shelter"


def test_sensitive_reads_are_audited(world, as_user, person_factory):
    person = person_factory()
    as_user(world.caseworker).get(f"/api/v1/people/{person.pk}/")
    read = AuditEntry.objects.filter(action="read").get()
    assert read.subject_id == str(person.pk)
    assert set(read.classes) == {"whereabouts", "safety"}
    # identity-only readers and list views leave no read entry
    as_user(world.inspector).get(f"/api/v1/people/{person.pk}/")
    as_user(world.caseworker).get("/api/v1/people/")
    assert AuditEntry.objects.filter(action="read").count() == 1
    as_user(world.health).get(f"/api/v1/people/{person.pk}/")
    assert AuditEntry.objects.filter(action="read", role="health").get().classes == ["health"]


def test_audit_api_for_auditors_with_filters(world, as_user, person_factory):
    person_factory()
    c = as_user(world.auditor)
    body = c.get("/api/v1/audit/", {"action": "create", "actor": "caseworker"}).json()
    assert body["count"] == 1 and body["results"][0]["subject_type"] == "person"
    # only the auditor's own reads of the log so far
    reads = c.get("/api/v1/audit/", {"action": "read"}).json()["results"]
    assert {r["subject_type"] for r in reads} == {"audit_log"}
    assert c.get("/api/v1/audit/", {"data_class": "identity"}).json()["count"] == 1
    assert c.get("/api/v1/audit/", {"action": "explode"}).status_code == 400


def test_health_worker_records_health_data_only(world, as_user, person_factory):
    person = person_factory()
    c = as_user(world.health)
    r = c.patch(f"/api/v1/people/{person.pk}/", {"vulnerabilities": "asthma"}, format="json")
    assert r.status_code == 200 and r.json()["vulnerabilities"] == "asthma"
    r = c.patch(f"/api/v1/people/{person.pk}/", {"place_of_origin": "Qom"}, format="json")
    assert r.status_code == 403
    r = c.patch(
        f"/api/v1/people/{person.pk}/",
        {"vulnerabilities": "x", "place_of_origin": "Qom"},
        format="json",
    )
    assert r.status_code == 403
    entry = AuditEntry.objects.filter(action="change", role="health").get()
    assert entry.changes == {"vulnerabilities": {"class": "health"}}
    assert entry.classes == ["health"]


def test_token_sign_in(world, api):
    from tests.conftest import PASSWORD

    r = api.post(
        "/api/v1/auth/token/", {"username": "caseworker", "password": PASSWORD}, format="json"
    )
    assert r.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
    assert api.get("/api/v1/people/").status_code == 200
    bad = api.post(
        "/api/v1/auth/token/", {"username": "caseworker", "password": "nope"}, format="json"
    )
    assert bad.status_code == 401
    assert api.post("/api/v1/auth/token/", {}, format="json").status_code == 400
    assert AuditEntry.objects.filter(action="sign_in_failed").count() == 1


def test_token_requires_2fa_when_enforced(world, api, settings):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import PASSWORD

    settings.REQUIRE_2FA = True
    creds = {"username": "caseworker", "password": PASSWORD}
    assert api.post("/api/v1/auth/token/", creds, format="json").status_code == 401
    device = TOTPDevice.objects.create(user=world.caseworker, confirmed=True)
    assert api.post("/api/v1/auth/token/", creds, format="json").status_code == 401
    r = api.post(
        "/api/v1/auth/token/", {**creds, "otp": f"{totp(device.bin_key):06d}"}, format="json"
    )
    assert r.status_code == 200


def test_schema_and_docs(world, as_user):
    c = as_user(world.caseworker)
    schema = c.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/people/" in schema.content
    assert c.get("/api/docs/").status_code == 200


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda s: s.strip())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(given_name=names, alias=names)
def test_any_name_round_trips_and_is_findable(world, as_user, given_name, alias):
    c = as_user(world.caseworker)
    r = c.post(
        "/api/v1/people/",
        {
            "given_name": given_name,
            "other_names": [{"name": alias}],
            "duplicate_reason": "property test: names repeat",
        },
        format="json",
    )
    assert r.status_code == 201, r.json()
    pid = r.json()["id"]
    assert r.json()["given_name"] == given_name.strip()
    found = c.get("/api/v1/people/", {"search": alias.strip()[:40]}).json()
    assert pid in {row["id"] for row in found["results"]} or found["count"] > 50
