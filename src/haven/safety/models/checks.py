"""Welfare checks: who saw the person, when and how, and whether they were seen alone."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.safety.models.common import NOTE_MAX, limit


class WelfareCheck(models.Model):
    class Method(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        THIRD_PARTY = "third_party", _("through a third party")

    class State(models.TextChoices):
        WELL = "well", _("well")
        CONCERNS = "concerns", _("some concerns")
        DISTRESSED = "distressed", _("distressed")
        INJURED = "injured", _("injured or unwell")
        UNKNOWN = "unknown", _("not known")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="welfare_checks"
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"), db_index=True)
    method = models.CharField(_("how"), max_length=20, choices=Method.choices)
    reached = models.BooleanField(_("the person was reached"), default=True)
    seen_alone = models.BooleanField(_("seen or heard alone"), null=True, blank=True)
    state = models.CharField(
        _("the person's state"), max_length=20, choices=State.choices, default=State.UNKNOWN
    )
    concerns = EncryptedTextField(_("concerns"), blank=True, **limit(NOTE_MAX))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-checked_at", "id"]
        verbose_name = _("welfare check")
        verbose_name_plural = _("welfare checks")

    def __str__(self) -> str:
        return f"{self.person_id} {self.checked_at:%Y-%m-%d}"
