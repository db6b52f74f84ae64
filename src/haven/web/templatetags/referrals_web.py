"""Template helpers of the referrals pages: the label of a code in a disclosed payload
(which carries codes, as the API does)."""

from __future__ import annotations

from typing import Any

from django import template

from haven.accounts.roles import DataClass
from haven.people.models import Document, GroupStatus, RiskLevel, Sex
from haven.referrals.models import BodyKind, Status, Urgency

register = template.Library()

CHOICES: dict[str, Any] = {
    "sex": Sex,
    "group_status": GroupStatus,
    "risk_level": RiskLevel,
    "doc_kind": Document.Kind,
    "doc_status": Document.Status,
    "holder": Document.Holder,
    "class": DataClass,
    "status": Status,
    "urgency": Urgency,
    "body_kind": BodyKind,
}


@register.filter
def label(code: Any, kind: str) -> str:
    """``{{ value|label:"sex" }}``: the translated label, or the code if unknown."""
    choices = CHOICES[kind]
    try:
        return str(choices(code).label)
    except ValueError:
        return "" if code is None else str(code)


@register.filter
def at(value: Any) -> str:
    """An ISO time from a payload as "YYYY-MM-DD HH:MM" (a date stays a date)."""
    if not value:
        return "—"
    text = str(value)
    return text[:16].replace("T", " ")
