"""Pieces every safety service shares: scope checks, audit changes, sharing with the
police, and the owner of an alert."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from haven.accounts.policy import safety as safety_policy
from haven.accounts.roles import DataClass
from haven.audit.services import REF, change
from haven.people.models import Person

SAFETY = DataClass.SAFETY
HEALTH = DataClass.HEALTH


def require_record(actor: Any, person: Person) -> None:
    if not safety_policy.can_record(actor, person):
        raise PermissionDenied(_("You may not record safety data for this person."))


def people_in_scope(actor: Any, ids: Iterable[Any], field: str) -> list[Person]:
    """The people named by ``ids``, each in the actor's scope; anything else is a field
    error that does not confirm the person exists."""
    out: list[Person] = []
    errors: list[str] = []
    scope = safety_policy.people_in_scope(actor)
    for value in ids:
        if isinstance(value, Person):
            value = value.pk
        try:
            pk = uuid.UUID(str(value))
        except ValueError:
            errors.append(_("%(id)s is not a person you can see.") % {"id": value})
            continue
        person = scope.filter(pk=pk).first()
        if person is None:
            errors.append(_("%(id)s is not a person you can see.") % {"id": value})
        elif person not in out:
            out.append(person)
    if errors:
        raise ValidationError({field: errors})
    return out


def set_fields(obj: Any, fields: Mapping[str, Any], allowed: Iterable[str]) -> None:
    allowed = set(allowed)
    unknown = [f for f in fields if f not in allowed]
    if unknown:
        raise ValidationError({f: [_("This field cannot be set here.")] for f in unknown})
    for name, value in fields.items():
        setattr(obj, name, value.strip() if isinstance(value, str) else value)


def snapshot(obj: Any, names: Iterable[str]) -> dict[str, Any]:
    return {n: getattr(obj, n) for n in names}


def changes_of(
    before: Mapping[str, Any], after: Mapping[str, Any], data_class: str = SAFETY
) -> dict[str, Any]:
    """Changed fields, by name only: safety (and health) values never enter the log."""
    return {
        name: change(data_class)
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def ref(value: Any) -> Any:
    return change(REF, None, str(value) if value is not None else None)


def alert_owner(person: Person) -> Any:
    """The person's caseworker answers first for their alerts."""
    return person.caseworker if person.caseworker_id else None


def share_with_police(*, actor: Any, person: Person) -> None:
    """Let the police see the person (identity and safety data): a share with the reason
    "danger to life", through the register's sharing service, unless they already do."""
    from haven.people.services import person_share_danger_to_life

    for agency in safety_policy.police_agencies():
        person_share_danger_to_life(actor=actor, person=person, agency=agency)
