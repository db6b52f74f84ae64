"""Welfare checks that cannot silently lapse, protective measures, and deaths that
cannot close unexplained: the rules, with time injected."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command

from haven.alerts.models import Alert
from haven.alerts.rules import alerts_evaluate
from haven.alerts.selectors import alert_list
from haven.alerts.services import alert_acknowledge, alert_resolve
from haven.audit.models import AuditEntry
from haven.people.models import PersonShare
from haven.safety import kinds
from haven.safety.models import Death, WelfareCheck
from haven.safety.services import (
    assessment_create,
    death_close,
    death_record,
    death_update,
    incident_create,
    measure_create,
    threat_create,
    welfare_check_record,
)
from tests.safety.conftest import NOW

DAY = dt.timedelta(days=1)


def _high(world, person, at=NOW):
    """Put the person at high risk (an incident against them), at ``at``."""
    incident_create(
        actor=world.caseworker,
        fields={"kind": "assault", "occurred_on": at.date(), "narrative": "beaten"},
        people=[(person.pk, "victim")],
        now=at,
    )
    person.refresh_from_db()
    assert person.risk_level == "high"
    return person


def _overdue(person):
    return Alert.objects.filter(person=person, kind__startswith=kinds.CHECK_OVERDUE)


def test_an_overdue_check_appears_at_the_right_moment_and_not_before(world, person):
    _high(world, person)  # high: weekly
    welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "in_person", "seen_alone": True, "state": "well"},
        now=NOW,
    )
    alerts_evaluate(now=NOW + 7 * DAY)
    assert not _overdue(person).exists()  # due exactly now: not yet overdue
    alerts_evaluate(now=NOW + 7 * DAY + dt.timedelta(minutes=1))
    alert = _overdue(person).get()
    assert alert.kind == kinds.CHECK_OVERDUE and alert.severity == "warning"
    assert alert.facts["due"] == (NOW + 7 * DAY).date().isoformat()
    assert alert.owner_id == world.caseworker.pk
    # evaluating again raises nothing new; a late check does not clear it
    alerts_evaluate(now=NOW + 8 * DAY)
    welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "phone", "state": "well"},
        now=NOW + 8 * DAY,
    )
    alerts_evaluate(now=NOW + 9 * DAY)
    assert _overdue(person).count() == 1 and _overdue(person).get().resolved_at is None
    # the next schedule runs from the late check
    alerts_evaluate(now=NOW + 15 * DAY + dt.timedelta(minutes=1))
    assert _overdue(person).count() == 2


def test_the_schedule_follows_the_level_and_settings(world, person, settings):
    settings.WELFARE_CHECK_DAYS = {"critical": 1, "high": 3}
    _high(world, person)
    alerts_evaluate(now=NOW + 3 * DAY - dt.timedelta(minutes=1))
    assert not _overdue(person).exists()
    alerts_evaluate(now=NOW + 3 * DAY + dt.timedelta(minutes=1))
    assert _overdue(person).exists()


def test_a_critical_persons_overdue_check_reaches_the_police(world, person, police):
    threat_create(
        actor=world.caseworker,
        fields={
            "kind": "abduction",
            "reliability": "B",
            "credibility": "2",
            "imminence": "imminent",
            "narrative": "they will take her back",
        },
        targets=[person.pk],
        now=NOW,
    )
    alerts_evaluate(now=NOW + 2 * DAY + dt.timedelta(hours=1))
    alert = _overdue(person).get()
    assert alert.kind == kinds.CHECK_OVERDUE_CRITICAL and alert.severity == "critical"
    assert alert in alert_list(user=police)


def test_not_seen_alone_and_not_reached_are_alerts(world, person):
    check = welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "in_person", "seen_alone": False, "state": "distressed"},
        now=NOW,
    )
    alert = Alert.objects.get(kind=kinds.CHECK_NOT_ALONE)
    assert alert.person_id == person.pk and alert.source_id == str(check.pk)
    welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "phone", "reached": False},
        now=NOW,
    )
    assert Alert.objects.filter(kind=kinds.CHECK_UNREACHED).count() == 1


def test_an_attempt_that_did_not_reach_the_person_does_not_reset_the_schedule(world, person):
    _high(world, person)
    welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "phone", "reached": False},
        now=NOW + 6 * DAY,
    )
    alerts_evaluate(now=NOW + 7 * DAY + dt.timedelta(minutes=1))
    assert _overdue(person).get().facts["due"] == (NOW + 7 * DAY).date().isoformat()


def test_an_acknowledged_alert_stays_until_resolved(world, person):
    welfare_check_record(
        actor=world.caseworker,
        person=person,
        fields={"method": "in_person", "seen_alone": False},
        now=NOW,
    )
    alert = Alert.objects.get(kind=kinds.CHECK_NOT_ALONE)
    alert_acknowledge(actor=world.caseworker, alert=alert, now=NOW)
    alerts_evaluate(now=NOW + 30 * DAY)
    assert alert.pk in {a.pk for a in alert_list(user=world.caseworker)}
    alert_resolve(actor=world.caseworker, alert=alert, note="saw her alone next day", now=NOW)
    assert alert.pk not in {a.pk for a in alert_list(user=world.caseworker)}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"method": "phone", "checked_at": NOW + DAY}, "checked_at"),
        ({"method": "in_person"}, "seen_alone"),
        ({"method": "telepathy"}, "method"),
        ({"method": "phone", "state": "fine"}, "state"),
    ],
)
def test_bad_check_is_refused_and_writes_nothing(world, person, fields, field):
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        welfare_check_record(actor=world.caseworker, person=person, fields=fields, now=NOW)
    assert field in exc.value.message_dict
    assert not WelfareCheck.objects.exists() and AuditEntry.objects.count() == before


def test_a_check_in_the_future_is_400(world, person, as_user):
    future = (dt.datetime.now(dt.UTC) + DAY).isoformat()
    response = as_user(world.caseworker).post(
        "/api/v1/safety/checks/",
        {"person": str(person.pk), "method": "phone", "checked_at": future},
        format="json",
    )
    assert response.status_code == 400 and "checked_at" in response.json()
    assert not WelfareCheck.objects.exists()


def test_an_expired_measure_for_a_person_at_high_risk_is_an_alert(world, person):
    measure = measure_create(
        actor=world.caseworker,
        person=person,
        fields={
            "kind": "safe_house",
            "starts_on": NOW.date() - 30 * DAY,
            "ends_on": NOW.date() + 2 * DAY,
            "responsible": "North Shelter",
        },
        now=NOW,
    )
    alerts_evaluate(now=NOW + 5 * DAY)
    assert not Alert.objects.filter(kind=kinds.MEASURE_EXPIRED).exists()  # not high yet
    _high(world, person, at=NOW + 5 * DAY)
    alerts_evaluate(now=NOW + 2 * DAY)  # still running: nothing
    assert not Alert.objects.filter(kind=kinds.MEASURE_EXPIRED).exists()
    alerts_evaluate(now=NOW + 5 * DAY)
    alert = Alert.objects.get(kind=kinds.MEASURE_EXPIRED)
    assert alert.source_id == str(measure.pk) and alert.person_id == person.pk
    with pytest.raises(ValidationError) as exc:
        measure_create(
            actor=world.caseworker,
            person=person,
            fields={
                "kind": "relocation",
                "starts_on": NOW.date(),
                "ends_on": NOW.date() - DAY,
                "responsible": "x",
            },
            now=NOW,
        )
    assert "ends_on" in exc.value.message_dict


DEATH = {
    "died_on": NOW.date() - 3 * DAY,
    "place": "inside the compound",
    "reported_cause": "heart failure, said the leadership",
    "cause_reported_by": "the group's elder",
    "post_mortem": "refused",
    "post_mortem_by": "the group",
    "post_mortem_reason": "religious reasons, the group said",
}


def test_a_burial_before_post_mortem_raises_a_critical_alert_to_supervisors_and_police(
    world, person, police
):
    world.supervisor.email = "sup@example.org"
    world.supervisor.save()
    police.email = "police@example.org"
    police.save()
    death = death_record(actor=world.caseworker, person=person, fields=dict(DEATH), now=NOW)
    assert not Alert.objects.filter(kind=kinds.BURIAL_BEFORE_POST_MORTEM).exists()
    death = death_update(
        actor=world.caseworker, death=death, fields={"buried_on": NOW.date() - DAY}, now=NOW
    )
    alert = Alert.objects.get(kind=kinds.BURIAL_BEFORE_POST_MORTEM)
    assert alert.severity == "critical" and alert.person_id == person.pk
    assert PersonShare.objects.filter(
        person=person, agency=police.agency, revoked_at__isnull=True
    ).exists()
    assert alert in alert_list(user=police)
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("alerts", "--notify", stdout=out)
        first = len(mail.outbox)
        call_command("alerts", "--notify", stdout=io.StringIO())
    recipients = {r for m in mail.outbox for r in m.to}
    assert {"sup@example.org", "police@example.org"} <= recipients
    assert len(mail.outbox) == first  # the second run sent nothing
    # nothing else of the person's is removed; they are marked deceased
    person.refresh_from_db()
    assert person.death == death and person.status == "open"


def test_a_death_closes_only_when_explained(world, person):
    death = death_record(actor=world.caseworker, person=person, fields=dict(DEATH), now=NOW)
    with pytest.raises(ValidationError) as exc:
        death_close(actor=world.caseworker, death=death, now=NOW)
    assert {"post_mortem", "investigation_outcome"} <= set(exc.value.message_dict)
    death_update(
        actor=world.caseworker,
        death=death,
        fields={"post_mortem": "impossible", "post_mortem_reason": ""},
        now=NOW,
    )
    with pytest.raises(ValidationError) as exc:
        death_close(actor=world.caseworker, death=death, now=NOW)
    assert "post_mortem_reason" in exc.value.message_dict
    death_update(
        actor=world.caseworker,
        death=death,
        fields={
            "post_mortem": "performed",
            "post_mortem_on": NOW.date() - DAY,
            "post_mortem_reason": "",
            "post_mortem_result": "",
        },
        now=NOW,
    )
    with pytest.raises(ValidationError) as exc:
        death_close(actor=world.caseworker, death=death, now=NOW)
    assert "post_mortem_result" in exc.value.message_dict
    death_update(
        actor=world.caseworker,
        death=death,
        fields={"post_mortem_result": "blunt trauma"},
        now=NOW,
    )
    with pytest.raises(ValidationError) as exc:
        death_close(actor=world.caseworker, death=death, now=NOW)
    assert set(exc.value.message_dict) == {"investigation_outcome"}
    death_update(
        actor=world.caseworker,
        death=death,
        fields={"investigation_outcome": "charges brought against two elders"},
        now=NOW,
    )
    death = death_close(actor=world.caseworker, death=death, now=NOW)
    assert death.status == "closed"
    with pytest.raises(ValidationError):
        death_update(actor=world.caseworker, death=death, fields={"place": "x"}, now=NOW)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"buried_on": "2025-05-01"}, "buried_on"),  # before the death
        ({"died_on": "2999-01-01"}, "died_on"),
        ({"post_mortem": "maybe"}, "post_mortem"),
        ({"post_mortem_result": "x"}, "post_mortem_result"),  # none performed
        ({"person": "00000000-0000-0000-0000-000000000000"}, "person"),
    ],
)
def test_bad_death_input_is_400_and_writes_nothing(world, person, as_user, body, field):
    before = AuditEntry.objects.exclude(action="read").count()
    data = {
        "person": str(person.pk),
        "died_on": "2025-05-20",
        "place": "compound",
        "reported_cause": "fever",
        "post_mortem": "requested",
        **body,
    }
    response = as_user(world.caseworker).post("/api/v1/safety/deaths/", data, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Death.objects.exists()
    assert AuditEntry.objects.exclude(action="read").count() == before


def test_a_death_stops_the_schedule(world, person):
    _high(world, person)
    death_record(actor=world.caseworker, person=person, fields=dict(DEATH), now=NOW)
    alerts_evaluate(now=NOW + 30 * DAY)
    assert not _overdue(person).exists()


def test_assessment_review_on_in_the_past_is_refused(world, person):
    with pytest.raises(ValidationError) as exc:
        assessment_create(
            actor=world.caseworker, person=person, fields={"review_on": NOW.date() - DAY}, now=NOW
        )
    assert "review_on" in exc.value.message_dict
