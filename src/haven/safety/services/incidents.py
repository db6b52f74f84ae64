"""Incidents: what happened and to whom. An incident against a person raises their level."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import safety as safety_policy
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.models import RiskLevel
from haven.safety.models import Incident, IncidentPerson, RiskLevelChange, Threat
from haven.safety.services.common import (
    HEALTH,
    SAFETY,
    changes_of,
    people_in_scope,
    ref,
    require_record,
    set_fields,
    snapshot,
)
from haven.safety.services.levels import risk_level_raise

A = AuditEntry.Action
INCIDENT_FIELDS = (
    "kind",
    "occurred_on",
    "place",
    "narrative",
    "reported_to_police",
    "police_reference",
    "follow_up",
)
# An incident against a person puts them at high risk at least, until reassessed.
INCIDENT_LEVEL = RiskLevel.HIGH


def _classes(kind: str) -> set[str]:
    return {SAFETY, HEALTH} if kind in safety_policy.HEALTH_INCIDENT_KINDS else {SAFETY}


@transaction.atomic
def incident_create(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    people: Iterable[tuple[Any, str]],
    threats: Iterable[Any] = (),
    now: datetime,
) -> Incident:
    """Record an incident with the people involved and their part (victim, witness,
    alleged perpetrator); each victim's level rises to high at once if it was lower."""
    if not safety_policy.can_read_safety(actor) or actor.agency_id is None:
        raise PermissionDenied(_("You may not record incidents."))
    pairs = list(people)
    parts = [part for _p, part in pairs]
    bad = [p for p in parts if p not in IncidentPerson.Part.values]
    if bad:
        raise ValidationError({"people": [_("Unknown part: %(part)s.") % {"part": bad[0]}]})
    found = people_in_scope(actor, [p for p, _part in pairs], "people")
    if not found:
        raise ValidationError({"people": [_("Name at least one person involved.")]})
    if len(found) != len(pairs):
        raise ValidationError({"people": [_("Name each person once.")]})
    for person in found:
        require_record(actor, person)
    visible = Threat.objects.filter(safety_policy.threat_scope(actor)).distinct()
    linked = []
    for value in threats:
        threat = visible.filter(pk=str(value)).first() if _is_uuid(value) else None
        if threat is None:
            raise ValidationError(
                {"threats": [_("%(id)s is not a threat you can see.") % {"id": value}]}
            )
        linked.append(threat)
    incident = Incident(agency=actor.agency, recorded_by=actor, created_at=now)
    set_fields(incident, fields, INCIDENT_FIELDS)
    errors: dict[str, list[str]] = {}
    if incident.occurred_on and incident.occurred_on > now.date():
        errors["occurred_on"] = [_("Date is in the future.")]
    if incident.police_reference and not incident.reported_to_police:
        errors["police_reference"] = [_("Only an incident reported to the police has a reference.")]
    try:
        incident.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    incident.save(force_insert=True)
    IncidentPerson.objects.bulk_create(
        [
            IncidentPerson(incident=incident, person=person, part=part)
            for person, (_p, part) in zip(found, pairs, strict=True)
        ]
    )
    incident.threats.set(linked)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="incident",
        subject_id=incident.pk,
        classes=_classes(incident.kind),
        changes={
            **changes_of({}, snapshot(incident, INCIDENT_FIELDS)),
            "people": ref(",".join(str(p.pk) for p in found)),
            "threats": ref(",".join(str(t.pk) for t in linked) or None),
        },
    )
    for person, (_p, part) in zip(found, pairs, strict=True):
        if part == IncidentPerson.Part.VICTIM:
            risk_level_raise(
                actor=actor,
                person=person,
                level=INCIDENT_LEVEL,
                cause=RiskLevelChange.Cause.INCIDENT,
                source=incident,
                now=now,
            )
    return incident


def _is_uuid(value: Any) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic
def incident_update(
    *, actor: Any, incident: Incident, fields: Mapping[str, Any], now: datetime
) -> Incident:
    """Follow-up: the police report and what was done."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if not any(safety_policy.can_record(actor, p) for p in incident.people.all()):
        raise PermissionDenied(_("You may not change this incident."))
    allowed = ("reported_to_police", "police_reference", "follow_up", "place", "narrative")
    before = snapshot(incident, INCIDENT_FIELDS)
    set_fields(incident, fields, allowed)
    if incident.police_reference and not incident.reported_to_police:
        raise ValidationError(
            {"police_reference": [_("Only an incident reported to the police has a reference.")]}
        )
    incident.full_clean()
    changes = changes_of(before, snapshot(incident, INCIDENT_FIELDS))
    if changes:
        incident.save()
        audit_log(
            actor=actor,
            action=A.CHANGE,
            subject_type="incident",
            subject_id=incident.pk,
            classes=_classes(incident.kind),
            changes=changes,
        )
    return incident
