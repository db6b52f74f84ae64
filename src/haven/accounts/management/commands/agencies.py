"""``haven agencies add --name N --kind K`` (and list): agencies from the command line,
through the audited services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from haven.accounts import administration as services
from haven.accounts.management.commands.users import fail
from haven.accounts.models import Agency


class Command(BaseCommand):
    help = "Add or list agencies (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="add an agency")
        add.add_argument("--name", required=True)
        add.add_argument("--kind", required=True, choices=Agency.Kind.values)
        sub.add_parser("list", help="list agencies")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["verb"] == "list":
            for agency in Agency.objects.order_by("name"):
                state = "active" if agency.active else "inactive"
                self.stdout.write(f"{agency.name}\t{agency.kind}\t{state}")
            return
        try:
            agency = services.agency_create(actor=None, name=options["name"], kind=options["kind"])
        except ValidationError as exc:
            raise fail(exc) from exc
        self.stdout.write(f"Added agency {agency.name} ({agency.kind}).")
