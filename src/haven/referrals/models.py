"""Referrals of a person to a receiving body, group petitions, and the consent per class
of data that decides what either may carry."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.accounts.roles import DataClass
from haven.crypto import EncryptedTextField

NAME_MAX = 200
CONTACT_MAX = 1000
TEXT_MAX = 5000

# The classes a person may agree to share with a receiving body. Tracing data (a
# family's enquiry, the person's decisions about it) has its own consent gate and never
# travels with a referral.
REFERRABLE_CLASSES = (
    DataClass.IDENTITY,
    DataClass.WHEREABOUTS,
    DataClass.DOCUMENTS,
    DataClass.HEALTH,
    DataClass.SAFETY,
)


def _limit(n: int) -> dict[str, Any]:
    return {"max_length": n, "validators": [MaxLengthValidator(n)]}


class BodyKind(models.TextChoices):
    REFUGEE_AGENCY = "refugee_agency", _("refugee agency (status, resettlement)")
    LEGAL_AID = "legal_aid", _("legal aid")
    HEALTH = "health", _("health care")
    COUNSELLING = "counselling", _("psychosocial or exit counselling")
    EMPLOYMENT = "employment", _("employment and training")
    HOUSING = "housing", _("housing")
    POLICE = "police", _("police")


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("routine")
    URGENT = "urgent", _("urgent")
    EMERGENCY = "emergency", _("emergency")


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    COMPLETED = "completed", _("completed")


# Where each status may go next; declined and completed are final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.SENT,),
    Status.SENT: (Status.ACCEPTED, Status.DECLINED),
    Status.ACCEPTED: (Status.COMPLETED, Status.DECLINED),
    Status.DECLINED: (),
    Status.COMPLETED: (),
}
# A reply that closes the matter says how it ended.
NEEDS_OUTCOME = frozenset({Status.DECLINED, Status.COMPLETED})


class ReceivingBody(models.Model):
    """A registered organisation that people are referred to. When it works in Haven
    (``agency``), its receiving users see what is sent to it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=NAME_MAX, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="receiving_bodies",
        verbose_name=_("agency in Haven"),
    )
    contact = models.TextField(_("contact"), blank=True, **_limit(CONTACT_MAX))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("receiving body")
        verbose_name_plural = _("receiving bodies")

    def __str__(self) -> str:
        return self.name


class _Request(models.Model):
    """What a referral and a petition share: where it goes, why, and how it went."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    receiving_body = models.ForeignKey(
        ReceivingBody, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving body")
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    outcome = EncryptedTextField(_("outcome"), blank=True, **_limit(TEXT_MAX))
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Referral(_Request):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    reason = EncryptedTextField(_("reason"), **_limit(TEXT_MAX))

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.receiving_body_id} {self.status}"

    def clean(self) -> None:
        if not (self.reason or "").strip():
            raise ValidationError({"reason": [_("Say why the person is referred.")]})


class Petition(_Request):
    """Many people, one request (former members asking the refugee agency together)."""

    title = models.CharField(_("title"), max_length=NAME_MAX)
    request = EncryptedTextField(_("the request"), **_limit(TEXT_MAX))

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if not self.title.strip():
            errors["title"] = [_("Give the petition a title.")]
        if not (self.request or "").strip():
            errors["request"] = [_("Say what the petitioners ask for.")]
        if errors:
            raise ValidationError(errors)


class PetitionMember(models.Model):
    """A person on a petition; their own consent decides whether, and with what, they
    go out with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    petition = models.ForeignKey(Petition, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="petition_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "person__family_name", "person__given_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["petition", "person"], name="one_membership_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} on {self.petition_id}"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self) -> ConsentQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """The person's consent to share one class of their data, with one referral or one
    petition. Kept when withdrawn (``withdrawn_at``); a new consent is a new record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    member = models.ForeignKey(
        PetitionMember, on_delete=models.PROTECT, null=True, blank=True, related_name="consents"
    )
    data_class = models.CharField(_("class of data"), max_length=20, choices=DataClass.choices)
    given_at = models.DateTimeField(_("given at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["given_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(referral__isnull=False, member__isnull=True)
                    | models.Q(referral__isnull=True, member__isnull=False)
                ),
                name="consent_for_one_request",
            ),
            models.UniqueConstraint(
                fields=["referral", "data_class"],
                condition=models.Q(withdrawn_at__isnull=True, referral__isnull=False),
                name="one_active_referral_consent_per_class",
            ),
            models.UniqueConstraint(
                fields=["member", "data_class"],
                condition=models.Q(withdrawn_at__isnull=True, member__isnull=False),
                name="one_active_member_consent_per_class",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.data_class} {'withdrawn' if self.withdrawn_at else 'given'}"

    @property
    def person(self) -> Any:
        return self.referral.person if self.referral_id else self.member.person  # type: ignore[union-attr]
