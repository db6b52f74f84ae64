"""Threat reports: recorded, graded, escalated to the police, closed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import safety as safety_policy
from haven.alerts.services import alert_raise
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.models import GroupStatus, Person, RiskLevel
from haven.safety import kinds
from haven.safety.models import RiskLevelChange, Threat, ThreatTarget
from haven.safety.services.common import (
    alert_owner,
    changes_of,
    people_in_scope,
    ref,
    require_record,
    set_fields,
    share_with_police,
    snapshot,
)
from haven.safety.services.levels import risk_level_raise

A = AuditEntry.Action
THREAT_FIELDS = (
    "reported_on",
    "reported_by",
    "reported_how",
    "reliability",
    "credibility",
    "kind",
    "target_group",
    "place",
    "imminence",
    "narrative",
)


def group_members(*, actor: Any, group_status: str = "", site: str = "") -> list[Person]:
    """The open records a described group covers, among the people the actor sees: by
    group status and, when given, a place their site, address or origin names (those
    are encrypted, so the match is made here, not in the database)."""
    if not group_status and not site.strip():
        raise ValidationError(
            {"group": [_("Describe the group by its status in the group, a place, or both.")]}
        )
    if group_status and group_status not in GroupStatus.values:
        raise ValidationError({"group": [_("Unknown group status.")]})
    qs = safety_policy.people_in_scope(actor).filter(status=Person.Status.OPEN)
    if group_status:
        qs = qs.filter(group_status=group_status)
    needle = site.strip().casefold()
    out = []
    for person in qs.order_by("id"):
        if person.merged_into_id or hasattr_death(person):
            continue
        haystack = " ".join((person.current_site, person.address, person.place_of_origin))
        if not needle or needle in haystack.casefold():
            out.append(person)
    return out


def hasattr_death(person: Person) -> bool:
    from haven.safety.models import Death

    return Death.objects.filter(person=person).exists()


def _raise_for_imminent(
    actor: Any, threat: Threat, people: Iterable[Person], now: datetime
) -> None:
    for person in people:
        share_with_police(actor=actor, person=person)
        risk_level_raise(
            actor=actor,
            person=person,
            level=RiskLevel.CRITICAL,
            cause=RiskLevelChange.Cause.IMMINENT_THREAT,
            source=threat,
            now=now,
        )
        alert_raise(
            kind=kinds.THREAT_IMMINENT,
            severity="critical",
            key=f"{kinds.THREAT_IMMINENT}:{threat.pk}:{person.pk}",
            agency=person.agency,
            person=person,
            owner=alert_owner(person),
            source=threat,
            facts={"grade": threat.grade, "kind": threat.kind},
            now=now,
        )


@transaction.atomic
def threat_create(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    targets: Iterable[Any] = (),
    group: Mapping[str, Any] | None = None,
    now: datetime,
) -> Threat:
    """Record a threat against people on the register, or a described group resolved to
    the people it covers. An imminent threat raises every target's level at once."""
    if not safety_policy.can_read_safety(actor) or actor.agency_id is None:
        raise PermissionDenied(_("You may not record threats."))
    named = people_in_scope(actor, targets, "targets")
    covered: list[Person] = []
    if group:
        covered = group_members(
            actor=actor,
            group_status=str(group.get("group_status") or ""),
            site=str(group.get("site") or ""),
        )
        if not covered:
            raise ValidationError({"group": [_("The group covers no one you can see.")]})
    if not named and not covered:
        raise ValidationError({"targets": [_("Name at least one person, or a group.")]})
    for person in named + covered:
        require_record(actor, person)
    threat = Threat(agency=actor.agency, recorded_by=actor, created_at=now)
    fields = dict(fields)
    fields.setdefault("reported_on", now.date())
    if group and not fields.get("target_group"):
        fields["target_group"] = str(group.get("description") or "")
    set_fields(threat, fields, THREAT_FIELDS)
    errors: dict[str, list[str]] = {}
    if threat.reported_on and threat.reported_on > now.date():
        errors["reported_on"] = [_("Date is in the future.")]
    try:
        threat.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    threat.save(force_insert=True)
    named_ids = {p.pk for p in named}
    everyone = named + [p for p in covered if p.pk not in named_ids]
    ThreatTarget.objects.bulk_create(
        [ThreatTarget(threat=threat, person=p, via_group=p.pk not in named_ids) for p in everyone]
    )
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="threat",
        subject_id=threat.pk,
        changes={
            **changes_of({}, snapshot(threat, THREAT_FIELDS)),
            "targets": ref(",".join(str(p.pk) for p in everyone)),
        },
    )
    if threat.imminence == Threat.Imminence.IMMINENT:
        _raise_for_imminent(actor, threat, everyone, now)
    return threat


