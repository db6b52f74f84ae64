"""Who may administer agencies and user accounts, and what an administrator may not do.

Administrators manage accounts for every agency (an installation has a handful of
them); they see nothing of the register (``roles.py`` grants them no class).
"""

from __future__ import annotations

from typing import Any

from haven.accounts import policy
from haven.accounts.roles import Capability


def can_administer(user: Any) -> bool:
    return policy.can(user, Capability.ADMINISTER)


def can_change_account(actor: Any, user: Any) -> bool:
    """An administrator changes any account but their own role, agency or status (so
    that an installation always keeps an administrator, and nobody widens their own
    access)."""
    return can_administer(actor) and actor.pk != user.pk


def can_approve_device_reset(actor: Any, reset: Any) -> bool:
    """Four eyes: the administrator who asked for a reset never approves it, and nobody
    approves a reset of their own device."""
    return (
        can_administer(actor)
        and actor.pk != reset.requested_by_id
        and actor.pk != reset.user_id
        and reset.approved_at is None
    )
