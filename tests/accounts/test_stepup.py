"""Issue 11 item 5: step-up (the second factor asked again after 5 minutes) before
whereabouts are revealed on a page and before a merge, on pages and the API; none in
the demo, where two-factor is off; and four eyes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from haven.accounts import administration as admin
from haven.accounts.models import DeviceReset
from haven.audit.models import AuditEntry
from haven.people.services import person_share
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

START = dt.datetime(2027, 3, 2, 9, 0, 5, tzinfo=dt.UTC)  # after the devices' creation
PHONE = "+355 69 000 0777"


def _code(device: TOTPDevice, at: dt.datetime) -> str:
    token = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    token.time = at.timestamp()
    return f"{token.token():06d}"


@pytest.fixture
def enrolled(world):
    devices = {}
    for name in ("caseworker", "supervisor"):
        devices[name] = TOTPDevice.objects.create(
            user=getattr(world, name), name="app", confirmed=True
        )
    return devices


def _sign_in(username: str, device: TOTPDevice, at: dt.datetime) -> Client:
    client = Client()
    response = client.post(
        reverse("web:login"),
        {"username": username, "password": PASSWORD, "otp": _code(device, at)},
    )
    assert response.status_code == 302, response.content
    return client


@override_settings(REQUIRE_2FA=True)
def test_whereabouts_reveal_needs_a_step_up_after_five_minutes(world, enrolled, person_factory):
    person = person_factory(phone=PHONE)
    page = reverse("web:person", args=[person.pk])
    with time_machine.travel(START, tick=False):
        client = _sign_in("caseworker", enrolled["caseworker"], START)
    with time_machine.travel(START + dt.timedelta(minutes=4), tick=False):
        assert PHONE in client.get(page).content.decode()
    later = START + dt.timedelta(minutes=6)
    with time_machine.travel(later, tick=False):

        def reads() -> int:
            entries = AuditEntry.objects.filter(action="read").values_list("classes", flat=True)
            return sum("whereabouts" in classes for classes in entries)

        count = reads()
        html = client.get(page).content.decode()
        assert PHONE not in html and "Show whereabouts" in html
        assert reads() == count  # whereabouts withheld: not read, nor audited as read
        step_up = reverse("web:step_up")
        assert f"{step_up}?next=" in html
        wrong = client.post(step_up, {"otp": "000000", "next": page})
        assert wrong.status_code == 400
        enrolled["caseworker"].refresh_from_db()
        enrolled["caseworker"].throttle_reset()
        ok = client.post(step_up, {"otp": _code(enrolled["caseworker"], later), "next": page})
        assert ok.status_code == 302 and ok["Location"] == page
        assert PHONE in client.get(page).content.decode()


@override_settings(REQUIRE_2FA=True)
def test_merge_page_and_api_need_a_step_up(world, enrolled, person_factory):
    kept, absorbed = person_factory(given_name="Kept"), person_factory(given_name="Gone")
    merge_page = reverse("web:person_merge", args=[kept.pk, absorbed.pk])
    with time_machine.travel(START, tick=False):
        client = _sign_in("supervisor", enrolled["supervisor"], START)
        assert client.get(merge_page).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        response = client.get(merge_page)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("web:step_up"))
    # the API: a token proved at START is stale six minutes later
    api = APIClient()
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        issued = api.post(
            "/api/v1/auth/token/",
            {
                "username": "supervisor",
                "password": PASSWORD,
                "otp": _code(enrolled["supervisor"], START + dt.timedelta(minutes=10)),
            },
            format="json",
        )
        assert issued.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {issued.json()['token']}")
    body = {"other": str(absorbed.pk), "reason": "same person"}
    later = START + dt.timedelta(minutes=16)
    with time_machine.travel(later, tick=False):
        refused = api.post(f"/api/v1/people/{kept.pk}/merge/", body, format="json")
        assert refused.status_code == 403 and refused.json()["code"] == "step_up_required"
        proved = api.post(
            "/api/v1/auth/step-up/",
            {"otp": _code(enrolled["supervisor"], later)},
            format="json",
        )
        assert proved.status_code == 200
        assert api.post(f"/api/v1/people/{kept.pk}/merge/", body, format="json").status_code == 201


def test_no_step_up_in_the_demo(world, person_factory, client_as):
    """Two-factor off and no device: nothing to ask for."""
    person = person_factory(phone=PHONE)
    client = client_as(world.caseworker)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        client = client_as(world.caseworker)
        assert PHONE in client.get(reverse("web:person", args=[person.pk])).content.decode()


def test_step_up_api_refuses_a_wrong_code(world, enrolled, as_user):
    response = as_user(world.caseworker).post(
        "/api/v1/auth/step-up/", {"otp": "000000"}, format="json"
    )
    assert response.status_code == 400 and "otp" in response.json()


# --- four eyes -------------------------------------------------------------------------


def test_device_reset_needs_a_second_admin(world, enrolled):
    second = make_user("second_admin", "admin", world.north)
    target = world.caseworker
    reset = admin.device_reset_request(actor=world.admin, user=target, now=timezone.now())
    with pytest.raises(PermissionDenied):
        admin.device_reset_approve(actor=world.admin, reset=reset, now=timezone.now())
    with pytest.raises(PermissionDenied):
        admin.device_reset_approve(actor=target, reset=reset, now=timezone.now())
    assert TOTPDevice.objects.filter(user=target).exists()
    admin.device_reset_approve(actor=second, reset=reset, now=timezone.now())
    assert not TOTPDevice.objects.filter(user=target).exists()
    assert DeviceReset.objects.get(pk=reset.pk).approved_by == second
    notes = set(AuditEntry.objects.values_list("note", flat=True))
    assert {"two-factor reset requested", "two-factor reset approved"} <= notes


def test_device_reset_through_the_api_takes_two_admins(world, enrolled, as_user):
    second = make_user("second_admin", "admin", world.north)
    path = f"/api/v1/admin/users/{world.caseworker.uuid}/device-reset/"
    assert as_user(world.admin).post(path, {}, format="json").status_code == 202
    assert as_user(world.admin).post(path, {}, format="json").status_code == 202  # still asks
    assert TOTPDevice.objects.filter(user=world.caseworker).exists()
    assert as_user(second).post(path, {}, format="json").json() == {"status": "approved"}
    assert not TOTPDevice.objects.filter(user=world.caseworker).exists()


def test_password_reset_never_bypasses_the_second_factor(world, enrolled):
    link = admin.user_password_reset(actor=world.admin, user=world.caseworker, now=timezone.now())
    secret = link.rstrip("/").rsplit("/", 1)[1]
    client = Client()
    response = client.post(
        reverse("web:invitation", args=[secret]),
        {"password": "a brand new passphrase", "confirm": "a brand new passphrase"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("web:login")
    # the link set the password only: the code is still owed
    signed = client.post(
        reverse("web:login"), {"username": "caseworker", "password": "a brand new passphrase"}
    )
    assert signed.status_code == 400
    assert client.get(reverse("web:people")).status_code == 302


def test_sharing_without_a_recorded_reason_is_refused(world, person_factory):
    person = person_factory()
    with pytest.raises(ValidationError):
        person_share(actor=world.caseworker, person=person, agency=world.south, reason="  ")
    assert not person.shares.exists()
    assert not AuditEntry.objects.filter(subject_type="person_share").exists()
