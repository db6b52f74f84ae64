"""The visit's page: its visa applications, one per visitor, added and updated
through the visa services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.tracing import selectors, services
from haven.tracing.models import Enquiry
from haven.web.forms.common import add_service_errors
from haven.web.forms.tracing import NewVisaForm, VisaForm
from haven.web.views.tracing.pages import T, worker


def _visit_of(record: Enquiry, visit_id: Any) -> Any:
    found = record.visits.filter(pk=visit_id).first()
    if found is None:
        raise Http404
    return found


def _form_errors(form: Any, exc: ValidationError) -> None:
    for _name, errors in add_service_errors(form, exc).items():
        form.add_error(None, errors)


@worker
@require_http_methods(["GET", "POST"])
def visit_detail(request: HttpRequest, enquiry_id: str, visit_id: str) -> HttpResponse:
    """One visit and its visa applications; a visa is added here for a visitor."""
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)
    found = _visit_of(record, visit_id)
    form = NewVisaForm(request.POST or None, visit=found)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.visa_record(
                actor=request.user, visit=found, visitor=data.pop("visitor"), fields=data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Visa application recorded."))
            return redirect("web:tracing_visit_detail", enquiry_id=record.pk, visit_id=found.pk)
    context = {
        "enquiry": record,
        "visit": found,
        "visas": list(found.visas.select_related("visitor").order_by("visitor__name")),
        "form": form,
        "may_add": form.fields["visitor"].queryset.exists(),
    }
    status = 400 if form.errors else 200
    return render(request, "web/tracing/visit_detail.html", context, status=status)


@worker
@require_http_methods(["GET", "POST"])
def visa_edit(request: HttpRequest, enquiry_id: str, visit_id: str, visa_id: str) -> HttpResponse:
    """Update a visa application's status, reference and dates."""
    record = selectors.enquiry_get(user=request.user, enquiry_id=enquiry_id)
    found = _visit_of(record, visit_id)
    visa = found.visas.select_related("visitor").filter(pk=visa_id).first()
    if visa is None:
        raise Http404
    initial = {name: getattr(visa, name) for name in VisaForm.base_fields}
    form = VisaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.visa_update(actor=request.user, visa=visa, fields=form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Visa application updated."))
            return redirect("web:tracing_visit_detail", enquiry_id=record.pk, visit_id=found.pk)
    context = {"enquiry": record, "visit": found, "visa": visa, "form": form}
    status = 400 if form.errors else 200
    return render(request, "web/tracing/visa.html", context, status=status)


urlpatterns: list[URLPattern] = [
    path(T + "visits/<uuid:visit_id>/", visit_detail, name="tracing_visit_detail"),
    path(T + "visits/<uuid:visit_id>/visas/<uuid:visa_id>/", visa_edit, name="tracing_visa_edit"),
]