def _locked(actor: Any, threat: Threat) -> Threat:
    threat = Threat.objects.select_for_update().get(pk=threat.pk)
    people = list(threat.targets.all())
    if not any(safety_policy.can_record(actor, p) for p in people):
        raise PermissionDenied(_("You may not change this threat report."))
    if threat.status == Threat.Status.CLOSED:
        raise ValidationError({"status": [_("This threat report is closed.")]})
    return threat


@transaction.atomic
def threat_escalate(
    *, actor: Any, threat: Threat, police_reference: str = "", now: datetime
) -> Threat:
    """Hand the threat to the police: every target the actor sees is shared with the
    police agency (danger to life), and the police reference kept when given."""
    threat = _locked(actor, threat)
    if threat.status == Threat.Status.ESCALATED and not police_reference.strip():
        raise ValidationError({"status": [_("This threat is already escalated.")]})
    before = snapshot(threat, ("status", "police_reference"))
    threat.status = Threat.Status.ESCALATED
    threat.escalated_at = threat.escalated_at or now
    threat.escalated_by = threat.escalated_by or actor
    if police_reference.strip():
        threat.police_reference = police_reference.strip()
    threat.full_clean()
    threat.save()
    for person in threat.targets.all():
        if safety_policy.can_escalate(actor, person):
            share_with_police(actor=actor, person=person)
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="threat",
        subject_id=threat.pk,
        changes={
            "status": ref(threat.status),
            "police_reference": ref(threat.police_reference or None),
        }
        if before != snapshot(threat, ("status", "police_reference"))
        else {"status": ref(threat.status)},
    )
    return threat


@transaction.atomic
def threat_update(
    *, actor: Any, threat: Threat, fields: Mapping[str, Any], now: datetime
) -> Threat:
    """Correct or regrade an open threat report (its targets stay as recorded). The log
    names the fields that changed, never their values; a threat that becomes imminent
    raises every target's level at once, as a new imminent threat does."""
    threat = _locked(actor, threat)
    before = snapshot(threat, THREAT_FIELDS)
    set_fields(threat, fields, THREAT_FIELDS)
    errors: dict[str, list[str]] = {}
    if threat.reported_on and threat.reported_on > now.date():
        errors["reported_on"] = [_("Date is in the future.")]
    try:
        threat.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    changes = changes_of(before, snapshot(threat, THREAT_FIELDS))
    if not changes:
        return threat
    threat.save()
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="threat",
        subject_id=threat.pk,
        changes=changes,
    )
    became_imminent = (
        before["imminence"] != Threat.Imminence.IMMINENT
        and threat.imminence == Threat.Imminence.IMMINENT
    )
    if became_imminent:
        _raise_for_imminent(actor, threat, list(threat.targets.all()), now)
    return threat


@transaction.atomic
def threat_close(*, actor: Any, threat: Threat, now: datetime) -> Threat:
    threat = _locked(actor, threat)
    threat.status, threat.closed_at = Threat.Status.CLOSED, now
    threat.save(update_fields=["status", "closed_at"])
    audit_log(
        actor=actor,
        action=A.CLOSE,
        subject_type="threat",
        subject_id=threat.pk,
        changes={"status": ref(threat.status)},
    )
    return threat


def threats_mark_assessed(*, person: Person) -> None:
    """An assessment has weighed the open threats against the person."""
    Threat.objects.filter(targets=person, status=Threat.Status.OPEN).update(
        status=Threat.Status.ASSESSED
    )
