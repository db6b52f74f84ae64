"""Backups that restore whole: a copy of the database and a manifest to check it against.

``backup_create`` writes, into an empty directory, the database (SQLite: an online copy
through SQLite's backup API; PostgreSQL: ``pg_dump -Fc``) and ``manifest.json``: the row
count of every table and the audit chain's head, both read from the same snapshot as the
copy, and the copy's SHA-256. ``backup_restore`` refuses a database that holds data
(unless forced), restores, recounts every table and verifies the audit chain against the
manifest's head. The secrets (``HAVEN_FIELD_KEYS``, ``HAVEN_AUDIT_KEY``) are never in a
backup: see docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone

from haven.audit.services import GENESIS, audit_log, audit_verify, chain_head

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_FILE = "haven.sqlite3"
PG_FILE = "haven.pgdump"
# Tables that `haven migrate` fills by itself: rows there do not make a database "in use".
BOOKKEEPING = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """A backup or restore that cannot go ahead, or whose result does not check out."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    audit_entries: int
    head: str
    mismatches: dict[str, tuple[int, int | None]] = field(default_factory=dict)


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _counts(cursor: Any, tables: list[str]) -> dict[str, int]:
    out = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 -- table names from the catalogue
        out[table] = int(cursor.fetchone()[0])
    return out


def _head(cursor: Any) -> str:
    cursor.execute("SELECT seq, mac FROM audit_auditentry ORDER BY seq DESC LIMIT 1")
    row = cursor.fetchone()
    return f"{row[0]}:{row[1]}" if row else f"0:{GENESIS}"


def current_counts() -> dict[str, int]:
    """Rows per table of the configured database, now."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor, include_views=False)
        return _counts(cursor, tables)


def database_in_use() -> dict[str, int]:
    """The tables holding data (beyond what ``haven migrate`` writes), with their rows."""
    return {t: n for t, n in current_counts().items() if n and t not in BOOKKEEPING}


# --- PostgreSQL -----------------------------------------------------------------------


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = dict(os.environ)
    for var, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if s.get(key):
            env[var] = str(s[key])
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed; install PostgreSQL's client tools "
            "(apt-get install postgresql-client) of the server's major version or newer"
        )
    return path


def _run(args: list[str]) -> None:
    result = subprocess.run(  # noqa: S603 -- fixed tool, arguments built here
        args, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()}")


@contextmanager
def _pg_snapshot() -> Iterator[tuple[str, Any]]:
    """A repeatable-read transaction on its own connection, and its exported snapshot:
    pg_dump copies exactly what this transaction sees, so the counts match the copy."""
    import psycopg

    s = connection.settings_dict
    conn = psycopg.connect(
        host=s.get("HOST") or None,
        port=s.get("PORT") or None,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        dbname=s["NAME"],
    )
    try:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            row = cursor.fetchone()
            assert row is not None
            yield str(row[0]), cursor
        conn.rollback()
    finally:
        conn.close()


def _pg_backup(dest: Path) -> tuple[dict[str, int], str, str]:
    pg_dump = _pg_tool("pg_dump")
    out = dest / PG_FILE
    with _pg_snapshot() as (snapshot, cursor):
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        tables = [r[0] for r in cursor.fetchall()]
        counts = _counts(cursor, tables)
        head = _head(cursor)
        _run(
            [
                pg_dump,
                "-Fc",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "-f",
                str(out),
            ]
        )
    return counts, head, out.name


def _pg_restore(src: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    connection.close()  # hold no lock on the tables being replaced
    _run(
        [
            pg_restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            _pg_env()["PGDATABASE"],
            str(src),
        ]
    )


# --- SQLite ---------------------------------------------------------------------------


def _raw_sqlite() -> sqlite3.Connection:
    connection.ensure_connection()
    raw = connection.connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _sqlite_backup(dest: Path) -> tuple[dict[str, int], str, str]:
    out = dest / SQLITE_FILE
    target = sqlite3.connect(out)
    try:
        # The backup API copies a consistent snapshot while others go on writing.
        _raw_sqlite().backup(target)
        cursor = target.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = [r[0] for r in cursor.fetchall()]
        counts = _counts(cursor, tables)
        head = _head(cursor) if "audit_auditentry" in tables else f"0:{GENESIS}"
    finally:
        target.close()
    return counts, head, out.name


def _sqlite_restore(src: Path) -> None:
    source = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
    try:
        source.backup(_raw_sqlite())
    finally:
        source.close()


# --- the two verbs --------------------------------------------------------------------


def backup_create(*, dest: Path, now: dt.datetime | None = None) -> dict[str, Any]:
    """Write the database and its manifest into ``dest`` (a new or empty directory)."""
    vendor = engine()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"{dest} exists and is not an empty directory; give a new one")
    dest.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    # The backup is itself an event: recorded first, so the copy holds its own entry.
    audit_log(
        actor=None,
        action="export",
        subject_type="database",
        note=f"backup of the whole database ({vendor})",
        at=now,
    )
    counts, head, name = (_pg_backup if vendor == "postgresql" else _sqlite_backup)(dest)
    manifest = {
        "format": FORMAT,
        "engine": vendor,
        "created_at": now.isoformat(),
        "file": name,
        "sha256": _sha256(dest / name),
        "audit_head": head,
        "tables": counts,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(src: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{src / MANIFEST} cannot be read: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{src / MANIFEST} is not a Haven backup manifest (format {FORMAT})")
    return manifest


def backup_restore(*, src: Path, force: bool = False) -> RestoreReport:
    """Restore the backup in ``src`` into the configured database, then check it."""
    manifest = read_manifest(src)
    vendor = engine()
    if manifest.get("engine") != vendor:
        raise BackupError(
            f"this backup is of a {manifest.get('engine')} database; the configured one is {vendor}"
        )
    data = src / str(manifest.get("file", ""))
    if not data.is_file():
        raise BackupError(f"{data} is missing")
    if _sha256(data) != manifest.get("sha256"):
        raise BackupError(f"{data} does not match the manifest's SHA-256 (damaged or altered)")
    in_use = database_in_use()
    if in_use and not force:
        sample = ", ".join(f"{t} ({n})" for t, n in sorted(in_use.items())[:5])
        raise BackupError(
            f"the database is not empty: {sample}; restore into an empty database, or give "
            "--force to replace everything in it"
        )
    (_pg_restore if vendor == "postgresql" else _sqlite_restore)(data)
    return backup_check(manifest)


def backup_check(manifest: dict[str, Any]) -> RestoreReport:
    """Compare the database with a manifest: every table's rows, and the audit chain."""
    expected: dict[str, int] = manifest["tables"]
    found = current_counts()
    mismatches = {t: (n, found.get(t)) for t, n in expected.items() if found.get(t) != n}
    result = audit_verify(head=manifest["audit_head"])
    head = chain_head()
    report = RestoreReport(
        tables=len(found),
        rows=sum(found.values()),
        audit_entries=result.checked,
        head=head,
        mismatches=mismatches,
    )
    if mismatches:
        listed = ", ".join(f"{t}: {a} expected, {b} found" for t, (a, b) in mismatches.items())
        raise BackupError(f"restored, but the row counts differ from the manifest: {listed}")
    if not result.ok:
        raise BackupError(f"restored, but the audit chain does not verify: {result.reason}")
    if head != manifest["audit_head"]:
        raise BackupError(
            f"restored, but the chain's head is {head}, the manifest says {manifest['audit_head']}"
        )
    return report
