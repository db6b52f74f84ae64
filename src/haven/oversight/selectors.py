"""Reads of the oversight module, scoped by accounts.policy.oversight. Showing a
site's address, the people linked to a site or where someone went is a read of
whereabouts, and is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts import policy as register_policy
from haven.accounts.policy import oversight as policy
from haven.accounts.roles import DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.interviews.models import Context, Interview
from haven.interviews.selectors import interview_queryset
from haven.oversight.models import (
    PENDING,
    Access,
    Departure,
    Finding,
    FollowUpAction,
    Site,
    SiteLink,
    Visit,
)
from haven.people.models import Person


def _pk(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def _audit_whereabouts(user: Any, subject_type: str, subject_id: Any, ids: Iterable[Any]) -> None:
    audit_log(
        actor=user,
        action=AuditEntry.Action.READ,
        subject_type=subject_type,
        subject_id=subject_id,
        classes={DataClass.WHEREABOUTS},
        changes={"shown": change(REF, None, [str(i) for i in ids])},
    )


# --- sites ---------------------------------------------------------------------------


def site_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Site]:
    """Sites (rows name no address, so listing reads no whereabouts)."""
    filters = filters or {}
    qs = Site.objects.filter(policy.site_scope(user)).select_related("agency")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    visits = Visit.objects.filter(policy.visit_scope(user))
    qs = qs.annotate(
        visit_count=Count("visits", filter=Q(visits__in=visits), distinct=True),
        last_visit=Max("visits__visited_on", filter=Q(visits__in=visits)),
    )
    return qs.order_by("name", "id")


def site_get(*, user: Any, site_id: Any) -> Site:
    site = Site.objects.filter(policy.site_scope(user), pk=_pk(site_id)).first()
    if site is None:
        raise Http404
    return site


def site_read(*, user: Any, site: Site) -> bool:
    """Whether the user is shown the site's address; showing it is audited."""
    shown = policy.sees_whereabouts(user)
    if shown and site.address:
        _audit_whereabouts(user, "site", site.pk, [site.pk])
    return shown


def site_people(*, user: Any, site: Site) -> list[SiteLink]:
    """The people linked to the site whom the user may see (whereabouts: audited)."""
    if not policy.sees_whereabouts(user):
        return []
    people = Person.objects.filter(register_policy.person_scope(user)).values("pk")
    links = list(
        site.links.filter(person__in=people).select_related("person").order_by("to_on", "-from_on")
    )
    if links:
        _audit_whereabouts(user, "site", site.pk, [link.person_id for link in links])
    return links


# --- visits --------------------------------------------------------------------------


def visit_queryset(*, user: Any) -> QuerySet[Visit]:
    findings = Prefetch("findings", queryset=Finding.objects.order_by("item"))
    return (
        Visit.objects.filter(policy.visit_scope(user))
        .select_related("site", "agency", "recorded_by")
        .prefetch_related(findings)
    )


def visit_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Visit]:
    filters = filters or {}
    qs = visit_queryset(user=user)
    if filters.get("site"):
        qs = qs.filter(site_id=filters["site"])
    if filters.get("access"):
        qs = qs.filter(access=filters["access"])
    if filters.get("purpose"):
        qs = qs.filter(purpose=filters["purpose"])
    return qs


def visit_get(*, user: Any, visit_id: Any) -> Visit:
    visit = visit_queryset(user=user).filter(pk=_pk(visit_id)).first()
    if visit is None:
        raise Http404
    return visit


@dataclass(frozen=True)
class ChartBar:
    """One period of the visits-over-time chart."""

    label: str
    granted: int
    partial: int
    refused: int

    @property
    def total(self) -> int:
        return self.granted + self.partial + self.refused


