"""The referrals module's demo: the receiving bodies, referrals in every state, and one
group petition of former members to the refugee agency (one of whom has not consented,
so is not on what goes out)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from haven.demo.modules import DemoContext
from haven.referrals.services import (
    consent_withdraw,
    petition_create,
    petition_member_add,
    petition_transition,
    receiving_body_create,
    referral_create,
    referral_transition,
)

# (kind, name, agency key in the demo or None, contact)
BODIES = (
    ("refugee_agency", "Refugee and Asylum Office", "refugee", "Asylum desk, 2nd floor"),
    ("legal_aid", "Harbour Legal Aid", "ngo2", "Walk-in clinic Tuesdays"),
    ("health", "Coastal Regional Health Service", "health", "Outpatient referrals"),
    ("counselling", "Bridges Exit Counselling Centre", None, "counselling@bridges.example"),
    ("employment", "Regional Employment and Training Office", None, "jobs@region.example"),
    ("housing", "Municipal Housing Office", None, "housing@city.example"),
    ("police", "Harbour District Police, Protection Unit", "police", "Protection unit duty desk"),
)

# (body kind, classes consented, statuses it goes through, reason, outcome)
REFERRALS = (
    ("legal_aid", ["identity"], [], "Appeal against the refusal of a residence permit.", ""),
    ("refugee_agency", ["identity", "documents"], ["sent"],
     "Wishes to apply for refugee status.", ""),
    ("health", ["identity"], ["sent", "accepted"], "Needs a general health check.", ""),
    ("housing", ["identity", "whereabouts"], ["sent", "declined"],
     "Needs a room after leaving the compound.", "No room free this month; reapply."),
    ("employment", ["identity", "documents"], ["sent", "accepted", "completed"],
     "Asks for vocational training.", "Enrolled in a six-month kitchen course."),
    ("counselling", ["identity"], ["sent"], "Asks for exit counselling.", ""),
    ("refugee_agency", ["identity", "whereabouts", "documents"], ["sent", "accepted"],
     "Resettlement interview requested.", ""),
)  # fmt: skip


def _at(ctx: DemoContext, days_ago: int) -> dt.datetime:
    day = ctx.today - dt.timedelta(days=days_ago)
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def _open_people(ctx: DemoContext, agency: Any, *, former: bool) -> list[Any]:
    return [
        p
        for p in ctx.people
        if p.agency_id == agency.pk
        and p.status == "open"
        and p.merged_into_id is None
        and (p.group_status == "former_member") == former
    ]


def load(ctx: DemoContext) -> dict[str, int]:
    bodies = {}
    for kind, name, key, contact in BODIES:
        agency = ctx.agencies.get(key) if key else None
        bodies[kind] = receiving_body_create(
            actor=None, fields={"name": name, "kind": kind, "agency": agency, "contact": contact}
        )
    actor = ctx.users["caseworker"]
    ngo = ctx.agencies["ngo"]
    former = _open_people(ctx, ngo, former=True)
    others = _open_people(ctx, ngo, former=False)
    pool = former + others
    ctx.rng.shuffle(pool)
    counts = {"receiving_bodies": len(bodies), "referrals": 0, "petitioners": 0}
    for i, (kind, classes, steps, reason, outcome) in enumerate(REFERRALS):
        if i >= len(pool):
            break
        start = 40 - i * 3
        referral = referral_create(
            actor=actor, person=pool[i], receiving_body=bodies[kind], reason=reason,
            consented_classes=classes, urgency=ctx.rng.choice(["routine", "urgent"]),
            now=_at(ctx, start),
        )  # fmt: skip
        for j, status in enumerate(steps):
            final = status in ("declined", "completed")
            referral_transition(
                actor=actor, referral=referral, status=status,
                outcome=outcome if final else "", now=_at(ctx, start - 2 - j * 5),
            )  # fmt: skip
        counts["referrals"] += 1
    if len(pool) > 6:  # the person later took back consent to share where they live
        last = pool[6].referrals.get()
        consent_withdraw(
            actor=actor, consent=last.consents.get(data_class="whereabouts"), now=_at(ctx, 5)
        )
    petitioners = [p for p in former if p not in pool[: len(REFERRALS)]][:5]
    if petitioners:
        petition = petition_create(
            actor=actor,
            receiving_body=bodies["refugee_agency"],
            title="Former members ask for refugee status together",
            request="We left the compound together and ask to be heard on our claims together.",
            urgency="urgent",
            now=_at(ctx, 14),
        )
        for k, person in enumerate(petitioners):
            # the last one has not (yet) consented to be named: held back
            classes = [] if k == len(petitioners) - 1 else ["identity", "documents"][: 1 + k % 2]
            petition_member_add(
                actor=actor, petition=petition, person=person, consented_classes=classes,
                now=_at(ctx, 13),
            )  # fmt: skip
            counts["petitioners"] += 1
        if len(petitioners) > 1:
            petition_transition(actor=actor, petition=petition, status="sent", now=_at(ctx, 12))
    return counts
