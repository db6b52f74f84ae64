"""OpenAPI descriptions of Haven's authentication classes (drf-spectacular), so the
schema names them and ``haven check --deploy`` has nothing to warn about."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme, TokenScheme


class HavenSessionScheme(SessionScheme):
    target_class = "haven.accounts.authentication.SessionAuthentication"


class HavenTokenScheme(TokenScheme):
    target_class = "haven.accounts.authentication.TokenAuthentication"
