"""Writes of the referrals module: one audited, atomic function per action.

Consent is recorded per class, by the user who heard the person give it; it is
withdrawn, never deleted. Status moves only along ``models.TRANSITIONS``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.policy import can
from haven.accounts.policy import referrals as policy
from haven.accounts.roles import Capability, DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.referrals.models import (
    NEEDS_OUTCOME,
    REFERRABLE_CLASSES,
    TRANSITIONS,
    BodyKind,
    Consent,
    Petition,
    PetitionMember,
    ReceivingBody,
    Referral,
    Status,
    Urgency,
)

A = AuditEntry.Action
IDENTITY = DataClass.IDENTITY
BODY_FIELDS = ("name", "kind", "agency", "contact", "active")


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _secret(name: str) -> dict[str, Any]:
    # Reasons, requests and outcomes are encrypted narrative: the log keeps their names.
    return {name: change(IDENTITY, secret=True)}


# --- receiving bodies -----------------------------------------------------------------


def _body_snapshot(body: ReceivingBody) -> dict[str, Any]:
    return {
        "name": body.name,
        "kind": body.kind,
        "agency": str(body.agency_id) if body.agency_id else None,
        "contact": body.contact,
        "active": body.active,
    }


def _body_apply(body: ReceivingBody, fields: Mapping[str, Any]) -> None:
    unknown = sorted(set(fields) - set(BODY_FIELDS))
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})
    for name, value in fields.items():
        setattr(body, name, value.strip() if isinstance(value, str) else value)
    body.full_clean()


@transaction.atomic
def receiving_body_create(*, actor: Any, fields: Mapping[str, Any]) -> ReceivingBody:
    """Register a receiving body (the administrator, or the demo and setup with no
    actor)."""
    if actor is not None and not policy.can_manage_bodies(actor):
        raise PermissionDenied(_("Your role may not register receiving bodies."))
    body = ReceivingBody()
    _body_apply(body, fields)
    body.save(force_insert=True)
    after = _body_snapshot(body)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="receiving_body",
        subject_id=body.pk,
        changes={k: change(REF, None, v) for k, v in after.items()},
    )
    return body


@transaction.atomic
def receiving_body_update(
    *, actor: Any, body: ReceivingBody, fields: Mapping[str, Any]
) -> ReceivingBody:
    if actor is not None and not policy.can_manage_bodies(actor):
        raise PermissionDenied(_("Your role may not change receiving bodies."))
    before = _body_snapshot(body)
    _body_apply(body, fields)
    body.save()
    after = _body_snapshot(body)
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="receiving_body",
        subject_id=body.pk,
        changes={k: change(REF, before[k], after[k]) for k in after if before[k] != after[k]},
    )
    return body


# --- consent --------------------------------------------------------------------------


def _check_classes(actor: Any, classes: Any, field: str = "consented_classes") -> list[str]:
    """The classes as a sorted list, each known, referrable and held by the actor."""
    if not isinstance(classes, list | tuple | set | frozenset) or not all(
        isinstance(c, str) for c in classes
    ):
        raise ValidationError({field: [_("Must be a list of classes of data.")]})
    known = {str(c) for c in REFERRABLE_CLASSES}
    errors = []
    unknown = sorted(set(classes) - known)
    if unknown:
        errors.append(
            _("Not a class of data a referral may carry: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    held = policy.shareable_classes(actor)
    beyond = sorted((set(classes) & known) - held)
    if beyond:
        errors.append(
            _("Your role may not pass on data of these classes: %(codes)s.")
            % {"codes": ", ".join(beyond)}
        )
    if errors:
        raise ValidationError({field: errors})
    return sorted(set(classes))


def _give(
    actor: Any, target: Referral | PetitionMember, classes: Iterable[str], now: Any
) -> list[str]:
    """Record consent for each class not already consented; returns the new ones."""
    link = {"referral": target} if isinstance(target, Referral) else {"member": target}
    active = set(Consent.objects.filter(**link).active().values_list("data_class", flat=True))
    added = [c for c in classes if c not in active]
    for data_class in added:
        consent = Consent(data_class=data_class, given_at=now, recorded_by=actor, **link)
        consent.full_clean()
        consent.save(force_insert=True)
    return added


def _consent_audit(actor: Any, target: Any, kind: str, classes: list[str], action: str) -> None:
    audit_log(
        actor=actor,
        action=action,
        subject_type=kind,
        subject_id=target.pk,
        changes={"consent": change(REF, None, classes)},
    )


def _open_for_consent(request: Referral | Petition) -> None:
    if request.status in (Status.DECLINED, Status.COMPLETED):
        raise ValidationError(
            {"status": [_("This request is closed; consent can only be withdrawn.")]}
        )


@transaction.atomic
def referral_consent_record(
    *, actor: Any, referral: Referral, classes: list[str], now: dt.datetime | None = None
) -> list[str]:
    """The person agrees to share more classes with the body."""
    if not policy.can_extend_referral(actor, referral):
        raise PermissionDenied(_("You may not record consent for this referral."))
    _open_for_consent(referral)
    classes = _check_classes(actor, classes)
    added = _give(actor, referral, classes, _now(now))
    if added:
        _consent_audit(actor, referral, "referral", added, A.CHANGE)
    return added


@transaction.atomic
def member_consent_record(
    *, actor: Any, member: PetitionMember, classes: list[str], now: dt.datetime | None = None
) -> list[str]:
    if not policy.can_work_on_petition(actor, member.petition):
        raise PermissionDenied(_("You may not record consent for this petition."))
    _open_for_consent(member.petition)
    classes = _check_classes(actor, classes)
    added = _give(actor, member, classes, _now(now))
    if added:
        _consent_audit(actor, member, "petition_member", added, A.CHANGE)
    return added


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent, now: dt.datetime | None = None) -> Consent:
    """The person takes a consent back: from now on no output carries that class."""
    if consent.referral_id:
        allowed = policy.can_work_on_referral(actor, consent.referral)
    else:
        allowed = policy.can_work_on_petition(actor, consent.member.petition)  # type: ignore[union-attr]
    if not allowed:
        raise PermissionDenied(_("You may not withdraw this consent."))
    if consent.withdrawn_at is not None:
        raise ValidationError({"consent": [_("This consent was already withdrawn.")]})
    consent.withdrawn_at, consent.withdrawn_by = _now(now), actor
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="consent",
        subject_id=consent.pk,
        changes={
            "withdrawn": change(REF, None, consent.data_class),
            "for": change(REF, None, str(consent.referral_id or consent.member_id)),
        },
    )
    return consent


# --- referrals ------------------------------------------------------------------------


def _check_body(body: Any) -> None:
    if not isinstance(body, ReceivingBody) or not body.active:
        raise ValidationError({"receiving_body": [_("Choose a registered, active body.")]})


def _check_urgency(urgency: Any) -> None:
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": [_("Choose routine, urgent or emergency.")]})


@transaction.atomic
def referral_create(
    *,
    actor: Any,
    person: Any,
    receiving_body: ReceivingBody,
    reason: str,
    consented_classes: list[str],
    urgency: str = Urgency.ROUTINE,
    now: dt.datetime | None = None,
) -> Referral:
    """A draft referral of a person the actor may refer, with the consent they gave."""
    if not policy.can_refer(actor, person):
        raise PermissionDenied(_("You may not refer this person."))
    errors: dict[str, list[str]] = {}
    for check in (
        lambda: _check_body(receiving_body),
        lambda: _check_urgency(urgency),
        lambda: _check_classes(actor, consented_classes),
    ):
        try:
            check()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    moment = _now(now)
    referral = Referral(
        person=person,
        receiving_body=receiving_body,
        agency=actor.agency,
        created_by=actor,
        reason=reason.strip() if isinstance(reason, str) else "",
        urgency=urgency,
        created_at=moment,
    )
    try:
        referral.full_clean(exclude=["receiving_body", "urgency"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    referral.save(force_insert=True)
    classes = _give(actor, referral, sorted(set(consented_classes)), moment)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="referral",
        subject_id=referral.pk,
        changes={
            "person": change(REF, None, str(person.pk)),
            "receiving_body": change(REF, None, str(receiving_body.pk)),
            "urgency": change(REF, None, urgency),
            "status": change(REF, None, referral.status),
            "consent": change(REF, None, classes),
            **_secret("reason"),
        },
    )
    return referral


def _transition(
    actor: Any, request: Referral | Petition, to: str, outcome: str, now: dt.datetime | None
) -> dict[str, Any]:
    """Move a referral or a petition to ``to``; returns the audit changes."""
    if not policy.can_reply(actor, request) or (
        to == Status.SENT and policy.receives(actor, request)
    ):
        raise PermissionDenied(_("You may not change the status of this request."))
    if to not in Status.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    if to not in TRANSITIONS[request.status]:
        raise ValidationError(
            {
                "status": [
                    _("A request that is %(old)s cannot become %(new)s.")
                    % {"old": request.get_status_display(), "new": Status(to).label}
                ]
            }
        )
    outcome = (outcome or "").strip() if isinstance(outcome, str) else ""
    if to in NEEDS_OUTCOME and not outcome:
        raise ValidationError({"outcome": [_("Say what the outcome was.")]})
    moment, old = _now(now), request.status
    request.status = to
    if to == Status.SENT:
        request.sent_at = moment
    elif to in (Status.ACCEPTED, Status.DECLINED) and request.responded_at is None:
        request.responded_at = moment
    if to == Status.COMPLETED:
        request.completed_at = moment
    changes = {"status": change(REF, old, to)}
    if outcome:
        request.outcome = outcome
        changes.update(_secret("outcome"))
    request.full_clean()
    request.save()
    return changes


@transaction.atomic
def referral_transition(
    *,
    actor: Any,
    referral: Referral,
    status: str,
    outcome: str = "",
    now: dt.datetime | None = None,
) -> Referral:
    """Send a referral, or record the body's answer (accepted, declined, completed)."""
    if status == Status.SENT and not policy.can_extend_referral(actor, referral):
        raise PermissionDenied(_("You may not change the status of this request."))
    if status == Status.SENT and not referral.consents.active().exists():
        raise ValidationError(
            {"status": [_("A referral goes out only with the person's consent to share.")]}
        )
    changes = _transition(actor, referral, status, outcome, now)
    audit_log(
        actor=actor, action=A.CHANGE, subject_type="referral", subject_id=referral.pk,
        changes=changes,
    )  # fmt: skip
    return referral


