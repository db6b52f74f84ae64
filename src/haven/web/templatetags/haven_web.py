"""Small template helpers for the web UI: the navigation a role may use, labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from haven.accounts import policy
from haven.accounts.roles import Capability, DataClass
from haven.matching import Candidate
from haven.people import explaining
from haven.people.explaining import ExplainedField, explain_candidate

register = template.Library()

SCRIPT_LABELS = {"Latn": _("Latin"), "Arab": _("Arabic script"), "Cyrl": _("Cyrillic")}


@register.simple_tag(takes_context=True)
def nav_links(context: Any) -> list[dict[str, Any]]:
    """The pages the signed-in user's role can use, and which one is open."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    links = []
    if policy.can(user, Capability.REGISTER_READ):
        links.append(("web:people", _("People")))
        if policy.has_class(user, DataClass.DOCUMENTS):
            links.append(("web:gaps", _("Documentation gaps")))
    if policy.can(user, Capability.REGISTER_WRITE):
        links.append(("web:person_new", _("Register a person")))
    if policy.can(user, Capability.AUDIT_READ):
        links.append(("web:audit", _("Audit log")))
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    return [
        {"url": reverse(name), "label": label, "current": name == current} for name, label in links
    ]


@register.filter
def script_label(code: str) -> str:
    return str(SCRIPT_LABELS.get(code, code))


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
