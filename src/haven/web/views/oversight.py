"""The oversight pages: sites and their visits, the inspector's visit form, follow-up
actions, the never-alone list, and on a person's page their interviews and leaving."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from haven.accounts.policy import oversight as policy
from haven.accounts.roles import Capability
from haven.oversight import selectors, services
from haven.oversight.models import Access, Site, Visit
from haven.people import selectors as people
from haven.people.models import GroupStatus, Person
from haven.web.access import NO_REGISTER, requires
from haven.web.charts import stacked_bars
from haven.web.forms.common import add_service_errors
from haven.web.forms.oversight import (
    ActionFilterForm,
    ActionUpdateForm,
    InterviewForm,
    LeaveForm,
    SiteForm,
    VisitForm,
)
from haven.web.htmx import render_page
from haven.web.registry import nav_link, person_section

NO_OVERSIGHT = _lazy("Your role has no access to oversight.")
NO_NEVER_ALONE = _lazy("Only supervisors see who has never been interviewed alone.")


def _other_errors(form: Any, exc: ValidationError) -> list[str]:
    rest = add_service_errors(form, exc)
    return [m for messages_ in rest.values() for m in messages_]


# --- sites ---------------------------------------------------------------------------


@requires(Capability.OVERSIGHT_READ, NO_OVERSIGHT)
def sites(request: HttpRequest) -> HttpResponse:
    rows = selectors.site_list(user=request.user)
    context = {"sites": rows, "can_add": policy.can_write_oversight(request.user)}
    return render(request, "web/oversight/sites.html", context)


@requires(Capability.OVERSIGHT_WRITE, NO_OVERSIGHT)
def site_new(request: HttpRequest) -> HttpResponse:
    status, other = 200, []
    form = SiteForm(request.POST or None, user=request.user)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                site = services.site_create(actor=request.user, fields=form.cleaned_data)
            except ValidationError as exc:
                other = _other_errors(form, exc)
            else:
                messages.success(request, _("Site registered."))
                return redirect("web:oversight_site", site_id=site.pk)
    context = {"form": form, "other_errors": other}
    return render(request, "web/oversight/site_form.html", context, status=status)


def visits_chart(visits: list[Any]) -> dict[str, Any] | None:
    """The site's visits over time, by quarter, as a stacked bar chart."""
    bars = selectors.visits_by_quarter(visits)
    if not bars:
        return None
    labels = dict(Access.choices)
    series = [
        (
            bar.label,
            [
                (f"bar--{a}", getattr(bar, a), f"{bar.label}: {labels[a]} {getattr(bar, a)}")
                for a in Access.values
            ],
        )
        for bar in bars
    ]
    return {"svg": stacked_bars(series), "bars": bars}


