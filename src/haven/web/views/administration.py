"""The administration pages (agencies and accounts), the invitation page that sets a
password, the step-up page, and the start page that tells each role what it can do."""

from __future__ import annotations

import django_otp
from django.contrib import auth, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts import administration as services
from haven.accounts import policy, selectors, stepup
from haven.accounts.policy import administration as rules
from haven.accounts.roles import ROLE_CAPABILITIES, ROLE_CLASSES, Capability, DataClass
from haven.accounts.services import verify_otp
from haven.web.access import home_url, requires, signed_in
from haven.web.forms.accounts import OneTimeCodeForm
from haven.web.forms.administration import (
    AgencyEditForm,
    AgencyForm,
    SetPasswordForm,
    UserForm,
    UserRoleForm,
)
from haven.web.registry import nav_link

NO_ADMIN = gettext_lazy("Only an administrator may manage agencies and accounts.")


def _errors_into(form: object, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        target = field if field in form.fields else None  # type: ignore[attr-defined]
        for error in errors:
            form.add_error(target, error)  # type: ignore[attr-defined]


# --- administration -------------------------------------------------------------------


@requires(Capability.ADMINISTER, NO_ADMIN)
def administration(request: HttpRequest) -> HttpResponse:
    context = {
        "agencies": selectors.agency_list(actor=request.user),
        "users": selectors.user_list(actor=request.user),
        "resets": selectors.device_resets_pending(actor=request.user),
    }
    return render(request, "web/administration/index.html", context)


@requires(Capability.ADMINISTER, NO_ADMIN)
@require_http_methods(["GET", "POST"])
def agency_new(request: HttpRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agency_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Agency created."))
                return redirect("web:administration")
    return render(
        request,
        "web/administration/form.html",
        {"form": form, "title": _("New agency")},
        status=status,
    )


@requires(Capability.ADMINISTER, NO_ADMIN)
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, agency_id: str) -> HttpResponse:
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    initial = {"name": agency.name, "active": agency.active}
    form = AgencyEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.agency_update(actor=request.user, agency=agency, fields=form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Agency saved."))
                return redirect("web:administration")
    return render(
        request,
        "web/administration/form.html",
        {"form": form, "title": agency.name},
        status=status,
    )


def _invitation_page(request: HttpRequest, user: object, link: str) -> HttpResponse:
    return render(request, "web/administration/invitation.html", {"account": user, "link": link})


@requires(Capability.ADMINISTER, NO_ADMIN)
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user, link = services.user_create(
                    actor=request.user, now=timezone.now(), **form.cleaned_data
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                return _invitation_page(request, user, link)
    return render(
        request,
        "web/administration/form.html",
        {"form": form, "title": _("New account")},
        status=status,
    )


@requires(Capability.ADMINISTER, NO_ADMIN)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, user_id: str) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    form = UserRoleForm(
        request.POST or None, initial={"agency": account.agency_id, "role": account.role}
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.user_update(actor=request.user, user=account, **form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Account saved. Its sessions have ended."))
                return redirect("web:administration_user", user_id=account.uuid)
    context = {
        "account": account,
        "form": form,
        "may_change": rules.can_change_account(request.user, account),
        "reset": account.device_resets.filter(approved_at__isnull=True).first(),
    }
    return render(request, "web/administration/user.html", context, status=status)


@require_POST
@requires(Capability.ADMINISTER, NO_ADMIN)
def user_disable(request: HttpRequest, user_id: str) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    services.user_set_active(actor=request.user, user=account, active=False)
    messages.success(request, _("Account disabled. Its sessions and tokens have ended."))
    return redirect("web:administration_user", user_id=account.uuid)


@require_POST
@requires(Capability.ADMINISTER, NO_ADMIN)
def user_enable(request: HttpRequest, user_id: str) -> HttpResponse:
    account = selectors.user_get(actor=request.user, user_id=user_id)
    services.user_set_active(actor=request.user, user=account, active=True)
    messages.success(request, _("Account enabled."))
    return redirect("web:administration_user", user_id=account.uuid)


@require_POST
@requires(Capability.ADMINISTER, NO_ADMIN)
def user_invite(request: HttpRequest, user_id: str) -> HttpResponse:
    """A new invitation link; for an account with a password, a password reset."""
    account = selectors.user_get(actor=request.user, user_id=user_id)
    now = timezone.now()
    try:
        if account.has_usable_password():
            link = services.user_password_reset(actor=request.user, user=account, now=now)
        else:
            link = services.invitation_create(actor=request.user, user=account, now=now)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("web:administration_user", user_id=account.uuid)
    return _invitation_page(request, account, link)


@require_POST
@requires(Capability.ADMINISTER, NO_ADMIN)
def user_device_reset(request: HttpRequest, user_id: str) -> HttpResponse:
    """Four eyes: one administrator asks, a second approves."""
    account = selectors.user_get(actor=request.user, user_id=user_id)
    now = timezone.now()
    pending = account.device_resets.filter(approved_at__isnull=True).first()
    if pending is None or pending.requested_by_id == request.user.pk:
        services.device_reset_request(actor=request.user, user=account, now=now)
        messages.info(request, _("Reset asked for. A second administrator must approve it."))
    else:
        services.device_reset_approve(actor=request.user, reset=pending, now=now)
        messages.success(request, _("Two-factor reset. The user enrols again at next sign-in."))
    return redirect("web:administration_user", user_id=account.uuid)


# --- invitation (public: the link is the credential) ----------------------------------


@sensitive_post_parameters("password", "confirm")
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, secret: str) -> HttpResponse:
    now = timezone.now()
    found = services.invitation_find(secret, now=now)
    if found is None:
        return render(request, "web/administration/invitation_gone.html", status=404)
    form = SetPasswordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                user = services.invitation_accept(
                    secret=secret, password=form.cleaned_data["password"], now=now
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                if policy.signin.has_device(user):
                    # A reset password: the second factor is still owed at sign-in.
                    messages.success(request, _("Password set. Sign in with it and your code."))
                    return redirect("web:login")
                auth.login(request, user, backend="haven.accounts.backends.Backend")
                messages.success(request, _("Password set."))
                return redirect(home_url(user))
    context = {"form": form, "account": found.user}
    return render(request, "web/administration/set_password.html", context, status=status)


# --- step-up --------------------------------------------------------------------------


@sensitive_post_parameters("otp")
@never_cache
@signed_in
@require_http_methods(["GET", "POST"])
def step_up(request: HttpRequest) -> HttpResponse:
    """Ask for the second factor again, then go back to where the user was."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    next_url = next_url or home_url(request.user)
    form = OneTimeCodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            device = verify_otp(request.user, form.cleaned_data["otp"])
            if device is not None:
                django_otp.login(request, device)
                stepup.mark_proved(request)
                return redirect(next_url)
            form.add_error("otp", _("That code is not right. Check the time on your phone."))
    return render(request, "web/step_up.html", {"form": form, "next": next_url}, status=status)


# --- what each role can do ------------------------------------------------------------


@signed_in
def start(request: HttpRequest) -> HttpResponse:
    """The landing page of a role with no register: what the role can do, and where."""
    role = request.user.role
    context = {
        "capabilities": [
            Capability(c).label for c in sorted(ROLE_CAPABILITIES.get(role, frozenset()))
        ],
        "classes": [DataClass(c).label for c in sorted(ROLE_CLASSES.get(role, frozenset()))],
        "home": home_url(request.user),
    }
    return render(request, "web/start.html", context)


nav_link("web:administration", gettext_lazy("Administration"), rules.can_administer, order=90)

urlpatterns: list[URLPattern] = [
    path("administration/", administration, name="administration"),
    path("administration/agencies/new/", agency_new, name="administration_agency_new"),
    path("administration/agencies/<uuid:agency_id>/", agency_edit, name="administration_agency"),
    path("administration/users/new/", user_new, name="administration_user_new"),
    path("administration/users/<uuid:user_id>/", user_edit, name="administration_user"),
    path(
        "administration/users/<uuid:user_id>/disable/",
        user_disable,
        name="administration_user_disable",
    ),
    path(
        "administration/users/<uuid:user_id>/enable/",
        user_enable,
        name="administration_user_enable",
    ),
    path(
        "administration/users/<uuid:user_id>/invitation/",
        user_invite,
        name="administration_user_invite",
    ),
    path(
        "administration/users/<uuid:user_id>/device-reset/",
        user_device_reset,
        name="administration_user_device_reset",
    ),
    path("invitation/<str:secret>/", invitation, name="invitation"),
    path("step-up/", step_up, name="step_up"),
    path("start/", start, name="start"),
]
