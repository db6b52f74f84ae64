"""Signing in and out, two-factor enrolment and codes, the language and direction."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.audit.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password=PASSWORD, otp="", **extra):
    return client.post(
        reverse("web:login"),
        {"username": username, "password": password, "otp": otp, **extra},
    )


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_sign_in_and_out(world, client):
    assert client.get(reverse("web:login")).status_code == 200
    response = _sign_in(client, "caseworker")
    assert response.status_code == 302 and response["Location"] == reverse("web:people")
    assert AuditEntry.objects.filter(action="sign_in", actor_username="caseworker").exists()
    page = client.get(reverse("web:people")).content.decode()
    assert "Caseworker" in page and "North Shelter" in page
    assert client.get(reverse("web:logout")).status_code == 405
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action="sign_out", actor_username="caseworker").exists()
    assert client.get(reverse("web:people")).status_code == 302


def test_wrong_password(world, client):
    response = _sign_in(client, "caseworker", password="wrong")
    assert response.status_code == 400
    assert "Unable to sign in" in response.content.decode()
    assert AuditEntry.objects.filter(action="sign_in_failed").exists()
    assert client.get(reverse("web:people")).status_code == 302


def test_next_is_followed_when_safe(world, client):
    assert _sign_in(client, "caseworker", next="/gaps/")["Location"] == "/gaps/"
    client.post(reverse("web:logout"))
    assert _sign_in(client, "caseworker", next="https://evil.example/")["Location"] == "/"


def test_auditor_lands_on_the_audit_log(world, client):
    assert _sign_in(client, "auditor")["Location"] == reverse("web:audit")


@override_settings(REQUIRE_2FA=True)
def test_two_factor_enrolment_is_required_before_anything_else(world, client):
    response = _sign_in(client, "caseworker")
    assert response["Location"] == reverse("web:two_factor")
    # nothing else opens until enrolled
    assert client.get(reverse("web:people"))["Location"] == reverse("web:two_factor")
    page = client.get(reverse("web:two_factor"))
    html = page.content.decode()
    assert "<svg" in html
    device = TOTPDevice.objects.get(user=world.caseworker, confirmed=False)
    import base64

    assert base64.b32encode(device.bin_key).decode() in html
    # a reload keeps the same secret
    client.get(reverse("web:two_factor"))
    assert TOTPDevice.objects.get(user=world.caseworker).pk == device.pk
    bad = client.post(reverse("web:two_factor"), {"otp": "000000"})
    assert bad.status_code == 400 and "not right" in bad.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a wrong code
    ok = client.post(reverse("web:two_factor"), {"otp": _code(device)})
    assert ok.status_code == 200 and "Recovery codes" in ok.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:people")).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_enrolled_user_needs_the_code(world):
    device = TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    client = Client()
    response = _sign_in(client, "caseworker")
    assert response.status_code == 400
    assert "Enter the code from your authenticator app" in response.content.decode()
    assert client.get(reverse("web:people")).status_code == 302
    response = _sign_in(client, "caseworker", otp=_code(device))
    assert response.status_code == 302 and response["Location"] == reverse("web:people")
    assert client.get(reverse("web:people")).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_session_without_second_factor_is_not_let_in(world):
    TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    client = Client()
    client.force_login(world.caseworker)  # password only, no code
    response = client.get(reverse("web:people"))
    assert response.status_code == 302 and response["Location"] == reverse("web:login")


def test_htmx_request_when_signed_out_redirects_the_page(client):
    response = client.get(reverse("web:people"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("web:login")


def test_language_switch_and_rtl_for_persian(world, client_as):
    client = client_as(world.caseworker)
    html = client.get(reverse("web:people")).content.decode()
    assert '<html lang="en" dir="ltr">' in html
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("web:people")).content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    client.post("/i18n/setlang/", {"language": "sq", "next": "/"})
    assert '<html lang="sq" dir="ltr">' in client.get(reverse("web:people")).content.decode()


def test_friendly_404(world, client_as):
    response = client_as(world.caseworker).get("/no/such/page/")
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_the_code_field_shows_only_where_a_code_may_be_asked(world, client):
    # the demo (two-factor not required): no one-time code field to puzzle over
    assert 'name="otp"' not in client.get(reverse("web:login")).content.decode()
    with override_settings(REQUIRE_2FA=True):
        assert 'name="otp"' in client.get(reverse("web:login")).content.decode()
    # a user who enrolled anyway is asked for the code, with the field to type it in
    TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    response = _sign_in(client, "caseworker")
    assert response.status_code == 400 and 'name="otp"' in response.content.decode()
