"""Personas, set up once per test and reused everywhere (see STYLE.md habit 12).

North Shelter is the caseworker's agency; South Relief is another agency whose
caseworker must never see North's people unless a record is shared or assigned.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from haven.accounts.models import Agency, User
from haven.accounts.roles import Role

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    north: Agency
    south: Agency
    users: dict[str, User]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.users[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def make_user(username: str, role: str, agency: Agency | None) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        agency=agency,
        first_name=username.replace("_", " ").title(),
    )
    return user


@pytest.fixture
def world(db: Any) -> World:
    north = Agency.objects.create(name="North Shelter", kind=Agency.Kind.NGO)
    south = Agency.objects.create(name="South Relief", kind=Agency.Kind.REFUGEE)
    users = {role.value: make_user(role.value, role.value, north) for role in Role}
    users["other_caseworker"] = make_user("other_caseworker", Role.CASEWORKER, south)
    users["other_supervisor"] = make_user("other_supervisor", Role.SUPERVISOR, south)
    return World(north=north, south=south, users=users)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def as_user():
    return client_for


@pytest.fixture
def person_factory(world: World):
    """Create people through the real service, as the given actor."""
    from haven.people.services import person_create

    def make(actor: User | None = None, **fields: Any):
        fields.setdefault("given_name", "Nasrin")
        fields.setdefault("family_name", "Rezaei")
        return person_create(actor=actor or world.caseworker, fields=fields)

    return make


@pytest.fixture
def client_as():
    """A Django test client signed in (a web session) as the given user."""
    from django.test import Client

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
