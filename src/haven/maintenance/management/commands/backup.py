"""``haven backup DEST``: copy the database and write its manifest into DEST."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.maintenance.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database into DEST (a new or empty directory): the data, and "
        "manifest.json with every table's row count and the audit chain's head. The "
        "secrets are not in it; keep them apart (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", help="a new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_create(dest=Path(options["dest"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup written to {options['dest']}: {manifest['file']} "
            f"({len(manifest['tables'])} tables, {rows} rows), audit head {manifest['audit_head']}"
        )
