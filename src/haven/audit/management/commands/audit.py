"""``haven audit head`` and ``haven audit verify [--head SEQ:MAC]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.services import audit_verify, chain_head


class Command(BaseCommand):
    help = "Print the audit chain's head, or verify the chain end to end."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        sub.add_parser("head", help="print SEQ:MAC of the newest entry; keep it elsewhere")
        verify = sub.add_parser("verify", help="recompute every link of the chain")
        verify.add_argument("--head", help="a head printed earlier; checks history up to it")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "head":
            self.stdout.write(chain_head())
            return
        result = audit_verify(head=options.get("head"))
        if not result.ok:
            where = f"entry #{result.broken_seq}" if result.broken_seq else "the chain"
            ident = f" (id {result.broken_id})" if result.broken_id else ""
            raise CommandError(
                f"audit chain BROKEN at {where}{ident}: {result.reason}; "
                f"{result.checked} entries checked"
            )
        self.stdout.write(f"audit chain intact: {result.checked} entries, head {result.head}")
