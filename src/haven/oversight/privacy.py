"""The oversight module's privacy hooks (retention, anonymisation, erasure, subject-access
export), discovered by haven.privacy.

What is personal here: a person's links to sites and their departures from the group
(where they went is whereabouts), the follow-up actions about them, and the free text
of visits and findings (officers' names, notes that may name people). Sites themselves
are places, and the facts of a visit (date, agency, access, answers) are kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change
from haven.oversight.models import PENDING, Departure, Finding, FollowUpAction, SiteLink, Visit

RETENTION: list[dict[str, Any]] = [
    {
        "kind": "oversight.site_link",
        "label": _("Links of people to sites, after they ended"),
        "setting": "HAVEN_RETAIN_OVERSIGHT_SITE_LINK_DAYS",
        "days": 3650,
    },
    {
        "kind": "oversight.departure",
        "label": _("Departures from the group"),
        "setting": "HAVEN_RETAIN_OVERSIGHT_DEPARTURE_DAYS",
        "days": 3650,
    },
    {
        "kind": "oversight.visit",
        "label": _("Notes of access visits and their findings"),
        "setting": "HAVEN_RETAIN_OVERSIGHT_VISIT_DAYS",
        "days": 3650,
    },
    {
        "kind": "oversight.action",
        "label": _("Follow-up actions, after they were closed"),
        "setting": "HAVEN_RETAIN_OVERSIGHT_ACTION_DAYS",
        "days": 1825,
    },
]
# Blank, not a marker: the field is encrypted, and only the empty value can be queried.
ERASED = ""


def _days(kind: str) -> int:
    entry = next(r for r in RETENTION if r["kind"] == kind)
    return int(getattr(settings, entry["setting"], entry["days"]))


def expired(kind: str, *, now: dt.datetime) -> QuerySet[Any]:
    """Records of ``kind`` past their retention at ``now`` (not yet anonymised)."""
    cutoff = now.date() - dt.timedelta(days=_days(kind))
    if kind == "oversight.site_link":
        return SiteLink.objects.filter(to_on__lt=cutoff)
    if kind == "oversight.departure":
        return Departure.objects.filter(left_on__lt=cutoff).exclude(went_to="", notes="")
    if kind == "oversight.visit":
        old = Q(visited_on__lt=cutoff) | Q(visited_on__isnull=True, planned_on__lt=cutoff)
        return Visit.objects.filter(old).exclude(officers="", notes="", refused_by="")
    if kind == "oversight.action":
        return (
            FollowUpAction.objects.exclude(status__in=PENDING)
            .filter(Q(completed_on__lt=cutoff) | Q(completed_on__isnull=True, due_on__lt=cutoff))
            .exclude(description="")
        )
    raise ValueError(f"unknown kind {kind!r}")


def _audit(actor: Any, subject_type: str, pk: Any, fields: dict[str, str], note: str) -> None:
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type=subject_type,
        subject_id=pk,
        changes={name: change(cls) for name, cls in fields.items()},
        note=note,
    )


@transaction.atomic
def anonymise(kind: str, obj: Any, *, actor: Any, now: dt.datetime) -> None:
    """Blank the personal fields of one record, keeping ids, dates and codes."""
    if kind == "oversight.site_link":
        # a link is nothing but whereabouts: it goes
        _audit(actor, "site_link", obj.pk, {"person": "whereabouts"}, "deleted at retention")
        obj.delete()
        return
    if kind == "oversight.departure":
        Departure.objects.filter(pk=obj.pk).update(went_to="", notes="")
        fields = {"went_to": "whereabouts", "notes": "identity"}
        _audit(actor, "departure", obj.pk, fields, "anonymised at retention")
        return
    if kind == "oversight.visit":
        Visit.objects.filter(pk=obj.pk).update(officers="", notes="", refused_by="")
        Finding.objects.filter(visit_id=obj.pk).update(note="")
        fields = {"officers": "identity", "notes": "identity", "refused_by": "identity"}
        _audit(
            actor, "visit", obj.pk, {**fields, "findings": "identity"}, "anonymised at retention"
        )
        return
    if kind == "oversight.action":
        FollowUpAction.objects.filter(pk=obj.pk).update(description=ERASED, outcome="")
        fields = {"description": "identity", "outcome": "identity"}
        _audit(actor, "action", obj.pk, fields, "anonymised at retention")
        return
    raise ValueError(f"unknown kind {kind!r}")


@transaction.atomic
def erase_person(person: Any, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    """Remove what this module holds about the person: their site links and departures
    go; actions about them are blanked and no longer point at them."""
    actions = FollowUpAction.objects.filter(
        Q(person=person) | Q(departure__person=person) | Q(interview__person=person)
    )
    action_ids = list(actions.values_list("pk", flat=True))
    actions.update(description=ERASED, outcome="", person=None, departure=None, interview=None)
    links = SiteLink.objects.filter(person=person)
    departures = Departure.objects.filter(person=person)
    counts = {
        "oversight_sitelink": links.count(),
        "oversight_departure": departures.count(),
        "oversight_followupaction": len(action_ids),
    }
    links.delete()
    departures.delete()
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="person",
        subject_id=person.pk,
        changes={
            "oversight": change(REF, None, counts),
            "actions": change(REF, None, [str(pk) for pk in action_ids]),
        },
        note="erased from oversight",
    )
    return counts


def export_person(person: Any) -> dict[str, Any]:
    """What this module holds about the person, and nothing about anyone else."""
    return {
        "site_links": [
            {
                "site": link.site.name,
                "role": link.role,
                "from": link.from_on.isoformat() if link.from_on else None,
                "to": link.to_on.isoformat() if link.to_on else None,
            }
            for link in SiteLink.objects.filter(person=person).select_related("site")
        ],
        "departures": [
            {
                "left_on": d.left_on.isoformat(),
                "went_to": d.went_to,
                "needs": list(d.needs),
                "notes": d.notes,
            }
            for d in Departure.objects.filter(person=person)
        ],
        "follow_up_actions": [
            {
                "description": a.description,
                "due_on": a.due_on.isoformat(),
                "status": a.status,
                "outcome": a.outcome,
            }
            for a in FollowUpAction.objects.filter(person=person)
        ],
    }
