"""The web pages' authorization matrix: every page × every role × own and other-agency
records, with the data classes each role's person page may show.

Like tests/accounts/test_policy_matrix.py for the API, the expected table is written
out by hand, and a page under the web URLconf that is not listed here fails
test_every_page_is_in_the_matrix.
"""

from __future__ import annotations

import uuid

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
    "share_requests": ("/shares/pending/", WRITERS, {"supervisor"}, False),
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
    # a supervisor of the owning agency decides a caseworker's share (see
    # test_share_request_decisions for every role on own and other-agency requests)
    "share_request_approve": ("/people/{p}/share-requests/{r}/approve/", {}, {"supervisor"}),
    "share_request_refuse": ("/people/{p}/share-requests/{r}/refuse/", {}, {"supervisor"}),
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


# Records seen from the user's agency, in every state (as in the API matrix): own, another
# agency's, another agency's assigned to the user or shared with the user's agency; open,
# closed, merged away, reopened, share revoked.
RECORDS = [
    "own_open",
    "own_closed",
    "own_merged",
    "own_reopened",
    "other_open",
    "other_closed",
    "other_merged",
    "assigned_open",
    "assigned_closed",
    "shared_open",
    "shared_closed",
    "shared_reopened",
    "shared_revoked",
]


def _visible(record: str) -> bool:
    return not record.startswith("other") and record != "shared_revoked"


def _stated_records(world, user):
    """One record per entry of RECORDS (each with a document), and a home twin each."""
    from haven.accounts import policy
    from haven.accounts.roles import Capability
    from haven.people.services import (
        person_close,
        person_reopen,
        person_share,
        person_unshare,
    )

    south = user.agency_id == world.south.pk
    home = world.other_supervisor if south else world.supervisor
    away = world.supervisor if south else world.other_supervisor
    out = {}
    for record in RECORDS:
        kind, state = record.split("_")
        actor = home if kind == "own" else away
        fields = {"given_name": record.title().replace("_", " ")}
        if kind == "assigned" and policy.can(user, Capability.REGISTER_READ):
            fields["caseworker"] = user
        person = person_create(actor=actor, fields=fields)
        if kind == "shared":
            share = person_share(
                actor=actor, person=person, agency=user.agency or home.agency, reason="joint"
            )
            if state == "revoked":
                person_unshare(actor=actor, share=share)
        doc = document_create(
            actor=actor, person=person, fields={"kind": "visa", "status": "applied"}
        )
        if state in {"closed", "reopened"}:
            person_close(actor=actor, person=person, reason="left")
        if state == "reopened":
            person_reopen(actor=actor, person=person, reason="back")
        if state == "merged":
            kept = person_create(actor=actor, fields={"given_name": f"Kept {record}"})
            person_merge(actor=actor, kept=kept, absorbed=person, reason="same")
        twin = person_create(actor=home, fields={"given_name": f"Twin {record}"})
        out[record] = (person, twin, doc)
    return out


def _page_want(name, role, record):
    _template, gate, allowed, per_record = PAGES[name]
    kind, state = record.split("_")
    if role not in gate:
        return 403
    if per_record and not _visible(record):
        return 404
    if name == "document_edit" and state == "merged":
        return 404  # the document moved to the record it was merged into
    if role not in allowed:
        return 403
    editor = kind in {"own", "assigned"}
    if name in {"person_edit", "document_new", "document_edit"} and not editor:
        return 403  # a share grants sight, not the right to change
    if name == "person_merge" and kind != "own":
        return 403  # a merge never crosses agencies
    return 200


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    user = world.users[role]
    records = _stated_records(world, user)
    client = _client(user)
    failures = []
    for name, (template, _gate, _allowed, per_record) in PAGES.items():
        for record in RECORDS if per_record else ["own_open"]:
            person, twin, doc = records[record]
            url = template.format(p=person.pk, t=twin.pk, d=doc.pk)
            status = client.get(url).status_code
            want = _page_want(name, role, record)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", sorted(WRITERS))
