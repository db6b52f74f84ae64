"""Enquiries: registering one (and linking it to others from the same enquirer),
reviewing a flagged one, searching, forwarding, deciding on candidates, closing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.policy import tracing as policy
from haven.matching import Record, score
from haven.matching.normalise import clean_name
from haven.people.models import Person, detect_script
from haven.tracing import gate
from haven.tracing.models import (
    CLOSED_STATES,
    CandidateDecision,
    DenyKnowing,
    Enquiry,
    EnquiryForward,
    State,
)
from haven.tracing.services._common import (
    SUBJECT,
    A,
    contact_key,
    event,
    now_or,
    refs,
    require_work,
    traced,
)

ENQUIRER_FIELDS = (
    "enquirer_name",
    "relationship",
    "phone",
    "email",
    "address",
    "language",
    "reach_by",
    "identity_checked",
    "checked_by",
)
SOUGHT_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_year",
    "birth_year_max",
    "place_of_origin",
    "last_known",
    "contact_lost",
)
ENQUIRY_FIELDS = (*ENQUIRER_FIELDS, *SOUGHT_FIELDS, "message")
CLEANED = ("enquirer_name", "given_name", "family_name", "place_of_origin")
# what the enquirer gave: the other names' scripts are worked out here
OTHER_NAMES_MAX = 20


def _other_names(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list) or len(value) > OTHER_NAMES_MAX:
        raise ValidationError({"other_names": [_("Give a list of at most 20 names.")]})
    out = []
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
            raise ValidationError({"other_names": [_("Each other name needs a name.")]})
        name = clean_name(item["name"]).strip()
        if name:
            out.append({"name": name, "script": str(item.get("script") or detect_script(name))})
    return out


def _split(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) < 2:
        return name, ""
    return " ".join(words[:-1]), words[-1]


# Two enquirers are taken as one when the engine finds both name parts at least this
# alike (and both enquirers gave two parts): a spelling or script apart, not a verdict.
_SAME_NAME = frozenset({"exact", "strong"})


def same_enquirer_name(a: str, b: str) -> bool:
    (ga, fa), (gb, fb) = _split(a), _split(b)
    if not (ga and fa and gb and fb):
        return False
    pair = score(
        Record(id="a", given_name=ga, family_name=fa), Record(id="b", given_name=gb, family_name=fb)
    )
    outcomes = {e.field: e.outcome for e in pair.explanation}
    return all(outcomes.get(f) in _SAME_NAME for f in ("given_name", "family_name"))


def linked_enquiries(enquiry: Enquiry) -> tuple[list[Enquiry], list[str]]:
    """Other enquiries from the same enquirer (the same phone, e-mail or address, or a
    name the engine takes for the same), and why."""
    keys = set(enquiry.contact_keys)
    found: dict[Any, Enquiry] = {}
    reasons: set[str] = set()
    for other in Enquiry.objects.exclude(pk=enquiry.pk).only(
        "pk", "enquirer_name", "contact_keys", "flagged", "reviewed_at", "state"
    ):
        shared = keys & set(other.contact_keys)
        if shared:
            found[other.pk] = other
            reasons |= {k.split(":", 1)[0] for k in shared}
        elif same_enquirer_name(enquiry.enquirer_name, other.enquirer_name):
            found[other.pk] = other
            reasons.add("name")
    return list(found.values()), sorted(reasons)


@transaction.atomic
def enquiry_create(
    *, actor: Any, fields: Mapping[str, Any], now: dt.datetime | None = None
) -> Enquiry:
    """Register a family's enquiry. One that shares an enquirer with other enquiries is
    linked to them and flagged (with them) for a supervisor's review before any
    candidate is shown: an enquiry may come from someone acting for the group."""
    if not policy.can_enquire(actor):
        raise PermissionDenied(_("Only the enquiry desk registers tracing enquiries."))
    now = now_or(now)
    unknown = sorted(set(fields) - set(ENQUIRY_FIELDS))
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})
    values = dict(fields)
    for name in CLEANED:
        if isinstance(values.get(name), str):
            values[name] = clean_name(values[name])
    values["other_names"] = _other_names(values.get("other_names") or [])
    for name, value in list(values.items()):
        if isinstance(value, str):
            values[name] = value.strip()
    enquiry = Enquiry(
        agency=actor.agency, created_by=actor, created_at=now, last_action_at=now, **values
    )
    errors: dict[str, list[str]] = {}
    if not (enquiry.given_name or enquiry.family_name or enquiry.other_names):
        errors["given_name"] = [_("Give at least one name of the person sought.")]
    low, high = enquiry.birth_year, enquiry.birth_year_max
    if low and high and high < low:
        errors["birth_year_max"] = [_("The latest year cannot be before the earliest.")]
    try:
        enquiry.full_clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    enquiry.contact_keys = sorted(
        k
        for k in (
            contact_key("phone", enquiry.phone),
            contact_key("email", enquiry.email),
            contact_key("address", enquiry.address),
        )
        if k
    )
    enquiry.save(force_insert=True)
    event(
        enquiry=enquiry,
        actor=actor,
        action="received",
        now=now,
        state=State.RECEIVED,
        changes=traced(**dict.fromkeys(k for k in ENQUIRY_FIELDS if getattr(enquiry, k))),
        audit_action=A.CREATE,
    )
    others, reasons = linked_enquiries(enquiry)
    if others:
        enquiry.linked.add(*others)
        enquiry.flagged, enquiry.flag_reasons = True, reasons
        event(enquiry=enquiry, actor=None, action="flagged", now=now, changes=traced(flagged=1))
        for other in others:
            if not other.flagged and other.state not in CLOSED_STATES:
                other.flagged, other.flag_reasons, other.reviewed_at = True, reasons, None
                event(
                    enquiry=other, actor=None, action="flagged", now=now, changes=traced(flagged=1)
                )
    return enquiry


@transaction.atomic
def enquiry_review(
    *, actor: Any, enquiry: Enquiry, note: str, now: dt.datetime | None = None
) -> Enquiry:
    """A supervisor has looked at a flagged enquiry and its links: candidates may now be
    shown. The note says why it is taken to be a family's enquiry."""
    if not policy.can_review(actor):
        raise PermissionDenied(_("Only a supervisor reviews flagged enquiries."))
    require_work(actor, enquiry)
    if not enquiry.flagged or enquiry.reviewed_at is not None:
        raise ValidationError({"note": [_("This enquiry is not waiting for a review.")]})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Say what the review found.")]})
    now = now_or(now)
    enquiry.reviewed_at, enquiry.reviewed_by, enquiry.review_note = now, actor, note
    event(enquiry=enquiry, actor=actor, action="reviewed", now=now, changes=traced(review_note=1))
    return enquiry


