"""Sites, access visits and their findings, follow-up actions, and people leaving the
group. Narrative and location fields are encrypted at rest."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.crypto import EncryptedTextField

NAME_MAX = 200
TEXT_MAX = 5000
ADDRESS_MAX = 1000
POPULATION_MAX = 1_000_000


def _limit(n: int) -> dict[str, Any]:
    return {"max_length": n, "validators": [MaxLengthValidator(n)]}


class SiteKind(models.TextChoices):
    COMPOUND = "compound", _("compound")
    RESIDENCE = "residence", _("residence")
    WORKPLACE = "workplace", _("workplace")
    OTHER = "other", _("other place")


class Site(models.Model):
    """A place where people on the register live or work."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=NAME_MAX)
    kind = models.CharField(_("kind"), max_length=12, choices=SiteKind.choices)
    # whereabouts: encrypted, shown only to roles holding that class
    address = EncryptedTextField(_("address"), blank=True, **_limit(ADDRESS_MAX))
    operator = models.CharField(_("operator"), max_length=NAME_MAX, blank=True)
    estimated_population = models.PositiveIntegerField(
        _("estimated population"), null=True, blank=True
    )
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="sites", verbose_name=_("agency")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.name.strip():
            raise ValidationError({"name": [_("Give the site a name.")]})
        if self.estimated_population is not None and self.estimated_population > POPULATION_MAX:
            raise ValidationError({"estimated_population": [_("That is not a likely number.")]})


