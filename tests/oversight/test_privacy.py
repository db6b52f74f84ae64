"""The oversight module's privacy hooks: retention, anonymisation, erasure, export."""

from __future__ import annotations

import datetime as dt

import time_machine

from haven.audit.models import AuditEntry
from haven.oversight import privacy
from haven.oversight.models import Departure, Finding, FollowUpAction, SiteLink, Visit
from haven.oversight.services import action_update, person_leave, site_link_person, visit_record
from tests.oversight.conftest import NOW

LATER = NOW + dt.timedelta(days=3651 + 365)


def _leaver(world, person_factory, compound):
    person = person_factory(group_status="member", caseworker=world.caseworker)
    site_link_person(
        actor=world.caseworker, site=compound, person=person, from_on=dt.date(2020, 1, 1)
    )
    person_leave(
        actor=world.caseworker, person=person, left_on=dt.date(2025, 5, 1),
        went_to="marker-shelter", needs=["housing"], notes="marker-note", now=NOW,
    )  # fmt: skip
    return person


@time_machine.travel(NOW, tick=False)
def test_export_holds_the_persons_data_only(world, person_factory, compound):
    person = _leaver(world, person_factory, compound)
    other = _leaver(world, person_factory, compound)
    data = privacy.export_person(person)
    assert data["site_links"] == [
        {"site": "Hill Compound", "role": "lives", "from": "2020-01-01", "to": "2025-05-01"}
    ]
    assert data["departures"][0]["went_to"] == "marker-shelter"
    assert len(data["follow_up_actions"]) == 1
    assert str(other.pk) not in str(data)
    assert len(str(data)) < 1000  # one person's, not everyone's


@time_machine.travel(NOW, tick=False)
def test_erase_person_removes_links_and_departures_and_blanks_actions(
    world, person_factory, compound
):
    person = _leaver(world, person_factory, compound)
    counts = privacy.erase_person(person, actor=world.supervisor, now=NOW)
    assert counts == {
        "oversight_sitelink": 1, "oversight_departure": 1, "oversight_followupaction": 1
    }  # fmt: skip
    assert not SiteLink.objects.filter(person=person).exists()
    assert not Departure.objects.filter(person=person).exists()
    action = FollowUpAction.objects.get()
    assert action.person is None and action.description == privacy.ERASED
    assert privacy.export_person(person) == {
        "site_links": [], "departures": [], "follow_up_actions": []
    }  # fmt: skip
    entry = AuditEntry.objects.filter(note="erased from oversight").get()
    assert "marker" not in str(entry.changes)


@time_machine.travel(NOW, tick=False)
def test_retention_finds_and_anonymises_what_has_expired(world, person_factory, compound):
    _leaver(world, person_factory, compound)
    visit = visit_record(
        actor=world.inspector,
        site=compound,
        fields={"visited_on": dt.date(2025, 5, 20), "purpose": "labour", "access": "granted",
                "officers": "marker-officer", "notes": "marker-visit-note"},
        findings=[{"item": "uniforms_required", "answer": "yes", "note": "marker-finding"}],
        now=NOW,
    )  # fmt: skip
    action = FollowUpAction.objects.get(visit=visit)
    action_update(
        actor=world.inspector, action=action, fields={"status": "done", "outcome": "marker-o"},
        now=NOW,
    )  # fmt: skip
    for entry in privacy.RETENTION:
        assert not privacy.expired(entry["kind"], now=NOW).exists(), entry["kind"]
        found = list(privacy.expired(entry["kind"], now=LATER))
        assert found, entry["kind"]
        for obj in found:
            privacy.anonymise(entry["kind"], obj, actor=None, now=LATER)
        assert not privacy.expired(entry["kind"], now=LATER).exists(), entry["kind"]
    visit = Visit.objects.get(pk=visit.pk)
    assert (visit.officers, visit.notes, visit.access) == ("", "", "granted")
    assert Finding.objects.get(visit=visit).note == "" and Finding.objects.get().answer == "yes"
    assert Departure.objects.get().went_to == "" and Departure.objects.get().needs == ["housing"]
    assert not SiteLink.objects.exists()
    assert FollowUpAction.objects.get(pk=action.pk).outcome == ""
    assert "marker" not in str(list(AuditEntry.objects.values_list("changes", flat=True)))
