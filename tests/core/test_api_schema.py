"""The OpenAPI schema describes what the API answers: a paged list is documented as its
page (count, count_exact, next, previous, results), not as a bare array (make fuzz
found every list documented as an array)."""

from __future__ import annotations

from typing import Any

import pytest

LISTS = [
    "/api/v1/people/",
    "/api/v1/people/{person_id}/documents/",
    "/api/v1/agencies/",
    "/api/v1/alerts/",
    "/api/v1/audit/",
    "/api/v1/privacy/erasures/",
]


@pytest.fixture
def schema(world: Any, as_user: Any) -> dict[str, Any]:
    response = as_user(world.supervisor).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("path", LISTS)
def test_a_paged_list_is_documented_as_a_page(schema: dict[str, Any], path: str) -> None:
    body = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
    ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
    component = schema["components"]["schemas"][ref]
    assert {"count", "count_exact", "next", "previous", "results"} <= set(component["properties"])
    assert component["properties"]["results"]["type"] == "array"


def test_the_people_page_matches_its_documented_shape(
    schema: dict[str, Any], world: Any, as_user: Any, person_factory: Any
) -> None:
    person_factory()
    page = as_user(world.caseworker).get("/api/v1/people/").json()
    body = schema["paths"]["/api/v1/people/"]["get"]["responses"]["200"]["content"]
    ref = body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(page) == set(schema["components"]["schemas"][ref]["properties"])
