"""Retention, erasure and subject-access hooks of the tracing module (haven.privacy
discovers them).

A closed enquiry is kept for ``HAVEN_RETAIN_TRACING_ENQUIRY_DAYS`` (ten years by
default) after it closed, then anonymised: the enquirer's and the family's words and
contact details are blanked, the ids, dates, states and consent codes stay (so counts
and the audit trail still add up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.tracing.models import (
    CLOSED_STATES,
    CandidateDecision,
    Consent,
    DenyKnowing,
    Enquiry,
    Reply,
    State,
    Visit,
    Visitor,
)

KIND = "tracing.enquiry"
RETENTION: list[dict[str, Any]] = [
    {
        "kind": KIND,
        "label": _("Tracing enquiries"),
        "setting": "HAVEN_RETAIN_TRACING_ENQUIRY_DAYS",
        "days": 3650,
    }
]
# The personal fields of an enquiry that anonymising blanks.
ENQUIRY_PERSONAL = (
    "enquirer_name",
    "relationship",
    "phone",
    "email",
    "address",
    "reach_by",
    "identity_checked",
    "checked_by",
    "given_name",
    "family_name",
    "place_of_origin",
    "last_known",
    "contact_lost",
    "message",
    "message_note",
    "review_note",
    "contact",
)


def _days(kind: str) -> int:
    spec = next(r for r in RETENTION if r["kind"] == kind)
    return int(getattr(settings, spec["setting"], None) or spec["days"])


def expired(kind: str, *, now: dt.datetime) -> QuerySet[Enquiry]:
    """Closed enquiries whose retention has run out (and not yet anonymised)."""
    if kind != KIND:
        return Enquiry.objects.none()
    cutoff = now - dt.timedelta(days=_days(kind))
    return Enquiry.objects.filter(state__in=CLOSED_STATES, closed_at__lt=cutoff).exclude(
        enquirer_name=""
    )


def _tracing(*names: str) -> dict[str, Any]:
    return {name: change("tracing") for name in names}


@transaction.atomic
def anonymise(kind: str, obj: Enquiry, *, actor: Any, now: dt.datetime) -> None:
    """Blank the enquiry's personal fields and those of its replies, visitors, visits
    and candidate notes; keep ids, dates and codes. Audited with field names only."""
    if kind != KIND:
        raise ValueError(f"unknown kind {kind!r}")
    for name in ENQUIRY_PERSONAL:
        setattr(obj, name, "")
    obj.other_names, obj.contact_keys, obj.birth_year, obj.birth_year_max = [], [], None, None
    obj.save()
    Reply.objects.filter(enquiry=obj).update(text="", review_note="")
    Visitor.objects.filter(enquiry=obj).update(name="", relationship="", nationality="")
    Visit.objects.filter(enquiry=obj).update(place="", outcome="")
    CandidateDecision.objects.filter(enquiry=obj).update(note="")
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="tracing_enquiry",
        subject_id=obj.pk,
        changes={
            **_tracing(*ENQUIRY_PERSONAL, "other_names", "replies", "visitors", "visits"),
            "retention": change(REF, None, "anonymised"),
        },
        at=now,
    )


@transaction.atomic
def erase_person(person: Any, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    """Remove what this module holds about the person: their decisions, the candidate
    decisions naming them, their "deny knowing me" record, the contact they chose and
    the replies they wrote; each enquiry for them is left as not found (the family's
    own data stays with the enquiry, under its own retention)."""
    counts: dict[str, int] = {}
    enquiries = list(Enquiry.objects.filter(person=person))
    counts["tracing.Consent"] = Consent.objects.filter(person=person).delete()[0]
    counts["tracing.CandidateDecision"] = CandidateDecision.objects.filter(person=person).delete()[
        0
    ]
    counts["tracing.DenyKnowing"] = DenyKnowing.objects.filter(person=person).delete()[0]
    counts["tracing.Reply"] = Reply.objects.filter(enquiry__in=enquiries).update(
        text="", review_note=""
    )
    for enquiry in enquiries:
        enquiry.person, enquiry.contact = None, ""
        if enquiry.state not in CLOSED_STATES:
            enquiry.state, enquiry.closed_at = State.CLOSED_NOT_FOUND, now
        enquiry.save()
    counts["tracing.Enquiry"] = len(enquiries)
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="person",
        subject_id=person.pk,
        changes={
            "tracing": change(REF, None, dict(counts)),
            **_tracing("consents", "contact", "replies"),
        },
        at=now,
    )
    return counts


def export_person(person: Any) -> dict[str, Any]:
    """What this module holds about the person, without others' data: who asked and
    when, the person's own decisions, the contact they chose, their replies, and the
    visits' dates and state (not the visitors' details or the enquirer's contacts)."""
    out = []
    for enquiry in Enquiry.objects.filter(person=person).order_by("created_at"):
        out.append(
            {
                "enquiry": str(enquiry.pk),
                "registered_on": enquiry.created_at.date().isoformat(),
                "asked_by": enquiry.enquirer_name,
                "relationship": enquiry.relationship,
                "state": enquiry.state,
                "decisions": [
                    {
                        "purpose": c.purpose,
                        "decision": c.decision,
                        "private": c.private,
                        "at": c.at.isoformat(),
                    }
                    for c in enquiry.consents.filter(person=person).order_by("seq")
                ],
                "contact_shared": enquiry.contact,
                "replies": [r.text for r in enquiry.replies.order_by("written_at")],
                "visits": [
                    {
                        "from": v.starts_on.isoformat(),
                        "until": v.ends_on.isoformat(),
                        "status": v.status,
                    }
                    for v in enquiry.visits.order_by("starts_on")
                ],
            }
        )
    return {
        "tracing_enquiries": out,
        "deny_knowing_me": DenyKnowing.objects.filter(person=person).exists(),
    }
