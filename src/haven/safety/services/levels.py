"""The person's risk level: this module is its only writer.

An assessment sets it (up or down); a new imminent threat or an incident against the
person raises it at once, never lowers it, and asks for a reassessment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from haven.alerts.services import alert_raise
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log, change
from haven.people.models import Person, RiskLevel
from haven.safety import kinds
from haven.safety.models import RiskLevelChange
from haven.safety.services.common import SAFETY, alert_owner, ref, share_with_police

RANK = {
    RiskLevel.UNASSESSED: 0,
    RiskLevel.LOW: 1,
    RiskLevel.MEDIUM: 2,
    RiskLevel.HIGH: 3,
    RiskLevel.CRITICAL: 4,
}


def rank(level: str) -> int:
    return RANK.get(level, 0)  # type: ignore[call-overload]


def _write(
    *, actor: Any, person: Person, level: str, cause: str, source: Any, now: datetime
) -> Person:
    person = Person.objects.select_for_update().get(pk=person.pk)
    old = person.risk_level
    if old == level:
        return person
    person.risk_level = level
    # the register's own services refuse this field: only here is it written
    person.save(update_fields=["risk_level", "updated_at"])
    RiskLevelChange.objects.create(
        person=person,
        old_level=old,
        new_level=level,
        cause=cause,
        source_id=str(getattr(source, "pk", "") or ""),
        changed_by=actor,
        at=now,
    )
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="person",
        subject_id=person.pk,
        changes={"risk_level": change(SAFETY), "cause": ref(cause)},
    )
    if level == RiskLevel.CRITICAL:
        share_with_police(actor=actor, person=person)
    # a raise asks for reassessment (its own alert); an assessment that finds the person
    # at critical risk is an alert of its own, for the police liaison too
    if level == RiskLevel.CRITICAL and cause == RiskLevelChange.Cause.ASSESSMENT:
        alert_raise(
            kind=kinds.RISK_CRITICAL,
            severity="critical",
            key=f"{kinds.RISK_CRITICAL}:{person.pk}:{now.isoformat()}",
            agency=person.agency,
            person=person,
            owner=alert_owner(person),
            source=person,
            facts={"level": level},
            now=now,
        )
    return person


def risk_level_set(*, actor: Any, person: Person, level: str, source: Any, now: datetime) -> Person:
    """An assessment's level (it may lower the level)."""
    return _write(
        actor=actor,
        person=person,
        level=level,
        cause=RiskLevelChange.Cause.ASSESSMENT,
        source=source,
        now=now,
    )


def risk_level_raise(
    *, actor: Any, person: Person, level: str, cause: str, source: Any, now: datetime
) -> bool:
    """Raise the person's level to ``level`` when it is lower; never lowers it. A raise
    asks for a reassessment (an alert). True when the level rose."""
    if rank(level) <= rank(person.risk_level):
        return False
    person = _write(actor=actor, person=person, level=level, cause=cause, source=source, now=now)
    alert_raise(
        kind=kinds.REASSESSMENT_NEEDED,
        severity="critical" if level == RiskLevel.CRITICAL else "warning",
        key=f"{kinds.REASSESSMENT_NEEDED}:{person.pk}:{cause}:{getattr(source, 'pk', '')}",
        agency=person.agency,
        person=person,
        owner=alert_owner(person),
        source=source,
        facts={"level": level},
        now=now,
    )
    return True
