"""The register: the list of people, a person's page, registering and editing."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import policy, stepup
from haven.accounts.roles import Capability, DataClass
from haven.paging import CursorError, FastPaginator
from haven.people import selectors, services
from haven.people.models import OTHER_NAMES_MAX, Person
from haven.web.access import (
    NO_REGISTER,
    NO_REGISTER_WRITE,
    requires,
)
from haven.web.forms.common import add_service_errors
from haven.web.forms.people import (
    CloseForm,
    DuplicateReasonForm,
    OtherNameFormSet,
    PeopleFilterForm,
    PersonForm,
)
from haven.web.htmx import render_page
from haven.web.registry import nav_link, person_sections
from haven.web.views.merging import merge_context, merged_into
from haven.web.views.sharing import share_context

PAGE_SIZE = 25


# --- the register ---------------------------------------------------------------------


@requires(Capability.REGISTER_READ, NO_REGISTER)
def people(request: HttpRequest) -> HttpResponse:
    classes = policy.classes_for(request.user)
    form = PeopleFilterForm(request.GET or None, user=request.user, classes=classes)
    filters = form.filters() if form.is_bound else {}
    qs = selectors.person_list(user=request.user, filters=filters)
    page = paged(qs, request)
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "can_register": policy.can(request.user, Capability.REGISTER_WRITE),
    }
    return render_page(
        request, "web/people/list.html", context,
        partial="web/people/_results.html", target="results",
    )  # fmt: skip


def paged(qs: Any, request: HttpRequest) -> Any:
    """The page the request asks for: by keyset (``after``/``before``, the links deep in
    a long list) or by number; a cursor that no longer fits gives the numbered page."""
    paginator = FastPaginator(qs, PAGE_SIZE)
    after, before = request.GET.get("after"), request.GET.get("before")
    if after is not None or before is not None:
        with contextlib.suppress(CursorError):
            return paginator.keyset_page(after=after, before=before)
    return paginator.get_page(request.GET.get("page"))


def _can_edit_health(user: Any, person: Person) -> bool:
    return policy.has_class(user, DataClass.HEALTH) and policy.can_edit_fields(
        user, person, {DataClass.HEALTH}
    )


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    # Whereabouts are revealed only after a recent second-factor proof (step-up).
    locked = policy.has_class(request.user, DataClass.WHEREABOUTS) and not stepup.is_fresh(request)
    withhold = frozenset({DataClass.WHEREABOUTS}) if locked else frozenset()
    classes = selectors.person_read(user=request.user, person=person, withhold=withhold)
    context: dict[str, Any] = {
        "person": person,
        "classes": classes,
        "whereabouts_locked": locked,
        "step_up_url": stepup.step_up_url(request.get_full_path()) if locked else "",
        "can_edit": policy.can_edit_person(request.user, person),
        "can_write_documents": policy.can_write_documents(request.user, person),
        "can_edit_health": _can_edit_health(request.user, person),
    }
    if DataClass.DOCUMENTS in classes:
        flags = selectors.documentation_flags(person)
        context["documents"] = list(selectors.document_list(user=request.user, person=person))
        context["flags"] = flags
    return context


@requires(Capability.REGISTER_READ, NO_REGISTER)
def person(request: HttpRequest, person_id: str) -> HttpResponse:
    record = selectors.person_get(user=request.user, person_id=person_id)
    context = _person_context(request, record)
    context["sections"] = person_sections(request, record, context["classes"])
    context["close_form"] = CloseForm()
    context["merged_into"] = merged_into(request, record)
    context.update(merge_context(request, record))
    context.update(share_context(request, record))
    return render(request, "web/people/detail.html", context)


def _names_with_extra_row(data: Any) -> Any:
    data = data.copy()
    key = "names-TOTAL_FORMS"
    try:
        data[key] = str(min(int(data.get(key, "0")) + 1, OTHER_NAMES_MAX))
    except ValueError:
        data[key] = "1"
    return data


def _person_form(request: HttpRequest, record: Person | None) -> HttpResponse:
    """The create and edit form; the service decides what is valid and saves.

    Registering warns of likely duplicates first; the user may go on with a reason."""
    classes = policy.classes_for(request.user)
    agency = record.agency if record else request.user.agency
    status, other_errors, names_errors, duplicates = 200, [], [], []
    if request.method == "POST":
        data = request.POST
        if "add_name" in data:
            data = _names_with_extra_row(data)
        form = PersonForm(data, classes=classes, agency=agency)
        names = OtherNameFormSet(data, prefix="names")
        reason_form = DuplicateReasonForm(data)
        valid = form.is_valid() & names.is_valid() & reason_form.is_valid()
        if "add_name" not in data and valid:
            fields = form.service_fields(names.names())
            try:
                if record is None:
                    saved = services.person_create(
                        actor=request.user,
                        fields=fields,
                        check_duplicates=True,
                        duplicate_reason=reason_form.cleaned_data["duplicate_reason"],
                    )
                    messages.success(request, _("%(name)s is registered.") % {"name": saved})
                else:
                    saved = services.person_update(actor=request.user, person=record, fields=fields)
                    messages.success(request, _("Changes saved."))
                return redirect("web:person", person_id=saved.pk)
            except services.DuplicateWarning as warning:
                duplicates = warning.matches
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                names_errors = rest.pop("other_names", [])
                other_errors = [m for messages_ in rest.values() for m in messages_]
        if "add_name" not in data:
            status = 409 if duplicates else 400
    else:
        initial = PersonForm.initial_for(record, classes) if record else {}
        form = PersonForm(initial=initial, classes=classes, agency=agency)
        names = OtherNameFormSet(initial=record.other_names if record else None, prefix="names")
        reason_form = DuplicateReasonForm()
    context = {
        "form": form,
        "names": names,
        "names_errors": names_errors,
        "other_errors": other_errors,
        "duplicates": duplicates,
        "reason_form": reason_form,
        "person": record,
    }
    return render(request, "web/people/form.html", context, status=status)


@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
def person_new(request: HttpRequest) -> HttpResponse:
    return _person_form(request, None)


@requires(Capability.REGISTER_WRITE, NO_REGISTER_WRITE)
@stepup.step_up  # the form shows the current whereabouts
def person_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    record = selectors.person_get(user=request.user, person_id=person_id)
    if not policy.can_edit_person(request.user, record):
        raise PermissionDenied(_("You may not change this person's record."))
    if request.method == "GET":
        selectors.person_read(user=request.user, person=record)  # the form shows its data
    return _person_form(request, record)


def _close_or_reopen(request: HttpRequest, person_id: str, *, close: bool) -> HttpResponse:
    record = selectors.person_get(user=request.user, person_id=person_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason."))
        return redirect("web:person", person_id=record.pk)
    action = services.person_close if close else services.person_reopen
    try:
        action(actor=request.user, person=record, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Record closed.") if close else _("Record reopened."))
    return redirect("web:person", person_id=record.pk)


@require_POST
@requires(Capability.REGISTER_READ, NO_REGISTER)
def person_close(request: HttpRequest, person_id: str) -> HttpResponse:
    return _close_or_reopen(request, person_id, close=True)


@require_POST
@requires(Capability.REGISTER_READ, NO_REGISTER)
def person_reopen(request: HttpRequest, person_id: str) -> HttpResponse:
    return _close_or_reopen(request, person_id, close=False)


@require_http_methods(["GET", "POST"])
@requires(Capability.REGISTER_READ, NO_REGISTER)
def person_health(request: HttpRequest, person_id: str) -> HttpResponse:
    """Health workers record health data, and only that, for people in their scope."""
    record = selectors.person_get(user=request.user, person_id=person_id)
    if not _can_edit_health(request.user, record):
        raise PermissionDenied(_("You may not record health information for this person."))
    health = {DataClass.HEALTH}
    status, other_errors = 200, []
    if request.method == "POST":
        form = PersonForm(request.POST, classes=health, agency=record.agency)
        status = 400
        if form.is_valid():
            try:
                services.person_update(
                    actor=request.user, person=record, fields=form.service_fields(None)
                )
            except ValidationError as exc:
                rest = add_service_errors(form, exc)
                other_errors = [m for messages_ in rest.values() for m in messages_]
            else:
                messages.success(request, _("Health information saved."))
                return redirect("web:person", person_id=record.pk)
    else:
        selectors.person_read(user=request.user, person=record)  # the form shows health data
        initial = PersonForm.initial_for(record, health)
        form = PersonForm(initial=initial, classes=health, agency=record.agency)
    context = {"form": form, "person": record, "other_errors": other_errors}
    return render(request, "web/people/health.html", context, status=status)


nav_link("web:people", _lazy("People"), lambda u: policy.can(u, Capability.REGISTER_READ), order=10)
nav_link(
    "web:person_new",
    _lazy("Register a person"),
    lambda u: policy.can(u, Capability.REGISTER_WRITE),
    order=30,
)
