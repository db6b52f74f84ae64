"""Who owes a second factor, and whether a session or an API token has proved it.

Two-factor sign-in is required everywhere but the local demo (``REQUIRE_2FA``), and
always for a user who has enrolled a device. The web pages and the API ask these
questions alike, so that no way in skips the second factor.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django_otp import device_classes
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class DeviceFacts:
    """What the second-factor questions need to know of a user's devices."""

    has_device: bool  # a confirmed device of any kind
    newest_totp: dt.datetime | None  # when the newest confirmed authenticator was added


def device_annotations(user_ref: str) -> dict[str, Any]:
    """Annotations giving ``DeviceFacts`` for the user at ``user_ref`` (a field of the
    query's model), so that the query fetching a user or their token answers them too:
    an API request then costs one query to authenticate, not one per kind of device."""
    confirmed = [
        Q(Exists(model.objects.filter(user=OuterRef(user_ref), confirmed=True)))
        for model in device_classes()
    ]
    return {
        "device_any": ExpressionWrapper(
            functools.reduce(operator.or_, confirmed), output_field=BooleanField()
        ),
        "device_newest_totp": Subquery(
            TOTPDevice.objects.filter(user=OuterRef(user_ref), confirmed=True)
            .order_by("-created_at")
            .values("created_at")[:1]
        ),
    }


def device_facts_of(row: Any) -> DeviceFacts:
    """``DeviceFacts`` from an object fetched with ``device_annotations``."""
    return DeviceFacts(has_device=bool(row.device_any), newest_totp=row.device_newest_totp)


def device_facts(user: Any) -> DeviceFacts:
    """The user's ``DeviceFacts``, read now (one query)."""
    row = get_user_model().objects.filter(pk=user.pk).annotate(**device_annotations("pk")).first()
    return device_facts_of(row) if row is not None else DeviceFacts(False, None)


def has_device(user: Any) -> bool:
    """True when the user has a confirmed second-factor device."""
    return device_facts(user).has_device


def owes_second_factor(user: Any, *, facts: DeviceFacts | None = None) -> bool:
    """True when every way in for this user must prove a second factor. ``facts``: the
    user's devices as just read with them (``device_annotations``), else read now."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if settings.REQUIRE_2FA:
        return True
    return (facts or device_facts(user)).has_device


def session_proved(user: Any) -> bool:
    """A web session is proved when django-otp's middleware (or ``django_otp.login``
    just now) found the device that verified it."""
    return getattr(user, "otp_device", None) is not None


def token_proved(
    user: Any, issued_at: dt.datetime | None, *, facts: DeviceFacts | None = None
) -> bool:
    """An API token proves the second factor when it was issued after the user's devices
    existed: the token endpoint asks for a code whenever a device exists, so a token
    older than the newest device was issued on the password alone. ``facts`` as for
    ``owes_second_factor``."""
    facts = facts or device_facts(user)
    if not owes_second_factor(user, facts=facts):
        return True
    newest = facts.newest_totp
    if newest is None:
        return False  # two-factor required, nothing enrolled: nothing was proved
    return issued_at is not None and issued_at >= newest
