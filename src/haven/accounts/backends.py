"""The password backend: an inactive user, or a user of an inactive agency, cannot sign
in, and their open sessions end (Django asks ``user_can_authenticate`` on every
request through ``get_user``)."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend


def may_sign_in(user: Any) -> bool:
    if user is None or not getattr(user, "is_active", False):
        return False
    agency = getattr(user, "agency", None)
    return agency is None or agency.active


class Backend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return may_sign_in(user)


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins over HTTP (a request to count by address).
    A sign-in from code without a request (a shell, Client.login in a test) is not a way in
    from outside and has no address to count: it skips the check instead of failing."""

    def authenticate(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
