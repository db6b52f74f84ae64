"""Tracing: a family's enquiry, the candidates a caseworker decides on, the sought
person's consent records, the family's message and the person's reply, visits and
their visas.

Everything here is tracing data (read-audited); contact details, notes and message
texts are encrypted at rest. What reaches the enquirer is decided by
``haven.tracing.gate`` from the consent records alone.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.people.models import NAME_MAX, Sex, YearField

TEXT_MAX = 4000
SHORT_MAX = 200


def _limit(n: int) -> dict[str, object]:
    return {"validators": [MaxLengthValidator(n)]}


class State(models.TextChoices):
    """Internal states: caseworkers and supervisors see them, the desk never does."""

    RECEIVED = "received", _("received")
    SEARCHING = "searching", _("searching")
    CANDIDATE_FOUND = "candidate_found", _("candidate found")
    LOCATED = "located", _("located")
    INTERVIEW_HELD = "interview_held", _("interview held")
    CLOSED_WITH_CONSENT = "closed_with_consent", _("closed with consent")
    CLOSED_REFUSED = "closed_refused", _("closed, refused")
    CLOSED_NOT_FOUND = "closed_not_found", _("closed, not found")


CLOSED_STATES = frozenset({State.CLOSED_WITH_CONSENT, State.CLOSED_REFUSED, State.CLOSED_NOT_FOUND})


class Purpose(models.TextChoices):
    ALIVE_AND_WELL = "alive_and_well", _("tell the family I am alive and well")
    DELIVER_MESSAGE = "deliver_message", _("give me the family's message")
    SEND_REPLY = "send_reply", _("send my reply to the family")
    SHARE_CONTACT = "share_contact", _("give the family the contact details I choose")
    ACCEPT_VISIT = "accept_visit", _("accept a visit")


class Decision(models.TextChoices):
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("not yet delivered")
    DELIVERED = "delivered", _("delivered")
    DECLINED = "declined", _("declined by the person")
    UNDELIVERABLE = "undeliverable", _("undeliverable")


class Enquiry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="tracing_enquiries"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    # the enquirer
    enquirer_name = models.CharField(_("enquirer's name"), max_length=NAME_MAX)
    relationship = models.CharField(_("relationship to the sought person"), max_length=100)
    phone = EncryptedTextField(_("phone"), blank=True, **_limit(50))
    email = EncryptedTextField(_("e-mail"), blank=True, **_limit(254))
    address = EncryptedTextField(_("postal address"), blank=True, **_limit(SHORT_MAX * 2))
    language = models.CharField(_("language"), max_length=50, blank=True)
    reach_by = EncryptedTextField(_("how to reach them"), blank=True, **_limit(SHORT_MAX))
    identity_checked = EncryptedTextField(
        _("how identity and relationship were checked"), blank=True, **_limit(SHORT_MAX * 2)
    )
    checked_by = models.CharField(_("checked by"), max_length=150, blank=True)
    # keyed digests of the normalised phone, e-mail and address, to link enquiries that
    # share an enquirer without decrypting every enquiry
    contact_keys = models.JSONField(default=list, blank=True)
    # the sought person as the family knows them
    given_name = models.CharField(_("given name"), max_length=NAME_MAX, blank=True)
    family_name = models.CharField(_("family name"), max_length=NAME_MAX, blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_year = YearField(_("birth year"), null=True, blank=True)
    birth_year_max = YearField(_("latest birth year"), null=True, blank=True)
    place_of_origin = models.CharField(_("place of origin"), max_length=NAME_MAX, blank=True)
    last_known = EncryptedTextField(_("last known whereabouts"), blank=True, **_limit(TEXT_MAX))
    contact_lost = models.CharField(_("when contact was lost"), max_length=100, blank=True)
    message = EncryptedTextField(_("message for the sought person"), blank=True, **_limit(TEXT_MAX))
    message_status = models.CharField(
        _("message"), max_length=15, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    message_note = EncryptedTextField(_("note on the message"), blank=True, **_limit(TEXT_MAX))
    # internal
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.RECEIVED
    )
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tracing_enquiries",
    )
    flagged = models.BooleanField(_("flagged for review"), default=False)
    flag_reasons = models.JSONField(default=list, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = EncryptedTextField(_("review note"), blank=True, **_limit(TEXT_MAX))
    linked = models.ManyToManyField("self", blank=True, symmetrical=True)
    contact = EncryptedTextField(
        _("contact details the person chose to share"), blank=True, **_limit(SHORT_MAX * 2)
    )
    last_action_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tracing enquiry")
        verbose_name_plural = _("tracing enquiries")

    def __str__(self) -> str:
        return " ".join(n for n in (self.given_name, self.family_name) if n) or str(self.pk)

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def needs_review(self) -> bool:
        return self.flagged and self.reviewed_at is None


class EnquiryForward(models.Model):
    """An enquiry passed on to the agency that holds a likely candidate."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="forwards")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "agency"], name="tracing_forward_once")
        ]

    def __str__(self) -> str:
        return f"{self.enquiry_id} -> {self.agency_id}"


