"""Reads of the safety records, scoped by accounts.policy.safety; reads are audited
(safety, and health for deaths and health-related incidents)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from haven.accounts.policy import classes_for
from haven.accounts.policy import safety as safety_policy
from haven.accounts.roles import SENSITIVE_CLASSES, DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.people.models import Person
from haven.safety.models import (
    Death,
    Incident,
    ProtectiveMeasure,
    RiskAssessment,
    Threat,
    WelfareCheck,
)
from haven.safety.rules import people_scheduled
from haven.safety.services.checks import check_due


def _pk(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Http404 from exc


def _person_filter(qs: QuerySet[Any], filters: Mapping[str, Any], field: str) -> QuerySet[Any]:
    if filters.get("person"):
        qs = qs.filter(**{field: filters["person"]})
    return qs


def threat_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Threat]:
    filters = filters or {}
    ids = Threat.objects.filter(safety_policy.threat_scope(user)).values("pk")
    qs = Threat.objects.filter(pk__in=ids).select_related("recorded_by", "agency")
    for name in ("status", "imminence", "kind"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("person"):
        qs = qs.filter(pk__in=Threat.objects.filter(targets=filters["person"]).values("pk"))
    return qs.prefetch_related("target_links__person")


def incident_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Incident]:
    filters = filters or {}
    ids = Incident.objects.filter(safety_policy.incident_scope(user)).values("pk")
    qs = Incident.objects.filter(pk__in=ids).select_related("recorded_by")
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("person"):
        qs = qs.filter(pk__in=Incident.objects.filter(people=filters["person"]).values("pk"))
    return qs.prefetch_related("involvements__person", "threats")


def assessment_list(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[RiskAssessment]:
    qs = RiskAssessment.objects.filter(safety_policy.record_scope(user))
    return _person_filter(qs, filters or {}, "person").select_related("person", "assessor")


def check_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[WelfareCheck]:
    qs = WelfareCheck.objects.filter(safety_policy.record_scope(user))
    return _person_filter(qs, filters or {}, "person").select_related("person", "checked_by")


def measure_list(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[ProtectiveMeasure]:
    qs = ProtectiveMeasure.objects.filter(safety_policy.record_scope(user))
    return _person_filter(qs, filters or {}, "person").select_related("person", "recorded_by")


def death_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Death]:
    filters = filters or {}
    qs = Death.objects.filter(safety_policy.death_scope(user))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return _person_filter(qs, filters, "person").select_related("person", "recorded_by")


def _get(qs: QuerySet[Any], record_id: Any) -> Any:
    record = qs.filter(pk=_pk(record_id)).first()
    if record is None:
        raise Http404
    return record


def threat_get(*, user: Any, threat_id: Any) -> Threat:
    return _get(threat_list(user=user), threat_id)


def incident_get(*, user: Any, incident_id: Any) -> Incident:
    return _get(incident_list(user=user), incident_id)


def assessment_get(*, user: Any, assessment_id: Any) -> RiskAssessment:
    return _get(assessment_list(user=user), assessment_id)


def check_get(*, user: Any, check_id: Any) -> WelfareCheck:
    return _get(check_list(user=user), check_id)


def measure_get(*, user: Any, measure_id: Any) -> ProtectiveMeasure:
    return _get(measure_list(user=user), measure_id)


def death_get(*, user: Any, death_id: Any) -> Death:
    return _get(death_list(user=user), death_id)


def safety_read(
    *, user: Any, subject_type: str, records: Iterable[Model], classes: Iterable[str] = ()
) -> None:
    """Record that the user was shown these safety records."""
    shown = list(records)
    if not shown:
        return
    # the classes the records belong to that the reader holds (a health worker reads a
    # death as health data, a caseworker as safety data)
    read = (set(classes) or {DataClass.SAFETY}) & classes_for(user) & SENSITIVE_CLASSES
    audit_log(
        actor=user,
        action=AuditEntry.Action.READ,
        subject_type=subject_type,
        subject_id=str(shown[0].pk) if len(shown) == 1 else "",
        classes=read,
        changes={"records": change(REF, None, [str(r.pk) for r in shown])},
    )


def visible_targets(*, user: Any, threat: Threat) -> list[Any]:
    """The threat's targets the user may see (others are not named to them)."""
    scope = set(safety_policy.people_in_scope(user).values_list("pk", flat=True))
    return [link for link in threat.target_links.all() if link.person_id in scope]


def visible_involvements(*, user: Any, incident: Incident) -> list[Any]:
    scope = set(safety_policy.people_in_scope(user).values_list("pk", flat=True))
    return [i for i in incident.involvements.all() if i.person_id in scope]


@dataclass
class DueCheck:
    person: Person
    due: datetime
    overdue: bool


def checks_due(*, user: Any, now: datetime, days: int = 7) -> list[DueCheck]:
    """Welfare checks of people the user sees that fall due within ``days`` (or are
    overdue), soonest first."""
    if not safety_policy.can_read_safety(user):
        return []
    horizon = now + dt.timedelta(days=days)
    people = people_scheduled().filter(safety_policy.person_filter(user, "pk"))  # type: ignore[attr-defined]
    out = []
    for person in people:
        due = check_due(person, last_check=person.last_check)
        if due is not None and due <= horizon:
            out.append(DueCheck(person=person, due=due, overdue=due < now))
    return sorted(out, key=lambda d: d.due)


def person_safety(*, user: Any, person: Person, now: datetime) -> dict[str, Any]:
    """What a person's safety section, and their death record, show beside it: threats
    against them, their incidents, their last welfare checks (and whether the next is
    overdue), measures, assessments; each only where the user's classes allow."""
    out: dict[str, Any] = dict.fromkeys(
        ("threats", "checks", "measures", "assessments", "incidents", "death")
    )
    out.update(person=person, check_due=None, check_overdue=False)
    if safety_policy.can_read_safety(user):
        last_checks = list(check_list(user=user, filters={"person": person.pk})[:5])
        due = check_due(person)
        out.update(
            threats=list(threat_list(user=user, filters={"person": person.pk})),
            checks=last_checks,
            check_due=due,
            check_overdue=bool(due and due < now),
            measures=list(measure_list(user=user, filters={"person": person.pk})),
            assessments=list(assessment_list(user=user, filters={"person": person.pk})[:5]),
        )
    if safety_policy.can_read_incidents(user):
        out["incidents"] = list(incident_list(user=user, filters={"person": person.pk}))
    if safety_policy.can_read_deaths(user):
        out["death"] = Death.objects.filter(person=person).first()
    return out
