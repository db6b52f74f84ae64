"""Who owes a second factor, and whether a session or an API token has proved it.

Two-factor sign-in is required everywhere but the local demo (``REQUIRE_2FA``), and
always for a user who has enrolled a device. The web pages and the API ask these
questions alike, so that no way in skips the second factor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Max
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_device(user: Any) -> bool:
    """True when the user has a confirmed second-factor device."""
    return any(True for _ in devices_for_user(user, confirmed=True))


def owes_second_factor(user: Any) -> bool:
    """True when every way in for this user must prove a second factor."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return bool(settings.REQUIRE_2FA) or has_device(user)


def session_proved(user: Any) -> bool:
    """A web session is proved when django-otp's middleware (or ``django_otp.login``
    just now) found the device that verified it."""
    return getattr(user, "otp_device", None) is not None


def token_proved(user: Any, issued_at: dt.datetime | None) -> bool:
    """An API token proves the second factor when it was issued after the user's devices
    existed: the token endpoint asks for a code whenever a device exists, so a token
    older than the newest device was issued on the password alone."""
    if not owes_second_factor(user):
        return True
    newest = TOTPDevice.objects.filter(user=user, confirmed=True).aggregate(at=Max("created_at"))[
        "at"
    ]
    if newest is None:
        return False  # two-factor required, nothing enrolled: nothing was proved
    return issued_at is not None and issued_at >= newest
