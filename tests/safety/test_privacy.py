"""The safety module's privacy hooks: retention, anonymisation, erasure, export."""

from __future__ import annotations

import datetime as dt
import json

from haven.people.services import person_create
from haven.safety import privacy
from haven.safety.models import Incident, Threat, ThreatTarget, WelfareCheck
from haven.safety.services import (
    death_record,
    incident_create,
    measure_create,
    threat_close,
    threat_create,
    welfare_check_record,
)
from tests.safety.conftest import NOW

THREAT = {
    "kind": "surveillance",
    "reliability": "C",
    "credibility": "3",
    "imminence": "unknown",
    "narrative": "followed home",
    "reported_by": "source-marker",
}


def _records(world, person):
    other = person_create(actor=world.supervisor, fields={"given_name": "Other-marker"})
    shared = threat_create(actor=world.caseworker, fields=THREAT, targets=[person, other], now=NOW)
    alone = threat_create(actor=world.caseworker, fields=THREAT, targets=[person], now=NOW)
    incident_create(
        actor=world.caseworker,
        fields={"kind": "assault", "occurred_on": NOW.date(), "narrative": "x"},
        people=[(person.pk, "victim"), (other.pk, "alleged_perpetrator")],
        now=NOW,
    )
    welfare_check_record(actor=world.caseworker, person=person, fields={"method": "phone"}, now=NOW)
    measure_create(
        actor=world.caseworker,
        person=person,
        fields={"kind": "emergency_phone", "responsible": "Unit", "ends_on": NOW.date()},
        now=NOW,
    )
    death_record(actor=world.caseworker, person=person, fields={"died_on": NOW.date()}, now=NOW)
    return other, shared, alone


def test_retention_and_anonymise(world, person):
    _other, shared, _alone = _records(world, person)
    kinds = {r["kind"] for r in privacy.RETENTION}
    assert kinds == set(privacy.ANONYMISED)
    later = NOW + dt.timedelta(days=11 * 365)
    assert not privacy.expired("safety.threat", now=later).exists()  # none closed
    threat_close(actor=world.caseworker, threat=shared, now=NOW)
    assert list(privacy.expired("safety.threat", now=later)) == [shared]
    assert not privacy.expired("safety.threat", now=NOW).exists()
    assert privacy.expired("safety.welfare_check", now=later).count() == 1
    assert privacy.expired("safety.protective_measure", now=later).count() == 1
    privacy.anonymise("safety.threat", shared, actor=world.supervisor, now=later)
    shared.refresh_from_db()
    assert shared.narrative == "" and shared.reported_by == "" and shared.kind == "surveillance"


def test_erase_person_keeps_other_peoples_records(world, person):
    other, shared, alone = _records(world, person)
    counts = privacy.erase_person(person, actor=world.supervisor, now=NOW)
    assert counts["safety_threat"] == 1 and counts["safety_death"] == 1
    assert not Threat.objects.filter(pk=alone.pk).exists()
    assert list(ThreatTarget.objects.filter(threat=shared).values_list("person", flat=True)) == [
        other.pk
    ]
    assert Incident.objects.count() == 1  # the other person is still in it
    assert not WelfareCheck.objects.filter(person=person).exists()


def test_export_holds_no_one_elses_data(world, person):
    _records(world, person)
    data = privacy.export_person(person)
    text = json.dumps(data)
    assert len(data["threats"]) == 2 and data["incidents"][0]["part"] == "victim"
    assert data["death"]["died_on"] == NOW.date().isoformat()
    assert "Other-marker" not in text and "source-marker" not in text
    assert str(_records.__name__) not in text
