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
# Each also in the states a record goes through: closed, merged away (into another record
# of its agency), reopened, and (for a share) revoked.
KINDS = ["own", "other", "assigned", "shared"]
STATES = ["open", "closed", "merged", "reopened"]
RECORDS = [f"{k}_{s}" for k in KINDS for s in STATES] + ["shared_revoked"]


def _kind(record: str) -> str:
    return record.split("_")[0]


def _state(record: str) -> str:
    return record.split("_")[1]


def visible(record: str) -> bool:
    # A share moves with a merge to the kept record: the absorbed one is out of sight.
    return _kind(record) != "other" and record not in {"shared_revoked", "shared_merged"}


def expected(endpoint: str, role: str, record: str) -> int:
    """The status each call must answer, in the order ENDPOINTS runs them (close before
    reopen: a closed record is open again afterwards, a merged-away one stays closed)."""
    kind, state = _kind(record), _state(record)
    closed = state in {"closed", "merged"}
    editor = role in WRITERS and kind in {"own", "assigned"}
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
        if not visible(record):
            return 404
        if kind != "own":
            return 403  # a merge never crosses agencies, assigned or shared alike
        return 400 if state == "merged" else 201  # (closed ones were reopened by then)
    if endpoint.startswith("document") and role not in DOC_READERS:
        return 403  # the class is refused before any record is looked up
    if not visible(record):
        return 404
    if endpoint == "person-detail:get":
        return 200
    if endpoint.startswith("document-detail") and state == "merged":
        return 404  # its documents moved to the record it was merged into
    if endpoint in {"document-list:get", "document-detail:get"}:
        return 200
    if not editor:
        return 403  # a share grants sight, not the right to change
    if endpoint == "person-detail:reassign" and kind == "assigned" and not closed:
        return 403  # an assignee never assigns the record outside its agency
    if endpoint in {"person-detail:patch", "person-detail:reassign"} or endpoint.startswith(
        "document"
    ):
        if closed:
            return 400  # reopen the record before changing it
        return 201 if endpoint == "document-list:post" else 200
    if endpoint == "person-close":
        return 400 if closed else 200
    if endpoint == "person-reopen":
        return 400 if state == "merged" else 200  # undo the merge instead
    raise AssertionError(endpoint)


