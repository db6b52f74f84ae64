"""An assignee from another agency works on a record but never widens who sees it, and a
merge never crosses agencies (issue 7, items 4 and 5). Service level; the matrices
(tests/accounts/test_policy_matrix.py, tests/web/test_page_matrix.py) check the same
through every endpoint and page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.accounts import policy
from haven.accounts.models import Agency
from haven.people.merging import person_merge, person_unmerge
from haven.people.models import Person
from haven.people.selectors import person_queryset
from haven.people.services import (
    document_create,
    person_create,
    person_share,
    person_unshare,
    person_update,
)
from tests.conftest import make_user


@pytest.fixture
def assigned(world):
    """North's record, assigned to South's caseworker (a joint case)."""
    return person_create(
        actor=world.caseworker,
        fields={"given_name": "Joint", "family_name": "Case", "caseworker": world.other_caseworker},
    )


@pytest.fixture
def police(world):
    agency = Agency.objects.create(name="Harbour Police", kind=Agency.Kind.POLICE)
    return make_user("harbour_police", "police_liaison", agency)


def _sees(user, person) -> bool:
    return person_queryset(user=user).filter(pk=person.pk).exists()


def test_the_assignee_works_on_the_record(world, assigned):
    person_update(actor=world.other_caseworker, person=assigned, fields={"place_of_origin": "Qom"})
    document_create(
        actor=world.other_caseworker,
        person=assigned,
        fields={"kind": "passport", "status": "applied"},
    )


@pytest.mark.parametrize("to", ["south", "police"])
def test_the_assignee_may_not_share(world, assigned, police, to):
    agency = world.south if to == "south" else police.agency
    with pytest.raises(PermissionDenied):
        person_share(actor=world.other_caseworker, person=assigned, agency=agency, reason="x")
    assert not assigned.shares.exists()
    assert not _sees(police, assigned)


def test_the_assignee_may_not_stop_a_share(world, assigned, police):
    share = person_share(actor=world.caseworker, person=assigned, agency=police.agency, reason="x")
    with pytest.raises(PermissionDenied):
        person_unshare(actor=world.other_caseworker, share=share)


@pytest.mark.parametrize("to", ["other_supervisor", "police"])
def test_the_assignee_may_not_reassign_outside_the_owning_agency(world, assigned, police, to):
    target = police if to == "police" else world.other_supervisor
    with pytest.raises(PermissionDenied):
        person_update(actor=world.other_caseworker, person=assigned, fields={"caseworker": target})
    assigned.refresh_from_db()
    assert assigned.caseworker_id == world.other_caseworker.pk
    assert not _sees(target, assigned)


def test_the_assignee_may_hand_back_within_the_owning_agency(world, assigned):
    person_update(
        actor=world.other_caseworker, person=assigned, fields={"caseworker": world.supervisor}
    )
    person = Person.objects.get(pk=assigned.pk)
    assert person.caseworker_id == world.supervisor.pk
    assert not _sees(world.other_caseworker, person)  # no sight kept by any other way


def test_the_owning_agency_may_share_and_assign_outside(world, assigned, police):
    person_share(actor=world.caseworker, person=assigned, agency=police.agency, reason="threat")
    assert _sees(police, assigned)
    person_update(actor=world.caseworker, person=assigned, fields={"caseworker": police})
    assert Person.objects.get(pk=assigned.pk).caseworker_id == police.pk


def test_an_agency_whose_users_cannot_read_the_register_gets_no_share(world, person_factory):
    oversight = Agency.objects.create(name="Monitor", kind=Agency.Kind.SOCIAL)
    make_user("monitor_auditor", "auditor", oversight)
    empty = Agency.objects.create(name="Nobody yet", kind=Agency.Kind.NGO)
    person = person_factory()
    assert set(policy.share_recipients()) == {world.north, world.south}
    for agency in (oversight, empty):
        with pytest.raises(ValidationError) as caught:
            person_share(actor=world.caseworker, person=person, agency=agency, reason="x")
        assert "agency" in caught.value.message_dict


# --- merges -----------------------------------------------------------------------------


def test_a_merge_across_agencies_is_refused_even_when_both_are_assigned(world):
    own = person_create(actor=world.supervisor, fields={"given_name": "Nasrin"})
    theirs = person_create(
        actor=world.other_supervisor,
        fields={"given_name": "Nasrin", "caseworker": world.supervisor},
    )
    document_create(
        actor=world.other_supervisor, person=theirs, fields={"kind": "visa", "status": "applied"}
    )
    for kept, absorbed in ((own, theirs), (theirs, own)):
        with pytest.raises(PermissionDenied):
            person_merge(actor=world.supervisor, kept=kept, absorbed=absorbed, reason="same")
    theirs.refresh_from_db()
    assert theirs.merged_into_id is None and theirs.documents.count() == 1


def test_an_assignee_supervisor_may_not_merge_another_agencys_records(world):
    a, b = (
        person_create(
            actor=world.other_supervisor,
            fields={"given_name": name, "caseworker": world.supervisor},
        )
        for name in ("Nasrin", "Nasreen")
    )
    with pytest.raises(PermissionDenied):
        person_merge(actor=world.supervisor, kept=a, absorbed=b, reason="same")
    merge = person_merge(actor=world.other_supervisor, kept=a, absorbed=b, reason="same")
    with pytest.raises(PermissionDenied):
        person_unmerge(actor=world.supervisor, merge=merge, reason="no")


def _merge(world, kept_fields, absorbed_fields):
    kept = person_create(actor=world.supervisor, fields={"given_name": "K", **kept_fields})
    absorbed = person_create(actor=world.supervisor, fields={"given_name": "A", **absorbed_fields})
    person_merge(actor=world.supervisor, kept=kept, absorbed=absorbed, reason="same person")
    kept.refresh_from_db()
    kept.full_clean()  # valid by construction
    return kept


def test_a_member_kept_record_takes_no_date_of_leaving(world):
    """Used to fail with 400 "Only a former member has a date of leaving"."""
    kept = _merge(
        world,
        {"group_status": "member"},
        {"group_status": "former_member", "left_group_on": "2020-03-01"},
    )
    assert (kept.group_status, kept.left_group_on) == ("member", None)


def test_an_unknown_status_takes_the_absorbed_status_with_its_date(world):
    kept = _merge(world, {}, {"group_status": "former_member", "left_group_on": "2020-03-01"})
    assert kept.group_status == "former_member" and str(kept.left_group_on) == "2020-03-01"


def test_a_former_member_without_a_date_takes_the_absorbed_date(world):
    kept = _merge(
        world,
        {"group_status": "former_member"},
        {"group_status": "former_member", "left_group_on": "2020-03-01"},
    )
    assert str(kept.left_group_on) == "2020-03-01"


def test_a_date_of_leaving_before_the_kept_birth_is_not_taken(world):
    kept = _merge(
        world,
        {"group_status": "former_member", "birth_year": 2001},
        {"group_status": "former_member", "left_group_on": "1999-03-01", "birth_year": 1980},
    )
    assert kept.birth_year == 2001 and kept.left_group_on is None


def test_the_date_of_birth_moves_whole(world):
    kept = _merge(
        world, {}, {"birth_precision": "range", "birth_year": 1980, "birth_year_max": 1985}
    )
    assert (kept.birth_precision, kept.birth_year, kept.birth_year_max) == ("range", 1980, 1985)
    kept = _merge(world, {"birth_year": 1990}, {"birth_date": dt.date(1991, 2, 3)})
    assert (kept.birth_precision, kept.birth_year, kept.birth_date) == ("year", 1990, None)