# --- petitions ------------------------------------------------------------------------


@transaction.atomic
def petition_create(
    *,
    actor: Any,
    receiving_body: ReceivingBody,
    title: str,
    request: str,
    urgency: str = Urgency.ROUTINE,
    now: dt.datetime | None = None,
) -> Petition:
    if not can(actor, Capability.REFERRALS_WRITE) or actor.agency_id is None:
        raise PermissionDenied(_("Your role may not make petitions."))
    _check_body(receiving_body)
    _check_urgency(urgency)
    petition = Petition(
        receiving_body=receiving_body,
        agency=actor.agency,
        created_by=actor,
        title=(title or "").strip(),
        request=(request or "").strip(),
        urgency=urgency,
        created_at=_now(now),
    )
    petition.full_clean()
    petition.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="petition",
        subject_id=petition.pk,
        changes={
            "receiving_body": change(REF, None, str(receiving_body.pk)),
            "title": change(IDENTITY, None, petition.title),
            "urgency": change(REF, None, urgency),
            **_secret("request"),
        },
    )
    return petition


@transaction.atomic
def petition_member_add(
    *,
    actor: Any,
    petition: Petition,
    person: Any,
    consented_classes: list[str],
    now: dt.datetime | None = None,
) -> PetitionMember:
    """Put a person on a petition with the consent they gave (none: they stay off what
    goes out until they consent to be named). Adding someone already on it records the
    newly given classes."""
    if not policy.can_add_to_petition(actor, petition, person):
        raise PermissionDenied(_("You may not add this person to the petition."))
    _open_for_consent(petition)
    classes = _check_classes(actor, consented_classes)
    moment = _now(now)
    member = PetitionMember.objects.filter(petition=petition, person=person).first()
    created = member is None
    if member is None:
        if petition.status != Status.DRAFT:
            raise ValidationError({"person": [_("People join a petition before it is sent.")]})
        member = PetitionMember(petition=petition, person=person, added_by=actor, added_at=moment)
        member.full_clean()
        member.save(force_insert=True)
    added = _give(actor, member, classes, moment)
    audit_log(
        actor=actor,
        action=A.CREATE if created else A.CHANGE,
        subject_type="petition_member",
        subject_id=member.pk,
        changes={
            "petition": change(REF, None, str(petition.pk)),
            "person": change(REF, None, str(person.pk)),
            "consent": change(REF, None, added),
        },
    )
    return member


