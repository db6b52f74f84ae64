from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit entry through the ORM."""


class AuditEntry(models.Model):
    """One link of the append-only, HMAC-chained audit log.

    ``mac`` = HMAC(HAVEN_AUDIT_KEY, previous mac + canonical JSON of this entry), so
    an altered, removed or reordered entry breaks the chain from there on. Kept values
    enter the canonical form through their sealed digest, so that erasing them (and
    only that) leaves the chain verifiable.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        CLOSE = "close", _("closed")
        REOPEN = "reopen", _("reopened")
        READ = "read", _("read")
        SIGN_IN = "sign_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("failed sign-in")
        SIGN_OUT = "sign_out", _("signed out")
        EXPORT = "export", _("exported")
        MERGE = "merge", _("merged")
        UNMERGE = "unmerge", _("unmerged")
        OVERRIDE = "override", _("overrode a warning")
        ANONYMISE = "anonymise", _("anonymised")
        ERASE = "erase", _("erased")

    seq = models.BigIntegerField(unique=True, editable=False)
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(editable=False, db_index=True)
    actor_id = models.BigIntegerField(null=True, editable=False)
    actor_username = models.CharField(max_length=150, blank=True, editable=False)
    role = models.CharField(max_length=20, blank=True, editable=False)
    agency = models.CharField(max_length=200, blank=True, editable=False)
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    subject_type = models.CharField(max_length=50, db_index=True)
    subject_id = models.CharField(max_length=64, blank=True, db_index=True)
    classes = models.JSONField(default=list, blank=True)
    fields = models.JSONField(default=list, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    # For each change whose values the entry keeps: a random nonce and the SHA-256 of
    # nonce + values. The MAC covers the digest, not the values, so erasure can remove a
    # person's values (and the nonce) and the chain still verifies (haven.audit.services).
    sealed = models.JSONField(default=dict, blank=True, editable=False)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.actor_username} {self.action} {self.subject_type}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit entries cannot be changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit entries cannot be deleted")


class AuditHead(models.Model):
    """A single row holding the chain's tip; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
