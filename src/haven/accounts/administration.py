"""Administration services: agencies, accounts, invitations, and the acts that must end
a user's sessions and tokens at once. Every write is audited in its own transaction.

``actor=None`` is the command line (``haven users add``, the first admin of a new
installation): the operator at the server's shell is trusted as the installer.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from haven.accounts.models import Agency, ApiToken, DeviceReset, Invitation, User
from haven.accounts.policy import administration as rules
from haven.accounts.roles import Role
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff

AGENCY_FIELDS = {"name": REF, "kind": REF, "active": REF}
USER_FIELDS = {
    "username": REF,
    "role": REF,
    "agency_id": REF,
    "is_active": REF,
    "email": REF,
    "first_name": REF,
    "last_name": REF,
}


def _may(actor: Any) -> None:
    if actor is not None and not rules.can_administer(actor):
        raise PermissionDenied(_("Only an administrator may manage agencies and accounts."))


def _may_change(actor: Any, user: User) -> None:
    _may(actor)
    if actor is not None and not rules.can_change_account(actor, user):
        raise PermissionDenied(_("Ask another administrator to change your own account."))


def _snapshot(obj: Any, fields: dict[str, str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


# --- agencies -------------------------------------------------------------------------


@transaction.atomic
def agency_create(*, actor: Any, name: str, kind: str) -> Agency:
    _may(actor)
    agency = Agency(name=(name or "").strip(), kind=kind)
    agency.full_clean()
    agency.save()
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        subject_type="agency",
        subject_id=agency.pk,
        changes=diff({}, _snapshot(agency, AGENCY_FIELDS), classes=AGENCY_FIELDS),
    )
    return agency


@transaction.atomic
def agency_update(*, actor: Any, agency: Agency, fields: dict[str, Any]) -> Agency:
    """Rename an agency or mark it (in)active. Marking it inactive ends its users'
    sessions and tokens: they can no longer sign in."""
    _may(actor)
    unknown = set(fields) - {"name", "active"}
    if unknown:
        raise ValidationError({name: [_("This field cannot be changed.")] for name in unknown})
    before = _snapshot(agency, AGENCY_FIELDS)
    if "name" in fields:
        agency.name = (fields["name"] or "").strip()
    if "active" in fields:
        agency.active = bool(fields["active"])
    agency.full_clean()
    agency.save()
    if before["active"] and not agency.active:
        for user in agency.users.all():
            _end_access(user)
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="agency",
        subject_id=agency.pk,
        changes=diff(before, _snapshot(agency, AGENCY_FIELDS), classes=AGENCY_FIELDS),
    )
    return agency


# --- ending a user's access -----------------------------------------------------------


def _end_access(user: User, *, now: dt.datetime | None = None) -> None:
    """End every session (the epoch is part of the session's auth hash) and revoke every
    token of ``user``, at once."""
    from django.utils import timezone

    User.objects.filter(pk=user.pk).update(credentials_epoch=user.credentials_epoch + 1)
    user.credentials_epoch += 1
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )


# --- accounts -------------------------------------------------------------------------


def _check_role_and_agency(role: str, agency: Agency | None) -> None:
    errors: dict[str, list[str]] = {}
    if role not in Role.values:
        errors["role"] = [_("Choose a role.")]
    if agency is None:
        errors["agency"] = [_("Choose an agency.")]
    elif not agency.active:
        errors["agency"] = [_("This agency is inactive.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    agency: Agency | None,
    role: str,
    now: dt.datetime,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create an account without a password and an invitation to set one. Returns the
    user and the invitation link (shown once; e-mailed too when an address is given).

    ``password`` is for the local demo's loader only (``actor=None``): the account gets
    that password and no invitation (the link returned is empty)."""
    _may(actor)
    if password is not None and actor is not None:
        raise PermissionDenied(_("Only an administrator may manage agencies and accounts."))
    _check_role_and_agency(role, agency)
    user = User(
        username=(username or "").strip(),
        agency=agency,
        role=role,
        email=(email or "").strip(),
        first_name=(first_name or "").strip(),
        last_name=(last_name or "").strip(),
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        subject_type="user",
        subject_id=user.uuid,
        changes=diff({}, _snapshot(user, USER_FIELDS), classes=USER_FIELDS),
    )
    if password is not None:
        return user, ""
    link = invitation_create(actor=actor, user=user, now=now)
    return user, link


@transaction.atomic
def user_update(*, actor: Any, user: User, role: str, agency: Agency | None) -> User:
    """Change a user's role or agency; either change ends their sessions and tokens."""
    _may_change(actor, user)
    _check_role_and_agency(role, agency)
    before = _snapshot(user, USER_FIELDS)
    user.role, user.agency = role, agency
    user.full_clean()
    user.save(update_fields=["role", "agency"])
    after = _snapshot(user, USER_FIELDS)
    if before != after:
        _end_access(user)
        audit_log(
            actor=actor,
            action=AuditEntry.Action.CHANGE,
            subject_type="user",
            subject_id=user.uuid,
            changes=diff(before, after, classes=USER_FIELDS),
        )
    return user


@transaction.atomic
def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    """Disable (or enable again) an account. Disabling ends its sessions and revokes its
    tokens at once."""
    _may_change(actor, user)
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        _end_access(user)
        Invitation.objects.filter(user=user, used_at__isnull=True).delete()
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="user",
        subject_id=user.uuid,
        changes={"is_active": change(REF, not active, active)},
    )
    return user


