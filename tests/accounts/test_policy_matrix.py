"""The authorization matrix: every API endpoint × every role × every kind of record.

The expected table is written out here by hand, not derived from haven.accounts.roles,
so that a change of policy is a deliberate change of this file too. A new endpoint
under /api/v1/ that is not in ENDPOINTS fails test_every_endpoint_is_in_the_matrix.
"""

from __future__ import annotations

import pytest

from haven.people.fieldclasses import PERSON_FIELD_CLASSES
from haven.people.merging import person_merge
from haven.people.services import document_create, person_create, person_share
from tests.matrix import covered, route_names

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
]

# Classes of a person's data each role must see, and nothing more.
CLASSES = {
    "caseworker": {"identity", "whereabouts", "documents", "safety"},
    "supervisor": {"identity", "whereabouts", "documents", "safety"},
    "enquiry_desk": set(),
    "police_liaison": {"identity", "safety"},
    "health": {"identity", "health"},
    "inspector": {"identity", "documents"},
    "refugee_liaison": {"identity", "documents"},
    "auditor": set(),
    "admin": set(),
}
MERGERS = {"supervisor"}
READERS = {"caseworker", "supervisor", "police_liaison", "health", "inspector", "refugee_liaison"}
WRITERS = {"caseworker", "supervisor"}
DOC_READERS = {"caseworker", "supervisor", "inspector", "refugee_liaison"}

# own: the user's agency; other: another agency; assigned: another agency's record
# assigned to the user; shared: another agency's record shared with the user's agency.
RECORDS = ["own", "other", "assigned", "shared"]


def expected(endpoint: str, role: str, record: str) -> int:
    visible = record != "other"
    if endpoint == "agency-list":
        return 200
    if endpoint == "audit-list":
        return 200 if role == "auditor" else 403
    if role not in READERS:
        return 403
    if endpoint in {"person-list", "match"}:
        return 200
    if endpoint in {"person-merge", "merge-undo"}:
        if role not in MERGERS:
            return 403  # refused before any record is looked up
        if endpoint == "merge-undo":
            return 200
        return {"own": 201, "other": 404, "assigned": 201, "shared": 403}[record]
    if endpoint.startswith("document") and role not in DOC_READERS:
        return 403  # the class is refused before any record is looked up
    if not visible:
        return 404
    if endpoint == "person-detail:get":
        return 200
    if endpoint in {"person-detail:patch", "person-close", "person-reopen"}:
        if role not in WRITERS or record == "shared":
            return 403
        return 200  # ENDPOINTS runs close before reopen
    if endpoint.startswith("document"):
        if role not in DOC_READERS:
            return 403
        if endpoint in {"document-list:get", "document-detail:get"}:
            return 200
        if role not in WRITERS or record == "shared":
            return 403
        return 201 if endpoint == "document-list:post" else 200
    raise AssertionError(endpoint)


ENDPOINTS = {
    # name: (method, path template, body)
    "person-list": ("get", "/api/v1/people/", None),
    "person-detail:get": ("get", "/api/v1/people/{p}/", None),
    "person-detail:patch": ("patch", "/api/v1/people/{p}/", {"place_of_origin": "Tabriz"}),
    "person-close": ("post", "/api/v1/people/{p}/close/", {"reason": "moved abroad"}),
    "person-reopen": ("post", "/api/v1/people/{p}/reopen/", {"reason": "returned"}),
    "document-list:get": ("get", "/api/v1/people/{p}/documents/", None),
    "document-list:post": (
        "post",
        "/api/v1/people/{p}/documents/",
        {"kind": "work_permit", "status": "applied"},
    ),
    "document-detail:get": ("get", "/api/v1/people/{p}/documents/{d}/", None),
    "document-detail:patch": (
        "patch",
        "/api/v1/people/{p}/documents/{d}/",
        {"issuer": "Labour Office"},
    ),
    "match": ("post", "/api/v1/match/", {"given_name": "Own", "family_name": "A"}),
    "person-merge": ("post", "/api/v1/people/{p}/merge/", {"other": "{t}", "reason": "same"}),
    "merge-undo": ("post", "/api/v1/merges/{m}/undo/", {"reason": "not the same person"}),
    "agency-list": ("get", "/api/v1/agencies/", None),
    "audit-list": ("get", "/api/v1/audit/", None),
}
PUBLIC = {"token"}  # sign-in itself


COVERED_API = {name.split(":")[0] for name in ENDPOINTS} | PUBLIC


