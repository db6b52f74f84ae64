"""Follow-up actions: created from findings, interviews and departures, or by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import oversight as policy
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff
from haven.oversight.fieldclasses import ACTION_CLASSES, ACTION_SECRET
from haven.oversight.models import ActionStatus, FollowUpAction
from haven.oversight.services._common import refuse_unknown, today_of

A = AuditEntry.Action
CREATE_FIELDS = ("description", "due_on", "owner", "site", "visit", "person", "interview")
UPDATE_FIELDS = ("description", "due_on", "owner", "status", "outcome")
SOURCES = ("site", "visit", "finding", "person", "interview", "departure")


def _snapshot(action: FollowUpAction) -> dict[str, Any]:
    return {
        "description": action.description,
        "due_on": action.due_on,
        "status": action.status,
        "outcome": action.outcome,
        "completed_on": action.completed_on,
        "owner": action.owner.get_username() if action.owner_id else None,
    }


def _check_owner(action: FollowUpAction) -> None:
    owner = action.owner if action.owner_id else None
    if owner is None:
        raise ValidationError({"owner": [_("Give the action an owner.")]})
    if not policy.can_own_action(owner, action.agency):
        raise ValidationError(
            {"owner": [_("Choose someone of your agency whose role sees follow-up actions.")]}
        )


def _save_action(actor: Any, action: FollowUpAction) -> FollowUpAction:
    """Validate and insert an action, with its audit entry (the caller is atomic)."""
    _check_owner(action)
    action.full_clean()
    action.save(force_insert=True)
    sources = {
        name: change(REF, None, str(getattr(action, f"{name}_id")))
        for name in SOURCES
        if getattr(action, f"{name}_id")
    }
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="action",
        subject_id=action.pk,
        changes={
            **diff({}, _snapshot(action), classes=ACTION_CLASSES, secret=ACTION_SECRET),
            **sources,
        },
    )
    return action


@transaction.atomic
def action_create(
    *, actor: Any, fields: Mapping[str, Any], now: dt.datetime | None = None
) -> FollowUpAction:
    """An action by hand: ``description``, ``due_on``, ``owner`` (of the actor's agency)
    and what it is about (a site, a visit, a person or an interview, already fetched
    through the actor's scope)."""
    if not policy.can_write_oversight(actor):
        raise PermissionDenied(_("Your role may not record follow-up actions."))
    refuse_unknown(fields, CREATE_FIELDS)
    action = FollowUpAction(agency=actor.agency, created_by=actor)
    for name, value in fields.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    if action.interview_id and not action.person_id:
        action.person = action.interview.person
    if action.visit_id and not action.site_id:
        action.site = action.visit.site
    errors: dict[str, list[str]] = {}
    if not action.owner_id:
        errors["owner"] = [_("Give the action an owner.")]
    if not action.due_on:
        errors["due_on"] = [_("Give the date the action is due.")]
    if not (action.description or "").strip():
        errors["description"] = [_("Say what is to be done.")]
    if errors:
        raise ValidationError(errors)
    return _save_action(actor, action)


@transaction.atomic
def action_update(
    *,
    actor: Any,
    action: FollowUpAction,
    fields: Mapping[str, Any],
    now: dt.datetime | None = None,
) -> FollowUpAction:
    """Change an action's status, owner, due date or outcome. Done or cancelled needs an
    outcome; marking it done dates it."""
    if not policy.can_edit_action(actor, action):
        raise PermissionDenied(_("Only the action's owner or agency may change it."))
    refuse_unknown(fields, UPDATE_FIELDS)
    action = FollowUpAction.objects.select_for_update().select_related("owner").get(pk=action.pk)
    before = _snapshot(action)
    for name, value in fields.items():
        setattr(action, name, value.strip() if isinstance(value, str) else value)
    if "owner" in fields:
        _check_owner(action)
    if action.status in (ActionStatus.DONE, ActionStatus.CANCELLED):
        if not action.outcome.strip():
            raise ValidationError({"outcome": [_("Say what was done (or why it was cancelled).")]})
        if action.status == ActionStatus.DONE and not action.completed_on:
            action.completed_on = today_of(now)
    else:
        action.completed_on = None
    action.full_clean()
    changes = diff(before, _snapshot(action), classes=ACTION_CLASSES, secret=ACTION_SECRET)
    if not changes:
        return action
    action.save()
    audit_log(
        actor=actor, action=A.CHANGE, subject_type="action", subject_id=action.pk, changes=changes
    )
    return action
