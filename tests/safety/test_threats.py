"""Threat reports, risk levels and incidents: the rules, with time injected."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from haven.alerts.models import Alert
from haven.alerts.notify import alerts_notify
from haven.audit.models import AuditEntry
from haven.people.models import Person, PersonShare
from haven.people.services import person_create, person_update
from haven.safety import kinds
from haven.safety.models import RiskLevelChange, Threat
from haven.safety.services import (
    assessment_create,
    incident_create,
    threat_close,
    threat_create,
    threat_escalate,
    threat_update,
)
from haven.safety.services.assessments import risk_score
from tests.safety.conftest import NOW

THREAT = {
    "kind": "against_life",
    "reliability": "B",
    "credibility": "2",
    "imminence": "weeks",
    "narrative": "narrative-marker: the leadership said he will pay",
}


def _threat(world, targets, **fields):
    return threat_create(
        actor=world.caseworker, fields={**THREAT, **fields}, targets=targets, now=NOW
    )


def test_a_threat_is_graded_and_its_narrative_encrypted(world, person):
    threat = _threat(world, [person.pk])
    assert threat.grade == "B2" and threat.status == "open"
    assert list(threat.targets.all()) == [person]
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("select narrative from safety_threat")
        raw = cur.fetchone()[0]
    assert "narrative-marker" not in raw
    entry = AuditEntry.objects.filter(subject_type="threat").get()
    assert "narrative-marker" not in str(entry.changes) and "narrative" in entry.changes


def test_an_imminent_threat_raises_every_target_and_notifies_once(world, person, police):
    world.caseworker.email = "cw@example.org"
    world.caseworker.save()
    police.email = "police@example.org"
    police.save()
    other = person_create(actor=world.supervisor, fields={"given_name": "Dara"})
    assessment_create(actor=world.caseworker, person=person, fields={}, now=NOW)
    person.refresh_from_db()
    before = person.risk_level
    assert before in ("low", "medium")
    threat = _threat(world, [person.pk, other.pk], imminence="imminent")
    for p in (person, other):
        p.refresh_from_db()
        assert p.risk_level == "critical"
        assert RiskLevelChange.objects.filter(person=p, cause="imminent_threat").exists()
        # shared with the police agency: danger to life
        share = PersonShare.objects.get(person=p, agency=police.agency, revoked_at__isnull=True)
        assert share.reason == "danger to life"
    imminent = Alert.objects.filter(kind=kinds.THREAT_IMMINENT)
    assert imminent.count() == 2 and {a.person_id for a in imminent} == {person.pk, other.pk}
    assert Alert.objects.filter(kind=kinds.REASSESSMENT_NEEDED).count() == 2
    sent = alerts_notify(now=NOW)
    assert sent and any("police@example.org" in m.to for m in mail.outbox)
    count = len(mail.outbox)
    assert alerts_notify(now=NOW + dt.timedelta(hours=1)) == 0
    assert len(mail.outbox) == count
    # the rule raising imminent threats again changes nothing
    from haven.alerts.rules import alerts_evaluate

    alerts_evaluate(now=NOW + dt.timedelta(hours=2))
    assert Alert.objects.filter(kind=kinds.THREAT_IMMINENT).count() == 2
    assert threat.status == "open"


def test_raising_never_lowers(world, person):
    _threat(world, [person.pk], imminence="imminent")
    person.refresh_from_db()
    assert person.risk_level == "critical"
    incident_create(
        actor=world.caseworker,
        fields={"kind": "assault", "occurred_on": NOW.date(), "narrative": "hit"},
        people=[(person.pk, "victim")],
        now=NOW,
    )
    person.refresh_from_db()
    assert person.risk_level == "critical"


def test_an_incident_against_a_person_raises_their_level_and_asks_for_reassessment(world, person):
    witness = person_create(actor=world.supervisor, fields={"given_name": "Witness"})
    incident = incident_create(
        actor=world.caseworker,
        fields={"kind": "detention", "occurred_on": NOW.date(), "narrative": "locked in"},
        people=[(person.pk, "victim"), (witness.pk, "witness")],
        now=NOW,
    )
    person.refresh_from_db()
    witness.refresh_from_db()
    assert person.risk_level == "high" and witness.risk_level == "unassessed"
    alert = Alert.objects.get(kind=kinds.REASSESSMENT_NEEDED)
    assert alert.person_id == person.pk and alert.owner_id == world.caseworker.pk
    assert {i.part for i in incident.involvements.all()} == {"victim", "witness"}


def test_an_assessment_sets_the_level_with_reasons_and_may_lower_it(world, person):
    _threat(world, [person.pk])
    a = assessment_create(
        actor=world.caseworker,
        person=person,
        fields={"witness_to_serious_events": True, "isolated": True},
        now=NOW,
    )
    codes = {r["code"] for r in a.reasons}
    assert {"open_threats", "witness_to_serious_events", "isolated", "no_family_contact"} <= codes
    assert a.level == "high"  # threat 2 + witness 2 + isolated 1 + no family 1
    assert Threat.objects.get().status == "assessed"
    person.refresh_from_db()
    assert person.risk_level == "high"
    assert a.review_on == NOW.date() + dt.timedelta(days=30)
    threat_close(actor=world.caseworker, threat=Threat.objects.get(), now=NOW)
    b = assessment_create(
        actor=world.caseworker, person=person, fields={"family_contact": True}, now=NOW
    )
    person.refresh_from_db()
    assert b.level == person.risk_level == "low" and b.reasons == []


def test_risk_score_levels():
    assert risk_score({}, {"family_contact": True})[0] == "low"
    assert risk_score({}, {})[0] == "low"
    assert risk_score({"open_threats": 1}, {"family_contact": True})[0] == "medium"
    assert risk_score({"open_threats": 2}, {"family_contact": True})[0] == "high"
    assert risk_score({"open_threats": 1, "imminent_threats": 1}, {})[0] == "critical"


def test_a_group_resolves_to_the_people_it_covers(world, as_user):
    a = person_create(
        actor=world.supervisor,
        fields={"given_name": "Ana", "group_status": "former_member", "current_site": "Tirana"},
    )
    person_create(
        actor=world.supervisor,
        fields={"given_name": "Ben", "group_status": "member", "current_site": "Tirana"},
    )
    c = person_create(
        actor=world.supervisor,
        fields={"given_name": "Cy", "group_status": "former_member", "address": "Rr. X, TIRANA"},
    )
    person_create(
        actor=world.other_supervisor,
        fields={"given_name": "Dee", "group_status": "former_member", "current_site": "Tirana"},
    )
    response = as_user(world.caseworker).post(
        "/api/v1/safety/threats/",
        {
            **THREAT,
            "group": {
                "description": "all former members in Tirana",
                "group_status": "former_member",
                "site": "tirana",
            },
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {t["person"] for t in body["targets"]} == {str(a.pk), str(c.pk)}
    assert all(t["via_group"] for t in body["targets"])
    assert body["target_group"] == "all former members in Tirana"


def test_escalation_shares_with_the_police_and_keeps_the_reference(world, person, police):
    threat = _threat(world, [person.pk])
    threat = threat_escalate(
        actor=world.caseworker, threat=threat, police_reference="HP-77", now=NOW
    )
    assert threat.status == "escalated" and threat.police_reference == "HP-77"
    share = PersonShare.objects.get(person=person, agency=police.agency)
    assert share.reason == "danger to life"
    assert AuditEntry.objects.filter(subject_type="person_share", subject_id=person.pk).exists()
    # the police liaison now sees the person and the threat
    from haven.safety.selectors import threat_list

    assert list(threat_list(user=police)) == [threat]
    threat_close(actor=police, threat=threat, now=NOW)
    with pytest.raises(ValidationError):
        threat_escalate(actor=world.caseworker, threat=threat, now=NOW)


def test_risk_level_is_written_only_by_the_safety_module(world, person, as_user):
    with pytest.raises(ValidationError) as exc:
        person_update(actor=world.caseworker, person=person, fields={"risk_level": "low"})
    assert "risk_level" in exc.value.message_dict
    client = as_user(world.caseworker)
    response = client.patch(f"/api/v1/people/{person.pk}/", {"risk_level": "low"}, format="json")
    assert response.status_code == 400 and "risk_level" in response.json()
    response = client.post(
        "/api/v1/people/", {"given_name": "X", "risk_level": "high"}, format="json"
    )
    assert response.status_code == 400 and "risk_level" in response.json()
    assert Person.objects.get(pk=person.pk).risk_level == "unassessed"
    # the register filters by it
    _threat(world, [person.pk], imminence="imminent")
    rows = client.get("/api/v1/people/", {"risk_level": "critical"}).json()["results"]
    assert [r["id"] for r in rows] == [str(person.pk)]


def test_outsiders_cannot_record(world, person):
    with pytest.raises(ValidationError) as exc:
        threat_create(actor=world.other_caseworker, fields=THREAT, targets=[person.pk], now=NOW)
    assert "targets" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        threat_create(actor=world.inspector, fields=THREAT, targets=[person.pk], now=NOW)
    with pytest.raises(PermissionDenied):
        assessment_create(actor=world.police_liaison, person=person, fields={}, now=NOW)
    assert not Threat.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reliability": "G"}, "reliability"),
        ({"credibility": "7"}, "credibility"),
        ({"imminence": "soon"}, "imminence"),
        ({"kind": "gossip"}, "kind"),
        ({"targets": ["not-a-uuid"]}, "targets"),
        ({"targets": ["00000000-0000-0000-0000-000000000000"]}, "targets"),
        ({"targets": []}, "targets"),
        ({"narrative": 12}, "narrative"),
        ({"reported_on": "2999-01-01"}, "reported_on"),
        ({"police_reference": "x"}, "police_reference"),
    ],
)
def test_bad_threat_input_is_400_and_writes_nothing(world, person, as_user, body, field):
    before = AuditEntry.objects.exclude(action="read").count()
    data = {**THREAT, "targets": [str(person.pk)], **body}
    response = as_user(world.caseworker).post("/api/v1/safety/threats/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Threat.objects.exists()
    assert AuditEntry.objects.exclude(action="read").count() == before


def test_a_target_outside_the_users_scope_is_400(world, as_user):
    theirs = person_create(actor=world.other_supervisor, fields={"given_name": "Theirs"})
    response = as_user(world.caseworker).post(
        "/api/v1/safety/threats/", {**THREAT, "targets": [str(theirs.pk)]}, format="json"
    )
    assert response.status_code == 400 and "targets" in response.json()
    assert not Threat.objects.exists()


def test_a_threat_update_names_the_changed_fields_and_an_imminent_one_raises(world, person):
    threat = _threat(world, [person.pk])
    later = NOW + dt.timedelta(hours=1)
    changes = AuditEntry.objects.filter(subject_type="threat", action="change")
    # nothing changed: nothing written
    threat_update(actor=world.caseworker, threat=threat, fields={"kind": "against_life"}, now=later)
    assert not changes.exists()
    with pytest.raises(ValidationError) as bad:
        threat_update(actor=world.caseworker, threat=threat, fields={"status": "closed"}, now=later)
    assert "status" in bad.value.message_dict
    with pytest.raises(ValidationError) as bad:
        threat_update(actor=world.caseworker, threat=threat, fields={"reliability": "Z"}, now=later)
    assert "reliability" in bad.value.message_dict and not changes.exists()
    with pytest.raises(PermissionDenied):
        threat_update(actor=world.other_caseworker, threat=threat, fields={"place": "x"}, now=later)
    threat_update(
        actor=world.caseworker,
        threat=threat,
        fields={"imminence": "imminent", "narrative": "new-marker"},
        now=later,
    )
    entry = changes.get()
    assert set(entry.changes) == {"imminence", "narrative"}
    assert "new-marker" not in str(entry.changes)
    person.refresh_from_db()
    assert person.risk_level == "critical"
    assert Alert.objects.filter(kind=kinds.THREAT_IMMINENT, person=person).count() == 1
    # still imminent: no second raise
    threat_update(actor=world.caseworker, threat=threat, fields={"place": "Tirana"}, now=later)
    assert Alert.objects.filter(kind=kinds.THREAT_IMMINENT, person=person).count() == 1
    threat_close(actor=world.caseworker, threat=threat, now=later)
    with pytest.raises(ValidationError):
        threat_update(actor=world.caseworker, threat=threat, fields={"place": "x"}, now=later)
