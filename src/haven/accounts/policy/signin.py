"""Who owes a second factor, and whether a session or an API token has proved it.

Two-factor sign-in is required everywhere but the local demo (``REQUIRE_2FA``), and
always for a user who has enrolled a device. The web pages and the API ask these
questions alike, so that no way in skips the second factor.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django_otp import device_classes
from django_otp.plugins.otp_totp.models import TOTPDevice


@dataclass(frozen=True)
class DeviceFacts:
    """What the second-factor questions need to know of a user's devices."""

    has_device: bool  # a confirmed device of any kind
    has_totp: bool  # a confirmed authenticator
    totp_after: bool  # a confirmed authenticator added after the time asked about


@functools.cache
def _facts_sql(vendor: str) -> str:
    """One statement answering ``DeviceFacts``, built once from the device models'
    tables: every API request asks it, and the ORM would build and compile four
    subqueries each time (more CPU than the rest of a small request)."""
    qn = connection.ops.quote_name

    def confirmed(model: Any, extra: str = "") -> str:
        meta = model._meta
        return (
            f"EXISTS (SELECT 1 FROM {qn(meta.db_table)} WHERE "  # noqa: S608 -- names from the models
            f"{qn(meta.get_field('user').column)} = %s AND "
            f"{qn(meta.get_field('confirmed').column)}{extra})"
        )

    created = qn(TOTPDevice._meta.get_field("created_at").column)
    kinds = " OR ".join(confirmed(model) for model in device_classes())
    return (
        f"SELECT ({kinds}), {confirmed(TOTPDevice)}, "
        f"{confirmed(TOTPDevice, f' AND {created} > %s')}"
    )


def device_facts(user: Any, *, after: dt.datetime | None = None) -> DeviceFacts:
    """The user's devices, read now in one query; ``after``: the time ``totp_after``
    asks about (none: it is False)."""
    kinds = sum(1 for _ in device_classes())
    when = connection.ops.adapt_datetimefield_value(after) if after is not None else None
    with connection.cursor() as cursor:
        cursor.execute(_facts_sql(connection.vendor), [user.pk] * (kinds + 2) + [when])
        row = cursor.fetchone()
    return DeviceFacts(has_device=bool(row[0]), has_totp=bool(row[1]), totp_after=bool(row[2]))


def has_device(user: Any) -> bool:
    """True when the user has a confirmed second-factor device."""
    return device_facts(user).has_device


def owes_second_factor(user: Any, *, facts: DeviceFacts | None = None) -> bool:
    """True when every way in for this user must prove a second factor (``facts``:
    their devices, when already read)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if settings.REQUIRE_2FA:
        return True
    return (facts or device_facts(user)).has_device


def session_proved(user: Any) -> bool:
    """A web session is proved when django-otp's middleware (or ``django_otp.login``
    just now) found the device that verified it."""
    return getattr(user, "otp_device", None) is not None


def token_proved(user: Any, issued_at: dt.datetime | None) -> bool:
    """An API token proves the second factor when it was issued after the user's devices
    existed: the token endpoint asks for a code whenever a device exists, so a token
    older than the newest device was issued on the password alone."""
    facts = device_facts(user, after=issued_at)
    if not owes_second_factor(user, facts=facts):
        return True
    if not facts.has_totp:
        return False  # two-factor required, nothing enrolled: nothing was proved
    return issued_at is not None and not facts.totp_after
