"""Shares that wait for a supervisor: a caseworker's share of a person with another
agency grants no sight until a supervisor of the owning agency approves it (issue 11).
The safety module's danger-to-life share to the police stays immediate
(``services.person_share_danger_to_life``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Agency
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.people.models import Person, PersonShare, ShareRequest
from haven.people.services import IDENTITY, _share_check, _share_create

A = AuditEntry.Action


@transaction.atomic
def person_share_request(
    *, actor: Any, person: Person, agency: Agency, reason: str, now: Any = None
) -> PersonShare | ShareRequest:
    """Share a person with another agency as the pages and the API do: a supervisor's
    share takes effect at once; a caseworker's waits, granting no sight, until a
    supervisor of the owning agency approves it. Both audited."""
    _share_check(actor, person, agency, reason)
    if not policy.share_needs_approval(actor):
        return _share_create(actor, person, agency, reason.strip())
    request = ShareRequest(
        person=person,
        agency=agency,
        reason=reason.strip(),
        requested_by=actor,
        requested_at=now or timezone.now(),
    )
    request.full_clean()
    request.save()
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="share_request",
        subject_id=person.pk,
        changes={
            "agency": change(REF, None, str(agency.pk)),
            "reason": change(IDENTITY, None, request.reason),
        },
        note="share asked for, waiting for a supervisor",
    )
    return request


def _share_decide(actor: Any, share_request: ShareRequest, now: Any) -> None:
    if not policy.can_decide_share_request(actor, share_request):
        raise PermissionDenied(
            _("A supervisor of the owning agency, not the one who asked, decides this share.")
        )
    if share_request.state != ShareRequest.State.PENDING:
        raise ValidationError({"state": [_("This share has already been decided.")]})
    share_request.decided_by = actor
    share_request.decided_at = now or timezone.now()


@transaction.atomic
def share_request_approve(
    *, actor: Any, share_request: ShareRequest, now: Any = None
) -> PersonShare:
    """A supervisor approves a pending share: the agency sees the person from now on."""
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    _share_decide(actor, share_request, now)
    person, agency = share_request.person, share_request.agency
    if person.shares.filter(agency=agency, revoked_at__isnull=True).exists():
        raise ValidationError({"agency": [_("Already shared with that agency.")]})
    share = _share_create(share_request.requested_by, person, agency, share_request.reason)
    share_request.state = ShareRequest.State.APPROVED
    share_request.share = share
    share_request.save(update_fields=["state", "decided_by", "decided_at", "share"])
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="share_request",
        subject_id=person.pk,
        changes={"state": change(REF, "pending", "approved")},
        note="share approved by a supervisor",
    )
    return share


@transaction.atomic
def share_request_refuse(
    *, actor: Any, share_request: ShareRequest, now: Any = None
) -> ShareRequest:
    share_request = ShareRequest.objects.select_for_update().get(pk=share_request.pk)
    _share_decide(actor, share_request, now)
    share_request.state = ShareRequest.State.REFUSED
    share_request.save(update_fields=["state", "decided_by", "decided_at"])
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="share_request",
        subject_id=share_request.person_id,
        changes={"state": change(REF, "pending", "refused")},
        note="share refused by a supervisor",
    )
    return share_request
