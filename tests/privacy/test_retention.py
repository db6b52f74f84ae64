"""``haven retention`` against a clock-shifted fixture: records made years ago and
recently, closed and open; a run as of today leaves 0 records past their retention and
touches nothing else. The dry run lists the same records and changes nothing."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEntry
from haven.audit.services import audit_verify
from haven.people.models import Person
from haven.people.services import person_close
from haven.privacy.hooks import discover, retention_kinds
from haven.privacy.services import retention_run
from tests.privacy.conftest import make_subject

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
OLD = dt.datetime(2015, 5, 1, 9, 0, tzinfo=dt.UTC)  # past every retention period
RECENT = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)  # within every one


def snapshot() -> dict[tuple[str, str], str]:
    rows = {}
    for model in apps.get_models():
        if model._meta.label == "audit.AuditHead":
            continue  # the chain's tip moves with every entry appended
        for row in model._default_manager.all().values():
            rows[(model._meta.label, str(row.get("id", row.get("pk"))))] = json.dumps(
                row, default=str, sort_keys=True
            )
    return rows


@pytest.fixture
def register(world: Any, settings: Any) -> dict[str, Any]:
    settings.HAVEN_RETAIN_AUDIT_ENTRY_DAYS = 3650  # so that old entries fall due too
    old = make_subject(world, when=OLD)
    recent = make_subject(world, when=RECENT)
    with time_machine.travel(OLD + dt.timedelta(days=30), tick=False):
        person_close(actor=world.supervisor, person=old.person, reason="moved abroad")
    with time_machine.travel(RECENT + dt.timedelta(days=1), tick=False):
        person_close(actor=world.supervisor, person=recent.person, reason="moved abroad")
    return {"old": old, "recent": recent}


def test_every_module_with_personal_data_declares_its_kinds() -> None:
    names = {m.__name__ for m in discover()}
    assert {"haven.people.privacy", "haven.interviews.privacy", "haven.alerts.privacy",
            "haven.audit.privacy"} <= names  # fmt: skip
    kinds = {spec["kind"] for _m, spec in retention_kinds()}
    assert {"people.closed_case", "interviews.interview", "alerts.resolved", "audit.entry"} <= kinds
    for _module, spec in retention_kinds():
        assert spec["setting"].startswith("HAVEN_RETAIN_") and spec["days"] > 0


def test_dry_run_lists_and_changes_nothing(register: dict[str, Any]) -> None:
    before = snapshot()
    results = {r.kind: r for r in retention_run(now=NOW, dry_run=True)}
    assert results["people.closed_case"].ids == [str(register["old"].person.pk)]
    assert results["interviews.interview"].ids == [str(register["old"].interview.pk)]
    assert results["alerts.resolved"].ids == [str(register["old"].alert.pk)]
    assert results["audit.entry"].found > 0
    assert snapshot() == before


def test_nothing_is_left_past_retention_and_nothing_else_is_touched(
    register: dict[str, Any],
) -> None:
    due = {r.kind: set(r.ids) for r in retention_run(now=NOW, dry_run=True)}
    before = snapshot()
    entries_before = AuditEntry.objects.count()

    results = retention_run(now=NOW)

    assert {r.kind: r.anonymised for r in results} == {k: len(v) for k, v in due.items()}
    for module in discover():
        for spec in module.RETENTION:
            assert module.expired(spec["kind"], now=NOW).count() == 0, spec["kind"]
    after = snapshot()
    touched = {pk for ids in due.values() for pk in ids}
    # the old person's documents, shares and merges are anonymised with the case
    touched |= {str(d.pk) for d in register["old"].person.documents.all()}
    touched |= {str(s.pk) for s in register["old"].person.shares.all()}
    changed = {key for key in before if before[key] != after.get(key)}
    assert {pk for _label, pk in changed} <= touched
    assert {pk for label, pk in changed if label != "audit.AuditEntry"}  # something changed
    # only new audit entries were added, one per anonymised record
    added = AuditEntry.objects.count() - entries_before
    assert added == sum(r.anonymised for r in results if r.kind != "audit.entry")
    old = Person.objects.get(pk=register["old"].person.pk)
    assert (old.given_name, old.address, old.status) == ("", "", "closed")
    assert old.closed_at is not None  # dates and codes stay
    recent = Person.objects.get(pk=register["recent"].person.pk)
    assert recent.given_name == "Leyla-Mae" and recent.address == "7 Hidden Lane"
    assert audit_verify().ok
    # a second run finds nothing
    assert sum(r.found for r in retention_run(now=NOW)) == 0


def test_a_shorter_setting_takes_more(register: dict[str, Any], settings: Any) -> None:
    settings.HAVEN_RETAIN_CLOSED_CASE_DAYS = 30
    found = {r.kind: r.ids for r in retention_run(now=NOW, dry_run=True)}
    assert set(found["people.closed_case"]) == {
        str(register["old"].person.pk),
        str(register["recent"].person.pk),
    }


def test_the_command(register: dict[str, Any]) -> None:
    out = io.StringIO()
    call_command("retention", "--dry-run", "--at", "2026-12-01", stdout=out)
    assert str(register["old"].person.pk) in out.getvalue()
    assert "dry run: nothing changed" in out.getvalue()
    assert Person.objects.get(pk=register["old"].person.pk).given_name == "Leyla-Mae"
    out = io.StringIO()
    call_command("retention", "--at", "2026-12-01", stdout=out)
    assert "people.closed_case (kept 3650 days): 1 past retention, anonymised 1" in out.getvalue()
    assert Person.objects.get(pk=register["old"].person.pk).given_name == ""
    with pytest.raises(CommandError, match="not a date"):
        call_command("retention", "--at", "yesterday")
