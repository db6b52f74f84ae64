from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from haven.accounts import policy
from haven.accounts.roles import Capability
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change


def audit_entry_list(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[AuditEntry]:
    """The audit log, for auditors only, newest first. Reading it is itself audited
    (with the filters used), so that who looked for what is on the record too."""
    if not policy.can(user, Capability.AUDIT_READ):
        raise PermissionDenied
    filters = filters or {}
    audit_log(
        actor=user,
        action=AuditEntry.Action.READ,
        subject_type="audit_log",
        changes={"filters": change(REF, None, {k: v for k, v in filters.items() if v})},
    )
    qs = AuditEntry.objects.all()
    for key, lookup in (
        ("actor", "actor_username"),
        ("action", "action"),
        ("subject_type", "subject_type"),
        ("subject_id", "subject_id"),
        ("agency", "agency"),
        ("role", "role"),
        ("since", "at__gte"),
        ("until", "at__lte"),
    ):
        if filters.get(key):
            qs = qs.filter(**{lookup: filters[key]})
    if filters.get("data_class"):
        # JSON containment differs per engine; a text match on the stored list works on both.
        qs = qs.filter(classes__icontains=f'"{filters["data_class"]}"')
    return qs.order_by("-seq")
