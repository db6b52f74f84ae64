"""Accounts: sign-in (with two-factor when required) and its audit trail."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.models import (
    RecoveryCode,
    RecoveryCodeDevice,
    User,
    recovery_code_digest,
)
from haven.accounts.policy import signin
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change


class SignInError(Exception):
    def __init__(self, message: str, *, needs_otp: bool = False) -> None:
        super().__init__(message)
        self.needs_otp = needs_otp


def user_has_2fa(user: Any) -> bool:
    return signin.has_device(user)


def verify_otp(user: Any, token: str) -> Any:
    """The device that accepts the token, or None."""
    token = (token or "").strip().replace(" ", "")
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def username_digest(username: str) -> str:
    """A keyed digest of a typed username: the same text always gives the same digest,
    and without the audit key nothing can be learnt from it."""
    key = settings.AUDIT_KEY.encode()
    text = username.strip().casefold().encode()
    return "sha256:" + hmac.new(key, text, hashlib.sha256).hexdigest()[:16]


def sign_in_check(*, request: Any, username: str, password: str, otp: str = "") -> tuple[Any, Any]:
    """Authenticate by password and, where needed, a one-time code. Audited either way.

    Not atomic on purpose: a failed attempt's audit entry must survive the refusal.
    """
    user = authenticate(request, username=username, password=password)
    if user is None:
        known = User.objects.filter(username=username).values_list("uuid", flat=True).first()
        audit_log(
            actor=None,
            action=AuditEntry.Action.SIGN_IN_FAILED,
            subject_type="user",
            subject_id=known or "",
            # What was typed may be a password in the wrong box: keep only a keyed digest,
            # enough to tell repeated attempts with the same name apart.
            changes={"username": change(REF, None, username_digest(username))},
            note="wrong password" if known else "unknown username",
        )
        raise SignInError("Unable to sign in with those credentials.")
    device = None
    if user_has_2fa(user):
        device = verify_otp(user, otp)
        if device is None:
            if otp:
                audit_log(
                    actor=user,
                    action=AuditEntry.Action.SIGN_IN_FAILED,
                    subject_type="user",
                    subject_id=user.uuid,
                    note="bad one-time code",
                )
            raise SignInError("Enter the code from your authenticator app.", needs_otp=True)
    audit_log(
        actor=user, action=AuditEntry.Action.SIGN_IN, subject_type="user", subject_id=user.uuid
    )
    return user, device


@transaction.atomic
def totp_device_create(*, user: Any) -> TOTPDevice:
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    # tolerance 0: a code is accepted only in its own 30-second step (django-otp's
    # default of 1 would also take the step before and after).
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False, tolerance=0)


@transaction.atomic
def totp_device_confirm(*, user: Any, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token((token or "").strip().replace(" ", "")):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # Tokens issued on the password alone no longer let this user in.
    from django.utils import timezone

    from haven.accounts.tokens import tokens_revoke_all

    tokens_revoke_all(user=user, now=timezone.now())
    audit_log(
        actor=user,
        action=AuditEntry.Action.CREATE,
        subject_type="totp_device",
        subject_id=user.uuid,
        note="two-factor sign-in enrolled",
    )
    return True


RECOVERY_CODES = 10


@transaction.atomic
def recovery_codes_create(*, user: Any) -> list[str]:
    """Ten one-time recovery codes, replacing any earlier ones; shown once: the database
    keeps only their keyed digests (``RecoveryCodeDevice``), and each works once."""
    StaticDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(device=device, digest=recovery_code_digest(code)) for code in codes]
    )
    audit_log(
        actor=user,
        action=AuditEntry.Action.CREATE,
        subject_type="recovery_codes",
        subject_id=user.uuid,
        note="recovery codes issued",
    )
    return codes


def sign_out(*, request: Any) -> None:
    """End the session, leaving an audit entry for whoever was signed in."""
    from django.contrib.auth import logout

    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        audit_log(
            actor=user, action=AuditEntry.Action.SIGN_OUT, subject_type="user", subject_id=user.uuid
        )
    logout(request)
