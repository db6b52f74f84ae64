"""A person with something in every module that holds personal data, and the third
parties around them: a relative who holds her passport, a brother present at an
interview, an interpreter, a neighbour named in an alert's resolution note."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine

from haven.alerts.services import alert_raise, alert_resolve
from haven.interviews.services import interview_record
from haven.people.models import Document, Person
from haven.people.services import document_create, person_create, person_share, person_update

# Strings that belong to Leyla Tahiri (the subject) ...
SUBJECT = [
    "Leyla",
    "Tahiri",
    "لیلا طاهری",
    "Prizren",
    "7 Hidden Lane",
    "+000 555 0101",
    "Safe House Birch",
    "P8842211",
    "Leyla-Mae",
]
# ... and to other people, which her export must not show
THIRD = ["Bardhyl Gashi", "Arben Krasniqi", "Vjosa Berisha", "Drita Lleshi", "Uncle's shop"]


@dataclass
class Subject:
    person: Person
    other: Person
    document: Document
    interview: Any
    alert: Any


def make_subject(world: Any, *, when: dt.datetime) -> Subject:
    sup = world.supervisor
    with time_machine.travel(when, tick=False):
        person = person_create(
            actor=sup,
            fields={
                "given_name": "Leyla",
                "family_name": "Tahiri",
                "other_names": [{"name": "لیلا طاهری", "script": "Arab"}],
                "place_of_origin": "Prizren",
                "address": "7 Hidden Lane",
                "phone": "+000 555 0101",
                "current_site": "Safe House Birch",
                "birth_precision": "year",
                "birth_year": 1990,
            },
        )
        person_update(actor=sup, person=person, fields={"given_name": "Leyla-Mae"})
        document = document_create(
            actor=sup,
            person=person,
            fields={
                "kind": "passport",
                "status": "issued",
                "number": "P8842211",
                "issuer": "Prizren office",
                "holder": "other_person",
                "holder_detail": "Bardhyl Gashi",
                "notes": "kept at Uncle's shop",
                "issued_on": when.date(),
            },
        )
        interview = interview_record(
            actor=sup,
            person=person,
            context="oversight",
            fields={
                "held_on": when.date(),
                "location": "Safe House Birch",
                "present": "Arben Krasniqi (brother)",
                "interpreter": "Vjosa Berisha",
                "concerns": "Leyla fears being found",
            },
            now=when,
        )
        alert = alert_raise(
            kind="test_privacy", severity="warning", key=f"privacy:{person.pk}",
            agency=person.agency, person=person, now=when,
        )  # fmt: skip
        alert_resolve(actor=sup, alert=alert, note="Drita Lleshi took her in", now=when)
        person_share(actor=sup, person=person, agency=world.south, reason="Leyla moved south")
        other = person_create(
            actor=sup, fields={"given_name": "Arben", "family_name": "Krasniqi", "address": "9 Elm"}
        )
    return Subject(person, other, document, interview, alert)


@pytest.fixture
def subject(world: Any) -> Subject:
    return make_subject(world, when=dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC))
