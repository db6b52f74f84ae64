"""A person's documents, and the documentation-gap view."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from haven.accounts import policy
from haven.accounts.roles import Capability, DataClass
from haven.people import selectors, services
from haven.people.models import Person
from haven.web.access import (
    NO_DOCUMENTS,
    NO_REGISTER,
    requires,
)
from haven.web.forms.common import add_service_errors
from haven.web.forms.documents import DocumentForm, GapFilterForm
from haven.web.htmx import render_page
from haven.web.registry import nav_link
from haven.web.views.people import _person_context

# --- documents ------------------------------------------------------------------------


def _documents_person(request: HttpRequest, person_id: str) -> Person:
    if not policy.has_class(request.user, DataClass.DOCUMENTS):
        raise PermissionDenied(NO_DOCUMENTS)
    return selectors.person_get(user=request.user, person_id=person_id)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def documents(request: HttpRequest, person_id: str) -> HttpResponse:
    record = _documents_person(request, person_id)
    return render(request, "web/documents/list.html", _person_context(request, record))


def _document_form(request: HttpRequest, record: Person, document: Any) -> HttpResponse:
    if not policy.can_write_documents(request.user, record):
        raise PermissionDenied(_("You may not record documents for this person."))
    status, other_errors = 200, []
    if request.method == "POST":
        form = DocumentForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                if document is None:
                    services.document_create(
                        actor=request.user, person=record, fields=form.cleaned_data
                    )
                    messages.success(request, _("Document recorded."))
                else:
                    services.document_update(
                        actor=request.user, document=document, fields=form.cleaned_data
                    )
                    messages.success(request, _("Document updated."))
                return redirect("web:documents", person_id=record.pk)
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                other_errors = [m for messages_ in rest.values() for m in messages_]
    else:
        form = DocumentForm(initial=DocumentForm.initial_for(document) if document else None)
    context = {"form": form, "person": record, "document": document, "other_errors": other_errors}
    return render(request, "web/documents/form.html", context, status=status)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def document_new(request: HttpRequest, person_id: str) -> HttpResponse:
    return _document_form(request, _documents_person(request, person_id), None)


@requires(Capability.REGISTER_READ, NO_REGISTER)
def document_edit(request: HttpRequest, person_id: str, document_id: str) -> HttpResponse:
    record = _documents_person(request, person_id)
    document = selectors.document_get(user=request.user, person=record, document_id=document_id)
    return _document_form(request, record, document)


def _has_gap(gap: selectors.DocumentationGap, kind: str) -> bool:
    if kind.startswith("missing_"):
        return kind.removeprefix("missing_") in gap.missing
    if kind == "expiring":
        return bool(gap.expiring)
    if kind == "held":
        return bool(gap.held_by_others)
    return True


@requires(Capability.REGISTER_READ, NO_REGISTER)
def gaps(request: HttpRequest) -> HttpResponse:
    if not policy.has_class(request.user, DataClass.DOCUMENTS):
        raise PermissionDenied(NO_DOCUMENTS)
    form = GapFilterForm(request.GET or None)
    kind = form.cleaned_data.get("gap", "") if form.is_valid() else ""
    rows = [g for g in selectors.documentation_gaps(user=request.user) if _has_gap(g, kind)]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render_page(
        request, "web/gaps.html", {"form": form, "page": page},
        partial="web/_gaps_results.html", target="results",
    )  # fmt: skip


nav_link(
    "web:gaps",
    _lazy("Documentation gaps"),
    lambda u: policy.can(u, Capability.REGISTER_READ) and policy.has_class(u, DataClass.DOCUMENTS),
    order=20,
)
