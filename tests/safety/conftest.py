"""Safety fixtures: people of North and South, and a clock."""

from __future__ import annotations

import datetime as dt

import pytest

from haven.people.services import person_create

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def now():
    return NOW


@pytest.fixture
def person(world):
    return person_create(
        actor=world.supervisor,
        fields={"given_name": "Leyla", "family_name": "Safe", "caseworker": world.caseworker},
    )


@pytest.fixture
def police(world):
    """A police agency with its liaison (the world's police liaison sits in North)."""
    from haven.accounts.models import Agency
    from tests.conftest import make_user

    agency = Agency.objects.create(name="Harbour Police", kind=Agency.Kind.POLICE)
    return make_user("harbour_police", "police_liaison", agency)
