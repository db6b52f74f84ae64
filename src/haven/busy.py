"""A deadlock or serialization failure is answered 503 with Retry-After, never a 500.

The database rolled the transaction back, so nothing was saved and sending the request
again is safe. The API maps it in ``haven.api_common.exception_handler`` (JSON);
``BusyMiddleware`` does the same for pages and anything else outside DRF. Haven's own
lock order (``haven.audit.services._check_pending_constraints``) keeps its transactions
from deadlocking one another; this is the belt for what remains (another program's
locks, a serialization failure under a stricter isolation level).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

# PostgreSQL's SQLSTATEs for a transaction the server gave up so another could go on:
# deadlock_detected and serialization_failure.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})
RETRY_AFTER_SECONDS = 1


def is_lock_conflict(exc: BaseException) -> bool:
    """A deadlock or serialization failure the database reported (Django wraps the
    driver's error, which carries the SQLSTATE)."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in RETRYABLE_SQLSTATES


def busy_message() -> str:
    return _("The register is busy; nothing was saved. Send the request again.")


class BusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not is_lock_conflict(exc):
            return None
        return HttpResponse(
            busy_message(),
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
