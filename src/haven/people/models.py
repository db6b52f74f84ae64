from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField
from haven.matching.dates import parse as parse_birth
from haven.matching.normalise import has_letter

SCRIPT_RE = re.compile(r"^[A-Z][a-z]{3}$")

# One limit per field, enforced here (full_clean, which every service calls) and read
# by the forms and the API from here: every path in meets the same limit.
NAME_MAX = 200
OTHER_NAMES_MAX = 100
LIST_ITEMS_MAX = 20
LIST_ITEM_MAX = 100
REASON_MAX = 500
NOTES_MAX = 5000
BIRTH_TEXT_MAX = 40
EARLIEST_BIRTH_YEAR = 1900


def _limit(n: int) -> dict[str, Any]:
    """``max_length`` (read by forms and serializers) and its validator (text fields
    do not enforce ``max_length`` themselves)."""
    return {"max_length": n, "validators": [MaxLengthValidator(n)]}


def validate_birth_year(value: Any) -> None:
    """One message for every year out of range, however far out (-5 and 3000 alike)."""
    this_year = dt.date.today().year
    if value is not None and not (EARLIEST_BIRTH_YEAR <= value <= this_year):
        raise ValidationError(
            _("Year must be between 1900 and %(y)s."), code="year_range", params={"y": this_year}
        )


