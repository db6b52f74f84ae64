from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.roles import DataClass
from haven.crypto import EncryptedTextField


class Severity(models.TextChoices):
    INFO = "info", _("information")
    WARNING = "warning", _("warning")
    CRITICAL = "critical", _("critical")


class Alert(models.Model):
    """Something a person must act on, raised by a rule. It never clears by itself: it
    stays on the list, acknowledged or not, until someone resolves it with a note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("person"),
    )
    # the agency responsible for acting on it (the person's, as a rule)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="alerts", verbose_name=_("agency")
    )
    # which class of data the alert's existence belongs to
    data_class = models.CharField(
        _("data class"), max_length=20, choices=DataClass.choices, default=DataClass.SAFETY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_alerts",
        verbose_name=_("owner"),
    )
    # the rule's dedupe key: raising the same alert twice is a no-op
    key = models.CharField(max_length=300, unique=True)
    source_type = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    # codes and dates the rule gives for display (a due date, a level), never narrative
    facts = models.JSONField(default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised"), db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution_note = EncryptedTextField(_("resolution note"), blank=True)
    notified_at = models.DateTimeField(_("notified"), null=True, blank=True)

    # set on the instance alert_raise returns when this call created it
    raised_now = False

    class Meta:
        ordering = ["-raised_at", "id"]
        indexes = [
            models.Index(fields=["agency", "resolved_at"]),
            models.Index(fields=["notified_at", "resolved_at"]),
        ]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return f"{self.kind} ({self.severity})"

    @property
    def state(self) -> str:
        if self.resolved_at:
            return "resolved"
        if self.acknowledged_at:
            return "acknowledged"
        return "open"
