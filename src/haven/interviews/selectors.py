"""Reads of interviews, scoped by accounts.policy.interviews; reading a tracing or
safety interview is audited."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.roles import SENSITIVE_CLASSES
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.interviews.fieldclasses import CONTEXT_CLASSES
from haven.interviews.models import Interview


def interview_queryset(*, user: Any) -> QuerySet[Interview]:
    from haven.accounts.policy.interviews import interview_scope

    return Interview.objects.filter(interview_scope(user)).select_related(
        "agency", "conducted_by", "person"
    )


def _audit_read(user: Any, interviews: list[Interview], subject_type: str, subject: Any) -> None:
    classes = {CONTEXT_CLASSES[i.context] for i in interviews} & SENSITIVE_CLASSES
    if classes:
        audit_log(
            actor=user,
            action=AuditEntry.Action.READ,
            subject_type=subject_type,
            subject_id=subject,
            classes=classes,
            changes={"interviews": change(REF, None, [str(i.pk) for i in interviews])},
        )


def interview_list(*, user: Any, person: Any) -> list[Interview]:
    """The person's interviews the user may see, newest first (the caller has fetched the
    person through its own scoped selector)."""
    found = list(interview_queryset(user=user).filter(person=person))
    _audit_read(user, found, "person", person.pk)
    return found


def interview_get(*, user: Any, interview_id: Any) -> Interview:
    """One interview the user may see, or 404 (never confirm that others exist)."""
    try:
        pk = uuid.UUID(str(interview_id))
    except ValueError as exc:
        raise Http404 from exc
    interview = interview_queryset(user=user).filter(pk=pk).first()
    if interview is None:
        raise Http404
    _audit_read(user, [interview], "interview", interview.pk)
    return interview
