"""haven.paging: capped counts (estimates past the cap on PostgreSQL) and deep pages by
a deferred join give the same pages as Django's paginator."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.paginator import Paginator
from django.db import connection

from haven import paging
from haven.people.models import Person
from haven.people.selectors import person_list


@pytest.fixture
def register(world: Any, person_factory: Any) -> list[Person]:
    return [person_factory(given_name=f"P{i:03d}", family_name=f"F{i % 7}") for i in range(40)]


def test_pages_match_djangos(world: Any, register: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(paging, "DEEP_OFFSET", 10)  # pages past the 10th row: deferred join
    qs = person_list(user=world.caseworker)
    fast, plain = paging.FastPaginator(qs, 7), Paginator(qs, 7)
    assert fast.count == plain.count == 40 and fast.count_exact
    for number in plain.page_range:
        assert [p.pk for p in fast.page(number)] == [p.pk for p in plain.page(number)]
        assert fast.page(number).has_next() == plain.page(number).has_next()
    assert fast.get_page("x").number == 1 and fast.get_page(99).number == plain.num_pages


def test_past_the_cap_the_count_is_an_estimate_on_postgresql(
    world: Any, register: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    fast = paging.FastPaginator(person_list(user=world.caseworker), 7)
    if connection.vendor == "postgresql":
        assert not fast.count_exact and fast.count >= 11
    else:
        assert fast.count_exact and fast.count == 40
    assert len(fast.page(1)) == 7
    # the last real page is whole, one past it is empty: has_next stops there
    assert [p.pk for p in fast.page(6)] and len(fast.page(6)) == 5
    assert not fast.page(6).has_next()


def test_the_api_says_whether_its_count_is_exact(world: Any, register: Any, as_user: Any) -> None:
    page = as_user(world.caseworker).get("/api/v1/people/", {"page_size": 5}).json()
    assert page["count"] == 40 and page["count_exact"] is True


def test_the_people_page_says_about_when_it_estimates(
    world: Any, register: Any, client_as: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(paging, "COUNT_CAP", 10)
    html = client_as(world.caseworker).get("/").content.decode()
    if connection.vendor == "postgresql":
        assert "About " in html
    else:
        assert "40 people" in html