def invitation_url(secret: str) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("web:invitation", args=[secret])


@transaction.atomic
def invitation_create(*, actor: Any, user: User, now: dt.datetime) -> str:
    """A one-time link to set a password (valid ``INVITATION_HOURS``); any earlier
    unused link stops working. Returns the link; only its digest is stored."""
    _may(actor)
    if not user.is_active:
        raise ValidationError({"user": [_("Enable the account first.")]})
    Invitation.objects.filter(user=user, used_at__isnull=True).delete()
    secret = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        digest=Invitation.digest_of(secret),
        created_by=actor,
        created_at=now,
        expires_at=now + dt.timedelta(hours=settings.INVITATION_HOURS),
    )
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        subject_type="invitation",
        subject_id=user.uuid,
        note="invitation link issued",
    )
    link = invitation_url(secret)
    if user.email:
        send_mail(
            _("Your Haven account"),
            _("Set your password and two-factor sign-in here (the link works once): %(link)s")
            % {"link": link},
            None,
            [user.email],
        )
    return link


@transaction.atomic
def user_password_reset(*, actor: Any, user: User, now: dt.datetime) -> str:
    """Reset a password: the old one stops working, sessions end, tokens are revoked,
    and a new invitation link is issued. The two-factor device is kept, so whoever
    holds the link still needs the user's second factor to sign in."""
    _may_change(actor, user)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    _end_access(user, now=now)
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="user",
        subject_id=user.uuid,
        changes={"password": change(REF, secret=True)},
        note="password reset",
    )
    return invitation_create(actor=actor, user=user, now=now)


def invitation_find(secret: str, *, now: dt.datetime) -> Invitation | None:
    """The live invitation for a link, or None (unknown, used, expired, disabled)."""
    invitation = (
        Invitation.objects.select_related("user")
        .filter(digest=Invitation.digest_of(secret or ""), used_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.expires_at <= now or not invitation.user.is_active:
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, secret: str, password: str, now: dt.datetime) -> User:
    """Set the password an invitation asked for; the link then stops working."""
    invitation = invitation_find(secret, now=now)
    if invitation is None:
        raise ValidationError({"secret": [_("This link has expired or was already used.")]})
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    _end_access(user, now=now)
    audit_log(
        actor=user,
        action=AuditEntry.Action.CHANGE,
        subject_type="user",
        subject_id=user.uuid,
        changes={"password": change(REF, secret=True)},
        note="password set from invitation",
    )
    return user


# --- two-factor device reset (four eyes) ----------------------------------------------


@transaction.atomic
def device_reset_request(*, actor: Any, user: User, now: dt.datetime) -> DeviceReset:
    _may_change(actor, user)
    if actor is None:
        raise PermissionDenied(_("A device reset needs two administrators."))
    reset = DeviceReset.objects.filter(user=user, approved_at__isnull=True).first()
    if reset is None:
        reset = DeviceReset.objects.create(user=user, requested_by=actor, requested_at=now)
        audit_log(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            subject_type="device_reset",
            subject_id=user.uuid,
            note="two-factor reset requested",
        )
    return reset


@transaction.atomic
def device_reset_approve(*, actor: Any, reset: DeviceReset, now: dt.datetime) -> DeviceReset:
    """A second administrator approves: the user's devices (and recovery codes) go, their
    sessions end and tokens are revoked; they enrol again at their next sign-in."""
    if actor is None or not rules.can_approve_device_reset(actor, reset):
        raise PermissionDenied(_("A second administrator must approve a device reset."))
    user = reset.user
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    reset.approved_by, reset.approved_at = actor, now
    reset.save(update_fields=["approved_by", "approved_at"])
    _end_access(user, now=now)
    audit_log(
        actor=actor,
        action=AuditEntry.Action.CHANGE,
        subject_type="device_reset",
        subject_id=user.uuid,
        changes={"requested_by": change(REF, None, reset.requested_by.username)},
        note="two-factor reset approved",
    )
    return reset
