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


# --- every list answers as its schema says (make fuzz found nullable keys and pages
# documented as arrays); checked on the demo's data, as several roles ------------------

ROLES = ("supervisor", "caseworker", "police_liaison", "inspector", "refugee_liaison", "admin")


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 to JSON Schema: ``nullable`` becomes a null alternative, refs point
    into ``$defs``."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k not in ("nullable", "readOnly")}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/$defs/")
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


@pytest.fixture
def demo_world(db: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    from haven.demo.generator import PASSWORD_ENV, load_demo

    settings.DEMO = True
    settings.VAR_DIR = tmp_path
    monkeypatch.setenv(PASSWORD_ENV, "demo password for the schema test")
    return load_demo(people=25)


def test_every_list_answers_as_documented(demo_world: Any, as_user: Any) -> None:
    import jsonschema

    from haven.accounts.models import User
    from haven.people.models import Person

    users = {u.role: u for u in User.objects.filter(username__in=ROLES)}
    schema = as_user(users["supervisor"]).get("/api/schema/", {"format": "json"}).json()
    defs = {k: _json_schema(v) for k, v in schema["components"]["schemas"].items()}
    checked = 0
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or "{" in path.replace("{person_id}", ""):
            continue
        documented = get["responses"].get("200", {}).get("content", {}).get("application/json")
        if not documented:
            continue
        body_schema = {**_json_schema(documented["schema"]), "$defs": defs}
        for role in ROLES:
            person = (
                Person.objects.filter(agency=users[role].agency).first()
                if users[role].agency
                else None
            )
            if "{person_id}" in path and person is None:
                continue
            url = path.replace("{person_id}", str(person.pk) if person else "")
            response = as_user(users[role]).get(url)
            if response.status_code != 200:
                continue
            try:
                jsonschema.validate(response.json(), body_schema)
            except jsonschema.ValidationError as exc:
                pytest.fail(f"GET {url} as {role}: {exc.message} at {list(exc.absolute_path)}")
            checked += 1
    assert checked > 40
