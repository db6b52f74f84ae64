"""Settings fail closed: outside the demo, Haven refuses to start without its secrets."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

SECRETS = ("HAVEN_SECRET_KEY", "HAVEN_FIELD_KEYS", "HAVEN_AUDIT_KEY")


def _start(env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HAVEN_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        {
            "HAVEN_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "haven.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        }
    )
    env.update(env_overrides)
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("missing", SECRETS)
def test_production_refuses_to_start_without_each_secret(tmp_path, missing):
    env = {
        "HAVEN_SECRET_KEY": "k" * 50,
        "HAVEN_FIELD_KEYS": "oVbk9rWm2Gg2jX6m0mQ6bq1f0xg1P0a8Q0sGk3H1l0U=",
        "HAVEN_AUDIT_KEY": "a" * 32,
    }
    del env[missing]
    result = _start(env, tmp_path)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_secrets_from_files(tmp_path):
    for name, value in (
        ("secret", "k" * 50),
        ("field", "oVbk9rWm2Gg2jX6m0mQ6bq1f0xg1P0a8Q0sGk3H1l0U="),
        ("audit", "a" * 32),
    ):
        (tmp_path / name).write_text(value + "\n")
    result = _start(
        {
            "HAVEN_SECRET_KEY_FILE": str(tmp_path / "secret"),
            "HAVEN_FIELD_KEYS_FILE": str(tmp_path / "field"),
            "HAVEN_AUDIT_KEY_FILE": str(tmp_path / "audit"),
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_demo_creates_its_own_secrets_once(tmp_path):
    assert _start({"HAVEN_DEMO": "1"}, tmp_path).returncode == 0
    first = (tmp_path / "demo-secrets.json").read_text()
    assert (tmp_path / "demo-secrets.json").stat().st_mode & 0o077 == 0
    assert _start({"HAVEN_DEMO": "1"}, tmp_path).returncode == 0
    assert (tmp_path / "demo-secrets.json").read_text() == first


def test_argon2_is_the_password_hasher():
    from haven import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_haven_console_script_runs_audit_verify(tmp_path):
    haven = os.path.join(os.path.dirname(sys.executable), "haven")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update(
        {
            "HAVEN_DEMO": "1",
            "HAVEN_VAR_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    migrate = subprocess.run(
        [haven, "migrate", "-v0"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert migrate.returncode == 0, migrate.stderr
    verify = subprocess.run(
        [haven, "audit", "verify"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert verify.returncode == 0 and "intact" in verify.stdout
    bad = subprocess.run(
        [haven, "audit", "verify", "--head", "nonsense"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    # a head that cannot be checked is its own error (exit 3), not a broken chain
    assert bad.returncode == 3 and "cannot check the head" in bad.stderr
