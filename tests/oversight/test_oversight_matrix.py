"""The oversight API's authorization matrix: every endpoint × every role × own,
other-agency, assigned and shared records.

Sites are seen by every role that reads oversight; visits and actions too, except that
inspectors see only their own agency's. Actions and interviews about a person need the
person in scope (inspectors: their own agency's interviews only). Register writers link
people to sites and record departures for people they may edit. Only supervisors see the
never-alone list. The enquiry desk, auditors and administrators see none of it.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from haven.interviews.services import interview_record
from haven.oversight.models import FollowUpAction
from haven.oversight.services import action_create, site_create, visit_record
from haven.people.services import person_create, person_share

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
    "other_supervisor",
]
READERS = {
    "caseworker",
    "supervisor",
    "police_liaison",
    "health",
    "inspector",
    "refugee_liaison",
    "other_caseworker",
    "other_supervisor",
}
WRITERS = {"caseworker", "supervisor", "other_caseworker", "other_supervisor"}
OWN_AGENCY = {"inspector"}
SUPERVISORS = {"supervisor", "other_supervisor"}
PEOPLE = ["own", "other", "assigned", "shared"]
VISITED = {"visited_on": dt.date(2025, 5, 20), "access": "granted", "purpose": "labour"}
CONCERN = [{"item": "uniforms_required", "answer": "yes"}]


def _records(world, user):
    """Records of each kind as seen from ``user``'s agency (South's: own and other swap)."""
    mine, theirs = world.supervisor, world.other_supervisor
    if user.agency_id == world.south.pk:
        mine, theirs = theirs, mine
    writer = user.role in ("caseworker", "supervisor")
    people = {
        "own": person_create(actor=mine, fields={"given_name": "Own"}),
        "other": person_create(actor=theirs, fields={"given_name": "Other"}),
        "assigned": person_create(
            actor=theirs,
            fields={"given_name": "Assigned", **({"caseworker": user} if writer else {})},
        ),
        "shared": person_create(actor=theirs, fields={"given_name": "Shared"}),
    }
    person_share(actor=theirs, person=people["shared"], agency=user.agency, reason="joint case")
    sites = {
        "own": site_create(actor=mine, fields={"name": "Own site", "kind": "compound"}),
        "other": site_create(actor=theirs, fields={"name": "Other site", "kind": "residence"}),
    }
    visits = {
        key: visit_record(actor=actor, site=sites[key], fields=VISITED, findings=CONCERN)
        for key, actor in (("own", mine), ("other", theirs))
    }
    actions = {key: FollowUpAction.objects.get(visit=visit) for key, visit in visits.items()}
    planned = {"planned_on": dt.date(2025, 7, 1), "purpose": "health"}
    for key, actor in (("own", mine), ("other", theirs)):
        visits[f"planned_{key}"] = visit_record(actor=actor, site=sites[key], fields=planned)
    actions["person"] = action_create(
        actor=theirs,
        fields={
            "description": "Call back.",
            "due_on": dt.date(2025, 7, 1),
            "owner": theirs,
            "person": people["other"],
        },
    )
    fields = {"held_on": dt.date(2025, 5, 1), "private": True}
    interviews = {
        "own": interview_record(
            actor=mine, person=people["own"], fields=fields, context="oversight"
        ),
        **{
            key: interview_record(
                actor=theirs, person=people[key], fields=fields, context="oversight"
            )
            for key in ("other", "assigned", "shared")
        },
    }
    return {"people": people, "sites": sites, "visits": visits, "actions": actions,
            "interviews": interviews}  # fmt: skip


def sees_person(role: str, record: str) -> bool:
    if role not in READERS:
        return False
    if record == "assigned":
        return role in WRITERS
    return record != "other"


def edits_person(role: str, record: str) -> bool:
    return role in WRITERS and record in ("own", "assigned")


def _status(role, name, record):
    """The expected status of endpoint ``name`` for ``role`` on ``record``."""
    if name == "oversight-never-alone":
        return 200 if role in SUPERVISORS else 403
    if name.startswith("person-leave"):
        if role not in READERS:
            return 403
        if not sees_person(role, record):
            return 404
        if name == "person-leave-get":
            return 200
        return 201 if edits_person(role, record) else 403
    if role not in READERS:
        return 403
    own_only = role in OWN_AGENCY
    table = {
        "oversight-site-list-get": 200,
        "oversight-site-list-post": 201,
        "oversight-site-detail-get": 200,
        "oversight-site-detail-patch": 200 if record == "own" else 403,
        "oversight-site-people-get": 200,
        "oversight-visit-list-get": 200,
        "oversight-visit-list-post": 201,
        "oversight-visit-detail-get": 404 if own_only and record == "other" else 200,
        "oversight-visit-detail-patch": (
            200 if record == "planned_own" else 404 if own_only else 403
        ),
        "oversight-action-list-get": 200,
        "oversight-action-list-post": 201,
        "oversight-interview-list-get": 200,
    }
    if name in table:
        return table[name]
    if name == "oversight-site-people-post":
        if not sees_person(role, record):
            return 400
        return 201 if edits_person(role, record) else 403
    if name == "oversight-interview-list-post":
        return 201 if sees_person(role, record) else 400
    if name == "oversight-interview-detail-get":
        if not sees_person(role, record) or (own_only and record != "own"):
            return 404
        return 200
    if name.startswith("oversight-action-detail"):
        if record == "person" or (own_only and record == "other"):
            return 404
        if name.endswith("get"):
            return 200
        return 200 if record == "own" else 403
    raise AssertionError(name)


# (endpoint, record kinds, method, path, body)
CASES = [
    ("oversight-site-list-get", ["own"], "get", "oversight/sites/", None),
    ("oversight-site-list-post", ["own"], "post", "oversight/sites/",
     {"name": "New site", "kind": "workplace"}),
    ("oversight-site-detail-get", ["own", "other"], "get", "oversight/sites/{site}/", None),
    ("oversight-site-detail-patch", ["own", "other"], "patch", "oversight/sites/{site}/",
     {"operator": "Someone else"}),
    ("oversight-site-people-get", ["own", "other"], "get", "oversight/sites/{site}/people/", None),
    ("oversight-site-people-post", PEOPLE, "post", "oversight/sites/{own_site}/people/",
     {"person": "{person}"}),
    ("oversight-visit-list-get", ["own"], "get", "oversight/visits/", None),
    ("oversight-visit-list-post", ["own"], "post", "oversight/visits/",
     {"site": "{own_site}", "purpose": "police", "visited_on": "2025-05-01",
      "access": "granted"}),
    ("oversight-visit-detail-get", ["own", "other"], "get", "oversight/visits/{visit}/", None),
    ("oversight-visit-detail-patch", ["planned_own", "planned_other"], "patch",
     "oversight/visits/{visit}/", {"visited_on": "2025-05-30", "access": "granted"}),
    ("oversight-action-list-get", ["own"], "get", "oversight/actions/", None),
    ("oversight-action-list-post", ["own"], "post", "oversight/actions/",
     {"description": "Write to the operator.", "due_on": "2025-07-01", "owner": "{me}"}),
    ("oversight-action-detail-get", ["own", "other", "person"], "get",
     "oversight/actions/{action}/", None),
    ("oversight-action-detail-patch", ["own", "other", "person"], "patch",
     "oversight/actions/{action}/", {"status": "in_progress"}),
    ("oversight-interview-list-get", ["own"], "get", "oversight/interviews/", None),
    ("oversight-interview-list-post", PEOPLE, "post", "oversight/interviews/",
     {"person": "{person}", "held_on": "2025-05-02", "private": True,
      "chaperone_present": False}),
    ("oversight-interview-detail-get", PEOPLE, "get", "oversight/interviews/{interview}/", None),
    ("oversight-never-alone", ["own"], "get", "oversight/never-alone/", None),
    ("person-leave-get", PEOPLE, "get", "people/{person}/leave/", None),
    ("person-leave-post", PEOPLE, "post", "people/{person}/leave/", {"left_on": "2025-05-03"}),
]  # fmt: skip
COVERED_API = {name.rsplit("-", 1)[0] if name.endswith(("-get", "-post", "-patch")) else name
               for name, *_ in CASES}  # fmt: skip


def _fill(text, records, record, user):
    values = {
        "site": records["sites"].get(record, records["sites"]["own"]).pk,
        "own_site": records["sites"]["own"].pk,
        "visit": records["visits"].get(record, records["visits"]["own"]).pk,
        "action": records["actions"].get(record, records["actions"]["own"]).pk,
        "person": records["people"].get(record, records["people"]["own"]).pk,
        "interview": records["interviews"].get(record, records["interviews"]["own"]).pk,
        "me": user.uuid,
    }
    return text.format(**values)


@pytest.mark.parametrize("role", ROLES)
def test_api(world, as_user, role):
    user = world.users[role]
    records = _records(world, user)
    client = as_user(user)
    failures = []
    for name, kinds, method, path, body in CASES:
        for record in kinds:
            url = "/api/v1/" + _fill(path, records, record, user)
            data = body and {k: _fill(v, records, record, user) if isinstance(v, str) else v
                             for k, v in body.items()}  # fmt: skip
            response = getattr(client, method)(url, data, format="json")
            want = _status(role, name, record)
            if response.status_code != want:
                failures.append(f"{name} {record}: got {response.status_code}, want {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", sorted(READERS))
def test_lists_show_only_what_the_role_may_see(world, as_user, role):
    user = world.users[role]
    records = _records(world, user)
    client = as_user(user)
    visits = {r["id"] for r in client.get("/api/v1/oversight/visits/").json()["results"]}
    want = {
        str(v.pk)
        for k, v in records["visits"].items()
        if role not in OWN_AGENCY or not k.endswith("other")
    }
    assert visits == want
    actions = {r["id"] for r in client.get("/api/v1/oversight/actions/").json()["results"]}
    want = {
        str(a.pk)
        for k, a in records["actions"].items()
        if k != "person" and (role not in OWN_AGENCY or k == "own")
    }
    assert actions == want
    interviews = {r["id"] for r in client.get("/api/v1/oversight/interviews/").json()["results"]}
    want = {
        str(i.pk)
        for k, i in records["interviews"].items()
        if sees_person(role, k) and (role not in OWN_AGENCY or k == "own")
    }
    assert interviews == want


def test_unauthenticated_gets_401(db, api):
    zero = "00000000-0000-0000-0000-000000000000"
    for (_name, _kinds, method, path, body), _ in itertools.product(CASES, [0]):
        url = "/api/v1/" + path.format(
            site=zero, own_site=zero, visit=zero, action=zero, person=zero, interview=zero, me=zero
        )
        assert getattr(api, method)(url, body, format="json").status_code == 401, url
