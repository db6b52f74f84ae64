"""Referrals and petitions: consent per class decides every output; bad input writes
nothing; status moves along its transitions, audited."""

from __future__ import annotations

import datetime as dt

import pytest

from haven.audit.models import AuditEntry
from haven.people.services import document_create, person_create
from haven.referrals import disclosure
from haven.referrals.models import Consent, Petition, PetitionMember, Referral
from haven.referrals.services import (
    consent_withdraw,
    petition_create,
    petition_member_add,
    referral_create,
    referral_transition,
)

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
PHONE = "+355 69 000 4242"
DOC_NUMBER = "P-MARKER-7781"


@pytest.fixture
def person(world):
    p = person_create(
        actor=world.caseworker,
        fields={"given_name": "Leyla", "family_name": "Ahmadi", "phone": PHONE,
                "address": "Safe house 3", "risk_level": "high"},
    )  # fmt: skip
    document_create(
        actor=world.caseworker,
        person=p,
        fields={"kind": "passport", "status": "issued", "number": DOC_NUMBER},
    )
    return p


def _refer(world, person, body, classes, **kw):
    return referral_create(
        actor=world.caseworker, person=person, receiving_body=body, reason="Asylum claim",
        consented_classes=classes, now=NOW, **kw,
    )  # fmt: skip


def _writes() -> int:
    return AuditEntry.objects.exclude(action="read").count()


def test_identity_only_referral_carries_no_other_class(world, as_user, bodies, person):
    client = as_user(world.caseworker)
    response = client.post(
        "/api/v1/referrals/",
        {"person": str(person.pk), "receiving_body": str(bodies["legal_aid"].pk),
         "reason": "Residence permit appeal", "consented_classes": ["identity"]},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["consented_classes"] == ["identity"]
    assert set(body["data"]) == {"identity"}
    assert body["data"]["identity"]["given_name"] == "Leyla"
    text = response.content.decode()
    assert PHONE not in text and DOC_NUMBER not in text and "Safe house" not in text
    assert "risk_level" not in text
    detail = client.get(f"/api/v1/referrals/{body['id']}/").content.decode()
    assert "Leyla" in detail and PHONE not in detail and DOC_NUMBER not in detail
    listing = client.get("/api/v1/referrals/").content.decode()
    assert "Leyla" in listing and PHONE not in listing and DOC_NUMBER not in listing


def test_each_class_appears_only_with_its_consent(world, bodies, person):
    markers = {"whereabouts": PHONE, "documents": DOC_NUMBER, "safety": "high"}
    for cls, marker in markers.items():
        with_it = _refer(world, person, bodies["legal_aid"], ["identity", cls])
        without = _refer(world, person, bodies["legal_aid"], ["identity"])
        shown = disclosure.disclosed_payload(with_it, user=world.caseworker)
        hidden = disclosure.disclosed_payload(without, user=world.caseworker)
        assert marker in str(shown["data"][cls])
        assert cls not in hidden["data"] and marker not in str(hidden["data"])


def test_withdrawn_consent_leaves_every_output(world, as_user, bodies, person):
    referral = _refer(world, person, bodies["refugee"], ["identity", "whereabouts"])
    referral_transition(actor=world.caseworker, referral=referral, status="sent", now=NOW)
    liaison = as_user(world.refugee_liaison)
    assert PHONE in liaison.get(f"/api/v1/referrals/{referral.pk}/").content.decode()
    consent = referral.consents.get(data_class="whereabouts")
    consent_withdraw(actor=world.caseworker, consent=consent, now=NOW)
    after = liaison.get(f"/api/v1/referrals/{referral.pk}/").json()
    assert after["consented_classes"] == ["identity"] and "whereabouts" not in after["data"]
    kept = Consent.objects.get(pk=consent.pk)  # the record is kept, marked withdrawn
    assert kept.withdrawn_at == NOW and kept.withdrawn_by == world.caseworker


def test_receiver_sees_consented_classes_not_the_register(world, as_user, bodies, person):
    referral = _refer(world, person, bodies["refugee"], ["identity", "documents"])
    liaison = as_user(world.refugee_liaison)
    assert liaison.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404  # a draft
    referral_transition(actor=world.caseworker, referral=referral, status="sent", now=NOW)
    body = liaison.get(f"/api/v1/referrals/{referral.pk}/").json()
    assert body["received"] is True and "person" not in body and "consents" not in body
    assert DOC_NUMBER in str(body["data"]["documents"])
    assert set(body["data"]) == {"identity", "documents"}


def test_petition_goes_out_without_those_who_did_not_consent(world, as_user, bodies):
    people = [
        person_create(actor=world.caseworker, fields={"given_name": n, "family_name": "Former"})
        for n in ("Ada", "Bita", "Cyrus")
    ]
    petition = petition_create(
        actor=world.caseworker, receiving_body=bodies["refugee"], title="Asylum together",
        request="We ask for refugee status.", now=NOW,
    )  # fmt: skip
    petition_member_add(actor=world.caseworker, petition=petition, person=people[0],
                        consented_classes=["identity"], now=NOW)  # fmt: skip
    petition_member_add(actor=world.caseworker, petition=petition, person=people[1],
                        consented_classes=[], now=NOW)  # fmt: skip
    member = petition_member_add(
        actor=world.caseworker, petition=petition, person=people[2],
        consented_classes=["identity", "whereabouts"], now=NOW,
    )  # fmt: skip
    consent_withdraw(
        actor=world.caseworker, consent=member.consents.get(data_class="identity"), now=NOW
    )
    client = as_user(world.caseworker)
    response = client.post(
        f"/api/v1/referrals/petitions/{petition.pk}/status/", {"status": "sent"}, format="json"
    )
    assert response.status_code == 200, response.content
    for user in (world.caseworker, world.refugee_liaison):
        body = as_user(user).get(f"/api/v1/referrals/petitions/{petition.pk}/").json()
        names = [p["data"]["identity"]["given_name"] for p in body["petitioners"]]
        assert names == ["Ada"]
        assert "Bita" not in str(body) and "Cyrus" not in str(body)
    own = client.get(f"/api/v1/referrals/petitions/{petition.pk}/").json()
    assert [m["on_petition"] for m in own["members"]] == [True, False, False]


def test_petition_without_any_consent_is_not_sent(world, bodies, person):
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="T", request="R", now=NOW)  # fmt: skip
    petition_member_add(actor=world.caseworker, petition=petition, person=person,
                        consented_classes=[], now=NOW)  # fmt: skip
    from django.core.exceptions import ValidationError

    from haven.referrals.services import petition_transition

    with pytest.raises(ValidationError):
        petition_transition(actor=world.caseworker, petition=petition, status="sent", now=NOW)


