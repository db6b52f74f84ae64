"""``haven referral_bodies``: list the receiving bodies, or register one (the operator
setting up an installation; the administrator may also use the API)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import Agency
from haven.referrals.models import BodyKind, ReceivingBody
from haven.referrals.services import receiving_body_create


class Command(BaseCommand):
    help = (
        "List the receiving bodies people are referred to; with --add NAME --kind KIND, "
        "register one (--agency names the agency in Haven that receives its referrals)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--add", metavar="NAME", help="register a body of this name")
        parser.add_argument("--kind", choices=list(BodyKind.values), help="what it does")
        parser.add_argument("--agency", metavar="AGENCY", help="its agency in Haven, by name")
        parser.add_argument("--contact", default="", help="how to reach it")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("add"):
            self._add(options)
        for body in ReceivingBody.objects.select_related("agency"):
            agency = f" · {body.agency}" if body.agency else ""
            state = "" if body.active else " (inactive)"
            self.stdout.write(f"{body.kind:15} {body.name}{agency}{state}")

    def _add(self, options: dict[str, Any]) -> None:
        if not options.get("kind"):
            raise CommandError("--add needs --kind (one of: " + ", ".join(BodyKind.values) + ").")
        agency = None
        if options.get("agency"):
            agency = Agency.objects.filter(name=options["agency"]).first()
            if agency is None:
                raise CommandError(f"--agency: no agency is named {options['agency']!r}.")
        fields = {"name": options["add"], "kind": options["kind"], "agency": agency,
                  "contact": options["contact"]}  # fmt: skip
        try:
            receiving_body_create(actor=None, fields=fields)
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
