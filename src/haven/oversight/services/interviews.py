"""Oversight interviews: the shared interview record, in the oversight context."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from haven.accounts.policy import oversight as policy
from haven.interviews.models import Context, Interview
from haven.interviews.services import interview_record


def oversight_interview_record(
    *, actor: Any, person: Any, fields: Mapping[str, Any], now: dt.datetime | None = None
) -> Interview:
    """Record an interview held by the actor's agency (atomic and audited by
    ``interview_record``). Whether it counts as private is the interview's own rule."""
    if not policy.can_record_oversight_interview(actor):
        raise PermissionDenied(_("Your role may not record interviews."))
    return interview_record(
        actor=actor, person=person, fields=fields, context=Context.OVERSIGHT, now=now
    )
