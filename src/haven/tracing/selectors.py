"""Reads of tracing data, scoped by accounts.policy.tracing; every read is audited
(tracing is a read-audited class)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import Agency
from haven.accounts.policy import tracing as policy
from haven.accounts.roles import DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.people.matching import Match, match_search, match_search_unscoped
from haven.tracing.models import CLOSED_STATES, CandidateDecision, DenyKnowing, Enquiry

FOLLOW_UP_DAYS = 14
# A candidate outside the caller's scope this likely is named (by its agency only).
HINT_PROBABILITY = 0.9
# The engine proposing someone this likely moves the enquiry to ``candidate_found``.
FOUND_PROBABILITY = 0.5
CANDIDATES_TOP = 10


def _uuid_or_404(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def enquiry_queryset(*, user: Any) -> QuerySet[Enquiry]:
    return Enquiry.objects.filter(policy.enquiry_scope(user)).select_related("agency", "person")


def audit_read(user: Any, enquiries: Iterable[Enquiry], what: str = "enquiry") -> None:
    ids = [str(e.pk) for e in enquiries]
    if ids:
        audit_log(
            actor=user,
            action=AuditEntry.Action.READ,
            subject_type="tracing_enquiry",
            subject_id=ids[0] if len(ids) == 1 else "",
            classes={DataClass.TRACING},
            changes={what: change(REF, None, ids)},
        )


def enquiry_list(*, user: Any, state: str = "") -> QuerySet[Enquiry]:
    """The enquiries the user sees; ``state`` is ``open`` or ``closed`` (what the desk
    may filter on), or, for workers, an internal state or ``flagged``."""
    qs = enquiry_queryset(user=user)
    if state == "open":
        qs = qs.exclude(state__in=CLOSED_STATES)
    elif state == "closed":
        qs = qs.filter(state__in=CLOSED_STATES)
    elif state and policy.can_work(user):
        qs = qs.filter(flagged=True) if state == "flagged" else qs.filter(state=state)
    return qs.order_by("-created_at", "id")


def enquiry_get(*, user: Any, enquiry_id: Any, audit: bool = True) -> Enquiry:
    """One enquiry the user sees, or 404 (never confirm that others exist)."""
    enquiry = enquiry_queryset(user=user).filter(pk=_uuid_or_404(enquiry_id)).first()
    if enquiry is None:
        raise Http404
    if audit:
        audit_read(user, [enquiry])
    return enquiry


def query_of(enquiry: Enquiry) -> dict[str, Any]:
    """The sought person as a query for the matching engine."""
    return {
        "given_name": enquiry.given_name,
        "family_name": enquiry.family_name,
        "other_names": enquiry.other_names,
        "sex": enquiry.sex,
        "birth_year": enquiry.birth_year,
        "birth_year_max": enquiry.birth_year_max,
        "birth_precision": "range"
        if enquiry.birth_year_max and enquiry.birth_year_max != enquiry.birth_year
        else ("year" if enquiry.birth_year else ""),
        "place_of_origin": enquiry.place_of_origin,
    }


@dataclass(frozen=True)
class Hint:
    """A likely candidate is held by another agency: its name, nothing of the record."""

    agency: Agency
    forwarded: bool


@dataclass(frozen=True)
class Candidates:
    held_for_review: bool
    matches: list[Match]
    decisions: dict[str, str]  # person id -> located / ruled_out
    hints: list[Hint]


def _denied_ids(ids: Iterable[Any]) -> set[str]:
    return {
        str(pk)
        for pk in DenyKnowing.objects.filter(person_id__in=list(ids)).values_list(
            "person_id", flat=True
        )
    }


def candidate_list(*, user: Any, enquiry: Enquiry, top: int = CANDIDATES_TOP) -> Candidates:
    """Ranked candidates for an enquiry within the user's record scope (never a person
    who asked Haven to deny knowing them), and, for supervisors, the agencies outside
    their scope that hold a likely candidate. Nothing while a flagged enquiry waits for
    its review."""
    if not policy.can_work(user):
        raise Http404
    if enquiry.needs_review:
        return Candidates(True, [], {}, [])
    query = query_of(enquiry)
    found = match_search(user=user, query=query, top=top + 5)
    denied = _denied_ids(m.person.pk for m in found)
    matches = [m for m in found if str(m.person.pk) not in denied][:top]
    decisions = {
        str(d.person_id): d.kind
        for d in CandidateDecision.objects.filter(enquiry=enquiry).order_by("at")
    }
    hints: list[Hint] = []
    if policy.can_review(user):
        hints = _hints(user, enquiry, query, {str(m.person.pk) for m in found})
    audit_log(
        actor=user,
        action=AuditEntry.Action.READ,
        subject_type="tracing_enquiry",
        subject_id=enquiry.pk,
        classes={DataClass.TRACING, DataClass.IDENTITY},
        changes={"candidates": change(REF, None, [str(m.person.pk) for m in matches])},
    )
    return Candidates(False, matches, decisions, hints)


def _hints(user: Any, enquiry: Enquiry, query: dict[str, Any], seen: set[str]) -> list[Hint]:
    likely = match_search_unscoped(query=query, top=5, min_probability=HINT_PROBABILITY)
    denied = _denied_ids(m.person.pk for m in likely)
    agencies: dict[Any, Agency] = {}
    for m in likely:
        pid = str(m.person.pk)
        if pid in seen or pid in denied or m.person.merged_into_id is not None:
            continue
        if m.person.agency_id != user.agency_id:
            agencies.setdefault(m.person.agency_id, m.person.agency)
    forwarded = set(enquiry.forwards.values_list("agency_id", flat=True))
    return [Hint(a, a.pk in forwarded) for a in agencies.values()]


def timeline(*, user: Any, enquiry: Enquiry) -> list[Any]:
    if not policy.can_work(user):
        raise Http404
    return list(enquiry.events.select_related("actor").order_by("at", "id"))


def follow_up_list(*, user: Any, now: dt.datetime | None = None) -> QuerySet[Enquiry]:
    """Open enquiries with no action for ``FOLLOW_UP_DAYS`` days, oldest first."""
    if not policy.can_review(user):
        return Enquiry.objects.none()
    cutoff = (now or timezone.now()) - dt.timedelta(days=FOLLOW_UP_DAYS)
    return (
        enquiry_queryset(user=user)
        .exclude(state__in=CLOSED_STATES)
        .filter(last_action_at__lte=cutoff)
        .order_by("last_action_at")
    )


def flagged_list(*, user: Any) -> QuerySet[Enquiry]:
    if not policy.can_review(user):
        return Enquiry.objects.none()
    return enquiry_queryset(user=user).filter(flagged=True).order_by("reviewed_at", "-created_at")


def person_enquiries(*, user: Any, person: Any) -> list[Enquiry]:
    """Enquiries about a person (their page's tracing section), for workers who see
    them: the person is told about every enquiry, including who asked."""
    if not policy.can_work(user):
        return []
    found = list(enquiry_queryset(user=user).filter(person=person))
    audit_read(user, found)
    return found
