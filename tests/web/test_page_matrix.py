"""The web pages' authorization matrix: every page × every role × own and other-agency
records, with the data classes each role's person page may show.

Like tests/accounts/test_policy_matrix.py for the API, the expected table is written
out by hand, and a page under the web URLconf that is not listed here fails
test_every_page_is_in_the_matrix.
"""

from __future__ import annotations

import pytest
from django.test import Client

from haven.people.merging import person_merge
from haven.people.services import document_create, person_create, person_update
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
    "other_caseworker",
]
READERS = {
    "caseworker",
    "supervisor",
    "police_liaison",
    "health",
    "inspector",
    "refugee_liaison",
    "other_caseworker",
}
WRITERS = {"caseworker", "supervisor", "other_caseworker"}
DOC_READERS = {"caseworker", "supervisor", "inspector", "refugee_liaison", "other_caseworker"}
MERGERS = {"supervisor"}
HEALTH_WRITERS = {"health"}

# GET pages: name -> (path template, who passes the page's gate before any record is
# looked up (403 otherwise), who may finally open it (403 otherwise), one record or not).
# A record outside the user's scope answers 404 once past the gate.
PAGES = {
    "people": ("/", READERS, READERS, False),
    "person_new": ("/people/new/", WRITERS, WRITERS, False),
    "person": ("/people/{p}/", READERS, READERS, True),
    "person_edit": ("/people/{p}/edit/", WRITERS, WRITERS, True),
    "person_health": ("/people/{p}/health/", READERS, HEALTH_WRITERS, True),
    "person_merge": ("/people/{p}/merge/{t}/", MERGERS, MERGERS, True),
    "documents": ("/people/{p}/documents/", DOC_READERS, DOC_READERS, True),
    "document_new": ("/people/{p}/documents/new/", DOC_READERS, WRITERS & DOC_READERS, True),
    "document_edit": ("/people/{p}/documents/{d}/edit/", DOC_READERS, WRITERS & DOC_READERS, True),
    "gaps": ("/gaps/", DOC_READERS, DOC_READERS, False),
    "audit": ("/audit/", {"auditor"}, {"auditor"}, False),
}
# POST-only actions: name -> (path template, body); only those allowed may change anything.
ACTIONS = {
    "person_close": ("/people/{p}/close/", {"reason": "matrix"}, WRITERS),
    "person_reopen": ("/people/{p}/reopen/", {"reason": "matrix"}, WRITERS),
    "person_share": (
        "/people/{p}/shares/",
        {"share-agency": "{a}", "share-reason": "matrix"},
        WRITERS,
    ),
    "person_unshare": ("/people/{p}/shares/{s}/stop/", {}, WRITERS),
    "person_unmerge": ("/people/{p}/merges/{m}/undo/", {"reason": "matrix"}, MERGERS),
}
PUBLIC = {"login", "logout", "two_factor"}  # signing in and out; enrolment

# What each role's person page must show (by a marker value per class) and nothing else.
SHOWN = {
    "caseworker": {"whereabouts", "safety", "documents"},
    "supervisor": {"whereabouts", "safety", "documents"},
    "police_liaison": {"safety"},
    "health": {"health"},
    "inspector": {"documents"},
    "refugee_liaison": {"documents"},
}
MARKERS = {
    "whereabouts": "+355 69 000 0777",
    "health": "marker-vulnerability",
    "documents": "DOC-MARKER-1",
    "safety": "Risk level",
}


COVERED_PAGES = set(PAGES) | set(ACTIONS) | PUBLIC


def test_every_page_is_in_the_matrix():
    missing = route_names(urlconf="haven.web.urls") - covered("COVERED_PAGES")
    assert not missing, f"web pages without an authorization-matrix entry: {missing}"


def _records(world):
    own = person_create(
        actor=world.supervisor,
        fields={
            "given_name": "Own",
            "family_name": "Matrix",
            "phone": MARKERS["whereabouts"],
            "risk_level": "high",
        },
    )
    person_update(actor=world.health, person=own, fields={"vulnerabilities": MARKERS["health"]})
    document_create(
        actor=world.supervisor,
        person=own,
        fields={"kind": "passport", "status": "issued", "number": MARKERS["documents"]},
    )
    twin = person_create(actor=world.supervisor, fields={"given_name": "Twin"})
    other = person_create(actor=world.other_supervisor, fields={"given_name": "Other"})
    other_twin = person_create(actor=world.other_supervisor, fields={"given_name": "Other2"})
    return own, twin, other, other_twin


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    own, twin, other, other_twin = _records(world)
    document_create(
        actor=world.other_supervisor, person=other, fields={"kind": "visa", "status": "applied"}
    )
    client = _client(world.users[role])
    home = "own" if role != "other_caseworker" else "other"
    failures = []
    for name, (template, gate, allowed, per_record) in PAGES.items():
        for record in ("own", "other") if per_record else ("own",):
            person, t = (own, twin) if record == "own" else (other, other_twin)
            doc = person.documents.first()
            url = template.format(p=person.pk, t=t.pk, d=doc.pk)
            status = client.get(url).status_code
            if role not in gate:
                want = 403
            elif per_record and record != home:
                want = 404
            elif role not in allowed:
                want = 403
            else:
                want = 200
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", [r for r in ROLES if r in SHOWN])
def test_person_page_shows_only_granted_classes(world, role):
    own, *_ = _records(world)
    page = _client(world.users[role]).get(f"/people/{own.pk}/").content.decode()
    for data_class, marker in MARKERS.items():
        assert (marker in page) == (data_class in SHOWN[role]), (role, data_class)


@pytest.mark.parametrize("role", sorted(set(ROLES) - WRITERS - MERGERS))
def test_actions_refused_and_nothing_changes(world, role):
    from haven.audit.models import AuditEntry
    from haven.people.services import person_share

    own, twin, *_ = _records(world)
    share = person_share(actor=world.supervisor, person=own, agency=world.south, reason="x")
    merge = person_merge(actor=world.supervisor, kept=own, absorbed=twin, reason="x")
    before = AuditEntry.objects.count()
    client = _client(world.users[role])
    ids = {"p": own.pk, "s": share.pk, "m": merge.pk, "a": world.south.pk}
    for name, (template, body, allowed) in ACTIONS.items():
        assert role not in allowed
        data = {k: v.format(**ids) for k, v in body.items()}
        status = client.post(template.format(**ids), data).status_code
        assert status == 403, (name, status)
    assert AuditEntry.objects.count() == before
