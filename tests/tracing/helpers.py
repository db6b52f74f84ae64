"""Shared pieces of the tracing tests: an enquiry as the desk sends it, and the view the
desk must receive."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

TODAY = dt.date(2025, 6, 2)

ENQUIRY = {
    "enquirer": {
        "name": "Parvin Hosseini",
        "relationship": "mother",
        "phone": "+98 912 555 0101",
        "email": "parvin@example.org",
        "language": "fa",
    },
    "sought": {
        "given_name": "Maryam",
        "family_name": "Hosseini",
        "other_names": [{"name": "مریم حسینی", "script": "Arab"}],
        "sex": "female",
        "birth_year": 1994,
        "place_of_origin": "Tabriz",
    },
    "message": "We think of you every day. Your mother.",
}

NO_DISCLOSURE = {
    "alive_and_well": None,
    "message_delivered": None,
    "reply": None,
    "contact": None,
    "visit": None,
}


def body(**changes: Any) -> dict[str, Any]:
    """The enquiry above, with some enquirer or sought fields changed."""
    data = copy.deepcopy(ENQUIRY)
    for key, value in changes.items():
        part, _, name = key.partition("__")
        data[part][name] = value
    return data


def desk_view(enquiry_id: str, created_at: str, data: dict[str, Any], status: str, **shown: Any):
    """Exactly what the enquiry desk must receive: what it gave, the status, and the
    disclosure (every key present)."""
    enquirer = {
        "name": "", "relationship": "", "phone": "", "email": "", "address": "",
        "language": "", "reach_by": "", "identity_checked": "", "checked_by": "",
    }  # fmt: skip
    enquirer.update(data["enquirer"])
    sought = {
        "given_name": "", "family_name": "", "other_names": [], "sex": "unknown",
        "birth_year": None, "birth_year_max": None, "place_of_origin": "",
        "last_known": "", "contact_lost": "",
    }  # fmt: skip
    sought.update(data["sought"])
    return {
        "id": enquiry_id,
        "created_at": created_at,
        "enquirer": enquirer,
        "sought": sought,
        "message": data.get("message", ""),
        "status": status,
        "disclosure": {**NO_DISCLOSURE, **shown},
    }


def private_interview(decisions: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "held_on": TODAY.isoformat(),
        "private": True,
        "chaperone_present": False,
        "location": "the agency's office",
        "present": "caseworker, interpreter",
        "interpreter": "Leyla",
        "language": "fa",
        "decisions": decisions,
        **extra,
    }


def enquiry_fields(**fields: Any) -> dict[str, Any]:
    """Service-level fields of an enquiry (``enquiry_create``)."""
    values = {
        "enquirer_name": "Parvin Hosseini",
        "relationship": "mother",
        "given_name": "Maryam",
        "family_name": "Hosseini",
        "message": "We miss you.",
    }
    values.update(fields)
    return values
