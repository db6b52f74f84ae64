"""Issue 11 item 4: hashed, expiring, revocable tokens; session timeouts; disabling a
user, changing their role or agency, or resetting their password ends their sessions
and revokes their tokens at once; Cache-Control: no-store."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from haven.accounts import administration as admin
from haven.accounts.tokens import token_issue
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post(reverse("web:login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _token_client(user, now=None) -> APIClient:
    _token, key = token_issue(user=user, now=now or timezone.now(), proved=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def _live(web: Client, api: APIClient) -> tuple[int, int]:
    return web.get(reverse("web:people")).status_code, api.get("/api/v1/people/").status_code


# --- tokens ----------------------------------------------------------------------------


def test_tokens_are_unreadable_in_the_raw_database(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "caseworker", "password": PASSWORD}, format="json"
    )
    key = response.json()["token"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        rows = cursor.fetchall()
    assert rows and all(key not in str(row) and key[3:] not in str(row) for row in rows)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/people/").status_code == 200


def test_tokens_expire(world):
    with time_machine.travel(START, tick=False):
        api = _token_client(world.caseworker, now=START)
        assert api.get("/api/v1/people/").status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=12, minutes=1), tick=False):
        assert api.get("/api/v1/people/").status_code == 401


def test_a_token_is_revoked_by_signing_out_of_the_api(world):
    api = _token_client(world.caseworker)
    assert api.delete("/api/v1/auth/token/").status_code == 204
    assert api.get("/api/v1/people/").status_code == 401


# --- ending access at once -------------------------------------------------------------


def test_disabling_a_user_ends_their_session_and_token_at_once(world):
    web, api = _signed_in("caseworker"), _token_client(world.caseworker)
    assert _live(web, api) == (200, 200)
    admin.user_set_active(actor=world.admin, user=world.caseworker, active=False)
    status, api_status = _live(web, api)
    assert status == 302 and api_status == 401


def test_changing_a_role_ends_their_session_and_token_at_once(world):
    web, api = _signed_in("caseworker"), _token_client(world.caseworker)
    assert _live(web, api) == (200, 200)
    admin.user_update(
        actor=world.admin, user=world.caseworker, role="supervisor", agency=world.north
    )
    status, api_status = _live(web, api)
    assert status == 302 and api_status == 401


def test_changing_an_agency_ends_their_session_and_token_at_once(world):
    web, api = _signed_in("caseworker"), _token_client(world.caseworker)
    admin.user_update(
        actor=world.admin, user=world.caseworker, role="caseworker", agency=world.south
    )
    status, api_status = _live(web, api)
    assert status == 302 and api_status == 401


def test_resetting_a_password_ends_their_session_and_token_at_once(world):
    web, api = _signed_in("caseworker"), _token_client(world.caseworker)
    link = admin.user_password_reset(actor=world.admin, user=world.caseworker, now=timezone.now())
    assert "/invitation/" in link
    status, api_status = _live(web, api)
    assert status == 302 and api_status == 401
    assert (
        APIClient()
        .post(
            "/api/v1/auth/token/", {"username": "caseworker", "password": PASSWORD}, format="json"
        )
        .status_code
        == 401
    )


def test_marking_an_agency_inactive_ends_its_users_access(world):
    web, api = _signed_in("caseworker"), _token_client(world.caseworker)
    admin.agency_update(actor=world.admin, agency=world.north, fields={"active": False})
    status, api_status = _live(web, api)
    assert status == 302 and api_status == 401
    assert (
        Client()
        .post(reverse("web:login"), {"username": "caseworker", "password": PASSWORD})
        .status_code
        == 400
    )


# --- session timeouts ------------------------------------------------------------------


def test_idle_timeout(world):
    with time_machine.travel(START, tick=False):
        web = _signed_in("caseworker")
    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        assert web.get(reverse("web:people")).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=58), tick=False):
        assert web.get(reverse("web:people")).status_code == 200  # 29 minutes idle
    with time_machine.travel(START + dt.timedelta(minutes=89), tick=False):
        response = web.get(reverse("web:people"))  # 31 minutes idle
        assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_absolute_timeout(world):
    with time_machine.travel(START, tick=False):
        web = _signed_in("caseworker")
    at = START
    while at < START + dt.timedelta(hours=11, minutes=45):
        at += dt.timedelta(minutes=20)
        with time_machine.travel(at, tick=False):
            assert web.get(reverse("web:people")).status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=12, minutes=5), tick=False):
        assert web.get(reverse("web:people")).status_code == 302


def test_timeouts_are_configurable(world, settings):
    settings.SESSION_IDLE_MINUTES = 5
    with time_machine.travel(START, tick=False):
        web = _signed_in("caseworker")
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        assert web.get(reverse("web:people")).status_code == 302


# --- caching ---------------------------------------------------------------------------


def test_pages_and_api_answers_are_no_store(world, person_factory):
    person = person_factory()
    web, api = _signed_in("caseworker"), _token_client(world.caseworker)
    for response in [
        web.get(reverse("web:people")),
        web.get(reverse("web:person", args=[person.pk])),
        api.get("/api/v1/people/"),
        api.get(f"/api/v1/people/{person.pk}/"),
        Client().get(reverse("web:login")),
    ]:
        assert "no-store" in response["Cache-Control"]
