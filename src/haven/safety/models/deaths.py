"""Death records: closed only once the death is explained."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.safety.models.common import NOTE_MAX, REFERENCE_MAX, SHORT_MAX, limit


class PostMortem(models.TextChoices):
    NOT_REQUESTED = "not_requested", _("not requested")
    REQUESTED = "requested", _("requested")
    PERFORMED = "performed", _("performed")
    REFUSED = "refused", _("refused")
    IMPOSSIBLE = "impossible", _("impossible")


class Death(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # one death per person: recording it marks them deceased
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="death")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    died_on = models.DateField(_("died on"))
    place = EncryptedTextField(_("place"), blank=True, **limit(SHORT_MAX))
    reported_cause = EncryptedTextField(_("cause as reported"), blank=True, **limit(NOTE_MAX))
    cause_reported_by = EncryptedTextField(_("cause reported by"), blank=True, **limit(SHORT_MAX))
    post_mortem = models.CharField(
        _("post-mortem"), max_length=20, choices=PostMortem.choices, default="not_requested"
    )
    post_mortem_on = models.DateField(_("post-mortem performed on"), null=True, blank=True)
    # who requested or refused it, and why it was refused or impossible
    post_mortem_by = EncryptedTextField(
        _("post-mortem requested or refused by"), blank=True, **limit(SHORT_MAX)
    )
    post_mortem_reason = EncryptedTextField(
        _("why it was refused or impossible"), blank=True, **limit(NOTE_MAX)
    )
    post_mortem_result = EncryptedTextField(_("post-mortem result"), blank=True, **limit(NOTE_MAX))
    investigating_authority = models.CharField(
        _("investigating authority"), max_length=SHORT_MAX, blank=True
    )
    investigation_reference = models.CharField(
        _("investigation reference"), max_length=REFERENCE_MAX, blank=True
    )
    investigation_outcome = EncryptedTextField(
        _("investigation outcome"), blank=True, **limit(NOTE_MAX)
    )
    buried_on = models.DateField(_("buried on"), null=True, blank=True)
    burial_place = EncryptedTextField(_("burial place"), blank=True, **limit(SHORT_MAX))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-died_on", "id"]
        verbose_name = _("death record")
        verbose_name_plural = _("death records")

    def __str__(self) -> str:
        return f"{self.person_id} {self.died_on}"

    @property
    def buried_before_post_mortem(self) -> bool:
        """Buried with no post-mortem performed, or before it was."""
        if self.buried_on is None:
            return False
        if self.post_mortem != PostMortem.PERFORMED:
            return True
        return self.post_mortem_on is not None and self.post_mortem_on > self.buried_on

    @property
    def post_mortem_settled(self) -> bool:
        """A result recorded, or a documented reason it was impossible."""
        if self.post_mortem == PostMortem.PERFORMED:
            return bool(self.post_mortem_result.strip())
        if self.post_mortem == PostMortem.IMPOSSIBLE:
            return bool(self.post_mortem_reason.strip())
        return False

    @property
    def can_close(self) -> bool:
        return self.post_mortem_settled and bool(self.investigation_outcome.strip())
