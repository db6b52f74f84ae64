"""Backups that restore whole: the restore drill (demo data, backup, restore into an
empty database, identical counts and chain head), on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from haven.audit.services import audit_verify, chain_head
from haven.maintenance.backup import MANIFEST, current_counts, database_in_use
from haven.people.models import Person


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def _empty_the_database() -> None:
    call_command("flush", "--noinput", verbosity=0)
    assert not database_in_use()


def test_restore_drill(demo: Any, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    printed = _run("backup", str(dest))
    manifest = json.loads((dest / MANIFEST).read_text())
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["people_person"] == Person.objects.count() > 0
    assert manifest["audit_head"] == chain_head()  # the backup's own entry included
    assert manifest["audit_head"] in printed
    before = current_counts()
    assert {t: n for t, n in before.items() if t in manifest["tables"]} == manifest["tables"]

    _empty_the_database()
    printed = _run("restore", str(dest))

    assert "audit chain intact" in printed
    after = current_counts()
    assert {t: after[t] for t in manifest["tables"]} == manifest["tables"]
    assert chain_head() == manifest["audit_head"]
    assert audit_verify(head=manifest["audit_head"]).ok
    # encrypted fields read back with the same keys
    assert Person.objects.exclude(address="").exists()


def test_restore_refuses_a_database_in_use_unless_forced(demo: Any, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    _run("backup", str(dest))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(dest))
    printed = _run("restore", str(dest), "--force")
    assert "audit chain intact" in printed


def test_a_damaged_backup_is_refused(demo: Any, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    manifest = json.loads(_run_manifest(dest))
    data = dest / manifest["file"]
    data.write_bytes(data.read_bytes()[:-10] + b"0123456789")
    _empty_the_database()
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("restore", str(dest))


def test_a_manifest_that_disagrees_is_reported(demo: Any, tmp_path: Path) -> None:
    dest = tmp_path / "backup"
    manifest = json.loads(_run_manifest(dest))
    manifest["tables"]["people_person"] += 1
    (dest / MANIFEST).write_text(json.dumps(manifest))
    _empty_the_database()
    with pytest.raises(CommandError, match=r"people_person: .* expected"):
        call_command("restore", str(dest))


def test_backup_refuses_a_directory_in_use(db: Any, tmp_path: Path) -> None:
    (tmp_path / "x").write_text("")
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", str(tmp_path))


def test_restore_without_a_manifest_is_an_error(db: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore", str(tmp_path))


def _run_manifest(dest: Path) -> str:
    _run("backup", str(dest))
    return (dest / MANIFEST).read_text()