@pytest.mark.parametrize(
    "change",
    [
        {"receiving_body": "00000000-0000-0000-0000-000000000000"},
        {"receiving_body": "not-an-id"},
        {"consented_classes": ["identity", "horoscope"]},
        {"consented_classes": ["tracing"]},
        {"consented_classes": "identity"},
        {"consented_classes": ["health"]},  # a class the caseworker's role does not hold
        {"person": "00000000-0000-0000-0000-000000000000"},
        {"reason": ""},
        {"reason": 42},
        {"urgency": "yesterday"},
        {"extra": "field"},
    ],
)
def test_bad_input_is_400_and_writes_nothing(world, as_user, bodies, person, change):
    data = {"person": str(person.pk), "receiving_body": str(bodies["legal_aid"].pk),
            "reason": "x", "consented_classes": ["identity"], **change}  # fmt: skip
    before = (_writes(), Referral.objects.count(), Consent.objects.count())
    response = as_user(world.caseworker).post("/api/v1/referrals/", data, format="json")
    assert response.status_code == 400, response.content
    assert set(change) & set(response.json())
    assert (_writes(), Referral.objects.count(), Consent.objects.count()) == before


def test_bad_petition_input_is_400_and_writes_nothing(world, as_user, bodies, person):
    client = as_user(world.caseworker)
    before = (_writes(), Petition.objects.count(), PetitionMember.objects.count())
    for data in (
        {"receiving_body": "00000000-0000-0000-0000-000000000000", "title": "T", "request": "R"},
        {"receiving_body": str(bodies["refugee"].pk), "title": "T", "request": "R",
         "members": [{"person": str(person.pk), "consented_classes": ["astrology"]}]},
        {"receiving_body": str(bodies["refugee"].pk), "title": "", "request": "R"},
    ):  # fmt: skip
        response = client.post("/api/v1/referrals/petitions/", data, format="json")
        assert response.status_code == 400, response.content
    assert (_writes(), Petition.objects.count(), PetitionMember.objects.count()) == before


