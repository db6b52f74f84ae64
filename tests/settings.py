"""Test settings: fixed, throwaway secrets; SQLite in memory unless DATABASE_URL is set."""

import os
import tempfile

from cryptography.fernet import Fernet

os.environ.setdefault("HAVEN_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("HAVEN_FIELD_KEYS", Fernet.generate_key().decode())
os.environ.setdefault("HAVEN_AUDIT_KEY", "test-audit-key")
os.environ.setdefault("HAVEN_VAR_DIR", tempfile.mkdtemp(prefix="haven-test-"))
os.environ.setdefault("HAVEN_ALLOWED_HOSTS", "*")
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")
os.environ.setdefault("HAVEN_REQUIRE_2FA", "false")

from haven.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 tested apart
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Live-server threads must not keep connections open past a test (teardown drops the DB).
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# The test client and live server speak plain HTTP; production redirects to HTTPS
# (tests/core/test_deploy.py checks the production settings).
SECURE_SSL_REDIRECT = False
