"""Who may see and do what with tracing enquiries.

The enquiry desk registers enquiries and follows those of its own agency, seeing only
what the disclosure gate lets through (``haven.tracing.gate``); it never sees the
register. Caseworkers and supervisors work the enquiries of their agency and those
forwarded to it, and see candidates only within their record scope. Supervisors also
review flagged enquiries, forward an enquiry to the agency holding a likely candidate,
and keep the follow-up list. No other role sees tracing data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from haven.accounts.policy import can, has_class, person_scope
from haven.accounts.roles import Capability, DataClass


def can_enquire(user: Any) -> bool:
    """Register enquiries and follow them through the gate (the enquiry desk)."""
    return can(user, Capability.TRACING_ENQUIRE) and has_class(user, DataClass.TRACING)


def can_work(user: Any) -> bool:
    """See enquiries in full and work them: candidates, interviews, messages, visits."""
    return (
        can(user, Capability.TRACING_WORK)
        and has_class(user, DataClass.TRACING)
        and can(user, Capability.REGISTER_READ)
    )


def can_review(user: Any) -> bool:
    """Review flagged enquiries, forward enquiries, keep the follow-up list."""
    return can_work(user) and can(user, Capability.TRACING_REVIEW)


def can_read_tracing(user: Any) -> bool:
    return can_enquire(user) or can_work(user)


def sees_through_gate(user: Any) -> bool:
    """The user sees enquiries only as the enquirer may (never their internal life)."""
    return can_enquire(user) and not can_work(user)


def enquiry_scope(user: Any) -> Q:
    """Enquiries the user may see (a filter on ``tracing.Enquiry``): their agency's, and
    for those who work enquiries, the ones forwarded to their agency."""
    if not can_read_tracing(user) or user.agency_id is None:
        return Q(pk__in=[])
    scope = Q(agency_id=user.agency_id)
    if can_work(user):
        from haven.tracing.models import EnquiryForward

        forwarded = EnquiryForward.objects.filter(agency_id=user.agency_id)
        scope |= Q(pk__in=forwarded.values("enquiry_id"))
    return scope


def candidate_person_scope(user: Any) -> Q:
    """People a worker may propose or confirm as the sought person: their record scope."""
    if not can_work(user):
        return Q(pk__in=[])
    return person_scope(user)


def may_forward_to(user: Any, agency: Any) -> bool:
    """A supervisor forwards to another agency only (forwarding home is meaningless)."""
    return can_review(user) and agency is not None and agency.pk != user.agency_id
