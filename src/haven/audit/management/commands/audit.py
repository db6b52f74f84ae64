"""``haven audit head`` and ``haven audit verify [--head SEQ:MAC]``.

Exit codes of ``verify``: 0 the chain is intact (and holds the kept head); 1 the chain
is broken, or no longer holds the kept head; 3 the head given cannot be checked
(malformed, cut short, or a copying mistake): it says nothing about the chain.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.services import audit_verify, chain_head

EXIT_BAD_HEAD = 3


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
        if result.bad_head:
            raise CommandError(f"cannot check the head: {result.reason}", returncode=EXIT_BAD_HEAD)
        if not result.ok:
            where = f"entry #{result.broken_seq}" if result.broken_seq else "the chain"
            ident = f" (id {result.broken_id})" if result.broken_id else ""
            raise CommandError(
                f"audit chain BROKEN at {where}{ident}: {result.reason}; "
                f"{result.checked} entries checked"
            )
        self.stdout.write(f"audit chain intact: {result.checked} entries, head {result.head}")
