"""HTML pages. Each view parses input, calls a service or selector, and renders."""

from __future__ import annotations

import base64
from typing import Any

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts import policy
from haven.accounts import services as accounts
from haven.accounts.roles import Capability, DataClass
from haven.audit.selectors import audit_entry_list
from haven.people import selectors, services
from haven.people.models import Person
from haven.web.access import home_url, needs_two_factor, requires
from haven.web.forms import (
    AuditFilterForm,
    CloseForm,
    DocumentForm,
    DuplicateReasonForm,
    GapFilterForm,
    OneTimeCodeForm,
    OtherNameFormSet,
    PeopleFilterForm,
    PersonForm,
    SignInForm,
    add_service_errors,
)
from haven.web.htmx import render_page

NO_REGISTER = gettext_lazy(
    "Your role has no access to the register of people. Ask your supervisor if you need it."
)
NO_REGISTER_WRITE = gettext_lazy("Your role may not register or change people.")
NO_DOCUMENTS = gettext_lazy("Your role has no access to documents.")
NO_AUDIT = gettext_lazy("Only auditors can read the audit log.")
PAGE_SIZE = 25
PENDING_DEVICE = "haven_pending_totp_device"


# --- signing in and out ---------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else ""


@sensitive_post_parameters("password", "otp")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not needs_two_factor(request):
        return redirect(_next_url(request) or home_url(request.user))
    form = SignInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user, device = accounts.sign_in_check(
                    request=request,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    otp=form.cleaned_data["otp"],
                )
            except accounts.SignInError as exc:
                if exc.needs_otp:
                    form.add_error("otp", _("Enter the code from your authenticator app."))
                else:
                    form.add_error(None, _("Unable to sign in with that username and password."))
            else:
                auth.login(request, user)
                if device is not None:
                    django_otp.login(request, device)
                if needs_two_factor(request):
                    return redirect("web:two_factor")
                return redirect(_next_url(request) or home_url(user))
    context = {"form": form, "next": _next_url(request)}
    return render(request, "web/signin.html", context, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    accounts.sign_out(request=request)
    messages.info(request, _("You have signed out."))
    return redirect("web:login")


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return svg[svg.index("<svg") :]  # drop the XML declaration for inline use


@sensitive_post_parameters("otp")
@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: required before anything else when REQUIRE_2FA."""
    if not needs_two_factor(request):
        return redirect(home_url(request.user))
    if accounts.user_has_2fa(request.user):
        auth.logout(request)
        return redirect("web:login")
    # Reuse the device shown on the last visit, so a reload does not change the secret.
    device = TOTPDevice.objects.filter(
        pk=request.session.get(PENDING_DEVICE), user=request.user, confirmed=False
    ).first() or accounts.totp_device_create(user=request.user)
    request.session[PENDING_DEVICE] = device.pk
    form = OneTimeCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            token = form.cleaned_data["otp"]
            if accounts.totp_device_confirm(user=request.user, device=device, token=token):
                django_otp.login(request, device)
                request.session.pop(PENDING_DEVICE, None)
                messages.success(request, _("Two-factor sign-in is set up."))
                return redirect(home_url(request.user))
            form.add_error("otp", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - generated by qrcode
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "web/two_factor.html", context, status=status)


# --- the register ---------------------------------------------------------------------


@requires(Capability.REGISTER_READ, NO_REGISTER)
def people(request: HttpRequest) -> HttpResponse:
    classes = policy.classes_for(request.user)
    form = PeopleFilterForm(request.GET or None, user=request.user, classes=classes)
    filters = form.filters() if form.is_bound else {}
    qs = selectors.person_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
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


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    classes = selectors.person_read(user=request.user, person=person)
    context: dict[str, Any] = {
        "person": person,
        "classes": classes,
        "can_edit": policy.can_edit_person(request.user, person),
        "can_write_documents": policy.can_write_documents(request.user, person),
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
    context["close_form"] = CloseForm()
    return render(request, "web/people/detail.html", context)


def _names_with_extra_row(data: Any) -> Any:
    data = data.copy()
    key = "names-TOTAL_FORMS"
    try:
        data[key] = str(min(int(data.get(key, "0")) + 1, 50))
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
def person_edit(request: HttpRequest, person_id: str) -> HttpResponse:
    record = selectors.person_get(user=request.user, person_id=person_id)
    if not policy.can_edit_person(request.user, record):
        raise PermissionDenied(_("You may not change this person's record."))
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


# --- audit ----------------------------------------------------------------------------


@requires(Capability.AUDIT_READ, NO_AUDIT)
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    entries = audit_entry_list(user=request.user, filters=filters)  # 403 unless auditor
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render_page(
        request, "web/audit.html", {"form": form, "page": page},
        partial="web/_audit_results.html", target="results",
    )  # fmt: skip
