"""The referrals authorization matrix: every endpoint (and, below, every page) × every
role × own, other-agency, assigned and shared people, and referrals received by the
user's own agency (sent, and still a draft).

Written out by hand: register writers (caseworker, supervisor) see the referrals of the
people in their scope and work on those they may edit; the refugee liaison sees only
what was sent to their own agency and answers it; a petition is its agency's.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from haven.audit.models import AuditEntry
from haven.people.services import person_close, person_create, person_share, person_unshare
from haven.referrals.models import Consent, Petition, Referral
from haven.referrals.services import (
    petition_create,
    petition_member_add,
    receiving_body_create,
    referral_create,
    referral_transition,
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
WRITERS = {"caseworker", "supervisor", "other_caseworker"}
RECEIVERS = {"refugee_liaison"}
READERS = WRITERS | RECEIVERS
BODY_READERS = READERS | {"admin"}
RECORDS = [
    "own",
    "other",
    "assigned",
    "shared",
    "received",
    "received_draft",
    "own_closed",  # the person's record closed after the referral was sent
    "shared_revoked",  # the share with the user's agency stopped
]


def _records(world, user):
    """One referral and one petition per kind of record; from South's side own and
    other swap. Received ones go to a body that is the user's own agency."""
    mine, theirs = world.supervisor, world.other_supervisor
    if user.agency_id == world.south.pk:
        mine, theirs = theirs, mine
    legal = receiving_body_create(actor=None, fields={"name": "Legal", "kind": "legal_aid"})
    desk = receiving_body_create(
        actor=None,
        fields={"name": "Own desk", "kind": "refugee_agency", "agency": user.agency},
    )
    writer = user.role in ("caseworker", "supervisor")
    people = {
        "own": person_create(actor=mine, fields={"given_name": "Own"}),
        "other": person_create(actor=theirs, fields={"given_name": "Other"}),
        "assigned": person_create(
            actor=theirs,
            fields={"given_name": "Assigned", **({"caseworker": user} if writer else {})},
        ),
        "shared": person_create(actor=theirs, fields={"given_name": "Shared"}),
        "received": person_create(actor=theirs, fields={"given_name": "Received"}),
        "received_draft": person_create(actor=theirs, fields={"given_name": "Draft"}),
        "own_closed": person_create(actor=mine, fields={"given_name": "Closed"}),
        "shared_revoked": person_create(actor=theirs, fields={"given_name": "Revoked"}),
    }
    person_share(actor=theirs, person=people["shared"], agency=user.agency, reason="joint")
    revoked = person_share(
        actor=theirs, person=people["shared_revoked"], agency=user.agency, reason="joint"
    )
    referrals, petitions = {}, {}
    for record, person in people.items():
        actor = mine if record.startswith("own") else theirs
        body = desk if record.startswith("received") else legal
        referral = referral_create(
            actor=actor, person=person, receiving_body=body, reason="matrix",
            consented_classes=["identity"], now=NOW,
        )  # fmt: skip
        petition = petition_create(actor=actor, receiving_body=body, title=f"P {record}",
                                   request="matrix", now=NOW)  # fmt: skip
        petition_member_add(actor=actor, petition=petition, person=person,
                            consented_classes=["identity"], now=NOW)  # fmt: skip
        if record != "received_draft":
            referral_transition(actor=actor, referral=referral, status="sent", now=NOW)
            from haven.referrals.services import petition_transition

            petition_transition(actor=actor, petition=petition, status="sent", now=NOW)
        referrals[record], petitions[record] = referral, petition
    person_close(actor=mine, person=people["own_closed"], reason="matrix")
    person_unshare(actor=theirs, share=revoked)
    return people, referrals, petitions


def sees_referral(role: str, record: str) -> bool:
    if role in WRITERS:
        return record in ("own", "assigned", "shared", "own_closed")
    return role in RECEIVERS and record == "received"


def works_on_referral(role: str, record: str) -> bool:
    """Reply, withdraw consent: also on a closed record."""
    return role in WRITERS and record in ("own", "assigned", "own_closed")


def extends_referral(role: str, record: str) -> bool:
    """Send, record more consent, refer: an open record only."""
    return role in WRITERS and record in ("own", "assigned")


def sees_petition(role: str, record: str) -> bool:
    if role in WRITERS:
        return record in ("own", "own_closed")
    return role in RECEIVERS and record == "received"


def works_on_petition(role: str, record: str) -> bool:
    return role in WRITERS and record in ("own", "own_closed")


def _status(role: str, record: str, seen: bool, works: bool, replies: bool, ok: int) -> int:
    """A record out of sight is 404; in sight but not the user's to change, 403."""
    if role not in READERS:
        return 403
    if not seen:
        return 404
    return ok if (works or replies) else 403


