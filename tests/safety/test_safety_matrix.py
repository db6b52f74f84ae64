"""The safety module's authorization matrix: every endpoint × every role × own,
other-agency, assigned and shared people.

Threats, assessments, checks and measures are safety data (caseworkers, supervisors,
the police liaison); incidents about health and deaths are health data too (health
reads them). The enquiry desk, inspectors, refugee liaisons, auditors and admins see
none of it. Safety writers record for anyone they see; assessors (caseworkers,
supervisors) assess only people whose record they may edit.
"""

from __future__ import annotations

import datetime as dt

import pytest

from haven.audit.models import AuditEntry
from haven.people.services import person_create, person_share
from haven.safety.services import (
    assessment_create,
    death_record,
    incident_create,
    measure_create,
    threat_create,
    welfare_check_record,
)

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
ROLES = [
    "caseworker",
    "supervisor",
    "enquiry_desk",
    "police_liaison",
    "health",
    "inspector",
    "refugee_liaison",
    "auditor",
    "admin",
    "other_caseworker",
]
SAFETY = {"caseworker", "supervisor", "police_liaison", "other_caseworker"}
SAFETY_OR_HEALTH = SAFETY | {"health"}
WRITERS = SAFETY
ASSESSORS = {"caseworker", "supervisor", "other_caseworker"}
RECORDS = ["own", "other", "assigned", "shared"]
THREAT = {
    "kind": "against_life",
    "reliability": "C",
    "credibility": "3",
    "imminence": "weeks",
    "narrative": "said he would be found",
}

# name: (method, path, body, status when allowed, readers, kind)
# kind: list | record (a record of the person) | create (for the person) | assess |
#       write (an action on the person's record)
ENDPOINTS = {
    "safety-threat-list": ("get", "safety/threats/", None, 200, SAFETY, "list"),
    "safety-threat-detail": ("get", "safety/threats/{t}/", None, 200, SAFETY, "record"),
    "safety-threat-create": (
        "post", "safety/threats/", {**THREAT, "targets": ["{p}"]}, 201, SAFETY, "create",
    ),
    "safety-threat-escalate": (
        "post", "safety/threats/{t}/escalate/", {"police_reference": "HP-1"}, 200, SAFETY, "write",
    ),
    "safety-threat-close": ("post", "safety/threats/{t}/close/", {}, 200, SAFETY, "write"),
    "safety-incident-list": ("get", "safety/incidents/", None, 200, SAFETY_OR_HEALTH, "list"),
    "safety-incident-detail": (
        "get", "safety/incidents/{i}/", None, 200, SAFETY_OR_HEALTH, "record",
    ),
    "safety-incident-create": (
        "post",
        "safety/incidents/",
        {
            "kind": "denial_of_medical_care",
            "occurred_on": "2025-06-01",
            "narrative": "no doctor",
            "people": [{"person": "{p}", "part": "victim"}],
        },
        201,
        SAFETY_OR_HEALTH,
        "create",
    ),
    "safety-incident-update": (
        "patch", "safety/incidents/{i}/", {"follow_up": "called"}, 200, SAFETY_OR_HEALTH, "write",
    ),
    "safety-assessment-list": ("get", "safety/assessments/", None, 200, SAFETY, "list"),
    "safety-assessment-detail": (
        "get", "safety/assessments/{a}/", None, 200, SAFETY, "record",
    ),
    "safety-assessment-create": (
        "post", "safety/assessments/", {"person": "{p}", "isolated": True}, 201, SAFETY, "assess",
    ),
    "safety-check-list": ("get", "safety/checks/", None, 200, SAFETY, "list"),
    "safety-check-due": ("get", "safety/checks/due/", None, 200, SAFETY, "list"),
    "safety-check-detail": ("get", "safety/checks/{c}/", None, 200, SAFETY, "record"),
    "safety-check-create": (
        "post", "safety/checks/", {"person": "{p}", "method": "phone"}, 201, SAFETY, "create",
    ),
    "safety-measure-list": ("get", "safety/measures/", None, 200, SAFETY, "list"),
    "safety-measure-detail": ("get", "safety/measures/{m}/", None, 200, SAFETY, "record"),
    "safety-measure-create": (
        "post",
        "safety/measures/",
        {"person": "{p}", "kind": "emergency_phone", "responsible": "Unit 4"},
        201,
        SAFETY,
        "create",
    ),
    "safety-measure-update": (
        "patch", "safety/measures/{m}/", {"review_on": "2025-07-01"}, 200, SAFETY, "write",
    ),
    "safety-death-list": ("get", "safety/deaths/", None, 200, SAFETY_OR_HEALTH, "list"),
    "safety-death-detail": ("get", "safety/deaths/{d}/", None, 200, SAFETY_OR_HEALTH, "record"),
    "safety-death-create": (
        "post",
        "safety/deaths/",
        {"person": "{p}", "died_on": "2025-05-30", "place": "compound", "post_mortem": "requested"},
        201,
        SAFETY_OR_HEALTH,
        "create",
    ),
    "safety-death-update": (
        "patch", "safety/deaths/{d}/", {"investigating_authority": "Prosecutor"}, 200,
        SAFETY_OR_HEALTH, "write",
    ),
    "safety-death-close": ("post", "safety/deaths/{d}/close/", {}, 200, SAFETY_OR_HEALTH, "write"),
}  # fmt: skip
# the create rows are the list routes' POST
COVERED_API = {n for n in ENDPOINTS if not n.endswith(("-create", "-update"))}


