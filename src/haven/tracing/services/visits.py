"""Family visits and their visas. A visit is arranged, and a visa applied for, only with
the visited person's current consent to a visit (the gate's reading of the consent
records); a withdrawal cancels the visit (``consent._cancel_visits``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.matching.normalise import clean_name
from haven.tracing import gate
from haven.tracing.models import Enquiry, Purpose, Visa, Visit, Visitor
from haven.tracing.services._common import A, event, now_or, refs, require_work, traced

VISIT_FIELDS = ("starts_on", "ends_on", "place", "neutral_place")
VISA_FIELDS = (
    "status",
    "authority_reference",
    "submitted_on",
    "decided_on",
    "valid_from",
    "valid_until",
)


def _require_consent(enquiry: Enquiry) -> None:
    if Purpose.ACCEPT_VISIT not in gate.enquiry_allows(enquiry):
        raise ValidationError(
            {"consent": [_("The person has not consented, in private, to a visit.")]}
        )


def _unknown(fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})


@transaction.atomic
def visitor_add(
    *, actor: Any, enquiry: Enquiry, fields: Mapping[str, Any], now: dt.datetime | None = None
) -> Visitor:
    """A family member named on the enquiry, who may visit."""
    require_work(actor, enquiry)
    _unknown(fields, ("name", "relationship", "nationality"))
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if isinstance(values.get("name"), str):
        values["name"] = clean_name(values["name"])
    visitor = Visitor(enquiry=enquiry, **values)
    visitor.full_clean()
    visitor.save(force_insert=True)
    event(
        enquiry=enquiry,
        actor=actor,
        action="visitor_added",
        now=now_or(now),
        changes={**refs(visitor=visitor.pk), **traced(name=1)},
    )
    return visitor


def _dates(visit: Visit) -> None:
    if visit.starts_on and visit.ends_on and visit.ends_on < visit.starts_on:
        raise ValidationError({"ends_on": [_("A visit cannot end before it starts.")]})


@transaction.atomic
def visit_request(
    *,
    actor: Any,
    enquiry: Enquiry,
    visitors: Iterable[Any],
    fields: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> Visit:
    """Request a visit by family members linked to the enquiry, at a neutral place by
    default (never the compound), with the person's current consent."""
    require_work(actor, enquiry)
    _unknown(fields, VISIT_FIELDS)
    visitors = list(visitors)
    errors: dict[str, list[str]] = {}
    if not visitors:
        errors["visitors"] = [_("Name at least one visitor.")]
    elif any(not isinstance(v, Visitor) or v.enquiry_id != enquiry.pk for v in visitors):
        errors["visitors"] = [_("Every visitor must be a family member named on this enquiry.")]
    if errors:
        raise ValidationError(errors)
    _require_consent(enquiry)
    now = now_or(now)
    visit = Visit(enquiry=enquiry, created_by=actor, created_at=now)
    for name, value in fields.items():
        setattr(visit, name, value.strip() if isinstance(value, str) else value)
    visit.full_clean()
    _dates(visit)
    visit.save(force_insert=True)
    visit.visitors.set(visitors)
    event(
        enquiry=enquiry,
        actor=actor,
        action="visit_requested",
        now=now,
        changes={**refs(visit=visit.pk), **traced(place=1, starts_on=1, ends_on=1)},
        audit_action=A.CREATE,
    )
    return visit


@transaction.atomic
def visit_update(
    *, actor: Any, visit: Visit, fields: Mapping[str, Any], now: dt.datetime | None = None
) -> Visit:
    """Arrange, hold or cancel a visit, change its dates or place, record its outcome."""
    enquiry = visit.enquiry
    require_work(actor, enquiry)
    _unknown(fields, (*VISIT_FIELDS, "status", "outcome"))
    if visit.status == Visit.Status.CANCELLED:
        raise ValidationError({"status": [_("This visit was cancelled.")]})
    status = fields.get("status", visit.status)
    if status != Visit.Status.CANCELLED:
        _require_consent(enquiry)
    for name, value in fields.items():
        setattr(visit, name, value.strip() if isinstance(value, str) else value)
    visit.full_clean()
    _dates(visit)
    visit.save()
    event(
        enquiry=enquiry,
        actor=actor,
        action=f"visit_{visit.status}",
        now=now_or(now),
        changes={**refs(visit=visit.pk), **traced(**dict.fromkeys(fields))},
    )
    return visit


def _visa_dates(visa: Visa) -> None:
    if visa.valid_from and visa.valid_until and visa.valid_until < visa.valid_from:
        raise ValidationError({"valid_until": [_("A visa cannot end before it starts.")]})


@transaction.atomic
def visa_record(
    *,
    actor: Any,
    visit: Visit,
    visitor: Any,
    fields: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> Visa:
    """A visa application for one visitor of the visit."""
    enquiry = visit.enquiry
    require_work(actor, enquiry)
    _unknown(fields, VISA_FIELDS)
    if not isinstance(visitor, Visitor) or not visit.visitors.filter(pk=visitor.pk).exists():
        raise ValidationError({"visitor": [_("The visitor must be one of this visit's.")]})
    if visit.status == Visit.Status.CANCELLED:
        raise ValidationError({"visit": [_("This visit was cancelled.")]})
    if Visa.objects.filter(visit=visit, visitor=visitor).exists():
        raise ValidationError({"visitor": [_("This visitor already has a visa application.")]})
    _require_consent(enquiry)
    visa = Visa(visit=visit, visitor=visitor)
    for name, value in fields.items():
        setattr(visa, name, value.strip() if isinstance(value, str) else value)
    visa.full_clean()
    _visa_dates(visa)
    visa.save(force_insert=True)
    event(
        enquiry=enquiry,
        actor=actor,
        action="visa_recorded",
        now=now_or(now),
        changes={**refs(visa=visa.pk, status=visa.status)},
        audit_action=A.CREATE,
    )
    return visa


@transaction.atomic
def visa_update(
    *, actor: Any, visa: Visa, fields: Mapping[str, Any], now: dt.datetime | None = None
) -> Visa:
    enquiry = visa.visit.enquiry
    require_work(actor, enquiry)
    _unknown(fields, VISA_FIELDS)
    _require_consent(enquiry)
    for name, value in fields.items():
        setattr(visa, name, value.strip() if isinstance(value, str) else value)
    visa.full_clean()
    _visa_dates(visa)
    visa.save()
    event(
        enquiry=enquiry,
        actor=actor,
        action="visa_updated",
        now=now_or(now),
        changes={**refs(visa=visa.pk, status=visa.status)},
    )
    return visa
