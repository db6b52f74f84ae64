"""Who may ask for, and approve, a person's erasure, and export what Haven holds on them.

Supervisors of the agency that owns the record, only: a share gives sight of a record,
not a say over it. The approver is a second supervisor, never the one who asked.
"""

from __future__ import annotations

from typing import Any

from haven.accounts.policy import can, owns_person
from haven.accounts.roles import Capability


def can_request_erasure(user: Any, person: Any) -> bool:
    return can(user, Capability.PRIVACY) and owns_person(user, person)


def can_approve_erasure(user: Any, request: Any) -> bool:
    return (
        can(user, Capability.PRIVACY)
        and user.agency_id is not None
        and user.agency_id == request.agency_id
        and user.pk != request.requested_by_id
    )


def can_export_person(user: Any, person: Any) -> bool:
    return can(user, Capability.PRIVACY) and owns_person(user, person)


def can_list_erasures(user: Any) -> bool:
    return can(user, Capability.PRIVACY) and user.agency_id is not None
