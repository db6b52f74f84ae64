from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def client_as():
    """A Django test client signed in as the given user."""

    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
