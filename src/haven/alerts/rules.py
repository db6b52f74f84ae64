"""The rules that raise alerts: a small registry every module adds to.

A rule is ``rule(now) -> iterable of AlertSpec``; ``alerts_evaluate(now=...)`` runs them
all and raises what they return (a key already raised is a no-op, so evaluating again
changes nothing). Nothing here clears an alert: rules only ever raise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from haven.alerts.models import Alert
from haven.alerts.services import AlertSpec, alert_raise

Rule = Callable[[datetime], Iterable[AlertSpec]]
RULES: dict[str, Rule] = {}


def alert_rule(name: str) -> Callable[[Rule], Rule]:
    """Register ``rule`` under ``name`` (a module registers its rules on import)."""

    def register(rule: Rule) -> Rule:
        RULES[name] = rule
        return rule

    return register


def raise_spec(spec: AlertSpec, *, now: datetime) -> Alert:
    return alert_raise(
        kind=spec.kind,
        severity=spec.severity,
        key=spec.key,
        agency=spec.agency,
        person=spec.person,
        owner=spec.owner,
        source=spec.source,
        data_class=spec.data_class,
        facts=spec.facts,
        now=now,
    )


def alerts_evaluate(*, now: datetime) -> list[Alert]:
    """Run every rule at ``now``; the alerts this raised for the first time."""
    raised = []
    for rule in list(RULES.values()):
        for spec in rule(now):
            alert = raise_spec(spec, now=now)
            if alert.raised_now:
                raised.append(alert)
    return raised
