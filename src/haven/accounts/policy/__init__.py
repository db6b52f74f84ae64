"""Who may see and do what: the one place access is decided (the register here; each
module's own rules in a module of this package, e.g. ``policy.tracing``).

Selectors apply these rules to querysets; serializers and templates ask
``classes_for`` which field classes to render. Everything not granted is denied.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from haven.accounts.roles import ROLE_CAPABILITIES, ROLE_CLASSES, Capability, DataClass


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def classes_for(user: Any) -> frozenset[str]:
    """The classes of data the user's role is granted (empty when unknown)."""
    if not _active(user):
        return frozenset()
    return ROLE_CLASSES.get(user.role, frozenset())


def can(user: Any, capability: Capability | str) -> bool:
    if not _active(user):
        return False
    return capability in ROLE_CAPABILITIES.get(user.role, frozenset())


def has_class(user: Any, data_class: DataClass | str) -> bool:
    return data_class in classes_for(user)


def person_scope(user: Any) -> Q:
    """People a user may see at all: their agency's, assigned to them, or shared with
    their agency. Anything else does not exist for them (404)."""
    if not can(user, Capability.REGISTER_READ):
        return Q(pk__in=[])
    scope = Q(caseworker_id=user.pk)
    if user.agency_id is not None:
        from haven.people.models import PersonShare

        shared = PersonShare.objects.filter(agency_id=user.agency_id, revoked_at__isnull=True)
        scope |= Q(agency_id=user.agency_id) | Q(pk__in=shared.values("person_id"))
    return scope


def person_scope_parts(user: Any) -> tuple[frozenset[Any], Q]:
    """``person_scope`` in two parts, for searching the matching index by agency: the
    agencies whose every person the user sees, and a condition for the people they see
    beyond those (assigned to them, or shared with their agency). Together they are
    exactly ``person_scope`` (a test holds them to it)."""
    if not can(user, Capability.REGISTER_READ):
        return frozenset(), Q(pk__in=[])
    beyond = Q(caseworker_id=user.pk)
    if user.agency_id is None:
        return frozenset(), beyond
    from haven.people.models import PersonShare

    shared = PersonShare.objects.filter(agency_id=user.agency_id, revoked_at__isnull=True)
    beyond |= Q(pk__in=shared.values("person_id"))
    return frozenset({user.agency_id}), beyond & ~Q(agency_id=user.agency_id)


def can_edit_person(user: Any, person: Any) -> bool:
    """Register writers may edit people of their own agency or assigned to them;
    a share grants sight, not the right to change."""
    if not can(user, Capability.REGISTER_WRITE):
        return False
    return person.caseworker_id == user.pk or (
        user.agency_id is not None and person.agency_id == user.agency_id
    )


def can_edit_fields(user: Any, person: Any, classes: set[str]) -> bool:
    """Register writers edit what their classes cover; a health worker may record health
    data, and only that, for people in their scope."""
    if can_edit_person(user, person):
        return True
    return (
        bool(classes)
        and classes <= {DataClass.HEALTH}
        and can(user, Capability.HEALTH_WRITE)
        and has_class(user, DataClass.HEALTH)
    )


def can_write_documents(user: Any, person: Any) -> bool:
    return (
        can(user, Capability.DOCUMENTS_WRITE)
        and has_class(user, DataClass.DOCUMENTS)
        and can_edit_person(user, person)
    )
