"""The safety pages' authorization matrix: every page × every role × own, other-agency,
assigned and shared people, with what each refusal leaves unwritten."""

from __future__ import annotations

import pytest
from django.test import Client

from haven.audit.models import AuditEntry
from tests.safety.test_safety_matrix import (
    ASSESSORS,
    RECORDS,
    ROLES,
    SAFETY,
    SAFETY_OR_HEALTH,
    WRITERS,
    _people,
    _records,
    visible,
)

REGISTER = {
    "caseworker",
    "supervisor",
    "police_liaison",
    "health",
    "inspector",
    "refugee_liaison",
    "other_caseworker",
}
THREAT = {
    "kind": "against_life",
    "reliability": "B",
    "credibility": "2",
    "imminence": "weeks",
    "reported_how": "in_person",
    "narrative": "they said so",
}
# name: (method, path, body, status when allowed, kind)
# kind: form (record for the person) | assess | read (a record; readers) | act (writers) |
#       edit (a record's page that takes a change)
PAGES = {
    "safety_threat_new": ("get", "/people/{p}/safety/threats/new/", None, 200, "form"),
    "safety_threat_new-post": ("post", "/people/{p}/safety/threats/new/", THREAT, 302, "form"),
    "safety_incident_new": (
        "post",
        "/people/{p}/safety/incidents/new/",
        {"kind": "assault", "occurred_on": "2025-06-01", "narrative": "x", "part": "victim"},
        302,
        "form",
    ),
    "safety_assessment_new": (
        "post", "/people/{p}/safety/assessments/new/", {"isolated": "on"}, 302, "assess",
    ),
    "safety_check_new": (
        "post",
        "/people/{p}/safety/checks/new/",
        {"method": "phone", "reached": "on", "state": "well", "seen_alone": "unknown"},
        302,
        "form",
    ),
    "safety_measure_new": (
        "post",
        "/people/{p}/safety/measures/new/",
        {"kind": "police_patrol", "responsible": "Unit 9"},
        302,
        "form",
    ),
    "safety_death_new": (
        "post",
        "/people/{p}/safety/death/new/",
        {"died_on": "2025-05-30", "post_mortem": "requested"},
        302,
        "form",
    ),
    "safety_threat": ("get", "/safety/threats/{t}/", None, 200, "read-safety"),
    "safety_threat_edit": ("get", "/safety/threats/{t}/edit/", None, 200, "act"),
    "safety_threat_edit-post": (
        "post", "/safety/threats/{t}/edit/", {**THREAT, "imminence": "days",
        "reported_on": "2025-06-01"}, 302, "act",
    ),
    "safety_threat_escalate": (
        "post", "/safety/threats/{t}/escalate/", {"police_reference": "P-1"}, 302, "act",
    ),
    "safety_threat_close": ("post", "/safety/threats/{t}/close/", {}, 302, "act"),
    "safety_incident": ("get", "/safety/incidents/{i}/", None, 200, "read"),
    "safety_incident_edit": ("get", "/safety/incidents/{i}/edit/", None, 200, "act"),
    "safety_incident_edit-post": (
        "post", "/safety/incidents/{i}/edit/", {"narrative": "x", "place": "the market",
        "reported_to_police": "on", "police_reference": "P-9", "follow_up": "seen"}, 302, "act",
    ),
    "safety_death": ("get", "/safety/deaths/{d}/", None, 200, "read"),
    "safety_death-post": (
        "post", "/safety/deaths/{d}/", {"died_on": "2025-06-02", "post_mortem": "performed",
        "post_mortem_on": "2025-06-02", "post_mortem_result": "drowning",
        "investigation_outcome": "accident"}, 302, "edit",
    ),
    "safety_death_close": ("post", "/safety/deaths/{d}/close/", {}, 302, "act"),
    "safety_checks_due": ("get", "/safety/checks/due/", None, 200, "list"),
}  # fmt: skip
COVERED_PAGES = {name.split("-")[0] for name in PAGES}


def expected(role: str, record: str, allowed: int, kind: str) -> int:
    if kind == "list":
        return allowed if role in SAFETY else 403
    if kind in ("read", "read-safety"):
        if role not in REGISTER:
            return 403
        readers = SAFETY if kind == "read-safety" else SAFETY_OR_HEALTH
        if role not in readers:
            return 403
        return allowed if visible(role, record) else 404
    if kind == "edit":  # the death's page takes its update: read it first, then write
        if role not in SAFETY_OR_HEALTH:
            return 403
        if not visible(role, record):
            return 404
        return allowed if role in WRITERS else 403
    if kind == "assess":
        if role not in ASSESSORS:
            return 403
        if not visible(role, record):
            return 404
        return allowed if record in ("own", "assigned") else 403
    if role not in WRITERS:
        return 403
    return allowed if visible(role, record) else 404


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    user = world.users[role]
    people = _people(world, user)
    ids = {r: {**_records(owner, p1), "p": p2.pk} for r, (owner, p1, p2) in people.items()}
    client = Client()
    client.force_login(user)
    failures = []
    for name, (method, path, body, allowed, kind) in PAGES.items():
        for record in RECORDS:
            before = AuditEntry.objects.exclude(action="read").count()
            response = getattr(client, method)(path.format(**ids[record]), body or {})
            want = expected(role, record, allowed, kind)
            if response.status_code != want:
                failures.append(f"{name} {record}: got {response.status_code}, want {want}")
            wrote = AuditEntry.objects.exclude(action="read").count() != before
            if method == "post" and want != allowed and wrote:
                failures.append(f"{name} {record}: refused but wrote something")
            if method == "post" and want == allowed and not wrote:
                failures.append(f"{name} {record}: allowed but wrote nothing")
    assert not failures, "\n".join(failures)
