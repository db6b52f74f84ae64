"""The register's privacy hooks (discovered by ``haven.privacy``): how long closed cases
are kept, anonymising one, erasing a person, and what a subject-access export shows.

An anonymised or erased person keeps their id, agency, status, codes (group status,
risk level) and dates; names, birth details, origin, whereabouts, health notes, document
numbers and issuers, and the free text staff typed about them are blanked. The writes
bypass ``full_clean`` on purpose (a record with no name is what erasure means) and set
``updated_at``; the audit entries name the fields, never a value, and the register's
matching index drops the names on its next catch-up (``erase``/``anonymise`` entries).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from haven.audit.services import REF, audit_log, change
from haven.people.fieldclasses import PERSON_FIELD_CLASSES
from haven.people.models import BirthPrecision, Document, Person, PersonMerge, PersonShare, Sex

CLOSED_CASE = "people.closed_case"
RETENTION: list[dict[str, Any]] = [
    {
        "kind": CLOSED_CASE,
        "label": _("Closed cases (the person and their documents)"),
        "setting": "HAVEN_RETAIN_CLOSED_CASE_DAYS",
        "days": 3650,  # kept by law longer than the rest
    }
]

BLANK_PERSON: dict[str, Any] = {
    "given_name": "",
    "family_name": "",
    "other_names": [],
    "sex": Sex.UNKNOWN,
    "birth_precision": BirthPrecision.UNKNOWN,
    "birth_date": None,
    "birth_year": None,
    "birth_year_max": None,
    "place_of_origin": "",
    "nationalities": [],
    "languages": [],
    "left_group_on": None,
    "current_site": "",
    "address": "",
    "phone": "",
    "vulnerabilities": "",
    "closed_reason": "",
    "search_text": "",
}
BLANK_DOCUMENT: dict[str, Any] = {"number": "", "issuer": "", "holder_detail": "", "notes": ""}


def _days(kind: str) -> int:
    spec = next(s for s in RETENTION if s["kind"] == kind)
    return int(getattr(settings, spec["setting"], spec["days"]))


def _holds_personal_data() -> Q:
    return ~Q(search_text="") | ~Q(given_name="") | ~Q(family_name="") | ~Q(other_names=[])


def expired(kind: str, *, now: dt.datetime) -> QuerySet[Person]:
    """Closed cases closed longer ago than their retention that still name someone."""
    if kind != CLOSED_CASE:
        raise KeyError(kind)
    cutoff = now - dt.timedelta(days=_days(kind))
    return Person.objects.filter(status=Person.Status.CLOSED, closed_at__lt=cutoff).filter(
        _holds_personal_data()
    )


def _blank_person(person: Person, *, actor: Any, now: dt.datetime, action: str) -> dict[str, int]:
    Person.objects.filter(pk=person.pk).update(**BLANK_PERSON, updated_at=now)
    docs = Document.objects.filter(person=person)
    n_docs = docs.update(**BLANK_DOCUMENT, updated_at=now)
    n_shares = PersonShare.objects.filter(person=person).update(reason="")
    merges = PersonMerge.objects.filter(Q(kept=person) | Q(absorbed=person))
    n_merges = merges.update(
        reason="", undo_reason="", kept_before={}, kept_after={}, absorbed_before={}
    )
    audit_log(
        actor=actor,
        action=action,
        subject_type="person",
        subject_id=person.pk,
        changes={
            **{
                f: change(PERSON_FIELD_CLASSES.get(f, "identity"), secret=True)
                for f in BLANK_PERSON
                if f != "search_text"
            },
            "documents": change(REF, None, n_docs),
        },
        at=now,
    )
    return {
        "people_person": 1,
        "people_document": n_docs,
        "people_personshare": n_shares,
        "people_personmerge": n_merges,
    }


def anonymise(kind: str, obj: Person, *, actor: Any, now: dt.datetime) -> None:
    if kind != CLOSED_CASE:
        raise KeyError(kind)
    _blank_person(obj, actor=actor, now=now, action="anonymise")


def erase_person(person: Person, *, actor: Any, now: dt.datetime) -> dict[str, int]:
    return _blank_person(person, actor=actor, now=now, action="erase")


def export_person(person: Person) -> dict[str, Any]:
    """The person's own record and documents. Left out as other people's data: who holds
    a document when that is another person, staff notes on documents, the reasons staff
    gave for sharing or merging, and who the caseworker is."""
    person = Person.objects.get(pk=person.pk)
    return {
        "person": {
            "id": str(person.pk),
            "given_name": person.given_name,
            "family_name": person.family_name,
            "other_names": person.other_names,
            "sex": person.sex,
            "birth": person.birth_display,
            "place_of_origin": person.place_of_origin,
            "nationalities": person.nationalities,
            "languages": person.languages,
            "group_status": person.group_status,
            "left_group_on": person.left_group_on.isoformat() if person.left_group_on else None,
            "current_site": person.current_site,
            "address": person.address,
            "phone": person.phone,
            "vulnerabilities": person.vulnerabilities,
            "risk_level": person.risk_level,
            "agency": person.agency.name,
            "status": person.status,
            "registered_at": person.created_at.isoformat(),
            "closed_at": person.closed_at.isoformat() if person.closed_at else None,
        },
        "documents": [
            {
                "id": str(d.pk),
                "kind": d.kind,
                "number": d.number,
                "issuer": d.issuer,
                "status": d.status,
                "applied_on": d.applied_on.isoformat() if d.applied_on else None,
                "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                "expires_on": d.expires_on.isoformat() if d.expires_on else None,
                "held_by": d.holder,
                # an employer or an authority is named; another person is not
                "holder_detail": d.holder_detail
                if d.holder in (Document.Holder.EMPLOYER, Document.Holder.AUTHORITY)
                else "",
            }
            for d in Document.objects.filter(person=person).order_by("kind", "id")
        ],
        "shared_with": sorted(
            s.agency.name
            for s in PersonShare.objects.filter(person=person, revoked_at__isnull=True)
        ),
    }
