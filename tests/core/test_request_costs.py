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
