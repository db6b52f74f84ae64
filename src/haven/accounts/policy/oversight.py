"""Who may see and do what in oversight: sites, access visits, findings, follow-up
actions, oversight interviews, the never-alone list and people leaving the group.

- Sites are places, seen by every role that reads oversight; a site's address and the
  people linked to it are whereabouts, shown only to roles holding that class (and the
  people only when they are in the user's scope).
- Visits (with their findings) are seen by every oversight reader, except that roles in
  ``OWN_AGENCY_INTERVIEWS`` (inspectors) see only their own agency's visits, actions and
  interviews.
- Follow-up actions: those about a person need the person in scope; inspectors see
  their own agency's only. Whoever owns an action, or works in its agency, updates it.
- Register writers record a visit by any agency (as it was reported to them); every
  other role records its own agency's visits only.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from haven.accounts.policy import _active, can, can_edit_person, has_class, person_scope
from haven.accounts.roles import OWN_AGENCY_INTERVIEWS, Capability, DataClass

NONE = Q(pk__in=[])


def can_read_oversight(user: Any) -> bool:
    return can(user, Capability.OVERSIGHT_READ)


def can_write_oversight(user: Any) -> bool:
    return can(user, Capability.OVERSIGHT_WRITE) and user.agency_id is not None


def own_agency_only(user: Any) -> bool:
    return bool(_active(user) and user.role in OWN_AGENCY_INTERVIEWS)


def sees_whereabouts(user: Any) -> bool:
    return has_class(user, DataClass.WHEREABOUTS)


# --- sites ---------------------------------------------------------------------------


def site_scope(user: Any) -> Q:
    return Q() if can_read_oversight(user) else NONE


def can_edit_site(user: Any, site: Any) -> bool:
    """The agency that registered a site keeps it up to date."""
    return can_write_oversight(user) and site.agency_id == user.agency_id


def can_set_site_address(user: Any) -> bool:
    return can_write_oversight(user) and sees_whereabouts(user)


def can_link_person(user: Any, person: Any) -> bool:
    """Saying where someone lives or works is writing their whereabouts."""
    return can_write_oversight(user) and sees_whereabouts(user) and can_edit_person(user, person)


# --- visits --------------------------------------------------------------------------


def visit_scope(user: Any) -> Q:
    if not can_read_oversight(user):
        return NONE
    if own_agency_only(user):
        return Q(agency_id=user.agency_id)
    return Q()


def can_record_visit(user: Any, agency: Any) -> bool:
    if not can_write_oversight(user) or agency is None:
        return False
    if agency.pk == user.agency_id:
        return True
    return can(user, Capability.REGISTER_WRITE) and not own_agency_only(user)


def can_edit_visit(user: Any, visit: Any) -> bool:
    """A planned visit is completed by the agency that makes it."""
    return can_write_oversight(user) and visit.agency_id == user.agency_id


# --- follow-up actions ---------------------------------------------------------------


def action_scope(user: Any) -> Q:
    if not can_read_oversight(user):
        return NONE
    from haven.people.models import Person

    people = Person.objects.filter(person_scope(user)).values("pk")
    scope = Q(person__isnull=True) | Q(person__in=people)
    if own_agency_only(user):
        scope &= Q(agency_id=user.agency_id)
    return scope


def can_own_action(owner: Any, agency: Any) -> bool:
    """An action is owned by an active user of the agency that acts on it, whose role
    reads oversight (so that they can see what they own)."""
    return bool(
        owner is not None
        and _active(owner)
        and agency is not None
        and owner.agency_id == agency.pk
        and can_read_oversight(owner)
    )


def can_edit_action(user: Any, action: Any) -> bool:
    if not can_write_oversight(user):
        return False
    return action.owner_id == user.pk or action.agency_id == user.agency_id


# --- people: interviews, the never-alone list, leaving -------------------------------


def can_record_oversight_interview(user: Any) -> bool:
    """The person-level check (scope) is the interviews policy's."""
    return can_write_oversight(user)


def can_read_never_alone(user: Any) -> bool:
    return can(user, Capability.NEVER_ALONE_READ)


def can_record_leaving(user: Any, person: Any) -> bool:
    return can_edit_person(user, person)


def can_read_departures(user: Any) -> bool:
    """Departures of people in scope: when and what they need are identity-level; where
    they went is whereabouts."""
    return can(user, Capability.REGISTER_READ)
