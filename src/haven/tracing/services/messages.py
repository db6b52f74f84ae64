"""The family's message, delivered through the caseworker, and the person's reply,
reviewed before it is released (the gate shows it only with consent to reply)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.tracing.models import TEXT_MAX, Enquiry, MessageStatus, Reply
from haven.tracing.services._common import A, event, now_or, refs, require_work, traced

MARKS = (MessageStatus.DELIVERED, MessageStatus.DECLINED, MessageStatus.UNDELIVERABLE)


@transaction.atomic
def message_mark(
    *, actor: Any, enquiry: Enquiry, status: Any, note: str = "", now: dt.datetime | None = None
) -> Enquiry:
    """The caseworker delivered the family's message, or the person declined it, or it
    could not be delivered."""
    require_work(actor, enquiry)
    if status not in MARKS:
        raise ValidationError({"status": [_("Choose delivered, declined or undeliverable.")]})
    if enquiry.person_id is None:
        raise ValidationError({"status": [_("Locate the person sought first.")]})
    if not enquiry.message:
        raise ValidationError({"status": [_("The family left no message.")]})
    enquiry.message_status, enquiry.message_note = status, (note or "").strip()
    event(
        enquiry=enquiry,
        actor=actor,
        action=f"message_{status}",
        now=now_or(now),
        changes=traced(message_status=1, message_note=1),
    )
    return enquiry


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError({field: [_("This field is required.")]})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: [_("At most %(n)s characters.") % {"n": TEXT_MAX}]})
    return value.strip()


@transaction.atomic
def reply_write(
    *, actor: Any, enquiry: Enquiry, text: Any, now: dt.datetime | None = None
) -> Reply:
    """A reply written with the person; it waits for the caseworker's review."""
    require_work(actor, enquiry)
    text = _text(text, "text")
    if enquiry.person_id is None:
        raise ValidationError({"text": [_("Locate the person sought first.")]})
    now = now_or(now)
    reply = Reply(enquiry=enquiry, text=text, written_by=actor, written_at=now)
    reply.full_clean()
    reply.save(force_insert=True)
    event(
        enquiry=enquiry,
        actor=actor,
        action="reply_written",
        now=now,
        changes={**refs(reply=reply.pk), **traced(text=1)},
        audit_action=A.CREATE,
    )
    return reply


@transaction.atomic
def reply_review(
    *,
    actor: Any,
    reply: Reply,
    release: bool,
    text: Any = None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Reply:
    """Reviewed for anything that would reveal where the person is (the reviewer may
    correct the text with the person), then released to the desk or withheld. Released
    text still reaches the family only with current consent to reply (the gate)."""
    enquiry = reply.enquiry
    require_work(actor, enquiry)
    if reply.status != Reply.Status.DRAFT:
        raise ValidationError({"release": [_("This reply was already reviewed.")]})
    if not isinstance(release, bool):
        raise ValidationError({"release": [_("Say whether to release the reply.")]})
    if text is not None:
        reply.text = _text(text, "text")
    now = now_or(now)
    reply.status = Reply.Status.RELEASED if release else Reply.Status.WITHHELD
    reply.review_note, reply.reviewed_by, reply.reviewed_at = (note or "").strip(), actor, now
    reply.full_clean()
    reply.save()
    event(
        enquiry=enquiry,
        actor=actor,
        action=f"reply_{reply.status}",
        now=now,
        changes={**refs(reply=reply.pk), **traced(status=1, review_note=1)},
    )
    return reply
