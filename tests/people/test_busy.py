"""A deadlock or serialization failure is a 503 with Retry-After, never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, OperationalError

from haven.busy import is_lock_conflict
from haven.people import selectors, services


class _DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def _db_error(sqlstate: str, cls: type[Exception] = OperationalError) -> Exception:
    """What Django raises: its own class, caused by the driver's error and its SQLSTATE."""
    try:
        try:
            raise _DriverError(sqlstate)
        except _DriverError as driver:
            raise cls("deadlock detected") from driver
    except cls as exc:
        return exc


@pytest.mark.parametrize(
    ("exc", "conflict"),
    [
        (_db_error("40P01"), True),  # deadlock_detected
        (_db_error("40001"), True),  # serialization_failure
        (_db_error("57014"), False),  # query_canceled: not safe to call a retry
        (_db_error("40P01", IntegrityError), False),
        (OperationalError("no cause"), False),
        (ValueError("x"), False),
    ],
)
def test_which_errors_are_lock_conflicts(exc: Exception, conflict: bool) -> None:
    assert is_lock_conflict(exc) is conflict


def test_api_answers_503_json_with_retry_after(
    world: Any, as_user: Any, person_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = person_factory()

    def deadlock(**kwargs: Any) -> None:
        raise _db_error("40P01")

    monkeypatch.setattr(services, "person_update", deadlock)
    r = as_user(world.caseworker).patch(
        f"/api/v1/people/{person.pk}/", {"given_name": "Leyla"}, format="json"
    )
    assert r.status_code == 503
    assert r["Retry-After"] == "1"
    assert r["Content-Type"].startswith("application/json")
    assert "busy" in r.json()["detail"]


def test_page_answers_503_with_retry_after(
    world: Any, client_as: Any, person_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = person_factory()

    def conflict(**kwargs: Any) -> None:
        raise _db_error("40001")

    monkeypatch.setattr(selectors, "person_get", conflict)
    client = client_as(world.caseworker)
    client.raise_request_exception = True  # a 503 must come from Haven, not the test client
    r = client.get(f"/people/{person.pk}/")
    assert r.status_code == 503
    assert r["Retry-After"] == "1"
    assert "busy" in r.content.decode()
