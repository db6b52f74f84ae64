"""Small helpers the oversight services share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def today_of(now: dt.datetime | None) -> dt.date:
    return timezone.localdate(now or timezone.now())


def refuse_unknown(fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})


def apply(obj: Any, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def not_future(errors: dict[str, list[str]], name: str, value: Any, today: dt.date) -> None:
    if isinstance(value, dt.date) and value > today:
        errors.setdefault(name, []).append(str(_("Date is in the future.")))


def snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    out = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = getattr(value, "pk", value) if hasattr(value, "_meta") else value
    return out