@transaction.atomic
def enquiry_searched(
    *, actor: Any, enquiry: Enquiry, found: bool, now: dt.datetime | None = None
) -> Enquiry:
    """The candidates were looked at: ``searching``, or ``candidate_found`` when the
    engine proposed someone likely. Moves only an enquiry not yet further on."""
    require_work(actor, enquiry)
    target = State.CANDIDATE_FOUND if found else State.SEARCHING
    order = [State.RECEIVED, State.SEARCHING, State.CANDIDATE_FOUND]
    if enquiry.state in order and order.index(target) > order.index(enquiry.state):
        event(enquiry=enquiry, actor=actor, action=target, now=now_or(now), state=target)
    return enquiry


@transaction.atomic
def enquiry_forward(
    *, actor: Any, enquiry: Enquiry, agency: Any, now: dt.datetime | None = None
) -> EnquiryForward:
    """Pass the enquiry on to the agency holding a likely candidate; audited in both
    agencies (one entry on the enquiry, one on the receiving agency)."""
    from haven.audit.services import audit_log

    if not policy.may_forward_to(actor, agency):
        raise PermissionDenied(_("Only a supervisor forwards an enquiry to another agency."))
    require_work(actor, enquiry)
    if enquiry.is_closed:
        raise ValidationError({"agency": [_("This enquiry is closed.")]})
    if EnquiryForward.objects.filter(enquiry=enquiry, agency=agency).exists():
        raise ValidationError({"agency": [_("The enquiry was already forwarded there.")]})
    now = now_or(now)
    forward = EnquiryForward(enquiry=enquiry, agency=agency, by=actor, at=now)
    forward.full_clean()
    forward.save(force_insert=True)
    event(enquiry=enquiry, actor=actor, action="forwarded", now=now, changes=refs(agency=agency.pk))
    audit_log(
        actor=actor,
        action=A.CREATE,
        subject_type="agency",
        subject_id=agency.pk,
        changes=refs(forwarded_enquiry=enquiry.pk, from_agency=enquiry.agency_id),
        at=now,
    )
    return forward


