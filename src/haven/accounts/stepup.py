"""Step-up: ask for the second factor again before a sensitive act when its last proof
is older than ``STEP_UP_MINUTES`` (5).

Reusable by any module:

- pages: ``@step_up`` under ``@requires(...)`` on a view (a stale proof redirects to
  ``web:step_up`` and back), or ``is_fresh(request)`` to hide part of a page (the
  person page hides whereabouts behind a "show" link to the step-up page);
- the API: ``require_fresh(request)`` in a view raises ``StepUpRequired`` (403, code
  ``step_up_required``); the client proves again with ``POST /api/v1/auth/step-up/``
  ``{"otp": "123456"}``, which stamps its token (or session).

Where no second factor is owed (the local demo, for a user with no device), nothing
is asked. The proof time lives in the session (``PROVED``) or on the API token
(``ApiToken.proved_at``); time from ``django.utils.timezone.now`` unless ``now`` is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException

from haven.accounts.policy import signin

PROVED = "haven_second_factor_at"


class StepUpRequired(APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_detail = _("Confirm with a code from your authenticator app first.")
    default_code = "step_up_required"

    def __init__(self) -> None:
        # {"detail": ..., "code": "step_up_required"}: a client tells it from other 403s.
        super().__init__({"detail": str(self.default_detail), "code": self.default_code})


def _token(request: Any) -> Any:
    from haven.accounts.models import ApiToken

    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def proved_at(request: Any) -> dt.datetime | None:
    token = _token(request)
    if token is not None:
        return token.proved_at
    stamp = request.session.get(PROVED) if hasattr(request, "session") else None
    return dt.datetime.fromtimestamp(stamp, tz=dt.UTC) if stamp else None


def mark_proved(request: Any, *, now: dt.datetime | None = None) -> None:
    """Record that the second factor was just proved (at sign-in, or on the step-up)."""
    now = now or timezone.now()
    token = _token(request)
    if token is not None:
        token.proved_at = now
        token.save(update_fields=["proved_at"])
    elif hasattr(request, "session"):
        request.session[PROVED] = now.timestamp()


def is_fresh(request: Any, *, now: dt.datetime | None = None) -> bool:
    """True when no second factor is owed, or its last proof is recent enough."""
    user = getattr(request, "user", None)
    if not signin.owes_second_factor(user):
        return True
    at = proved_at(request)
    if at is None:
        return False
    now = now or timezone.now()
    return now - at <= dt.timedelta(minutes=settings.STEP_UP_MINUTES)


def require_fresh(request: Any) -> None:
    """For API views: raise ``StepUpRequired`` (403) unless the proof is fresh."""
    if not is_fresh(request):
        raise StepUpRequired()


def step_up_url(next_url: str) -> str:
    return reverse("web:step_up") + "?" + urlencode({"next": next_url})


def step_up(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For page views: send a stale proof to the step-up page, then back here."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_fresh(request):
            url = step_up_url(request.get_full_path())
            if getattr(request, "htmx", False):
                from django_htmx.http import HttpResponseClientRedirect

                return HttpResponseClientRedirect(url)
            return redirect(url)
        return view(request, *args, **kwargs)

    return wrapper