def test_status_moves_along_transitions_audited(world, as_user, bodies, person):
    referral = _refer(world, person, bodies["refugee"], ["identity"])
    client = as_user(world.caseworker)
    url = f"/api/v1/referrals/{referral.pk}/status/"
    assert client.post(url, {"status": "completed"}, format="json").status_code == 400
    assert client.post(url, {"status": "sent"}, format="json").status_code == 200
    liaison = as_user(world.refugee_liaison)
    assert liaison.post(url, {"status": "accepted"}, format="json").status_code == 200
    response = liaison.post(url, {"status": "completed"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()
    done = liaison.post(url, {"status": "completed", "outcome": "Status granted"}, format="json")
    assert done.status_code == 200 and done.json()["outcome"] == "Status granted"
    referral.refresh_from_db()
    assert referral.sent_at and referral.responded_at and referral.completed_at
    entries = AuditEntry.objects.filter(subject_type="referral", subject_id=str(referral.pk))
    moves = [e.changes["status"] for e in entries if "status" in e.changes]
    assert [(m.get("old"), m["new"]) for m in moves] == [
        (None, "draft"),
        ("draft", "sent"),
        ("sent", "accepted"),
        ("accepted", "completed"),
    ]
    assert "Status granted" not in str([e.changes for e in entries])  # outcome: name only


def test_a_referral_goes_out_only_with_consent(world, bodies, person):
    from django.core.exceptions import ValidationError

    referral = _refer(world, person, bodies["legal_aid"], [])
    with pytest.raises(ValidationError):
        referral_transition(actor=world.caseworker, referral=referral, status="sent", now=NOW)


def test_bodies_listed_and_registered_by_the_admin(world, as_user, bodies):
    listing = as_user(world.caseworker).get("/api/v1/referrals/bodies/").json()
    assert {b["name"] for b in listing["results"]} == {
        "Harbour Legal Aid",
        "Refugee and Asylum Office",
    }
    data = {"name": "City Housing Office", "kind": "housing"}
    assert as_user(world.caseworker).post(
        "/api/v1/referrals/bodies/", data, format="json").status_code == 403  # fmt: skip
    made = as_user(world.admin).post("/api/v1/referrals/bodies/", data, format="json")
    assert made.status_code == 201 and made.json()["kind"] == "housing"
    bad = as_user(world.admin).post("/api/v1/referrals/bodies/", {"name": "X", "kind": "spa"},
                                    format="json")  # fmt: skip
    assert bad.status_code == 400 and "kind" in bad.json()


def test_sensitive_disclosure_is_audited_as_a_read(world, bodies, person):
    referral = _refer(world, person, bodies["legal_aid"], ["identity", "whereabouts"])
    before = AuditEntry.objects.filter(action="read").count()
    disclosure.disclosed_payload(referral, user=world.caseworker)
    entry = AuditEntry.objects.filter(action="read").last()
    assert AuditEntry.objects.filter(action="read").count() == before + 1
    assert entry.subject_type == "referral" and entry.classes == ["whereabouts"]
    assert PHONE not in str(entry.changes)


def test_every_api_output_goes_through_disclosed_payload(world, as_user, bodies, person,
                                                         monkeypatch):  # fmt: skip
    referral = _refer(world, person, bodies["refugee"], ["identity"])
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="T", request="R", now=NOW)  # fmt: skip
    from haven.referrals import api

    monkeypatch.setattr(api, "disclosed_payload", lambda *a, **k: {"sentinel": True})
    client = as_user(world.caseworker)
    for url in (
        "/api/v1/referrals/",
        f"/api/v1/referrals/{referral.pk}/",
        "/api/v1/referrals/petitions/",
        f"/api/v1/referrals/petitions/{petition.pk}/",
    ):
        body = client.get(url).json()
        rows = body.get("results", [body])
        assert rows and all(row == {"sentinel": True} for row in rows), url
