"""The privacy module's authorization matrix: every endpoint and page × every role ×
own (open and closed), other-agency, assigned and shared people.

Only supervisors handle erasure and subject-access requests (403 for every other role,
before any lookup); a person outside the caller's scope is 404; one in scope that their
agency does not own (assigned to them, or shared) is 403: a share gives sight, not a say.
An erasure is approved by a second supervisor of the person's agency (the one who asked
gets 403); another agency's request is 404.
"""

from __future__ import annotations

import pytest

from haven.accounts.roles import Role
from haven.people.services import person_close, person_create, person_share
from haven.privacy.models import ErasureRequest
from haven.privacy.services import erasure_request
from tests.conftest import make_user

ROLES = [*[r.value for r in Role], "other_caseworker", "other_supervisor"]
PRIVACY = {"supervisor", "other_supervisor"}
RECORDS = ["own", "closed", "other", "assigned", "shared"]

ENDPOINTS = {
    # name: (method, path under /api/v1/, body, status when allowed, per record)
    "privacy-erasure-request": ("post", "privacy/people/{p}/erasure/", {"reason": "asked"}, 201),
    "privacy-person-export": ("get", "privacy/people/{p}/export/", None, 200),
    "privacy-erasure-approve": ("post", "privacy/erasures/{r}/approve/", {}, 200),
    "privacy-erasure-list": ("get", "privacy/erasures/", None, 200),
}
COVERED_API = set(ENDPOINTS)
PAGES = {"privacy_person_export": ("get", "/people/{p}/export/", None, 200)}
COVERED_PAGES = set(PAGES)


def _people(world, user):
    """One person per kind of record, made from the user's side (South swaps)."""
    south = user.agency_id == world.south.pk
    mine, theirs = world.supervisor, world.other_supervisor
    if south:
        mine, theirs = theirs, mine
    second = {
        a.pk: make_user(f"second_supervisor_{a.pk}", Role.SUPERVISOR, a)
        for a in (world.north, world.south)
    }
    writer = user.role in ("caseworker", "supervisor")
    people = {
        "own": person_create(actor=mine, fields={"given_name": "Own"}),
        "closed": person_create(actor=mine, fields={"given_name": "Closed"}),
        "other": person_create(actor=theirs, fields={"given_name": "Other"}),
        "assigned": person_create(
            actor=theirs,
            fields={"given_name": "Assigned", **({"caseworker": user} if writer else {})},
        ),
        "shared": person_create(actor=theirs, fields={"given_name": "Shared"}),
    }
    person_close(actor=mine, person=people["closed"], reason="left the country")
    person_share(actor=theirs, person=people["shared"], agency=user.agency, reason="joint case")
    return people, second


def _request(person, second):
    """An erasure asked for by the person's agency's second supervisor."""
    return erasure_request(actor=second[person.agency_id], person=person, reason="asked")


def expected(role: str, record: str, allowed: int) -> int:
    if role not in PRIVACY:
        return 403
    if record == "other":
        return 404
    if record in ("assigned", "shared"):
        return 403
    return allowed


def expected_approve(role: str, record: str) -> int:
    if role not in PRIVACY:
        return 403
    # the request belongs to the person's agency: another agency's is not in scope
    return 200 if record in ("own", "closed") else 404


@pytest.mark.parametrize("role", ROLES)
def test_api(world, as_user, role):
    user = world.users[role]
    people, second = _people(world, user)
    client = as_user(user)
    failures = []
    for name, (method, path, body, allowed) in ENDPOINTS.items():
        for record in RECORDS:
            person = people[record]
            if name == "privacy-erasure-approve":
                ErasureRequest.objects.filter(person=person).delete()
                req = _request(person, second)
                want = expected_approve(role, record)
                url = "/api/v1/" + path.format(r=req.pk)
            elif name == "privacy-erasure-list":
                want = 200 if role in PRIVACY else 403
                url = "/api/v1/" + path
            else:
                ErasureRequest.objects.filter(person=person, approved_at__isnull=True).delete()
                want = expected(role, record, allowed)
                url = "/api/v1/" + path.format(p=person.pk)
            got = getattr(client, method)(url, body, format="json").status_code
            if got != want:
                failures.append((name, record, want, got))
    assert not failures, failures


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, client_as, role):
    user = world.users[role]
    people, _second = _people(world, user)
    client = client_as(user)
    failures = []
    for name, (method, path, body, allowed) in PAGES.items():
        for record in RECORDS:
            url = path.format(p=people[record].pk)
            got = getattr(client, method)(url, body or {}).status_code
            want = expected(role, record, allowed)
            if got != want:
                failures.append((name, record, want, got))
    assert not failures, failures


def test_the_one_who_asked_cannot_approve(world, as_user):
    person = person_create(actor=world.supervisor, fields={"given_name": "Own"})
    req = erasure_request(actor=world.supervisor, person=person, reason="asked")
    got = as_user(world.supervisor).post(f"/api/v1/privacy/erasures/{req.pk}/approve/")
    assert got.status_code == 403
    assert ErasureRequest.objects.get(pk=req.pk).approved_at is None


def test_bad_input_is_400_and_writes_nothing(world, as_user):
    person = person_create(actor=world.supervisor, fields={"given_name": "Own"})
    client = as_user(world.supervisor)
    for body in ({}, {"reason": ""}, {"reason": 5}, {"reason": "x" * 501}, {"reason": "a", "x": 1}):
        got = client.post(f"/api/v1/privacy/people/{person.pk}/erasure/", body, format="json")
        assert got.status_code == 400, (body, got.content)
    assert not ErasureRequest.objects.exists()
    client.post(f"/api/v1/privacy/people/{person.pk}/erasure/", {"reason": "a"}, format="json")
    again = client.post(
        f"/api/v1/privacy/people/{person.pk}/erasure/", {"reason": "b"}, format="json"
    )
    assert again.status_code == 400 and "person" in again.json()
    assert client.post("/api/v1/privacy/erasures/not-a-uuid/approve/").status_code == 404
