"""``haven createsuperuser``: Haven has no superusers. This makes an administrator
(role ``admin``) through the audited services, like ``haven users add --role admin``,
and prints the invitation link that sets the password and two-factor sign-in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from haven.accounts import administration as services
from haven.accounts.management.commands.users import fail, find_agency
from haven.accounts.roles import Role


class Command(BaseCommand):
    help = "Add an administrator (role admin) and print their invitation link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True)
        parser.add_argument("--agency", required=True, help="the agency's name")
        parser.add_argument("--email", default="")
        parser.add_argument("--noinput", "--no-input", action="store_true", help="(ignored)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, link = services.user_create(
                actor=None,
                username=options["username"],
                agency=find_agency(options["agency"]),
                role=Role.ADMIN,
                email=options["email"],
                now=timezone.now(),
            )
        except ValidationError as exc:
            raise fail(exc) from exc
        self.stdout.write(f"Added administrator {user.username}.")
        self.stdout.write(f"Invitation link (works once): {link}")
