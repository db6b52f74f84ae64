"""Retention, erasure and subject-access export of the safety records (discovered by
haven.privacy). Plain functions: the framework that calls them lives elsewhere."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change

RETENTION: list[dict[str, Any]] = [
    {
        "kind": "safety.threat",
        "label": _("Closed threat reports"),
        "setting": "HAVEN_RETAIN_SAFETY_THREAT_DAYS",
        "days": 3650,
    },
    {
        "kind": "safety.welfare_check",
        "label": _("Welfare checks"),
        "setting": "HAVEN_RETAIN_SAFETY_WELFARE_CHECK_DAYS",
        "days": 1825,
    },
    {
        "kind": "safety.protective_measure",
        "label": _("Ended protective measures"),
        "setting": "HAVEN_RETAIN_SAFETY_PROTECTIVE_MEASURE_DAYS",
        "days": 3650,
    },
]
# the personal (narrative, place) fields each kind blanks when anonymised
ANONYMISED = {
    "safety.threat": ("reported_by", "target_group", "place", "narrative"),
    "safety.welfare_check": ("concerns",),
    "safety.protective_measure": ("details", "responsible"),
}


def _days(kind: str) -> int:
    import os

    spec = next(r for r in RETENTION if r["kind"] == kind)
    return int(os.environ.get(spec["setting"], spec["days"]))


def expired(kind: str, *, now: datetime) -> QuerySet[Any]:
    """Records past their retention: closed threats, checks, and measures that ended,
    counted from when they closed, were made or ended."""
    from haven.safety.models import ProtectiveMeasure, Threat, WelfareCheck

    cutoff = now - dt.timedelta(days=_days(kind))
    if kind == "safety.threat":
        return Threat.objects.filter(status=Threat.Status.CLOSED, closed_at__lt=cutoff)
    if kind == "safety.welfare_check":
        return WelfareCheck.objects.filter(checked_at__lt=cutoff)
    if kind == "safety.protective_measure":
        return ProtectiveMeasure.objects.filter(ends_on__lt=cutoff.date())
    raise ValueError(f"unknown retention kind {kind!r}")


@transaction.atomic
def anonymise(kind: str, obj: Any, *, actor: Any, now: datetime) -> None:
    """Blank the record's personal fields; ids, dates and codes stay (audited by name)."""
    fields = ANONYMISED[kind]
    for name in fields:
        setattr(obj, name, "")
    obj.save(update_fields=list(fields))
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type=kind.split(".", 1)[1],
        subject_id=obj.pk,
        changes={name: change("safety") for name in fields},
        note="anonymised at the end of retention",
        at=now,
    )


@transaction.atomic
def erase_person(person: Any, *, actor: Any, now: datetime) -> dict[str, int]:
    """Remove this person's safety data: their assessments, checks, measures, death
    record, level history; their part in threats and incidents (records that name only
    them go too)."""
    from haven.safety.models import (
        Death,
        Incident,
        IncidentPerson,
        ProtectiveMeasure,
        RiskAssessment,
        RiskLevelChange,
        Threat,
        ThreatTarget,
        WelfareCheck,
    )

    counts: dict[str, int] = {}

    def gone(name: str, qs: QuerySet[Any]) -> None:
        counts[name] = qs.delete()[0] if qs.exists() else 0

    alone_threats = list(
        Threat.objects.filter(targets=person).exclude(
            pk__in=ThreatTarget.objects.filter(~Q(person=person)).values("threat_id")
        )
    )
    alone_incidents = list(
        Incident.objects.filter(people=person).exclude(
            pk__in=IncidentPerson.objects.filter(~Q(person=person)).values("incident_id")
        )
    )
    gone("safety_threattarget", ThreatTarget.objects.filter(person=person))
    gone("safety_incidentperson", IncidentPerson.objects.filter(person=person))
    counts["safety_threat"] = Threat.objects.filter(pk__in=[t.pk for t in alone_threats]).delete()[
        0
    ]
    counts["safety_incident"] = Incident.objects.filter(
        pk__in=[i.pk for i in alone_incidents]
    ).delete()[0]
    gone("safety_riskassessment", RiskAssessment.objects.filter(person=person))
    gone("safety_welfarecheck", WelfareCheck.objects.filter(person=person))
    gone("safety_protectivemeasure", ProtectiveMeasure.objects.filter(person=person))
    gone("safety_death", Death.objects.filter(person=person))
    gone("safety_risklevelchange", RiskLevelChange.objects.filter(person=person))
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="person",
        subject_id=person.pk,
        changes={"safety": change(REF, None, counts)},
        note="safety data erased",
        at=now,
    )
    return counts


def export_person(person: Any) -> dict[str, Any]:
    """What the safety module holds about the person, without other people's data: the
    other targets of a threat, the other people of an incident and who reported a
    threat (a source) are left out."""
    from haven.safety.models import (
        Death,
        IncidentPerson,
        ProtectiveMeasure,
        RiskAssessment,
        ThreatTarget,
        WelfareCheck,
    )

    def day(value: Any) -> Any:
        return value.isoformat() if value else None

    threats = [
        {
            "id": str(link.threat.pk),
            "reported_on": day(link.threat.reported_on),
            "kind": link.threat.kind,
            "grade": link.threat.grade,
            "imminence": link.threat.imminence,
            "status": link.threat.status,
        }
        for link in ThreatTarget.objects.filter(person=person).select_related("threat")
    ]
    incidents = [
        {
            "id": str(i.incident.pk),
            "kind": i.incident.kind,
            "occurred_on": day(i.incident.occurred_on),
            "part": i.part,
        }
        for i in IncidentPerson.objects.filter(person=person).select_related("incident")
    ]
    death = Death.objects.filter(person=person).first()
    return {
        "risk_level": person.risk_level,
        "threats": threats,
        "incidents": incidents,
        "assessments": [
            {"assessed_on": day(a.assessed_on), "level": a.level, "reasons": a.reasons}
            for a in RiskAssessment.objects.filter(person=person)
        ],
        "welfare_checks": [
            {"checked_at": day(c.checked_at), "method": c.method, "state": c.state}
            for c in WelfareCheck.objects.filter(person=person)
        ],
        "protective_measures": [
            {"kind": m.kind, "starts_on": day(m.starts_on), "ends_on": day(m.ends_on)}
            for m in ProtectiveMeasure.objects.filter(person=person)
        ],
        "death": (
            {
                "died_on": day(death.died_on),
                "post_mortem": death.post_mortem,
                "buried_on": day(death.buried_on),
                "status": death.status,
            }
            if death
            else None
        ),
    }
