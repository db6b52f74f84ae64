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


# --- keyset pages: after / before a row of the list -----------------------------------


def _walk_forward(fast: paging.FastPaginator, first: Any) -> list[Any]:
    ids, page = [p.pk for p in first], first
    while page.after is not None:
        page = fast.keyset_page(after=page.after)
        ids += [p.pk for p in page]
    return ids


def test_keyset_pages_walk_the_whole_list_in_order(world: Any, register: Any) -> None:
    qs = person_list(user=world.caseworker)
    everyone = [p.pk for p in qs]
    fast = paging.FastPaginator(qs, 7)
    first = fast.keyset_page(after=everyone[0])
    assert [p.pk for p in first] == everyone[1:8] and first.has_previous()
    assert _walk_forward(fast, first) == everyone[1:]
    # and back again from the end
    page, back = fast.keyset_page(before=everyone[-1]), []
    while True:
        back = [p.pk for p in page] + back
        if page.before is None:
            break
        page = fast.keyset_page(before=page.before)
    assert back == everyone[:-1] and not page.has_previous()


def test_keyset_pages_follow_a_filter_and_a_descending_order(world: Any, register: Any) -> None:
    qs = person_list(user=world.caseworker).filter(family_name="F3")
    ids = [p.pk for p in qs]
    assert len(ids) > 3
    fast = paging.FastPaginator(qs, 2)
    assert _walk_forward(fast, fast.keyset_page(after=ids[0])) == ids[1:]
    desc = qs.order_by("-family_name", "-given_name", "-id")
    rev = [p.pk for p in desc]
    fast = paging.FastPaginator(desc, 2)
    assert _walk_forward(fast, fast.keyset_page(after=rev[0])) == rev[1:]


def test_numbered_pages_deep_in_a_list_link_by_keyset(
    world: Any, register: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(paging, "DEEP_OFFSET", 14)
    qs = person_list(user=world.caseworker)
    everyone = [p.pk for p in qs]
    fast = paging.FastPaginator(qs, 7)
    assert fast.page(1).after is None  # shallow: by number
    deep = fast.page(2)
    assert deep.after == everyone[13] and deep.before == everyone[7]
    assert [p.pk for p in fast.keyset_page(after=deep.after)] == everyone[14:21]
    assert fast.page(fast.num_pages).after is None  # the last page has no next


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "before"),
        ({"after": "not-an-id", "before": "x"}, "after"),
        ({"after": "not-an-id"}, "after"),
        ({"before": "6f1d3c7e-0000-4000-8000-000000000000"}, "before"),
    ],
)
def test_a_cursor_that_cannot_be_followed_is_refused(
    world: Any, register: Any, kwargs: Any, field: str
) -> None:
    fast = paging.FastPaginator(person_list(user=world.caseworker), 7)
    with pytest.raises(paging.CursorError) as error:
        fast.keyset_page(**kwargs)
    assert error.value.field == field


def test_a_ranked_search_pages_by_number_only(
    world: Any, register: Any, person_factory: Any
) -> None:
    person_factory(given_name="Shirin", family_name="Karimi")
    qs = person_list(user=world.caseworker, filters={"search": "Shirin Karimi"})
    assert paging.order_keys(qs) is None
    with pytest.raises(paging.CursorError):
        paging.FastPaginator(qs, 7).keyset_page(after=register[0].pk)
    # a search that only prefix-matches is in name order, and pages by number too
    qs = person_list(user=world.caseworker, filters={"search": "F3"})
    assert paging.order_keys(qs) is None
    assert [p.family_name for p in qs] == ["F3"] * 6


def test_the_api_pages_by_keyset(world: Any, register: Any, as_user: Any) -> None:
    api = as_user(world.caseworker)
    everyone = [p.pk for p in person_list(user=world.caseworker)]
    page = api.get("/api/v1/people/", {"after": str(everyone[4]), "page_size": 5}).json()
    assert [r["id"] for r in page["results"]] == [str(i) for i in everyone[5:10]]
    assert page["count"] == 40 and f"before={everyone[5]}" in page["previous"]
    assert f"after={everyone[9]}" in page["next"] and "page=" not in page["next"]
    walked = [r["id"] for r in page["results"]]
    while page["next"]:
        page = api.get(page["next"]).json()
        walked += [r["id"] for r in page["results"]]
    assert walked == [str(i) for i in everyone[5:]]


def test_the_api_refuses_a_cursor_outside_the_callers_list(
    world: Any, register: Any, as_user: Any, person_factory: Any
) -> None:
    theirs = person_factory(actor=world.other_caseworker, given_name="Arta", family_name="Zeka")
    api = as_user(world.caseworker)
    for params in ({"after": str(theirs.pk)}, {"after": "nope"}, {"before": "", "after": "x"}):
        response = api.get("/api/v1/people/", params)
        assert response.status_code == 400, params
        assert set(response.json()) <= {"after", "before"}
    person_factory(given_name="Shirin", family_name="Karimi")
    response = api.get("/api/v1/people/", {"search": "Shirin", "after": str(register[0].pk)})
    assert response.status_code == 400 and "after" in response.json()


def test_the_people_page_links_deep_pages_by_keyset(
    world: Any, register: Any, client_as: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(paging, "DEEP_OFFSET", 30)
    everyone = [p.pk for p in person_list(user=world.caseworker)]
    web = client_as(world.caseworker)
    html = web.get("/", {"page": 1}).content.decode()
    assert "page=2" in html and "after=" not in html
    html = web.get("/", {"after": str(everyone[24])}).content.decode()
    assert f"before={everyone[25]}" in html and "Page " not in html
    shown = [pk for pk in everyone if f'href="/people/{pk}/"' in html]
    assert shown == everyone[25:]  # the 26th to the 40th
    # a cursor that no longer fits (another agency's, or nonsense) gives the first page
    assert web.get("/", {"after": "nonsense"}).status_code == 200
