"""The alerts pages: one list per user, an alert's page, and the actions on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from haven.accounts.policy import alerts as alert_policy
from haven.accounts.roles import Capability
from haven.alerts import selectors, services
from haven.alerts.models import Alert
from haven.alerts.rules import alerts_evaluate
from haven.web.access import requires
from haven.web.forms.alerts import AlertFilterForm, AssignForm, ResolveForm
from haven.web.htmx import render_page
from haven.web.registry import nav_link

NO_ALERTS = _lazy("Your role has no alerts list.")


def _actions(request: HttpRequest, alert: Alert) -> dict[str, Any]:
    user = request.user
    return {
        "can_take": alert.resolved_at is None and alert.owner_id != user.pk,
        "assign_form": (
            AssignForm(user=user, alert=alert, prefix=f"a{alert.pk.hex[:8]}")
            if alert.resolved_at is None and alert_policy.can_hand_over(user)
            else None
        ),
    }


@requires(Capability.ALERTS_READ, NO_ALERTS)
def alerts(request: HttpRequest) -> HttpResponse:
    alerts_evaluate(now=timezone.now())
    form = AlertFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.alert_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    selectors.alerts_read(user=request.user, alerts=page.object_list)
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "resolve_form": ResolveForm(),
        "next": request.get_full_path(),
    }
    return render_page(
        request, "web/alerts/list.html", context,
        partial="web/alerts/_results.html", target="results",
    )  # fmt: skip


@requires(Capability.ALERTS_READ, NO_ALERTS)
def alert(request: HttpRequest, alert_id: str) -> HttpResponse:
    record = selectors.alert_get(user=request.user, alert_id=alert_id)
    selectors.alerts_read(user=request.user, alerts=[record])
    context = {
        "alert": record,
        "resolve_form": ResolveForm(),
        "next": request.get_full_path(),
        **_actions(request, record),
    }
    return render(request, "web/alerts/detail.html", context)


def _back(request: HttpRequest, record: Alert) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("web:alert", alert_id=record.pk)


def _report(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@requires(Capability.ALERTS_READ, NO_ALERTS)
def alert_acknowledge(request: HttpRequest, alert_id: str) -> HttpResponse:
    record = selectors.alert_get(user=request.user, alert_id=alert_id)
    try:
        services.alert_acknowledge(actor=request.user, alert=record)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Alert acknowledged. It stays on the list until resolved."))
    return _back(request, record)


@require_POST
@requires(Capability.ALERTS_READ, NO_ALERTS)
def alert_resolve(request: HttpRequest, alert_id: str) -> HttpResponse:
    record = selectors.alert_get(user=request.user, alert_id=alert_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what was done about this alert."))
        return _back(request, record)
    try:
        services.alert_resolve(actor=request.user, alert=record, note=form.cleaned_data["note"])
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("Alert resolved."))
    return _back(request, record)


@require_POST
@requires(Capability.ALERTS_READ, NO_ALERTS)
def alert_assign(request: HttpRequest, alert_id: str) -> HttpResponse:
    """Take the alert on (no owner given), or hand it to a colleague (supervisors)."""
    record = selectors.alert_get(user=request.user, alert_id=alert_id)
    owner = request.user
    if alert_policy.can_hand_over(request.user) and request.POST.get("prefix"):
        form = AssignForm(
            request.POST, user=request.user, alert=record, prefix=request.POST["prefix"]
        )
        if not form.is_valid():
            messages.error(request, _("Choose someone of your agency who can see this alert."))
            return _back(request, record)
        owner = form.cleaned_data["owner"]
    try:
        services.alert_assign(actor=request.user, alert=record, owner=owner)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, _("The alert's owner is now %(name)s.") % {"name": owner})
    return _back(request, record)


nav_link("web:alerts", _lazy("Alerts"), alert_policy.can_read_alerts, order=20)

urlpatterns: list[URLPattern] = [
    path("alerts/", alerts, name="alerts"),
    path("alerts/<uuid:alert_id>/", alert, name="alert"),
    path("alerts/<uuid:alert_id>/acknowledge/", alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<uuid:alert_id>/resolve/", alert_resolve, name="alert_resolve"),
    path("alerts/<uuid:alert_id>/owner/", alert_assign, name="alert_assign"),
]
