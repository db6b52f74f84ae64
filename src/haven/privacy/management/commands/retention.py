"""``haven retention [--dry-run] [--at DATE]``: anonymise what is past its retention.

Each kind of record (docs/privacy.md) is kept for its period (``HAVEN_RETAIN_<KIND>_DAYS``);
past it, its personal data is blanked and its ids, dates and codes stay. ``--dry-run``
lists what would be anonymised and changes nothing; ``--at`` runs as of another day
(to see what next month's run will take). Run it daily from cron.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from haven.privacy.services import retention_run


class Command(BaseCommand):
    help = "Anonymise every record past its retention period (--dry-run lists them first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list, change nothing")
        parser.add_argument("--at", help="run as of this date (YYYY-MM-DD), not today")
        parser.add_argument("--list", action="store_true", help="print the ids found")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        if options["at"]:
            try:
                day = dt.date.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError(f"--at {options['at']!r} is not a date (YYYY-MM-DD)") from exc
            now = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=dt.UTC)
        dry = options["dry_run"]
        results = retention_run(now=now, dry_run=dry)
        for r in results:
            done = "would be anonymised" if dry else f"anonymised {r.anonymised}"
            self.stdout.write(f"  {r.kind} (kept {r.days} days): {r.found} past retention, {done}")
            if dry or options["list"]:
                for pk in r.ids:
                    self.stdout.write(f"    {pk}")
        total = sum(r.found for r in results)
        verb = "would be anonymised (dry run: nothing changed)" if dry else "anonymised"
        self.stdout.write(f"{total} record(s) {verb} as of {now.date().isoformat()}")
