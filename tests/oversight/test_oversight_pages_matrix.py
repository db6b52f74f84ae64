"""The oversight pages' authorization matrix: every page and action × every role × own,
other-agency, assigned and shared records (the same rules as the API's matrix)."""

from __future__ import annotations

import pytest
from django.test import Client

from haven.audit.models import AuditEntry
from tests.oversight.test_oversight_matrix import (
    PEOPLE,
    READERS,
    ROLES,
    SUPERVISORS,
    _fill,
    _records,
    edits_person,
    sees_person,
)

OWN_AGENCY = {"inspector"}
VISIT = {"purpose": "police", "visited_on": "2025-05-01", "access": "granted"}

# (page, record kinds, method, path, body)
CASES = [
    ("oversight_sites", ["own"], "get", "/oversight/sites/", None),
    ("oversight_site_new", ["own"], "get", "/oversight/sites/new/", None),
    ("oversight_site_new-post", ["own"], "post", "/oversight/sites/new/",
     {"name": "New site", "kind": "workplace"}),
    ("oversight_site", ["own", "other"], "get", "/oversight/sites/{site}/", None),
    ("oversight_visit_new", ["own", "other"], "get", "/oversight/sites/{site}/visits/new/", None),
    ("oversight_visit_new-post", ["own"], "post", "/oversight/sites/{site}/visits/new/", VISIT),
    ("oversight_visit", ["own", "other"], "get", "/oversight/visits/{visit}/", None),
    ("oversight_visit_complete", ["planned_own", "planned_other"], "get",
     "/oversight/visits/{visit}/record/", None),
    ("oversight_visit_complete-post", ["planned_own", "planned_other"], "post",
     "/oversight/visits/{visit}/record/", VISIT),
    ("oversight_actions", ["own"], "get", "/oversight/actions/", None),
    ("oversight_action", ["own", "other", "person"], "get", "/oversight/actions/{action}/", None),
    ("oversight_action-post", ["own", "other", "person"], "post", "/oversight/actions/{action}/",
     {"status": "in_progress", "outcome": ""}),
    ("oversight_never_alone", ["own"], "get", "/oversight/never-alone/", None),
    ("oversight_interview_new", PEOPLE, "get", "/people/{person}/oversight-interview/", None),
    ("oversight_interview_new-post", PEOPLE, "post", "/people/{person}/oversight-interview/",
     {"held_on": "2025-05-02", "private": "on"}),
    ("oversight_person_leave", PEOPLE, "get", "/people/{person}/leave/", None),
    ("oversight_person_leave-post", PEOPLE, "post", "/people/{person}/leave/",
     {"left_on": "2025-05-03"}),
]  # fmt: skip
COVERED_PAGES = {name.split("-")[0] for name, *_ in CASES}


def _status(role: str, name: str, record: str) -> int:
    post = name.endswith("-post")
    page = name.split("-")[0]
    if page == "oversight_never_alone":
        return 200 if role in SUPERVISORS else 403
    if role not in READERS:
        return 403
    own_only = role in OWN_AGENCY
    if page in ("oversight_interview_new", "oversight_person_leave"):
        if not sees_person(role, record):
            return 404
        if page == "oversight_person_leave" and not edits_person(role, record):
            return 403
        return 302 if post else 200
    if page == "oversight_visit" and own_only and record == "other":
        return 404
    if page == "oversight_visit_complete" and record == "planned_other":
        return 404 if own_only else 403
    if page == "oversight_action":
        if record == "person" or (own_only and record == "other"):
            return 404
        if post and record != "own":
            return 403
    return 302 if post else 200


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    user = world.users[role]
    records = _records(world, user)
    client = Client()
    client.force_login(user)
    failures = []
    for name, kinds, method, path, body in CASES:
        for record in kinds:
            url = _fill(path, records, record, user)
            before = AuditEntry.objects.exclude(action="read").count()
            status = getattr(client, method)(url, body or {}).status_code
            want = _status(role, name, record)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
            wrote = AuditEntry.objects.exclude(action="read").count() != before
            if method == "post" and want not in (200, 302) and wrote:
                failures.append(f"{name} {record}: refused but wrote something")
    assert not failures, "\n".join(failures)


def test_signed_out_is_sent_to_sign_in(db):
    response = Client().get("/oversight/sites/")
    assert response.status_code == 302 and "/signin/" in response["Location"]
