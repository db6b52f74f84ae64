"""Sign-in lockout (django-axes): the answer once a username and address are locked,
and the client address behind a trusted proxy.

The answer is the same whether the username exists or not, on the web and on the API.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKED = 429


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-ins from here. Try again in %(minutes)d minutes, or ask an "
        "administrator."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=LOCKED)
    from haven.web.forms.accounts import SignInForm

    context = {"form": SignInForm(), "next": "", "lockout": lockout_message()}
    return render(request, "web/signin.html", context, status=LOCKED)


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind ``HAVEN_PROXY_HOPS`` trusted
    proxies, the address the outermost of them saw (X-Forwarded-For, from the right)."""
    hops = settings.PROXY_HOPS
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
