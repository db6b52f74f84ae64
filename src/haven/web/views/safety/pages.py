"""The safety pages: record each kind of safety record for a person, a threat's, an
incident's and a death's page, welfare checks due this week, and the person's safety
section (through haven.web.registry)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from haven.accounts.policy import can
from haven.accounts.policy import safety as safety_policy
from haven.accounts.roles import Capability
from haven.people import selectors as people_selectors
from haven.people.models import Person
from haven.safety import selectors, services
from haven.safety.services.assessments import reason_text
from haven.web.access import NO_REGISTER, requires
from haven.web.forms.common import add_service_errors
from haven.web.forms.safety import (
    AssessmentForm,
    CheckForm,
    DeathForm,
    EscalateForm,
    IncidentForm,
    MeasureForm,
    ThreatForm,
)
from haven.web.registry import nav_link, person_section

NO_SAFETY = _lazy("Your role sees no safety data.")
NOT_YOURS = _lazy("You may not record safety data for this person.")


def _person(request: HttpRequest, person_id: str, allowed: Callable[[Any, Any], bool]) -> Person:
    """The person in the user's scope (else 404) whom they may record for (else 403)."""
    person = people_selectors.person_get(user=request.user, person_id=person_id)
    if not allowed(request.user, person):
        raise PermissionDenied(str(NOT_YOURS))
    return person


def _form_page(
    request: HttpRequest,
    person: Person,
    form_class: type[Any],
    title: str,
    save: Callable[[Any], Any],
    done: str,
    *,
    instance: Any = None,
    back: str = "",
) -> HttpResponse:
    status, other_errors = 200, []
    if request.method == "POST":
        form = form_class(request.POST, instance=instance)
        status = 400
        if form.is_valid():
            try:
                save(form)
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                other_errors = [m for msgs in rest.values() for m in msgs]
            else:
                messages.success(request, done)
                return redirect(back or f"/people/{person.pk}/")
    else:
        form = form_class(instance=instance)
    context = {
        "form": form,
        "person": person,
        "title": title,
        "other_errors": other_errors,
        "back": back or f"/people/{person.pk}/",
    }
    return render(request, "web/safety/form.html", context, status=status)


@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def threat_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, safety_policy.can_record)

    def save(form: ThreatForm) -> Any:
        fields = {k: v for k, v in form.service_fields().items() if v is not None}
        return services.threat_create(
            actor=request.user,
            fields=fields,
            targets=[person.pk],
            group=form.group(),
            now=timezone.now(),
        )

    return _form_page(
        request, person, ThreatForm, _("Record a threat"), save, _("Threat recorded.")
    )


@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def incident_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, safety_policy.can_record)

    def save(form: IncidentForm) -> Any:
        return services.incident_create(
            actor=request.user,
            fields=form.service_fields(),
            people=[(person.pk, form.cleaned_data["part"])],
            now=timezone.now(),
        )

    return _form_page(
        request, person, IncidentForm, _("Record an incident"), save, _("Incident recorded.")
    )


@requires(Capability.SAFETY_ASSESS, NOT_YOURS)
def assessment_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, safety_policy.can_assess)

    def save(form: AssessmentForm) -> Any:
        fields = {k: v for k, v in form.service_fields().items() if v is not None}
        return services.assessment_create(
            actor=request.user, person=person, fields=fields, now=timezone.now()
        )

    return _form_page(request, person, AssessmentForm, _("Assess risk"), save, _("Risk assessed."))


@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def check_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, safety_policy.can_record)

    def save(form: CheckForm) -> Any:
        fields = form.service_fields()
        if fields.get("checked_at") is None:
            fields.pop("checked_at", None)
        return services.welfare_check_record(
            actor=request.user, person=person, fields=fields, now=timezone.now()
        )

    return _form_page(
        request,
        person,
        CheckForm,
        _("Record a welfare check"),
        save,
        _("Welfare check recorded."),
    )


