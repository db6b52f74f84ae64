"""Who sees and records safety data (haven.safety).

Threats, risk assessments, welfare checks and protective measures are safety data: a
user sees them for the people in their scope when their role holds the safety class.
Deaths are safety and health data; incidents are safety data, and those about health
(denial of medical care, an assault, a death) are health data too, so a health worker
sees deaths and those incidents only. The enquiry desk, inspectors and refugee liaisons
hold neither class and see nothing of it.

Safety writers (caseworkers, supervisors, the police liaison) record for anyone they see:
the police see only people shared with them, and must be able to record what they do
for them. Only caseworkers and supervisors who may edit the person assess risk.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from haven.accounts.policy import _active, can, can_edit_person, has_class, person_scope
from haven.accounts.roles import Capability, DataClass, Role

# Kinds of incident that are health data as well as safety data.
HEALTH_INCIDENT_KINDS = frozenset({"denial_of_medical_care", "assault", "death"})


def _people(user: Any) -> QuerySet[Any]:
    from haven.people.models import Person

    return Person.objects.filter(person_scope(user))


def can_read_safety(user: Any) -> bool:
    """Threats, assessments, checks and measures."""
    return can(user, Capability.REGISTER_READ) and has_class(user, DataClass.SAFETY)


def can_read_incidents(user: Any) -> bool:
    return can(user, Capability.REGISTER_READ) and (
        has_class(user, DataClass.SAFETY) or has_class(user, DataClass.HEALTH)
    )


def can_read_deaths(user: Any) -> bool:
    return can_read_incidents(user)


def person_in_scope(user: Any, person: Any) -> bool:
    return _active(user) and _people(user).filter(pk=person.pk).exists()


def people_in_scope(user: Any) -> QuerySet[Any]:
    return _people(user)


def person_filter(user: Any, field: str = "person") -> Q:
    """Records of people in the user's scope, as a filter on ``field``."""
    return Q(**{f"{field}__in": _people(user).values("pk")})


def threat_scope(user: Any) -> Q:
    if not can_read_safety(user):
        return Q(pk__in=[])
    return person_filter(user, "targets")


def incident_scope(user: Any) -> Q:
    if not can_read_incidents(user):
        return Q(pk__in=[])
    where = person_filter(user, "people")
    if not has_class(user, DataClass.SAFETY):
        where &= Q(kind__in=sorted(HEALTH_INCIDENT_KINDS))
    return where


def record_scope(user: Any) -> Q:
    """Assessments, checks and measures (each of one person)."""
    if not can_read_safety(user):
        return Q(pk__in=[])
    return person_filter(user)


def death_scope(user: Any) -> Q:
    if not can_read_deaths(user):
        return Q(pk__in=[])
    return person_filter(user)


def can_record(user: Any, person: Any) -> bool:
    """Record a threat, incident, welfare check, measure or death for this person."""
    return (
        can(user, Capability.SAFETY_WRITE)
        and has_class(user, DataClass.SAFETY)
        and person_in_scope(user, person)
    )


def can_assess(user: Any, person: Any) -> bool:
    return (
        can(user, Capability.SAFETY_ASSESS)
        and has_class(user, DataClass.SAFETY)
        and can_edit_person(user, person)
    )


def can_escalate(user: Any, person: Any) -> bool:
    """Escalate a threat (or an alert) to the police: any safety writer who sees the
    person; escalation shares the person with the police agency (danger to life)."""
    return can_record(user, person)


def police_agencies() -> QuerySet[Any]:
    """Agencies whose active users include a police liaison."""
    from haven.accounts.models import Agency

    return Agency.objects.filter(
        pk__in=Agency.objects.filter(users__is_active=True, users__role=Role.POLICE_LIAISON).values(
            "pk"
        )
    )
