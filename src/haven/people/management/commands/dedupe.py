"""``haven dedupe``: likely duplicate records in the register, for a supervisor's review.

Merging is a supervisor's decision, made in the app or through the API; this command
only lists pairs. Listing identities of the whole register is audited as an export.
"""

from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import Agency
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.matching import dedupe
from haven.matching.explain import why
from haven.people.matching import RECORD_FIELDS, record_from_values
from haven.people.models import Person


class Command(BaseCommand):
    help = "List likely duplicate pairs of people in the register."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threshold",
            type=float,
            default=0.9,
            help="lowest match probability to list (default 0.9)",
        )
        parser.add_argument("--agency", help="only records of this agency (name)")
        parser.add_argument("--include-closed", action="store_true")
        parser.add_argument("--out", help="CSV file (default: standard output)")

    def handle(
        self,
        *args: Any,
        threshold: float,
        agency: str | None,
        include_closed: bool,
        out: str | None,
        **options: Any,
    ) -> None:
        if not 0.0 < threshold <= 1.0:
            raise CommandError("--threshold must be in (0, 1]")
        qs = Person.objects.filter(merged_into__isnull=True)
        if agency:
            found = Agency.objects.filter(name=agency).first()
            if found is None:
                names = ", ".join(Agency.objects.values_list("name", flat=True))
                raise CommandError(f"no agency named {agency!r}; agencies: {names}")
            qs = qs.filter(agency=found)
        if not include_closed:
            qs = qs.filter(status=Person.Status.OPEN)
        rows = list(qs.values(*RECORD_FIELDS, "agency__name"))
        by_id = {str(r["id"]): r for r in rows}
        pairs = dedupe([record_from_values(r) for r in rows], threshold=threshold)
        audit_log(
            actor=None,
            action=AuditEntry.Action.EXPORT,
            subject_type="register",
            note=f"haven dedupe: {len(pairs)} pairs at p >= {threshold}"
            + (f" in {agency}" if agency else ""),
        )
        fh: Any = open(out, "w", newline="", encoding="utf-8") if out else self.stdout  # noqa: SIM115
        try:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(
                ["left_id", "left_name", "right_id", "right_name", "probability", "agencies", "why"]
            )
            for p in pairs:
                left, right = by_id[p.left_id], by_id[p.right_id]
                writer.writerow(
                    [
                        p.left_id,
                        f"{left['given_name']} {left['family_name']}".strip(),
                        p.right_id,
                        f"{right['given_name']} {right['family_name']}".strip(),
                        f"{p.probability:.4f}",
                        " / ".join(sorted({left["agency__name"], right["agency__name"]})),
                        why(p.explanation),
                    ]
                )
        finally:
            if out:
                fh.close()
        self.stderr.write(f"{len(pairs)} likely duplicate pair(s) among {len(rows)} records")
