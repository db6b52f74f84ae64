"""Recording an interview: one audited, atomic service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.policy.interviews import can_record_interview
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff
from haven.interviews.fieldclasses import INTERVIEW_FIELDS, SECRET_FIELDS, field_classes
from haven.interviews.models import Context, Interview


def _snapshot(interview: Interview) -> dict[str, Any]:
    return {f: getattr(interview, f) for f in INTERVIEW_FIELDS}


@transaction.atomic
def interview_record(
    *,
    actor: Any,
    person: Any,
    fields: Mapping[str, Any],
    context: str,
    now: dt.datetime | None = None,
) -> Interview:
    """Record an interview the actor held with a person in their scope.

    ``held_on`` is required and never after ``now``; the audit entry names the fields,
    never the narrative (location, who was present, concerns, follow-ups)."""
    if context not in Context.values:
        raise ValidationError({"context": [_("Unknown context.")]})
    if not can_record_interview(actor, person, context):
        raise PermissionDenied(_("You may not record an interview with this person."))
    unknown = sorted(set(fields) - set(INTERVIEW_FIELDS))
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})
    today = timezone.localdate(now or timezone.now())
    interview = Interview(person=person, agency=actor.agency, conducted_by=actor, context=context)
    for name, value in fields.items():
        setattr(interview, name, value.strip() if isinstance(value, str) else value)
    if interview.asked_for is None:
        interview.asked_for = []
    errors: dict[str, list[str]] = {}
    held_on = interview.held_on
    if not held_on:
        errors["held_on"] = [_("Give the date of the interview.")]
    elif not isinstance(held_on, dt.date):
        errors["held_on"] = [_("Enter a valid date.")]
    elif held_on > today:
        errors["held_on"] = [_("An interview cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)
    interview.full_clean()
    interview.save(force_insert=True)
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        subject_type="interview",
        subject_id=interview.pk,
        changes={
            **diff({}, _snapshot(interview), classes=field_classes(context), secret=SECRET_FIELDS),
            "person": change(REF, None, str(person.pk)),
            "context": change(REF, None, context),
        },
    )
    return interview
