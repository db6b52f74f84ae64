"""Protective measures: recorded, reviewed, ended."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import safety as safety_policy
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.models import Person
from haven.safety.models import ProtectiveMeasure
from haven.safety.services.common import changes_of, ref, require_record, set_fields, snapshot

A = AuditEntry.Action
MEASURE_FIELDS = ("kind", "starts_on", "ends_on", "responsible", "review_on", "details")


def _check(measure: ProtectiveMeasure) -> None:
    errors: dict[str, list[str]] = {}
    try:
        measure.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    start = measure.starts_on
    if start and measure.ends_on and measure.ends_on < start:
        errors.setdefault("ends_on", []).append(_("A measure cannot end before it starts."))
    if start and measure.review_on and measure.review_on < start:
        errors.setdefault("review_on", []).append(_("Review it after it starts."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def measure_create(
    *, actor: Any, person: Person, fields: Mapping[str, Any], now: datetime
) -> ProtectiveMeasure:
    require_record(actor, person)
    measure = ProtectiveMeasure(person=person, recorded_by=actor, created_at=now)
    fields = dict(fields)
    fields.setdefault("starts_on", now.date())
    set_fields(measure, fields, MEASURE_FIELDS)
    _check(measure)
    measure.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="protective_measure",
        subject_id=measure.pk,
        changes={**changes_of({}, snapshot(measure, MEASURE_FIELDS)), "person": ref(person.pk)},
    )
    return measure


@transaction.atomic
def measure_update(
    *, actor: Any, measure: ProtectiveMeasure, fields: Mapping[str, Any], now: datetime
) -> ProtectiveMeasure:
    """Change the end, the review date, who is responsible or the details."""
    measure = ProtectiveMeasure.objects.select_for_update().get(pk=measure.pk)
    if not safety_policy.can_record(actor, measure.person):
        raise PermissionDenied(_("You may not change this measure."))
    before = snapshot(measure, MEASURE_FIELDS)
    set_fields(measure, fields, ("ends_on", "responsible", "review_on", "details"))
    _check(measure)
    changes = changes_of(before, snapshot(measure, MEASURE_FIELDS))
    if changes:
        measure.save()
        audit_log(
            actor=actor,
            action=A.CHANGE,
            subject_type="protective_measure",
            subject_id=measure.pk,
            changes={**changes, "person": ref(measure.person_id)},
        )
    return measure
