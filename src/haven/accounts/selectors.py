"""Reads for administration: agencies and accounts, for administrators only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.models import Agency, DeviceReset, User
from haven.accounts.policy import administration as rules


def _gate(actor: Any) -> None:
    if not rules.can_administer(actor):
        raise PermissionDenied


def agency_list(*, actor: Any) -> QuerySet[Agency]:
    _gate(actor)
    return Agency.objects.order_by("name")


def agency_get(*, actor: Any, agency_id: Any) -> Agency:
    _gate(actor)
    try:
        return Agency.objects.get(pk=agency_id)
    except (Agency.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def user_list(*, actor: Any) -> QuerySet[User]:
    _gate(actor)
    return User.objects.select_related("agency").order_by("username")


def user_get(*, actor: Any, user_id: Any) -> User:
    _gate(actor)
    try:
        return User.objects.select_related("agency").get(uuid=user_id)
    except (User.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def device_resets_pending(*, actor: Any) -> QuerySet[DeviceReset]:
    _gate(actor)
    return DeviceReset.objects.filter(approved_at__isnull=True).select_related(
        "user", "requested_by"
    )