def test_every_endpoint_is_in_the_matrix():
    missing = route_names("api/v1/") - covered("COVERED_API")
    assert not missing, f"API endpoints without an authorization-matrix entry: {missing}"


@pytest.fixture
def records(world, request):
    role = request.param if hasattr(request, "param") else None
    return role


def _make_records(world, user):
    own = person_create(
        actor=world.supervisor,
        fields={"given_name": "Own", "family_name": "A", "phone": "+355 69 000 0001"},
    )
    other = person_create(actor=world.other_supervisor, fields={"given_name": "Other"})
    assigned_fields = {"given_name": "Assigned"}
    from haven.accounts import policy
    from haven.accounts.roles import Capability

    if policy.can(user, Capability.REGISTER_READ):
        assigned_fields["caseworker"] = user
    assigned = person_create(actor=world.other_supervisor, fields=assigned_fields)
    shared = person_create(actor=world.other_supervisor, fields={"given_name": "Shared"})
    person_share(
        actor=world.other_supervisor, person=shared, agency=world.north, reason="joint case"
    )
    people = {"own": own, "other": other, "assigned": assigned, "shared": shared}
    docs = {}
    for key, person in people.items():
        actor = world.supervisor if key == "own" else world.other_supervisor
        docs[key] = document_create(
            actor=actor,
            person=person,
            fields={"kind": "passport", "status": "issued", "number": "X123"},
        )
    twins = {
        key: person_create(actor=world.supervisor, fields={"given_name": f"Twin {key}"})
        for key in people
    }
    a = person_create(actor=world.supervisor, fields={"given_name": "Merged", "family_name": "A"})
    b = person_create(actor=world.supervisor, fields={"given_name": "Merged", "family_name": "B"})
    merge = person_merge(actor=world.supervisor, kept=a, absorbed=b, reason="setup")
    ids = {
        key: {"p": people[key].pk, "d": docs[key].pk, "t": twins[key].pk, "m": merge.pk}
        for key in people
    }
    return people, ids


@pytest.mark.parametrize("role", [*ROLES, "other_caseworker"])
def test_matrix(world, as_user, role):
    user = world.users[role]
    base_role = "caseworker" if role == "other_caseworker" else role
    _people, ids = _make_records(world, user)
    client = as_user(user)
    failures = []
    for endpoint, (method, template, body) in ENDPOINTS.items():
        for record in RECORDS:
            rec = record
            if role == "other_caseworker":
                # From South's side, North's record is "other" and South's are "own".
                rec = {"own": "other", "other": "own", "assigned": "assigned", "shared": "own"}[
                    record
                ]
            url = template.format(**ids[record])
            data = body and {
                k: v.format(**ids[record]) if isinstance(v, str) else v for k, v in body.items()
            }
            if "{p}" not in template and record != "own":
                continue
            response = getattr(client, method)(url, data, format="json")
            want = expected(endpoint, base_role, rec)
            if response.status_code != want:
                failures.append(f"{endpoint} {record}: got {response.status_code}, want {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_field_classes_in_person_detail(world, as_user, role):
    user = world.users[role]
    people, _docs = _make_records(world, user)
    response = as_user(user).get(f"/api/v1/people/{people['own'].pk}/")
    if role not in READERS:
        assert response.status_code == 403
        return
    body = response.json()
    want = {f for f, c in PERSON_FIELD_CLASSES.items() if c in CLASSES[role]}
    got = set(body) & set(PERSON_FIELD_CLASSES)
    assert got == want, f"{role}: extra {got - want}, missing {want - got}"
    assert set(body) - set(PERSON_FIELD_CLASSES) <= {"id", "created_at", "updated_at"}


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_identity_and_scope(world, as_user, role):
    user = world.users[role]
    _make_records(world, user)
    response = as_user(user).get("/api/v1/people/")
    if role not in READERS:
        assert response.status_code == 403
        return
    names = {row["given_name"] for row in response.json()["results"]}
    assert names - {"Merged"} - {n for n in names if n.startswith("Twin")} == {
        "Own",
        "Assigned",
        "Shared",
    }
    assert "Other" not in names
    for row in response.json()["results"]:
        assert not {"phone", "address", "current_site", "risk_level", "vulnerabilities"} & set(row)


def test_unauthenticated_gets_401_everywhere(world, api):
    for _name, (method, template, body) in ENDPOINTS.items():
        zero = "00000000-0000-0000-0000-000000000000"
        url = template.format(p=zero, d=zero, m=zero)
        response = getattr(api, method)(url, body, format="json")
        assert response.status_code == 401, (url, response.status_code)
