"""Small template helpers for the web UI: the navigation a role may use, labels."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

SCRIPT_LABELS = {"Latn": _("Latin"), "Arab": _("Arabic script"), "Cyrl": _("Cyrillic")}
# The matching engine explains a score per field; these are its words in the users'.
MATCH_FIELDS = {
    "given_name": _("Given name"),
    "family_name": _("Family name"),
    "birth": _("Date of birth"),
    "sex": _("Sex"),
    "place": _("Place of origin"),
    "identifier": _("Document number"),
}
MATCH_OUTCOMES = {
    "exact": _("same"),
    "same": _("same"),
    "strong": _("very similar"),
    "similar": _("similar"),
    "weak": _("a little similar"),
    "different": _("different"),
    "missing": _("not known on both"),
    "day_month_swapped": _("day and month swapped"),
    "one_typo": _("one digit differs"),
    "same_year": _("same year"),
    "year": _("year agrees"),
    "year_within_1": _("within a year"),
    "year_within_2": _("within two years"),
    "year_within_5": _("within five years"),
}


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
def match_field(name: str) -> str:
    return str(MATCH_FIELDS.get(name, name.replace("_", " ")))


@register.filter
def match_outcome(outcome: str) -> str:
    return str(MATCH_OUTCOMES.get(outcome, outcome.replace("_", " ")))


@register.filter
def percent(probability: float) -> int:
    """A probability as a whole percentage, never rounded up to a certain 100."""
    value = round(probability * 100)
    return 99 if value == 100 and probability < 1 else value


@register.simple_tag(takes_context=True)
def start_page(context: Any) -> str:
    """The first page the user's role can use (the brand link, error pages)."""
    from haven.web.access import home_url

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return reverse("web:login")
    return home_url(user)
