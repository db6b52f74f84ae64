"""Referrals and petitions: consent per class decides every output; bad input writes
nothing; status moves along its transitions, audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from haven.audit.models import AuditEntry
from haven.people.models import Person
from haven.people.services import document_create, person_create
from haven.referrals import disclosure
from haven.referrals.models import Consent, Petition, PetitionMember, ReceivingBody, Referral
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
                "address": "Safe house 3"},
    )  # fmt: skip
    # the safety module alone writes a risk level; set one as its assessment would
    Person.objects.filter(pk=p.pk).update(risk_level="high")
    p.refresh_from_db()
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
        assert "Bita" not in str(body["petitioners"]) and "Cyrus" not in str(body["petitioners"])
    received = as_user(world.refugee_liaison).get(f"/api/v1/referrals/petitions/{petition.pk}/")
    assert "Bita" not in received.content.decode() and "members" not in received.json()
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


def test_print_form_and_export_carry_only_consented_classes(world, client_as, bodies, person):
    referral = _refer(world, person, bodies["legal_aid"], ["identity"])
    client = client_as(world.caseworker)
    printed = client.get(f"/referrals/{referral.pk}/print/")
    assert printed.status_code == 200
    text = printed.content.decode()
    assert "Leyla" in text and "Ahmadi" in text
    for absent in (PHONE, DOC_NUMBER, "Safe house", "Passport", "Risk level", "Documents"):
        assert absent not in text, absent
    exported = client.get(f"/referrals/{referral.pk}/export/")
    assert exported["Content-Disposition"].startswith("attachment")
    body = exported.json()
    assert set(body["data"]) == {"identity"} and PHONE not in exported.content.decode()
    assert AuditEntry.objects.filter(action="export", subject_id=str(referral.pk)).exists()
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Leyla" in page and PHONE not in page and DOC_NUMBER not in page


def test_petition_print_leaves_out_those_who_did_not_consent(world, client_as, bodies):
    yes = person_create(actor=world.caseworker, fields={"given_name": "Yasmin"})
    no = person_create(actor=world.caseworker, fields={"given_name": "Nima"})
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="Together", request="Refugee status", now=NOW)  # fmt: skip
    petition_member_add(actor=world.caseworker, petition=petition, person=yes,
                        consented_classes=["identity"], now=NOW)  # fmt: skip
    petition_member_add(actor=world.caseworker, petition=petition, person=no,
                        consented_classes=[], now=NOW)  # fmt: skip
    text = client_as(world.caseworker).get(f"/referrals/petitions/{petition.pk}/print/")
    assert "Yasmin" in text.content.decode() and "Nima" not in text.content.decode()


def test_every_page_output_goes_through_disclosed_payload(world, client_as, bodies, person,
                                                          monkeypatch):  # fmt: skip
    referral = _refer(world, person, bodies["legal_aid"], ["identity"])
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="Sentinel petition", request="R", now=NOW)  # fmt: skip
    petition_member_add(actor=world.caseworker, petition=petition, person=person,
                        consented_classes=["identity"], now=NOW)  # fmt: skip
    from haven.web.views import referrals as views

    real = views.disclosed_payload

    def fake(request, **kw):
        payload = real(request, **kw)
        payload["data"] = {"identity": {"given_name": "SENTINEL", "family_name": ""}}
        for row in payload.get("petitioners", []):
            row["data"] = payload["data"]
        for row in payload.get("members", []):
            row["name"] = "SENTINEL"
        return payload

    monkeypatch.setattr(views, "disclosed_payload", fake)
    client = client_as(world.caseworker)
    for url in (
        "/referrals/",
        f"/referrals/{referral.pk}/",
        f"/referrals/{referral.pk}/print/",
        f"/referrals/{referral.pk}/export/",
        f"/referrals/petitions/{petition.pk}/",
        f"/referrals/petitions/{petition.pk}/print/",
    ):
        text = client.get(url).content.decode()
        # the picker of who may join lists the register, not the petition
        text = re.sub(r'<select name="person".*?</select>', "", text, flags=re.S)
        assert "SENTINEL" in text and "Leyla" not in text, url


def test_person_page_lists_the_referrals(world, client_as, bodies, person):
    _refer(world, person, bodies["legal_aid"], ["identity"])
    page = client_as(world.caseworker).get(f"/people/{person.pk}/").content.decode()
    assert "Harbour Legal Aid" in page and f"/people/{person.pk}/referrals/new/" in page
    police = client_as(world.police_liaison).get(f"/people/{person.pk}/").content.decode()
    assert "Harbour Legal Aid" not in police


def test_new_referral_page_records_consent_per_class(world, client_as, bodies, person):
    client = client_as(world.caseworker)
    url = f"/people/{person.pk}/referrals/new/"
    form = client.get(url).content.decode()
    assert 'value="identity"' in form and 'value="health"' not in form  # not the role's
    bad = client.post(url, {"receiving_body": "nope", "reason": "x", "urgency": "routine"})
    assert bad.status_code == 400 and Referral.objects.count() == 0
    done = client.post(url, {"receiving_body": str(bodies["legal_aid"].pk), "reason": "Appeal",
                             "urgency": "urgent", "consented_classes": ["identity"]})  # fmt: skip
    assert done.status_code == 302
    made = Referral.objects.get()
    assert [c.data_class for c in made.consents.all()] == ["identity"]


# --- privacy hooks --------------------------------------------------------------------


def test_privacy_expired_and_anonymise(world, bodies, person):
    from haven.referrals import privacy

    old = _refer(world, person, bodies["legal_aid"], ["identity"])
    referral_transition(actor=world.caseworker, referral=old, status="sent", now=NOW)
    recent = _refer(world, person, bodies["legal_aid"], ["identity"])
    Referral.objects.filter(pk=recent.pk).update(created_at=NOW + dt.timedelta(days=3000))
    later = NOW + dt.timedelta(days=3651)
    assert list(privacy.expired("referrals.referral", now=later)) == [old]
    privacy.anonymise("referrals.referral", old, actor=None, now=later)
    old = Referral.objects.get(pk=old.pk)
    assert old.reason == "" and old.status == "sent" and old.consents.count() == 1
    assert not privacy.expired("referrals.referral", now=later).exists()
    entry = AuditEntry.objects.filter(subject_id=str(old.pk)).last()
    assert "Asylum" not in str(entry.changes) and "reason" in entry.changes
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="Named title", request="R", now=NOW)  # fmt: skip
    assert list(privacy.expired("referrals.petition", now=later)) == [petition]
    privacy.anonymise("referrals.petition", petition, actor=None, now=later)
    assert Petition.objects.get(pk=petition.pk).title == privacy.ANONYMISED


def test_privacy_erase_and_export_person(world, bodies, person):
    from haven.referrals import privacy

    other = person_create(actor=world.caseworker, fields={"given_name": "Omid"})
    _refer(world, person, bodies["legal_aid"], ["identity"])
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="Together", request="Status", now=NOW)  # fmt: skip
    for p in (person, other):
        petition_member_add(actor=world.caseworker, petition=petition, person=p,
                            consented_classes=["identity"], now=NOW)  # fmt: skip
    exported = privacy.export_person(person)
    assert exported["referrals"][0]["reason"] == "Asylum claim"
    assert exported["petitions"][0]["title"] == "Together"
    assert "Omid" not in str(exported) and str(other.pk) not in str(exported)
    assert PHONE not in str(exported)
    counts = privacy.erase_person(person, actor=None, now=NOW)
    assert counts == {"referrals.consent": 2, "referrals.petitionmember": 1,
                      "referrals.referral": 1}  # fmt: skip
    assert privacy.export_person(person) == {"referrals": [], "petitions": []}
    assert petition.members.count() == 1  # the others stay on it


@pytest.mark.parametrize("language", ["fa", "sq"])
def test_pages_in_persian_and_albanian(world, client_as, bodies, person, language):
    from django.conf import settings

    referral = _refer(world, person, bodies["refugee"], ["identity"])
    petition = petition_create(actor=world.caseworker, receiving_body=bodies["refugee"],
                               title="T", request="R", now=NOW)  # fmt: skip
    client = client_as(world.caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    direction, words = {
        "fa": ('dir="rtl"', ("ارجاع", "دادخواست")),
        "sq": ('dir="ltr"', ("eferim", "eticion")),
    }[language]
    for url in (
        "/referrals/",
        f"/people/{person.pk}/referrals/new/",
        f"/referrals/{referral.pk}/",
        f"/referrals/{referral.pk}/print/",
        "/referrals/petitions/",
        "/referrals/petitions/new/",
        f"/referrals/petitions/{petition.pk}/",
        f"/referrals/petitions/{petition.pk}/print/",
        f"/people/{person.pk}/",
    ):
        html = client.get(url).content.decode()
        assert direction in html and any(w in html for w in words), url


def test_command_lists_and_registers_bodies(world, bodies):
    import io

    from django.core.management import CommandError, call_command

    out = io.StringIO()
    call_command("referral_bodies", "--add", "City Housing", "--kind", "housing",
                 "--agency", "North Shelter", stdout=out)  # fmt: skip
    assert (
        "City Housing · North Shelter" in out.getvalue() and "Harbour Legal Aid" in out.getvalue()
    )
    for args in (
        ["--add", "X"],  # no kind
        ["--add", "Y", "--kind", "housing", "--agency", "Nowhere"],
        ["--add", "City Housing", "--kind", "housing"],  # the name is taken
    ):
        with pytest.raises(CommandError):
            call_command("referral_bodies", *args, stdout=io.StringIO())
    assert ReceivingBody.objects.count() == 3
