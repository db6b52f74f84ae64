"""The kinds of alert, each registered by the module whose rules raise it.

A kind has a label in the users' words and says whether its alerts must reach the
police liaison (the raising module shares the person with the police agency first;
notification then goes to the police liaison and the supervisors of the agency).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

Describe = Callable[[Mapping[str, Any]], str]


@dataclass(frozen=True)
class AlertKind:
    code: str
    label: str | Promise
    reaches_police: bool = False
    # one line from the alert's facts (e.g. "due on 2025-06-01"), in the users' words
    describe: Describe | None = None


KINDS: dict[str, AlertKind] = {}


def alert_kind(
    code: str,
    label: str | Promise,
    *,
    reaches_police: bool = False,
    describe: Describe | None = None,
) -> AlertKind:
    """Register a kind (idempotent: modules register on import)."""
    return KINDS.setdefault(code, AlertKind(code, label, reaches_police, describe))


def kind_label(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.label) if kind else code.replace("_", " ")


def reaches_police(code: str) -> bool:
    kind = KINDS.get(code)
    return bool(kind and kind.reaches_police)


def kind_choices() -> list[tuple[str, str]]:
    return sorted(((k.code, str(k.label)) for k in KINDS.values()), key=lambda c: c[1])


def describe(code: str, facts: Mapping[str, Any]) -> str:
    kind = KINDS.get(code)
    if kind is None or kind.describe is None:
        return ""
    try:
        return kind.describe(facts)
    except (KeyError, TypeError, ValueError):  # facts of an older shape: show none
        return ""
