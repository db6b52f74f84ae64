"""The one interview record: tracing, oversight and safety all write and read it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField


class Context(models.TextChoices):
    TRACING = "tracing", _("family tracing")
    OVERSIGHT = "oversight", _("oversight")
    SAFETY = "safety", _("safety")
    OTHER = "other", _("other")


class AskedFor(models.TextChoices):
    STAY = "stay", _("to stay")
    LEAVE = "leave", _("to leave")
    DOCUMENTS = "documents", _("documents")
    WORK_PERMIT = "work_permit", _("a work permit")
    HEALTH_CARE = "health_care", _("health care")
    FAMILY_CONTACT = "family_contact", _("contact with family")
    ASYLUM = "asylum", _("asylum")
    LEGAL_ADVICE = "legal_advice", _("legal advice")
    OTHER = "other", _("something else")


class InterviewQuerySet(models.QuerySet["Interview"]):
    def counting_as_private(self) -> InterviewQuerySet:
        """Interviews held with no one else present and no one from the group listening."""
        return self.filter(private=True, chaperone_present=False)


class Interview(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="interviews")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="interviews"
    )
    conducted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interviews_conducted"
    )
    held_on = models.DateField(_("held on"))
    location = EncryptedTextField(_("where it was held"), blank=True)
    present = EncryptedTextField(_("who was present"), blank=True)
    private = models.BooleanField(
        _("held in private"),
        default=False,
        help_text=_("No one but the interviewer and the interpreter was present."),
    )
    chaperone_present = models.BooleanField(
        _("someone from the group was present or listening"), default=False
    )
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=50, blank=True)
    asked_for = models.JSONField(_("the person asked for"), default=list, blank=True)
    concerns = EncryptedTextField(_("concerns"), blank=True)
    follow_ups = EncryptedTextField(_("follow-ups"), blank=True)
    context = models.CharField(_("context"), max_length=12, choices=Context.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["person", "context"])]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{self.get_context_display()} {self.held_on}"

    @property
    def counts_as_private(self) -> bool:
        """The one rule every module uses: private, and no chaperone present or listening."""
        return bool(self.private and not self.chaperone_present)

    def clean(self) -> None:
        codes = self.asked_for if isinstance(self.asked_for, list) else None
        if codes is None or not all(isinstance(c, str) for c in codes):
            raise ValidationError({"asked_for": [_("Must be a list of codes.")]})
        unknown = sorted(set(codes) - set(AskedFor.values))
        if unknown:
            raise ValidationError(
                {"asked_for": [_("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}]}
            )
