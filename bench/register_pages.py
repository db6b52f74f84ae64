"""The register's pages at scale: search, a filtered list, deep pages and a person's
detail, through the API and the HTML pages, as a client meets them (gunicorn on
PostgreSQL, token and session authentication, scoping, serialisation, templates).

    .venv/bin/python bench/register_pages.py                 # 1,000,000 people
    .venv/bin/python bench/register_pages.py --people 50000  # a quick run
    .venv/bin/python bench/register_pages.py --keep          # keep the loaded database
    .venv/bin/python bench/register_pages.py --reuse         # measure it again, no reload

It creates the database ``haven_bench_pages`` (dropped afterwards), migrates it, COPYs
the synthetic register (``gen_register.py``: names in Latin and Persian script, 7%
registered twice) into the people table with their search forms, VACUUM ANALYZEs it,
starts gunicorn (one worker), warms the worker's matching index, and times each kind
of request, one at a time: a search for a family name from the register, a filtered
list, a deep page by number (``?page=1000`` to the last), a keyset page (``?after=`` a
random person of the list, where the next links deep in a list lead), and a person.
Targets (issue 12): p95 <= 150 ms for each, API and HTML. Prints a table and writes
``bench/results/register_pages.json``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.cookies
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
import gen_register

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get("HAVEN_BENCH_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = "haven_bench_pages"
PORT = int(os.environ.get("HAVEN_BENCH_PAGES_PORT", "8150"))
TARGET_MS = 150.0
PASSWORD = "bench pages password 1"
NAMESPACE = uuid.UUID("6f1d3c7e-0000-4000-8000-000000000b3d")

SECRETS = Path("/tmp/haven-bench-pages-secrets.json")  # the kept database's keys
SETUP = f"""
from haven.accounts.models import Agency, User
from django.utils import timezone
from haven.accounts.tokens import token_issue
agency = Agency.objects.create(name="Bench Agency", kind="ngo")
other = Agency.objects.create(name="Other Agency", kind="ngo")
user = User.objects.create_user("bench", password={PASSWORD!r}, role="caseworker", agency=agency)
print(agency.pk, other.pk, token_issue(user=user, now=timezone.now(), proved=True)[1])
"""

COLUMNS = (
    "id", "given_name", "family_name", "other_names", "sex", "birth_precision",
    "birth_date", "birth_year", "birth_year_max", "place_of_origin", "nationalities",
    "languages", "group_status", "current_site", "address", "phone", "risk_level",
    "vulnerabilities", "agency_id", "status", "closed_reason", "search_text",
    "created_at", "updated_at", "closed_at", "birth_as_written",
)  # fmt: skip
GROUP_STATUS = (("member", 0.4), ("former_member", 0.3), ("unknown", 0.3))


def _env(database_url: str, secrets: dict[str, str] | None = None) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update(
        {
            "DATABASE_URL": database_url,
            "HAVEN_SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "HAVEN_FIELD_KEYS": Fernet.generate_key().decode(),
            "HAVEN_AUDIT_KEY": "bench-" + uuid.uuid4().hex,
            **(secrets or {}),
            "HAVEN_REQUIRE_2FA": "false",
            "HAVEN_SSL_REDIRECT": "0",  # plain HTTP on loopback
            "HAVEN_DEBUG": "0",
            "HAVEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "HAVEN_VAR_DIR": "/tmp/haven-bench-pages-var",
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


def search_text(names: list[str]) -> str:
    """As haven.people.services.person_search_text (kept by the services)."""
    from haven.matching import normalise_name

    names = [n for n in names if n and n.strip()]
    folded = {normalise_name(n) for n in names}
    raw = {" ".join(n.casefold().split()) for n in names}
    return " | ".join(sorted((folded | raw) - {""}))


def load(database_url: str, n: int, agency: str, other: str) -> list[tuple[str, str]]:
    """COPY n people; return (id, family name) of a sample, for the requests."""
    import psycopg

    rng = random.Random(7)
    now = dt.datetime.now(dt.UTC)
    sample: list[tuple[str, str]] = []
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        with cur.copy(f"COPY people_person ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for i, r in enumerate(gen_register.iter_register(n, seed=20240601, enquiries=10)):
                precision = (
                    "date" if r.birth_date
                    else "range" if r.birth_year and r.birth_year_max
                    else "year" if r.birth_year
                    else "unknown"
                )  # fmt: skip
                others = [
                    {"name": o, "script": "Arab" if any("\u0600" <= c <= "\u06ff" for c in o)
                     else "Latn"}
                    for o in r.other_names
                ]  # fmt: skip
                pid = str(uuid.uuid5(NAMESPACE, r.id))
                closed = rng.random() < 0.2
                row_agency = other if rng.random() < 0.1 else agency
                full = " ".join(p for p in (r.given_name, r.family_name) if p)
                names = [r.given_name, r.family_name, full, *r.other_names]
                group = rng.choices([g for g, _ in GROUP_STATUS], [w for _, w in GROUP_STATUS])[0]
                copy.write_row(
                    (
                        pid, r.given_name, r.family_name, json.dumps(others, ensure_ascii=False),
                        r.sex or "unknown", precision, r.birth_date,
                        r.birth_year or (r.birth_date.year if r.birth_date else None),
                        r.birth_year_max, r.place_of_origin, "[]", "[]", group, "", "", "",
                        "unassessed", "", row_agency,
                        "closed" if closed else "open", "", search_text(names), now, now,
                        now if closed else None, "",
                    )
                )  # fmt: skip
                mine = row_agency == agency
                if mine and r.family_name and len(sample) < 5000 and rng.random() < 5000 / n * 2:
                    sample.append((pid, r.family_name))
                if (i + 1) % 200_000 == 0:
                    print(f"  loaded {i + 1:,}", flush=True)
        conn.commit()
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE people_person")
    return sample


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Client:
    """One API client (token) and one browser-like client (session cookie). Cookies are
    kept by hand: outside debug, Haven marks them secure, and this talks plain HTTP on
    loopback."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect())

    def _open(self, request: urllib.request.Request) -> tuple[int, bytes]:
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=600) as response:
                status, body, headers = int(response.status), response.read(), response.headers
        except urllib.error.HTTPError as exc:
            status, body, headers = int(exc.code), exc.read(), exc.headers
        for header in headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            for key, morsel in jar.items():
                self.cookies[key] = morsel.value
        return status, body

    def sign_in(self) -> None:
        _status, page = self._open(urllib.request.Request(f"{self.base}/signin/"))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode())
        assert token, "no CSRF token on the sign-in page"
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.group(1), "username": "bench", "password": PASSWORD}
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/signin/", data=body, headers={"Referer": f"{self.base}/signin/"}
        )
        status, _body = self._open(request)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"could not sign in to the HTML pages (HTTP {status})")

    def get(self, path: str, *, html: bool, timeout: float = 600) -> tuple[int, float, bytes]:
        started = time.perf_counter()
        if html:
            status, body = self._open(urllib.request.Request(self.base + path))
        else:
            request = urllib.request.Request(
                self.base + path, headers={"Authorization": f"Token {self.token}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    status, body = int(response.status), response.read()
            except urllib.error.HTTPError as exc:
                status, body = int(exc.code), exc.read()
        return status, (time.perf_counter() - started) * 1000, body


def _kept(database_url: str) -> tuple[int, list[tuple[str, str]]]:
    """The kept database's size and a sample of the bench user's people."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        n = conn.execute("SELECT count(*) FROM people_person").fetchone()[0]
        rows = conn.execute(
            "SELECT p.id::text, p.family_name FROM people_person p "
            "JOIN accounts_agency a ON a.id = p.agency_id "
            "WHERE a.name = 'Bench Agency' AND p.family_name <> '' "
            "ORDER BY md5(p.id::text) LIMIT 5000"
        ).fetchall()
    return int(n), [(r[0], r[1]) for r in rows]


@contextlib.contextmanager
def server(
    n: int, workers: int, keep: bool = False, reuse: bool = False
) -> Iterator[tuple[Client, list[tuple[str, str]], int]]:
    database_url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    if reuse and not SECRETS.exists():
        raise SystemExit(f"--reuse: no kept database (run with --keep first; {SECRETS})")
    kept = json.loads(SECRETS.read_text()) if reuse else {}
    env = _env(database_url, {k: v for k, v in kept.items() if k.startswith("HAVEN_")})
    keep = keep or reuse
    proc = None
    try:
        started = time.perf_counter()
        if reuse:
            subprocess.run([str(BIN / "haven"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
            n, sample = _kept(database_url)
            token = kept["token"]
            print(f"  reusing {DB_NAME}: {n:,} people", flush=True)
        else:
            _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            _admin(f"CREATE DATABASE {DB_NAME}")
            subprocess.run([str(BIN / "haven"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
            out = subprocess.run(
                [str(BIN / "haven"), "shell", "-c", SETUP],
                env=env, check=True, cwd=ROOT, capture_output=True, text=True,
            ).stdout.split()  # fmt: skip
            agency, other, token = out[-3], out[-2], out[-1]
            sample = load(database_url, n, agency, other)
            print(f"  {n:,} people loaded in {time.perf_counter() - started:.0f} s", flush=True)
            if keep:
                SECRETS.write_text(json.dumps(
                    {k: env[k] for k in ("HAVEN_SECRET_KEY", "HAVEN_FIELD_KEYS", "HAVEN_AUDIT_KEY")}
                    | {"token": token}
                ))  # fmt: skip
        proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "haven.wsgi", "--bind", f"127.0.0.1:{PORT}",
             "--workers", str(workers), "--timeout", "3600", "--log-level", "warning"],
            env=env, cwd=ROOT,
        )  # fmt: skip
        client = Client(f"http://127.0.0.1:{PORT}", token)
        for _ in range(120):
            try:
                client.get("/api/v1/people/?page_size=1", html=False)
                break
            except OSError:
                time.sleep(0.5)
        started = time.perf_counter()
        for _ in range(workers):  # the first search loads each worker's matching index
            # ~80 s for a million people on an idle machine; far longer on a busy one
            status, _ms, _body = client.get("/api/v1/people/?search=warm", html=False, timeout=3600)
            if status != 200:
                raise RuntimeError(f"warm-up search answered HTTP {status}")
        print(f"  server up, index warmed in {time.perf_counter() - started:.0f} s", flush=True)
        client.sign_in()
        yield client, sample, n
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=60)
        if not keep:
            with contextlib.suppress(Exception):
                _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        else:
            print(f"  kept the database {DB_NAME} (--reuse measures it again; keys in {SECRETS})")


def measure(client: Client, sample: list[tuple[str, str]], n: int, k: int) -> dict[str, Any]:
    rng = random.Random(11)
    pages = max(2, n * 9 // 10 // 50)  # the bench user sees ~90% (their agency's)
    deep_from = min(1000, pages // 2)
    kinds = {
        "search": lambda: "/api/v1/people/?search=" + urllib.parse.quote(rng.choice(sample)[1]),
        "filtered list": lambda: "/api/v1/people/?group_status=unknown&status=open",
        "deep page": lambda: f"/api/v1/people/?page={rng.randint(deep_from, pages)}",
        "keyset page": lambda: f"/api/v1/people/?after={rng.choice(sample)[0]}",
        "person detail": lambda: f"/api/v1/people/{rng.choice(sample)[0]}/",
    }
    html = {
        "search": lambda: "/?search=" + urllib.parse.quote(rng.choice(sample)[1]),
        "filtered list": lambda: "/?group_status=unknown&status=open",
        "deep page": lambda: f"/?page={rng.randint(deep_from, pages)}",
        "keyset page": lambda: f"/?after={rng.choice(sample)[0]}",
        "person detail": lambda: f"/people/{rng.choice(sample)[0]}/",
    }
    out: dict[str, Any] = {}
    for surface, table in (("API", kinds), ("HTML", html)):
        for name, make in table.items():
            times, errors = [], 0
            for _ in range(k):
                status, ms, _body = client.get(make(), html=surface == "HTML")
                errors += status != 200
                times.append(ms)
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            out[f"{surface} {name}"] = {
                "p50_ms": round(p50, 1),
                "p95_ms": round(p95, 1),
                "errors": errors,
                "requests": k,
                "meets_target": p95 <= TARGET_MS and errors == 0,
            }
            print(f"  {surface:4} {name:14} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                  f"errors {errors}", flush=True)  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100, help="per kind and surface")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database (to study it)")
    parser.add_argument("--reuse", action="store_true", help="measure the kept database again")
    args = parser.parse_args(argv)
    print(f"register pages: {args.people:,} people, {args.requests} requests per kind")
    with server(args.people, args.workers, args.keep, args.reuse) as (client, sample, n):
        results = measure(client, sample, n, args.requests)
    print()
    print(f"{'request':22} {'p50 ms':>8} {'p95 ms':>8}  target p95 <= {TARGET_MS:.0f} ms")
    for name, r in results.items():
        mark = "ok" if r["meets_target"] else "MISSED"
        print(f"{name:22} {r['p50_ms']:8.1f} {r['p95_ms']:8.1f}  {mark}")
    common.write_json(
        "register_pages",
        {"people": args.people, "requests": args.requests, "workers": args.workers,
         "results": results},
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
