"""Death records. A death is closed only once explained: a post-mortem result (or a
documented reason one was impossible) and the investigation's outcome. A burial before
a post-mortem is a critical alert that reaches the police liaison."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import safety as safety_policy
from haven.alerts.services import alert_raise
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.models import Person
from haven.safety import kinds
from haven.safety.models import Death, PostMortem
from haven.safety.services.common import (
    HEALTH,
    SAFETY,
    alert_owner,
    changes_of,
    ref,
    require_record,
    set_fields,
    share_with_police,
    snapshot,
)

A = AuditEntry.Action
DEATH_FIELDS = (
    "died_on",
    "place",
    "reported_cause",
    "cause_reported_by",
    "post_mortem",
    "post_mortem_on",
    "post_mortem_by",
    "post_mortem_reason",
    "post_mortem_result",
    "investigating_authority",
    "investigation_reference",
    "investigation_outcome",
    "buried_on",
    "burial_place",
)
CLASSES = {SAFETY, HEALTH}


def _check(death: Death, now: datetime) -> None:
    errors: dict[str, list[str]] = {}
    try:
        death.full_clean(exclude=["person"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    today = now.date()

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    died = death.died_on
    for name in ("died_on", "buried_on", "post_mortem_on"):
        value = getattr(death, name)
        if value and not isinstance(value, str) and value > today:
            add(name, _("Date is in the future."))
    if died and death.buried_on and death.buried_on < died:
        add("buried_on", _("A burial cannot be before the death."))
    if died and death.post_mortem_on and death.post_mortem_on < died:
        add("post_mortem_on", _("A post-mortem cannot be before the death."))
    if death.post_mortem_on and death.post_mortem != PostMortem.PERFORMED:
        add("post_mortem_on", _("Only a performed post-mortem has a date."))
    if death.post_mortem_result and death.post_mortem != PostMortem.PERFORMED:
        add("post_mortem_result", _("Only a performed post-mortem has a result."))
    if errors:
        raise ValidationError(errors)


def _burial_alert(actor: Any, death: Death, now: datetime) -> None:
    if not death.buried_before_post_mortem:
        return
    person = death.person
    share_with_police(actor=actor, person=person)
    alert_raise(
        kind=kinds.BURIAL_BEFORE_POST_MORTEM,
        severity="critical",
        key=f"{kinds.BURIAL_BEFORE_POST_MORTEM}:{death.pk}",
        agency=person.agency,
        person=person,
        owner=alert_owner(person),
        source=death,
        facts={"buried": death.buried_on.isoformat() if death.buried_on else ""},
        now=now,
    )


@transaction.atomic
def death_record(*, actor: Any, person: Person, fields: Mapping[str, Any], now: datetime) -> Death:
    """Record the death: the person is marked deceased (nothing else of theirs goes)."""
    require_record(actor, person)
    if Death.objects.filter(person=person).exists():
        raise ValidationError({"person": [_("This person's death is already recorded.")]})
    death = Death(person=person, agency=person.agency, recorded_by=actor, created_at=now)
    set_fields(death, fields, DEATH_FIELDS)
    _check(death, now)
    death.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="death",
        subject_id=death.pk,
        classes=CLASSES,
        changes={**changes_of({}, snapshot(death, DEATH_FIELDS)), "person": ref(person.pk)},
    )
    _burial_alert(actor, death, now)
    return death


def _locked(actor: Any, death: Death) -> Death:
    death = Death.objects.select_for_update().select_related("person").get(pk=death.pk)
    if not safety_policy.can_record(actor, death.person):
        raise PermissionDenied(_("You may not change this death record."))
    if death.status == Death.Status.CLOSED:
        raise ValidationError({"status": [_("This death record is closed.")]})
    return death


@transaction.atomic
def death_update(*, actor: Any, death: Death, fields: Mapping[str, Any], now: datetime) -> Death:
    """Record what became known: the post-mortem, the investigation, the burial."""
    death = _locked(actor, death)
    before = snapshot(death, DEATH_FIELDS)
    set_fields(death, fields, DEATH_FIELDS)
    _check(death, now)
    changes = changes_of(before, snapshot(death, DEATH_FIELDS))
    if changes:
        death.save()
        audit_log(
            actor=actor,
            action=A.CHANGE,
            subject_type="death",
            subject_id=death.pk,
            classes=CLASSES,
            changes={**changes, "person": ref(death.person_id)},
        )
    _burial_alert(actor, death, now)
    return death


@transaction.atomic
def death_close(*, actor: Any, death: Death, now: datetime) -> Death:
    death = _locked(actor, death)
    errors: dict[str, list[str]] = {}
    if not death.post_mortem_settled:
        if death.post_mortem == PostMortem.PERFORMED:
            errors["post_mortem_result"] = [_("Record the post-mortem's result.")]
        elif death.post_mortem == PostMortem.IMPOSSIBLE:
            errors["post_mortem_reason"] = [_("Say why a post-mortem was impossible.")]
        else:
            errors["post_mortem"] = [
                _("Record a post-mortem result, or document why one was impossible.")
            ]
    if not death.investigation_outcome.strip():
        errors["investigation_outcome"] = [_("Record the investigation's outcome.")]
    if errors:
        raise ValidationError(errors)
    death.status, death.closed_at, death.closed_by = Death.Status.CLOSED, now, actor
    death.save(update_fields=["status", "closed_at", "closed_by"])
    audit_log(
        actor=actor,
        action=A.CLOSE,
        subject_type="death",
        subject_id=death.pk,
        classes=CLASSES,
        changes={"status": ref(death.status), "person": ref(death.person_id)},
    )
    return death
