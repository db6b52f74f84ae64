from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.db import connection

from haven.demo.generator import PASSWORD_ENV, load_demo


@pytest.fixture
def demo(transactional_db: Any, settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch):
    """The demo register, committed (a backup tool reads what is committed)."""
    settings.DEMO = True
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    monkeypatch.setenv(PASSWORD_ENV, "demo password for the drills")
    return load_demo(people=25)


ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ChildDB:
    """A database that child processes share with the test: a migrated SQLite file (the
    suite's in-memory database is the test process's alone) or, on PostgreSQL, the test
    database itself (committed data only: the test uses transactional_db)."""

    url: str
    tmp: Path

    def env(self, field_keys: str | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
        env.update(
            DJANGO_SETTINGS_MODULE="haven.settings",
            DATABASE_URL=self.url,
            HAVEN_SECRET_KEY=django_settings.SECRET_KEY,
            HAVEN_FIELD_KEYS=field_keys or ",".join(django_settings.FIELD_KEYS),
            HAVEN_AUDIT_KEY=django_settings.AUDIT_KEY,
            HAVEN_VAR_DIR=str(self.tmp / "var"),
            HAVEN_DB_CONN_MAX_AGE="0",
            PYTHONUNBUFFERED="1",
        )
        return env

    def run(self, *args: str, field_keys: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "tests.maintenance.worker", *args],
            cwd=ROOT,
            env=self.env(field_keys),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def start(self, *args: str, field_keys: str | None = None) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "tests.maintenance.worker", *args],
            cwd=ROOT,
            env=self.env(field_keys),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "haven.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update(
        DJANGO_SETTINGS_MODULE="haven.settings",
        DATABASE_URL=f"sqlite:///{path}",
        HAVEN_SECRET_KEY="x",
        HAVEN_FIELD_KEYS=Fernet.generate_key().decode(),
        HAVEN_AUDIT_KEY="x",
        HAVEN_VAR_DIR=str(path.parent / "var"),
    )
    subprocess.run(
        [sys.executable, "-m", "haven.cli", "migrate", "-v0"], env=env, cwd=ROOT, check=True
    )
    return path


@pytest.fixture
def child_db(transactional_db: Any, tmp_path: Path, request: pytest.FixtureRequest) -> ChildDB:
    if connection.vendor == "sqlite":
        target = tmp_path / "child.sqlite3"
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), target)
        return ChildDB(f"sqlite:///{target}", tmp_path)
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return ChildDB(f"postgres://{auth}@{s['HOST']}:{s['PORT'] or 5432}/{s['NAME']}", tmp_path)