def test_actions_on_records_in_every_state(world, role):
    """What writers may do from a record's page: only the owning agency shares, stops a
    share or merges; an assignee works on the record; a share's agency changes nothing."""
    from haven.people.models import Person, PersonShare

    user = world.users[role]
    records = _stated_records(world, user)
    client = _client(user)
    outsider_agency = world.north if user.agency_id == world.south.pk else world.south
    failures = []
    for record in RECORDS:
        kind, state = record.split("_")
        person, twin, _doc = records[record]
        person.refresh_from_db()
        shares_before = PersonShare.objects.filter(person=person, revoked_at__isnull=True).count()
        editor = kind in {"own", "assigned"}
        checks = {
            # sharing with the agency of the user's own side: only owners may
            "person_share": (
                f"/people/{person.pk}/shares/",
                {"share-agency": outsider_agency.pk, "share-reason": "matrix"},
                302 if kind == "own" else 403,
            ),
            "person_close": (
                f"/people/{person.pk}/close/",
                {"reason": "matrix"},
                302 if editor else 403,
            ),
            "person_reopen": (
                f"/people/{person.pk}/reopen/",
                {"reason": "matrix"},
                302 if editor else 403,
            ),
        }
        if role in MERGERS:
            checks["person_merge"] = (
                f"/people/{person.pk}/merge/{twin.pk}/",
                {"reason": "matrix"},
                403 if kind != "own" else (400 if state == "merged" else 302),
            )
        for name, (url, body, want) in checks.items():
            if not _visible(record):
                want = 404
            status = client.post(url, body).status_code
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
        if kind != "own":
            after = PersonShare.objects.filter(person=person, revoked_at__isnull=True).count()
            if after != shares_before:
                failures.append(f"{record}: the shares changed")
        if kind == "shared":
            fresh = Person.objects.get(pk=person.pk)
            if fresh.status != person.status:
                failures.append(f"{record}: a share's agency changed its status")
    assert not failures, "\n".join(failures)


def test_an_assignee_cannot_stop_the_owners_share(world):
    from haven.people.services import person_share

    person = person_create(
        actor=world.supervisor,
        fields={"given_name": "Joint", "caseworker": world.other_caseworker},
    )
    share = person_share(actor=world.supervisor, person=person, agency=world.south, reason="x")
    status = (
        _client(world.other_caseworker)
        .post(f"/people/{person.pk}/shares/{share.pk}/stop/", {})
        .status_code
    )
    assert status == 403
    share.refresh_from_db()
    assert share.revoked_at is None


@pytest.mark.parametrize("role", [r for r in ROLES if r in SHOWN])
def test_person_page_shows_only_granted_classes(world, role):
    own, *_ = _records(world)
    page = _client(world.users[role]).get(f"/people/{own.pk}/").content.decode()
    for data_class, marker in MARKERS.items():
        assert (marker in page) == (data_class in SHOWN[role]), (role, data_class)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_share_request_decisions(world, role, decision):
    """Every role on a caseworker's pending share of a record of North (own for North's
    users) and of South (other-agency): only North's supervisor decides North's, and
    the other agency sees the person only once it is approved."""
    from haven.accounts.models import Agency
    from haven.audit.models import AuditEntry
    from haven.people.models import PersonShare, ShareRequest
    from haven.people.sharing import person_share_request
    from tests.conftest import make_user

    north = person_create(actor=world.caseworker, fields={"given_name": "North"})
    south = person_create(actor=world.other_caseworker, fields={"given_name": "South"})
    police = Agency.objects.create(name="Police", kind=Agency.Kind.POLICE)
    make_user(f"liaison_{decision}", "police_liaison", police)
    asked = {
        "own": person_share_request(
            actor=world.caseworker, person=north, agency=police, reason="joint"
        ),
        "other": person_share_request(
            actor=world.other_caseworker, person=south, agency=police, reason="joint"
        ),
    }
    user = world.users[role]
    client = _client(user)
    for kind, request in asked.items():
        before = AuditEntry.objects.count()
        url = f"/people/{request.person_id}/share-requests/{request.pk}/{decision}/"
        status = client.post(url, {}).status_code
        mine = user.agency_id == request.person.agency_id
        if role not in WRITERS:
            want = 403  # the page's gate
        elif not mine:
            want = 404  # the record is out of scope
        elif role == "supervisor" or (role == "other_supervisor" and kind == "other"):
            want = 302
        else:
            want = 403  # a caseworker does not decide
        assert status == want, (role, kind, status, want)
        request.refresh_from_db()
        if want == 302:
            assert request.state == ("approved" if decision == "approve" else "refused")
            assert AuditEntry.objects.count() > before
            assert PersonShare.objects.filter(person=request.person).exists() == (
                decision == "approve"
            )
        else:
            assert request.state == ShareRequest.State.PENDING
            assert not PersonShare.objects.filter(person=request.person).exists()


@pytest.mark.parametrize("role", sorted(set(ROLES) - WRITERS - MERGERS))
def test_actions_refused_and_nothing_changes(world, role):
    from haven.audit.models import AuditEntry
    from haven.people.services import person_share

    own, twin, *_ = _records(world)
    share = person_share(actor=world.supervisor, person=own, agency=world.south, reason="x")
    merge = person_merge(actor=world.supervisor, kept=own, absorbed=twin, reason="x")
    before = AuditEntry.objects.count()
    client = _client(world.users[role])
    ids = {"p": own.pk, "s": share.pk, "m": merge.pk, "a": world.south.pk, "r": uuid.uuid4()}
    for name, (template, body, allowed) in ACTIONS.items():
        assert role not in allowed
        data = {k: v.format(**ids) for k, v in body.items()}
        status = client.post(template.format(**ids), data).status_code
        assert status == 403, (name, status)
    assert AuditEntry.objects.count() == before
