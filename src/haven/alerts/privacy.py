"""Privacy hooks of the alerts list (discovered by ``haven.privacy``).

An alert holds codes and dates (its kind, severity, facts) and one piece of free text,
the note it was resolved with; anonymising blanks the note and keeps the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from haven.alerts.models import Alert
from haven.audit.services import REF, audit_log, change

RESOLVED = "alerts.resolved"
RETENTION: list[dict[str, Any]] = [
    {
        "kind": RESOLVED,
        "label": _("Resolved alerts (the resolution note)"),
        "setting": "HAVEN_RETAIN_RESOLVED_ALERT_DAYS",
        "days": 730,
    }
]


def expired(kind: str, *, now: dt.datetime) -> QuerySet[Alert]:
    if kind != RESOLVED:
        raise KeyError(kind)
    spec = RETENTION[0]
    cutoff = now - dt.timedelta(days=int(getattr(settings, spec["setting"], spec["days"])))
    return Alert.objects.filter(resolved_at__lt=cutoff).exclude(resolution_note="")


def _blank(alerts: QuerySet[Alert], *, actor: Any, now: dt.datetime, action: str) -> int:
    n = 0
    for alert in alerts.exclude(resolution_note=""):
        Alert.objects.filter(pk=alert.pk).update(resolution_note="")
        audit_log(
            actor=actor,
            action=action,
            subject_type="alert",
            subject_id=alert.pk,
            changes={
                "resolution_note": change(alert.data_class, secret=True),
                "person": change(REF, None, str(alert.person_id) if alert.person_id else None),
            },
            at=now,
        )
        n += 1
    return n


def anonymise(kind: str, obj: Alert, *, actor: Any, now: dt.datetime) -> None:
    if kind != RESOLVED:
        raise KeyError(kind)
    _blank(Alert.objects.filter(pk=obj.pk), actor=actor, now=now, action="anonymise")


def erase_person(person: Any, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    qs = Alert.objects.filter(person_id=person.pk)
    return {"alerts_alert": _blank(qs, actor=actor, now=now, action="erase")}


def export_person(person: Any) -> dict[str, Any]:
    """The alerts raised about the person: kind, severity, dates, state; not who owns
    them nor the note staff resolved them with."""
    return {
        "alerts": [
            {
                "id": str(a.pk),
                "kind": a.kind,
                "severity": a.severity,
                "raised_at": a.raised_at.isoformat(),
                "state": a.state,
                "resolved_at": a.resolved_at.isoformat() if a.resolved_at else None,
            }
            for a in Alert.objects.filter(person_id=person.pk).order_by("raised_at", "id")
        ]
    }
