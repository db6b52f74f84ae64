"""The tracing authorization matrix: every endpoint × every role × own, other-agency and
forwarded enquiries.

The enquiry desk registers enquiries and follows its own agency's, through the gate;
caseworkers and supervisors work their agency's and those forwarded to it; only
supervisors review, forward and follow up. The inspector, police liaison, health,
refugee liaison, auditor and admin roles see no tracing data at all (403, whatever the
record).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from haven.accounts.models import Agency
from haven.audit.models import AuditEntry
from haven.people.services import person_create
from haven.tracing import services
from tests.conftest import make_user
from tests.tracing.helpers import TODAY, enquiry_fields

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
DESK, WORKERS, REVIEWERS = {"enquiry_desk"}, {"caseworker", "supervisor"}, {"supervisor"}
RECORDS = ["own", "other", "forwarded"]


class Setup:
    """Enquiries made fresh for each call, in the state the call needs."""

    def __init__(self, world: Any) -> None:
        self.world = world
        self.east = Agency.objects.create(name="East Aid", kind=Agency.Kind.NGO)
        self.south_desk = make_user("south_desk", "enquiry_desk", world.south)
        sara = {"given_name": "Sara", "family_name": "Nouri"}
        self.people = {
            "north": person_create(actor=world.supervisor, fields=sara),
            "south": person_create(actor=world.other_supervisor, fields=sara),
        }

    def enquiry(self, record: str, *, phone: str = "") -> Any:
        desk = self.world.enquiry_desk if record == "own" else self.south_desk
        fields = enquiry_fields(enquirer_name=f"Enquirer{uuid.uuid4().hex}", phone=phone)
        enquiry = services.enquiry_create(actor=desk, fields=fields)
        if record == "forwarded":
            services.enquiry_forward(
                actor=self.world.other_supervisor, enquiry=enquiry, agency=self.world.north
            )
        return enquiry

    def worker(self, record: str) -> Any:
        return self.world.other_supervisor if record == "other" else self.world.supervisor

    def person(self, record: str) -> Any:
        return self.people["south" if record == "other" else "north"]

    def located(self, record: str) -> Any:
        enquiry = self.enquiry(record)
        worker = self.worker(record)
        person = person_create(actor=worker, fields={"given_name": "Sara", "family_name": "Nouri"})
        services.candidate_locate(actor=worker, enquiry=enquiry, person=person)
        return enquiry

    def interviewed(self, record: str) -> Any:
        enquiry = self.located(record)
        services.tracing_interview_record(
            actor=self.worker(record),
            enquiry=enquiry,
            fields={"held_on": TODAY, "private": True, "chaperone_present": False},
            decisions={"alive_and_well": "given", "accept_visit": "given"},
        )
        return enquiry

    def with_visitor(self, record: str) -> tuple[Any, Any]:
        enquiry = self.interviewed(record)
        visitor = services.visitor_add(
            actor=self.worker(record),
            enquiry=enquiry,
            fields={"name": "Parvin", "relationship": "mother"},
        )
        return enquiry, visitor

    def with_visit(self, record: str) -> tuple[Any, Any, Any]:
        enquiry, visitor = self.with_visitor(record)
        visit = services.visit_request(
            actor=self.worker(record),
            enquiry=enquiry,
            visitors=[visitor],
            fields={"starts_on": TODAY, "ends_on": TODAY, "place": "the agency's office"},
        )
        return enquiry, visit, visitor

    def with_visa(self, record: str) -> tuple[Any, Any, Any]:
        enquiry, visit, visitor = self.with_visit(record)
        visa = services.visa_record(
            actor=self.worker(record), visit=visit, visitor=visitor, fields={}
        )
        return enquiry, visit, visa

    def flagged(self, record: str) -> Any:
        phone = f"+98 {uuid.uuid4().int % 10**9:09d}"
        self.enquiry(record, phone=phone)
        return self.enquiry(record, phone=phone)

    def with_reply(self, record: str) -> tuple[Any, Any]:
        enquiry = self.located(record)
        reply = services.reply_write(actor=self.worker(record), enquiry=enquiry, text="Well.")
        return enquiry, reply


def _interview_body(_s: Setup, _r: str, _m: Any) -> dict[str, Any]:
    return {
        "held_on": TODAY.isoformat(),
        "private": True,
        "chaperone_present": False,
        "decisions": {"alive_and_well": "given"},
    }


E = "tracing/enquiries/{e}/"
# name: (method, path, prepare(setup, record) -> enquiry or (enquiry, reply), body, allowed)
Body = Callable[[Setup, str, Any], Any] | dict[str, Any] | None
ENDPOINTS: dict[str, tuple[str, str, str, Body, int, set[str]]] = {
    "tracing-enquiry-detail": ("get", E, "enquiry", None, 200, DESK | WORKERS),
    "tracing-enquiry-candidates": ("get", E + "candidates/", "enquiry", None, 200, WORKERS),
    "tracing-enquiry-locate": (
        "post", E + "locate/", "enquiry", lambda s, r, made: {"person": str(s.person(r).pk)}, 200,
        WORKERS,
    ),
    "tracing-enquiry-rule-out": (
        "post", E + "rule-out/", "enquiry", lambda s, r, made: {"person": str(s.person(r).pk)}, 200,
        WORKERS,
    ),
    "tracing-enquiry-interviews": ("get", E + "interviews/", "interviewed", None, 200, WORKERS),
    "tracing-enquiry-interviews:post": (
        "post", E + "interviews/", "located", _interview_body, 201, WORKERS,
    ),
    "tracing-enquiry-withdraw": (
        "post", E + "withdraw/", "interviewed", {"purpose": "alive_and_well"}, 200, WORKERS,
    ),
    "tracing-enquiry-deny": ("post", E + "deny-knowing/", "located", {}, 200, WORKERS),
    "tracing-enquiry-close": ("post", E + "close/", "enquiry", {}, 200, WORKERS),
    "tracing-enquiry-review": (
        "post", E + "review/", "flagged", {"note": "a mother, checked"}, 200, REVIEWERS,
    ),
    "tracing-enquiry-forward": (
        "post", E + "forward/", "enquiry", lambda s, r, made: {"agency": str(s.east.pk)}, 200,
        REVIEWERS,
    ),
    "tracing-enquiry-message": (
        "post", E + "message/", "located", {"status": "delivered"}, 200, WORKERS,
    ),
    "tracing-enquiry-replies": ("get", E + "replies/", "located", None, 200, WORKERS),
    "tracing-enquiry-replies:post": (
        "post", E + "replies/", "located", {"text": "I am well."}, 201, WORKERS,
    ),
    "tracing-reply-review": (
        "post", E + "replies/{r}/review/", "with_reply", {"release": True}, 200, WORKERS,
    ),
    "tracing-enquiry-timeline": ("get", E + "timeline/", "enquiry", None, 200, WORKERS),
    "tracing-enquiry-visitors": ("get", E + "visitors/", "enquiry", None, 200, WORKERS),
    "tracing-enquiry-visitors:post": (
        "post", E + "visitors/", "enquiry", {"name": "Parvin"}, 201, WORKERS,
    ),
    "tracing-enquiry-visits": ("get", E + "visits/", "enquiry", None, 200, WORKERS),
    "tracing-enquiry-visits:post": (
        "post", E + "visits/", "with_visitor",
        lambda s, r, made: {"visitors": [str(made[1].pk)], "starts_on": TODAY.isoformat(),
                            "ends_on": TODAY.isoformat(), "place": "a cafe"},
        201, WORKERS,
    ),
    "tracing-visit-detail": ("get", E + "visits/{r}/", "with_visit", None, 200, WORKERS),
    "tracing-visit-detail:patch": (
        "patch", E + "visits/{r}/", "with_visit", {"status": "arranged"}, 200, WORKERS,
    ),
    "tracing-visit-visas": (
        "post", E + "visits/{r}/visas/", "with_visit",
        lambda s, r, made: {"visitor": str(made[2].pk)}, 201, WORKERS,
    ),
    "tracing-visa-detail": (
        "patch", E + "visits/{v}/visas/{r}/", "with_visa", {"status": "submitted"}, 200, WORKERS,
    ),
}  # fmt: skip
UNSCOPED = {
    "tracing-enquiry-list": ("get", "tracing/enquiries/", None, 200, DESK | WORKERS),
    "tracing-enquiry-list:post": (
        "post", "tracing/enquiries/",
        {"enquirer": {"name": "Nasim", "relationship": "sister"}, "sought": {"given_name": "Ali"}},
        201, DESK,
    ),
    "tracing-follow-up": ("get", "tracing/follow-up/", None, 200, REVIEWERS),
}  # fmt: skip
COVERED_API = {name.split(":")[0] for name in (*ENDPOINTS, *UNSCOPED)}


def expected(role: str, record: str, allowed: int, roles: set[str]) -> int:
    if role not in roles:
        return 403
    if record == "other" or (record == "forwarded" and role in DESK):
        return 404
    return allowed


def _writes() -> int:
    return AuditEntry.objects.exclude(action="read").count()


@pytest.mark.parametrize("role", ROLES)
def test_api(world, as_user, role):
    setup = Setup(world)
    client = as_user(world.users[role])
    failures = []
    for name, (method, path, prepare, body, allowed, roles) in ENDPOINTS.items():
        for record in RECORDS:
            made = getattr(setup, prepare)(record)
            made = made if isinstance(made, tuple) else (made,)
            enquiry, child = made[0], made[1] if len(made) > 1 else None
            if prepare == "with_visa":
                child = made[2]
            url = "/api/v1/" + path.format(
                e=enquiry.pk, r=child.pk if child else "", v=made[1].pk if len(made) > 1 else ""
            )
            data = body(setup, record, made) if callable(body) else body
            before = _writes()
            response = getattr(client, method)(url, data, format="json")
            want = expected(role, record, allowed, roles)
            if response.status_code != want:
                failures.append(f"{name} {record}: got {response.status_code}, want {want}")
            if want != allowed and _writes() != before:
                failures.append(f"{name} {record}: refused but wrote something")
    for name, (method, path, body, allowed, roles) in UNSCOPED.items():
        response = getattr(client, method)("/api/v1/" + path, body, format="json")
        want = allowed if role in roles else 403
        if response.status_code != want:
            failures.append(f"{name}: got {response.status_code}, want {want}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_only_the_enquiries_in_scope(world, as_user, role):
    setup = Setup(world)
    made = {record: setup.enquiry(record) for record in RECORDS}
    response = as_user(world.users[role]).get("/api/v1/tracing/enquiries/")
    if role not in DESK | WORKERS:
        assert response.status_code == 403
        return
    ids = {row["id"] for row in response.json()["results"]}
    want = {str(made["own"].pk)} | ({str(made["forwarded"].pk)} if role in WORKERS else set())
    assert ids == want
    for row in response.json()["results"]:
        assert ("internal" in row) == (role in WORKERS)


def test_unauthenticated_gets_401(db, api):
    zero = "00000000-0000-0000-0000-000000000000"
    for method, path, *_ in ENDPOINTS.values():
        url = "/api/v1/" + path.format(e=zero, r=zero, v=zero)
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code == 401
    for method, path, *_ in UNSCOPED.values():
        assert getattr(api, method)("/api/v1/" + path, {}, format="json").status_code == 401
