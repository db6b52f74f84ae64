"""Match scores within the caller's scope (issue 7 item 3): what other agencies hold never
moves a caller's candidates, probabilities, weights or explanations, nor crowds theirs out."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.accounts import policy
from haven.people.matching import match_search, match_search_unscoped
from haven.people.merging import person_merge
from haven.people.models import Person
from haven.people.services import person_share, person_update

QUERY = {"given_name": "Shirin", "family_name": "Mohtasham", "birth_year": 1990}


def _match(client: Any, body: dict[str, Any]) -> list[dict[str, Any]]:
    r = client.post("/api/v1/match/", {**body, "top": 10}, format="json")
    assert r.status_code == 200, r.content
    return r.json()["results"]


def _fillers(person_factory: Any, actor: Any, n: int) -> None:
    for i in range(n):
        person_factory(actor=actor, given_name=f"Given{i}", family_name=f"Family{i}")


def test_a_rare_name_stays_rare_when_another_agency_registers_it(world, as_user, person_factory):
    # the example: 20.311 ("a rare name"), then 18.32 and 17.16 ("a common name")
    # as another agency registered the same name, while the caseworker could see one person
    mine = person_factory(**QUERY)
    _fillers(person_factory, world.caseworker, 400)
    c = as_user(world.caseworker)
    before = _match(c, QUERY)
    assert before[0]["person"]["id"] == str(mine.pk)
    assert (
        "rare" in next(e for e in before[0]["explanation"] if e["field"] == "family_name")["detail"]
    )
    for _ in range(2):
        person_factory(actor=world.other_caseworker, **QUERY)
    assert _match(c, QUERY) == before


def test_other_agencies_namesakes_do_not_crowd_out_the_callers_own(world, person_factory):
    mine = person_factory(given_name="Maryam", family_name="Ahmadi", birth_year=1980)
    for _ in range(60):  # better candidates than the caseworker's own, all elsewhere
        person_factory(
            actor=world.other_caseworker, given_name="Maryam", family_name="Ahmadi", birth_year=1970
        )
    query = {"given_name": "Maryam", "family_name": "Ahmadi", "birth_year": 1970}
    found = match_search(user=world.caseworker, query=query, top=5)
    assert [m.person.pk for m in found] == [mine.pk]
    # the system-level search sees everyone: its 50 scored candidates are all South's
    # (which is what a search that filtered afterwards used to be left with)
    everyone = match_search_unscoped(query=query, top=100)
    assert len(everyone) == 50 and {m.person.agency for m in everyone} == {world.south}


def test_scope_parts_are_exactly_the_scope(world, person_factory):
    """``person_scope_parts`` (what the index searches) is ``person_scope`` (what pages
    show), for every persona, with assigned, shared and unshared records about."""
    person_factory(given_name="Own")
    person_factory(actor=world.other_caseworker, given_name="Theirs")
    assigned = person_factory(
        actor=world.other_caseworker, given_name="Assigned", caseworker=world.caseworker
    )
    shared = person_factory(actor=world.other_caseworker, given_name="Shared")
    person_share(actor=world.other_caseworker, person=shared, agency=world.north, reason="joint")
    assert assigned.agency == world.south
    for user in world.users.values():
        agencies, beyond = policy.person_scope_parts(user)
        parts = set(Person.objects.filter(agency_id__in=agencies).values_list("pk", flat=True))
        parts |= set(Person.objects.filter(beyond).values_list("pk", flat=True))
        whole = set(Person.objects.filter(policy.person_scope(user)).values_list("pk", flat=True))
        assert parts == whole, user.username


GIVEN = ["Shirin", "Shireen", "Maryam", "Hamid", "Amene", "Nasrin"]
FAMILY = ["Mohtasham", "Mohtashem", "Afshar", "Babaei", "Rezaei", "Karimi"]
person = st.builds(
    lambda given, family, year: {
        "given_name": given,
        "family_name": family,
        "birth_precision": "year" if year else "unknown",
        "birth_year": year,
    },
    st.sampled_from(GIVEN),
    st.sampled_from(FAMILY),
    st.one_of(st.none(), st.integers(1978, 1984)),
)
change = st.tuples(st.sampled_from(["add", "add", "change", "remove"]), person, st.integers(0, 99))


class _Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mine=st.lists(person, min_size=1, max_size=5),
    changes=st.lists(change, min_size=1, max_size=6),
    query=person,
)
def test_changes_outside_the_scope_leave_the_callers_matches_unchanged(
    world, as_user, person_factory, mine, changes, query
):
    """Add, change and remove records the caseworker cannot see (another agency's, one of
    them shared with a third party): their /api/v1/match/ results stay the same, to the
    probability, weight and explanation, whatever else the register holds."""
    try:
        with transaction.atomic():
            for fields in mine:
                person_factory(**fields)
            # seen from the other agency: one assigned to the caseworker, one shared
            person_factory(actor=world.other_caseworker, caseworker=world.caseworker, **mine[0])
            shared = person_factory(actor=world.other_caseworker, **mine[-1])
            person_share(
                actor=world.other_caseworker, person=shared, agency=world.north, reason="joint"
            )
            c = as_user(world.caseworker)
            before = _match(c, query)
            theirs: list[Person] = []
            for kind, fields, pick in changes:
                if kind == "add" or not theirs:
                    theirs.append(person_factory(actor=world.other_caseworker, **fields))
                elif kind == "change":
                    target = theirs[pick % len(theirs)]
                    person_update(actor=world.other_caseworker, person=target, fields=fields)
                elif len(theirs) > 1:  # a merge takes the absorbed record out of the index
                    absorbed = theirs.pop(pick % len(theirs))
                    person_merge(
                        actor=world.other_supervisor,
                        kept=theirs[0],
                        absorbed=absorbed,
                        reason="same person",
                    )
                assert _match(c, query) == before
            raise _Rollback
    except _Rollback:
        pass
