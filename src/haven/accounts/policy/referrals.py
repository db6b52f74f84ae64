"""Who sees and acts on referrals and group petitions (haven.referrals).

The referring side: register writers see the referrals of people in their scope and
refer, and record consent for, the people they may edit. A petition belongs to one
agency and gathers that agency's people; its register writers see and work on it.

The receiving side: a user whose role receives referrals (the refugee liaison) sees what
was sent to a body that is their own agency, never a draft, and only the classes of
data the person consented to share (``haven.referrals.disclosure``). They accept,
decline and complete it; they never change its consent or send it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from haven.accounts.policy import can, can_edit_person, classes_for, person_scope
from haven.accounts.roles import Capability

C = Capability


def can_read_referrals(user: Any) -> bool:
    return can(user, C.REFERRALS_READ) or can(user, C.REFERRALS_RECEIVE)


def can_list_bodies(user: Any) -> bool:
    return can_read_referrals(user) or can(user, C.REFERRAL_BODIES_MANAGE)


def can_manage_bodies(user: Any) -> bool:
    return can(user, C.REFERRAL_BODIES_MANAGE)


def _received(user: Any) -> Q:
    if not can(user, C.REFERRALS_RECEIVE) or user.agency_id is None:
        return Q(pk__in=[])
    return Q(receiving_body__agency_id=user.agency_id) & ~Q(status="draft")


def referral_scope(user: Any) -> Q:
    """Referrals the user may see (a filter on ``referrals.Referral``)."""
    where = _received(user)
    if can(user, C.REFERRALS_READ):
        from haven.people.models import Person

        where |= Q(person_id__in=Person.objects.filter(person_scope(user)).values("pk"))
    return where


def petition_scope(user: Any) -> Q:
    """Petitions the user may see (a filter on ``referrals.Petition``)."""
    where = _received(user)
    if can(user, C.REFERRALS_READ) and user.agency_id is not None:
        where |= Q(agency_id=user.agency_id)
    return where


def receives(user: Any, request: Any) -> bool:
    """The user is on the receiving side of this referral or petition."""
    body = request.receiving_body
    return (
        can(user, C.REFERRALS_RECEIVE)
        and user.agency_id is not None
        and body.agency_id == user.agency_id
        and request.status != "draft"
    )


def can_refer(user: Any, person: Any) -> bool:
    """Refer a person: a register writer who may edit the open record."""
    return (
        can(user, C.REFERRALS_WRITE)
        and person.status == "open"
        and person.merged_into_id is None
        and can_edit_person(user, person)
    )


def can_work_on_referral(user: Any, referral: Any) -> bool:
    """Send it, record and withdraw consent: the referring side, who may edit the person."""
    return can(user, C.REFERRALS_WRITE) and can_edit_person(user, referral.person)


def can_extend_referral(user: Any, referral: Any) -> bool:
    """Send it or record more consent: the referring side, while the person's record is
    open (a closed record is read-only; withdrawing consent stays possible)."""
    person = referral.person
    return (
        can_work_on_referral(user, referral)
        and person.status == "open"
        and person.merged_into_id is None
    )


def can_work_on_petition(user: Any, petition: Any) -> bool:
    return (
        can(user, C.REFERRALS_WRITE)
        and user.agency_id is not None
        and petition.agency_id == user.agency_id
    )


def can_add_to_petition(user: Any, petition: Any, person: Any) -> bool:
    """A petition gathers its own agency's people, each of whom the user may refer."""
    return (
        can_work_on_petition(user, petition)
        and person.agency_id == petition.agency_id
        and can_refer(user, person)
    )


def can_reply(user: Any, request: Any) -> bool:
    """Record the body's answer (accepted, declined, completed): the body itself when it
    works in Haven, or the referring side recording what the body said."""
    if receives(user, request):
        return True
    if hasattr(request, "person"):
        return can_work_on_referral(user, request)
    return can_work_on_petition(user, request)


def shareable_classes(user: Any) -> frozenset[str]:
    """The classes a user may record consent to share: those their role holds (nobody
    passes on what they may not see themselves)."""
    from haven.referrals.models import REFERRABLE_CLASSES

    return frozenset(str(c) for c in REFERRABLE_CLASSES) & classes_for(user)
