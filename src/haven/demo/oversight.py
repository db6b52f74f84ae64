"""Oversight demo data: the compound and a residence, visits with every access outcome
over two years, findings and the actions they raised (some overdue, some done),
interviews with and without a chaperone, and a person who left the group.

Everything is synthetic and written through the oversight services, so every record
has its audit entries as if an inspector or a caseworker had typed it in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from haven.demo.modules import DemoContext
from haven.oversight.models import ActionStatus, FollowUpAction, Item
from haven.oversight.services import (
    action_update,
    oversight_interview_record,
    person_leave,
    site_create,
    site_link_person,
    visit_record,
)
from haven.people.models import GroupStatus, Person

SITES = (
    {
        "name": "Dawn Hill Compound",
        "kind": "compound",
        "address": "1 Example Street, Hill District (demo)",
        "operator": "The Community of the Dawn (synthetic)",
        "estimated_population": 420,
    },
    {
        "name": "Harbour Row Residence",
        "kind": "residence",
        "address": "14 Sample Lane, Harbour (demo)",
        "operator": "The Community of the Dawn (synthetic)",
        "estimated_population": 35,
    },
)

CONCERNS = [
    {"item": Item.FREE_TO_LEAVE, "answer": "no", "note": "The gate is locked from outside."},
    {"item": Item.DOCUMENTS_HELD, "answer": "yes", "note": "Passports kept in the office."},
    {"item": Item.WORK_WITHOUT_PERMIT, "answer": "yes", "note": "Kitchen work, no pay slips."},
    {"item": Item.UNIFORMS, "answer": "yes", "note": ""},
    {"item": Item.CHAPERONED, "answer": "yes", "note": "An elder stayed in every room."},
]
REASSURING = [
    {"item": Item.MEDICAL_CARE, "answer": "yes", "note": "A nurse visits weekly."},
    {"item": Item.EXITS, "answer": "yes", "note": ""},
    {"item": Item.CHILDREN, "answer": "not_seen", "note": ""},
]

# (site index, actor, days ago, purpose, access, detail, findings)
VISITS: tuple[tuple[int, str, int, str, str, dict[str, Any], list[dict[str, Any]]], ...] = (
    (0, "inspector", 640, "labour", "refused", {"refused_by": "the gatekeeper",
     "refusal_reason": "No visitors during the fasting month."}, []),
    (0, "police_liaison", 520, "police", "partial", {"refused_areas": "The women's wing.",
     "refused_by": "an elder", "refusal_reason": "Men may not enter the women's wing."}, []),
    (0, "health", 430, "health", "granted", {"people_met": 40}, REASSURING),
    (0, "inspector", 300, "labour", "partial", {"refused_areas": "The workshops.",
     "refused_by": "the site manager"}, CONCERNS[:3] + REASSURING[:1]),
    (0, "inspector", 150, "labour", "refused", {"refused_by": "the site manager",
     "refusal_reason": "No reason given."}, []),
    (0, "inspector", 40, "labour", "partial", {"refused_areas": "The dormitories.",
     "refused_by": "an elder"}, CONCERNS[3:] + REASSURING[1:]),
    (1, "caseworker", 200, "child_protection", "granted", {"people_met": 9},
     [{"item": Item.CHILDREN, "answer": "yes", "note": "Four children, none at school."}]),
    (1, "refugee_liaison", 20, "refugee_agency", "granted", {"people_met": 6}, REASSURING[:2]),
)  # fmt: skip


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def load(ctx: DemoContext) -> dict[str, int]:
    users, today = ctx.users, ctx.today
    now = _noon(today)
    counts = {"sites": 0, "visits": 0, "actions": 0, "interviews": 0, "departures": 0}
    sites = [site_create(actor=users["supervisor"], fields=dict(f)) for f in SITES]
    counts["sites"] = len(sites)
    ngo = ctx.agencies["ngo"]
    members = [
        p
        for p in ctx.people
        if p.agency_id == ngo.pk
        and p.status == Person.Status.OPEN
        and p.group_status == GroupStatus.MEMBER
        and p.caseworker_id == users["caseworker"].pk
    ]
    for i, person in enumerate(members[:12]):
        site_link_person(
            actor=users["caseworker"],
            site=sites[i % 2],
            person=person,
            from_on=today - dt.timedelta(days=ctx.rng.randint(400, 3000)),
            now=now,
        )
    for site, actor, days, purpose, access, detail, findings in VISITS:
        visited = today - dt.timedelta(days=days)
        visit_record(
            actor=users[actor],
            site=sites[site],
            fields={
                "visited_on": visited,
                "purpose": purpose,
                "access": access,
                "officers": "Two officers (demo)",
                "private_interviews_possible": access == "granted",
                **detail,
            },
            findings=[dict(f) for f in findings],
            now=_noon(visited),
        )
        counts["visits"] += 1
    visit_record(
        actor=users["inspector"],
        site=sites[0],
        fields={"planned_on": today + dt.timedelta(days=21), "purpose": "labour"},
        now=now,
    )
    counts["visits"] += 1
    # the oldest actions were dealt with; the later ones are open, several overdue
    for action in FollowUpAction.objects.filter(visit__isnull=False).order_by("due_on")[:2]:
        action_update(
            actor=action.owner,
            action=action,
            fields={"status": ActionStatus.DONE, "outcome": "Raised with the operator (demo)."},
            now=now,
        )
    counts["actions"] = FollowUpAction.objects.count()
    counts["interviews"] = _interviews(ctx, members, now)
    leaver = next((p for p in members[12:] if p.caseworker_id), None)
    if leaver is not None:
        person_leave(
            actor=users["caseworker"],
            person=leaver,
            left_on=today - dt.timedelta(days=10),
            went_to="A shelter of North Shelter Network (demo)",
            needs=["documents", "housing", "protection"],
            notes="Left with a sister; asked for help with papers.",
            now=now,
        )
        counts["departures"] = 1
        counts["actions"] = FollowUpAction.objects.count()
    return counts


def _interviews(ctx: DemoContext, members: list[Person], now: dt.datetime) -> int:
    """Half the linked members were heard only with a chaperone; the others alone once."""
    made = 0
    for i, person in enumerate(members[:10]):
        held = ctx.today - dt.timedelta(days=ctx.rng.randint(15, 300))
        chaperoned = i % 2 == 0
        oversight_interview_record(
            actor=ctx.users["caseworker"],
            person=person,
            fields={
                "held_on": held,
                "location": "The compound's meeting room" if chaperoned else "The NGO's office",
                "present": "An elder of the group" if chaperoned else "The interpreter only",
                "private": not chaperoned,
                "chaperone_present": chaperoned,
                "interpreter": "Demo interpreter",
                "language": "fa",
                "asked_for": ["stay"] if chaperoned else ["leave", "documents"],
            },
            now=now,
        )
        made += 1
    # an inspector hears people whose records were shared with the inspectorate
    shared = Person.objects.filter(
        shares__agency=ctx.agencies["labour"],
        shares__revoked_at__isnull=True,
        status=Person.Status.OPEN,
    ).order_by("created_at")[:3]
    for i, person in enumerate(shared):
        oversight_interview_record(
            actor=ctx.users["inspector"],
            person=person,
            fields={
                "held_on": ctx.today - dt.timedelta(days=30 + i),
                "private": True,
                "chaperone_present": i == 0,  # someone listened at the door
                "asked_for": ["work_permit", "documents"],
            },
            now=now,
        )
        made += 1
    return made
