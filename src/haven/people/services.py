"""Writes to the register: one audited, atomic function per action."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts import policy
from haven.accounts.models import Agency
from haven.accounts.roles import Capability, DataClass
from haven.audit.models import AuditEntry
from haven.audit.services import REF, audit_log, change, diff
from haven.matching import normalise_name
from haven.matching.dates import parse as parse_birth
from haven.matching.normalise import clean_name
from haven.people.fieldclasses import (
    DOCUMENT_SECRET_FIELDS,
    EDITABLE_PERSON_FIELDS,
    PERSON_FIELD_CLASSES,
    SECRET_FIELDS,
)
from haven.people.models import (
    BirthPrecision,
    Document,
    Person,
    PersonShare,
    ShareRequest,
    detect_script,
)

A = AuditEntry.Action
IDENTITY = DataClass.IDENTITY


def fold(text: str) -> str:
    """Search form of a name: the matching engine's script-unified normalisation."""
    return normalise_name(text)


def person_search_text(person: Person) -> str:
    names = [person.given_name, person.family_name, person.full_name]
    names += [str(n.get("name", "")) for n in person.other_names if isinstance(n, dict)]
    folded = {fold(n) for n in names if n and n.strip()}
    raw = {" ".join(n.casefold().split()) for n in names if n and n.strip()}
    return " | ".join(sorted(folded | raw))


# Names and places arrive from forms, the API and imports: each is cleaned of invisible
# and bidi-control characters on the way in (a name wrapped in a right-to-left override
# would display as someone else's and escape the duplicate warning).
CLEANED_FIELDS = ("given_name", "family_name", "place_of_origin")


def _normalise_other_names(value: Any) -> Any:
    if not isinstance(value, list):
        return value
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if isinstance(item, dict) and isinstance(item.get("name", ""), str):
            name = clean_name(item.get("name", ""))
            out.append({"name": name, "script": item.get("script") or detect_script(name)})
        else:
            out.append(item)  # refused by Person.clean, with its position
    return out


def _snapshot(person: Person) -> dict[str, Any]:
    data = {f: getattr(person, f) for f in EDITABLE_PERSON_FIELDS if f != "caseworker"}
    data["caseworker"] = person.caseworker.get_username() if person.caseworker else None
    data["agency"] = person.agency.name if person.agency_id else None
    data["status"] = person.status
    return data


def _check_classes(actor: Any, fields: Mapping[str, Any]) -> None:
    granted = policy.classes_for(actor)
    errors = {
        name: [_("Your role may not record %(cls)s data.") % {"cls": PERSON_FIELD_CLASSES[name]}]
        for name in fields
        if name in PERSON_FIELD_CLASSES and PERSON_FIELD_CLASSES[name] not in granted
    }
    unknown = [n for n in fields if n not in EDITABLE_PERSON_FIELDS]
    for name in unknown:
        errors[name] = [_("This field cannot be set here.")]
    if errors:
        raise ValidationError(errors)


def _birth_from_text(person: Person, fields: Mapping[str, Any], before: str) -> None:
    """A birth given as written (``1365/02/31``, ``۱۳۶۵``, ``1363-1367``) fills the
    Gregorian fields when the caller gave none, or when it replaces another text
    (``before``: a form posts the old Gregorian values with the new text); the text
    is kept as given.  Otherwise ``Person.clean`` checks that the two agree."""
    text = person.birth_as_written
    if not text or "birth_as_written" not in fields:
        return
    given = ("birth_date", "birth_year", "birth_year_max")
    changed = bool(before) and text != before
    if not changed and any(fields.get(f) not in (None, "") for f in given):
        return
    parsed = parse_birth(text)
    if parsed is None:
        return  # refused by Person.clean, with the other errors
    if parsed.date is not None:
        person.birth_precision = BirthPrecision.DATE
        person.birth_date = parsed.date
        person.birth_year, person.birth_year_max = parsed.date.year, None
    elif parsed.lo == parsed.hi:
        person.birth_precision = BirthPrecision.YEAR
        person.birth_date, person.birth_year, person.birth_year_max = None, parsed.lo, None
    else:
        person.birth_precision = BirthPrecision.RANGE
        person.birth_date, person.birth_year, person.birth_year_max = None, parsed.lo, parsed.hi


