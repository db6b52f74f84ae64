"""Template helpers of the alerts pages: a kind's label and what its facts say."""

from __future__ import annotations

from typing import Any

from django import template

from haven.alerts import kinds

register = template.Library()


@register.filter
def alert_kind(code: str) -> str:
    return kinds.kind_label(code)


@register.filter
def alert_detail(alert: Any) -> str:
    return kinds.describe(alert.kind, alert.facts or {})
