"""Retention, erasure and subject-access export of the referrals module (discovered by
``haven.privacy``).

A referral or petition is kept for its retention period after it last moved (answered,
completed, or, for a draft never sent, created); then its narrative (reason, request,
title, outcome) is blanked (bypassing the rule that a live referral has a reason:
a blank reason is what marks it anonymised) and its ids, dates, codes and consent records stay.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.referrals.models import Consent, Petition, PetitionMember, Referral

ANONYMISED = "(anonymised)"
RETENTION: list[dict[str, Any]] = [
    {
        "kind": "referrals.referral",
        "label": _("Referrals"),
        "setting": "HAVEN_RETAIN_REFERRALS_REFERRAL_DAYS",
        "days": 3650,
    },
    {
        "kind": "referrals.petition",
        "label": _("Group petitions"),
        "setting": "HAVEN_RETAIN_REFERRALS_PETITION_DAYS",
        "days": 3650,
    },
]
_MODELS = {"referrals.referral": Referral, "referrals.petition": Petition}
# narrative fields blanked on anonymising (all encrypted but the petition's title)
_NARRATIVE = {
    "referrals.referral": ("reason", "outcome"),
    "referrals.petition": ("request", "outcome"),
}


def _days(kind: str) -> int:
    spec = next(r for r in RETENTION if r["kind"] == kind)
    return int(getattr(settings, spec["setting"], spec["days"]))


def expired(kind: str, *, now: dt.datetime) -> QuerySet[Any]:
    """Records whose last movement is older than the retention period, not yet
    anonymised."""
    model = _MODELS[kind]
    cutoff = now - dt.timedelta(days=_days(kind))
    last = Coalesce(F("completed_at"), F("responded_at"), F("sent_at"), F("created_at"))
    qs = model.objects.annotate(last_moved=last).filter(last_moved__lt=cutoff)
    # an encrypted field cannot be filtered on, but a blank one is stored blank
    if kind == "referrals.petition":
        return qs.exclude(request="")
    return qs.exclude(reason="")


@transaction.atomic
def anonymise(kind: str, obj: Any, *, actor: Any, now: dt.datetime) -> None:
    fields = list(_NARRATIVE[kind])
    for name in fields:
        setattr(obj, name, "")
    if kind == "referrals.petition":
        obj.title = ANONYMISED
        fields.append("title")
    obj.save(update_fields=fields)
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type=kind.split(".")[1],
        subject_id=obj.pk,
        changes={name: {"class": "identity"} for name in fields},
        note="anonymised at the end of its retention period",
        at=now,
    )


@transaction.atomic
def erase_person(person: Any, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    """Remove the person's referrals, their petition memberships and every consent they
    gave; the petitions themselves (the group's request) stay for the others."""
    referrals = Referral.objects.filter(person=person)
    members = PetitionMember.objects.filter(person=person)
    consents = Consent.objects.filter(Q(referral__in=referrals) | Q(member__in=members))
    ids = {
        "referrals": [str(pk) for pk in referrals.values_list("pk", flat=True)],
        "members": [str(pk) for pk in members.values_list("pk", flat=True)],
    }
    counts = {"referrals.consent": consents.count()}
    consents.delete()
    counts["referrals.petitionmember"] = members.count()
    members.delete()
    counts["referrals.referral"] = referrals.count()
    referrals.delete()
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="person",
        subject_id=person.pk,
        changes={k: change(REF, v, None) for k, v in ids.items()},
        note="erased from referrals",
        at=now,
    )
    return counts


def _when(value: Any) -> Any:
    return value.isoformat() if value else None


def _consents(consents: Any) -> list[dict[str, Any]]:
    return [
        {
            "data_class": c.data_class,
            "given_at": _when(c.given_at),
            "withdrawn_at": _when(c.withdrawn_at),
        }
        for c in consents
    ]


def _request(r: Any) -> dict[str, Any]:
    return {
        "id": str(r.pk),
        "receiving_body": r.receiving_body.name,
        "referring_agency": r.agency.name,
        "urgency": r.urgency,
        "status": r.status,
        "created_at": _when(r.created_at),
        "sent_at": _when(r.sent_at),
        "responded_at": _when(r.responded_at),
        "completed_at": _when(r.completed_at),
        "outcome": r.outcome,
    }


def export_person(person: Any) -> dict[str, Any]:
    """The person's referrals and their own part of each petition (never who else is on
    it, nor what they shared)."""
    referrals = Referral.objects.filter(person=person).select_related("receiving_body", "agency")
    members = PetitionMember.objects.filter(person=person).select_related(
        "petition__receiving_body", "petition__agency"
    )
    return {
        "referrals": [
            {**_request(r), "reason": r.reason, "consents": _consents(r.consents.all())}
            for r in referrals
        ],
        "petitions": [
            {
                **_request(m.petition),
                "title": m.petition.title,
                "request": m.petition.request,
                "consents": _consents(m.consents.all()),
            }
            for m in members
        ],
    }
