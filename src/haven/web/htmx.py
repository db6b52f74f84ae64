"""The one helper for htmx partials: a whole page, or just the part htmx asked for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    target: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render ``template``; when htmx asks to swap the element ``target``, render only
    ``partial`` (which the full template includes), so one view serves both."""
    htmx = getattr(request, "htmx", None)
    wanted = partial and htmx and not htmx.history_restore_request and htmx.target == target
    response = render(request, partial if wanted else template, context, status=status)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response
