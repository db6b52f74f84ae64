"""The command line bootstraps an installation through the audited services."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from haven.accounts.models import Agency, ApiToken, User
from haven.accounts.tokens import token_issue
from haven.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_first_admin_from_the_command_line():
    assert "Added agency" in _run("agencies", "add", "--name", "Ministry", "--kind", "social")
    out = _run("users", "add", "--username", "root", "--agency", "Ministry", "--role", "admin")
    assert "/invitation/" in out
    user = User.objects.get(username="root")
    assert user.role == "admin" and not user.has_usable_password()
    actions = set(AuditEntry.objects.values_list("subject_type", "action"))
    assert {("agency", "create"), ("user", "create"), ("invitation", "create")} <= actions


def test_createsuperuser_makes_an_audited_admin_with_a_role():
    Agency.objects.create(name="Ministry", kind="social")
    out = _run("createsuperuser", "--username", "boss", "--agency", "Ministry")
    assert "/invitation/" in out
    user = User.objects.get(username="boss")
    assert user.role == "admin" and not user.is_superuser
    assert AuditEntry.objects.filter(subject_type="user", subject_id=str(user.uuid)).exists()


def test_changepassword_revokes_tokens_and_is_audited(world):
    token_issue(user=world.caseworker, now=timezone.now(), proved=True)
    out = _run("changepassword", "caseworker")
    assert "/invitation/" in out
    world.caseworker.refresh_from_db()
    assert not world.caseworker.has_usable_password()
    assert not ApiToken.objects.filter(user=world.caseworker, revoked_at__isnull=True).exists()
    assert AuditEntry.objects.filter(note="password reset").exists()


def test_bad_input_is_a_message_not_a_traceback():
    with pytest.raises(CommandError, match="No agency"):
        _run("users", "add", "--username", "x", "--agency", "Nowhere", "--role", "admin")
    Agency.objects.create(name="Ministry", kind="social")
    _run("users", "add", "--username", "x", "--agency", "Ministry", "--role", "admin")
    with pytest.raises(CommandError, match="username"):
        _run("users", "add", "--username", "x", "--agency", "Ministry", "--role", "admin")