def _candidate_person(actor: Any, person: Any) -> Person:
    if (
        not isinstance(person, Person)
        or not Person.objects.filter(
            policy.candidate_person_scope(actor), pk=person.pk, merged_into__isnull=True
        ).exists()
    ):
        raise ValidationError({"person": [_("No such person in your scope.")]})
    return person


@transaction.atomic
def candidate_locate(
    *,
    actor: Any,
    enquiry: Enquiry,
    person: Any,
    note: str = "",
    probability: float | None = None,
    now: dt.datetime | None = None,
) -> CandidateDecision:
    """Confirm that this person is the one sought (``located``)."""
    require_work(actor, enquiry)
    person = _candidate_person(actor, person)
    if enquiry.needs_review:
        raise ValidationError({"person": [_("A supervisor must review this enquiry first.")]})
    if enquiry.is_closed:
        raise ValidationError({"person": [_("This enquiry is closed.")]})
    if enquiry.person_id is not None:
        raise ValidationError({"person": [_("The person sought was already located.")]})
    if DenyKnowing.objects.filter(person=person).exists():
        raise ValidationError({"person": [_("No such person in your scope.")]})
    now = now_or(now)
    decision = CandidateDecision(
        enquiry=enquiry,
        person=person,
        kind=CandidateDecision.Kind.LOCATED,
        probability=probability,
        note=(note or "").strip(),
        by=actor,
        at=now,
    )
    decision.full_clean()
    decision.save(force_insert=True)
    enquiry.person = person
    event(
        enquiry=enquiry,
        actor=actor,
        action="located",
        now=now,
        state=State.LOCATED,
        changes={**refs(person=person.pk), **traced(note=1)},
    )
    return decision


@transaction.atomic
def candidate_rule_out(
    *,
    actor: Any,
    enquiry: Enquiry,
    person: Any,
    note: str = "",
    now: dt.datetime | None = None,
) -> CandidateDecision:
    """This candidate is not the person sought."""
    require_work(actor, enquiry)
    person = _candidate_person(actor, person)
    if enquiry.is_closed:
        raise ValidationError({"person": [_("This enquiry is closed.")]})
    if enquiry.person_id == person.pk:
        raise ValidationError({"person": [_("This person was located for the enquiry.")]})
    now = now_or(now)
    decision = CandidateDecision(
        enquiry=enquiry,
        person=person,
        kind=CandidateDecision.Kind.RULED_OUT,
        note=(note or "").strip(),
        by=actor,
        at=now,
    )
    decision.full_clean()
    decision.save(force_insert=True)
    event(
        enquiry=enquiry,
        actor=actor,
        action="ruled_out",
        now=now,
        changes={**refs(person=person.pk), **traced(note=1)},
    )
    return decision


def closing_state(enquiry: Enquiry) -> str:
    if enquiry.person_id is None:
        return State.CLOSED_NOT_FOUND
    if DenyKnowing.objects.filter(person_id=enquiry.person_id).exists():
        return State.CLOSED_NOT_FOUND
    if gate.enquiry_allows(enquiry):
        return State.CLOSED_WITH_CONSENT
    if enquiry.consents.exists():
        return State.CLOSED_REFUSED
    return State.CLOSED_NOT_FOUND


def _close(enquiry: Enquiry, actor: Any, now: dt.datetime, state: str, step: str) -> None:
    enquiry.closed_at = now
    event(enquiry=enquiry, actor=actor, action=step, now=now, state=state, audit_action=A.CLOSE)


@transaction.atomic
def enquiry_close(*, actor: Any, enquiry: Enquiry, now: dt.datetime | None = None) -> Enquiry:
    """Close the enquiry: with consent, refused, or not found, by the consent records."""
    require_work(actor, enquiry)
    if enquiry.is_closed:
        raise ValidationError({"status": [_("This enquiry is already closed.")]})
    _close(enquiry, actor, now_or(now), closing_state(enquiry), "closed")
    return enquiry


def close_denied(*, actor: Any, person: Person, now: dt.datetime) -> int:
    """Every open enquiry for a person who asked Haven to deny knowing them closes as
    not found (called inside the deny service's transaction)."""
    closed = 0
    for enquiry in Enquiry.objects.filter(person=person).exclude(state__in=CLOSED_STATES):
        _close(enquiry, actor, now, State.CLOSED_NOT_FOUND, "closed")
        closed += 1
    return closed


__all__ = [
    "SUBJECT",
    "candidate_locate",
    "candidate_rule_out",
    "close_denied",
    "enquiry_close",
    "enquiry_create",
    "enquiry_forward",
    "enquiry_review",
    "enquiry_searched",
]