@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def measure_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, safety_policy.can_record)

    def save(form: MeasureForm) -> Any:
        fields = form.service_fields()
        if fields.get("starts_on") is None:
            fields.pop("starts_on", None)
        return services.measure_create(
            actor=request.user, person=person, fields=fields, now=timezone.now()
        )

    return _form_page(
        request,
        person,
        MeasureForm,
        _("Record a protective measure"),
        save,
        _("Protective measure recorded."),
    )


@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def death_new(request: HttpRequest, person_id: str) -> HttpResponse:
    person = _person(request, person_id, safety_policy.can_record)

    def save(form: DeathForm) -> Any:
        return services.death_record(
            actor=request.user, person=person, fields=form.service_fields(), now=timezone.now()
        )

    return _form_page(request, person, DeathForm, _("Record a death"), save, _("Death recorded."))


# --- records ----------------------------------------------------------------------------


@requires(Capability.REGISTER_READ, NO_REGISTER)
def threat(request: HttpRequest, threat_id: str) -> HttpResponse:
    if not safety_policy.can_read_safety(request.user):
        raise PermissionDenied(str(NO_SAFETY))
    record = selectors.threat_get(user=request.user, threat_id=threat_id)
    selectors.safety_read(user=request.user, subject_type="threat", records=[record])
    targets = selectors.visible_targets(user=request.user, threat=record)
    writable = record.is_open and any(
        safety_policy.can_record(request.user, link.person) for link in targets
    )
    context = {
        "threat": record,
        "targets": targets,
        "incidents": selectors.incident_list(user=request.user).filter(threats=record),
        "can_act": writable,
        "escalate_form": EscalateForm(),
    }
    return render(request, "web/safety/threat.html", context)


def _act(request: HttpRequest, action: Callable[[], Any], done: str) -> None:
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


@require_POST
@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def threat_escalate(request: HttpRequest, threat_id: str) -> HttpResponse:
    record = selectors.threat_get(user=request.user, threat_id=threat_id)
    form = EscalateForm(request.POST)
    reference = form.cleaned_data["police_reference"] if form.is_valid() else ""
    _act(
        request,
        lambda: services.threat_escalate(
            actor=request.user, threat=record, police_reference=reference, now=timezone.now()
        ),
        _("Escalated to the police; the people it targets are shared with them."),
    )
    return redirect("web:safety_threat", threat_id=record.pk)


@require_POST
@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def threat_close(request: HttpRequest, threat_id: str) -> HttpResponse:
    record = selectors.threat_get(user=request.user, threat_id=threat_id)
    _act(
        request,
        lambda: services.threat_close(actor=request.user, threat=record, now=timezone.now()),
        _("Threat report closed."),
    )
    return redirect("web:safety_threat", threat_id=record.pk)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def incident(request: HttpRequest, incident_id: str) -> HttpResponse:
    if not safety_policy.can_read_incidents(request.user):
        raise PermissionDenied(str(NO_SAFETY))
    record = selectors.incident_get(user=request.user, incident_id=incident_id)
    classes = {"safety", "health"} if record.kind in safety_policy.HEALTH_INCIDENT_KINDS else set()
    selectors.safety_read(
        user=request.user, subject_type="incident", records=[record], classes=classes
    )
    involvements = selectors.visible_involvements(user=request.user, incident=record)
    context = {
        "incident": record,
        "can_edit": can(request.user, Capability.SAFETY_WRITE)
        and any(safety_policy.can_record(request.user, p) for p in record.people.all()),
        "involvements": involvements,
        "threats": selectors.threat_list(user=request.user).filter(incidents=record),
    }
    return render(request, "web/safety/incident.html", context)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def death(request: HttpRequest, death_id: str) -> HttpResponse:
    """The death record, with the person's threats, incidents and last checks beside it;
    its form records what became known (post-mortem, investigation, burial)."""
    if not safety_policy.can_read_deaths(request.user):
        raise PermissionDenied(str(NO_SAFETY))
    record = selectors.death_get(user=request.user, death_id=death_id)
    person = record.person
    writable = record.status == "open" and safety_policy.can_record(request.user, person)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied(str(NOT_YOURS))

        def save(form: DeathForm) -> Any:
            return services.death_update(
                actor=request.user, death=record, fields=form.service_fields(), now=timezone.now()
            )

        return _form_page(
            request,
            person,
            DeathForm,
            _("Death record"),
            save,
            _("Death record updated."),
            instance=record,
            back=f"/safety/deaths/{record.pk}/",
        )
    selectors.safety_read(
        user=request.user, subject_type="death", records=[record], classes={"safety", "health"}
    )
    context = {
        "death": record,
        "person": person,
        "beside": selectors.person_safety(user=request.user, person=person, now=timezone.now()),
        "form": DeathForm(instance=record) if writable else None,
        "can_act": writable,
    }
    return render(request, "web/safety/death.html", context)


