"""Welfare checks and their schedule. A check is due every N days by the person's level
(settings.WELFARE_CHECK_DAYS); the rule in safety.rules raises the overdue alert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.alerts.services import alert_raise
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.models import Person, RiskLevel
from haven.safety import kinds
from haven.safety.models import RiskLevelChange, WelfareCheck
from haven.safety.services.common import (
    alert_owner,
    changes_of,
    ref,
    require_record,
    set_fields,
    snapshot,
)

A = AuditEntry.Action
CHECK_FIELDS = ("checked_at", "method", "reached", "seen_alone", "state", "concerns")
SCHEDULED_LEVELS = (RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.CRITICAL)


def check_interval(level: str) -> dt.timedelta | None:
    """How often a person at this level is checked on; None when not scheduled."""
    days = settings.WELFARE_CHECK_DAYS.get(level)
    return dt.timedelta(days=days) if days else None


def check_due(person: Person, *, last_check: datetime | None = None) -> datetime | None:
    """When the next check of this person falls due: the last check in which they were
    reached, or else when they reached their level, plus their level's interval."""
    interval = check_interval(person.risk_level)
    if interval is None or person.status != Person.Status.OPEN:
        return None
    if last_check is None:
        last = (
            WelfareCheck.objects.filter(person=person, reached=True)
            .order_by("-checked_at")
            .values_list("checked_at", flat=True)
            .first()
        )
        last_check = last
    if last_check is None:
        since = (
            RiskLevelChange.objects.filter(person=person)
            .order_by("-at")
            .values_list("at", flat=True)
            .first()
        )
        last_check = since or person.created_at
    return last_check + interval


@transaction.atomic
def welfare_check_record(
    *, actor: Any, person: Person, fields: Mapping[str, Any], now: datetime
) -> WelfareCheck:
    """Record a check. Not seen alone, or not reached, is an alert at once; only a check
    in which the person was reached resets their schedule."""
    require_record(actor, person)
    check = WelfareCheck(person=person, checked_by=actor, created_at=now)
    fields = dict(fields)
    fields.setdefault("checked_at", now)
    set_fields(check, fields, CHECK_FIELDS)
    errors: dict[str, list[str]] = {}
    if isinstance(check.checked_at, datetime) and check.checked_at > now:
        errors["checked_at"] = [_("A check cannot be in the future.")]
    if check.reached and check.method == WelfareCheck.Method.IN_PERSON and check.seen_alone is None:
        errors["seen_alone"] = [_("Say whether the person was seen alone.")]
    if not check.reached and check.seen_alone:
        errors["seen_alone"] = [_("A person who was not reached was not seen alone.")]
    try:
        check.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    check.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="welfare_check",
        subject_id=check.pk,
        changes={**changes_of({}, snapshot(check, CHECK_FIELDS)), "person": ref(person.pk)},
    )
    critical = person.risk_level == RiskLevel.CRITICAL
    facts = {"date": check.checked_at.date().isoformat()}
    if not check.reached:
        alert_raise(
            kind=kinds.CHECK_UNREACHED,
            severity="critical" if critical else "warning",
            key=f"{kinds.CHECK_UNREACHED}:{check.pk}",
            agency=person.agency,
            person=person,
            owner=alert_owner(person),
            source=check,
            facts=facts,
            now=now,
        )
    elif check.seen_alone is False:
        alert_raise(
            kind=kinds.CHECK_NOT_ALONE,
            severity="critical" if critical else "warning",
            key=f"{kinds.CHECK_NOT_ALONE}:{check.pk}",
            agency=person.agency,
            person=person,
            owner=alert_owner(person),
            source=check,
            facts=facts,
            now=now,
        )
    return check
