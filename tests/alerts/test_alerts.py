"""The alerts list: raised once by key, never cleared by itself, notified once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from haven.alerts import rules
from haven.alerts.kinds import alert_kind
from haven.alerts.models import Alert
from haven.alerts.notify import alert_recipients, alerts_notify
from haven.alerts.rules import alert_rule, alerts_evaluate
from haven.alerts.selectors import alert_list
from haven.alerts.services import (
    AlertSpec,
    alert_acknowledge,
    alert_assign,
    alert_raise,
    alert_resolve,
)
from haven.audit.models import AuditEntry
from haven.people.services import person_create

NOW = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)
alert_kind("test_deadline", "Test deadline passed")
alert_kind("test_police", "Test danger", reaches_police=True)


@pytest.fixture
def person(world):
    return person_create(actor=world.supervisor, fields={"given_name": "Alerted"})


def _raise(person, key="test:1", **kw):
    kw.setdefault("kind", "test_deadline")
    kw.setdefault("severity", "warning")
    return alert_raise(key=key, agency=person.agency, person=person, now=NOW, **kw)


def test_raising_the_same_key_twice_is_a_no_op(world, person):
    first = _raise(person)
    again = _raise(person, severity="critical")
    assert first.raised_now and not again.raised_now
    assert again.pk == first.pk and again.severity == "warning"
    assert Alert.objects.count() == 1
    assert AuditEntry.objects.filter(subject_type="alert").count() == 1


def test_a_resolved_alert_is_not_raised_again(world, person):
    alert = _raise(person)
    alert_resolve(actor=world.caseworker, alert=alert, note="called her")
    assert not _raise(person).raised_now
    assert Alert.objects.get().resolved_at is not None


def test_an_acknowledged_alert_stays_until_resolved(world, person):
    alert = _raise(person)
    alert_acknowledge(actor=world.caseworker, alert=alert, now=NOW)
    listed = alert_list(user=world.caseworker)
    assert [a.pk for a in listed] == [alert.pk]
    assert listed[0].state == "acknowledged"
    with pytest.raises(ValidationError):
        alert_acknowledge(actor=world.caseworker, alert=alert)
    with pytest.raises(ValidationError) as exc:
        alert_resolve(actor=world.caseworker, alert=alert, note="  ")
    assert "note" in exc.value.message_dict
    alert_resolve(actor=world.caseworker, alert=alert, note="visited; safe")
    assert not alert_list(user=world.caseworker).exists()
    assert alert_list(user=world.caseworker, filters={"state": "resolved"}).count() == 1


def test_the_audit_log_keeps_no_safety_value(world, person):
    alert = _raise(person, kind="test_police", severity="critical")
    alert_resolve(actor=world.caseworker, alert=alert, note="secret-note-marker")
    for entry in AuditEntry.objects.filter(subject_type="alert"):
        text = str(entry.changes) + entry.note
        assert "test_police" not in text and "critical" not in text
        assert "secret-note-marker" not in text
    raised = AuditEntry.objects.filter(subject_type="alert", action="create").get()
    assert raised.changes["person"] == {"class": "ref", "old": None, "new": str(person.pk)}
    assert raised.changes["kind"] == {"class": "safety"}


def test_the_note_is_encrypted_at_rest(world, person):
    from django.db import connection

    alert = _raise(person)
    alert_resolve(actor=world.caseworker, alert=alert, note="secret-note-marker")
    with connection.cursor() as cursor:
        cursor.execute("SELECT resolution_note FROM alerts_alert")
        (stored,) = cursor.fetchone()
    assert "secret-note-marker" not in stored


def test_outsiders_cannot_act(world, person):
    alert = _raise(person)
    for user in (world.other_caseworker, world.inspector, world.health):
        assert not alert_list(user=user).exists()
        with pytest.raises(PermissionDenied):
            alert_acknowledge(actor=user, alert=alert)
        with pytest.raises(PermissionDenied):
            alert_resolve(actor=user, alert=alert, note="x")


def test_owners(world, person):
    alert = _raise(person)
    alert_assign(actor=world.caseworker, alert=alert, owner=world.caseworker)
    with pytest.raises(PermissionDenied):  # only a supervisor gives it to someone else
        alert_assign(actor=world.caseworker, alert=alert, owner=world.supervisor)
    alert = alert_assign(actor=world.supervisor, alert=alert, owner=world.police_liaison)
    assert alert.owner == world.police_liaison
    with pytest.raises(ValidationError):  # cannot see it
        alert_assign(actor=world.supervisor, alert=alert, owner=world.inspector)
    assert alert_list(user=world.police_liaison, filters={"mine": True}).count() == 1


@pytest.fixture
def deadline_rule(world, person):
    """A rule due at a fixed moment, registered for one test only."""
    due = NOW + dt.timedelta(days=2)

    def rule(now):
        if now > due:
            yield AlertSpec(
                kind="test_deadline",
                severity="warning",
                key=f"test_deadline:{person.pk}:{due.date()}",
                agency=person.agency,
                person=person,
                facts={"due": due.date().isoformat()},
            )

    alert_rule("test_deadline")(rule)
    yield due
    rules.RULES.pop("test_deadline")


def test_a_rule_raises_at_the_right_moment_and_not_before(world, deadline_rule):
    assert alerts_evaluate(now=deadline_rule - dt.timedelta(minutes=1)) == []
    assert not alert_list(user=world.caseworker).exists()
    raised = alerts_evaluate(now=deadline_rule + dt.timedelta(minutes=1))
    assert len(raised) == 1
    assert alerts_evaluate(now=deadline_rule + dt.timedelta(days=5)) == []  # once
    assert alert_list(user=world.caseworker).count() == 1


def test_notified_once_to_those_who_can_see_it(world, person):
    for user in world.users.values():
        user.email = f"{user.username}@example.org"
        user.save()
    alert = _raise(person, kind="test_police", severity="critical")
    names = {u.username for u in alert_recipients(alert)}
    assert names == {"supervisor", "police_liaison"}  # all roles are North's in tests
    assert alerts_notify(now=NOW) == 1
    assert alerts_notify(now=NOW) == 0
    assert sorted(m.to[0] for m in mail.outbox) == [
        "police_liaison@example.org",
        "supervisor@example.org",
    ]
    assert "Alerted" not in mail.outbox[0].body  # no name, no detail: only a link
    assert f"/alerts/{alert.pk}/" in mail.outbox[0].body
    assert Alert.objects.get().notified_at == NOW


def test_haven_alerts_notify_twice_sends_once(world, person, deadline_rule):
    world.supervisor.email = "supervisor@example.org"
    world.supervisor.save()
    at = (deadline_rule + dt.timedelta(hours=1)).isoformat()
    out = io.StringIO()
    call_command("alerts", "--notify", f"--at={at}", stdout=out)
    assert "1 open alert(s), 1 new" in out.getvalue()
    assert "1 alert(s) notified" in out.getvalue()
    out = io.StringIO()
    call_command("alerts", "--notify", f"--at={at}", stdout=out)
    assert "0 alert(s) notified" in out.getvalue()
    assert len(mail.outbox) == 1


def test_haven_alerts_prints_by_owner(world, person):
    alert = _raise(person)
    alert_assign(actor=world.caseworker, alert=alert, owner=world.caseworker)
    _raise(person, key="test:2")
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("alerts", stdout=out)
    text = out.getvalue()
    assert "caseworker: 1" in text and "(no owner): 1" in text
    assert "Alerted" not in text  # no names on a cron mail


def test_haven_alerts_bad_time_is_one_clear_error(db):
    with pytest.raises(CommandError, match="not a date or time"):
        call_command("alerts", "--at=yesterday-ish")