def expected(endpoint: str, role: str, record: str) -> int:
    r_seen, r_work = sees_referral(role, record), works_on_referral(role, record)
    p_seen, p_work = sees_petition(role, record), works_on_petition(role, record)
    receives = role in RECEIVERS and record == "received"
    if endpoint == "referral-body-list":
        return 200 if role in BODY_READERS else 403
    if endpoint in ("referral-list", "petition-list"):
        return 200 if role in READERS else 403
    if endpoint == "referral-create":
        if role not in WRITERS:
            return 403
        if record in ("own", "assigned"):
            return 201
        # in sight but not referrable (shared, closed): 403; out of sight: "no such person"
        return 403 if record in ("shared", "own_closed") else 400
    if endpoint == "petition-create":
        if role not in WRITERS:
            return 403
        if record == "own":
            return 201
        return 403 if record in ("assigned", "shared", "own_closed") else 400
    if endpoint == "referral-detail":
        return _status(role, record, r_seen, True, True, 200)
    if endpoint == "referral-status":
        return _status(role, record, r_seen, r_work, receives, 200)
    if endpoint == "referral-consents":
        return _status(role, record, r_seen, extends_referral(role, record), False, 200)
    if endpoint == "consent-withdraw":
        return _status(role, record, r_seen, r_work, False, 200)
    if endpoint == "petition-detail":
        return _status(role, record, p_seen, True, True, 200)
    if endpoint == "petition-status":
        return _status(role, record, p_seen, p_work, receives, 200)
    if endpoint == "petition-members":  # the closed person cannot be (re)recorded on it
        return _status(role, record, p_seen, p_work and record == "own", False, 200)
    if endpoint == "petition-consent-withdraw":
        return _status(role, record, p_seen, p_work, False, 200)
    raise AssertionError(endpoint)


# name: (method, path, body)
ENDPOINTS = {
    "referral-body-list": ("get", "referrals/bodies/", None),
    "referral-list": ("get", "referrals/", None),
    "referral-create": (
        "post",
        "referrals/",
        {
            "person": "{p}",
            "receiving_body": "{b}",
            "reason": "m",
            "consented_classes": ["identity"],
        },
    ),
    "referral-detail": ("get", "referrals/{r}/", None),
    "referral-status": ("post", "referrals/{r}/status/", {"status": "accepted"}),
    "referral-consents": ("post", "referrals/{r}/consents/", {"consented_classes": ["identity"]}),
    "consent-withdraw": ("post", "referrals/consents/{c}/withdraw/", {}),
    "petition-list": ("get", "referrals/petitions/", None),
    "petition-create": (
        "post",
        "referrals/petitions/",
        {
            "receiving_body": "{b}",
            "title": "t",
            "request": "r",
            "members": [{"person": "{p}", "consented_classes": ["identity"]}],
        },
    ),
    "petition-detail": ("get", "referrals/petitions/{t}/", None),
    "petition-status": ("post", "referrals/petitions/{t}/status/", {"status": "accepted"}),
    "petition-members": (
        "post",
        "referrals/petitions/{t}/members/",
        {"person": "{p}", "consented_classes": ["identity"]},
    ),
    "petition-consent-withdraw": ("post", "referrals/consents/{k}/withdraw/", {}),
}
# (the -create rows are POSTs to the lists; the petition's consent is withdrawn through
# consent-withdraw)
COVERED_API = {
    "referral-body-list",
    "referral-list",
    "referral-detail",
    "referral-status",
    "referral-consents",
    "consent-withdraw",
    "petition-list",
    "petition-detail",
    "petition-status",
    "petition-members",
}


def _fill(value, subs):
    if isinstance(value, str):
        for key, sub in subs.items():
            value = value.replace(key, sub)
        return value
    if isinstance(value, list):
        return [_fill(v, subs) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, subs) for k, v in value.items()}
    return value


def _reset(referral, petition):
    Referral.objects.filter(pk=referral.pk).update(status=referral.status, outcome="")
    Petition.objects.filter(pk=petition.pk).update(status=petition.status, outcome="")
    Consent.objects.filter(referral=referral).update(withdrawn_at=None, withdrawn_by=None)
    Consent.objects.filter(member__petition=petition).update(withdrawn_at=None, withdrawn_by=None)


def _writes() -> int:
    return AuditEntry.objects.exclude(action="read").count()