def visits_by_quarter(visits: Iterable[Visit]) -> list[ChartBar]:
    """Done visits counted by access outcome per quarter, from the first to the last
    quarter with a visit (empty quarters included, so the gaps show)."""
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for visit in visits:
        if visit.visited_on is None or not visit.access:
            continue
        key = (visit.visited_on.year, (visit.visited_on.month - 1) // 3 + 1)
        counts.setdefault(key, dict.fromkeys(Access.values, 0))[visit.access] += 1
    if not counts:
        return []
    (y, q), last = min(counts), max(counts)
    bars = []
    while (y, q) <= last:
        c = counts.get((y, q), dict.fromkeys(Access.values, 0))
        bars.append(ChartBar(f"{y} Q{q}", c["granted"], c["partial"], c["refused"]))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return bars


# --- follow-up actions ---------------------------------------------------------------


def action_queryset(*, user: Any) -> QuerySet[FollowUpAction]:
    return FollowUpAction.objects.filter(policy.action_scope(user)).select_related(
        "owner", "agency", "site", "visit", "person", "finding"
    )


def action_list(
    *, user: Any, filters: Mapping[str, Any] | None = None, today: dt.date | None = None
) -> QuerySet[FollowUpAction]:
    """Actions the user may see; by default those still open or in progress, the most
    overdue first. Filters: ``state`` (pending, overdue, done, all), ``site``, ``visit``,
    ``person``, ``mine``."""
    filters = filters or {}
    today = today or timezone.localdate()
    qs = action_queryset(user=user)
    state = filters.get("state") or "pending"
    if state == "pending":
        qs = qs.filter(status__in=PENDING)
    elif state == "overdue":
        qs = qs.filter(status__in=PENDING, due_on__lt=today)
    elif state == "closed":
        qs = qs.exclude(status__in=PENDING)
    for name in ("site", "visit", "person"):
        if filters.get(name):
            qs = qs.filter(**{f"{name}_id": filters[name]})
    if filters.get("mine"):
        qs = qs.filter(owner_id=user.pk)
    return qs.order_by("due_on", "created_at", "id")


def action_get(*, user: Any, action_id: Any) -> FollowUpAction:
    action = action_queryset(user=user).filter(pk=_pk(action_id)).first()
    if action is None:
        raise Http404
    return action


# --- interviews and the never-alone list ---------------------------------------------


def oversight_interviews(*, user: Any, person: Any = None) -> QuerySet[Interview]:
    """Oversight interviews the user may see (inspectors: their own agency's)."""
    qs = interview_queryset(user=user).filter(context=Context.OVERSIGHT)
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def never_alone(*, user: Any) -> QuerySet[Person]:
    """Open records in the user's scope with no interview that counts as private, in any
    context and by any agency (the fact, not the interviews themselves), annotated with
    how many interviews they have had and the last one's date."""
    if not policy.can_read_never_alone(user):
        return Person.objects.none()
    private = Interview.objects.counting_as_private().filter(person=OuterRef("pk"))
    return (
        Person.objects.filter(register_policy.person_scope(user))
        .filter(status=Person.Status.OPEN)
        .exclude(Exists(private))
        .annotate(interviews_held=Count("interviews"), last_interview=Max("interviews__held_on"))
        .select_related("agency", "caseworker")
        .order_by("family_name", "given_name", "id")
    )


def never_interviewed_alone(person: Person) -> bool:
    """The one-person form of ``never_alone``'s test (for the person's page)."""
    return not Interview.objects.counting_as_private().filter(person=person).exists()


# --- departures ----------------------------------------------------------------------


def departure_list(*, user: Any, person: Person) -> list[Departure]:
    """The person's departures (the caller fetched the person through its scope); where
    they went is shown, and its reading audited, only to roles holding whereabouts."""
    if not policy.can_read_departures(user):
        return []
    found = list(person.departures.select_related("recorded_by"))
    if found and policy.sees_whereabouts(user) and any(d.went_to for d in found):
        _audit_whereabouts(user, "person", person.pk, [d.pk for d in found])
    return found


def pending_actions_for(*, user: Any, person: Person) -> list[FollowUpAction]:
    return list(action_list(user=user, filters={"person": person.pk}))
