"""What a request of each kind in the soak's mix costs the database (``make soak``,
issue 12): the number of queries, pinned so that a repeated lookup or a query per row
shows up here rather than as a slower soak. The ceilings are PostgreSQL's (which adds
transaction and constraint statements SQLite does not need)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from haven.accounts.models import RecoveryCodeDevice
from haven.accounts.tokens import token_issue

pytestmark = pytest.mark.django_db


def _token_client(user: Any) -> APIClient:
    _, key = token_issue(user=user, now=timezone.now(), proved=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.parametrize("required", [False, True])
def test_a_token_request_authenticates_in_two_queries(world, required, django_assert_num_queries):
    """The token with its user and agency; then the user's second-factor devices of every
    kind at once (the caseworker may not read the audit log: nothing else runs)."""
    if required:
        TOTPDevice.objects.create(user=world.caseworker, name="phone", confirmed=True)
    client = _token_client(world.caseworker)
    with override_settings(REQUIRE_2FA=required), django_assert_num_queries(2):
        assert client.get("/api/v1/audit/").status_code == 403


@pytest.mark.parametrize("kind", ["totp", "recovery"])
def test_a_device_of_any_kind_is_seen(world, kind):
    """Every kind of device is asked about: a user with only recovery codes still owes
    the second factor, and a token that did not prove it is refused."""
    client = _token_client(world.caseworker)
    assert client.get("/api/v1/people/").status_code == 200
    if kind == "totp":
        TOTPDevice.objects.create(user=world.caseworker, name="phone", confirmed=True)
    else:
        RecoveryCodeDevice.objects.create(user=world.caseworker, name="codes", confirmed=True)
    assert client.get("/api/v1/people/").status_code == 401


def _body(i: int) -> dict[str, Any]:
    """A registration as the soak sends it (synthetic)."""
    given = ["Nasrin", "Arben", "Leyla", "Reza"][i % 4]
    family = ["Rezaei", "Hoxha", "Karimi", "Gashi"][i % 4]
    return {
        "given_name": given,
        "family_name": family,
        "sex": "female",
        "birth_precision": "year",
        "birth_year": 1950 + i % 60,
        "address": f"{i} Soak Street",
        "duplicate_reason": "a different person (synthetic)",
    }


# PostgreSQL's counts (SQLite's are lower). Each kind is asked for right after another
# registration, so the matching index has a change to catch up with, as under load.
CEILINGS = {
    "search": 10,  # a page reads its ids, then its rows (haven.paging)
    "list": 5,
    "read": 8,
    "register": 24,  # likely duplicates found: the registration and the override audited
    "edit": 11,
    "document": 10,
    "match": 8,
}


@pytest.mark.parametrize("kind", list(CEILINGS))
def test_each_kind_of_soak_request_costs_a_fixed_number_of_queries(
    world, kind, django_assert_max_num_queries
):
    """However many people the page or the search holds: no query per row."""
    client = _token_client(world.caseworker)
    ids = [client.post("/api/v1/people/", _body(i), format="json").json()["id"] for i in range(12)]
    for pid in ids:
        document = {"kind": "passport", "status": "issued", "number": f"P{pid[:6]}"}
        assert (
            client.post(f"/api/v1/people/{pid}/documents/", document, format="json").status_code
            == 201
        )
    requests = {
        "search": lambda: client.get("/api/v1/people/", {"search": "Rezaei"}),
        "list": lambda: client.get("/api/v1/people/", {"status": "open"}),
        "read": lambda: client.get(f"/api/v1/people/{ids[0]}/"),
        "register": lambda: client.post("/api/v1/people/", _body(99), format="json"),
        "edit": lambda: client.patch(
            f"/api/v1/people/{ids[1]}/", {"place_of_origin": "Tabriz"}, format="json"
        ),
        "document": lambda: client.post(
            f"/api/v1/people/{ids[2]}/documents/",
            {"kind": "residence_permit", "status": "applied"},
            format="json",
        ),
        "match": lambda: client.post(
            "/api/v1/match/", {"given_name": "Nasrin", "family_name": "Rezaei"}, format="json"
        ),
    }
    requests[kind]()  # the first of its kind in this process builds what it caches
    client.post("/api/v1/people/", _body(50), format="json")
    with django_assert_max_num_queries(CEILINGS[kind]):
        response = requests[kind]()
    assert response.status_code in (200, 201), response.content
    if kind in ("search", "list"):
        assert response.json()["count"] >= 3
