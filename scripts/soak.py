"""``make soak``: a mixed read/write load on gunicorn + PostgreSQL, then the accounts.

    .venv/bin/python scripts/soak.py                    # 30 minutes (SOAK_MINUTES)
    .venv/bin/python scripts/soak.py --minutes 5 --users 8

Creates the database ``haven_soak`` (``HAVEN_SOAK_PG_ADMIN`` names the server; dropped
afterwards unless --keep), migrates it, registers a starting register through the
API, serves it with gunicorn on loopback and drives it with Locust (as a library):
search, read a person, register, edit, record a document, and the matching API. Every
write the server acknowledged (201/200 with an id) is written down; afterwards the
database is asked for each of them, and the audit chain is verified. Prints
requests/s overall and per window (the slowest window is what the run sustained),
p50/p95, errors, writes acknowledged against writes found, the chain, and the CPU each
request cost the server, PostgreSQL and this load generator (``soak_accounts``): the
machine is shared, so requests/s alone does not compare runs. CI does not run it.
"""

from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402
import uuid  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from soak_accounts import (  # noqa: E402
    Accounts,
    Windows,
    cpu_report,
    edit_outcomes,
    print_report,
    window_line,
)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "soak"
ADMIN_URL = os.environ.get("HAVEN_SOAK_PG_ADMIN", "postgres://postgres@127.0.0.1:5432/postgres")
DB_NAME = os.environ.get("HAVEN_SOAK_DB", "haven_soak")
PORT = int(os.environ.get("HAVEN_SOAK_PORT", "8152"))
GIVEN = [
    "Nasrin",
    "Hossein",
    "Leyla",
    "Arben",
    "Drita",
    "Parisa",
    "Kamran",
    "Elira",
    "Maryam",
    "Reza",
    "Shirin",
    "Besnik",
    "Fatemeh",
    "Ali",
    "Zahra",
    "Ilir",
]
FAMILY = [
    "Rezaei",
    "Karimi",
    "Hoxha",
    "Krasniqi",
    "Tehrani",
    "Shala",
    "Moradi",
    "Ahmadi",
    "Gashi",
    "Berisha",
    "Hosseini",
    "Kelmendi",
    "رضایی",
    "کریمی",
]
SETUP = """
from haven.accounts.models import Agency, User
from django.utils import timezone
from haven.accounts.tokens import token_issue
agency = Agency.objects.create(name="Soak Agency", kind="ngo")
user = User.objects.create_user("soak", password=None, role="caseworker", agency=agency)
print("TOKEN", token_issue(user=user, now=timezone.now(), proved=True)[1])
"""
CHECK = """
import json, os
from haven.people.models import Document, Person
from haven.audit.services import audit_verify
ids = json.load(open(os.environ["SOAK_IDS"]))
people = set(str(p) for p in Person.objects.filter(pk__in=ids["people"]).values_list("pk", flat=True))
docs = set(str(d) for d in Document.objects.filter(pk__in=ids["documents"]).values_list("pk", flat=True))
# an edited person holds the last value acknowledged for them, or one of an edit not
# known to be overtaken by it (edits of one person overlap; see edit_outcomes)
acked = {pid: set(places) for pid, places in ids["outcomes"].items()}
held = dict(Person.objects.filter(pk__in=list(acked)).values_list("pk", "place_of_origin"))
edits = sum(1 for pk, place in held.items() if place in acked[str(pk)])
r = audit_verify()
print("RESULT", json.dumps({"people_found": len(people), "documents_found": len(docs),
      "edited_people": len(acked), "edits_found": edits,
      "chain_ok": r.ok, "entries": r.checked, "reason": r.reason}))
"""

ACKED: dict[str, list[str]] = {"people": [], "documents": [], "edited": []}
KNOWN: list[str] = []
EDITS: list[list[Any]] = []  # every edit sent: person, value, sent at, acknowledged at


