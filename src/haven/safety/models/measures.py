"""Protective measures: what protects a person, from when to when, and who answers for it."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.safety.models.common import NOTE_MAX, SHORT_MAX, limit


class ProtectiveMeasure(models.Model):
    class Kind(models.TextChoices):
        PATROL = "police_patrol", _("police patrol")
        RELOCATION = "relocation", _("relocation")
        SAFE_HOUSE = "safe_house", _("safe house")
        PHONE = "emergency_phone", _("emergency phone")
        DISCLOSURE = "restricted_disclosure", _("restricted disclosure")
        OTHER = "other", _("other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="protective_measures"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    responsible = models.CharField(_("who is responsible"), max_length=SHORT_MAX)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    # a safe house's details say where the person is: encrypted
    details = EncryptedTextField(_("details"), blank=True, **limit(NOTE_MAX))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-starts_on", "-created_at", "id"]
        verbose_name = _("protective measure")
        verbose_name_plural = _("protective measures")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on}"

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)
