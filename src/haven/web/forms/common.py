"""Pieces every form module shares: inputs, field helpers, service errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.accounts.roles import ROLE_CAPABILITIES, Capability

EMPTY = [("", _("Any"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def text_field(label: Any, *, max_length: int = 200, **kwargs: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


def split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def caseworkers(agency: Any) -> QuerySet[User]:
    """Who a person of ``agency`` can be assigned to: its active register writers."""
    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.REGISTER_WRITE in caps]
    return User.objects.filter(agency=agency, is_active=True, role__in=roles).order_by(
        "first_name", "last_name", "username"
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> dict[str, list[str]]:
    """Put a service's field errors next to the form's fields; return the others
    by name (``"__all__"`` for errors about no one field)."""
    if not hasattr(error, "error_dict"):
        return {"__all__": list(error.messages)}
    rest: dict[str, list[str]] = {}
    for name, messages in error.message_dict.items():
        if name in form.fields:
            form.add_error(name, messages)
        else:
            rest.setdefault(name, []).extend(messages)
    return rest