def env_for(database_url: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    env.update(
        DATABASE_URL=database_url,
        HAVEN_SECRET_KEY="soak-" + uuid.uuid4().hex,
        HAVEN_FIELD_KEYS=Fernet.generate_key().decode(),
        HAVEN_AUDIT_KEY="soak-" + uuid.uuid4().hex,
        HAVEN_REQUIRE_2FA="false",
        HAVEN_SSL_REDIRECT="0",  # plain HTTP on loopback
        HAVEN_ALLOWED_HOSTS="127.0.0.1,localhost",
        HAVEN_VAR_DIR=str(OUT / "var"),
        HAVEN_DB_CONN_MAX_AGE="600",
        HAVEN_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="haven.settings",
    )
    Path(env["HAVEN_VAR_DIR"], "static").mkdir(parents=True, exist_ok=True)
    return env


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def person_body(rng: random.Random) -> dict[str, Any]:
    return {
        "given_name": rng.choice(GIVEN),
        "family_name": rng.choice(FAMILY),
        "sex": rng.choice(["female", "male", "unknown"]),
        "birth_precision": "year",
        "birth_year": rng.randint(1950, 2012),
        "address": f"{rng.randint(1, 999)} Soak Street",
        "duplicate_reason": "soak test: synthetic person",
    }


class Clerk(HttpUser):
    """A caseworker at work: mostly reading and searching, sometimes writing."""

    THINK = (0.05, 0.3)  # seconds between one user's requests
    wait_time = between(*THINK)
    token = ""

    def on_start(self) -> None:
        self.client.headers.update({"Authorization": f"Token {Clerk.token}"})
        self.rng = random.Random()

    def _person(self) -> str | None:
        return self.rng.choice(KNOWN) if KNOWN else None

    @task(6)
    def search(self) -> None:
        name = self.rng.choice(FAMILY + GIVEN)
        self.client.get("/api/v1/people/", params={"search": name}, name="search")

    @task(2)
    def filtered_list(self) -> None:
        self.client.get(
            "/api/v1/people/", params={"status": "open", "group_status": "unknown"}, name="list"
        )

    @task(5)
    def read(self) -> None:
        if pid := self._person():
            self.client.get(f"/api/v1/people/{pid}/", name="read")

    @task(2)
    def register(self) -> None:
        with self.client.post(
            "/api/v1/people/", json=person_body(self.rng), name="register", catch_response=True
        ) as r:
            if r.status_code == 201:
                pid = r.json()["id"]
                ACKED["people"].append(pid)
                KNOWN.append(pid)

    @task(2)
    def edit(self) -> None:
        if pid := self._person():
            place = f"Soak {self.rng.randint(1, 10_000)}"
            sent = [pid, place, time.monotonic(), None]  # acknowledged at [3]
            EDITS.append(sent)
            with self.client.patch(
                f"/api/v1/people/{pid}/",
                json={"place_of_origin": place},
                name="edit",
                catch_response=True,
            ) as r:
                if r.status_code == 200:
                    sent[3] = time.monotonic()
                    ACKED["edited"].append([pid, place])

    @task(2)
    def document(self) -> None:
        if pid := self._person():
            body = {
                "kind": "passport",
                "status": "applied",
                "number": f"S{self.rng.randint(1, 10**8)}",
            }
            with self.client.post(
                f"/api/v1/people/{pid}/documents/", json=body, name="document", catch_response=True
            ) as r:
                if r.status_code == 201:
                    ACKED["documents"].append(r.json()["id"])

    @task(1)
    def match(self) -> None:
        body = {"given_name": self.rng.choice(GIVEN), "family_name": self.rng.choice(FAMILY)}
        self.client.post("/api/v1/match/", json=body, name="match")


def seed_register(base: str, token: str, n: int) -> None:
    rng = random.Random(5)
    for _ in range(n):
        request = urllib.request.Request(
            f"{base}/api/v1/people/",
            data=json.dumps(person_body(rng)).encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        )
        with urllib.request.urlopen(request, timeout=300) as r:
            KNOWN.append(json.loads(r.read())["id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("SOAK_MINUTES", 30)))
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--people", type=int, default=300, help="register seeded first")
    parser.add_argument(
        "--window", type=float, default=0, help="seconds per window (5 min; 1 min under 10)"
    )
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    database_url = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
    env = env_for(database_url)
    admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin(f"CREATE DATABASE {DB_NAME}")
    haven = str(BIN / "haven")
    server = None
    try:
        subprocess.run([haven, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        out = subprocess.run(
            [haven, "shell", "-c", SETUP],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        Clerk.token = next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "haven.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(120):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/signin/", timeout=5).read()
                break
            time.sleep(0.5)
        seed_register(base, Clerk.token, args.people)
        print(
            f"soak: {args.people} people registered; {args.users} users "
            f"(think time {Clerk.THINK[0]}-{Clerk.THINK[1]} s) for {args.minutes:g} minutes "
            f"on {args.workers} gunicorn workers x {args.threads} threads; "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        environment = Environment(user_classes=[Clerk], host=base)
        runner = environment.create_local_runner()
        accounts = Accounts(server.pid, ADMIN_URL, DB_NAME)
        runner.start(args.users, spawn_rate=args.users)
        started = time.time()
        accounts.sample(first=True)
        windows = Windows(args.window or (300 if args.minutes >= 10 else 60), started)
        end = started + args.minutes * 60

        def watch() -> None:
            # sample the CPU accounts every 10 s; close a window every args.window s
            next_window = started + windows.seconds
            while (now := time.time()) < end:
                gevent.sleep(min(10.0, max(0.0, min(next_window, end) - now)))
                accounts.sample()
                if time.time() >= next_window - 0.05 and time.time() < end - 1:
                    print(window_line(windows.close(environment.stats.total, time.time())))
                    next_window += windows.seconds
            accounts.sample()
            runner.quit()

        gevent.spawn(watch)
        runner.greenlet.join()
        stopped = time.time()
        print(window_line(windows.close(environment.stats.total, stopped)), flush=True)
        stats = environment.stats.total
        totals = accounts.totals()
        ids = OUT / "acknowledged.json"
        ids.write_text(json.dumps({**ACKED, "outcomes": edit_outcomes(EDITS)}))
        check = subprocess.run(
            [haven, "shell", "-c", CHECK],
            env={**env, "SOAK_IDS": str(ids)},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        found = json.loads(
            next(
                (line[7:] for line in check.stdout.splitlines() if line.startswith("RESULT ")),
                '{"chain_ok": false, "reason": "the check did not run"}',
            )
        )
        if check.returncode:
            print(check.stderr[-2000:])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        if not args.keep:
            with contextlib.suppress(Exception):
                admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    seconds = max(1.0, stopped - started)
    acked = {"people": len(ACKED["people"]), "documents": len(ACKED["documents"])}
    acked["edited_people"] = found.get("edited_people") or len({p for p, _ in ACKED["edited"]})
    lost = (
        (acked["people"] - (found.get("people_found") or 0))
        + (acked["documents"] - (found.get("documents_found") or 0))
        + (acked["edited_people"] - (found.get("edits_found") or 0))
    )
    result = {
        "minutes": args.minutes,
        "users": args.users,
        "workers": args.workers,
        "threads": args.threads,
        "requests": stats.num_requests,
        "requests_per_s": round(stats.num_requests / seconds, 1),
        "sustained_requests_per_s": windows.sustained(),
        "p50_ms": stats.get_response_time_percentile(0.5),
        "p95_ms": stats.get_response_time_percentile(0.95),
        "errors": stats.num_failures,
        "writes_acknowledged": acked | {"edits": len(ACKED["edited"])},
        "writes_found": {
            "people": found.get("people_found"),
            "documents": found.get("documents_found"),
            "edited_people": found.get("edits_found"),
        },
        "lost_writes": lost,
        "chain_verified": found.get("chain_ok"),
        "audit_entries": found.get("entries"),
        "windows": windows.rows,
        "cpu": cpu_report(totals, stats.num_requests),
        "load_average": {"start": round(accounts.load0[0], 2), "end": round(os.getloadavg()[0], 2)},
    }
    print_report(result, environment.stats)
    (OUT / "result.json").write_text(json.dumps(result, indent=2))
    ok = stats.num_failures == 0 and lost == 0 and found.get("chain_ok")
    print(
        f"soak: {'PASSED' if ok else 'FAILED'}: {result['requests_per_s']} req/s overall, "
        f"{result['sustained_requests_per_s']} req/s in the slowest window, "
        f"{stats.num_failures} errors, {lost} lost writes, chain "
        f"{'verified' if found.get('chain_ok') else 'NOT verified'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