@require_POST
@requires(Capability.SAFETY_WRITE, NOT_YOURS)
def death_close(request: HttpRequest, death_id: str) -> HttpResponse:
    record = selectors.death_get(user=request.user, death_id=death_id)
    _act(
        request,
        lambda: services.death_close(actor=request.user, death=record, now=timezone.now()),
        _("Death record closed."),
    )
    return redirect("web:safety_death", death_id=record.pk)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def checks_due(request: HttpRequest) -> HttpResponse:
    """Welfare checks due this week (and those overdue), soonest first."""
    if not safety_policy.can_read_safety(request.user):
        raise PermissionDenied(str(NO_SAFETY))
    rows = selectors.checks_due(user=request.user, now=timezone.now(), days=7)
    selectors.safety_read(
        user=request.user, subject_type="person", records=[r.person for r in rows]
    )
    return render(request, "web/safety/checks_due.html", {"rows": rows})


# --- the person's safety section -------------------------------------------------------


def _section(request: HttpRequest, person: Any, classes: frozenset[str]) -> dict[str, Any] | None:
    user = request.user
    if not safety_policy.can_read_incidents(user):
        return None
    data = selectors.person_safety(user=user, person=person, now=timezone.now())
    open_record = person.status == "open" and not data.get("death")
    data.update(
        can_record=open_record and safety_policy.can_record(user, person),
        can_assess=open_record and safety_policy.can_assess(user, person),
        can_record_death=(
            person.status == "open"
            and not data.get("death")
            and safety_policy.can_record(user, person)
        ),
        reasons=[reason_text(r) for r in data["assessments"][0].reasons]
        if data.get("assessments")
        else [],
    )
    return data


person_section("web/safety/_section.html", _section, order=30)
nav_link("web:safety_checks_due", _lazy("Checks due"), safety_policy.can_read_safety, order=25)

urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/safety/threats/new/", threat_new, name="safety_threat_new"),
    path("people/<uuid:person_id>/safety/incidents/new/", incident_new, name="safety_incident_new"),
    path(
        "people/<uuid:person_id>/safety/assessments/new/",
        assessment_new,
        name="safety_assessment_new",
    ),
    path("people/<uuid:person_id>/safety/checks/new/", check_new, name="safety_check_new"),
    path("people/<uuid:person_id>/safety/measures/new/", measure_new, name="safety_measure_new"),
    path("people/<uuid:person_id>/safety/death/new/", death_new, name="safety_death_new"),
    path("safety/threats/<uuid:threat_id>/", threat, name="safety_threat"),
    path(
        "safety/threats/<uuid:threat_id>/escalate/",
        threat_escalate,
        name="safety_threat_escalate",
    ),
    path("safety/threats/<uuid:threat_id>/close/", threat_close, name="safety_threat_close"),
    path("safety/incidents/<uuid:incident_id>/", incident, name="safety_incident"),
    path("safety/deaths/<uuid:death_id>/", death, name="safety_death"),
    path("safety/deaths/<uuid:death_id>/close/", death_close, name="safety_death_close"),
    path("safety/checks/due/", checks_due, name="safety_checks_due"),
]
