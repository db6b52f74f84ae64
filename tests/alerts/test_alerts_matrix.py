"""The alerts list's authorization matrix: every endpoint and page × every role × own,
other-agency, assigned and shared people (and an alert about no one person).

A user sees an alert when its person is in their scope and their role holds the
alert's class (safety here): caseworkers, supervisors and the police liaison. Health,
inspectors and refugee liaisons have a list, but none of these alerts is theirs.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from haven.alerts.models import Alert
from haven.alerts.services import alert_raise
from haven.audit.models import AuditEntry
from haven.people.services import person_create, person_share

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
LIST_READERS = {
    "caseworker",
    "supervisor",
    "police_liaison",
    "health",
    "inspector",
    "refugee_liaison",
    "other_caseworker",
}
SAFETY = {"caseworker", "supervisor", "police_liaison", "other_caseworker"}
RECORDS = ["own", "other", "assigned", "shared", "agency"]

ENDPOINTS = {
    # name: (method, path under /api/v1/, body, status when allowed)
    "alert-list": ("get", "alerts/", None, 200),
    "alert-detail": ("get", "alerts/{a}/", None, 200),
    "alert-assign": ("post", "alerts/{a}/assign/", {"owner": "{u}"}, 200),
    "alert-acknowledge": ("post", "alerts/{a}/acknowledge/", {}, 200),
    "alert-resolve": ("post", "alerts/{a}/resolve/", {"note": "done"}, 200),
}
COVERED_API = set(ENDPOINTS) | {f"safety-{name}" for name in ENDPOINTS}
PAGES = {
    # name: (method, path, body, status when allowed)
    "alerts": ("get", "/alerts/", None, 200),
    "alert": ("get", "/alerts/{a}/", None, 200),
    "alert_assign": ("post", "/alerts/{a}/owner/", {}, 302),
    "alert_acknowledge": ("post", "/alerts/{a}/acknowledge/", {}, 302),
    "alert_resolve": ("post", "/alerts/{a}/resolve/", {"note": "done"}, 302),
}
COVERED_PAGES = set(PAGES)


def _alerts(world, user):
    """One alert per kind of record; from South's side own and other swap."""
    south = user.agency_id == world.south.pk
    mine, theirs = (world.supervisor, world.other_supervisor)
    if south:
        mine, theirs = theirs, mine
    own = person_create(actor=mine, fields={"given_name": "Own"})
    other = person_create(actor=theirs, fields={"given_name": "Other"})
    writer = user.role in ("caseworker", "supervisor")
    assigned = person_create(
        actor=theirs, fields={"given_name": "Assigned", **({"caseworker": user} if writer else {})}
    )
    shared = person_create(actor=theirs, fields={"given_name": "Shared"})
    person_share(actor=theirs, person=shared, agency=user.agency, reason="joint case")
    people = {"own": own, "other": other, "assigned": assigned, "shared": shared}
    made = {
        key: alert_raise(
            kind="test_matrix", severity="warning", key=f"m:{key}", agency=p.agency,
            person=p, now=NOW,
        )
        for key, p in people.items()
    }  # fmt: skip
    made["agency"] = alert_raise(
        kind="test_matrix", severity="info", key="m:agency", agency=user.agency, now=NOW
    )
    return made


def visible(role: str, record: str) -> bool:
    if role not in SAFETY:
        return False
    if record == "assigned":
        return role in {"caseworker", "supervisor", "other_caseworker"}
    return record != "other"


def expected(role: str, record: str, allowed: int, per_alert: bool) -> int:
    if role not in LIST_READERS:
        return 403
    if not per_alert:
        return allowed
    return allowed if visible(role, record) else 404


@pytest.mark.parametrize("role", ROLES)
def test_api(world, as_user, role):
    user = world.users[role]
    made = _alerts(world, user)
    client = as_user(user)
    failures = []
    for prefix in ("/api/v1/", "/api/v1/safety/"):
        for name, (method, path, body, allowed) in ENDPOINTS.items():
            for record in RECORDS:
                alert = made[record]
                Alert.objects.filter(pk=alert.pk).update(
                    acknowledged_at=None, resolved_at=None, owner=None
                )
                url = prefix + path.format(a=alert.pk)
                data = body and {k: v.format(u=user.uuid) for k, v in body.items()}
                status = getattr(client, method)(url, data, format="json").status_code
                want = expected(role, record, allowed, "{a}" in path)
                if status != want:
                    failures.append(f"{prefix}{name} {record}: got {status}, want {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_visible_alerts(world, as_user, role):
    user = world.users[role]
    made = _alerts(world, user)
    response = as_user(user).get("/api/v1/alerts/", {"state": "all"})
    if role not in LIST_READERS:
        assert response.status_code == 403
        return
    ids = {row["id"] for row in response.json()["results"]}
    want = {str(made[r].pk) for r in RECORDS if visible(role, r)}
    assert ids == want


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    user = world.users[role]
    made = _alerts(world, user)
    client = Client()
    client.force_login(user)
    failures = []
    for name, (method, path, body, allowed) in PAGES.items():
        for record in RECORDS:
            alert = made[record]
            Alert.objects.filter(pk=alert.pk).update(acknowledged_at=None, resolved_at=None)
            before = AuditEntry.objects.exclude(action="read").count()
            status = getattr(client, method)(path.format(a=alert.pk), body or {}).status_code
            want = expected(role, record, allowed, "{a}" in path)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
            if method == "post" and want != allowed:
                changed = AuditEntry.objects.exclude(action="read").count() != before
                if changed:
                    failures.append(f"{name} {record}: refused but wrote something")
    assert not failures, "\n".join(failures)


def test_bad_input_is_400_and_writes_nothing(world, as_user):
    made = _alerts(world, world.caseworker)
    client = as_user(world.caseworker)
    before = AuditEntry.objects.exclude(action="read").count()
    alert = made["own"]
    assert client.post(f"/api/v1/alerts/{alert.pk}/resolve/", {}, format="json").status_code == 400
    response = client.post(f"/api/v1/alerts/{alert.pk}/assign/", {"owner": "nobody"}, format="json")
    assert response.status_code == 400 and "owner" in response.json()
    response = client.get("/api/v1/alerts/", {"severity": "dire"})
    assert response.status_code == 400 and "severity" in response.json()
    assert AuditEntry.objects.exclude(action="read").count() == before
    assert Alert.objects.get(pk=alert.pk).resolved_at is None


def test_unauthenticated_gets_401(db, api):
    zero = "00000000-0000-0000-0000-000000000000"
    for _name, (method, path, body, _allowed) in ENDPOINTS.items():
        response = getattr(api, method)("/api/v1/" + path.format(a=zero), body, format="json")
        assert response.status_code == 401
