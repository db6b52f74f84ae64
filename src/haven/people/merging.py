"""Merging two records of one person, and undoing it. Nothing is lost either way."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.roles import Capability, DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff, jsonable
from haven.crypto import decrypt, encrypt
from haven.people.fieldclasses import PERSON_FIELD_CLASSES, SECRET_FIELDS
from haven.people.models import (
    BirthPrecision,
    Document,
    GroupStatus,
    Person,
    PersonMerge,
    PersonShare,
)
from haven.people.services import person_search_text

A = AuditEntry.Action
# Fields filled on the kept record from the absorbed one when the kept one lacks them.
FILLABLE = (
    "given_name",
    "family_name",
    "sex",
    "place_of_origin",
    "current_site",
    "address",
    "phone",
    "vulnerabilities",
    "caseworker_id",
)
# Fields that only make sense together: taken from the absorbed record as a whole or not
# at all, so that the merged record is valid by construction.
BIRTH = ("birth_precision", "birth_date", "birth_year", "birth_year_max", "birth_as_written")
GROUP = ("group_status", "left_group_on")
LISTS = ("nationalities", "languages")
STATE_FIELDS = (
    *FILLABLE,
    *BIRTH,
    "left_group_on",
    *LISTS,
    "other_names",
    "group_status",
    "risk_level",
    "status",
    "closed_at",
    "closed_reason",
    "merged_into_id",
)
# the class of each field a merge may change, for its audit entry
STATE_CLASSES = {
    f: PERSON_FIELD_CLASSES.get(f.removesuffix("_id"), DataClass.IDENTITY) for f in STATE_FIELDS
}
EMPTY = (None, "", "unknown", "unassessed", [])


def _state(person: Person) -> dict[str, Any]:
    return {f: jsonable(getattr(person, f)) for f in STATE_FIELDS}


def _seal(state: dict[str, Any]) -> dict[str, Any]:
    """Secret fields stay encrypted in the stored snapshots too."""
    return {k: encrypt(v) if k in SECRET_FIELDS and v else v for k, v in state.items()}


def _unseal(state: dict[str, Any]) -> dict[str, Any]:
    return {k: decrypt(v) if k in SECRET_FIELDS and v else v for k, v in state.items()}


def _restore(person: Person, state: dict[str, Any]) -> None:
    for name, value in state.items():
        field = person._meta.get_field(name.removesuffix("_id"))
        setattr(person, name, field.to_python(value) if value is not None else None)


def _names_of(person: Person) -> list[dict[str, str]]:
    from haven.people.models import detect_script

    names = [dict(n) for n in person.other_names]
    if person.full_name:
        names.insert(0, {"name": person.full_name, "script": detect_script(person.full_name)})
    return names


def _check(actor: Any, *people: Person) -> None:
    if not policy.can(actor, Capability.MERGE):
        raise PermissionDenied(_("Only a supervisor may merge records."))
    if not policy.can_merge(actor, *people):
        raise PermissionDenied(
            _("Only records that your own agency owns can be merged (or the merge undone).")
        )


def _fill(kept: Person, absorbed: Person) -> None:
    """What the kept record takes from the absorbed one: every field it lacks; the date
    of birth and the group status (with its date of leaving) only whole, and only when
    the kept record knows nothing of them. The kept record's own values always win."""
    for name in FILLABLE:
        if getattr(kept, name) in EMPTY and getattr(absorbed, name) not in EMPTY:
            setattr(kept, name, getattr(absorbed, name))
    if kept.birth_precision == BirthPrecision.UNKNOWN:
        for name in BIRTH:
            setattr(kept, name, getattr(absorbed, name))
    if kept.group_status == GroupStatus.UNKNOWN:
        for name in GROUP:
            setattr(kept, name, getattr(absorbed, name))
    elif (
        kept.group_status == GroupStatus.FORMER_MEMBER
        and kept.left_group_on is None
        and absorbed.group_status == GroupStatus.FORMER_MEMBER
    ):
        kept.left_group_on = absorbed.left_group_on
    if kept.left_before_birth():
        # A date of leaving from one record, a birth from the other, that contradict each
        # other: keep the birth (the absorbed record still holds the date; undo restores it).
        kept.left_group_on = None
    for name in LISTS:
        setattr(kept, name, list(dict.fromkeys([*getattr(kept, name), *getattr(absorbed, name)])))


