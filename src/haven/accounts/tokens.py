"""API tokens: stored hashed, expiring, revocable (``ApiToken``).

The key is shown once, when it is issued; the database keeps its SHA-256 digest only
(a 256-bit random key needs no salt or slow hash), so a copy of the database lets
nobody in.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction

from haven.accounts.models import ApiToken
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log

PREFIX = "hv_"


@transaction.atomic
def token_issue(*, user: Any, now: dt.datetime, proved: bool) -> tuple[ApiToken, str]:
    """A new token for ``user``; ``proved`` when the second factor was just checked."""
    key = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        digest=ApiToken.digest_of(key),
        prefix=key[len(PREFIX) : len(PREFIX) + 8],
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.TOKEN_HOURS),
        proved_at=now if proved else None,
    )
    audit_log(
        actor=user,
        action=AuditEntry.Action.CREATE,
        subject_type="api_token",
        subject_id=token.pk,
        note="API token issued",
    )
    return token, key


def token_find(key: str, *, now: dt.datetime) -> ApiToken | None:
    """The live token for ``key`` (not revoked, not expired, its user active), or None."""
    if not key.startswith(PREFIX):
        return None
    try:
        # get(), not first(): the digest is unique, and ordering the one row costs CPU
        # on every API request
        token = ApiToken.objects.select_related("user", "user__agency").get(
            digest=ApiToken.digest_of(key), revoked_at__isnull=True, expires_at__gt=now
        )
    except ApiToken.DoesNotExist:
        return None
    from haven.accounts.backends import may_sign_in

    return token if may_sign_in(token.user) else None


@transaction.atomic
def token_revoke(*, actor: Any, token: ApiToken, now: dt.datetime) -> None:
    if token.revoked_at is not None:
        return
    token.revoked_at = now
    token.save(update_fields=["revoked_at"])
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="api_token",
        subject_id=token.pk,
        note="API token revoked",
    )


def tokens_revoke_all(*, user: Any, now: dt.datetime) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
