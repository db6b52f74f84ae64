"""``haven restore SRC [--force]``: restore a backup, then check it against its manifest.

Exit 0 when every table's row count and the audit chain's head match the manifest and
the chain verifies; 1 otherwise (and when the database is not empty, unless --force).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.maintenance.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the backup in SRC into the configured (empty) database, then check every "
        "table's row count and verify the audit chain against the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("src", help="a directory written by `haven backup`")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace what a database that is not empty holds",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(src=Path(options["src"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {options['src']}: {report.tables} tables, {report.rows} rows as the "
            f"manifest says; audit chain intact ({report.audit_entries} entries), head "
            f"{report.head}"
        )
