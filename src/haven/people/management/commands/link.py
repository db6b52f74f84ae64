"""``haven link [REGISTER.csv] QUERIES.csv --top 5 --out RESULT.csv``

Links a list of people (say, names from a families' association) against a register
file or, without REGISTER.csv, against the database. Two files need no database and
no server secrets (``haven.cli`` runs ``haven.linkfiles`` for them without Django);
this command does the same through Django, and adds linking against the database.
Rows that cannot be read are reported by line and skipped, never guessed; the
command then exits non-zero.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven import linkfiles
from haven.audit.models import AuditEntry
from haven.audit.services import audit_log
from haven.matching import Index
from haven.people.matching import RECORD_FIELDS, record_from_values
from haven.people.models import Person


class _Err:
    """Django's OutputWrapper adds the line ending itself."""

    def __init__(self, out: Any) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text.rstrip("\n"))


class Command(BaseCommand):
    help = "Link a CSV list of people against a register CSV or the database."

    def add_arguments(self, parser: CommandParser) -> None:
        linkfiles.add_arguments(parser)

    def handle(
        self,
        *args: Any,
        files: list[str],
        top: int,
        min_probability: float,
        out: str | None,
        **options: Any,
    ) -> None:
        err: Any = _Err(self.stderr)
        try:
            linkfiles.check(files, top, min_probability)
            if len(files) == 2:
                skipped = linkfiles.link_files(
                    files[0],
                    files[1],
                    top=top,
                    min_probability=min_probability,
                    out=out,
                    stdout=self.stdout,  # csv lines end in newlines, as OutputWrapper wants
                    stderr=err,
                )
            else:
                skipped = self._against_register(files[0], top, min_probability, out, err)
        except linkfiles.LinkError as exc:
            raise CommandError(str(exc)) from exc
        if skipped:
            raise CommandError(f"{skipped} row(s) skipped; see the messages above")

    def _against_register(
        self, queries_path: str, top: int, min_probability: float, out: str | None, err: Any
    ) -> int:
        queries, bad = linkfiles.read(queries_path, "queries", err)
        index = Index()
        rows = Person.objects.filter(merged_into__isnull=True).values(*RECORD_FIELDS)
        index.extend(record_from_values(r) for r in rows.iterator(chunk_size=5000))
        # Reading the whole register's identities out of Haven is an export: account for it.
        audit_log(
            actor=None,
            action=AuditEntry.Action.EXPORT,
            subject_type="register",
            note=f"haven link: {len(queries)} queries from {queries_path}, top {top}",
        )
        lines = linkfiles.link(
            index, queries, top=top, min_probability=min_probability, out=out, stdout=self.stdout
        )
        err.write(
            f"linked {len(queries)} queries against {len(index)} records of the register: "
            f"{lines} candidate rows" + (f" written to {out}" if out else "")
        )
        return len(bad)