def _apply(person: Person, fields: Mapping[str, Any]) -> None:
    text_before = person.birth_as_written
    for name, value in fields.items():
        if name == "other_names":
            value = _normalise_other_names(value)
        elif name in CLEANED_FIELDS and isinstance(value, str):
            value = clean_name(value)
        if isinstance(value, str):
            value = value.strip()
        setattr(person, name, value)
    _birth_from_text(person, fields, text_before)
    if "birth_precision" not in fields:
        # Infer what is known when the caller gave a date or a year but no precision.
        if person.birth_date:
            person.birth_precision = "date"
        elif (
            person.birth_year is not None
            and person.birth_year_max is not None
            and person.birth_year_max != person.birth_year
        ):
            person.birth_precision = "range"
        elif person.birth_year is not None:  # a year of 0 is refused, not dropped
            person.birth_precision = "year"
    if person.birth_precision == "date" and person.birth_date:
        person.birth_year = person.birth_date.year
        person.birth_year_max = None
    elif person.birth_precision == "year":
        person.birth_date, person.birth_year_max = None, None
    elif person.birth_precision == "unknown":
        person.birth_date = person.birth_year = person.birth_year_max = None
    person.search_text = person_search_text(person)


def _validate(obj: Any, *, loaded: tuple[str, ...] = ()) -> None:
    """``full_clean`` without the look-ups that cannot fail: whether a new row's random
    UUID is taken, and whether the rows its ``loaded`` foreign keys point at exist (read
    in this request already; the database enforces the keys all the same)."""
    exclude = [*loaded, obj._meta.pk.name] if obj._state.adding else list(loaded)
    obj.full_clean(exclude=exclude)


def _check_caseworker(person: Person) -> None:
    # A caseworker may belong to another agency (a referral, a joint case): the
    # assignment itself grants them sight of this one record.
    cw = person.caseworker
    if cw is not None and not policy.can(cw, Capability.REGISTER_READ):
        raise ValidationError(
            {"caseworker": [_("Choose an active user whose role may work on the register.")]}
        )


class DuplicateWarning(Exception):
    """Likely duplicates were found; register anyway only with a reason."""

    def __init__(self, matches: list[Any]) -> None:
        super().__init__("likely duplicates")
        self.matches = matches


@transaction.atomic
def person_create(
    *,
    actor: Any,
    fields: Mapping[str, Any],
    agency: Agency | None = None,
    check_duplicates: bool = False,
    duplicate_reason: str = "",
) -> Person:
    """Register a person. With ``check_duplicates``, refuse (DuplicateWarning) when the
    register already holds a likely match, unless the user gives a reason to go on."""
    if not policy.can(actor, Capability.REGISTER_WRITE):
        raise PermissionDenied(_("Your role may not register people."))
    _check_classes(actor, fields)
    matches: list[Any] = []
    if check_duplicates:
        from haven.people.matching import likely_duplicates

        matches = likely_duplicates(user=actor, fields=fields)
        if matches and not duplicate_reason.strip():
            raise DuplicateWarning(matches)
    agency = agency or actor.agency
    if agency is None or (actor.agency_id and agency.pk != actor.agency_id):
        raise PermissionDenied(_("People are registered in your own agency."))
    person = Person(agency=agency)
    _apply(person, fields)
    _validate(person, loaded=("agency",))
    _check_caseworker(person)
    person.save(force_insert=True)
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="person",
        subject_id=person.pk,
        classes={PERSON_FIELD_CLASSES[f] for f in fields if f in PERSON_FIELD_CLASSES},
        fields=fields.keys(),
        changes=diff({}, _snapshot(person), classes=PERSON_FIELD_CLASSES, secret=SECRET_FIELDS),
    )
    if matches:
        audit_log(
            actor=actor,
            action=A.OVERRIDE,
            subject_type="person",
            subject_id=person.pk,
            changes={
                "likely_duplicates": change(
                    REF,
                    None,
                    [
                        {"id": str(m.person.pk), "probability": round(m.candidate.probability, 3)}
                        for m in matches
                    ],
                ),
                "duplicate_reason": change(IDENTITY, None, duplicate_reason.strip()),
            },
        )
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, fields: Mapping[str, Any]) -> Person:
    """Change a person's record; the caller has already checked it is in the actor's scope."""
    classes = {PERSON_FIELD_CLASSES.get(f, DataClass.IDENTITY) for f in fields}
    if not policy.can_edit_fields(actor, person, classes):
        raise PermissionDenied(_("You may not change this person's record."))
    if person.status == Person.Status.CLOSED:
        raise ValidationError({"status": [_("Reopen the record before changing it.")]})
    _check_classes(actor, fields)
    # locks the person's row only; its agency and caseworker come along for the snapshot
    person = (
        Person.objects.select_related("agency", "caseworker")
        .select_for_update(no_key=True, of=("self",))
        .get(pk=person.pk)
    )
    new_caseworker = fields.get("caseworker", person.caseworker)
    if getattr(new_caseworker, "pk", None) != person.caseworker_id and not policy.can_assign(
        actor, person, new_caseworker
    ):
        raise PermissionDenied(
            _("Only the agency that owns this record may assign it outside that agency.")
        )
    before = _snapshot(person)
    _apply(person, fields)
    _validate(person, loaded=("agency",))  # not editable: the record's own agency
    _check_caseworker(person)
    changes = diff(before, _snapshot(person), classes=PERSON_FIELD_CLASSES, secret=SECRET_FIELDS)
    if not changes:
        return person
    person.save()
    audit_log(
        actor=actor,
        action=A.CHANGE,
        subject_type="person",
        subject_id=person.pk,
        changes=changes,
    )
    return person


