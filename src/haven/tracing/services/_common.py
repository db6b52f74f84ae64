"""What every tracing service shares: the timeline event and its audit entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from haven.accounts.policy import tracing as policy
from haven.accounts.roles import DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.tracing.models import Enquiry, Event

A = AuditEntry.Action
TRACING = DataClass.TRACING
SUBJECT = "tracing_enquiry"


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def require_work(actor: Any, enquiry: Enquiry | None = None) -> None:
    """A worker, and (for an enquiry) one who sees it; the selectors already 404 others."""
    if not policy.can_work(actor):
        raise PermissionDenied(_("Your role may not work tracing enquiries."))
    if (
        enquiry is not None
        and not Enquiry.objects.filter(policy.enquiry_scope(actor), pk=enquiry.pk).exists()
    ):
        raise PermissionDenied(_("You may not work this enquiry."))


def traced(**fields: Any) -> dict[str, Any]:
    """Audit changes of tracing fields: their names only."""
    return {name: change(TRACING) for name in fields}


def refs(**values: Any) -> dict[str, Any]:
    """Audit changes of ids and codes (kept)."""
    return {name: change(REF, None, None if v is None else str(v)) for name, v in values.items()}


def event(
    *,
    enquiry: Enquiry,
    actor: Any,
    action: str,
    now: dt.datetime,
    state: str | None = None,
    changes: Mapping[str, Any] | None = None,
    audit_action: str = A.CHANGE,
) -> None:
    """One step on the enquiry's timeline: the new state (if any), the time of the last
    action (the follow-up list reads it), and the audit entry, in the caller's
    transaction."""
    before = enquiry.state
    if state is not None:
        enquiry.state = state
    enquiry.last_action_at = now
    enquiry.full_clean()
    enquiry.save()
    Event.objects.create(enquiry=enquiry, at=now, actor=actor, action=action, state=enquiry.state)
    all_changes = dict(changes or {})
    if enquiry.state != before:
        all_changes["state"] = change(TRACING)
    audit_log(
        actor=actor,
        action=audit_action,
        subject_type=SUBJECT,
        subject_id=enquiry.pk,
        classes={TRACING},
        changes={"step": change(REF, None, action), **all_changes},
        at=now,
    )


def contact_key(kind: str, value: str) -> str:
    """A keyed digest of a normalised phone, e-mail or address, to find enquiries that
    share an enquirer without decrypting them all."""
    if kind == "phone":
        norm = "".join(ch for ch in value if ch.isdigit())[-9:]
    else:
        norm = " ".join(value.casefold().split())
    if not norm:
        return ""
    return kind + ":" + salted_hmac("haven.tracing.contact", norm).hexdigest()[:32]
