"""Demo data for pending shares: the NGO's caseworker has asked to share a few records
with partner agencies, waiting for the supervisor on "Shares to approve"."""

from __future__ import annotations

from haven.demo.modules import DemoContext
from haven.people.sharing import person_share_request

PENDING = (
    ("health", "Needs a follow-up appointment; the person asked us to tell the clinic."),
    ("refugee", "Asylum interview next month; the refugee office needs the file."),
)


def load(ctx: DemoContext) -> dict[str, int]:
    actor = ctx.users["caseworker"]
    ngo = ctx.agencies["ngo"]
    made = 0
    candidates = [
        p
        for p in ctx.people
        if p.agency_id == ngo.pk and p.status == "open" and not p.shares.exists()
    ]
    for person, (key, reason) in zip(candidates[: len(PENDING)], PENDING, strict=False):
        person_share_request(actor=actor, person=person, agency=ctx.agencies[key], reason=reason)
        made += 1
    return {"pending_shares": made}
