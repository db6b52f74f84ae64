"""The safety module's time rules (haven.alerts.rules): overdue welfare checks, expired
protective measures for people still at high risk, and open imminent threats. Each
takes ``now``; each only raises (the alert's key makes raising again a no-op)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from django.db.models import Max, Q

from haven.alerts.rules import alert_rule
from haven.alerts.services import AlertSpec
from haven.people.models import Person, RiskLevel
from haven.safety import kinds
from haven.safety.models import ProtectiveMeasure, Threat, ThreatTarget
from haven.safety.services.checks import SCHEDULED_LEVELS, check_due, check_interval


def people_scheduled() -> object:
    """Open, living people whose level gives them a welfare-check schedule, with the
    time of their last check in which they were reached and their last level change."""
    return (
        Person.objects.filter(
            status=Person.Status.OPEN, risk_level__in=SCHEDULED_LEVELS, death__isnull=True
        )
        .annotate(
            last_check=Max("welfare_checks__checked_at", filter=Q(welfare_checks__reached=True))
        )
        .select_related("agency", "caseworker")
    )


@alert_rule("safety.welfare_check_overdue")
def welfare_checks_overdue(now: datetime) -> Iterator[AlertSpec]:
    for person in people_scheduled():  # type: ignore[attr-defined]
        if check_interval(person.risk_level) is None:
            continue
        due = check_due(person, last_check=person.last_check)
        if due is None or now <= due:
            continue
        critical = person.risk_level == RiskLevel.CRITICAL
        kind = kinds.CHECK_OVERDUE_CRITICAL if critical else kinds.CHECK_OVERDUE
        yield AlertSpec(
            kind=kind,
            severity="critical" if critical else "warning",
            key=f"{kinds.CHECK_OVERDUE}:{person.pk}:{due.date().isoformat()}",
            agency=person.agency,
            person=person,
            owner=person.caseworker,
            source=person,
            facts={"due": due.date().isoformat(), "level": person.risk_level},
        )


@alert_rule("safety.protective_measure_expired")
def measures_expired(now: datetime) -> Iterator[AlertSpec]:
    today = now.date()
    expired = ProtectiveMeasure.objects.filter(
        ends_on__lt=today,
        person__risk_level__in=(RiskLevel.HIGH, RiskLevel.CRITICAL),
        person__status=Person.Status.OPEN,
        person__death__isnull=True,
    ).select_related("person__agency", "person__caseworker")
    for measure in expired:
        person = measure.person
        # renewed: a measure of the same kind covers today
        renewed = ProtectiveMeasure.objects.filter(
            person=person, kind=measure.kind, starts_on__lte=today
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        if renewed.exists():
            continue
        yield AlertSpec(
            kind=kinds.MEASURE_EXPIRED,
            severity="critical" if person.risk_level == RiskLevel.CRITICAL else "warning",
            key=f"{kinds.MEASURE_EXPIRED}:{measure.pk}",
            agency=person.agency,
            person=person,
            owner=person.caseworker,
            source=measure,
            facts={
                "ended": measure.ends_on.isoformat() if measure.ends_on else "",
                "kind": measure.kind,
            },
        )


@alert_rule("safety.threat_imminent")
def imminent_threats(now: datetime) -> Iterator[AlertSpec]:
    """Every open imminent threat is on the list of each target's agency (the service
    raised it when recorded; this keeps it so for threats that became imminent)."""
    links = ThreatTarget.objects.filter(
        threat__imminence=Threat.Imminence.IMMINENT,
        threat__status__in=(Threat.Status.OPEN, Threat.Status.ASSESSED, Threat.Status.ESCALATED),
    ).select_related("threat", "person__agency", "person__caseworker")
    for link in links:
        threat, person = link.threat, link.person
        yield AlertSpec(
            kind=kinds.THREAT_IMMINENT,
            severity="critical",
            key=f"{kinds.THREAT_IMMINENT}:{threat.pk}:{person.pk}",
            agency=person.agency,
            person=person,
            owner=person.caseworker,
            source=threat,
            facts={"grade": threat.grade, "kind": threat.kind},
        )