@transaction.atomic
def petition_transition(
    *,
    actor: Any,
    petition: Petition,
    status: str,
    outcome: str = "",
    now: dt.datetime | None = None,
) -> Petition:
    if (
        status == Status.SENT
        and not Consent.objects.active()
        .filter(member__petition=petition, data_class=IDENTITY)
        .exists()
    ):
        raise ValidationError(
            {"status": [_("No one on this petition has consented to be named on it.")]}
        )
    changes = _transition(actor, petition, status, outcome, now)
    audit_log(
        actor=actor, action=A.CHANGE, subject_type="petition", subject_id=petition.pk,
        changes=changes,
    )  # fmt: skip
    return petition


__all__ = [
    "BodyKind",
    "consent_withdraw",
    "member_consent_record",
    "petition_create",
    "petition_create_with_members",
    "petition_member_add",
    "petition_transition",
    "receiving_body_create",
    "receiving_body_update",
    "referral_consent_record",
    "referral_create",
    "referral_transition",
]


@transaction.atomic
def petition_create_with_members(
    *,
    actor: Any,
    receiving_body: ReceivingBody,
    title: str,
    request: str,
    members: list[tuple[Any, list[str]]],
    urgency: str = Urgency.ROUTINE,
    now: dt.datetime | None = None,
) -> Petition:
    """A petition and its first petitioners, all or nothing."""
    petition = petition_create(
        actor=actor, receiving_body=receiving_body, title=title, request=request,
        urgency=urgency, now=now,
    )  # fmt: skip
    for i, (person, classes) in enumerate(members):
        try:
            petition_member_add(
                actor=actor, petition=petition, person=person, consented_classes=classes, now=now
            )
        except ValidationError as exc:
            raise ValidationError(
                {f"members[{i}].{k}": v for k, v in exc.message_dict.items()}
            ) from exc
    return petition
