"""The privacy pages: a supervisor's subject-access export of a person (a JSON download,
linked from the person's page). Erasure is asked for and approved through the API and
documented in docs/privacy.md."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _lazy

from haven.accounts import stepup
from haven.accounts.policy import privacy as privacy_policy
from haven.accounts.roles import Capability
from haven.people import selectors
from haven.privacy import services
from haven.web.access import requires
from haven.web.registry import person_section

NO_PRIVACY = _lazy("Only supervisors handle subject-access requests.")


@requires(Capability.PRIVACY, NO_PRIVACY)
@stepup.step_up  # everything Haven holds about a person, as a file
def privacy_person_export(request: HttpRequest, person_id: str) -> HttpResponse:
    record = selectors.person_get(user=request.user, person_id=person_id)
    data = services.person_export(actor=request.user, person=record)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="haven-export-{record.pk}.json"'
    return response


def _section(request: HttpRequest, person: Any, classes: frozenset[str]) -> dict[str, Any] | None:
    if not privacy_policy.can_export_person(request.user, person):
        return None
    return {"person": person}


person_section("web/privacy/_section.html", _section, order=90)

urlpatterns: list[URLPattern] = [
    path(
        "people/<uuid:person_id>/export/",
        privacy_person_export,
        name="privacy_person_export",
    ),
]
