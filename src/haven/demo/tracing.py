"""Demo tracing enquiries: one in every state, a flagged pair from one enquirer, one for
a person held by the other agency (the supervisor's hint), one waiting for follow-up,
consents given, refused, chaperoned and withdrawn, a reply, a visit with visas.

Every enquiry describes a demo person as a family would: often in the other script
(the register's Persian alias for a Latin record), with an approximate birth year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from haven.demo.modules import DemoContext
from haven.tracing import services
from haven.tracing.models import Visa

RELATIONSHIPS = ("mother", "father", "sister", "brother", "aunt", "cousin", "daughter", "son")
ENQUIRERS = (
    ("Parvin Ahmadi", "+98 912 555 0101", "parvin.a@example.org"),
    ("Hamid Karimi", "+98 912 555 0102", "hamid.k@example.org"),
    ("Leila Moradi", "+98 912 555 0103", ""),
    ("Reza Jafari", "+98 912 555 0104", "reza.j@example.org"),
    ("Zahra Rahimi", "+98 912 555 0105", ""),
    ("Ali Hosseini", "+98 912 555 0106", "ali.h@example.org"),
    ("Mina Sadeghi", "+98 912 555 0107", ""),
    ("Dariush Nouri", "+98 912 555 0108", "dariush.n@example.org"),
    ("Shirin Kazemi", "+98 912 555 0109", ""),
    ("Omid Rostami", "+98 912 555 0110", "omid.r@example.org"),
    ("Nasrin Ebrahimi", "+98 912 555 0111", ""),
    ("Farhad Amini", "+98 912 555 0112", "farhad.a@example.org"),
    ("Elham Ghasemi", "+98 912 555 0113", ""),
)
FLAGGED = ("Kourosh Bagheri", "+98 912 555 0199", "k.bagheri@example.org")
ALL_PURPOSES = ("alive_and_well", "deliver_message", "send_reply", "share_contact", "accept_visit")


def _sought(ctx: DemoContext, person: Any) -> dict[str, Any]:
    """The person as a family would describe them: the alias in Persian script when the
    register has one, else the register's spelling; the year of birth give or take."""
    alias = next((n["name"] for n in person.other_names if n.get("script") == "Arab"), "")
    words = alias.split()
    if len(words) >= 2 and ctx.rng.random() < 0.6:
        given, family = " ".join(words[:-1]), words[-1]
        others = [{"name": f"{person.given_name} {person.family_name}".strip(), "script": "Latn"}]
    else:
        given, family, others = person.given_name, person.family_name, []
    year = person.birth_year or (person.birth_date.year if person.birth_date else None)
    fields: dict[str, Any] = {
        "given_name": given,
        "family_name": family,
        "other_names": others,
        "sex": person.sex,
        "place_of_origin": person.place_of_origin,
    }
    if year:
        fields["birth_year"] = year + ctx.rng.choice((-1, 0, 0, 1))
    return fields


def _enquiry(
    ctx: DemoContext,
    enquirer: tuple[str, str, str],
    sought: dict[str, Any],
    *,
    now: dt.datetime,
    relationship: str = "",
) -> Any:
    name, phone, email = enquirer
    fields = {
        "enquirer_name": name,
        "relationship": relationship or ctx.rng.choice(RELATIONSHIPS),
        "phone": phone,
        "email": email,
        "language": "fa",
        "identity_checked": "Passport seen at the desk; family photograph compared",
        "checked_by": "enquiry_desk",
        "contact_lost": str(ctx.rng.randint(2012, 2022)),
        "message": "We think of you every day and hope you are safe. Write if you can.",
        **sought,
    }
    return services.enquiry_create(actor=ctx.users["enquiry_desk"], fields=fields, now=now)


def _interview(
    ctx: DemoContext,
    worker: Any,
    enquiry: Any,
    decisions: dict[str, str],
    *,
    days_ago: int,
    private: bool = True,
    contact: str = "",
    now: dt.datetime,
) -> None:
    services.tracing_interview_record(
        actor=worker,
        enquiry=enquiry,
        fields={
            "held_on": ctx.today - dt.timedelta(days=days_ago),
            "private": private,
            "chaperone_present": not private,
            "location": "North Shelter's office in town" if private else "at the compound gate",
            "present": "caseworker, interpreter" if private else "caseworker, a group elder",
            "interpreter": "Farsi interpreter",
            "language": "fa",
        },
        decisions=decisions,
        contact=contact,
        now=now,
    )


