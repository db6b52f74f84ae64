from __future__ import annotations

import datetime as dt
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField

SCRIPT_RE = re.compile(r"^[A-Z][a-z]{3}$")


def detect_script(text: str) -> str:
    """ISO 15924 code of the first letter's script (enough for names)."""
    for ch in text:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            return "Arab"
        if 0x0400 <= o <= 0x04FF:
            return "Cyrl"
        if 0x0370 <= o <= 0x03FF:
            return "Grek"
        if ch.isalpha():
            return "Latn"
    return "Zyyy"


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("other")
    UNKNOWN = "unknown", _("unknown")


class GroupStatus(models.TextChoices):
    MEMBER = "member", _("member (inside)")
    FORMER_MEMBER = "former_member", _("former member (left)")
    UNKNOWN = "unknown", _("unknown")


class BirthPrecision(models.TextChoices):
    DATE = "date", _("exact date")
    YEAR = "year", _("year only")
    RANGE = "range", _("range of years")
    UNKNOWN = "unknown", _("unknown")


class RiskLevel(models.TextChoices):
    UNASSESSED = "unassessed", _("not assessed")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    CRITICAL = "critical", _("critical")


class Person(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # identity
    given_name = models.CharField(_("given name"), max_length=200, blank=True)
    family_name = models.CharField(_("family name"), max_length=200, blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_precision = models.CharField(
        _("date of birth known as"),
        max_length=10,
        choices=BirthPrecision.choices,
        default=BirthPrecision.UNKNOWN,
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    birth_year_max = models.PositiveSmallIntegerField(
        _("latest year of birth"), null=True, blank=True
    )
    place_of_origin = models.CharField(_("place of origin"), max_length=200, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    group_status = models.CharField(
        _("group status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.UNKNOWN
    )
    left_group_on = models.DateField(_("left the group on"), null=True, blank=True)
    # whereabouts (encrypted at rest)
    # names a safe house: encrypted like the address
    current_site = EncryptedTextField(
        _("current site"), blank=True, validators=[MaxLengthValidator(200)]
    )
    address = EncryptedTextField(_("address"), blank=True)
    phone = EncryptedTextField(_("phone"), blank=True)
    # safety
    risk_level = models.CharField(
        _("risk level"), max_length=12, choices=RiskLevel.choices, default=RiskLevel.UNASSESSED
    )
    # health (encrypted at rest)
    vulnerabilities = EncryptedTextField(_("vulnerabilities"), blank=True)
    # case
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="people", verbose_name=_("agency")
    )
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_people",
        verbose_name=_("caseworker"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    # folded forms of every name, for search across spellings; kept by the services
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["group_status"]),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name or str(self.id)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    @property
    def birth_display(self) -> str:
        if self.birth_precision == BirthPrecision.DATE and self.birth_date:
            return self.birth_date.isoformat()
        if self.birth_precision == BirthPrecision.YEAR and self.birth_year:
            return str(self.birth_year)
        if self.birth_precision == BirthPrecision.RANGE and self.birth_year:
            return f"{self.birth_year}–{self.birth_year_max}"
        return str(_("unknown"))

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        if not (self.given_name.strip() or self.family_name.strip() or self.other_names):
            errors.setdefault("given_name", []).append(
                str(_("Give at least one name (given, family or another name)."))
            )
        names = self.other_names if isinstance(self.other_names, list) else None
        if names is None:
            errors.setdefault("other_names", []).append(str(_("Must be a list.")))
        else:
            for i, item in enumerate(names):
                if not isinstance(item, dict) or not str(item.get("name", "")).strip():
                    errors.setdefault("other_names", []).append(
                        str(_("Item %(i)s needs a name.")) % {"i": i + 1}
                    )
                elif not SCRIPT_RE.match(str(item.get("script", ""))):
                    errors.setdefault("other_names", []).append(
                        str(_("Item %(i)s: script must be an ISO 15924 code such as Latn or Arab."))
                        % {"i": i + 1}
                    )
        this_year = dt.date.today().year
        p = self.birth_precision
        if p == BirthPrecision.DATE:
            if not self.birth_date:
                errors.setdefault("birth_date", []).append(str(_("Give the date of birth.")))
            elif self.birth_date > dt.date.today():
                errors.setdefault("birth_date", []).append(
                    str(_("Date of birth is in the future."))
                )
        elif p in (BirthPrecision.YEAR, BirthPrecision.RANGE):
            if not self.birth_year:
                errors.setdefault("birth_year", []).append(str(_("Give the year of birth.")))
            if p == BirthPrecision.RANGE and not self.birth_year_max:
                errors.setdefault("birth_year_max", []).append(
                    str(_("Give the latest possible year of birth."))
                )
        for name in ("birth_year", "birth_year_max"):
            year = getattr(self, name)
            if year is not None and not (1900 <= year <= this_year):
                errors.setdefault(name, []).append(
                    str(_("Year must be between 1900 and %(y)s.")) % {"y": this_year}
                )
        if (
            p == BirthPrecision.RANGE
            and self.birth_year
            and self.birth_year_max
            and self.birth_year_max < self.birth_year
        ):
            errors.setdefault("birth_year_max", []).append(
                str(_("The latest year cannot be before the earliest."))
            )
        if self.left_group_on and self.left_group_on > dt.date.today():
            errors.setdefault("left_group_on", []).append(str(_("Date is in the future.")))
        if self.left_group_on and self.group_status != GroupStatus.FORMER_MEMBER:
            errors.setdefault("left_group_on", []).append(
                str(_("Only a former member has a date of leaving."))
            )
        for name in ("nationalities", "languages"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors.setdefault(name, []).append(str(_("Must be a list of text values.")))
        if errors:
            raise ValidationError(errors)


class PersonShare(models.Model):
    """A person's record made visible to another agency (sight, not the right to edit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="shares")
    reason = models.CharField(max_length=500)
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "agency"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_active_share_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} shared with {self.agency_id}"


class Document(models.Model):
    class Kind(models.TextChoices):
        IDENTITY_CARD = "identity_card", _("identity card")
        RESIDENCE_PERMIT = "residence_permit", _("residence permit")
        WORK_PERMIT = "work_permit", _("work permit")
        TAX_NUMBER = "tax_number", _("tax number")
        PASSPORT = "passport", _("passport")
        TRAVEL_DOCUMENT = "travel_document", _("travel document")
        REFUGEE_CERTIFICATE = "refugee_certificate", _("refugee certificate")
        VISA = "visa", _("visa")

    class Status(models.TextChoices):
        NONE = "none", _("none")
        APPLIED = "applied", _("applied for")
        ISSUED = "issued", _("issued")
        REFUSED = "refused", _("refused")
        EXPIRED = "expired", _("expired")
        REVOKED = "revoked", _("revoked")

    class Holder(models.TextChoices):
        PERSON = "person", _("the person")
        GROUP = "group", _("the group")
        EMPLOYER = "employer", _("an employer")
        OTHER_PERSON = "other_person", _("another person")
        AUTHORITY = "authority", _("an authority")
        UNKNOWN = "unknown", _("unknown")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    number = EncryptedTextField(_("number"), blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    holder = models.CharField(
        _("held by"), max_length=20, choices=Holder.choices, default=Holder.PERSON
    )
    holder_detail = models.CharField(_("holder details"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-issued_on", "id"]
        indexes = [models.Index(fields=["kind", "status", "expires_on"])]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def held_by_other(self) -> bool:
        """Held by anyone but the person: a forced-labour indicator."""
        return self.holder not in (self.Holder.PERSON, self.Holder.UNKNOWN)

    def is_valid_on(self, day: dt.date) -> bool:
        return self.status == self.Status.ISSUED and (
            self.expires_on is None or self.expires_on >= day
        )

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        today = dt.date.today()
        if self.issued_on and self.issued_on > today:
            errors.setdefault("issued_on", []).append(str(_("Date is in the future.")))
        if self.applied_on and self.applied_on > today:
            errors.setdefault("applied_on", []).append(str(_("Date is in the future.")))
        if self.issued_on and self.expires_on and self.expires_on < self.issued_on:
            errors.setdefault("expires_on", []).append(
                str(_("A document cannot expire before it was issued."))
            )
        if self.applied_on and self.issued_on and self.issued_on < self.applied_on:
            errors.setdefault("issued_on", []).append(
                str(_("A document cannot be issued before it was applied for."))
            )
        if self.status in (self.Status.NONE, self.Status.APPLIED) and self.issued_on:
            errors.setdefault("issued_on", []).append(
                str(_("A document that was not issued has no date of issue."))
            )
        if self.held_by_other and not self.holder_detail.strip():
            errors.setdefault("holder_detail", []).append(
                str(_("Say who holds the document (name, employer or authority)."))
            )
        if errors:
            raise ValidationError(errors)


class PersonMerge(models.Model):
    """Two records found to be one person: ``absorbed`` folded into ``kept``.

    Everything needed to undo it is kept here: the kept record's fields before, and
    which documents and shares moved.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_absorbed")
    reason = models.CharField(_("reason"), max_length=500)
    kept_before = models.JSONField(default=dict)
    kept_after = models.JSONField(default=dict)
    absorbed_before = models.JSONField(default=dict)
    moved_documents = models.JSONField(default=list)
    moved_shares = models.JSONField(default=list)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.absorbed_id} merged into {self.kept_id}"
