"""Who sees and acts on alerts (haven.alerts).

A user sees an alert when its person is in their scope (or, for an alert about no one
person, when it belongs to their agency) and their role holds the alert's data class:
an alert's existence says something of that class about the person. Whoever sees an
alert may acknowledge it, resolve it and take it on; only a supervisor hands it to
someone else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from haven.accounts.policy import _active, can, classes_for, person_scope
from haven.accounts.roles import Capability


def can_read_alerts(user: Any) -> bool:
    return can(user, Capability.ALERTS_READ)


def alert_scope(user: Any) -> Q:
    """The alerts a user may see, as a filter on ``alerts.Alert``."""
    classes = classes_for(user)
    if not can_read_alerts(user) or not classes:
        return Q(pk__in=[])
    from haven.people.models import Person

    people = Person.objects.filter(person_scope(user)).values("pk")
    where = Q(person__in=people)
    if user.agency_id is not None:
        where |= Q(person__isnull=True, agency_id=user.agency_id)
    return where & Q(data_class__in=sorted(classes))


def alert_visible_to(user: Any, alert: Any) -> bool:
    """The one-record form of ``alert_scope`` (who may be e-mailed about an alert)."""
    if not _active(user) or not can_read_alerts(user):
        return False
    if alert.data_class not in classes_for(user):
        return False
    if alert.person_id is None:
        return user.agency_id is not None and user.agency_id == alert.agency_id
    from haven.people.models import Person

    return Person.objects.filter(person_scope(user), pk=alert.person_id).exists()


def can_hand_over(user: Any) -> bool:
    return can(user, Capability.ALERTS_ASSIGN)


def can_assign_alert(user: Any, alert: Any, owner: Any) -> bool:
    """Anyone who sees an alert may take it on; a supervisor may give it to a colleague
    of their agency who sees it too."""
    if not alert_visible_to(user, alert) or not alert_visible_to(owner, alert):
        return False
    if owner.pk == user.pk:
        return True
    return can_hand_over(user) and owner.agency_id == user.agency_id