@pytest.mark.parametrize("role", ROLES)
def test_api(world, as_user, role):
    user = world.users[role]
    people, referrals, petitions = _records(world, user)
    body = Referral.objects.get(pk=referrals["received"].pk).receiving_body
    client = as_user(user)
    failures = []
    for name, (method, path, data) in ENDPOINTS.items():
        for record in RECORDS:
            referral, petition = referrals[record], petitions[record]
            _reset(referral, petition)
            subs = {
                "{p}": str(people[record].pk),
                "{b}": str(body.pk),
                "{r}": str(referral.pk),
                "{t}": str(petition.pk),
                "{c}": str(referral.consents.get().pk),
                "{k}": str(Consent.objects.get(member__petition=petition).pk),
            }
            url = "/api/v1/" + _fill(path, subs)
            before = _writes()
            status = getattr(client, method)(url, _fill(data, subs), format="json").status_code
            want = expected(name, role, record)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
            if method == "post" and status >= 400 and _writes() != before:
                failures.append(f"{name} {record}: refused but wrote something")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_lists_show_only_what_the_role_may_see(world, as_user, role):
    user = world.users[role]
    _people, referrals, petitions = _records(world, user)
    client = as_user(user)
    for path, made, sees in (
        ("/api/v1/referrals/", referrals, sees_referral),
        ("/api/v1/referrals/petitions/", petitions, sees_petition),
    ):
        response = client.get(path)
        if role not in READERS:
            assert response.status_code == 403
            continue
        ids = {row["id"] for row in response.json()["results"]}
        assert ids == {str(made[r].pk) for r in RECORDS if sees(role, r)}, path


def test_unauthenticated_gets_401(db, api):
    zero = "00000000-0000-0000-0000-000000000000"
    for _name, (method, path, data) in ENDPOINTS.items():
        url = "/api/v1/" + path.format(r=zero, t=zero, c=zero, k=zero)
        url = url.replace("{r}", zero).replace("{t}", zero).replace("{c}", zero)
        url = url.replace("{k}", zero)
        response = getattr(api, method)(url, data, format="json")
        assert response.status_code == 401, url


# --- pages ----------------------------------------------------------------------------

# GET pages: name -> (path, which expectation, status when allowed)
PAGES = {
    "referrals": ("/referrals/", "list", 200),
    "petitions": ("/referrals/petitions/", "list", 200),
    "referral_new": ("/people/{p}/referrals/new/", "refer", 200),
    "petition_new": ("/referrals/petitions/new/", "petition-new", 200),
    "referral": ("/referrals/{r}/", "referral-detail", 200),
    "referral_print": ("/referrals/{r}/print/", "referral-detail", 200),
    "referral_export": ("/referrals/{r}/export/", "referral-detail", 200),
    "petition": ("/referrals/petitions/{t}/", "petition-detail", 200),
    "petition_print": ("/referrals/petitions/{t}/print/", "petition-detail", 200),
}
# POST actions: name -> (path, body, which expectation)
ACTIONS = {
    "referral_status": ("/referrals/{r}/status/", {"status": "accepted"}, "referral-status"),
    "referral_consents": (
        "/referrals/{r}/consents/",
        {"consented_classes": ["identity"]},
        "referral-consents",
    ),
    "consent_withdraw": ("/referrals/consents/{c}/withdraw/", {}, "consent-withdraw"),
    "petition_members": (
        "/referrals/petitions/{t}/members/",
        {"person": "{p}", "consented_classes": ["identity"]},
        "petition-members",
    ),
    "petition_status": (
        "/referrals/petitions/{t}/status/",
        {"status": "accepted"},
        "petition-status",
    ),
}
COVERED_PAGES = set(PAGES) | set(ACTIONS)


def page_expected(kind: str, role: str, record: str) -> int:
    if kind == "list":
        return 200 if role in READERS else 403
    if kind == "petition-new":
        return 200 if role in WRITERS else 403
    if kind == "refer":
        if role not in READERS:
            return 403
        if role in WRITERS:
            if record in ("own", "assigned"):
                return 200
            return 403 if record in ("shared", "own_closed") else 404
        # the liaison sees the register, never refers
        return 403 if record in ("own", "shared", "own_closed") else 404
    return expected(kind, role, record)


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    user = world.users[role]
    people, referrals, petitions = _records(world, user)
    client = Client()
    client.force_login(user)
    failures = []
    for record in RECORDS:
        referral, petition = referrals[record], petitions[record]
        subs = {
            "{p}": str(people[record].pk),
            "{r}": str(referral.pk),
            "{t}": str(petition.pk),
            "{c}": str(referral.consents.get().pk),
        }
        for name, (path, kind, _ok) in PAGES.items():
            status = client.get(_fill(path, subs)).status_code
            want = page_expected(kind, role, record)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
        for name, (path, data, kind) in ACTIONS.items():
            _reset(referral, petition)
            before = _writes()
            status = client.post(_fill(path, subs), _fill(data, subs)).status_code
            allowed = expected(kind, role, record)
            want = 302 if allowed == 200 else allowed
            if name == "petition_members" and record == "own_closed" and role in WRITERS:
                want = 302  # the form refuses a closed record (not among the choices)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
            if allowed != 200 and _writes() != before:
                failures.append(f"{name} {record}: refused but wrote something")
    assert not failures, "\n".join(failures)


def test_pages_send_anonymous_visitors_to_sign_in(db):
    zero = "00000000-0000-0000-0000-000000000000"
    for path, _kind, _ok in PAGES.values():
        url = path.replace("{p}", zero).replace("{r}", zero).replace("{t}", zero)
        response = Client().get(url)
        assert response.status_code == 302 and "/signin/" in response["Location"], url