class CandidateDecision(models.Model):
    class Kind(models.TextChoices):
        LOCATED = "located", _("located: this is the person")
        RULED_OUT = "ruled_out", _("ruled out")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    probability = models.FloatField(null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True, **_limit(TEXT_MAX))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.person_id}"


class Consent(models.Model):
    """One decision of the sought person about one purpose of one enquiry: given or
    refused in an interview, or withdrawn at any time. Never changed: a later record
    supersedes an earlier one."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="consents")
    interview = models.ForeignKey(
        "interviews.Interview", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    decision = models.CharField(max_length=10, choices=Decision.choices)
    # whether the interview counted as private when the decision was taken (a copy of
    # Interview.counts_as_private, so that the gate reads consent records alone)
    private = models.BooleanField(default=False)
    at = models.DateTimeField()
    seq = models.PositiveIntegerField()  # order within the enquiry
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["enquiry", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["enquiry", "seq"], name="tracing_consent_order")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.decision}"


class DenyKnowing(models.Model):
    """The person asked that Haven deny knowing them to any enquirer, now and later."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="+")
    interview = models.ForeignKey(
        "interviews.Interview", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField()

    def __str__(self) -> str:
        return f"deny knowing {self.person_id}"


class Reply(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft, to be reviewed")
        RELEASED = "released", _("reviewed and released")
        WITHHELD = "withheld", _("withheld after review")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="replies")
    text = EncryptedTextField(_("reply"), **_limit(TEXT_MAX))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = EncryptedTextField(_("review note"), blank=True, **_limit(TEXT_MAX))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["written_at"]

    def __str__(self) -> str:
        return f"reply {self.pk}"


class Visitor(models.Model):
    """A family member named on the enquiry who may visit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="visitors")
    name = models.CharField(_("name"), max_length=NAME_MAX)
    relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ARRANGED = "arranged", _("arranged")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="visits")
    visitors = models.ManyToManyField(Visitor, related_name="visits")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    place = EncryptedTextField(_("place"), **_limit(SHORT_MAX * 2))
    neutral_place = models.BooleanField(_("a neutral place, not the compound"), default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    outcome = EncryptedTextField(_("outcome"), blank=True, **_limit(TEXT_MAX))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"visit {self.starts_on}"


class Visa(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        GRANTED = "granted", _("granted")
        REFUSED = "refused", _("refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="visas")
    visitor = models.ForeignKey(Visitor, on_delete=models.PROTECT, related_name="visas")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    authority_reference = models.CharField(_("authority's reference"), max_length=100, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "visitor"], name="tracing_visa_once")
        ]

    def __str__(self) -> str:
        return f"visa {self.status}"


class Event(models.Model):
    """The enquiry's timeline: each change of state and each action (internal)."""

    id = models.BigAutoField(primary_key=True)
    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=30)
    state = models.CharField(max_length=20, choices=State.choices)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at}"
