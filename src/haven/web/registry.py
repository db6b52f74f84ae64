"""Where each module plugs its pages into the shared layout: the navigation and the
sections of a person's page. A module's web views register here when imported (the web
URLconf imports every module's views), so no module edits another's templates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: str | Promise
    allowed: Callable[[Any], bool]  # the signed-in user -> may they use the page
    order: int


@dataclass(frozen=True)
class PersonSection:
    """A section of a person's page: ``context(request, person, classes)`` returns the
    template's context (as ``section``), or None when the section is not shown."""

    template: str
    context: Callable[[HttpRequest, Any, frozenset[str]], dict[str, Any] | None]
    order: int


NAV_LINKS: list[NavLink] = []
PERSON_SECTIONS: list[PersonSection] = []


def nav_link(
    url_name: str, label: str | Promise, allowed: Callable[[Any], bool], *, order: int
) -> None:
    if all(link.url_name != url_name for link in NAV_LINKS):
        NAV_LINKS.append(NavLink(url_name, label, allowed, order))
        NAV_LINKS.sort(key=lambda link: link.order)


def person_section(
    template: str,
    context: Callable[[HttpRequest, Any, frozenset[str]], dict[str, Any] | None],
    *,
    order: int,
) -> None:
    if all(s.template != template for s in PERSON_SECTIONS):
        PERSON_SECTIONS.append(PersonSection(template, context, order))
        PERSON_SECTIONS.sort(key=lambda s: s.order)


def person_sections(
    request: HttpRequest, person: Any, classes: frozenset[str]
) -> list[dict[str, Any]]:
    """The sections this user sees on this person's page, in order."""
    shown = []
    for section in PERSON_SECTIONS:
        context = section.context(request, person, classes)
        if context is not None:
            shown.append({"template": section.template, "context": context})
    return shown
