"""Issue 11 item 5: a caseworker's share of a person with another agency waits for a
supervisor of the owning agency (no sight granted until then); a supervisor's share,
and the safety module's danger-to-life share to the police, take effect at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from haven.audit.models import AuditEntry
from haven.people import selectors
from haven.people.models import PersonShare, ShareRequest
from haven.people.sharing import (
    person_share_request,
    share_request_approve,
    share_request_refuse,
)
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def _sees(user, person) -> bool:
    try:
        selectors.person_get(user=user, person_id=person.pk)
    except Http404:
        return False
    return True


def test_a_caseworkers_share_waits_for_a_supervisors_approval(world, person_factory):
    person = person_factory()
    asked = person_share_request(
        actor=world.caseworker, person=person, agency=world.south, reason="joint case"
    )
    assert isinstance(asked, ShareRequest) and asked.state == ShareRequest.State.PENDING
    assert not PersonShare.objects.exists()
    assert not _sees(world.other_caseworker, person)
    with pytest.raises(ValidationError):  # asked twice
        person_share_request(
            actor=world.caseworker, person=person, agency=world.south, reason="again"
        )
    with pytest.raises(PermissionDenied):  # the other agency's supervisor
        share_request_approve(actor=world.other_supervisor, share_request=asked)
    with pytest.raises(PermissionDenied):  # a caseworker
        share_request_approve(actor=world.caseworker, share_request=asked)
    share = share_request_approve(actor=world.supervisor, share_request=asked)
    assert share.agency == world.south and share.reason == "joint case"
    assert _sees(world.other_caseworker, person)
    asked.refresh_from_db()
    assert asked.state == ShareRequest.State.APPROVED and asked.decided_by == world.supervisor
    notes = set(
        AuditEntry.objects.filter(subject_type="share_request").values_list("note", flat=True)
    )
    assert notes == {
        "share asked for, waiting for a supervisor",
        "share approved by a supervisor",
    }
    with pytest.raises(ValidationError):  # decided already
        share_request_refuse(actor=world.supervisor, share_request=asked)


def test_a_refused_share_grants_nothing(world, person_factory):
    person = person_factory()
    asked = person_share_request(
        actor=world.caseworker, person=person, agency=world.south, reason="joint case"
    )
    share_request_refuse(actor=world.supervisor, share_request=asked)
    assert not PersonShare.objects.exists() and not _sees(world.other_caseworker, person)
    assert AuditEntry.objects.filter(note="share refused by a supervisor").count() == 1


def test_a_supervisor_does_not_approve_their_own_request(world, person_factory):
    """No approver asks (their shares are immediate); but a request made while someone
    was a caseworker is not approved by them after a promotion."""
    person = person_factory()
    asked = person_share_request(
        actor=world.caseworker, person=person, agency=world.south, reason="joint case"
    )
    world.caseworker.role = "supervisor"
    world.caseworker.save()
    with pytest.raises(PermissionDenied):
        share_request_approve(actor=world.caseworker, share_request=asked)


def test_a_supervisors_share_takes_effect_at_once(world, person_factory):
    person = person_factory()
    share = person_share_request(
        actor=world.supervisor, person=person, agency=world.south, reason="joint case"
    )
    assert isinstance(share, PersonShare) and _sees(world.other_caseworker, person)
    assert not ShareRequest.objects.exists()


def test_a_request_without_a_reason_is_refused(world, person_factory):
    person = person_factory()
    with pytest.raises(ValidationError):
        person_share_request(actor=world.caseworker, person=person, agency=world.south, reason=" ")
    assert not ShareRequest.objects.exists()


def test_the_danger_to_life_share_stays_immediate(world, person_factory):
    from haven.accounts.models import Agency
    from haven.people.services import person_share_danger_to_life

    police = Agency.objects.create(name="Host Police", kind=Agency.Kind.POLICE)
    make_user("police_two", "police_liaison", police)
    person = person_factory()
    share = person_share_danger_to_life(actor=world.supervisor, person=person, agency=police)
    assert share is not None and not ShareRequest.objects.exists()
