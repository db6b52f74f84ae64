"""``make fuzz``: Schemathesis against /api/schema/, as several roles, every phase.

    .venv/bin/python scripts/fuzz.py                         # 3 seeds
    .venv/bin/python scripts/fuzz.py --seeds 1 --examples 3  # a quick look

Loads the demo into a fresh SQLite database under ``var/fuzz/`` (ignored by git, like
everything this writes: Schemathesis' and Hypothesis' caches and the reports), serves
it with gunicorn on loopback, and for each seed and each role runs ``schemathesis run``
over every operation of the OpenAPI schema, positive and negative data, through every
phase (examples, coverage, fuzzing, stateful), checking that no response is a server
error and every response matches the schema and its content type. Prints the cases
run per seed and role and every failure; exits 1 on any failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "var" / "fuzz"
PORT = int(os.environ.get("HAVEN_FUZZ_PORT", "8151"))
ROLES = ("caseworker", "supervisor", "enquiry_desk", "police_liaison", "health", "auditor")
# the roles a run fuzzes by default: the register's writer, the supervisor (merges,
# erasure), the enquiry desk (no register) and the police liaison (identity and safety only)
DEFAULT_ROLES = "supervisor,caseworker,enquiry_desk,police_liaison"
SEEDS = (1, 2, 3)
CHECKS = "not_a_server_error,response_schema_conformance,content_type_conformance"
PHASES = "examples,coverage,fuzzing,stateful"
TOKENS = f"""
from haven.accounts.models import User
from django.utils import timezone
from haven.accounts.tokens import token_issue
for role in {ROLES!r}:
    user = User.objects.filter(role=role, is_active=True).order_by("pk").first()
    print("TOKEN", role, token_issue(user=user, now=timezone.now(), proved=True)[1])
"""


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("HAVEN_")}
    out.update(
        DATABASE_URL=f"sqlite:///{OUT / 'haven.sqlite3'}",
        HAVEN_DEMO="1",
        HAVEN_VAR_DIR=str(OUT / "var"),
        HAVEN_REQUIRE_2FA="false",
        HAVEN_SSL_REDIRECT="0",  # plain HTTP on loopback
        HAVEN_ALLOWED_HOSTS="127.0.0.1,localhost",
        HAVEN_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="haven.settings",
    )
    return out


def prepare(people: int) -> dict[str, str]:
    shutil.rmtree(OUT / "var", ignore_errors=True)
    (OUT / "haven.sqlite3").unlink(missing_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    haven = str(BIN / "haven")
    subprocess.run([haven, "migrate", "--noinput", "-v0"], env=env(), check=True, cwd=OUT)
    subprocess.run(
        [haven, "demo", "--people", str(people)],
        env=env(),
        check=True,
        cwd=OUT,
        stdout=subprocess.DEVNULL,
    )
    return issue_tokens()


def issue_tokens() -> dict[str, str]:
    """Fresh tokens, one per role: a run may sign its token out (the API allows it), so
    each seed starts with new ones."""
    out = subprocess.run(
        [str(BIN / "haven"), "shell", "-c", TOKENS],
        env=env(),
        check=True,
        cwd=OUT,
        capture_output=True,
        text=True,
    ).stdout
    return {w[1]: w[2] for w in (line.split() for line in out.splitlines()) if w[:1] == ["TOKEN"]}


def serve() -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "haven.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env(),
        cwd=OUT,
        stdout=(OUT / "server.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/signin/", timeout=5).read()
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("the server did not start")


def run(role: str, token: str, seed: int, examples: int) -> tuple[int, int, str]:
    """One schemathesis run; (cases, failures, its summary)."""
    report = OUT / "reports" / f"seed{seed}-{role}"
    report.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"http://127.0.0.1:{PORT}/api/schema/",
            "-H",
            f"Authorization: Token {token}",
            "--phases",
            PHASES,
            "--checks",
            CHECKS,
            "--mode",
            "all",
            "-n",
            str(examples),
            "--seed",
            str(seed),
            "--no-color",
            "--report",
            "junit",
            "--report-dir",
            str(report),
            "--continue-on-failure",
            "--workers",
            "1",
        ],
        cwd=OUT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
    )
    text = result.stdout + result.stderr
    (report / "output.txt").write_text(text)
    cases = _number(r"Test cases:\s*\n?\s*(\d[\d,]*) generated", text)
    if cases is None:
        cases = _number(r"(\d[\d,]*) generated", text) or 0
    failures = _number(r"(\d[\d,]*) found \d+ unique failures", text)
    if failures is None:
        failures = 0 if result.returncode == 0 else 1
    return cases, failures, text


def _number(pattern: str, text: str) -> int | None:
    found = re.search(pattern, text)
    return int(found.group(1).replace(",", "")) if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=len(SEEDS), help="how many seeds (1-3)")
    parser.add_argument("--examples", type=int, default=20, help="max examples per operation")
    parser.add_argument("--people", type=int, default=60, help="demo people")
    parser.add_argument("--roles", default=DEFAULT_ROLES, help=f"of {', '.join(ROLES)}")
    args = parser.parse_args(argv)
    roles = [r for r in args.roles.split(",") if r]
    unknown = set(roles) - set(ROLES)
    if unknown:
        parser.error(f"unknown role(s): {', '.join(sorted(unknown))}")
    tokens = prepare(args.people)
    server = serve()
    summary: dict[str, dict[str, int]] = {}
    bad = 0
    try:
        for index, seed in enumerate(SEEDS[: args.seeds]):
            started, total = time.monotonic(), 0
            if index:
                tokens = issue_tokens()
            for role in roles:
                cases, failures, text = run(role, tokens[role], seed, args.examples)
                total += cases
                bad += failures
                summary[f"seed {seed} {role}"] = {"cases": cases, "failures": failures}
                print(f"seed {seed} {role:15} {cases:6} cases, {failures} failures", flush=True)
                if failures:
                    tail = (
                        text[text.find("FAILURES") :][:4000] if "FAILURES" in text else text[-4000:]
                    )
                    print(tail)
            print(f"seed {seed}: {total} cases in {time.monotonic() - started:.0f} s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    (OUT / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"fuzz: {bad} failures; reports under {OUT / 'reports'}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