def load(ctx: DemoContext) -> dict[str, int]:
    worker = ctx.users["caseworker"]
    ngo, ngo2 = ctx.agencies["ngo"], ctx.agencies["ngo2"]
    mine = [p for p in ctx.people if p.agency_id == ngo.pk and p.status == "open"]
    theirs = [p for p in ctx.people if p.agency_id == ngo2.pk and p.status == "open"]
    if len(mine) < 12:
        return {"enquiries": 0}
    people = ctx.rng.sample(mine, 12)
    now = timezone.now()
    enquirers = iter(ENQUIRERS)
    made: list[Any] = []

    def enquiry(person: Any | None, *, sought: dict[str, Any] | None = None, at: Any = now) -> Any:
        found = _enquiry(ctx, next(enquirers), sought or _sought(ctx, person), now=at)
        made.append(found)
        return found

    # received: just registered
    enquiry(people[0])
    # searching: no one on the register fits
    nobody = {"given_name": "Golnaz", "family_name": "Tehrani", "sex": "female", "birth_year": 1979}
    searching = enquiry(None, sought=nobody)
    services.enquiry_searched(actor=worker, enquiry=searching, found=False, now=now)
    # candidate found
    found = enquiry(people[1])
    services.enquiry_searched(actor=worker, enquiry=found, found=True, now=now)
    # located, not yet met
    located = enquiry(people[2])
    services.candidate_locate(actor=worker, enquiry=located, person=people[2], now=now)
    # interview held: alive and well and the message, no reply; the message delivered
    held = enquiry(people[3])
    services.candidate_locate(actor=worker, enquiry=held, person=people[3], now=now)
    decisions = dict.fromkeys(ALL_PURPOSES, "refused")
    decisions.update(alive_and_well="given", deliver_message="given")
    _interview(ctx, worker, held, decisions, days_ago=3, now=now)
    services.message_mark(actor=worker, enquiry=held, status="delivered", now=now)
    # a chaperoned interview: decisions recorded, nothing disclosed
    chaperoned = enquiry(people[4])
    services.candidate_locate(actor=worker, enquiry=chaperoned, person=people[4], now=now)
    alive = {"alive_and_well": "given"}
    _interview(ctx, worker, chaperoned, alive, days_ago=5, private=False, now=now)
    # closed with consent: everything, a reply, a visit with visas
    full = enquiry(people[5])
    services.candidate_locate(actor=worker, enquiry=full, person=people[5], now=now)
    contact = "Through North Shelter, +355 69 000 0000 (the person's choice)"
    everything = dict.fromkeys(ALL_PURPOSES, "given")
    _interview(ctx, worker, full, everything, days_ago=20, contact=contact, now=now)
    services.message_mark(actor=worker, enquiry=full, status="delivered", now=now)
    reply = services.reply_write(
        actor=worker, enquiry=full, text="I am well and I think of you too.", now=now
    )
    services.reply_review(actor=worker, reply=reply, release=True, note="checked", now=now)
    mother = {"name": ENQUIRERS[6][0], "relationship": "mother"}
    visitor = services.visitor_add(actor=worker, enquiry=full, fields=mother, now=now)
    visit = services.visit_request(
        actor=worker,
        enquiry=full,
        visitors=[visitor],
        fields={
            "starts_on": ctx.today + dt.timedelta(days=30),
            "ends_on": ctx.today + dt.timedelta(days=32),
            "place": "Meeting room, North Shelter's office in town",
        },
        now=now,
    )
    services.visa_record(
        actor=worker,
        visit=visit,
        visitor=visitor,
        fields={"status": Visa.Status.SUBMITTED, "authority_reference": "VISA-DEMO-0001",
                "submitted_on": ctx.today - dt.timedelta(days=2)},
        now=now,
    )  # fmt: skip
    services.enquiry_close(actor=worker, enquiry=full, now=now)
    # closed, refused
    refused = enquiry(people[6])
    services.candidate_locate(actor=worker, enquiry=refused, person=people[6], now=now)
    nothing = dict.fromkeys(ALL_PURPOSES, "refused")
    _interview(ctx, worker, refused, nothing, days_ago=30, now=now)
    services.enquiry_close(actor=worker, enquiry=refused, now=now)
    # closed, not found
    lost = enquiry(None, sought={"given_name": "Bahram", "family_name": "Zand", "sex": "male"})
    services.enquiry_close(actor=worker, enquiry=lost, now=now)
    # consent given, then withdrawn
    withdrawn = enquiry(people[7])
    services.candidate_locate(actor=worker, enquiry=withdrawn, person=people[7], now=now)
    _interview(ctx, worker, withdrawn, {"alive_and_well": "given"}, days_ago=40, now=now)
    services.consent_withdraw(actor=worker, enquiry=withdrawn, purpose="alive_and_well", now=now)
    # waiting for follow-up: no action for three weeks
    enquiry(people[8], at=now - dt.timedelta(days=21))
    # a likely candidate held by the other agency (the supervisor sees only its name)
    if theirs:
        enquiry(ctx.rng.choice(theirs))
    # one enquirer seeking two people who left the group: linked and flagged
    for person in people[9:11]:
        made.append(_enquiry(ctx, FLAGGED, _sought(ctx, person), now=now, relationship="uncle"))
    from haven.tracing.models import Enquiry

    return {"enquiries": len(made), "flagged": Enquiry.objects.filter(flagged=True).count()}
