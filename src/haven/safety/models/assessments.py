"""Risk assessments, and the log of every change of a person's risk level."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.people.models import RiskLevel
from haven.safety.models.common import NOTE_MAX, limit


class RiskAssessment(models.Model):
    """A structured assessment: the factors recorded, the level they give and why."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="risk_assessments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    # counted from the record when the assessment is made
    open_threats = models.PositiveSmallIntegerField(_("open threats against them"), default=0)
    imminent_threats = models.PositiveSmallIntegerField(_("imminent threats"), default=0)
    recent_incidents = models.PositiveSmallIntegerField(_("recent incidents"), default=0)
    # what the assessor judges
    isolated = models.BooleanField(_("isolated"), default=False)
    dependent_on_group = models.BooleanField(_("dependent on the group"), default=False)
    health_concerns = models.BooleanField(_("health concerns"), default=False)
    intends_to_leave = models.BooleanField(_("intends to leave the group"), default=False)
    witness_to_serious_events = models.BooleanField(_("witness to serious events"), default=False)
    family_contact = models.BooleanField(_("in contact with family"), default=False)
    level = models.CharField(_("level"), max_length=12, choices=RiskLevel.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, **limit(NOTE_MAX))
    review_on = models.DateField(_("review on"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-assessed_on", "-created_at", "id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.person_id} {self.level} {self.assessed_on}"


class RiskLevelChange(models.Model):
    """Every change of ``Person.risk_level``: this module is its only writer."""

    class Cause(models.TextChoices):
        ASSESSMENT = "assessment", _("risk assessment")
        IMMINENT_THREAT = "imminent_threat", _("imminent threat")
        INCIDENT = "incident", _("incident")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    old_level = models.CharField(max_length=12, choices=RiskLevel.choices)
    new_level = models.CharField(max_length=12, choices=RiskLevel.choices)
    cause = models.CharField(max_length=20, choices=Cause.choices)
    source_id = models.CharField(max_length=64, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.old_level}->{self.new_level}"
