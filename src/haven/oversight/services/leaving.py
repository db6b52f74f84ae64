"""A person leaving the group: the departure, the register's status, follow-ups, and an
alert asking for the risk to be reassessed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.policy import oversight as policy
from haven.accounts.roles import DataClass
from haven.alerts.models import Severity
from haven.alerts.services import alert_raise
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff
from haven.oversight.alerts import RISK_REASSESSMENT
from haven.oversight.fieldclasses import DEPARTURE_CLASSES, DEPARTURE_FIELDS, DEPARTURE_SECRET
from haven.oversight.models import Departure, FollowUpAction, Need
from haven.oversight.services._common import snapshot, today_of
from haven.oversight.services.actions import _save_action
from haven.oversight.services.sites import site_links_end
from haven.people.models import GroupStatus, Person

A = AuditEntry.Action

# How long the owner has to act on each need of someone who has just left.
NEED_DUE_DAYS = 7


def _owner(actor: Any, person: Person) -> Any:
    """The person's caseworker when they can own an action, else whoever recorded it."""
    cw = person.caseworker
    if cw is not None and policy.can_own_action(cw, cw.agency):
        return cw
    return actor


@transaction.atomic
def person_leave(
    *,
    actor: Any,
    person: Person,
    left_on: dt.date | None,
    went_to: str = "",
    needs: Sequence[str] = (),
    notes: str = "",
    now: dt.datetime | None = None,
) -> Departure:
    """Record that a person left the group on ``left_on``: their group status becomes
    ``former_member`` (the register's history keeps what it was), their open links to
    sites end that day, each need becomes a follow-up action, and an alert asks for their
    risk to be reassessed. Nothing is written if anything is wrong."""
    if not policy.can_record_leaving(actor, person):
        raise PermissionDenied(_("You may not record that this person left the group."))
    now = now or timezone.now()
    today = today_of(now)
    errors: dict[str, list[str]] = {}
    if person.status == Person.Status.CLOSED:
        errors["status"] = [_("Reopen the record before changing it.")]
    if not left_on:
        errors["left_on"] = [_("Give the date the person left.")]
    elif left_on > today:
        errors["left_on"] = [_("Date is in the future.")]
    if went_to.strip() and not policy.sees_whereabouts(actor):
        errors["went_to"] = [_("Your role may not record whereabouts data.")]
    if (
        person.group_status == GroupStatus.FORMER_MEMBER
        and Departure.objects.filter(person=person).exists()
    ):
        errors["left_on"] = [_("This person's departure from the group is already recorded.")]
    departure = Departure(
        person=person,
        left_on=left_on,
        went_to=went_to.strip(),
        needs=list(needs) if isinstance(needs, list | tuple) else needs,
        notes=notes.strip(),
        status_before=person.group_status,
        agency=actor.agency,
        recorded_by=actor,
    )
    try:
        departure.full_clean(exclude=["left_on"] if "left_on" in errors else None)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    departure.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="departure",
        subject_id=departure.pk,
        changes={
            **diff(
                {},
                snapshot(departure, DEPARTURE_FIELDS),
                classes=DEPARTURE_CLASSES,
                secret=DEPARTURE_SECRET,
            ),
            "person": change(REF, None, str(person.pk)),
            "status_before": change(REF, None, departure.status_before),
        },
    )
    from haven.people.services import person_update

    try:
        person_update(
            actor=actor,
            person=person,
            fields={"group_status": GroupStatus.FORMER_MEMBER, "left_group_on": left_on},
        )
    except ValidationError as exc:  # the register's own rules (left before birth, ...)
        raise ValidationError(
            {
                ("left_on" if name == "left_group_on" else name): messages
                for name, messages in exc.message_dict.items()
            }
        ) from exc
    assert left_on is not None
    site_links_end(actor=actor, person=person, on=left_on)
    owner = _owner(actor, person)
    due = max(left_on, today) + dt.timedelta(days=NEED_DUE_DAYS)
    for need in departure.needs:
        _save_action(
            actor,
            FollowUpAction(
                agency=owner.agency,
                owner=owner,
                created_by=actor,
                description=_("After leaving the group, the person needs: %(need)s.")
                % {"need": Need(need).label},
                due_on=due,
                person=person,
                departure=departure,
            ),
        )
    alert_raise(
        kind=RISK_REASSESSMENT,
        severity=Severity.WARNING,
        key=f"{RISK_REASSESSMENT}:{person.pk}:{departure.pk}",
        agency=person.agency,
        person=person,
        owner=person.caseworker,
        source=departure,
        data_class=DataClass.SAFETY,
        facts={"left_on": left_on.isoformat()},
        now=now,
    )
    return departure
