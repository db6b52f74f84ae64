"""``haven export-person ID [--out FILE]``: the subject-access export of one person.

What every module holds on the person, as JSON, without other people's data (see
docs/privacy.md). Run by an operator for a request received in writing; the export is
audited.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.services import audit_log
from haven.people.models import Person
from haven.privacy.hooks import discover


class Command(BaseCommand):
    help = "Print (or write to --out) what Haven holds on one person, as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person_id")
        parser.add_argument("--out", help="write to this file instead of printing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            person = Person.objects.get(pk=uuid.UUID(options["person_id"]))
        except (ValueError, Person.DoesNotExist) as exc:
            raise CommandError(f"no person with id {options['person_id']!r}") from exc
        data: dict[str, Any] = {"person_id": str(person.pk)}
        for module in discover():
            data.update(module.export_person(person))
        audit_log(
            actor=None,
            action="export",
            subject_type="person",
            subject_id=person.pk,
            note="subject-access export (command line)",
        )
        text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
        if options["out"]:
            Path(options["out"]).write_text(text + "\n")
            self.stdout.write(f"export of {person.pk} written to {options['out']}")
        else:
            self.stdout.write(text)
