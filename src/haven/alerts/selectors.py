"""Reads of the alerts list, scoped by accounts.policy.alerts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from haven.accounts.policy import alerts as alert_policy
from haven.accounts.roles import SENSITIVE_CLASSES
from haven.alerts.models import Alert, Severity
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change

STATES = ("open", "acknowledged", "unresolved", "resolved", "all")


def alert_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Alert]:
    """The alerts the user may see; by default those not resolved, most severe first.

    Filters: ``state`` (open, acknowledged, unresolved, resolved, all), ``severity``,
    ``kind``, ``person`` (an id), ``mine`` (owned by the user)."""
    filters = filters or {}
    qs = Alert.objects.filter(alert_policy.alert_scope(user)).select_related(
        "person", "owner", "agency", "acknowledged_by", "resolved_by"
    )
    state = filters.get("state") or "unresolved"
    if state == "open":
        qs = qs.filter(resolved_at__isnull=True, acknowledged_at__isnull=True)
    elif state == "acknowledged":
        qs = qs.filter(resolved_at__isnull=True, acknowledged_at__isnull=False)
    elif state == "unresolved":
        qs = qs.filter(resolved_at__isnull=True)
    elif state == "resolved":
        qs = qs.filter(resolved_at__isnull=False)
    if filters.get("severity"):
        qs = qs.filter(severity=filters["severity"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("person"):
        qs = qs.filter(person_id=filters["person"])
    if filters.get("mine"):
        qs = qs.filter(owner_id=user.pk)
    # critical first, then the oldest: what has waited longest needs acting on first
    rank = Case(
        When(severity=Severity.CRITICAL, then=Value(0)),
        When(severity=Severity.WARNING, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(severity_rank=rank).order_by("severity_rank", "raised_at", "id")


def alert_get(*, user: Any, alert_id: Any) -> Alert:
    """One alert the user may see, or 404."""
    try:
        pk = uuid.UUID(str(alert_id))
    except ValueError as exc:
        raise Http404 from exc
    alert = alert_list(user=user, filters={"state": "all"}).filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert


def alerts_read(*, user: Any, alerts: Iterable[Alert]) -> None:
    """Record that the user was shown these alerts (their existence is sensitive)."""
    shown = list(alerts)
    classes = {a.data_class for a in shown} & SENSITIVE_CLASSES
    if not classes:
        return
    audit_log(
        actor=user,
        action=AuditEntry.Action.READ,
        subject_type="alert",
        subject_id=str(shown[0].pk) if len(shown) == 1 else "",
        classes=classes,
        changes={"alerts": change(REF, None, [str(a.pk) for a in shown])},
    )
