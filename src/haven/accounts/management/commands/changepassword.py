"""``haven changepassword USERNAME``: a password reset through the audited service. The
old password stops working, sessions end, API tokens are revoked, and a one-time link
to set a new password is printed; the two-factor device stays."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.accounts.management.commands.users import find_user, reset_password


class Command(BaseCommand):
    help = "Reset a user's password: print a one-time link to set a new one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        link = reset_password(find_user(options["username"]))
        self.stdout.write(f"Invitation link (works once): {link}")