@transaction.atomic
def person_close(*, actor: Any, person: Person, reason: str) -> Person:
    if not policy.can_edit_person(actor, person):
        raise PermissionDenied(_("You may not close this person's record."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the record is closed.")]})
    if person.status == Person.Status.CLOSED:
        raise ValidationError({"status": [_("The record is already closed.")]})
    person.status, person.closed_at, person.closed_reason = (
        Person.Status.CLOSED,
        timezone.now(),
        reason.strip(),
    )
    person.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    audit_log(
        actor=actor,
        action=A.CLOSE,
        subject_type="person",
        subject_id=person.pk,
        changes={
            "status": change(IDENTITY, "open", "closed"),
            "closed_reason": change(IDENTITY, "", reason.strip()),
        },
    )
    return person


@transaction.atomic
def person_reopen(*, actor: Any, person: Person, reason: str) -> Person:
    if not policy.can_edit_person(actor, person):
        raise PermissionDenied(_("You may not reopen this person's record."))
    if person.status != Person.Status.CLOSED:
        raise ValidationError({"status": [_("The record is open.")]})
    if person.merged_into_id:
        raise ValidationError(
            {"status": [_("This record was merged into another; undo the merge instead.")]}
        )
    person.status, person.closed_at, person.closed_reason = Person.Status.OPEN, None, ""
    person.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    audit_log(
        actor=actor,
        action=A.REOPEN,
        subject_type="person",
        subject_id=person.pk,
        changes={
            "status": change(IDENTITY, "closed", "open"),
            "reason": change(IDENTITY, None, reason.strip()),
        },
    )
    return person


@transaction.atomic
def person_share(*, actor: Any, person: Person, agency: Agency, reason: str) -> PersonShare:
    _share_check(actor, person, agency, reason)
    return _share_create(actor, person, agency, reason.strip())


def _share_check(actor: Any, person: Person, agency: Agency, reason: str) -> None:
    if not policy.can_share_person(actor, person):
        raise PermissionDenied(_("Only the agency that owns this record may share it."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the record is shared.")]})
    if agency.pk == person.agency_id:
        raise ValidationError({"agency": [_("The record already belongs to that agency.")]})
    if not policy.may_receive_shares(agency):
        raise ValidationError(
            {"agency": [_("No one in that agency may read the register; choose another.")]}
        )
    if person.shares.filter(agency=agency, revoked_at__isnull=True).exists():
        raise ValidationError({"agency": [_("Already shared with that agency.")]})
    if person.share_requests.filter(agency=agency, state=ShareRequest.State.PENDING).exists():
        raise ValidationError(
            {"agency": [_("A share with that agency is already waiting for a supervisor.")]}
        )


def _share_create(actor: Any, person: Person, agency: Agency, reason: str) -> PersonShare:
    share = PersonShare.objects.create(
        person=person, agency=agency, reason=reason, granted_by=actor
    )
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="person_share",
        subject_id=person.pk,
        changes={
            "agency": change(REF, None, str(agency.pk)),
            "reason": change(IDENTITY, None, reason),
        },
    )
    return share


# The reason a share made for the person's protection carries (kept as written, in the
# register's language, like every other share reason).
DANGER_TO_LIFE = "danger to life"


@transaction.atomic
def person_share_danger_to_life(
    *, actor: Any, person: Person, agency: Agency
) -> PersonShare | None:
    """Share a person with the police agency because their life is in danger: the one
    share that a safety writer who sees the person makes without owning the record (a
    threat escalated, an alert that must reach the police liaison). Does nothing when
    the agency already sees the person; audited like every share."""
    from haven.accounts.policy import safety as safety_policy

    if not safety_policy.can_escalate(actor, person):
        raise PermissionDenied(_("You may not escalate this person's case to the police."))
    if agency.pk == person.agency_id:
        return None
    if person.shares.filter(agency=agency, revoked_at__isnull=True).exists():
        return None
    return _share_create(actor, person, agency, DANGER_TO_LIFE)


@transaction.atomic
def person_unshare(*, actor: Any, share: PersonShare) -> PersonShare:
    if not policy.can_share_person(actor, share.person):
        raise PermissionDenied(_("You may not change how this record is shared."))
    share.revoked_at = timezone.now()
    share.save(update_fields=["revoked_at"])
    audit_log(
        actor=actor,
        action=A.CLOSE,
        subject_type="person_share",
        subject_id=share.person_id,
        changes={"agency": change(REF, str(share.agency_id), None)},
    )
    return share


DOCUMENT_FIELDS = (
    "kind",
    "number",
    "issuer",
    "status",
    "applied_on",
    "issued_on",
    "expires_on",
    "holder",
    "holder_detail",
    "notes",
)


DOCUMENT_FIELD_CLASSES = dict.fromkeys(DOCUMENT_FIELDS, DataClass.DOCUMENTS)


def _document_snapshot(doc: Document) -> dict[str, Any]:
    return {f: getattr(doc, f) for f in DOCUMENT_FIELDS}


def _document_write(
    actor: Any, person: Person, doc: Document, fields: Mapping[str, Any], action: str
) -> Document:
    if not policy.can_write_documents(actor, person):
        raise PermissionDenied(_("You may not record documents for this person."))
    if person.status == Person.Status.CLOSED:
        # as for the person's own fields: a closed record is history until reopened
        raise ValidationError({"status": [_("Reopen the record before changing it.")]})
    unknown = [f for f in fields if f not in DOCUMENT_FIELDS]
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})
    before = {} if action == A.CREATE else _document_snapshot(doc)
    for name, value in fields.items():
        setattr(doc, name, value.strip() if isinstance(value, str) else value)
    _validate(doc, loaded=("person",))
    changes = diff(
        before,
        _document_snapshot(doc),
        classes=DOCUMENT_FIELD_CLASSES,
        secret=DOCUMENT_SECRET_FIELDS,
    )
    if action == A.CHANGE and not changes:
        return doc
    doc.save()
    audit_log(
        actor=actor,
        action=action,
        subject_type="document",
        subject_id=doc.pk,
        classes={DataClass.DOCUMENTS},
        changes={**changes, "person": change(REF, None, str(person.pk))},
    )
    return doc


@transaction.atomic
def document_create(*, actor: Any, person: Person, fields: Mapping[str, Any]) -> Document:
    return _document_write(actor, person, Document(person=person), fields, A.CREATE)


@transaction.atomic
def document_update(*, actor: Any, document: Document, fields: Mapping[str, Any]) -> Document:
    document = Document.objects.select_for_update(no_key=True).get(pk=document.pk)
    return _document_write(actor, document.person, document, fields, A.CHANGE)
