"""Receiving bodies for the referrals tests: legal aid (not in Haven) and the refugee
agency, which is the refugee liaison's own agency (North, in the shared personas)."""

from __future__ import annotations

import pytest

from haven.referrals.services import receiving_body_create


@pytest.fixture
def bodies(world):
    return {
        "legal_aid": receiving_body_create(
            actor=None, fields={"name": "Harbour Legal Aid", "kind": "legal_aid"}
        ),
        "refugee": receiving_body_create(
            actor=None,
            fields={
                "name": "Refugee and Asylum Office",
                "kind": "refugee_agency",
                "agency": world.north,
            },
        ),
    }
