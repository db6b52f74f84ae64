"""Privacy hooks of the audit log (discovered by ``haven.privacy``).

Audit entries are kept by law longer than the records they describe. Past their time,
and on a person's erasure, an entry loses the values it kept (names, document issuers)
and keeps its id, time, actor, action, subject, field names and classes, and ids: the
chain still verifies, because each value entered the MAC through its sealed digest
(``audit_erase_values``). Entries never leave the chain.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.models import AuditEntry
from haven.audit.services import ERASED_MARK, audit_erase_values

ENTRY = "audit.entry"
RETENTION: list[dict[str, Any]] = [
    {
        "kind": ENTRY,
        "label": _("Values kept in audit entries"),
        "setting": "HAVEN_RETAIN_AUDIT_ENTRY_DAYS",
        "days": 3650 * 2,  # kept by law longer than any record
    }
]


def _with_values() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.exclude(sealed={}).exclude(sealed__has_key=ERASED_MARK)


def expired(kind: str, *, now: dt.datetime) -> QuerySet[AuditEntry]:
    if kind != ENTRY:
        raise KeyError(kind)
    spec = RETENTION[0]
    cutoff = now - dt.timedelta(days=int(getattr(settings, spec["setting"], spec["days"])))
    return _with_values().filter(at__lt=cutoff)


def anonymise(kind: str, obj: AuditEntry, *, actor: Any, now: dt.datetime) -> None:
    if kind != ENTRY:
        raise KeyError(kind)
    audit_erase_values(AuditEntry.objects.filter(pk=obj.pk))


def entries_about(person: Any) -> QuerySet[AuditEntry]:
    """Entries whose subject id is the person's (the person, their shares), and those of
    the person's records (a document's, an interview's, an alert's entries name the
    person as the ``person`` reference, by convention)."""
    pid = str(person.pk)
    return AuditEntry.objects.filter(Q(subject_id=pid) | Q(changes__person__new=pid))


def erase_person(person: Any, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    entries = _with_values().filter(pk__in=entries_about(person).values("pk"))
    return {"audit_auditentry": audit_erase_values(entries)}


def export_person(person: Any) -> dict[str, Any]:
    """What was done with the person's record: when, which action, which fields; not
    who did it (staff) nor any value (the record itself is in the export)."""
    return {
        "history": [
            {
                "at": e.at.isoformat(),
                "action": e.action,
                "subject": e.subject_type,
                "fields": e.fields,
            }
            for e in entries_about(person)
            .filter(subject_type__in=["person", "document"])
            .exclude(action="read")
            .order_by("seq")
        ]
    }
