"""Who may see and record interviews.

Tracing interviews are tracing data: only roles granted that class see them, for people
in their scope. Interviews of other contexts are seen by whoever sees the person;
roles in ``OWN_AGENCY_INTERVIEWS`` (inspectors) see only their own agency's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from haven.accounts.policy import can, has_class, person_scope
from haven.accounts.roles import OWN_AGENCY_INTERVIEWS, Capability, DataClass

TRACING = "tracing"


def interview_scope(user: Any) -> Q:
    """Interviews the user may see (a filter on ``interviews.Interview``)."""
    if not can(user, Capability.REGISTER_READ):
        return Q(pk__in=[])
    from haven.people.models import Person

    people = Person.objects.filter(person_scope(user)).values("pk")
    other = ~Q(context=TRACING)
    if user.role in OWN_AGENCY_INTERVIEWS:
        other &= Q(agency_id=user.agency_id)
    allowed = other | Q(context=TRACING) if has_class(user, DataClass.TRACING) else other
    return Q(person_id__in=people) & allowed


def can_record_interview(user: Any, person: Any, context: str) -> bool:
    """The person is in the user's scope, and a tracing interview needs the tracing class
    and the right to work on the register."""
    if not can(user, Capability.REGISTER_READ) or user.agency_id is None:
        return False
    from haven.people.models import Person

    if not Person.objects.filter(person_scope(user), pk=person.pk).exists():
        return False
    if context == TRACING:
        return has_class(user, DataClass.TRACING) and can(user, Capability.REGISTER_WRITE)
    return True
