"""Risk assessments: the factors, the level they give and why, and a review date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import safety as safety_policy
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.people.models import Person, RiskLevel
from haven.safety.models import IncidentPerson, RiskAssessment, Threat
from haven.safety.services.common import changes_of, ref, set_fields, snapshot
from haven.safety.services.levels import risk_level_set

A = AuditEntry.Action
JUDGED = (
    "isolated",
    "dependent_on_group",
    "health_concerns",
    "intends_to_leave",
    "witness_to_serious_events",
    "family_contact",
)
ASSESSMENT_FIELDS = ("assessed_on", *JUDGED, "notes", "review_on")
RECENT_DAYS = 90
# days until the next review, by level, when the assessor gives no date
REVIEW_DAYS = {
    RiskLevel.CRITICAL: 7,
    RiskLevel.HIGH: 30,
    RiskLevel.MEDIUM: 90,
    RiskLevel.LOW: 180,
}
MAX_REVIEW_DAYS = 366
WEIGHTS = {
    "isolated": 1,
    "dependent_on_group": 1,
    "health_concerns": 1,
    "intends_to_leave": 1,  # leaving is when retaliation comes
    "witness_to_serious_events": 2,
}


def risk_factors(*, person: Person, today: dt.date) -> dict[str, int]:
    """What the record says: open threats (and imminent ones) against the person, and
    incidents against them in the last 90 days."""
    threats = Threat.objects.filter(targets=person).exclude(status=Threat.Status.CLOSED)
    recent = IncidentPerson.objects.filter(
        person=person,
        part=IncidentPerson.Part.VICTIM,
        incident__occurred_on__gte=today - dt.timedelta(days=RECENT_DAYS),
    )
    return {
        "open_threats": threats.count(),
        "imminent_threats": threats.filter(imminence=Threat.Imminence.IMMINENT).count(),
        "recent_incidents": recent.count(),
    }


def risk_score(
    counted: Mapping[str, int], judged: Mapping[str, bool]
) -> tuple[str, list[dict[str, Any]]]:
    """The level and its reasons (codes, shown in the users' words by ``reason_text``)."""
    reasons: list[dict[str, Any]] = []
    points = 0
    if counted.get("imminent_threats"):
        reasons.append({"code": "imminent_threats", "n": counted["imminent_threats"]})
    other = counted.get("open_threats", 0) - counted.get("imminent_threats", 0)
    if other > 0:
        points += min(4, 2 * other)
        reasons.append({"code": "open_threats", "n": other})
    if counted.get("recent_incidents"):
        points += min(4, 2 * counted["recent_incidents"])
        reasons.append({"code": "recent_incidents", "n": counted["recent_incidents"]})
    for name, weight in WEIGHTS.items():
        if judged.get(name):
            points += weight
            reasons.append({"code": name})
    if not judged.get("family_contact"):
        points += 1
        reasons.append({"code": "no_family_contact"})
    if counted.get("imminent_threats") or points >= 7:
        level = RiskLevel.CRITICAL
    elif points >= 4:
        level = RiskLevel.HIGH
    elif points >= 2:
        level = RiskLevel.MEDIUM
    else:
        level = RiskLevel.LOW
    return level, reasons


def reason_text(reason: Mapping[str, Any]) -> str:
    code, n = reason.get("code"), reason.get("n", 0)
    texts = {
        "imminent_threats": _("%(n)s imminent threat(s) against them are open") % {"n": n},
        "open_threats": _("%(n)s other open threat(s) against them") % {"n": n},
        "recent_incidents": _("%(n)s incident(s) against them in the last 90 days") % {"n": n},
        "isolated": _("isolated"),
        "dependent_on_group": _("dependent on the group"),
        "health_concerns": _("health concerns"),
        "intends_to_leave": _("intends to leave the group"),
        "witness_to_serious_events": _("witness to serious events"),
        "no_family_contact": _("no contact with family"),
    }
    return str(texts.get(str(code), code))


@transaction.atomic
def assessment_create(
    *, actor: Any, person: Person, fields: Mapping[str, Any], now: datetime
) -> RiskAssessment:
    """Assess the person: the level it gives becomes their risk level (up or down)."""
    if not safety_policy.can_assess(actor, person):
        raise PermissionDenied(_("You may not assess this person's risk."))
    if person.status != Person.Status.OPEN:
        raise ValidationError({"person": [_("Reopen the record before assessing it.")]})
    today = now.date()
    assessment = RiskAssessment(person=person, assessor=actor, created_at=now)
    fields = dict(fields)
    fields.setdefault("assessed_on", today)
    set_fields(assessment, fields, ASSESSMENT_FIELDS)
    errors: dict[str, list[str]] = {}
    on = assessment.assessed_on
    if isinstance(on, dt.date) and on > today:
        errors["assessed_on"] = [_("Date is in the future.")]
    counted = risk_factors(person=person, today=today)
    for name, value in counted.items():
        setattr(assessment, name, value)
    judged = {name: bool(getattr(assessment, name)) for name in JUDGED}
    assessment.level, assessment.reasons = risk_score(counted, judged)
    if assessment.review_on is None:
        assessment.review_on = today + dt.timedelta(days=REVIEW_DAYS[assessment.level])
    elif isinstance(assessment.review_on, dt.date):
        if assessment.review_on < today:
            errors["review_on"] = [_("The review date has passed.")]
        elif assessment.review_on > today + dt.timedelta(days=MAX_REVIEW_DAYS):
            errors["review_on"] = [_("Review within a year.")]
    try:
        assessment.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    assessment.save(force_insert=True)
    assessed = list(
        Threat.objects.filter(targets=person, status=Threat.Status.OPEN).values_list(
            "pk", flat=True
        )
    )
    Threat.objects.filter(pk__in=assessed).update(status=Threat.Status.ASSESSED)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="risk_assessment",
        subject_id=assessment.pk,
        changes={
            **changes_of({}, snapshot(assessment, (*ASSESSMENT_FIELDS, "level", "reasons"))),
            "person": ref(person.pk),
            "threats_assessed": ref(",".join(str(pk) for pk in assessed) or None),
        },
    )
    risk_level_set(actor=actor, person=person, level=assessment.level, source=assessment, now=now)
    return assessment
