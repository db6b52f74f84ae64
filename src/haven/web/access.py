"""Who may open a page at all: signed in, two-factor done when required, and the
capability the page needs. Record-level scope stays in the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django_htmx.http import HttpResponseClientRedirect

from haven.accounts import policy
from haven.accounts.policy import signin
from haven.accounts.roles import Capability
from haven.accounts.services import user_has_2fa

View = Callable[..., HttpResponse]

NO_REGISTER = gettext_lazy(
    "Your role has no access to the register of people. Ask your supervisor if you need it."
)
NO_REGISTER_WRITE = gettext_lazy("Your role may not register or change people.")
NO_DOCUMENTS = gettext_lazy("Your role has no access to documents.")
NO_AUDIT = gettext_lazy("Only auditors can read the audit log.")
NO_MERGE = gettext_lazy("Only a supervisor may merge records.")


def needs_two_factor(request: HttpRequest) -> bool:
    """True while a signed-in user still owes a second factor for this session."""
    user = request.user
    return signin.owes_second_factor(user) and not signin.session_proved(user)


def home_url(user: Any) -> str:
    """Where a user lands after signing in: the first page their role can use, or the
    page that says what their role can do (never a dead end)."""
    if policy.can(user, Capability.REGISTER_READ):
        return reverse("web:people")
    if policy.can(user, Capability.AUDIT_READ):
        return reverse("web:audit")
    if policy.can(user, Capability.ADMINISTER):
        return reverse("web:administration")
    if policy.can(user, Capability.TRACING_ENQUIRE):
        return reverse("web:tracing_enquiries")
    return reverse("web:start")


def signed_in(view: View) -> View:
    """Every page but sign-in: a signed-in user who has done two-factor when required."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(reverse(settings.LOGIN_URL))
            return redirect_to_login(request.get_full_path())
        if needs_two_factor(request):
            if user_has_2fa(request.user):
                # A device exists but this session never proved it: sign in again.
                logout(request)
                return redirect(settings.LOGIN_URL)
            return redirect("web:two_factor")
        return view(request, *args, **kwargs)

    return wrapper


def requires(capability: Capability, message: str | Promise) -> Callable[[View], View]:
    """Refuse (403, with ``message``) a role that lacks ``capability``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not policy.can(request.user, capability):
                raise PermissionDenied(str(message))
            return view(request, *args, **kwargs)

        return signed_in(wrapper)

    return decorator
