"""Editing a threat report (then escalating or closing it through the status
services) and an incident's follow-up, each on its own page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.accounts.policy import safety as safety_policy
from haven.accounts.roles import Capability
from haven.safety import selectors, services
from haven.web.access import requires
from haven.web.forms.common import add_service_errors
from haven.web.forms.safety import IncidentEditForm, ThreatEditForm
from haven.web.views.safety.pages import NOT_YOURS


def _edit_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[Any], Any],
    *,
    title: str,
    done: str,
    back: str,
) -> HttpResponse:
    """A record's edit form: saved through ``save`` (one transaction), else re-displayed
    with the service's errors beside the fields and nothing written."""
    other_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                save(form)
        except ValidationError as exc:
            rest = add_service_errors(form, exc)
            other_errors = [m for msgs in rest.values() for m in msgs]
        else:
            messages.success(request, done)
            return redirect(back)
    context = {"form": form, "title": title, "back": back, "other_errors": other_errors}
    status = 400 if request.method == "POST" else 200
    return render(request, "web/safety/edit.html", context, status=status)


@require_http_methods(["GET", "POST"])
@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def threat_edit(request: HttpRequest, threat_id: str) -> HttpResponse:
    """Correct or regrade an open threat report, then optionally escalate or close it
    (through the status services)."""
    record = selectors.threat_get(user=request.user, threat_id=threat_id)
    if not any(safety_policy.can_record(request.user, p) for p in record.targets.all()):
        raise PermissionDenied(str(NOT_YOURS))
    back = f"/safety/threats/{record.pk}/"
    if not record.is_open:
        messages.error(request, _("This threat report is closed."))
        return redirect(back)
    initial = {"police_reference": record.police_reference}
    form = ThreatEditForm(request.POST or None, instance=record, initial=initial)

    def save(form: ThreatEditForm) -> Any:
        now = timezone.now()
        fields = {k: v for k, v in form.service_fields().items() if v is not None}
        threat = services.threat_update(actor=request.user, threat=record, fields=fields, now=now)
        then = form.cleaned_data["then"]
        if then == "escalated":
            reference = form.cleaned_data["police_reference"]
            services.threat_escalate(
                actor=request.user, threat=threat, police_reference=reference, now=now
            )
        elif then == "closed":
            services.threat_close(actor=request.user, threat=threat, now=now)

    return _edit_page(
        request,
        form,
        save,
        title=_("Edit the threat report"),
        done=_("Threat report saved."),
        back=back,
    )


@require_http_methods(["GET", "POST"])
@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def incident_edit(request: HttpRequest, incident_id: str) -> HttpResponse:
    """The incident's follow-up: place, narrative, police report, what was done."""
    record = selectors.incident_get(user=request.user, incident_id=incident_id)
    if not any(safety_policy.can_record(request.user, p) for p in record.people.all()):
        raise PermissionDenied(str(NOT_YOURS))
    form = IncidentEditForm(request.POST or None, instance=record)

    def save(form: IncidentEditForm) -> Any:
        return services.incident_update(
            actor=request.user, incident=record, fields=form.service_fields(), now=timezone.now()
        )

    return _edit_page(
        request,
        form,
        save,
        title=_("Edit the incident"),
        done=_("Incident saved."),
        back=f"/safety/incidents/{record.pk}/",
    )


urlpatterns: list[URLPattern] = [
    path("safety/threats/<uuid:threat_id>/edit/", threat_edit, name="safety_threat_edit"),
    path("safety/incidents/<uuid:incident_id>/edit/", incident_edit, name="safety_incident_edit"),
]
