"""Candidates within scope, the out-of-scope hint and forwarding, safeguards, audit
entries for every decision, bad input, the follow-up list."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from haven.audit.models import AuditEntry
from haven.people.services import person_create
from haven.tracing import selectors, services
from haven.tracing.models import Consent, Enquiry, Event
from tests.tracing.helpers import ENQUIRY, TODAY, body, enquiry_fields, private_interview

URL = "/api/v1/tracing/enquiries/"


def _enquiry(world, **fields):
    fields.setdefault("enquirer_name", f"Enquirer{uuid.uuid4().hex}")
    return services.enquiry_create(actor=world.enquiry_desk, fields=enquiry_fields(**fields))


def _maryam(actor, **fields):
    return person_create(
        actor=actor,
        fields={"given_name": "Maryam", "family_name": "Hosseini", "sex": "female",
                "birth_year": 1994, "place_of_origin": "Tabriz", **fields},
    )  # fmt: skip


def test_candidates_are_ranked_within_scope_with_explanations(world, as_user):
    mine = _maryam(world.caseworker)
    theirs = _maryam(world.other_caseworker)
    enquiry = _enquiry(world, sex="female", birth_year=1994, place_of_origin="Tabriz")
    body = as_user(world.caseworker).get(f"{URL}{enquiry.pk}/candidates/").json()
    people = [row["person"] for row in body["results"]]
    assert people[0] == str(mine.pk) and str(theirs.pk) not in people
    assert body["results"][0]["probability"] > 0.5
    assert {e["field"] for e in body["results"][0]["explanation"]} >= {"given_name", "family_name"}
    assert body["held_elsewhere"] == []  # a caseworker gets no hint
    enquiry.refresh_from_db()
    assert enquiry.state == "candidate_found"


def test_supervisor_sees_only_the_agency_holding_a_likely_candidate_and_forwards(world, as_user):
    theirs = _maryam(world.other_caseworker)
    enquiry = _enquiry(world, sex="female", birth_year=1994, place_of_origin="Tabriz")
    client = as_user(world.supervisor)
    body = client.get(f"{URL}{enquiry.pk}/candidates/").json()
    assert body["results"] == []
    assert body["held_elsewhere"] == [
        {"agency": str(world.south.pk), "agency_name": "South Relief", "forwarded": False}
    ]
    assert str(theirs.pk) not in str(body)
    response = client.post(
        f"{URL}{enquiry.pk}/forward/", {"agency": str(world.south.pk)}, format="json"
    )
    assert response.status_code == 200
    entries = AuditEntry.objects.filter(changes__has_key="step")
    assert AuditEntry.objects.filter(subject_type="agency", subject_id=str(world.south.pk)).exists()
    assert entries.filter(subject_id=str(enquiry.pk)).exists()
    # the receiving agency now works it, and sees its own record as a candidate
    other = as_user(world.other_caseworker).get(f"{URL}{enquiry.pk}/candidates/").json()
    assert other["results"][0]["person"] == str(theirs.pk)
    again = client.post(
        f"{URL}{enquiry.pk}/forward/", {"agency": str(world.south.pk)}, format="json"
    )
    assert again.status_code == 400 and "agency" in again.json()


def test_a_person_who_asked_to_be_denied_is_in_no_hint_and_no_candidate_list(world, as_user):
    theirs = _maryam(world.other_caseworker)
    first = services.enquiry_create(actor=world.enquiry_desk, fields=enquiry_fields(
        enquirer_name="Aunt", sex="female", birth_year=1994))  # fmt: skip
    services.enquiry_forward(actor=world.supervisor, enquiry=first, agency=world.south)
    services.candidate_locate(actor=world.other_caseworker, enquiry=first, person=theirs)
    services.deny_knowing(actor=world.other_caseworker, enquiry=first)
    first.refresh_from_db()
    assert first.state == "closed_not_found"
    later = _enquiry(world, sex="female", birth_year=1994)
    assert (
        as_user(world.supervisor).get(f"{URL}{later.pk}/candidates/").json()["held_elsewhere"] == []
    )
    services.enquiry_forward(actor=world.supervisor, enquiry=later, agency=world.south)
    rows = as_user(world.other_caseworker).get(f"{URL}{later.pk}/candidates/").json()["results"]
    assert str(theirs.pk) not in [r["person"] for r in rows]


def test_enquiries_sharing_an_enquirer_are_linked_and_held_for_review(world, as_user):
    first = services.enquiry_create(actor=world.enquiry_desk, fields=enquiry_fields(
        enquirer_name="Davood Rahimi", phone="0912 555 0199"))  # fmt: skip
    by_phone = services.enquiry_create(actor=world.enquiry_desk, fields=enquiry_fields(
        enquirer_name="D. R.", phone="+98 912 555 0199", given_name="Ali"))  # fmt: skip
    by_name = services.enquiry_create(actor=world.enquiry_desk, fields=enquiry_fields(
        enquirer_name="داوود رحیمی", given_name="Sara"))  # fmt: skip
    unrelated = _enquiry(world)
    for e in (first, by_phone, by_name, unrelated):
        e.refresh_from_db()
    assert by_phone.flagged and by_phone.flag_reasons == ["phone"]
    assert by_name.flagged and "name" in by_name.flag_reasons
    assert first.flagged and not unrelated.flagged
    assert set(first.linked.all()) == {by_phone, by_name}
    _maryam(world.caseworker)
    client = as_user(world.caseworker)
    held = client.get(f"{URL}{first.pk}/candidates/").json()
    assert held == {"held_for_review": True, "results": [], "held_elsewhere": []}
    refused = client.post(f"{URL}{first.pk}/review/", {"note": "ok"}, format="json")
    assert refused.status_code == 403
    supervisor = as_user(world.supervisor)
    assert supervisor.post(f"{URL}{first.pk}/review/", {"note": "the mother, ID seen"},
                           format="json").status_code == 200  # fmt: skip
    assert client.get(f"{URL}{first.pk}/candidates/").json()["results"]
    # the desk is never told
    desk = as_user(world.enquiry_desk).get(f"{URL}{first.pk}/").json()
    assert "flag" not in str(desk) and "internal" not in desk


def test_every_decision_and_consent_is_audited(world):
    person = _maryam(world.caseworker)
    other = person_create(
        actor=world.caseworker, fields={"given_name": "Maria", "family_name": "Husseini"}
    )
    enquiry = _enquiry(world)
    before = AuditEntry.objects.count()
    services.candidate_rule_out(actor=world.caseworker, enquiry=enquiry, person=other, note="older")
    services.candidate_locate(actor=world.caseworker, enquiry=enquiry, person=person)
    services.tracing_interview_record(
        actor=world.caseworker, enquiry=enquiry,
        fields={"held_on": TODAY, "private": True, "chaperone_present": False},
        decisions={"alive_and_well": "given", "share_contact": "refused"},
    )  # fmt: skip
    services.consent_withdraw(actor=world.caseworker, enquiry=enquiry, purpose="alive_and_well")
    entries = AuditEntry.objects.filter(seq__gt=before)
    steps = [e.changes["step"]["new"] for e in entries if "step" in e.changes]
    assert steps == ["ruled_out", "located", "interview_held", "consent_withdrawn"]
    consents = entries.filter(subject_type="tracing_consent")
    assert consents.count() == 3
    for entry in consents:  # the decision itself is tracing data: named, not kept
        assert entry.changes["decision"] == {"class": "tracing"}
    assert all(
        "note" not in e.changes or e.changes["note"] == {"class": "tracing"} for e in entries
    )
    assert Event.objects.filter(enquiry=enquiry).count() == 5


def test_chaperoned_decisions_disclose_nothing_until_confirmed_in_private(world, as_user):
    person = _maryam(world.caseworker)
    enquiry = _enquiry(world)
    services.candidate_locate(actor=world.caseworker, enquiry=enquiry, person=person)
    client = as_user(world.caseworker)
    chaperoned = private_interview(
        {"alive_and_well": "given"}, private=False, chaperone_present=True
    )
    assert (
        client.post(f"{URL}{enquiry.pk}/interviews/", chaperoned, format="json").status_code == 201
    )
    desk = as_user(world.enquiry_desk)
    assert desk.get(f"{URL}{enquiry.pk}/").json()["disclosure"]["alive_and_well"] is None
    client.post(
        f"{URL}{enquiry.pk}/interviews/",
        private_interview({"alive_and_well": "given"}),
        format="json",
    )
    assert desk.get(f"{URL}{enquiry.pk}/").json()["disclosure"]["alive_and_well"] is True


@pytest.mark.parametrize(
    "change, field",
    [
        ({"decisions": {"be_friends": "given"}}, "decisions"),
        ({"decisions": {"alive_and_well": "maybe"}}, "decisions"),
        ({"held_on": (TODAY + dt.timedelta(days=3650)).isoformat()}, "held_on"),
        ({"held_on": "yesterday"}, "held_on"),
        ({"private": "perhaps"}, "private"),
        ({"colour": "blue"}, "colour"),
        ({"contact": "+355 1", "decisions": {"share_contact": "refused"}}, "contact"),
    ],
)
def test_bad_interview_is_400_and_writes_nothing(world, as_user, change, field):
    person = _maryam(world.caseworker)
    enquiry = _enquiry(world)
    services.candidate_locate(actor=world.caseworker, enquiry=enquiry, person=person)
    before = AuditEntry.objects.exclude(action="read").count()
    consents = Consent.objects.count()
    data = {**private_interview({"alive_and_well": "given"}), **change}
    response = as_user(world.caseworker).post(f"{URL}{enquiry.pk}/interviews/", data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert AuditEntry.objects.exclude(action="read").count() == before
    assert Consent.objects.count() == consents


@pytest.mark.parametrize(
    "path, data, field",
    [
        ("withdraw/", {"purpose": "everything"}, "purpose"),
        ("withdraw/", {}, "purpose"),
        ("message/", {"status": "lost"}, "status"),
        ("locate/", {"person": "not-an-id"}, "person"),
        ("locate/", {"person": str(uuid.uuid4())}, "person"),
        ("close/", {"reason": "x"}, "reason"),
        ("replies/", {"text": ""}, "text"),
        ("replies/", {"text": 5}, "text"),
    ],
)
def test_bad_action_input_is_400_and_writes_nothing(world, as_user, path, data, field):
    enquiry = _enquiry(world)
    if path != "locate/":
        services.candidate_locate(
            actor=world.caseworker, enquiry=enquiry, person=_maryam(world.caseworker)
        )
    before = AuditEntry.objects.exclude(action="read").count()
    response = as_user(world.caseworker).post(f"{URL}{enquiry.pk}/{path}", data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert AuditEntry.objects.exclude(action="read").count() == before


@pytest.mark.parametrize(
    "data, field",
    [
        (body(enquirer__name=""), "enquirer"),
        (body(enquirer__email="not an e-mail"), "enquirer"),
        (body(enquirer__favourite="x"), "enquirer"),
        (body(sought__sex="x"), "sought"),
        (body(sought__given_name="", sought__family_name="", sought__other_names=[]), "given_name"),
        (body(sought__birth_year=1990, sought__birth_year_max=1980), "birth_year_max"),
        (body(sought__birth_year=1200), "birth_year"),
        ({**ENQUIRY, "person": str(uuid.uuid4())}, "person"),
        ("not json", "non_field_errors"),
    ],
)
def test_bad_enquiry_is_400_and_writes_nothing(world, as_user, data, field):
    before = Enquiry.objects.count()
    response = as_user(world.enquiry_desk).post(URL, data, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert Enquiry.objects.count() == before


def test_follow_up_lists_enquiries_without_action_for_14_days(world):
    start = dt.datetime(2025, 5, 1, 9, tzinfo=dt.UTC)
    quiet = services.enquiry_create(
        actor=world.enquiry_desk, fields=enquiry_fields(enquirer_name="A"), now=start
    )
    busy = services.enquiry_create(
        actor=world.enquiry_desk, fields=enquiry_fields(enquirer_name="B"), now=start
    )
    services.enquiry_searched(
        actor=world.caseworker, enquiry=busy, found=False, now=start + dt.timedelta(days=10)
    )
    closed = services.enquiry_create(
        actor=world.enquiry_desk, fields=enquiry_fields(enquirer_name="C"), now=start
    )
    services.enquiry_close(actor=world.caseworker, enquiry=closed, now=start)
    due = start + dt.timedelta(days=14)
    assert list(selectors.follow_up_list(user=world.supervisor, now=due)) == [quiet]
    later = start + dt.timedelta(days=24)
    assert set(selectors.follow_up_list(user=world.supervisor, now=later)) == {quiet, busy}
    assert list(selectors.follow_up_list(user=world.caseworker, now=later)) == []


def test_timeline_shows_every_state(world, as_user):
    enquiry = _enquiry(world)
    services.candidate_locate(
        actor=world.caseworker, enquiry=enquiry, person=_maryam(world.caseworker)
    )
    services.enquiry_close(actor=world.caseworker, enquiry=enquiry)
    rows = as_user(world.caseworker).get(f"{URL}{enquiry.pk}/timeline/").json()["results"]
    assert [r["state"] for r in rows] == ["received", "located", "closed_not_found"]


def _consenting(world, as_user, decisions=None):
    enquiry = _enquiry(world)
    services.candidate_locate(
        actor=world.caseworker, enquiry=enquiry, person=_maryam(world.caseworker)
    )
    services.tracing_interview_record(
        actor=world.caseworker, enquiry=enquiry,
        fields={"held_on": TODAY, "private": True, "chaperone_present": False},
        decisions=decisions or {"accept_visit": "given"},
    )  # fmt: skip
    client = as_user(world.caseworker)
    visitor = client.post(f"{URL}{enquiry.pk}/visitors/", {"name": "Parvin"}, format="json").json()
    return enquiry, client, visitor


def _visit_body(visitor, **extra):
    return {"visitors": [visitor["id"]], "starts_on": "2025-07-01", "ends_on": "2025-07-03",
            "place": "the agency's office in town", **extra}  # fmt: skip


def test_a_visit_with_visas_and_a_withdrawal_cancelling_it(world, as_user):
    enquiry, client, visitor = _consenting(world, as_user)
    visit = client.post(f"{URL}{enquiry.pk}/visits/", _visit_body(visitor), format="json")
    assert visit.status_code == 201 and visit.json()["neutral_place"] is True
    visit = visit.json()
    visa = client.post(f"{URL}{enquiry.pk}/visits/{visit['id']}/visas/",
                       {"visitor": visitor["id"], "status": "submitted",
                        "authority_reference": "V-2025-001", "submitted_on": "2025-06-03"},
                       format="json")  # fmt: skip
    assert visa.status_code == 201
    url = f"{URL}{enquiry.pk}/visits/{visit['id']}/visas/{visa.json()['id']}/"
    granted = client.patch(url, {"status": "granted", "decided_on": "2025-06-20"}, format="json")
    assert granted.status_code == 200 and granted.json()["status"] == "granted"
    desk = as_user(world.enquiry_desk)
    shown = desk.get(f"{URL}{enquiry.pk}/").json()["disclosure"]["visit"]
    assert shown == {"starts_on": "2025-07-01", "ends_on": "2025-07-03",
                     "place": "the agency's office in town", "status": "requested"}  # fmt: skip
    client.post(f"{URL}{enquiry.pk}/withdraw/", {"purpose": "accept_visit"}, format="json")
    after = client.get(f"{URL}{enquiry.pk}/visits/{visit['id']}/").json()
    assert after["status"] == "cancelled"
    assert desk.get(f"{URL}{enquiry.pk}/").json()["disclosure"]["visit"] is None


def test_a_visit_or_visa_without_consent_is_400_and_writes_nothing(world, as_user):
    enquiry, client, visitor = _consenting(world, as_user, {"accept_visit": "refused"})
    before = AuditEntry.objects.exclude(action="read").count()
    response = client.post(f"{URL}{enquiry.pk}/visits/", _visit_body(visitor), format="json")
    assert response.status_code == 400 and "consent" in response.json()
    assert AuditEntry.objects.exclude(action="read").count() == before


def test_a_visa_after_the_consent_was_withdrawn_is_400(world, as_user):
    enquiry, client, visitor = _consenting(world, as_user)
    visit = client.post(f"{URL}{enquiry.pk}/visits/", _visit_body(visitor), format="json").json()
    services.consent_withdraw(actor=world.caseworker, enquiry=enquiry, purpose="accept_visit")
    services.tracing_interview_record(
        actor=world.caseworker, enquiry=enquiry,
        fields={"held_on": TODAY, "private": False, "chaperone_present": True},
        decisions={"accept_visit": "given"},  # with a chaperone: not consent yet
    )  # fmt: skip
    before = AuditEntry.objects.exclude(action="read").count()
    url = f"{URL}{enquiry.pk}/visits/{visit['id']}/visas/"
    response = client.post(url, {"visitor": visitor["id"]}, format="json")
    assert response.status_code == 400
    assert AuditEntry.objects.exclude(action="read").count() == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"visitors": []}, "visitors"),
        ({"ends_on": "2025-06-01"}, "ends_on"),
        ({"place": ""}, "place"),
        ({"starts_on": "soon"}, "starts_on"),
        ({"compound": True}, "compound"),
    ],
)
def test_bad_visit_is_400_and_writes_nothing(world, as_user, change, field):
    enquiry, client, visitor = _consenting(world, as_user)
    before = AuditEntry.objects.exclude(action="read").count()
    response = client.post(
        f"{URL}{enquiry.pk}/visits/", {**_visit_body(visitor), **change}, format="json"
    )
    assert response.status_code == 400 and field in response.json(), response.json()
    assert AuditEntry.objects.exclude(action="read").count() == before


def test_a_visitor_not_linked_to_the_enquiry_is_400(world, as_user):
    enquiry, client, visitor = _consenting(world, as_user)
    _other, _c, stranger = _consenting(world, as_user)
    before = AuditEntry.objects.exclude(action="read").count()
    response = client.post(f"{URL}{enquiry.pk}/visits/", _visit_body(stranger), format="json")
    assert response.status_code == 400 and "visitors" in response.json()
    visit = client.post(f"{URL}{enquiry.pk}/visits/", _visit_body(visitor), format="json").json()
    before = AuditEntry.objects.exclude(action="read").count()
    url = f"{URL}{enquiry.pk}/visits/{visit['id']}/visas/"
    response = client.post(url, {"visitor": stranger["id"]}, format="json")
    assert response.status_code == 400 and "visitor" in response.json()
    assert AuditEntry.objects.exclude(action="read").count() == before