@transaction.atomic
def person_merge(*, actor: Any, kept: Person, absorbed: Person, reason: str) -> PersonMerge:
    """Fold ``absorbed`` into ``kept``: its names, missing fields, documents and shares
    move over; the absorbed record is closed and points at the kept one."""
    _check(actor, kept, absorbed)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why these records are the same person.")]})
    if kept.pk == absorbed.pk:
        raise ValidationError({"other": [_("A record cannot be merged with itself.")]})
    kept = Person.objects.select_for_update(no_key=True).get(pk=kept.pk)
    absorbed = Person.objects.select_for_update(no_key=True).get(pk=absorbed.pk)
    for person in (kept, absorbed):
        if person.merged_into_id:
            raise ValidationError({"other": [_("One of these records is already merged.")]})
    kept_before, absorbed_before = _state(kept), _state(absorbed)

    _fill(kept, absorbed)
    seen = {n["name"].casefold() for n in _names_of(kept)}
    for item in _names_of(absorbed):
        if item["name"].casefold() not in seen:
            kept.other_names = [*kept.other_names, item]
            seen.add(item["name"].casefold())
    kept.search_text = person_search_text(kept)
    kept.full_clean()
    kept.save()

    docs = list(absorbed.documents.values_list("pk", flat=True))
    Document.objects.filter(pk__in=docs).update(person=kept)
    shares = list(
        absorbed.shares.filter(revoked_at__isnull=True)
        .exclude(agency_id__in=kept.shares.filter(revoked_at__isnull=True).values("agency_id"))
        .exclude(agency_id=kept.agency_id)
        .values_list("pk", flat=True)
    )
    PersonShare.objects.filter(pk__in=shares).update(person=kept)
    absorbed.merged_into = kept
    absorbed.status = Person.Status.CLOSED
    absorbed.closed_at = timezone.now()
    absorbed.closed_reason = _("Merged into %(id)s") % {"id": kept.pk}
    absorbed.save()

    merge = PersonMerge.objects.create(
        kept=kept,
        absorbed=absorbed,
        reason=reason.strip(),
        kept_before=_seal(kept_before),
        kept_after=_seal(_state(kept)),
        absorbed_before=_seal(absorbed_before),
        moved_documents=[str(d) for d in docs],
        moved_shares=[str(s) for s in shares],
        merged_by=actor,
    )
    note = f"merge {merge.pk}"
    reason_change = change(DataClass.IDENTITY, None, reason.strip())
    audit_log(
        actor=actor,
        action=A.MERGE,
        subject_type="person",
        subject_id=kept.pk,
        changes={
            **diff(kept_before, _state(kept), classes=STATE_CLASSES, secret=SECRET_FIELDS),
            "absorbed": change(REF, None, str(absorbed.pk)),
            "documents": change(REF, None, merge.moved_documents),
            "reason": reason_change,
        },
        note=note,
    )
    audit_log(
        actor=actor,
        action=A.MERGE,
        subject_type="person",
        subject_id=absorbed.pk,
        changes={
            "merged_into": change(REF, None, str(kept.pk)),
            "status": change(DataClass.IDENTITY, "open", "closed"),
            "reason": reason_change,
        },
        note=note,
    )
    return merge


@transaction.atomic
def person_unmerge(*, actor: Any, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: the absorbed record, its documents and shares come back as they were;
    fields of the kept record the merge filled are emptied again unless edited since."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    _check(actor, merge.kept, merge.absorbed)
    if merge.undone_at:
        raise ValidationError({"merge": [_("This merge was already undone.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the merge is undone.")]})
    kept = Person.objects.select_for_update(no_key=True).get(pk=merge.kept_id)
    absorbed = Person.objects.select_for_update(no_key=True).get(pk=merge.absorbed_id)
    current, before_kept = _state(kept), _state(kept)
    kept_before, kept_after = _unseal(merge.kept_before), _unseal(merge.kept_after)
    restore = {
        name: kept_before[name]
        for name, value in kept_after.items()
        if kept_before.get(name) != value and current.get(name) == value
    }
    _restore(kept, restore)
    kept.search_text = person_search_text(kept)
    kept.save()
    Document.objects.filter(pk__in=merge.moved_documents, person=kept).update(person=absorbed)
    PersonShare.objects.filter(pk__in=merge.moved_shares, person=kept).update(person=absorbed)
    _restore(absorbed, _unseal(merge.absorbed_before))
    absorbed.search_text = person_search_text(absorbed)
    absorbed.save()
    merge.undone_by, merge.undone_at, merge.undo_reason = actor, timezone.now(), reason.strip()
    merge.save(update_fields=["undone_by", "undone_at", "undo_reason"])
    note = f"merge {merge.pk} undone"
    reason_change = change(DataClass.IDENTITY, None, reason.strip())
    audit_log(
        actor=actor,
        action=A.UNMERGE,
        subject_type="person",
        subject_id=kept.pk,
        changes={
            **diff(before_kept, _state(kept), classes=STATE_CLASSES, secret=SECRET_FIELDS),
            "reason": reason_change,
        },
        note=note,
    )
    audit_log(
        actor=actor,
        action=A.UNMERGE,
        subject_type="person",
        subject_id=absorbed.pk,
        changes={"merged_into": change(REF, str(kept.pk), None), "reason": reason_change},
        note=note,
    )
    return merge
