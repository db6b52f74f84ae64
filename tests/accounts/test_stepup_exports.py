"""Step-up (the second factor asked again after 5 minutes) on every export of personal
data: the referral print and export pages and the referral and petition API, the
subject-access export (page and API; the CLI is an operator's and exempt), and the
tracing letter to the family."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from haven.accounts.models import ApiToken
from haven.referrals.services import petition_create, receiving_body_create, referral_create
from haven.tracing import services as tracing
from tests.conftest import PASSWORD
from tests.tracing.helpers import enquiry_fields

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 2, 9, 0, 5, tzinfo=dt.UTC)  # after the devices' creation


def _code(device: TOTPDevice, at: dt.datetime) -> str:
    token = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    token.time = at.timestamp()
    return f"{token.token():06d}"


def _sign_in(user, at: dt.datetime) -> Client:
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    with time_machine.travel(at, tick=False):
        response = client.post(
            reverse("web:login"),
            {"username": user.username, "password": PASSWORD, "otp": _code(device, at)},
        )
    assert response.status_code == 302, response.content
    return client


def _api(user, proved_at: dt.datetime | None) -> APIClient:
    client = APIClient()
    client.force_authenticate(user, token=ApiToken(user=user, proved_at=proved_at))
    return client


def _asks_step_up(client: Client, url: str) -> None:
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert client.get(url).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:step_up"))


def _api_asks_step_up(user, url: str) -> None:
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        refused = _api(user, START).get(url)
        assert refused.status_code == 403 and refused.json()["code"] == "step_up_required"
        fresh = _api(user, START + dt.timedelta(minutes=5, seconds=30)).get(url)
        assert fresh.status_code == 200


@pytest.fixture
def referral(world, person_factory):
    body = receiving_body_create(
        actor=None, fields={"name": "Harbour Legal Aid", "kind": "legal_aid"}
    )
    person = person_factory(phone="+355 69 000 4242")
    record = referral_create(
        actor=world.caseworker, person=person, receiving_body=body, reason="Asylum claim",
        consented_classes=["identity"],
    )  # fmt: skip
    petition = petition_create(
        actor=world.caseworker, receiving_body=body, title="Shelter", request="Beds"
    )
    return record, petition


@override_settings(REQUIRE_2FA=True)
def test_referral_print_and_export_pages_need_a_step_up(world, referral):
    record, petition = referral
    client = _sign_in(world.caseworker, START)
    for url in (
        reverse("web:referral_print", args=[record.pk]),
        reverse("web:referral_export", args=[record.pk]),
        reverse("web:petition_print", args=[petition.pk]),
    ):
        _asks_step_up(client, url)


@override_settings(REQUIRE_2FA=True)
def test_referral_and_petition_api_need_a_step_up(world, referral):
    record, petition = referral
    _api_asks_step_up(world.caseworker, f"/api/v1/referrals/{record.pk}/")
    _api_asks_step_up(world.caseworker, f"/api/v1/referrals/petitions/{petition.pk}/")


@override_settings(REQUIRE_2FA=True)
def test_subject_access_export_page_and_api_need_a_step_up(world, person_factory):
    person = person_factory()
    client = _sign_in(world.supervisor, START)
    _asks_step_up(client, reverse("web:privacy_person_export", args=[person.pk]))
    _api_asks_step_up(world.supervisor, f"/api/v1/privacy/people/{person.pk}/export/")


@override_settings(REQUIRE_2FA=True)
def test_the_tracing_letter_needs_a_step_up(world):
    enquiry = tracing.enquiry_create(
        actor=world.enquiry_desk, fields=enquiry_fields(phone="+355 69 000 1234")
    )
    client = _sign_in(world.caseworker, START)
    _asks_step_up(client, reverse("web:tracing_letter", args=[enquiry.pk]))
