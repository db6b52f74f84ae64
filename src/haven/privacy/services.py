"""Retention, erasure and the subject-access export: each runs every module's hooks.

- ``retention_run`` anonymises every record past its kind's retention (one transaction
  per record; ``dry_run`` only counts and lists).
- ``erasure_request`` / ``erasure_approve``: a supervisor asks, a second supervisor of
  the same agency approves, and the person's personal data leaves every table in one
  transaction; the audit entries keep ids and actions, not values, and the chain still
  verifies (see haven.audit.services: values are sealed).
- ``person_export``: what Haven holds on a person, without other people's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.policy import privacy as policy
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.people.models import Person
from haven.privacy.hooks import discover, retention_days, retention_kinds
from haven.privacy.models import REASON_MAX, ErasureRequest

A = AuditEntry.Action


@dataclass
class RetentionResult:
    kind: str
    label: str
    days: int
    found: int
    anonymised: int = 0
    ids: list[str] = field(default_factory=list)


def retention_run(
    *, now: dt.datetime | None = None, dry_run: bool = False, actor: Any = None
) -> list[RetentionResult]:
    """Anonymise what is past its retention (or, with ``dry_run``, list it)."""
    now = now or timezone.now()
    out = []
    for module, spec in retention_kinds():
        kind = spec["kind"]
        qs = module.expired(kind, now=now)
        ids = [str(pk) for pk in qs.values_list("pk", flat=True)]
        result = RetentionResult(kind, str(spec["label"]), retention_days(spec), len(ids), ids=ids)
        if not dry_run:
            for obj in qs.model._default_manager.filter(pk__in=ids).iterator(chunk_size=500):
                with transaction.atomic():
                    module.anonymise(kind, obj, actor=actor, now=now)
                result.anonymised += 1
        out.append(result)
    return out


@transaction.atomic
def erasure_request(
    *, actor: Any, person: Person, reason: str, now: dt.datetime | None = None
) -> ErasureRequest:
    if not policy.can_request_erasure(actor, person):
        raise PermissionDenied(_("Only a supervisor of the person's agency may ask for erasure."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why this person's data is to be erased.")]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("At most %(n)s characters.") % {"n": REASON_MAX}]})
    if ErasureRequest.objects.filter(person=person, approved_at__isnull=True).exists():
        raise ValidationError(
            {"person": [_("An erasure of this person is already awaiting approval.")]}
        )
    request = ErasureRequest(
        person=person,
        agency=person.agency,
        reason=reason,
        requested_by=actor,
        requested_at=now or timezone.now(),
    )
    request.full_clean()
    request.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="erasure_request",
        subject_id=request.pk,
        changes={
            "person": change(REF, None, str(person.pk)),
            "reason": change("identity", secret=True),
        },
        at=request.requested_at,
    )
    return request


@transaction.atomic
def erasure_approve(
    *, actor: Any, request: ErasureRequest, now: dt.datetime | None = None
) -> ErasureRequest:
    """Approve and carry out the erasure, everywhere, in one transaction."""
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.approved_at is not None:
        raise ValidationError({"request": [_("This erasure was carried out already.")]})
    if not policy.can_approve_erasure(actor, request):
        raise PermissionDenied(
            _("A second supervisor of the person's agency, not the one who asked, approves.")
        )
    now = now or timezone.now()
    person = Person.objects.select_for_update().get(pk=request.person_id)
    counts: dict[str, int] = {}
    for module in discover():
        for table, n in module.erase_person(person, actor=actor, now=now).items():
            counts[table] = counts.get(table, 0) + n
    ErasureRequest.objects.filter(pk=request.pk).update(
        approved_by=actor, approved_at=now, counts=counts, reason=""
    )
    audit_log(
        actor=actor,
        action=A.ERASE,
        subject_type="erasure_request",
        subject_id=request.pk,
        changes={
            "person": change(REF, None, str(person.pk)),
            "counts": change(REF, None, counts),
        },
        at=now,
    )
    request.refresh_from_db()
    return request


def person_export(*, actor: Any, person: Person, now: dt.datetime | None = None) -> dict[str, Any]:
    """Subject-access export: every module's ``export_person``, audited."""
    if not policy.can_export_person(actor, person):
        raise PermissionDenied(_("Only a supervisor of the person's agency may export this."))
    now = now or timezone.now()
    data: dict[str, Any] = {"exported_at": now.isoformat(), "person_id": str(person.pk)}
    for module in discover():
        data.update(module.export_person(person))
    with transaction.atomic():
        audit_log(
            actor=actor,
            action=A.EXPORT,
            subject_type="person",
            subject_id=person.pk,
            note="subject-access export",
            at=now,
        )
    return data
