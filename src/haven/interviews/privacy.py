"""Privacy hooks of the interview record (discovered by ``haven.privacy``).

An anonymised interview keeps its id, person, agency, date, context, whether it was
private, the language and the codes of what the person asked for; where it was held,
who was present, the interpreter, the concerns and the follow-ups are blanked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.services import REF, audit_log, change
from haven.interviews.fieldclasses import field_classes
from haven.interviews.models import Interview

INTERVIEW = "interviews.interview"
RETENTION: list[dict[str, Any]] = [
    {
        "kind": INTERVIEW,
        "label": _("Interview records (what was said, who was there)"),
        "setting": "HAVEN_RETAIN_INTERVIEW_DAYS",
        "days": 1825,
    }
]
BLANK = {"location": "", "present": "", "interpreter": "", "concerns": "", "follow_ups": ""}


def _narrative() -> Q:
    return (
        ~Q(location="") | ~Q(present="") | ~Q(interpreter="") | ~Q(concerns="") | ~Q(follow_ups="")
    )


def expired(kind: str, *, now: dt.datetime) -> QuerySet[Interview]:
    if kind != INTERVIEW:
        raise KeyError(kind)
    spec = RETENTION[0]
    days = int(getattr(settings, spec["setting"], spec["days"]))
    cutoff = (now - dt.timedelta(days=days)).date()
    return Interview.objects.filter(held_on__lt=cutoff).filter(_narrative())


def _blank(interviews: QuerySet[Interview], *, actor: Any, now: dt.datetime, action: str) -> int:
    n = 0
    for interview in interviews:
        Interview.objects.filter(pk=interview.pk).update(**BLANK)
        classes = field_classes(interview.context)
        audit_log(
            actor=actor,
            action=action,
            subject_type="interview",
            subject_id=interview.pk,
            changes={
                **{f: change(classes.get(f, "identity"), secret=True) for f in BLANK},
                "person": change(REF, None, str(interview.person_id)),
            },
            at=now,
        )
        n += 1
    return n


def anonymise(kind: str, obj: Interview, *, actor: Any, now: dt.datetime) -> None:
    if kind != INTERVIEW:
        raise KeyError(kind)
    _blank(Interview.objects.filter(pk=obj.pk), actor=actor, now=now, action="anonymise")


def erase_person(person: Any, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    qs = Interview.objects.filter(person_id=person.pk)
    return {"interviews_interview": _blank(qs, actor=actor, now=now, action="erase")}


def export_person(person: Any) -> dict[str, Any]:
    """The person's interviews: when, where, what they asked for and the concerns noted;
    not who else was present, nor the interpreter or the interviewer (other people)."""
    return {
        "interviews": [
            {
                "id": str(i.pk),
                "held_on": i.held_on.isoformat(),
                "context": i.context,
                "held_in_private": i.counts_as_private,
                "location": i.location,
                "language": i.language,
                "asked_for": i.asked_for,
                "concerns": i.concerns,
                "follow_ups": i.follow_ups,
            }
            for i in Interview.objects.filter(person_id=person.pk).order_by("held_on", "id")
        ]
    }
