"""The tracing pages' authorization matrix (every page and action × every role × own,
other-agency and forwarded enquiries), and the test that every enquiry-facing output
goes through the disclosure gate: a page or endpoint the enquiry desk can open that
shows an enquiry without ``gate.enquirer_view`` fails it, whenever it is added."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from haven.audit.models import AuditEntry
from haven.tracing import gate, services
from tests.tracing.helpers import TODAY
from tests.tracing.test_tracing_matrix import DESK, RECORDS, REVIEWERS, ROLES, WORKERS, Setup

READERS = DESK | WORKERS
T = "/tracing/{e}/"
# name: (method, path, prepare, body, allowed status, roles)
PAGES: dict[str, tuple[str, str, str, dict[str, Any] | None, int, set[str]]] = {
    "tracing_enquiry": ("get", T, "enquiry", None, 200, READERS),
    "tracing_letter": ("get", T + "letter/", "interviewed", None, 200, READERS),
    "tracing_locate": ("post", T + "locate/", "enquiry", {"person": "x"}, 302, WORKERS),
    "tracing_rule_out": ("post", T + "rule-out/", "enquiry", {"person": "x"}, 302, WORKERS),
    "tracing_interview": ("get", T + "interview/", "located", None, 200, WORKERS),
    "tracing_message": ("post", T + "message/", "located", {"status": "delivered"}, 302, WORKERS),
    "tracing_reply": ("post", T + "reply/", "located", {"text": "well"}, 302, WORKERS),
    "tracing_reply_review": (
        "post", T + "replies/{r}/review/", "with_reply", {}, 302, WORKERS,
    ),
    "tracing_withdraw": (
        "post", T + "withdraw/", "interviewed", {"purpose": "alive_and_well"}, 302, WORKERS,
    ),
    "tracing_deny": ("post", T + "deny-knowing/", "located", {}, 302, WORKERS),
    "tracing_close": ("post", T + "close/", "enquiry", {}, 302, WORKERS),
    "tracing_visit": ("get", T + "visit/", "interviewed", None, 200, WORKERS),
    "tracing_visit_detail": ("get", T + "visits/{v}/", "with_visa", None, 200, WORKERS),
    "tracing_visit_detail:post": (
        "post", T + "visits/{v}/", "with_visa", {"status": "draft"}, 400, WORKERS,
    ),
    "tracing_visa_edit": ("get", T + "visits/{v}/visas/{a}/", "with_visa", None, 200, WORKERS),
    "tracing_visa_edit:post": (
        "post", T + "visits/{v}/visas/{a}/", "with_visa", {"status": "submitted"}, 302, WORKERS,
    ),
    "tracing_review": ("post", T + "review/", "flagged", {"note": "checked"}, 302, REVIEWERS),
    "tracing_forward": ("post", T + "forward/", "enquiry", {}, 302, REVIEWERS),
}  # fmt: skip
UNSCOPED = {
    "tracing_enquiries": ("/tracing/", 200, READERS),
    "tracing_enquiry_new": ("/tracing/new/", 200, DESK),
    "tracing_flagged": ("/tracing/flagged/", 200, REVIEWERS),
    "tracing_follow_up": ("/tracing/follow-up/", 200, REVIEWERS),
}
COVERED_PAGES = {name.split(":")[0] for name in PAGES} | set(UNSCOPED)


def expected(role: str, record: str, allowed: int, roles: set[str]) -> int:
    if role not in roles:
        return 403
    if record == "other" or (record == "forwarded" and role in DESK):
        return 404
    return allowed


@pytest.mark.parametrize("role", ROLES)
def test_pages(world, role):
    setup = Setup(world)
    client = Client()
    client.force_login(world.users[role])
    failures = []
    for name, (method, path, prepare, body, allowed, roles) in PAGES.items():
        for record in RECORDS:
            made = getattr(setup, prepare)(record)
            made = made if isinstance(made, tuple) else (made,)
            enquiry, child, last = (*made, None, None)[:3]
            url = path.format(
                e=enquiry.pk,
                r=child.pk if child else "",
                v=child.pk if child else "",
                a=last.pk if last else "",
            )
            before = AuditEntry.objects.exclude(action="read").count()
            status = getattr(client, method)(url, body or {}).status_code
            want = expected(role, record, allowed, roles)
            if status != want:
                failures.append(f"{name} {record}: got {status}, want {want}")
            wrote = AuditEntry.objects.exclude(action="read").count() != before
            if method == "post" and want != allowed and wrote:
                failures.append(f"{name} {record}: refused but wrote something")
    for name, (path, allowed, roles) in UNSCOPED.items():
        status = client.get(path).status_code
        want = allowed if role in roles else 403
        if status != want:
            failures.append(f"{name}: got {status}, want {want}")
    assert not failures, "\n".join(failures)


# --- every enquiry-facing output goes through the gate -------------------------------

MARK = "GATE-MARKER"


def _marked(enquiry: Any) -> dict[str, Any]:
    """The gate's view with every text replaced by the marker."""

    def mark(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: (v if k in {"id", "status"} else mark(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return MARK if isinstance(value, str) else value

    real = REAL_VIEW(enquiry)
    view = mark(real)
    view["created_at"] = real["created_at"]
    return view


REAL_VIEW = gate.enquirer_view


def _tracing_routes() -> list[tuple[str, str]]:
    """(namespace:name, pattern) of every web and API route of the tracing module."""
    found = []

    def walk(patterns: list[Any], prefix: str, namespace: str) -> None:
        for p in patterns:
            if hasattr(p, "url_patterns"):
                ns = f"{namespace}{p.namespace}:" if getattr(p, "namespace", None) else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif p.name:
                full = prefix + str(p.pattern)
                if full.startswith(("tracing/", "api/v1/tracing/")):
                    found.append((namespace + p.name, full))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_enquiry_facing_output_goes_through_the_gate(world, client_as, monkeypatch):
    """Everything the enquiry desk can open about an enquiry shows what the gate gave
    (here: the marker) and none of the enquiry's own values; a new page or endpoint
    that renders an enquiry some other way fails here."""
    setup = Setup(world)
    enquiry = setup.interviewed("own")
    services.tracing_interview_record(
        actor=world.supervisor, enquiry=enquiry,
        fields={"held_on": TODAY, "private": True, "chaperone_present": False},
        decisions=dict.fromkeys(gate.PURPOSES, "given"), contact="CONTACT-SECRET",
    )  # fmt: skip
    reply = services.reply_write(actor=world.supervisor, enquiry=enquiry, text="REPLY-SECRET")
    services.reply_review(actor=world.supervisor, reply=reply, release=True)
    monkeypatch.setattr(gate, "enquirer_view", _marked)
    desk = client_as(world.enquiry_desk)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(world.enquiry_desk)
    ids = {"enquiry_id": enquiry.pk, "reply_id": reply.pk, "visit_id": reply.pk,
           "visa_id": reply.pk}  # fmt: skip
    secrets = ["CONTACT-SECRET", "REPLY-SECRET", str(enquiry.person_id), enquiry.enquirer_name,
               "Maryam", "Sara", "Nouri"]  # fmt: skip
    opened = []
    for name, pattern in _tracing_routes():
        kwargs = {k: ids[k] for k in re.findall(r"<(?:\w+:)?(\w+)>", pattern)}
        url = reverse(name, kwargs=kwargs)
        client = api if name.startswith("api:") else desk
        response = client.get(url)
        if response.status_code != 200:
            assert response.status_code in (403, 405), (name, response.status_code)
            continue
        text = response.content.decode()
        opened.append(name)
        if "enquiry_id" in kwargs or name.endswith(("enquiry-list", "enquiries")):
            assert MARK in text, f"{name} shows an enquiry without the gate"
        for secret in secrets:
            assert secret not in text, f"{name} shows {secret!r} past the gate"
    assert {"web:tracing_enquiry", "web:tracing_letter", "api:tracing-enquiry-detail"} <= set(
        opened
    )
