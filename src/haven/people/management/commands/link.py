"""``haven link [REGISTER.csv] QUERIES.csv --top 5 --out RESULT.csv``

Links a list of people (say, names from a families' association) against a register
file or, without REGISTER.csv, against the database. Rows that cannot be read are
reported by line and skipped, never guessed; the command then exits non-zero.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.matching import Index, Record
from haven.matching.csvio import RowError, read_records, write_results
from haven.people.matching import RECORD_FIELDS, record_from_values
from haven.people.models import Person


def _read(path: str, label: str, stderr: Any) -> tuple[list[Record], list[RowError]]:
    if not Path(path).is_file():
        raise CommandError(f"{label} file not found: {path}")
    try:
        records, errors = read_records(path)
    except (UnicodeDecodeError, OSError) as exc:
        raise CommandError(f"cannot read {path}: {exc}") from exc
    for err in errors:
        stderr.write(f"{path}:{err.line}: {err.message} (row skipped)")
    if errors and errors[0].line == 1 and not records:
        raise CommandError(f"{path}: {errors[0].message}")
    return records, errors


class Command(BaseCommand):
    help = "Link a CSV list of people against a register CSV or the database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="CSV", help="[REGISTER.csv] QUERIES.csv")
        parser.add_argument("--top", type=int, default=5, help="candidates per query (1-50)")
        parser.add_argument("--min-probability", type=float, default=0.0)
        parser.add_argument("--out", help="result CSV (default: standard output)")

    def handle(
        self,
        *args: Any,
        files: list[str],
        top: int,
        min_probability: float,
        out: str | None,
        **options: Any,
    ) -> None:
        if len(files) > 2:
            raise CommandError("give QUERIES.csv, or REGISTER.csv and QUERIES.csv")
        if not 1 <= top <= 50:
            raise CommandError("--top must be between 1 and 50")
        if not 0.0 <= min_probability <= 1.0:
            raise CommandError("--min-probability must be between 0 and 1")
        queries, bad = _read(files[-1], "queries", self.stderr)
        index = Index()
        if len(files) == 2:
            register, bad_register = _read(files[0], "register", self.stderr)
            bad = [*bad, *bad_register]
            index.extend(register)
            source = files[0]
        else:
            rows = Person.objects.filter(merged_into__isnull=True).values(*RECORD_FIELDS)
            index.extend(record_from_values(r) for r in rows.iterator(chunk_size=5000))
            source = "the register"
            # Reading the whole register's identities out of Haven is an export: account for it.
            audit_log(
                actor=None,
                action=AuditEntry.Action.EXPORT,
                subject_type="register",
                note=f"haven link: {len(queries)} queries from {files[-1]}, top {top}",
            )
        results = (
            (q.id, index.search(q, top=top, min_probability=min_probability)) for q in queries
        )
        target: Any = out or self.stdout  # csv lines end in newlines, as OutputWrapper wants
        lines = write_results(target, results)
        self.stderr.write(
            f"linked {len(queries)} queries against {len(index)} records of {source}: "
            f"{lines} candidate rows" + (f" written to {out}" if out else "")
        )
        if bad:
            raise CommandError(f"{len(bad)} row(s) skipped; see the messages above")