class YearField(models.PositiveSmallIntegerField):
    """A year of birth: checked by ``validate_birth_year`` alone, so that a year below
    zero gets the same message as one in the future."""

    @property
    def validators(self) -> list[Any]:  # type: ignore[override]
        return [validate_birth_year]


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
    given_name = models.CharField(_("given name"), max_length=NAME_MAX, blank=True)
    family_name = models.CharField(_("family name"), max_length=NAME_MAX, blank=True)
    other_names = models.JSONField(_("other names"), default=list, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_precision = models.CharField(
        _("date of birth known as"),
        max_length=10,
        choices=BirthPrecision.choices,
        default=BirthPrecision.UNKNOWN,
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = YearField(_("year of birth"), null=True, blank=True)
    birth_year_max = YearField(_("latest year of birth"), null=True, blank=True)
    # The birth as the person's documents give it (a Solar Hijri date or year, Persian
    # digits): kept as written beside the Gregorian fields, which are derived from it
    birth_as_written = models.CharField(
        _("date of birth as written"), max_length=BIRTH_TEXT_MAX, blank=True
    )
    place_of_origin = models.CharField(_("place of origin"), max_length=NAME_MAX, blank=True)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    group_status = models.CharField(
        _("group status"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.UNKNOWN
    )
    left_group_on = models.DateField(_("left the group on"), null=True, blank=True)
    # whereabouts (encrypted at rest)
    # names a safe house: encrypted like the address
    current_site = EncryptedTextField(_("current site"), blank=True, **_limit(200))
    address = EncryptedTextField(_("address"), blank=True, **_limit(1000))
    phone = EncryptedTextField(_("phone"), blank=True, **_limit(50))
    # safety
    risk_level = models.CharField(
        _("risk level"), max_length=12, choices=RiskLevel.choices, default=RiskLevel.UNASSESSED
    )
    # health (encrypted at rest)
    vulnerabilities = EncryptedTextField(_("vulnerabilities"), blank=True, **_limit(NOTES_MAX))
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
    closed_reason = models.CharField(_("reason for closing"), max_length=REASON_MAX, blank=True)
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
        """The Gregorian birth, and as written when it was given otherwise."""
        text = self.birth_as_written.strip()
        shown = self._gregorian_birth()
        return (
            f"{shown} ({text})"
            if text and shown and text != shown
            else shown or text or str(_("unknown"))
        )

    def _gregorian_birth(self) -> str:
        if self.birth_precision == BirthPrecision.DATE and self.birth_date:
            return self.birth_date.isoformat()
        if self.birth_precision == BirthPrecision.YEAR and self.birth_year:
            return str(self.birth_year)
        if self.birth_precision == BirthPrecision.RANGE and self.birth_year:
            return f"{self.birth_year}–{self.birth_year_max}"
        return ""

    def left_before_birth(self) -> bool:
        """The date of leaving the group falls before the person was born."""
        left = self.left_group_on
        if left is None:
            return False
        if self.birth_precision == BirthPrecision.DATE and self.birth_date:
            return left < self.birth_date
        if self.birth_precision in (BirthPrecision.YEAR, BirthPrecision.RANGE):
            return bool(self.birth_year) and left.year < self.birth_year
        return False

    def _birth_as_written_error(self) -> Any:
        """The birth as written must be one the engine reads (a year, a range or a
        date, year first, in any digits; 1300-1404 Solar Hijri) and agree with the
        Gregorian fields."""
        text = self.birth_as_written.strip()
        if not text:
            return None
        parsed = parse_birth(text)
        if parsed is None:
            return _(
                "Write a year (1365 or 1986), a range (1363-1367) or a date with the "
                "year first (1365/02/31), in any digits."
            )
        p = self.birth_precision
        if p == BirthPrecision.DATE and self.birth_date:
            agrees = (
                self.birth_date == parsed.date
                if parsed.date
                else parsed.lo <= self.birth_date.year <= parsed.hi
            )
        elif p in (BirthPrecision.YEAR, BirthPrecision.RANGE) and self.birth_year:
            hi = self.birth_year_max if p == BirthPrecision.RANGE else self.birth_year
            agrees = parsed.date is None and parsed.lo <= self.birth_year <= (hi or 0) <= parsed.hi
        else:
            agrees = p == BirthPrecision.UNKNOWN
        if not agrees:
            return _("The date of birth as written does not match the date of birth.")
        return None

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: Any) -> None:
            errors.setdefault(name, []).append(str(message))

        if not (self.given_name.strip() or self.family_name.strip() or self.other_names):
            add("given_name", _("Give at least one name (given, family or another name)."))
        for name in ("given_name", "family_name"):
            value = getattr(self, name)
            if value.strip() and not has_letter(value):
                add(name, _("A name needs at least one visible letter."))
        self._clean_other_names(add)
        # (a year out of range is refused by validate_birth_year, in clean_fields)
        p = self.birth_precision
        if p == BirthPrecision.DATE:
            if not self.birth_date:
                add("birth_date", _("Give the date of birth."))
            elif self.birth_date > dt.date.today():
                add("birth_date", _("Date of birth is in the future."))
        elif p in (BirthPrecision.YEAR, BirthPrecision.RANGE):
            if self.birth_year is None:
                add("birth_year", _("Give the year of birth."))
            if p == BirthPrecision.RANGE and self.birth_year_max is None:
                add("birth_year_max", _("Give the latest possible year of birth."))
        if (
            p == BirthPrecision.RANGE
            and self.birth_year
            and self.birth_year_max
            and self.birth_year_max < self.birth_year
        ):
            add("birth_year_max", _("The latest year cannot be before the earliest."))
        message = self._birth_as_written_error()
        if message:
            add("birth_as_written", message)
        if self.left_group_on and self.left_group_on > dt.date.today():
            add("left_group_on", _("Date is in the future."))
        if self.left_group_on and self.group_status != GroupStatus.FORMER_MEMBER:
            add("left_group_on", _("Only a former member has a date of leaving."))
        elif self.left_before_birth():
            add("left_group_on", _("The date of leaving is before the date of birth."))
        for name in ("nationalities", "languages"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                add(name, _("Must be a list of text values."))
            elif len(value) > LIST_ITEMS_MAX:
                add(name, _("At most %(n)s values.") % {"n": LIST_ITEMS_MAX})
            elif any(len(v) > LIST_ITEM_MAX for v in value):
                add(name, _("Each value has at most %(n)s characters.") % {"n": LIST_ITEM_MAX})
        if errors:
            raise ValidationError(errors)

    def _clean_other_names(self, add: Any) -> None:
        names = self.other_names if isinstance(self.other_names, list) else None
        if names is None:
            add("other_names", _("Must be a list."))
            return
        if len(names) > OTHER_NAMES_MAX:
            add("other_names", _("At most %(n)s other names.") % {"n": OTHER_NAMES_MAX})
        for i, item in enumerate(names):
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name.strip():
                add("other_names", _("Item %(i)s needs a name.") % {"i": i + 1})
            elif not has_letter(name):
                add(
                    "other_names",
                    _("Item %(i)s: a name needs at least one visible letter.") % {"i": i + 1},
                )
            elif len(name) > NAME_MAX:
                add(
                    "other_names",
                    _("Item %(i)s: at most %(n)s characters.") % {"i": i + 1, "n": NAME_MAX},
                )
            elif not SCRIPT_RE.match(str(item.get("script", ""))):
                add(
                    "other_names",
                    _("Item %(i)s: script must be an ISO 15924 code such as Latn or Arab.")
                    % {"i": i + 1},
                )


class PersonShare(models.Model):
    """A person's record made visible to another agency (sight, not the right to edit)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="shares")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="shares")
    reason = models.CharField(max_length=REASON_MAX)
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


class ShareRequest(models.Model):
    """A share of a person with another agency, asked for by a caseworker: no sight is
    granted until a supervisor of the owning agency approves it (then a ``PersonShare``
    is made) or refuses it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a supervisor")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="share_requests")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=REASON_MAX)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    share = models.ForeignKey(
        PersonShare, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "agency"],
                condition=models.Q(state="pending"),
                name="one_pending_share_request_per_agency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} share with {self.agency_id} ({self.state})"


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
    number = EncryptedTextField(_("number"), blank=True, **_limit(200))
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    holder = models.CharField(
        _("held by"), max_length=20, choices=Holder.choices, default=Holder.PERSON
    )
    holder_detail = models.CharField(_("holder details"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, **_limit(NOTES_MAX))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "-issued_on", "id"]
        indexes = [models.Index(fields=["kind", "status", "expires_on"])]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    # Holders who must be named: "the group" names itself.
    HOLDERS_NAMED = (Holder.EMPLOYER, Holder.OTHER_PERSON, Holder.AUTHORITY)

    @property
    def held_by_other(self) -> bool:
        """Held by anyone but the person: a forced-labour indicator."""
        return self.holder not in (self.Holder.PERSON, self.Holder.UNKNOWN)

    @property
    def is_evidenced(self) -> bool:
        """Something shows the document exists: its number or one of its dates. A bare
        "issued" is a claim, and does not clear a "no valid document" flag."""
        return bool(self.number or self.issued_on or self.expires_on)

    def is_valid_on(self, day: dt.date) -> bool:
        return (
            self.status == self.Status.ISSUED
            and self.is_evidenced
            and (self.expires_on is None or self.expires_on >= day)
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
        if self.holder in self.HOLDERS_NAMED and not self.holder_detail.strip():
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
    reason = models.CharField(_("reason"), max_length=REASON_MAX)
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
    undo_reason = models.CharField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.absorbed_id} merged into {self.kept_id}"
