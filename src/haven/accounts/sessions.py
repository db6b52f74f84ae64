"""Session lifetimes and caching.

``SessionTimeoutMiddleware`` ends a web session idle for ``SESSION_IDLE_MINUTES`` or
older than ``SESSION_ABSOLUTE_HOURS``, whatever the cookie says (time from
``django.utils.timezone.now``, so tests move it with time_machine). Ending a session
at once on disable, role change or password reset is done by the user's
``credentials_epoch`` (part of the session's auth hash), not here.

``NoStoreMiddleware`` marks every answer of the application ``Cache-Control: no-store``:
pages and API answers carry personal data, and no cache or back button may keep them.
Static files (served by WhiteNoise, above this middleware) keep their own caching.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

STARTED = "haven_session_started"
SEEN = "haven_session_seen"


@receiver(user_logged_in)
def _start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[STARTED] = now
        request.session[SEEN] = now


def expired(session: Any, *, now: float) -> bool:
    """Whether a session has been idle too long or lived too long."""
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:
        return True  # a session that never went through sign-in
    idle = settings.SESSION_IDLE_MINUTES * 60
    absolute = settings.SESSION_ABSOLUTE_HOURS * 3600
    return now - seen > idle or now - started > absolute


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            if expired(request.session, now=now):
                from haven.audit.models import AuditEntry
                from haven.audit.services import audit_log

                audit_log(
                    actor=user,
                    action=AuditEntry.Action.SIGN_OUT,
                    subject_type="user",
                    subject_id=user.uuid,
                    note="session timed out",
                )
                logout(request)
                request.user = AnonymousUser()
            else:
                request.session[SEEN] = now
        return self.get_response(request)


class NoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
