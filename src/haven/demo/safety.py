"""The safety module's demo data: assessments at every level, an imminent threat against
a group of former members, incidents, welfare checks (some overdue, one where the person
was not seen alone), protective measures (one expired), and a death buried without a
post-mortem, so that the alerts page shows something real. Everything goes through the
safety services, with times in the recent past."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone

from haven.alerts.rules import alerts_evaluate
from haven.demo.modules import DemoContext
from haven.people.models import GroupStatus, Person
from haven.safety.services import (
    assessment_create,
    death_record,
    incident_create,
    measure_create,
    threat_create,
    welfare_check_record,
)

# factors that give each level (see safety.services.assessments.risk_score)
LEVELS: dict[str, dict[str, bool]] = {
    "low": {"family_contact": True},
    "medium": {"isolated": True},
    "high": {"witness_to_serious_events": True, "isolated": True, "dependent_on_group": True},
    "critical": {
        "witness_to_serious_events": True,
        "isolated": True,
        "dependent_on_group": True,
        "health_concerns": True,
        "intends_to_leave": True,
    },
}
NARRATIVES = (
    "A former member says the leadership named those who left as traitors at a gathering.",
    "Two men waited outside the shelter for an hour and photographed the entrance.",
    "A message passed through a relative: come back or your family will suffer.",
)


def load(ctx: DemoContext) -> dict[str, int]:
    rng = ctx.rng
    caseworker = ctx.users["caseworker"]
    ngo = ctx.agencies["ngo"]
    now = timezone.now().replace(microsecond=0)
    ago = lambda days: now - dt.timedelta(days=days)  # noqa: E731
    people = [p for p in ctx.people if p.agency_id == ngo.pk and p.status == Person.Status.OPEN]
    former = [p for p in people if p.group_status == GroupStatus.FORMER_MEMBER]
    counts: Counter[str] = Counter()

    # assessments at every level, three weeks ago
    assessed: dict[str, list[Person]] = {}
    pool = list(former)
    rng.shuffle(pool)
    if len(pool) < 2 * len(LEVELS):  # a tiny demo: too few people for the story
        return {}
    for factors in LEVELS.values():
        for person in (pool.pop(), pool.pop()):
            a = assessment_create(actor=caseworker, person=person, fields=factors, now=ago(21))
            assessed.setdefault(a.level, []).append(person)
            counts["assessments"] += 1

    # checks: on time for some, long ago for others (overdue), one not seen alone
    for group in assessed.values():
        for i, person in enumerate(group):
            days = 40 if i == 0 else 1  # the first of each level: its check is long overdue
            welfare_check_record(
                actor=caseworker,
                person=person,
                fields={"method": "in_person", "seen_alone": True, "state": "well"},
                now=ago(days),
            )
            counts["welfare_checks"] += 1
    watched = assessed["medium"][1]
    welfare_check_record(
        actor=caseworker,
        person=watched,
        fields={
            "method": "in_person",
            "seen_alone": False,
            "state": "distressed",
            "concerns": "An elder of the group stayed in the room and answered for her.",
        },
        now=ago(2),
    )
    counts["welfare_checks"] += 1

    # an imminent threat against a group of former members, by where they live
    sites = Counter(p.current_site for p in former if p.current_site)
    site = min((s for s, n in sites.items() if n >= 2), key=lambda s: (sites[s], s), default="")
    if site:
        threat_create(
            actor=caseworker,
            fields={
                "kind": "against_life",
                "reliability": "B",
                "credibility": "2",
                "imminence": "imminent",
                "reported_how": "third_party",
                "reported_by": "A relative of a current member",
                "narrative": NARRATIVES[0],
            },
            group={
                "description": f"all former members at {site}",
                "group_status": GroupStatus.FORMER_MEMBER,
                "site": site,
            },
            now=ago(1),
        )
        counts["threats"] += 1
    surveilled = assessed["high"][0]
    threat_create(
        actor=caseworker,
        fields={
            "kind": "surveillance",
            "reliability": "C",
            "credibility": "3",
            "imminence": "weeks",
            "narrative": NARRATIVES[1],
        },
        targets=[surveilled.pk],
        now=ago(5),
    )
    counts["threats"] += 1

    # incidents
    victim = assessed["medium"][0]
    incident_create(
        actor=caseworker,
        fields={
            "kind": "confiscated_documents",
            "occurred_on": ago(30).date(),
            "narrative": "Her passport was taken 'for safekeeping' and never returned.",
        },
        people=[(victim.pk, "victim")],
        now=ago(30),
    )
    incident_create(
        actor=caseworker,
        fields={
            "kind": "denial_of_medical_care",
            "occurred_on": ago(12).date(),
            "narrative": "A fever went untreated for a week; a doctor was not allowed in.",
            "reported_to_police": True,
            "police_reference": "HDP-2025-0412",
        },
        people=[(assessed["low"][0].pk, "victim"), (assessed["low"][1].pk, "witness")],
        now=ago(12),
    )
    counts["incidents"] += 2

    # protective measures: a patrol running, a safe house that ended
    high = assessed["high"][1]
    measure_create(
        actor=caseworker,
        person=assessed["critical"][0],
        fields={"kind": "police_patrol", "responsible": "Harbour District Police"},
        now=ago(10),
    )
    measure_create(
        actor=caseworker,
        person=high,
        fields={
            "kind": "safe_house",
            "starts_on": ago(60).date(),
            "ends_on": ago(3).date(),
            "responsible": "North Shelter Network",
            "review_on": ago(10).date(),
        },
        now=ago(60),
    )
    counts["measures"] += 2

    # a witness who died and was buried without a post-mortem
    witness = assessed["critical"][1]
    death_record(
        actor=caseworker,
        person=witness,
        fields={
            "died_on": ago(10).date(),
            "place": "Inside the compound",
            "reported_cause": "Heart failure, according to the group",
            "cause_reported_by": "The group's spokesman",
            "post_mortem": "refused",
            "post_mortem_by": "The group's leadership",
            "post_mortem_reason": "Religious reasons, the group said",
            "buried_on": ago(9).date(),
            "burial_place": "The group's own burial ground",
            "investigating_authority": "District prosecutor",
        },
        now=ago(8),
    )
    counts["deaths"] += 1
    counts["alerts"] = len(alerts_evaluate(now=now))
    return dict(counts)
