from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device

from haven.accounts.roles import Role


class Agency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Host-state police")
        HEALTH = "health", _("Health service")
        LABOUR = "labour", _("Labour inspectorate")
        REFUGEE = "refugee", _("Refugee agency")
        SOCIAL = "social", _("Social services")
        NGO = "ngo", _("Non-governmental organisation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # An inactive agency keeps its records and history; its users cannot sign in.
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # Bumped by every change that must end the user's sessions at once (disable, role or
    # agency change, password or device reset): it is part of the session's auth hash.
    credentials_epoch = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "haven.accounts.User.session_auth_hash",
            f"{self.password}:{self.credentials_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


def _digest(secret: str) -> str:
    import hashlib

    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(models.Model):
    """A one-time link to set a password and enrol two-factor. Only the link's digest is
    kept: the link itself is shown once to the admin (or e-mailed)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation for {self.user}"

    @staticmethod
    def digest_of(secret: str) -> str:
        return _digest(secret)


class ApiToken(models.Model):
    """An API token: stored as a SHA-256 digest of a 256-bit random key (never readable
    from the database), with an expiry, a revocation time, and the time the holder last
    proved the second factor (step-up)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    proved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"token {self.prefix}… of {self.user}"

    @staticmethod
    def digest_of(secret: str) -> str:
        return _digest(secret)


class DeviceReset(models.Model):
    """Four eyes: one admin asks for a user's two-factor device to be reset, another
    approves it; only then are the devices removed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="device_resets")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"device reset for {self.user}"


def recovery_code_digest(code: str) -> str:
    """A keyed digest (HMAC-SHA256, key derived from the secret key) of a recovery code:
    what the database keeps instead of the code. A copied database gives no usable code,
    and the 40-bit codes cannot be guessed offline without the key."""
    from django.utils.crypto import salted_hmac

    text = (code or "").strip().lower().replace(" ", "").replace("-", "")
    return salted_hmac("haven.accounts.recovery-code", text, algorithm="sha256").hexdigest()


class RecoveryCodeDevice(Device):
    """One-time recovery codes, kept only as digests (django-otp's static device keeps
    them in clear). Each code works once: it is deleted when it is used."""

    class Meta:
        verbose_name = _("recovery codes")

    def verify_token(self, token: str) -> bool:
        from django.db import transaction

        with transaction.atomic():
            code = self.codes.select_for_update().filter(digest=recovery_code_digest(token)).first()
            if code is None:
                return False
            code.delete()
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True, editable=False)

    def __str__(self) -> str:
        return "recovery code"
