"""API authentication that no way in can use to skip the second factor.

DRF's session and token authentication accept a user on their password alone. Here a
web session that has not proved its second factor, or a token issued before the
user owed one, is refused (401), exactly as the pages refuse them.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from haven.accounts.policy import signin

SECOND_FACTOR_OWED = _("Sign in with your second factor first.")


class SessionAuthentication(authentication.SessionAuthentication):
    """A browser session, once its second factor is proved when one is owed."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if signin.owes_second_factor(user) and not signin.session_proved(user):
            raise AuthenticationFailed(SECOND_FACTOR_OWED)
        return result


class TokenAuthentication(authentication.TokenAuthentication):
    """A hashed, expiring, revocable API token (``haven.accounts.tokens``), unless it
    was issued before the user owed a second factor."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        from django.utils import timezone

        from haven.accounts.tokens import token_find

        token = token_find(key, now=timezone.now())
        if token is None:
            raise AuthenticationFailed(_("Invalid or expired token."))
        if not signin.token_proved(token.user, token.created_at):
            raise AuthenticationFailed(SECOND_FACTOR_OWED)
        return token.user, token
