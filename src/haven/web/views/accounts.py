"""Signing in and out, and enrolling an authenticator app."""

from __future__ import annotations

import base64

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts import services as accounts
from haven.accounts import stepup
from haven.web.access import (
    home_url,
    needs_two_factor,
)
from haven.web.forms.accounts import OneTimeCodeForm, SignInForm

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
                    stepup.mark_proved(request)
                if needs_two_factor(request):
                    return redirect("web:two_factor")
                return redirect(_next_url(request) or home_url(user))
    # the code field only where a code may be asked: two-factor required, or a user
    # with an authenticator who was just asked for its code (never in the demo)
    ask_code = settings.REQUIRE_2FA or "otp" in form.errors
    context = {"form": form, "next": _next_url(request), "ask_code": ask_code}
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
                stepup.mark_proved(request)
                request.session.pop(PENDING_DEVICE, None)
                codes = accounts.recovery_codes_create(user=request.user)
                messages.success(request, _("Two-factor sign-in is set up."))
                # Shown once, on this answer only (never stored readable for the page).
                return render(
                    request,
                    "web/recovery_codes.html",
                    {"codes": codes, "home": home_url(request.user)},
                )
            form.add_error("otp", _("That code is not right. Check the time on your phone."))
    context = {
        "form": form,
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - generated by qrcode
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "web/two_factor.html", context, status=status)
