"""A real Haven server on PostgreSQL with a synthetic register loaded, for timing
``POST /api/v1/match/`` as a client meets it (token auth, scoping, serialisation).

Used by ``bench/scale.py`` unless ``--skip-api``: it creates the database
``haven_bench`` (dropped afterwards), migrates it, COPYs the register into the people
table, starts gunicorn with one worker, and warms its matching index with one request.
``HAVEN_BENCH_DB`` and ``HAVEN_BENCH_PORT`` choose another database name and port (default
``haven_bench``, 8765), for two benchmarks sharing one PostgreSQL or machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("HAVEN_BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("HAVEN_BENCH_DB", "haven_bench")
PORT = int(os.environ.get("HAVEN_BENCH_PORT", "8765"))
NAMESPACE = uuid.UUID("6f1d3c7e-0000-4000-8000-000000000b3c")

SETUP = """
from haven.accounts.models import Agency, User
from django.utils import timezone
from haven.accounts.tokens import token_issue
agency = Agency.objects.create(name="Bench Agency", kind="ngo")
user = User.objects.create_user("bench", password=None, role="caseworker", agency=agency)
print(agency.pk, token_issue(user=user, now=timezone.now(), proved=True)[1])
"""

COLUMNS = (
    "id",
    "given_name",
    "family_name",
    "other_names",
    "sex",
    "birth_precision",
    "birth_date",
    "birth_year",
    "birth_year_max",
    "place_of_origin",
    "nationalities",
    "languages",
    "group_status",
    "current_site",
    "address",
    "phone",
    "risk_level",
    "vulnerabilities",
    "agency_id",
    "status",
    "closed_reason",
    "search_text",
    "created_at",
    "updated_at",
    "birth_as_written",
)


def person_id(row_id: str) -> str:
    """The register row's person UUID, so API answers can be checked against the truth."""
    return str(uuid.uuid5(NAMESPACE, row_id))


def _env(database_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "HAVEN_SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "HAVEN_FIELD_KEYS": Fernet.generate_key().decode(),
            "HAVEN_AUDIT_KEY": "bench-" + uuid.uuid4().hex,
            "HAVEN_REQUIRE_2FA": "false",
            "HAVEN_SSL_REDIRECT": "0",  # plain HTTP on loopback
            "HAVEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HAVEN_VAR_DIR": "/tmp/haven-bench-var",
            "HAVEN_DB_CONN_MAX_AGE": "600",
            "DJANGO_SETTINGS_MODULE": "haven.settings",
        }
    )
    Path(env["HAVEN_VAR_DIR"], "static").mkdir(parents=True, exist_ok=True)
    return env


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _copy(database_url: str, rows: Sequence[Any], agency_id: str) -> None:
    import psycopg

    now = dt.datetime.now(dt.UTC)
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY people_person ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for r in rows:
                precision = (
                    "date"
                    if r.birth_date
                    else "range"
                    if r.birth_year and r.birth_year_max
                    else "year"
                    if r.birth_year
                    else "unknown"
                )
                others = json.dumps(
                    [
                        {
                            "name": n,
                            "script": "Arab"
                            if any("\u0600" <= c <= "\u06ff" for c in n)
                            else "Latn",
                        }
                        for n in r.other_names
                    ],
                    ensure_ascii=False,
                )
                copy.write_row(
                    (
                        person_id(r.id),
                        r.given_name,
                        r.family_name,
                        others,
                        r.sex or "unknown",
                        precision,
                        r.birth_date,
                        r.birth_year or (r.birth_date.year if r.birth_date else None),
                        r.birth_year_max,
                        r.place_of_origin,
                        "[]",
                        "[]",
                        "unknown",
                        "",
                        "",
                        "",
                        "unassessed",
                        "",
                        agency_id,
                        "open",
                        "",
                        "",
                        now,
                        now,
                        "",
                    )
                )
        conn.commit()
        cur.execute("ANALYZE people_person")


def _post(url: str, token: str, body: dict[str, Any], timeout: float) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


@contextlib.contextmanager
def running_api(rows: Sequence[Any], port: int = PORT) -> Iterator[tuple[str, str]]:
    """Yield (url, "Token …") of a warmed-up server holding ``rows``; clean up after."""
    database_url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    env = _env(database_url)
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _admin(f"CREATE DATABASE {DB_NAME}")
    server = None
    try:
        started = time.perf_counter()
        subprocess.run([str(BIN / "haven"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        out = subprocess.run(
            [str(BIN / "haven"), "shell", "-c", SETUP],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.split()
        agency_id, token = out[-2], out[-1]
        _copy(database_url, rows, agency_id)
        print(
            f"  api: {len(rows):,} people loaded into PostgreSQL in "
            f"{time.perf_counter() - started:.0f} s",
            flush=True,
        )
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "haven.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "1200",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        url = f"http://127.0.0.1:{port}/api/v1/match/"
        started = time.perf_counter()
        for _ in range(60):
            try:
                status = _post(url, token, {"given_name": "warm up"}, timeout=1200)
                break
            except OSError:
                time.sleep(1)
        else:
            raise RuntimeError("the API server did not start")
        if status != 200:
            raise RuntimeError(f"warm-up request answered HTTP {status}")
        print(
            f"  api: server up, index warmed in {time.perf_counter() - started:.0f} s", flush=True
        )
        yield url, f"Token {token}"
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with contextlib.suppress(Exception):
            _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
