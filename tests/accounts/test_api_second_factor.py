"""Issue 7 item 1: the API refuses (401) a session or token that has not proved the
second factor its user owes, on every endpoint, exactly as the pages do."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from haven.accounts.models import ApiToken
from haven.accounts.tokens import token_issue
from haven.people.services import person_create
from tests.conftest import PASSWORD
from tests.matrix import route_names

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _password_only_session(username: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("web:login"))
    response = client.post(
        reverse("web:login"),
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("web:two_factor")
    return client


@override_settings(REQUIRE_2FA=True)
def test_session_without_second_factor_is_refused_by_the_api(world):
    person = person_create(
        actor=world.caseworker,
        fields={"given_name": "Nasrin", "current_site": "Safe house 7", "address": "Room 3"},
    )
    client = _password_only_session("caseworker")
    csrf = client.cookies["csrftoken"].value
    assert client.get("/api/v1/people/").status_code == 401
    detail = client.get(f"/api/v1/people/{person.pk}/")
    assert detail.status_code == 401 and "Safe house" not in detail.content.decode()
    patch = client.patch(
        f"/api/v1/people/{person.pk}/",
        '{"place_of_origin": "Tabriz"}',
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert patch.status_code == 401
    person.refresh_from_db()
    assert person.place_of_origin == ""


@override_settings(REQUIRE_2FA=True)
def test_session_that_proved_the_second_factor_is_accepted(world):
    device = TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    client = Client()
    response = client.post(
        reverse("web:login"),
        {"username": "caseworker", "password": PASSWORD, "otp": _code(device)},
    )
    assert response.status_code == 302 and response["Location"] == reverse("web:people")
    assert client.get("/api/v1/people/").status_code == 200


def test_enrolled_user_session_on_the_password_alone_is_refused(world):
    """Even in the demo, a user who enrolled a device owes it on every way in."""
    TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    client = Client()
    client.force_login(world.caseworker)
    assert client.get("/api/v1/people/").status_code == 401


def test_token_issued_before_two_factor_was_required_stops_working(world):
    _token, key = token_issue(user=world.caseworker, now=timezone.now(), proved=False)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/people/").status_code == 200
    with override_settings(REQUIRE_2FA=True):
        assert api.get("/api/v1/people/").status_code == 401


def test_token_issued_before_enrolment_stops_working(world):
    token, key = token_issue(user=world.caseworker, now=timezone.now(), proved=False)
    ApiToken.objects.filter(pk=token.pk).update(created_at=timezone.now() - dt.timedelta(minutes=1))
    TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/people/").status_code == 401


@override_settings(REQUIRE_2FA=True)
def test_token_issued_with_the_code_works(world):
    device = TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    api = APIClient()
    refused = api.post(
        "/api/v1/auth/token/", {"username": "caseworker", "password": PASSWORD}, format="json"
    )
    assert refused.status_code == 401
    issued = api.post(
        "/api/v1/auth/token/",
        {"username": "caseworker", "password": PASSWORD, "otp": _code(device)},
        format="json",
    )
    assert issued.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    assert api.get("/api/v1/people/").status_code == 200


def _api_paths() -> list[str]:
    """Every route under /api/v1/ with its parameters filled by a placeholder id."""
    from django.urls import URLPattern, URLResolver, get_resolver

    zero = "00000000-0000-0000-0000-000000000000"
    paths: list[str] = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                path = prefix + str(p.pattern)
                if path.startswith("api/v1/"):
                    import re

                    paths.append("/" + re.sub(r"<[^>]+>", zero, path))

    walk(get_resolver().url_patterns, "")
    return paths


@override_settings(REQUIRE_2FA=True)
def test_every_api_endpoint_refuses_a_session_without_second_factor(world):
    client = _password_only_session("supervisor")
    csrf = client.cookies["csrftoken"].value
    paths = _api_paths()
    assert len(paths) == len(route_names("api/v1/"))
    failures = []
    for path in paths:
        if path == "/api/v1/auth/token/":
            continue  # sign-in itself: it checks the password and the code
        for method in ("get", "post", "patch", "put", "delete"):
            body = {} if method == "get" else {"data": "{}", "content_type": "application/json"}
            response = getattr(client, method)(path, headers={"X-CSRFToken": csrf}, **body)
            if response.status_code != 401:
                failures.append(f"{method.upper()} {path}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_enrolment_revokes_tokens_issued_on_the_password_alone(world):
    from haven.accounts.services import totp_device_confirm, totp_device_create

    token_issue(user=world.caseworker, now=timezone.now(), proved=False)
    device = totp_device_create(user=world.caseworker)
    assert totp_device_confirm(user=world.caseworker, device=device, token=_code(device))
    assert not ApiToken.objects.filter(user=world.caseworker, revoked_at__isnull=True).exists()
