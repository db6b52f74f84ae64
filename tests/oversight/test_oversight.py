"""Oversight: visits and findings, actions and their alerts, interviews and the
never-alone list, leaving the group, bad input."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection

from haven.alerts.models import Alert
from haven.alerts.rules import alerts_evaluate
from haven.audit.models import AuditEntry
from haven.oversight.models import Departure, Finding, FollowUpAction, SiteLink, Visit
from haven.oversight.services import site_link_person
from haven.people.models import Person
from tests.oversight.conftest import NOW, visit_body

CONCERNS = [
    {"item": "free_to_leave", "answer": "no", "note": "marker-gate-locked"},
    {"item": "documents_held_by_others", "answer": "yes", "note": ""},
    {"item": "uniforms_required", "answer": "yes"},
    {"item": "medical_care_available", "answer": "yes"},  # not a concern
    {"item": "children_present", "answer": "not_seen"},  # not a concern either
]


def writes() -> int:
    return AuditEntry.objects.exclude(action="read").count()


@time_machine.travel(NOW, tick=False)
def test_refused_visit_is_recorded_with_its_reason(world, as_user, compound):
    client = as_user(world.inspector)
    body = visit_body(
        compound,
        access="refused",
        refused_by="the gatekeeper",
        refusal_reason="marker-no-visitors-on-holy-days",
        private_interviews_possible=False,
    )
    response = client.post("/api/v1/oversight/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["access"] == "refused"
    assert data["refusal_reason"] == "marker-no-visitors-on-holy-days"
    detail = client.get(f"/api/v1/oversight/visits/{data['id']}/").json()
    assert detail["refused_by"] == "the gatekeeper"
    # encrypted at rest, and the audit entry names the field without its value
    with connection.cursor() as cursor:
        cursor.execute("SELECT refusal_reason FROM oversight_visit")
        (stored,) = cursor.fetchone()
    assert "marker" not in stored
    entry = AuditEntry.objects.get(subject_type="visit")
    assert "refusal_reason" in entry.fields and "marker" not in str(entry.changes)


@time_machine.travel(NOW, tick=False)
def test_findings_of_concern_become_actions_and_overdue_raises_an_alert(world, as_user, compound):
    client = as_user(world.inspector)
    body = visit_body(
        compound, access="partial", refused_areas="the women's wing", findings=CONCERNS
    )
    response = client.post("/api/v1/oversight/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    findings = {f["item"]: f for f in response.json()["findings"]}
    assert {i for i, f in findings.items() if f["concern"]} == {
        "free_to_leave",
        "documents_held_by_others",
        "uniforms_required",
    }
    assert all(bool(f["action"]) == f["concern"] for f in findings.values())
    actions = FollowUpAction.objects.filter(visit__pk=response.json()["id"])
    assert actions.count() == 3
    assert {a.owner for a in actions} == {world.inspector}
    assert {a.due_on for a in actions} == {dt.date(2025, 6, 3)}  # 14 days after the visit
    # not overdue yet on the due date; overdue the day after: one alert per action, once
    assert alerts_evaluate(now=dt.datetime(2025, 6, 3, 23, 0, tzinfo=dt.UTC)) == []
    later = dt.datetime(2025, 6, 4, 8, 0, tzinfo=dt.UTC)
    raised = [a for a in alerts_evaluate(now=later) if a.kind == "oversight_action_overdue"]
    assert len(raised) == 3
    assert {a.owner for a in raised} == {world.inspector}
    assert {a.data_class for a in raised} == {"identity"}
    assert alerts_evaluate(now=later) == []
    # a done action raises nothing
    action = actions.first()
    done = as_user(world.inspector).patch(
        f"/api/v1/oversight/actions/{action.pk}/",
        {"status": "done", "outcome": "Documents returned to their owners."},
        format="json",
    )
    assert done.status_code == 200 and done.json()["completed_on"] == "2025-06-02"
    assert done.json()["overdue"] is False


@time_machine.travel(NOW, tick=False)
def test_the_supervisor_sees_the_inspectors_actions(world, as_user, compound):
    body = visit_body(compound, access="partial", refused_areas="kitchens", findings=CONCERNS)
    as_user(world.inspector).post("/api/v1/oversight/visits/", body, format="json")
    rows = as_user(world.supervisor).get("/api/v1/oversight/actions/").json()["results"]
    assert len(rows) == 3 and all(r["owner_name"] for r in rows)
    # the other agency's inspector-free roles see them too; an inspector elsewhere does not
    assert as_user(world.other_caseworker).get("/api/v1/oversight/actions/").json()["count"] == 3


def test_interview_with_a_chaperone_is_not_private_and_never_alone_follows(
    world, as_user, person_factory
):
    leila = person_factory(given_name="Leila", family_name="Karimi")
    omid = person_factory(given_name="Omid", family_name="Karimi")
    supervisor = as_user(world.supervisor)

    def never_alone():
        rows = supervisor.get("/api/v1/oversight/never-alone/").json()["results"]
        return {r["person"] for r in rows}

    assert never_alone() == {str(leila.pk), str(omid.pk)}
    interview = {
        "person": str(leila.pk),
        "held_on": "2025-05-30",
        "private": True,
        "chaperone_present": True,
        "asked_for": ["leave", "documents"],
    }
    response = as_user(world.inspector).post(
        "/api/v1/oversight/interviews/", interview, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["counts_as_private"] is False
    assert never_alone() == {str(leila.pk), str(omid.pk)}
    row = next(
        r
        for r in supervisor.get("/api/v1/oversight/never-alone/").json()["results"]
        if r["person"] == str(leila.pk)
    )
    assert row["interviews_held"] == 1 and row["last_interview"] == "2025-05-30"
    interview["chaperone_present"] = False
    response = as_user(world.inspector).post(
        "/api/v1/oversight/interviews/", interview, format="json"
    )
    assert response.json()["counts_as_private"] is True
    assert never_alone() == {str(omid.pk)}
    # held "in private" is not enough when it was not: private false never counts
    response = as_user(world.caseworker).post(
        "/api/v1/oversight/interviews/",
        {**interview, "person": str(omid.pk), "private": False},
        format="json",
    )
    assert response.status_code == 201
    assert never_alone() == {str(omid.pk)}


@time_machine.travel(NOW, tick=False)
def test_leaving_changes_status_keeps_history_and_creates_follow_ups(
    world, as_user, person_factory, compound
):
    person = person_factory(group_status="member", caseworker=world.caseworker)
    link = site_link_person(
        actor=world.caseworker, site=compound, person=person, from_on=dt.date(2019, 1, 1)
    )
    body = {
        "left_on": "2025-05-31",
        "went_to": "marker-safe-house",
        "needs": ["documents", "housing", "protection"],
        "notes": "Left at night with her two children.",
    }
    response = as_user(world.caseworker).post(
        f"/api/v1/people/{person.pk}/leave/", body, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["group_status"] == "former_member" and data["left_group_on"] == "2025-05-31"
    assert data["departure"]["status_before"] == "member"
    assert data["departure"]["went_to"] == "marker-safe-house"
    person.refresh_from_db()
    assert person.group_status == "former_member"
    assert person.left_group_on == dt.date(2025, 5, 31)
    # history: the register's audit keeps the old status, the departure stays
    change = AuditEntry.objects.filter(subject_type="person", subject_id=str(person.pk)).last()
    assert change.changes["group_status"] == {
        "class": "identity", "old": "member", "new": "former_member"
    }  # fmt: skip
    assert Departure.objects.filter(person=person).count() == 1
    assert "marker" not in str(AuditEntry.objects.filter(subject_type="departure").get().changes)
    # follow-ups: one action per need, owned by the caseworker, due a week later
    actions = FollowUpAction.objects.filter(person=person)
    assert actions.count() == 3 and {a.owner for a in actions} == {world.caseworker}
    assert {a.due_on for a in actions} == {dt.date(2025, 6, 9)}
    assert {a["person"] for a in data["actions"]} == {str(person.pk)}
    # the risk is to be reassessed: a safety alert on the person, for the caseworker
    alert = Alert.objects.get(kind="risk_reassessment_due")
    assert (alert.person, alert.owner, alert.data_class) == (person, world.caseworker, "safety")
    # the site link ends the day they left, and is kept
    link.refresh_from_db()
    assert link.to_on == dt.date(2025, 5, 31) and SiteLink.objects.count() == 1
    # leaving twice is refused
    again = as_user(world.caseworker).post(
        f"/api/v1/people/{person.pk}/leave/", body, format="json"
    )
    assert again.status_code == 400 and "left_on" in again.json()
    history = as_user(world.caseworker).get(f"/api/v1/people/{person.pk}/leave/").json()
    assert len(history["results"]) == 1
    # an inspector sees the departure (if in scope) but never where they went
    assert "went_to" not in str(
        as_user(world.inspector).get(f"/api/v1/people/{person.pk}/leave/").json()
    )


BAD_VISITS = [
    ({"visited_on": "2025-06-03"}, "visited_on"),  # done, in the future
    ({"findings": [{"item": "free_to_smile", "answer": "yes"}]}, "findings"),
    ({"findings": [{"item": "free_to_leave", "answer": "maybe"}]}, "findings"),
    (
        {"findings": [{"item": "free_to_leave", "answer": "no"}] * 2},
        "findings",
    ),
    ({"findings": [{"item": "free_to_leave", "answer": "no", "colour": "red"}]}, "findings"),
    ({"access": "partial"}, "refused_areas"),
    ({"access": "refused"}, "refusal_reason"),
    ({"access": ""}, "access"),
    ({"visited_on": None, "planned_on": "2025-07-01"}, "access"),
    ({"purpose": "tourism"}, "purpose"),
    ({"site": "00000000-0000-0000-0000-000000000000"}, "site"),
    ({"agency": "00000000-0000-0000-0000-000000000000"}, "agency"),
    ({"people_met": -1}, "people_met"),
    ({"officers": 12}, "officers"),
    ({"colour": "red"}, "colour"),
]


@pytest.mark.parametrize(("change", "field"), BAD_VISITS)
@time_machine.travel(NOW, tick=False)
def test_bad_visit_is_400_and_writes_nothing(world, as_user, compound, change, field):
    before = writes()
    body = visit_body(compound, findings=[{"item": "uniforms_required", "answer": "yes"}])
    body.update(change)
    response = as_user(world.inspector).post("/api/v1/oversight/visits/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert writes() == before
    assert not Visit.objects.exists() and not Finding.objects.exists()
    assert not FollowUpAction.objects.exists()


def test_an_inspector_records_only_their_own_agencys_visits(world, as_user, compound):
    response = as_user(world.inspector).post(
        "/api/v1/oversight/visits/", visit_body(compound, agency=str(world.south.pk)), format="json"
    )
    assert response.status_code == 400 and "agency" in response.json()
    # a caseworker may record a visit another agency made (as it was reported)
    response = as_user(world.caseworker).post(
        "/api/v1/oversight/visits/", visit_body(compound, agency=str(world.south.pk)), format="json"
    )
    assert response.status_code == 201
    assert as_user(world.inspector).get("/api/v1/oversight/visits/").json()["count"] == 0


@time_machine.travel(NOW, tick=False)
def test_a_planned_visit_has_no_outcome_yet(world, as_user, compound):
    body = {"site": str(compound.pk), "purpose": "health", "planned_on": "2025-07-01"}
    response = as_user(world.health).post("/api/v1/oversight/visits/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["visited_on"] is None and response.json()["access"] == ""


BAD_ACTIONS = [
    ({"owner": None}, "owner"),
    ({"owner": "nobody"}, "owner"),
    ({"due_on": "soon"}, "due_on"),
    ({"description": ""}, "description"),
    ({"person": "00000000-0000-0000-0000-000000000000"}, "person"),
]


@pytest.mark.parametrize(("change", "field"), BAD_ACTIONS)
def test_bad_action_is_400_and_writes_nothing(world, as_user, compound, change, field):
    body = {
        "description": "Ask the labour court for an order.",
        "due_on": "2025-07-01",
        "owner": str(world.inspector.uuid),
        "site": str(compound.pk),
    }
    body.update(change)
    body = {k: v for k, v in body.items() if v is not None}
    before = writes()
    response = as_user(world.inspector).post("/api/v1/oversight/actions/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()
    assert writes() == before and not FollowUpAction.objects.exists()


def test_an_action_is_owned_within_the_agency(world, as_user, compound):
    body = {
        "description": "Ask the labour court for an order.",
        "due_on": "2025-07-01",
        "owner": str(world.other_caseworker.uuid),
    }
    response = as_user(world.inspector).post("/api/v1/oversight/actions/", body, format="json")
    assert response.status_code == 400 and "owner" in response.json()
    body["owner"] = str(world.supervisor.uuid)
    response = as_user(world.inspector).post("/api/v1/oversight/actions/", body, format="json")
    assert response.status_code == 201
    response = as_user(world.supervisor).patch(
        f"/api/v1/oversight/actions/{response.json()['id']}/", {"status": "done"}, format="json"
    )
    assert response.status_code == 400 and "outcome" in response.json()


@time_machine.travel(NOW, tick=False)
def test_bad_leaving_is_400_and_writes_nothing(world, as_user, person_factory):
    person = person_factory(group_status="member")
    client = as_user(world.caseworker)
    for body, field in [
        ({"left_on": "2025-06-03"}, "left_on"),
        ({}, "left_on"),
        ({"left_on": "2025-05-01", "needs": ["a pony"]}, "needs"),
        ({"left_on": "2025-05-01", "colour": "red"}, "colour"),
    ]:
        before = writes()
        response = client.post(f"/api/v1/people/{person.pk}/leave/", body, format="json")
        assert response.status_code == 400 and field in response.json(), body
        assert writes() == before
    person.refresh_from_db()
    assert person.group_status == "member"
    assert not Departure.objects.exists() and not Alert.objects.exists()


def test_bad_interview_is_400_and_writes_nothing(world, as_user, person_factory):
    person = person_factory()
    before = writes()
    for body, field in [
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"asked_for": ["a pony"]}, "asked_for"),
        ({"private": "perhaps"}, "private"),
        ({"person": "00000000-0000-0000-0000-000000000000"}, "person"),
    ]:
        full = {
            "person": str(person.pk),
            "held_on": "2025-05-30",
            "private": True,
            "chaperone_present": False,
            **body,
        }
        response = as_user(world.caseworker).post(
            "/api/v1/oversight/interviews/", full, format="json"
        )
        assert response.status_code == 400 and field in response.json(), body
    assert writes() == before


def test_site_address_and_people_are_whereabouts(world, as_user, compound, person_factory):
    person = person_factory()
    site_link_person(actor=world.caseworker, site=compound, person=person)
    caseworker = as_user(world.caseworker).get(f"/api/v1/oversight/sites/{compound.pk}/").json()
    assert caseworker["address"].startswith("marker-address")
    inspector = as_user(world.inspector).get(f"/api/v1/oversight/sites/{compound.pk}/").json()
    assert "address" not in inspector
    people = as_user(world.caseworker).get(f"/api/v1/oversight/sites/{compound.pk}/people/")
    assert [r["person"] for r in people.json()["results"]] == [str(person.pk)]
    assert (
        as_user(world.inspector)
        .get(f"/api/v1/oversight/sites/{compound.pk}/people/")
        .json()["results"]
        == []
    )
    reads = AuditEntry.objects.filter(
        action="read", subject_type="site", actor_id=world.caseworker.pk
    )
    assert reads.count() == 2 and all(e.classes == ["whereabouts"] for e in reads)
    assert not AuditEntry.objects.filter(action="read", actor_id=world.inspector.pk).exists()
    # an inspector may not set an address
    response = as_user(world.inspector).post(
        "/api/v1/oversight/sites/", {"name": "Farm", "kind": "workplace", "address": "x"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 400 and "address" in response.json()
    assert Person.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_planned_visit_is_completed_once(world, as_user, compound):
    client = as_user(world.inspector)
    planned = client.post(
        "/api/v1/oversight/visits/",
        {"site": str(compound.pk), "purpose": "labour", "planned_on": "2025-06-01"},
        format="json",
    ).json()
    url = f"/api/v1/oversight/visits/{planned['id']}/"
    before = writes()
    bad = client.patch(url, {"visited_on": "2025-06-03", "access": "granted"}, format="json")
    assert bad.status_code == 400 and "visited_on" in bad.json() and writes() == before
    body = {
        "visited_on": "2025-06-01",
        "access": "partial",
        "refused_areas": "The kitchens.",
        "findings": [{"item": "communication_restricted", "answer": "yes"}],
    }
    done = client.patch(url, body, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["access"] == "partial" and done.json()["findings"][0]["concern"]
    assert FollowUpAction.objects.filter(visit__pk=planned["id"]).count() == 1
    again = client.patch(url, {"notes": "more"}, format="json")
    assert again.status_code == 400 and "visited_on" in again.json()
    assert client.patch(url, {"site": str(compound.pk)}, format="json").status_code == 400
