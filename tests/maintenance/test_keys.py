"""``haven keys rotate``: every encrypted value re-encrypted under the new first key, in
batches; a run killed midway leaves everything readable and resumes where it stopped."""

from __future__ import annotations

import io
import json
import signal
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEntry
from haven.maintenance.keys import encrypted_columns, keys_rotate, keys_status
from haven.people.models import Person

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


def _left(status_line: str) -> dict[str, int]:
    return {c["label"]: c["under_old_keys"] for c in json.loads(status_line)["columns"]}


def test_every_encrypted_field_is_found() -> None:
    labels = {c.label for c in encrypted_columns()}
    assert {"people.Person.address", "people.Person.phone", "people.Document.number"} <= labels
    assert "interviews.Interview.location" in labels


def test_killed_midway_then_resumed(child_db: Any) -> None:
    child_db.run("seed", "40", field_keys=OLD)
    before = json.loads(child_db.run("status", field_keys=OLD))
    assert before["readable"] and sum(_left(json.dumps(before)).values()) == 0

    proc = child_db.start("rotate", "3", field_keys=f"{NEW},{OLD}")
    assert proc.stdout is not None
    batches = 0
    for line in proc.stdout:
        if line.startswith("batch"):
            batches += 1
        if batches == 3 or line.startswith("rotated"):
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert batches == 3, proc.stderr.read() if proc.stderr else ""

    midway = json.loads(child_db.run("status", field_keys=f"{NEW},{OLD}"))
    left = sum(_left(json.dumps(midway)).values())
    assert 0 < left < 40 * 4  # some rewritten, some still under the old key
    assert midway["readable"] and midway["addresses"] == before["addresses"]
    assert all(c["unreadable"] == 0 for c in midway["columns"])

    out = child_db.run("rotate", "3", field_keys=f"{NEW},{OLD}")
    assert out.strip().endswith("rotated")
    after = json.loads(child_db.run("status", field_keys=NEW))  # the old key has gone
    assert sum(_left(json.dumps(after)).values()) == 0
    assert all(c["unreadable"] == 0 for c in after["columns"])
    assert after["readable"] and after["addresses"] == before["addresses"]


def test_rotate_and_status_commands(db: Any, settings: Any, person_factory: Any) -> None:
    settings.FIELD_KEYS = [OLD]
    person_factory(address="1 Old Road", phone="+000 1")
    settings.FIELD_KEYS = [NEW, OLD]
    with pytest.raises(CommandError, match="2 value"):
        call_command("keys", "status", stdout=io.StringIO())
    out = io.StringIO()
    call_command("keys", "rotate", "--batch-size", "1", stdout=out)
    assert "people.Person.address: 1 re-encrypted" in out.getvalue()
    out = io.StringIO()
    call_command("keys", "status", stdout=out)
    assert "every encrypted value is under the first key" in out.getvalue()
    settings.FIELD_KEYS = [NEW]
    assert Person.objects.get().address == "1 Old Road"
    notes = list(
        AuditEntry.objects.filter(subject_type="field_keys").values_list("note", flat=True)
    )
    assert any("re-encrypted 1 value(s) of people.Person.address" in n for n in notes)
    assert notes[-1].startswith("field-key rotation finished")
    assert "1 Old Road" not in json.dumps(list(AuditEntry.objects.values("changes", "note")))


def test_a_value_under_no_configured_key_is_reported(db: Any, settings: Any, person_factory: Any):
    settings.FIELD_KEYS = [OLD]
    person_factory(address="1 Old Road")
    settings.FIELD_KEYS = [NEW]
    assert sum(s.unreadable for s in keys_status()) == 1
    with pytest.raises(CommandError, match="cannot be read with any configured key"):
        call_command("keys", "status", stdout=io.StringIO())


def test_batch_size_must_be_positive(db: Any) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        call_command("keys", "rotate", "--batch-size", "0")
    with pytest.raises(ValueError):
        keys_rotate(batch_size=0)
