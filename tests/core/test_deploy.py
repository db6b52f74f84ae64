"""Issue 11 item 6: `haven check --deploy` with production settings reports 0 issues,
and every page carries the security headers (CSP without inline script or style)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

HAVEN = Path(sys.executable).with_name("haven")


def test_check_deploy_with_production_settings_reports_no_issue(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "HAVEN_SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "HAVEN_FIELD_KEYS_FILE": str(tmp_path / "field_keys"),
        "HAVEN_AUDIT_KEY_FILE": str(tmp_path / "audit_key"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'haven.sqlite3'}",
        "HAVEN_ALLOWED_HOSTS": "haven.example.org",
        "HAVEN_VAR_DIR": str(tmp_path / "var"),
        "HAVEN_PROXY_HOPS": "1",
    }
    import secrets

    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50))
    (tmp_path / "field_keys").write_text(Fernet.generate_key().decode())
    (tmp_path / "audit_key").write_text(secrets.token_urlsafe(32))
    result = subprocess.run(
        [str(HAVEN), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _get_pages() -> list[str]:
    """Every web page without a parameter (those with one are in the matrices)."""
    paths = []

    def walk(patterns, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                path = prefix + str(p.pattern)
                if "<" not in path and not path.startswith(("api/", "i18n/")):
                    paths.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return paths


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["caseworker", "auditor", "admin", "enquiry_desk", None])
def test_every_page_carries_the_security_headers(world, role):
    client = Client()
    if role:
        client.force_login(getattr(world, role))
    pages = [*_get_pages(), "/api/docs/", "/does-not-exist/"]
    assert len(pages) > 5
    for path in pages:
        response = client.get(path)
        csp = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in csp, path
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
        assert "frame-ancestors 'none'" in csp, path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["Referrer-Policy"] == "same-origin", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        assert "no-store" in response["Cache-Control"], path
        if response.status_code == 200 and "html" in response["Content-Type"]:
            html = response.content.decode()
            assert not re.search(r"<script(?![^>]*\bsrc=)", html), path  # no inline script
            assert "<style" not in html and " style=" not in html, path
            assert not re.search(r"\son[a-z]+=", html), path


def test_production_cookies_and_hsts():
    from haven import settings as production

    # tests/settings.py runs with HAVEN_DEMO and DEBUG unset: these are production's
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SESSION_COOKIE_HTTPONLY
    assert production.SECURE_HSTS_SECONDS >= 31536000
    assert production.SECURE_SSL_REDIRECT
    assert production.X_FRAME_OPTIONS == "DENY"