ENDPOINTS = {
    # name: (method, path template, body); run in this order for each record
    "person-list": ("get", "/api/v1/people/", None),
    "person-detail:get": ("get", "/api/v1/people/{p}/", None),
    "person-detail:patch": ("patch", "/api/v1/people/{p}/", {"place_of_origin": "Tabriz"}),
    "person-detail:reassign": ("patch", "/api/v1/people/{p}/", {"caseworker": "{u}"}),
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
    "person-close": ("post", "/api/v1/people/{p}/close/", {"reason": "moved abroad"}),
    "person-reopen": ("post", "/api/v1/people/{p}/reopen/", {"reason": "returned"}),
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


def _agencies(world, user):
    """(home supervisor, away supervisor, a register writer of the user's own agency)."""
    if user.agency_id == world.south.pk:
        return world.other_supervisor, world.supervisor, world.other_supervisor
    colleague = world.supervisor if user != world.supervisor else world.caseworker
    return world.supervisor, world.other_supervisor, colleague


def _make_records(world, user):
    """One record of each kind in each state, as seen from ``user``'s agency."""
    from haven.accounts import policy
    from haven.accounts.roles import Capability
    from haven.people.services import person_close, person_reopen, person_unshare

    home, away, colleague = _agencies(world, user)
    may_be_assigned = policy.can(user, Capability.REGISTER_READ)
    people, docs = {}, {}
    for record in RECORDS:
        kind, state = _kind(record), _state(record)
        actor = home if kind == "own" else away
        fields = {"given_name": record.title().replace("_", " "), "family_name": "A"}
        if record == "own_open":
            fields = {"given_name": "Own", "family_name": "A", "phone": "+355 69 000 0001"}
        if kind == "assigned" and may_be_assigned:
            fields["caseworker"] = user
        person = person_create(actor=actor, fields=fields)
        if kind == "shared":
            share = person_share(
                actor=actor, person=person, agency=user.agency or home.agency, reason="joint"
            )
            if state == "revoked":
                person_unshare(actor=actor, share=share)
        docs[record] = document_create(
            actor=actor,
            person=person,
            fields={"kind": "passport", "status": "issued", "number": "X123"},
        )
        if state in {"closed", "reopened"}:
            person_close(actor=actor, person=person, reason="left the country")
        if state == "reopened":
            person_reopen(actor=actor, person=person, reason="came back")
        if state == "merged":
            kept = person_create(actor=actor, fields={"given_name": f"Kept {record}"})
            person_merge(actor=actor, kept=kept, absorbed=person, reason="same person")
        people[record] = person
    twin = person_create(actor=home, fields={"given_name": "Twin", "family_name": "Z"})
    a = person_create(actor=home, fields={"given_name": "Merged", "family_name": "A"})
    b = person_create(actor=home, fields={"given_name": "Merged", "family_name": "B"})
    merge = person_merge(actor=home, kept=a, absorbed=b, reason="setup")
    ids = {
        key: {
            "p": people[key].pk,
            "d": docs[key].pk,
            "t": twin.pk,
            "m": merge.pk,
            "u": colleague.uuid,
        }
        for key in people
    }
    return people, ids


def _twin_for(world, user, record):
    home, _away, _colleague = _agencies(world, user)
    return person_create(actor=home, fields={"given_name": f"Twin {record}"}).pk


@pytest.mark.parametrize("role", [*ROLES, "other_caseworker"])
def test_matrix(world, as_user, role):
    user = world.users[role]
    base_role = "caseworker" if role == "other_caseworker" else role
    _people, ids = _make_records(world, user)
    client = as_user(user)
    failures = []
    for record in RECORDS:
        ids[record]["t"] = _twin_for(world, user, record)  # each merge its own twin
        for endpoint, (method, template, body) in ENDPOINTS.items():
            if "{p}" not in template and "{m}" not in template and record != "own_open":
                continue
            if "{m}" in template and record != "own_open":
                continue
            url = template.format(**ids[record])
            data = body and {
                k: v.format(**ids[record]) if isinstance(v, str) else v for k, v in body.items()
            }
            response = getattr(client, method)(url, data, format="json")
            want = expected(endpoint, base_role, record)
            if response.status_code != want:
                failures.append(f"{endpoint} {record}: got {response.status_code}, want {want}")
    assert not failures, "\n".join(failures)


def test_the_matrix_holds_every_kind_in_every_state():
    assert len(RECORDS) == 17
    assert {"own_closed", "other_closed", "shared_closed", "other_merged"} <= set(RECORDS)
    assert {"own_reopened", "shared_revoked", "assigned_merged"} <= set(RECORDS)


@pytest.mark.parametrize("role", ROLES)
def test_field_classes_in_person_detail(world, as_user, role):
    user = world.users[role]
    people, _docs = _make_records(world, user)
    response = as_user(user).get(f"/api/v1/people/{people['own_open'].pk}/")
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

    def name(record):
        return "Own" if record == "own_open" else record.title().replace("_", " ")

    shown = {name(r) for r in RECORDS if visible(r)}
    hidden = {name(r) for r in RECORDS if not visible(r)}
    assert shown <= names and not hidden & names, (shown - names, hidden & names)
    # a kept record is seen where its agency, its caseworker or a share says so
    assert "Kept other_merged" not in names and "Kept own_merged" in names
    assert "Kept shared_merged" in names
    for row in response.json()["results"]:
        assert not {"phone", "address", "current_site", "risk_level", "vulnerabilities"} & set(row)


def test_unauthenticated_gets_401_everywhere(world, api):
    for _name, (method, template, body) in ENDPOINTS.items():
        zero = "00000000-0000-0000-0000-000000000000"
        url = template.format(p=zero, d=zero, m=zero)
        body = body and {k: zero if "{" in str(v) else v for k, v in body.items()}
        response = getattr(api, method)(url, body, format="json")
        assert response.status_code == 401, (url, response.status_code)
