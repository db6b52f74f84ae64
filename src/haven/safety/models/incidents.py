"""Incidents: what happened, to whom, who saw it and who is alleged to have done it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.safety.models.common import NARRATIVE_MAX, NOTE_MAX, REFERENCE_MAX, SHORT_MAX, limit


class Incident(models.Model):
    class Kind(models.TextChoices):
        ASSAULT = "assault", _("assault")
        DISAPPEARANCE = "disappearance", _("disappearance")
        DETENTION = "detention", _("detention or confinement by the group")
        DOCUMENTS = "confiscated_documents", _("confiscated documents")
        FORCED_LABOUR = "forced_labour", _("forced labour")
        MEDICAL = "denial_of_medical_care", _("denial of medical care")
        THREAT_CARRIED_OUT = "threat_carried_out", _("threat carried out")
        DEATH = "death", _("death")
        OTHER = "other", _("other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    occurred_on = models.DateField(_("occurred on"))
    place = EncryptedTextField(_("where"), blank=True, **limit(SHORT_MAX))
    narrative = EncryptedTextField(_("what happened"), **limit(NARRATIVE_MAX))
    people = models.ManyToManyField(
        "people.Person", through="IncidentPerson", related_name="incidents"
    )
    threats = models.ManyToManyField(
        "safety.Threat", blank=True, related_name="incidents", verbose_name=_("threats")
    )
    reported_to_police = models.BooleanField(_("reported to the police"), default=False)
    police_reference = models.CharField(_("police reference"), max_length=REFERENCE_MAX, blank=True)
    follow_up = EncryptedTextField(_("follow-up"), blank=True, **limit(NOTE_MAX))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_on", "-created_at", "id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class IncidentPerson(models.Model):
    class Part(models.TextChoices):
        VICTIM = "victim", _("victim")
        WITNESS = "witness", _("witness")
        PERPETRATOR = "alleged_perpetrator", _("alleged perpetrator")

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="involvements")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    part = models.CharField(_("part"), max_length=20, choices=Part.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "person"], name="one_part_per_incident")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.part}"
