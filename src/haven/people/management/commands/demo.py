"""``haven demo``: load the synthetic demo register into an empty database.

Safe to run on every start (``make run`` does): when the database already holds
users or people it changes nothing, says so and exits 0. It runs only in a local
demo (``HAVEN_DEMO=1``), because it creates well-known accounts sharing one
password. The password comes from ``HAVEN_DEMO_PASSWORD`` or is generated,
printed and saved to ``var/demo-credentials.txt`` (mode 600).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.demo.generator import (
    DEFAULT_PEOPLE,
    DEFAULT_SEED,
    PASSWORD_ENV,
    SIGN_IN_URL,
    DemoRefused,
    DemoResult,
    load_demo,
)


class Command(BaseCommand):
    help = (
        "Load synthetic demo data (agencies, one user per role, people and documents) into an "
        "empty database. Does nothing when users or people exist. Needs HAVEN_DEMO=1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--people",
            type=int,
            default=DEFAULT_PEOPLE,
            help=f"how many synthetic people (default {DEFAULT_PEOPLE})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="random seed; the same seed gives the same register",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 0:
            raise CommandError("--people must be zero or more.")
        try:
            result = load_demo(people=options["people"], seed=options["seed"])
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        if not result.loaded:
            self.stdout.write(
                f"The database already has {result.existing_users} user(s) and "
                f"{result.existing_people} person record(s); the demo loads only into an empty "
                "database. Nothing was changed."
            )
            return
        self._report(result)

    def _report(self, r: DemoResult) -> None:
        out = self.stdout.write
        ok = self.style.SUCCESS
        out(ok(f"Demo data loaded in {r.seconds:.1f} s (synthetic; no real person)."))
        out(f"  agencies:       {r.agencies}")
        out(f"  users:          {len(r.users)}")
        shared = f"{r.closed} closed, {r.shares} shared with another agency"
        out(f"  people:         {r.people} ({shared})")
        for label, key in (
            ("group status", "group_status"),
            ("birth known as", "birth_precision"),
            ("documents", "document_status"),
        ):
            parts = ", ".join(f"{k} {v}" for k, v in sorted(r.counts.get(key, Counter()).items()))
            extra = f"{r.documents} — " if key == "document_status" else ""
            out(f"  {label + ':':<16}{extra}{parts}")
        held = r.counts.get("held_by_other", Counter()).get("True", 0)
        soon = r.counts.get("expiring_soon", Counter()).get("True", 0)
        out(f"  documents held by the group, an employer or an authority: {held}")
        out(f"  valid documents expiring within 60 days: {soon}")
        for module, counts in r.modules.items():
            parts = ", ".join(f"{k} {v}" for k, v in counts.items())
            out(f"  {module + ':':<16}{parts}")
        out("")
        out(ok(f"Sign in at {SIGN_IN_URL} as one of:"))
        for u in r.users:
            out(f"  {u.username:<18} {u.role:<16} {u.agency.name if u.agency else '-'}")
        if r.password_from_env:
            out(f"Password: the value of {PASSWORD_ENV}.")
        else:
            out(f"Password (every account): {r.password}")
            out(f"Saved to {r.credentials_path} (readable by you only).")