@requires(Capability.OVERSIGHT_READ, NO_OVERSIGHT)
def site(request: HttpRequest, site_id: str) -> HttpResponse:
    record = selectors.site_get(user=request.user, site_id=site_id)
    visits = list(selectors.visit_list(user=request.user, filters={"site": record.pk}))
    context = {
        "site": record,
        "show_address": selectors.site_read(user=request.user, site=record),
        "visits": visits,
        "chart": visits_chart(visits),
        "actions": selectors.action_list(user=request.user, filters={"site": record.pk}),
        "site_links": selectors.site_people(user=request.user, site=record),
        "can_visit": policy.can_write_oversight(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "web/oversight/site.html", context)


# --- visits --------------------------------------------------------------------------


def _visit_form(request: HttpRequest, record: Site, planned: Visit | None) -> HttpResponse:
    """The inspector's form: a new visit to ``record``, or how a planned one went."""
    status, other = 200, []
    initial = {"visited_on": timezone.localdate()}
    if planned is not None:
        initial["purpose"] = planned.purpose
        initial["officers"] = planned.officers
    form = VisitForm(request.POST or None, initial=initial)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                if planned is None:
                    visit = services.visit_record(
                        actor=request.user,
                        site=record,
                        fields=form.visit_fields(),
                        findings=form.findings(),
                    )
                else:
                    visit = services.visit_complete(
                        actor=request.user,
                        visit=planned,
                        fields=form.visit_fields(),
                        findings=form.findings(),
                    )
            except ValidationError as exc:
                other = _other_errors(form, exc)
            else:
                made = visit.actions.count()
                messages.success(
                    request,
                    _("Visit recorded; %(n)s follow-up action(s) created.") % {"n": made},
                )
                return redirect("web:oversight_visit", visit_id=visit.pk)
    context = {"form": form, "site": record, "planned": planned, "other_errors": other}
    return render(request, "web/oversight/visit_form.html", context, status=status)


@requires(Capability.OVERSIGHT_WRITE, NO_OVERSIGHT)
def visit_new(request: HttpRequest, site_id: str) -> HttpResponse:
    return _visit_form(request, selectors.site_get(user=request.user, site_id=site_id), None)


@requires(Capability.OVERSIGHT_WRITE, NO_OVERSIGHT)
def visit_complete(request: HttpRequest, visit_id: str) -> HttpResponse:
    planned = selectors.visit_get(user=request.user, visit_id=visit_id)
    if not policy.can_edit_visit(request.user, planned):
        raise PermissionDenied(_("Only the agency that made this visit may record it."))
    if planned.done:
        return redirect("web:oversight_visit", visit_id=planned.pk)
    return _visit_form(request, planned.site, planned)


@requires(Capability.OVERSIGHT_READ, NO_OVERSIGHT)
def visit(request: HttpRequest, visit_id: str) -> HttpResponse:
    record = selectors.visit_get(user=request.user, visit_id=visit_id)
    context = {
        "visit": record,
        "actions": selectors.action_list(
            user=request.user, filters={"visit": record.pk, "state": "all"}
        ),
        "today": timezone.localdate(),
        "can_complete": not record.done and policy.can_edit_visit(request.user, record),
    }
    return render(request, "web/oversight/visit.html", context)


# --- follow-up actions ---------------------------------------------------------------


@requires(Capability.OVERSIGHT_READ, NO_OVERSIGHT)
def actions(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(selectors.action_list(user=request.user, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "filtered": bool(filters), "today": timezone.localdate()}
    return render_page(
        request, "web/oversight/actions.html", context,
        partial="web/oversight/_actions.html", target="results",
    )  # fmt: skip


@requires(Capability.OVERSIGHT_READ, NO_OVERSIGHT)
def action(request: HttpRequest, action_id: str) -> HttpResponse:
    record = selectors.action_get(user=request.user, action_id=action_id)
    can_edit = policy.can_edit_action(request.user, record)
    status, other = 200, []
    form = ActionUpdateForm(
        request.POST or None, initial={"status": record.status, "outcome": record.outcome}
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only the action's owner or agency may change it."))
        status = 400
        if form.is_valid():
            try:
                services.action_update(actor=request.user, action=record, fields=form.cleaned_data)
            except ValidationError as exc:
                other = _other_errors(form, exc)
            else:
                messages.success(request, _("Action updated."))
                return redirect("web:oversight_action", action_id=record.pk)
    context = {
        "action": record,
        "form": form if can_edit else None,
        "other_errors": other,
        "today": timezone.localdate(),
    }
    return render(request, "web/oversight/action.html", context, status=status)


# --- never alone ---------------------------------------------------------------------


@requires(Capability.NEVER_ALONE_READ, NO_NEVER_ALONE)
def never_alone(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.never_alone(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/oversight/never_alone.html", {"page": page})


# --- a person: interviews and leaving ------------------------------------------------


def _person(request: HttpRequest, person_id: str) -> Person:
    return people.person_get(user=request.user, person_id=person_id)


@requires(Capability.OVERSIGHT_WRITE, NO_OVERSIGHT)
def interview_new(request: HttpRequest, person_id: str) -> HttpResponse:
    record = _person(request, person_id)
    status, other = 200, []
    form = InterviewForm(request.POST or None)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.oversight_interview_record(
                    actor=request.user, person=record, fields=form.cleaned_data
                )
            except ValidationError as exc:
                other = _other_errors(form, exc)
            else:
                messages.success(request, _("Interview recorded."))
                return redirect("web:person", person_id=record.pk)
    context = {"form": form, "person": record, "other_errors": other}
    return render(request, "web/oversight/interview_form.html", context, status=status)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def person_leave(request: HttpRequest, person_id: str) -> HttpResponse:
    record = _person(request, person_id)
    if not policy.can_record_leaving(request.user, record):
        raise PermissionDenied(_("You may not record that this person left the group."))
    status, other = 200, []
    form = LeaveForm(request.POST or None, user=request.user)
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.person_leave(
                    actor=request.user,
                    person=record,
                    left_on=data["left_on"],
                    went_to=data.get("went_to", ""),
                    needs=list(data["needs"]),
                    notes=data["notes"],
                )
            except ValidationError as exc:
                other = _other_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Recorded as a former member; follow-up actions and a risk review created."),
                )
                return redirect("web:person", person_id=record.pk)
    context = {"form": form, "person": record, "other_errors": other}
    return render(request, "web/oversight/leave_form.html", context, status=status)


def _person_section(request: HttpRequest, person: Any, classes: frozenset[str]) -> Any:
    """On a person's page: never interviewed alone?, their oversight interviews, their
    departures from the group and the follow-up actions about them."""
    user = request.user
    if not policy.can_read_oversight(user):
        return None
    left = person.group_status == GroupStatus.FORMER_MEMBER
    return {
        "never_alone": selectors.never_interviewed_alone(person),
        "interviews": list(selectors.oversight_interviews(user=user, person=person)),
        "departures": selectors.departure_list(user=user, person=person),
        "show_went_to": policy.sees_whereabouts(user),
        "actions": selectors.pending_actions_for(user=user, person=person),
        "can_interview": policy.can_write_oversight(user) and person.status == "open",
        "can_leave": (
            policy.can_record_leaving(user, person)
            and person.status == "open"
            and not (left and person.departures.exists())
        ),
        "today": timezone.localdate(),
    }


person_section("web/oversight/_person.html", _person_section, order=60)
nav_link("web:oversight_sites", _lazy("Sites"), policy.can_read_oversight, order=40)
nav_link("web:oversight_actions", _lazy("Follow-up actions"), policy.can_read_oversight, order=41)
nav_link(
    "web:oversight_never_alone", _lazy("Never heard alone"), policy.can_read_never_alone, order=42
)

urlpatterns: list[URLPattern] = [
    path("oversight/sites/", sites, name="oversight_sites"),
    path("oversight/sites/new/", site_new, name="oversight_site_new"),
    path("oversight/sites/<uuid:site_id>/", site, name="oversight_site"),
    path("oversight/sites/<uuid:site_id>/visits/new/", visit_new, name="oversight_visit_new"),
    path("oversight/visits/<uuid:visit_id>/", visit, name="oversight_visit"),
    path(
        "oversight/visits/<uuid:visit_id>/record/", visit_complete, name="oversight_visit_complete"
    ),
    path("oversight/actions/", actions, name="oversight_actions"),
    path("oversight/actions/<uuid:action_id>/", action, name="oversight_action"),
    path("oversight/never-alone/", never_alone, name="oversight_never_alone"),
    path(
        "people/<uuid:person_id>/oversight-interview/",
        interview_new,
        name="oversight_interview_new",
    ),
    path("people/<uuid:person_id>/leave/", person_leave, name="oversight_person_leave"),
]
