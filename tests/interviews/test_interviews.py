"""The shared interview record: recording, validation, scope, audit, encryption."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.utils import timezone

from haven.audit.models import AuditEntry
from haven.interviews.models import Interview
from haven.interviews.selectors import interview_get, interview_list
from haven.interviews.services import interview_record
from haven.people.services import person_create, person_share

NOW = dt.datetime(2025, 6, 1, 12, 0, tzinfo=dt.UTC)
FIELDS = {
    "held_on": dt.date(2025, 5, 30),
    "location": "marker-room-7",
    "present": "marker-interpreter-only",
    "private": True,
    "chaperone_present": False,
    "interpreter": "A. Interpreter",
    "language": "fa",
    "asked_for": ["family_contact", "documents"],
    "concerns": "marker-concern",
    "follow_ups": "marker-follow-up",
}


def record(actor, person, context="tracing", **overrides):
    return interview_record(
        actor=actor, person=person, fields={**FIELDS, **overrides}, context=context, now=NOW
    )


@pytest.fixture
def person(world):
    return person_create(actor=world.caseworker, fields={"given_name": "Leila", "family_name": "K"})


def test_record_counts_as_private_and_is_audited_without_values(world, person):
    interview = record(world.caseworker, person)
    assert interview.counts_as_private
    assert interview.agency == world.north
    entry = AuditEntry.objects.filter(subject_type="interview").get()
    assert entry.classes == ["tracing"]
    assert {"location", "present", "concerns", "follow_ups", "held_on"} <= set(entry.fields)
    assert "marker" not in str(entry.changes)
    assert "A. Interpreter" not in str(entry.changes)  # tracing values are never kept
    assert entry.changes["person"]["new"] == str(person.pk)


def test_chaperoned_interview_does_not_count_as_private(world, person):
    assert not record(world.caseworker, person, chaperone_present=True).counts_as_private
    assert not record(world.caseworker, person, private=False).counts_as_private
    assert Interview.objects.counting_as_private().count() == 0


def test_narrative_is_encrypted_at_rest(world, person):
    interview = record(world.caseworker, person)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT location, present, concerns, follow_ups FROM interviews_interview"
            " WHERE id = %s",
            [interview.pk.hex if connection.vendor == "sqlite" else interview.pk],
        )
        row = cursor.fetchone()
    assert row and all("marker" not in value for value in row)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"held_on": dt.date(2025, 6, 2)}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"asked_for": ["a_house"]}, "asked_for"),
        ({"asked_for": "stay"}, "asked_for"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_input_writes_nothing(world, person, overrides, field):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as err:
        record(world.caseworker, person, **overrides)
    assert field in err.value.message_dict
    assert not Interview.objects.exists()
    assert AuditEntry.objects.count() == before


def test_unknown_context_is_refused(world, person):
    with pytest.raises(ValidationError):
        record(world.caseworker, person, context="gossip")


def test_future_is_relative_to_the_injected_time(world, person):
    later = NOW + dt.timedelta(days=3)
    interview = interview_record(
        actor=world.caseworker,
        person=person,
        fields={**FIELDS, "held_on": dt.date(2025, 6, 3)},
        context="tracing",
        now=later,
    )
    assert interview.held_on == dt.date(2025, 6, 3)
    assert timezone.localdate(later) == dt.date(2025, 6, 4)


@pytest.mark.parametrize(
    "role", ["enquiry_desk", "police_liaison", "health", "inspector", "auditor", "admin"]
)
def test_only_tracing_roles_record_tracing_interviews(world, person, role):
    with pytest.raises(PermissionDenied):
        record(world.users[role], person)


def test_out_of_scope_person_cannot_be_interviewed(world, person):
    with pytest.raises(PermissionDenied):
        record(world.other_caseworker, person)


def test_tracing_interviews_are_seen_only_by_tracing_roles_in_scope(world, person):
    interview = record(world.caseworker, person)
    for role in ("caseworker", "supervisor"):
        assert interview_list(user=world.users[role], person=person) == [interview]
        assert interview_get(user=world.users[role], interview_id=interview.pk) == interview
    for role in ("enquiry_desk", "police_liaison", "health", "inspector", "auditor", "admin"):
        assert interview_list(user=world.users[role], person=person) == []
        with pytest.raises(Http404):
            interview_get(user=world.users[role], interview_id=interview.pk)
    with pytest.raises(Http404):
        interview_get(user=world.other_caseworker, interview_id=interview.pk)
    with pytest.raises(Http404):
        interview_get(user=world.caseworker, interview_id="not-a-uuid")


def test_reading_a_tracing_interview_is_audited(world, person):
    interview = record(world.caseworker, person)
    interview_get(user=world.supervisor, interview_id=interview.pk)
    entry = AuditEntry.objects.filter(action="read", subject_type="interview").get()
    assert entry.classes == ["tracing"]
    assert entry.actor_username == "supervisor"


def test_other_contexts_follow_the_person_and_inspectors_see_their_agencys(world):
    from haven.accounts.models import User

    person = person_create(actor=world.other_supervisor, fields={"given_name": "Shared"})
    person_share(actor=world.other_supervisor, person=person, agency=world.north, reason="joint")
    south_inspector = User.objects.create_user(
        username="south_inspector", role="inspector", agency=world.south
    )
    theirs = interview_record(
        actor=south_inspector, person=person, fields=FIELDS, context="oversight", now=NOW
    )
    ours = record(world.inspector, person, context="oversight")
    assert interview_list(user=world.inspector, person=person) == [ours]
    assert set(interview_list(user=world.police_liaison, person=person)) == {ours, theirs}
    assert set(interview_list(user=world.health, person=person)) == {ours, theirs}
    assert interview_list(user=world.enquiry_desk, person=person) == []
    assert not AuditEntry.objects.filter(action="read", subject_type="person").exists()
