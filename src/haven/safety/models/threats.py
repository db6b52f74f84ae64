"""Threat reports, graded as intelligence is: the source's reliability (A-F) and the
information's credibility (1-6)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.safety.models.common import NARRATIVE_MAX, REFERENCE_MAX, SHORT_MAX, limit


class Reliability(models.TextChoices):
    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class Credibility(models.TextChoices):
    ONE = "1", _("1: confirmed by other sources")
    TWO = "2", _("2: probably true")
    THREE = "3", _("3: possibly true")
    FOUR = "4", _("4: doubtful")
    FIVE = "5", _("5: improbable")
    SIX = "6", _("6: truth cannot be judged")


class Threat(models.Model):
    class Kind(models.TextChoices):
        LIFE = "against_life", _("against life")
        ABDUCTION = "abduction", _("abduction")
        COERCION = "coercion_to_stay", _("coercion to stay")
        SURVEILLANCE = "surveillance", _("surveillance")
        FAMILY = "intimidation_of_family", _("intimidation of family")
        FALSE_FLAG = "false_flag_risk", _("false-flag risk")
        OTHER = "other", _("other")

    class Imminence(models.TextChoices):
        IMMINENT = "imminent", _("imminent")
        DAYS = "days", _("within days")
        WEEKS = "weeks", _("within weeks")
        UNKNOWN = "unknown", _("unknown")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ASSESSED = "assessed", _("assessed")
        ESCALATED = "escalated", _("escalated to the police")
        CLOSED = "closed", _("closed")

    class ReportedHow(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        PHONE = "phone", _("by phone")
        WRITTEN = "written", _("in writing")
        THIRD_PARTY = "third_party", _("through a third party")
        ANONYMOUS = "anonymous", _("anonymously")
        OBSERVED = "observed", _("observed by staff")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("reported on"))
    # who reported it (a name, a role) can identify a source: encrypted
    reported_by = EncryptedTextField(_("reported by"), blank=True, **limit(SHORT_MAX))
    reported_how = models.CharField(
        _("reported how"), max_length=20, choices=ReportedHow.choices, default="in_person"
    )
    reliability = models.CharField(_("source reliability"), max_length=1, choices=Reliability)
    credibility = models.CharField(_("information credibility"), max_length=1, choices=Credibility)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    targets = models.ManyToManyField(
        "people.Person", through="ThreatTarget", related_name="threats", verbose_name=_("targets")
    )
    # a described group ("all former members in Tirana"), resolved to the people it covers
    target_group = EncryptedTextField(_("targeted group"), blank=True, **limit(SHORT_MAX))
    place = EncryptedTextField(_("where"), blank=True, **limit(SHORT_MAX))
    imminence = models.CharField(_("imminence"), max_length=10, choices=Imminence.choices)
    narrative = EncryptedTextField(_("narrative"), **limit(NARRATIVE_MAX))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    police_reference = models.CharField(_("police reference"), max_length=REFERENCE_MAX, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-reported_on", "-created_at", "id"]
        verbose_name = _("threat report")
        verbose_name_plural = _("threat reports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.reliability}{self.credibility})"

    @property
    def grade(self) -> str:
        return f"{self.reliability}{self.credibility}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class ThreatTarget(models.Model):
    threat = models.ForeignKey(Threat, on_delete=models.PROTECT, related_name="target_links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # named in the report, or covered by its described group
    via_group = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["threat", "person"], name="one_target_per_threat")
        ]

    def __str__(self) -> str:
        return f"{self.threat_id} -> {self.person_id}"
