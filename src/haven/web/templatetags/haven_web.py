"""Small template helpers for the web UI: the navigation a role may use, labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.matching import Candidate
from haven.people import explaining
from haven.people.explaining import ExplainedField, explain_candidate

register = template.Library()

SCRIPT_LABELS = {"Latn": _("Latin"), "Arab": _("Persian/Arabic script"), "Cyrl": _("Cyrillic")}


@register.simple_tag(takes_context=True)
def nav_links(context: Any) -> list[dict[str, Any]]:
    """The pages the signed-in user's role can use (``web.registry``), and which is open."""
    from haven.web.registry import NAV_LINKS

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return [
        {"url": reverse(link.url_name), "label": link.label, "current": link.url_name == current}
        for link in NAV_LINKS
        if link.allowed(user)
    ]


@register.filter
def script_label(code: str) -> str:
    return str(SCRIPT_LABELS.get(code, code))


@register.filter
def role_label(code: str) -> str:
    """A role's name in the reader's language (the audit log keeps the code)."""
    from haven.accounts.roles import Role

    return str(Role(code).label) if code in Role.values else code


@register.filter
def class_labels(codes: Any) -> str:
    """Data classes by their names in the reader's language, comma-separated."""
    from haven.accounts.roles import DataClass

    return ", ".join(
        str(DataClass(c).label) if c in DataClass.values else str(c) for c in codes or ()
    )


@register.filter
def subject_label(code: str) -> str:
    """What kind of record an audit entry is about, in the reader's language."""
    from haven.web.forms.audit import SUBJECT_LABELS

    return str(SUBJECT_LABELS.get(code, code.replace("_", " ")))


@register.filter
def explained(candidate: Candidate) -> list[ExplainedField]:
    """A match explanation in the user's words and language (``people.explaining``)."""
    return explain_candidate(candidate)


@register.filter
def percent(fraction: float) -> int:
    """A probability as a whole percentage, by the one rule used everywhere."""
    return explaining.percent(fraction)


@register.simple_tag(takes_context=True)
def start_page(context: Any) -> str:
    """The first page the user's role can use (the brand link, error pages)."""
    from haven.web.access import home_url

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return reverse("web:login")
    return home_url(user)
