"""``haven keys rotate [--batch-size N]`` and ``haven keys status``.

``rotate`` re-encrypts every encrypted field under the first key of HAVEN_FIELD_KEYS, in
batches, resuming where a killed run stopped. ``status`` counts, per column, the values
still under an old key; it exits 1 while any remain (or any cannot be read at all).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.maintenance.keys import DEFAULT_BATCH, key_id, keys_rotate, keys_status


class Command(BaseCommand):
    help = "Rotate the field-encryption keys, or report what is left under an old key."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        rotate = sub.add_parser("rotate", help="re-encrypt everything under the first key")
        rotate.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH,
            help=f"values per transaction (default {DEFAULT_BATCH})",
        )
        sub.add_parser("status", help="values still under an old key, per column")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "rotate":
            if options["batch_size"] < 1:
                raise CommandError("--batch-size must be at least 1")
            done = keys_rotate(batch_size=options["batch_size"])
            for label, n in done.items():
                self.stdout.write(f"  {label}: {n} re-encrypted")
            self.stdout.write(
                f"rotation finished: every encrypted value is under key {key_id()} "
                "(the first of HAVEN_FIELD_KEYS)"
            )
            return
        old = unreadable = 0
        for s in keys_status():
            self.stdout.write(
                f"  {s.label}: {s.values} values, {s.under_first_key} under the first key, "
                f"{s.under_old_keys} under an old key, {s.unreadable} unreadable"
            )
            old += s.under_old_keys
            unreadable += s.unreadable
        if unreadable:
            raise CommandError(
                f"{unreadable} value(s) cannot be read with any configured key: put back the "
                "key that encrypted them"
            )
        if old:
            raise CommandError(f"{old} value(s) still under an old key: run `haven keys rotate`")
        self.stdout.write(
            f"every encrypted value is under the first key ({key_id()}); the other keys of "
            "HAVEN_FIELD_KEYS may go (keep them with backups made before the rotation)"
        )
