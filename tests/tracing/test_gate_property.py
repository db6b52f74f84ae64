"""Property: whatever the sequence of interviews (private or chaperoned), decisions and
withdrawals, the gate never discloses more than the latest private decision for each
purpose allows, and nothing a withdrawal or "deny knowing me" stopped."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.tracing.gate import PURPOSES, allowed_purposes


@dataclass(frozen=True)
class Step:
    purpose: str
    decision: str  # given / refused / withdrawn
    private: bool
    seq: int


def interview_step():
    return st.tuples(
        st.booleans(),  # private (no chaperone)
        st.dictionaries(st.sampled_from(PURPOSES), st.sampled_from(["given", "refused"])),
    ).map(lambda t: ("interview", t))


def withdraw_step():
    return st.sampled_from(PURPOSES).map(lambda p: ("withdraw", p))


STEPS = st.lists(st.one_of(interview_step(), withdraw_step()), max_size=12)


def records(steps) -> list[Step]:
    out, seq = [], 0
    for kind, what in steps:
        if kind == "interview":
            private, decisions = what
            for purpose, decision in decisions.items():
                seq += 1
                out.append(Step(purpose, decision, private, seq))
        else:
            seq += 1
            out.append(Step(what, "withdrawn", False, seq))
    return out


def most_allowed(consents: list[Step]) -> set[str]:
    """The upper bound: the latest private decision is "given" and no withdrawal came
    after it."""
    allowed = set()
    for purpose in PURPOSES:
        mine = [c for c in consents if c.purpose == purpose]
        private = [c for c in mine if c.private and c.decision in ("given", "refused")]
        if not private or private[-1].decision != "given":
            continue
        later = [c for c in mine if c.seq > private[-1].seq]
        if not any(c.decision == "withdrawn" for c in later):
            allowed.add(purpose)
    return allowed


@given(STEPS)
@settings(max_examples=500)
def test_gate_never_discloses_more_than_the_latest_private_decision(steps):
    consents = records(steps)
    allowed = allowed_purposes(consents)
    assert allowed <= most_allowed(consents)
    # and a chaperoned refusal, a withdrawal, or nothing private means nothing
    for purpose in allowed:
        last = [c for c in consents if c.purpose == purpose][-1]
        assert last.decision == "given"


@given(STEPS)
@settings(max_examples=200)
def test_deny_knowing_me_discloses_nothing(steps):
    assert allowed_purposes(records(steps), denied=True) == frozenset()


@given(STEPS)
@settings(max_examples=200)
def test_order_of_the_records_decides_not_the_order_given(steps):
    consents = records(steps)
    assert allowed_purposes(reversed(consents)) == allowed_purposes(consents)


# The same property through the services and the database, on fewer sequences.
@pytest.mark.django_db
@given(STEPS)
@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_gate_through_the_services(world, steps):
    from haven.people.services import person_create
    from haven.tracing import gate, services
    from haven.tracing.models import Consent
    from tests.tracing.helpers import TODAY, enquiry_fields

    person = person_create(
        actor=world.caseworker, fields={"given_name": "Sara", "family_name": "Nouri"}
    )
    enquiry = services.enquiry_create(
        actor=world.enquiry_desk,
        fields=enquiry_fields(enquirer_name=f"Enquirer{uuid.uuid4().hex}", given_name="Sara"),
    )
    services.candidate_locate(actor=world.caseworker, enquiry=enquiry, person=person)
    for kind, what in steps:
        if kind == "interview":
            private, decisions = what
            services.tracing_interview_record(
                actor=world.caseworker,
                enquiry=enquiry,
                fields={
                    "held_on": TODAY - dt.timedelta(days=1),
                    "private": private,
                    "chaperone_present": not private,
                },
                decisions=decisions,
            )
        else:
            services.consent_withdraw(actor=world.caseworker, enquiry=enquiry, purpose=what)
    consents = [
        Step(c.purpose, c.decision, c.private, c.seq)
        for c in Consent.objects.filter(enquiry=enquiry)
    ]
    assert consents == records(steps)
    allowed = gate.enquiry_allows(enquiry)
    assert allowed <= most_allowed(consents)
    disclosed = gate.enquirer_view(enquiry)["disclosure"]
    assert (disclosed["alive_and_well"] is True) == ("alive_and_well" in allowed)
