"""Writes to the alerts list: raise (idempotent by key), acknowledge, resolve, assign.

Every write is audited in its own transaction. The audit entry keeps the alert's id and
its person's id; what the alert is about (its kind, severity, the note) belongs to the
alert's data class, so the log keeps only the names of those fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.policy import alerts as alert_policy
from haven.accounts.roles import DataClass
from haven.alerts.models import Alert
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change

A = AuditEntry.Action


@dataclass(frozen=True)
class AlertSpec:
    """What a rule asks to raise; ``alert_raise`` takes the same fields."""

    kind: str
    severity: str
    key: str
    agency: Any
    person: Any = None
    owner: Any = None
    source: Any = None  # a model instance, or a (type, id) pair
    data_class: str = DataClass.SAFETY
    facts: Mapping[str, Any] = field(default_factory=dict)


def _source(source: Any) -> tuple[str, str]:
    if source is None:
        return "", ""
    if isinstance(source, tuple):
        return str(source[0]), str(source[1])
    return source._meta.model_name, str(source.pk)


@transaction.atomic
def alert_raise(
    *,
    kind: str,
    severity: str,
    key: str,
    agency: Any,
    person: Any = None,
    owner: Any = None,
    source: Any = None,
    data_class: str = DataClass.SAFETY,
    facts: Mapping[str, Any] | None = None,
    now: datetime,
) -> Alert:
    """Raise an alert once: a second call with the same key returns the first alert
    unchanged, whatever its state (so a resolved alert is not raised again)."""
    existing = Alert.objects.filter(key=key).first()
    if existing is not None:
        return existing
    source_type, source_id = _source(source)
    alert = Alert(
        kind=kind,
        severity=severity,
        key=key,
        agency=agency,
        person=person,
        owner=owner,
        source_type=source_type,
        source_id=source_id,
        data_class=data_class,
        facts=dict(facts or {}),
        raised_at=now,
    )
    alert.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            alert.save(force_insert=True)
    except IntegrityError:  # raised meanwhile by another process
        return Alert.objects.get(key=key)
    alert.raised_now = True
    audit_log(
        actor=None,
        action=A.CREATE,
        subject_type="alert",
        subject_id=alert.pk,
        classes={data_class},
        changes={
            "kind": change(data_class, None, kind),
            "severity": change(data_class, None, severity),
            "person": change(REF, None, str(person.pk) if person is not None else None),
            "owner": change(REF, None, owner.get_username() if owner is not None else None),
            "source": change(REF, None, f"{source_type}:{source_id}" if source_type else None),
        },
        note="raised by a rule",
    )
    return alert


def _locked(actor: Any, alert: Alert) -> Alert:
    if not alert_policy.alert_visible_to(actor, alert):
        raise PermissionDenied(_("You may not act on this alert."))
    return Alert.objects.select_for_update().get(pk=alert.pk)


@transaction.atomic
def alert_acknowledge(*, actor: Any, alert: Alert, now: datetime | None = None) -> Alert:
    """Say the alert has been seen; it stays on the list until it is resolved."""
    alert = _locked(actor, alert)
    if alert.resolved_at:
        raise ValidationError({"alert": [_("This alert is already resolved.")]})
    if alert.acknowledged_at:
        raise ValidationError({"alert": [_("This alert is already acknowledged.")]})
    alert.acknowledged_at, alert.acknowledged_by = now or timezone.now(), actor
    alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="alert",
        subject_id=alert.pk,
        changes={
            "acknowledged_at": change(REF, None, alert.acknowledged_at),
            "person": change(REF, None, str(alert.person_id or "")),
        },
    )
    return alert


@transaction.atomic
def alert_resolve(*, actor: Any, alert: Alert, note: str, now: datetime | None = None) -> Alert:
    """Close the alert with a note saying what was done; only this takes it off the list."""
    alert = _locked(actor, alert)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what was done about this alert.")]})
    if len(note) > 5000:
        raise ValidationError({"note": [_("Keep the note under 5000 characters.")]})
    if alert.resolved_at:
        raise ValidationError({"alert": [_("This alert is already resolved.")]})
    at = now or timezone.now()
    if not alert.acknowledged_at:  # resolving it says it was seen, too
        alert.acknowledged_at, alert.acknowledged_by = at, actor
    alert.resolved_at, alert.resolved_by, alert.resolution_note = at, actor, note
    alert.save(
        update_fields=[
            "acknowledged_at",
            "acknowledged_by",
            "resolved_at",
            "resolved_by",
            "resolution_note",
        ]
    )
    audit_log(
        actor=actor,
        action=A.CLOSE,
        subject_type="alert",
        subject_id=alert.pk,
        changes={
            "resolved_at": change(REF, None, at),
            "resolution_note": change(alert.data_class, None, note, secret=True),
            "person": change(REF, None, str(alert.person_id or "")),
        },
    )
    return alert


@transaction.atomic
def alert_assign(*, actor: Any, alert: Alert, owner: Any) -> Alert:
    """Give the alert an owner: the actor themselves, or (a supervisor) a colleague."""
    if not alert_policy.alert_visible_to(actor, alert):
        raise PermissionDenied(_("You may not act on this alert."))
    if owner is not None and owner.pk != actor.pk and not alert_policy.can_hand_over(actor):
        raise PermissionDenied(_("Only a supervisor may give an alert to someone else."))
    if owner is None or not alert_policy.can_assign_alert(actor, alert, owner):
        raise ValidationError(
            {"owner": [_("Choose someone of your agency who can see this alert.")]}
        )
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.resolved_at:
        raise ValidationError({"alert": [_("This alert is already resolved.")]})
    if alert.owner_id == owner.pk:
        return alert
    before = alert.owner.get_username() if alert.owner else None
    alert.owner = owner
    alert.save(update_fields=["owner"])
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="alert",
        subject_id=alert.pk,
        changes={"owner": change(REF, before, owner.get_username())},
    )
    return alert