class SiteLink(models.Model):
    """A person living or working at a site, from one date to another (whereabouts)."""

    class Role(models.TextChoices):
        LIVES = "lives", _("lives there")
        WORKS = "works", _("works there")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="links")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="site_links")
    role = models.CharField(_("how"), max_length=10, choices=Role.choices, default=Role.LIVES)
    from_on = models.DateField(_("from"), null=True, blank=True)
    to_on = models.DateField(_("to"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-from_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.site_id}"

    def clean(self) -> None:
        if self.from_on and self.to_on and self.to_on < self.from_on:
            raise ValidationError({"to_on": [_("The end cannot be before the start.")]})


class Purpose(models.TextChoices):
    POLICE = "police", _("police")
    TAX = "tax", _("tax")
    HEALTH = "health", _("health")
    LABOUR = "labour", _("labour inspection")
    CHILD_PROTECTION = "child_protection", _("child protection")
    REFUGEE_AGENCY = "refugee_agency", _("refugee agency")


class Access(models.TextChoices):
    GRANTED = "granted", _("granted")
    PARTIAL = "partial", _("partial")
    REFUSED = "refused", _("refused")


class Visit(models.Model):
    """An agency's visit to a site: planned, then done with the access it was given."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="visits")
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="visits", verbose_name=_("agency")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    officers = models.CharField(_("officers"), max_length=500, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    access = models.CharField(_("access"), max_length=10, choices=Access.choices, blank=True)
    refused_areas = EncryptedTextField(_("areas refused"), blank=True, **_limit(TEXT_MAX))
    refused_by = models.CharField(_("refused by"), max_length=NAME_MAX, blank=True)
    refusal_reason = EncryptedTextField(_("reason given"), blank=True, **_limit(TEXT_MAX))
    private_interviews_possible = models.BooleanField(
        _("private interviews were possible"), null=True, blank=True
    )
    people_met = models.PositiveIntegerField(_("people met"), null=True, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, **_limit(TEXT_MAX))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-visited_on", "-planned_on", "-created_at"]
        indexes = [models.Index(fields=["site", "visited_on"])]
        verbose_name = _("access visit")
        verbose_name_plural = _("access visits")

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.visited_on or self.planned_on}"

    @property
    def done(self) -> bool:
        return self.visited_on is not None

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(name: str, message: Any) -> None:
            errors.setdefault(name, []).append(str(message))

        if self.visited_on is None and self.planned_on is None:
            add("visited_on", _("Give the date of the visit, or the date it is planned for."))
        if self.visited_on is None:
            if self.access:
                add("access", _("A visit that has not happened has no access outcome."))
        elif not self.access:
            add("access", _("Say whether access was granted, partial or refused."))
        if self.access == Access.PARTIAL and not self.refused_areas.strip():
            add("refused_areas", _("Say which areas were refused."))
        if self.access == Access.REFUSED and not self.refusal_reason.strip():
            add(
                "refusal_reason",
                _("Give the reason given for refusing access (or say none was given)."),
            )
        if self.access == Access.GRANTED and self.refused_areas.strip():
            add("refused_areas", _("Access was granted: no area was refused."))
        if self.people_met is not None and self.people_met > POPULATION_MAX:
            add("people_met", _("That is not a likely number."))
        if errors:
            raise ValidationError(errors)


class Item(models.TextChoices):
    FREE_TO_LEAVE = "free_to_leave", _("freedom to leave the site")
    DOCUMENTS_HELD = "documents_held_by_others", _("identity documents held by others")
    WORK_WITHOUT_PERMIT = "work_without_permit_or_pay", _("work without permit or pay")
    COMMUNICATION = "communication_restricted", _("restrictions on communication")
    SEGREGATION = "segregation_enforced", _("gender segregation enforced")
    UNIFORMS = "uniforms_required", _("uniforms required")
    CHAPERONED = "chaperoned_or_monitored", _("people chaperoned or monitored")
    MEDICAL_CARE = "medical_care_available", _("medical care available")
    CHILDREN = "children_present", _("children present")
    EXITS = "exits_and_sanitation", _("emergency exits and sanitation adequate")


class Answer(models.TextChoices):
    YES = "yes", _("yes")
    NO = "no", _("no")
    NOT_SEEN = "not_seen", _("not seen")


# The answer to each item that is a concern (and so becomes a follow-up action). "Not
# seen" is never one by itself: it is what an inspector could not check.
CONCERNING_ANSWER: dict[str, str] = {
    Item.FREE_TO_LEAVE: Answer.NO,
    Item.DOCUMENTS_HELD: Answer.YES,
    Item.WORK_WITHOUT_PERMIT: Answer.YES,
    Item.COMMUNICATION: Answer.YES,
    Item.SEGREGATION: Answer.YES,
    Item.UNIFORMS: Answer.YES,
    Item.CHAPERONED: Answer.YES,
    Item.MEDICAL_CARE: Answer.NO,
    Item.CHILDREN: Answer.YES,
    Item.EXITS: Answer.NO,
}


class Finding(models.Model):
    """One item of a visit's checklist."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="findings")
    item = models.CharField(_("item"), max_length=40, choices=Item.choices)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    note = EncryptedTextField(_("note"), blank=True, **_limit(TEXT_MAX))

    class Meta:
        ordering = ["visit", "item"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="one_finding_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.answer}"

    @property
    def is_concern(self) -> bool:
        return CONCERNING_ANSWER.get(self.item) == self.answer


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


PENDING = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class FollowUpAction(models.Model):
    """Something someone must do about a finding, an interview or a person leaving."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # the agency that acts on it (its owner's)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="oversight_actions",
        verbose_name=_("owner"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    description = EncryptedTextField(_("what is to be done"), **_limit(TEXT_MAX))
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    outcome = EncryptedTextField(_("outcome"), blank=True, **_limit(TEXT_MAX))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    visit = models.ForeignKey(
        Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    finding = models.OneToOneField(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="action"
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_actions",
    )
    interview = models.ForeignKey(
        "interviews.Interview",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="oversight_actions",
    )
    departure = models.ForeignKey(
        "oversight.Departure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return f"action due {self.due_on}"

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    def is_overdue(self, today: dt.date) -> bool:
        return self.pending and self.due_on < today

    def clean(self) -> None:
        if not self.description.strip():
            raise ValidationError({"description": [_("Say what is to be done.")]})


class Need(models.TextChoices):
    DOCUMENTS = "documents", _("documents")
    HOUSING = "housing", _("housing")
    WORK_PERMIT = "work_permit", _("a work permit")
    PROTECTION = "protection", _("protection")
    HEALTH_CARE = "health_care", _("health care")
    FAMILY_CONTACT = "family_contact", _("contact with family")


class Departure(models.Model):
    """A person leaving the group: kept as history, whatever happens later."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="departures")
    left_on = models.DateField(_("left on"))
    # whereabouts: encrypted, read-audited
    went_to = EncryptedTextField(_("where they went"), blank=True, **_limit(ADDRESS_MAX))
    needs = models.JSONField(_("what they need"), default=list, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True, **_limit(TEXT_MAX))
    status_before = models.CharField(max_length=20)
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-left_on", "-created_at"]
        verbose_name = _("departure from the group")
        verbose_name_plural = _("departures from the group")

    def __str__(self) -> str:
        return f"{self.person_id} left on {self.left_on}"

    def clean(self) -> None:
        needs = self.needs if isinstance(self.needs, list) else None
        if needs is None or not all(isinstance(n, str) for n in needs):
            raise ValidationError({"needs": [_("Must be a list of codes.")]})
        unknown = sorted(set(needs) - set(Need.values))
        if unknown:
            raise ValidationError(
                {"needs": [_("Unknown code: %(codes)s.") % {"codes": ", ".join(unknown)}]}
            )
        if len(set(needs)) != len(needs):
            raise ValidationError({"needs": [_("Each need once.")]})
