"""Issue 11 items 2 and 3: lockout, no enumeration, TOTP replay, recovery codes,
passwords and their hashing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from haven.accounts.services import recovery_codes_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _web(client: Client, username: str, password: str, ip: str = "10.0.0.1", otp: str = ""):
    return client.post(
        reverse("web:login"),
        {"username": username, "password": password, "otp": otp},
        REMOTE_ADDR=ip,
    )


def _api(username: str, password: str, ip: str = "10.0.0.1", otp: str = ""):
    body = {"username": username, "password": password}
    if otp:
        body["otp"] = otp
    return APIClient().post("/api/v1/auth/token/", body, format="json", REMOTE_ADDR=ip)


def _code(device: TOTPDevice, at: dt.datetime) -> str:
    token = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    token.time = at.timestamp()
    return f"{token.token():06d}"


# --- lockout ---------------------------------------------------------------------------


def test_web_lockout_after_five_failures_and_its_end_after_the_cool_off(world):
    client = Client()
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert _web(client, "caseworker", "wrong password!").status_code == 400
        assert _web(client, "caseworker", "wrong password!").status_code == 429  # the 5th
        locked = _web(client, "caseworker", PASSWORD)  # the right password, too late
        assert locked.status_code == 429
        assert "Too many failed sign-ins" in locked.content.decode()
    with time_machine.travel(START + dt.timedelta(minutes=14), tick=False):
        assert _web(client, "caseworker", PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        response = _web(client, "caseworker", PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("web:people")


def test_api_lockout_after_five_failures_and_its_end_after_the_cool_off(world):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            assert _api("caseworker", "wrong password!").status_code == 401
        assert _api("caseworker", "wrong password!").status_code == 429  # the 5th
        assert _api("caseworker", PASSWORD).status_code == 429
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert _api("caseworker", PASSWORD).status_code == 200


def test_an_attacker_elsewhere_cannot_lock_the_user_out(world):
    with time_machine.travel(START, tick=False):
        for _ in range(20):
            _api("caseworker", "wrong password!", ip="203.0.113.9")
        assert _api("caseworker", PASSWORD, ip="203.0.113.9").status_code == 429
        # the user, from their own address, still signs in
        assert _api("caseworker", PASSWORD, ip="10.0.0.1").status_code == 200
        assert _web(Client(), "caseworker", PASSWORD, ip="10.0.0.1").status_code == 302
    # and the attacker's address is free again after the cool-off, not locked for good
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert _api("caseworker", PASSWORD, ip="203.0.113.9").status_code == 200


def test_unknown_usernames_lock_alike(world):
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            _api("nobody_at_all", "wrong password!")
        assert _api("nobody_at_all", "wrong password!").status_code == 429


# --- no enumeration --------------------------------------------------------------------


def test_unknown_user_and_wrong_password_answer_alike(world):
    unknown, wrong = (
        _web(Client(), "nobody_at_all", "x" * 14),
        _web(Client(), "caseworker", "x" * 14),
    )
    assert unknown.status_code == wrong.status_code == 400
    message = "Unable to sign in with that username and password."
    assert message in unknown.content.decode() and message in wrong.content.decode()
    unknown, wrong = _api("nobody_at_all", "x" * 14), _api("caseworker", "x" * 14)
    assert unknown.status_code == wrong.status_code == 401
    assert unknown.json() == wrong.json()


def test_a_disabled_user_answers_like_a_wrong_password(world):
    world.caseworker.is_active = False
    world.caseworker.save()
    disabled, unknown = _api("caseworker", PASSWORD), _api("nobody_at_all", PASSWORD)
    assert disabled.status_code == unknown.status_code == 401
    assert disabled.json() == unknown.json()


# --- TOTP replay and recovery codes -----------------------------------------------------


@override_settings(REQUIRE_2FA=True)
def test_a_totp_code_is_usable_once(world):
    device = TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    with time_machine.travel(START, tick=False):
        code = _code(device, START)
        assert _api("caseworker", PASSWORD, otp=code).status_code == 200
        device.refresh_from_db()
        device.throttle_reset()
        assert _api("caseworker", PASSWORD, otp=code).status_code == 401  # replayed
        assert _web(Client(), "caseworker", PASSWORD, otp=code).status_code == 400


@override_settings(REQUIRE_2FA=True)
def test_a_totp_code_outside_its_time_step_is_refused(world):
    device = TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    old = _code(device, START)
    with time_machine.travel(START + dt.timedelta(minutes=2), tick=False):
        assert _api("caseworker", PASSWORD, otp=old).status_code == 401


@override_settings(REQUIRE_2FA=True)
def test_a_totp_code_of_the_previous_time_step_is_refused(world):
    """Tolerance 0: django-otp would accept the step before and after (tolerance 1)."""
    from haven.accounts.services import totp_device_create

    device = totp_device_create(user=world.caseworker)
    device.confirmed = True
    device.save()
    assert device.tolerance == 0
    # any device saved, however created, is held to its own time step
    other = TOTPDevice.objects.create(user=world.admin, name="app", confirmed=True)
    assert other.tolerance == 0
    previous = _code(device, START - dt.timedelta(seconds=30))
    with time_machine.travel(START + dt.timedelta(seconds=1), tick=False):
        assert _api("caseworker", PASSWORD, otp=previous).status_code == 401
        device.refresh_from_db()
        device.throttle_reset()
        assert _api("caseworker", PASSWORD, otp=_code(device, START)).status_code == 200


def test_the_data_migration_sets_existing_devices_to_tolerance_zero(world):
    import importlib

    from django.apps import apps

    TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    TOTPDevice.objects.filter(user=world.caseworker).update(tolerance=1)
    migration = importlib.import_module("haven.accounts.migrations.0003_totp_tolerance_zero")
    migration.tolerance_zero(apps, None)
    assert set(TOTPDevice.objects.values_list("tolerance", flat=True)) == {0}


@override_settings(REQUIRE_2FA=True)
def test_a_recovery_code_is_usable_once(world):
    TOTPDevice.objects.create(user=world.caseworker, name="app", confirmed=True)
    codes = recovery_codes_create(user=world.caseworker)
    assert len(codes) == 10 and len(set(codes)) == 10
    # a minute between tries: django-otp slows down retries after a wrong code
    for minute, code, status in [(0, codes[0], 200), (1, codes[0], 401), (2, codes[1], 200)]:
        with time_machine.travel(START + dt.timedelta(minutes=minute), tick=False):
            assert _api("caseworker", PASSWORD, otp=code).status_code == status


@override_settings(REQUIRE_2FA=True)
def test_recovery_codes_are_unreadable_in_the_raw_database(world):
    from django.db import connection

    from haven.accounts.models import RecoveryCode

    codes = recovery_codes_create(user=world.caseworker)
    assert RecoveryCode.objects.count() == 10
    with connection.cursor() as cursor:
        rows = []
        for table in connection.introspection.table_names():
            if "static" in table or "recovery" in table:
                cursor.execute(f'SELECT * FROM "{table}"')
                rows += cursor.fetchall()
    dump = repr(rows)
    assert not any(code in dump for code in codes)
    # issued again: the earlier codes stop working
    newer = recovery_codes_create(user=world.caseworker)
    with time_machine.travel(START, tick=False):
        assert _api("caseworker", PASSWORD, otp=codes[0]).status_code == 401
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert _api("caseworker", PASSWORD, otp=newer[0].upper()).status_code == 200


@override_settings(REQUIRE_2FA=True)
def test_the_data_migration_hashes_static_tokens_in_clear(world):
    import importlib

    from django.apps import apps
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from haven.accounts.models import RecoveryCode

    static = StaticDevice.objects.create(user=world.caseworker, name="old", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    migration = importlib.import_module("haven.accounts.migrations.0005_recovery_codes_from_static")
    migration.hash_static_tokens(apps, None)
    assert not StaticToken.objects.exists() and not StaticDevice.objects.exists()
    assert RecoveryCode.objects.count() == 1
    with time_machine.travel(START, tick=False):
        assert _api("caseworker", PASSWORD, otp="abcd2345").status_code == 200


# --- passwords -------------------------------------------------------------------------


def test_passwords_need_twelve_characters_and_not_a_common_one(world):
    with pytest.raises(ValidationError):
        validate_password("Sh0rt!pass", world.caseworker)
    with pytest.raises(ValidationError):
        validate_password("password1234", world.caseworker)  # on the common-password list
    validate_password("tarragon lantern 47 quietly", world.caseworker)


def test_argon2id_parameters_at_or_above_the_floor():
    from django.conf import settings

    from haven import settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    assert hasher.algorithm == "argon2"
    # OWASP / ASVS 5.0: Argon2id with m >= 19 MiB, t >= 2, p >= 1
    assert hasher.memory_cost >= 19 * 1024 and hasher.time_cost >= 2 and hasher.parallelism >= 1
    encoded = hasher.encode("tarragon lantern 47 quietly", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert settings.AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"]["min_length"] >= 12
    assert timezone.now()  # settings loaded