def _people(world, user):
    """For each kind of record: a person with one of every safety record, and a fresh
    person to record for. From South's side own and other swap."""
    south = user.agency_id == world.south.pk
    mine, theirs = (world.supervisor, world.other_supervisor)
    if south:
        mine, theirs = theirs, mine
    writer = user.role in ("caseworker", "supervisor")
    out = {}
    for record in RECORDS:
        owner = mine if record == "own" else theirs
        extra = {"caseworker": user} if record == "assigned" and writer else {}
        people = [
            person_create(actor=owner, fields={"given_name": f"{record.title()}{n}", **extra})
            for n in (1, 2)
        ]
        if record == "shared":
            for p in people:
                person_share(actor=theirs, person=p, agency=user.agency, reason="joint case")
        out[record] = (owner, *people)
    return out


def _records(owner, person):
    threat = threat_create(actor=owner, fields=THREAT, targets=[person.pk], now=NOW)
    incident = incident_create(
        actor=owner,
        fields={"kind": "denial_of_medical_care", "occurred_on": NOW.date(), "narrative": "x"},
        people=[(person.pk, "victim")],
        now=NOW,
    )
    assessment = assessment_create(actor=owner, person=person, fields={}, now=NOW)
    check = welfare_check_record(
        actor=owner, person=person, fields={"method": "phone", "reached": True}, now=NOW
    )
    measure = measure_create(
        actor=owner,
        person=person,
        fields={"kind": "police_patrol", "responsible": "Unit 2"},
        now=NOW,
    )
    death = death_record(
        actor=owner,
        person=person,
        fields={
            "died_on": NOW.date(),
            "post_mortem": "performed",
            "post_mortem_on": NOW.date(),
            "post_mortem_result": "drowning",
            "investigation_outcome": "accident, confirmed",
        },
        now=NOW,
    )
    return {
        "t": threat.pk,
        "i": incident.pk,
        "a": assessment.pk,
        "c": check.pk,
        "m": measure.pk,
        "d": death.pk,
    }


def visible(role: str, record: str) -> bool:
    if record == "assigned":
        return role in {"caseworker", "supervisor", "other_caseworker"}
    return record != "other"


def expected(role: str, record: str, allowed: int, readers: set[str], kind: str) -> int:
    if role not in readers:
        return 403
    if kind == "list":
        return allowed
    if kind == "record":
        return allowed if visible(role, record) else 404
    if kind == "assess":
        if role not in ASSESSORS:
            return 403
        if not visible(role, record):
            return 400
        return allowed if record in ("own", "assigned") else 403
    if role not in WRITERS:
        return 403
    if kind == "create":
        return allowed if visible(role, record) else 400
    return allowed if visible(role, record) else 404


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("role", ROLES)
def test_api(world, as_user, role):
    user = world.users[role]
    people = _people(world, user)
    ids = {r: {**_records(owner, p1), "p": p2.pk} for r, (owner, p1, p2) in people.items()}
    client = as_user(user)
    failures = []
    for name, (method, path, body, allowed, readers, kind) in ENDPOINTS.items():
        for record in RECORDS:
            before = AuditEntry.objects.exclude(action="read").count()
            url = "/api/v1/" + path.format(**ids[record])
            data = _fill(body, ids[record]) if body is not None else None
            response = getattr(client, method)(url, data, format="json")
            want = expected(role, record, allowed, readers, kind)
            if response.status_code != want:
                failures.append(
                    f"{name} {record}: got {response.status_code}, want {want} "
                    f"{response.content[:200]!r}"
                )
            wrote = AuditEntry.objects.exclude(action="read").count() != before
            if method != "get" and want != allowed and wrote:
                failures.append(f"{name} {record}: refused but wrote something")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_records_in_scope(world, as_user, role):
    user = world.users[role]
    people = _people(world, user)
    ids = {r: _records(owner, p1) for r, (owner, p1, _p2) in people.items()}
    client = as_user(user)
    for path, key, readers in (
        ("safety/threats/", "t", SAFETY),
        ("safety/incidents/", "i", SAFETY_OR_HEALTH),
        ("safety/assessments/", "a", SAFETY),
        ("safety/checks/", "c", SAFETY),
        ("safety/measures/", "m", SAFETY),
        ("safety/deaths/", "d", SAFETY_OR_HEALTH),
    ):
        response = client.get("/api/v1/" + path)
        if role not in readers:
            assert response.status_code == 403, path
            continue
        got = {row["id"] for row in response.json()["results"]}
        assert got == {str(ids[r][key]) for r in RECORDS if visible(role, r)}, path


def test_health_sees_only_health_related_incidents(world, as_user):
    person = person_create(actor=world.supervisor, fields={"given_name": "Hana"})
    detention = incident_create(
        actor=world.caseworker,
        fields={"kind": "detention", "occurred_on": NOW.date(), "narrative": "locked"},
        people=[(person.pk, "victim")],
        now=NOW,
    )
    medical = incident_create(
        actor=world.caseworker,
        fields={"kind": "denial_of_medical_care", "occurred_on": NOW.date(), "narrative": "x"},
        people=[(person.pk, "victim")],
        now=NOW,
    )
    client = as_user(world.health)
    rows = client.get("/api/v1/safety/incidents/").json()["results"]
    assert [r["id"] for r in rows] == [str(medical.pk)]
    assert client.get(f"/api/v1/safety/incidents/{detention.pk}/").status_code == 404
    assert client.get("/api/v1/safety/threats/").status_code == 403
    # and the read is audited as health data
    entry = AuditEntry.objects.filter(action="read", subject_type="incident").last()
    assert "health" in entry.classes


def test_unauthenticated_gets_401(db, api):
    zero = "00000000-0000-0000-0000-000000000000"
    ids = dict.fromkeys("tiacmdp", zero)
    for _name, (method, path, body, *_rest) in ENDPOINTS.items():
        response = getattr(api, method)("/api/v1/" + path.format(**ids), body, format="json")
        assert response.status_code == 401, path
