"""Oversight fixtures: a site of each agency and a helper to post a visit."""

from __future__ import annotations

import datetime as dt

import pytest

from haven.oversight.services import site_create

TODAY = dt.date(2025, 6, 2)
NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def compound(world):
    return site_create(
        actor=world.supervisor,
        fields={
            "name": "Hill Compound",
            "kind": "compound",
            "address": "marker-address-1 Example Street",
            "operator": "The Fellowship",
            "estimated_population": 400,
        },
    )


@pytest.fixture
def south_site(world):
    return site_create(
        actor=world.other_supervisor,
        fields={"name": "River Residence", "kind": "residence", "operator": "The Fellowship"},
    )


def visit_body(site, **overrides):
    body = {
        "site": str(site.pk),
        "purpose": "labour",
        "visited_on": "2025-05-20",
        "access": "granted",
        "private_interviews_possible": True,
        "findings": [],
    }
    body.update(overrides)
    return body
