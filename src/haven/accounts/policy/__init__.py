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

    # the shared ids as a list, not a subquery: PostgreSQL then reads this by index
    # (caseworker, primary key) instead of scanning the register (a million rows)
    shared = list(
        PersonShare.objects.filter(agency_id=user.agency_id, revoked_at__isnull=True)
        .values_list("person_id", flat=True)
        .distinct()
    )
    beyond |= Q(pk__in=shared)
    return frozenset({user.agency_id}), beyond & ~Q(agency_id=user.agency_id)


def owns_person(user: Any, person: Any) -> bool:
    """The user belongs to the agency that owns the record."""
    return user.agency_id is not None and person.agency_id == user.agency_id


def can_edit_person(user: Any, person: Any) -> bool:
    """Register writers may edit people of their own agency or assigned to them;
    a share grants sight, not the right to change."""
    if not can(user, Capability.REGISTER_WRITE):
        return False
    return person.caseworker_id == user.pk or owns_person(user, person)


def can_share_person(user: Any, person: Any) -> bool:
    """Only the owning agency's register writers decide who else sees a record (share or
    stop sharing it). An assignee from another agency works on the record but never
    widens who sees it."""
    return can(user, Capability.REGISTER_WRITE) and owns_person(user, person)


def share_needs_approval(user: Any) -> bool:
    """A share asked for by a register writer outside ``SHARE_APPROVERS`` waits for a
    supervisor of the owning agency (the safety module's danger-to-life share to the
    police does not: it is made at once, see ``person_share_danger_to_life``)."""
    from haven.accounts.roles import SHARE_APPROVERS

    return getattr(user, "role", None) not in SHARE_APPROVERS


def can_decide_share_request(user: Any, share_request: Any) -> bool:
    """A supervisor of the owning agency, other than the one who asked, approves or
    refuses a pending share."""
    return (
        can_share_person(user, share_request.person)
        and not share_needs_approval(user)
        and share_request.requested_by_id != getattr(user, "pk", None)
    )


def can_assign(user: Any, person: Any, caseworker: Any) -> bool:
    """Who may make ``caseworker`` the person's caseworker: anyone who may edit the
    record, within the owning agency (or to no one); outside it, since the assignment
    grants the assignee sight, only the owning agency."""
    if not can_edit_person(user, person):
        return False
    if caseworker is None or caseworker.agency_id == person.agency_id:
        return True
    return can_share_person(user, person)


def can_merge(user: Any, *people: Any) -> bool:
    """A supervisor merges records of their own agency only: a merge across agencies
    would take one agency's record, and its documents, out of its own sight."""
    if not can(user, Capability.MERGE) or not people:
        return False
    return all(owns_person(user, person) for person in people)


def may_receive_shares(agency: Any) -> bool:
    """A record is shared only with an agency some of whose users may read the register
    (never, say, the auditors' agency: its users would see nothing but it would be
    listed as having sight)."""
    return share_recipients().filter(pk=agency.pk).exists()


def share_recipients() -> Any:
    """Agencies with at least one active user whose role may read the register."""
    from haven.accounts.models import Agency
    from haven.accounts.roles import ROLE_CAPABILITIES

    readers = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.REGISTER_READ in caps]
    return Agency.objects.filter(
        pk__in=Agency.objects.filter(users__is_active=True, users__role__in=readers).values("pk")
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
