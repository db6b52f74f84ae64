"""``haven users add --username U --agency A --role R`` (and list, disable): accounts
from the command line, through the audited services. The first admin of a new
installation is made this way; the invitation link it prints sets the password."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from haven.accounts import administration as services
from haven.accounts.models import Agency, User
from haven.accounts.roles import Role


def find_agency(name: str) -> Agency:
    agency = Agency.objects.filter(name=name).first()
    if agency is None:
        raise CommandError(f"No agency named {name!r}. Add it first: haven agencies add")
    return agency


def find_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"No user named {username!r}.")
    return user


def fail(exc: ValidationError) -> CommandError:
    return CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items()))


class Command(BaseCommand):
    help = "Add, list or disable user accounts (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="add an account and print its invitation link")
        add.add_argument("--username", required=True)
        add.add_argument("--agency", required=True, help="the agency's name")
        add.add_argument("--role", required=True, choices=Role.values)
        add.add_argument("--email", default="")
        sub.add_parser("list", help="list accounts")
        disable = sub.add_parser("disable", help="disable an account (ends its sessions)")
        disable.add_argument("username")
        reset = sub.add_parser("reset-password", help="print a new invitation link")
        reset.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        now = timezone.now()
        try:
            if verb == "add":
                user, link = services.user_create(
                    actor=None,
                    username=options["username"],
                    agency=find_agency(options["agency"]),
                    role=options["role"],
                    email=options["email"],
                    now=now,
                )
                self.stdout.write(f"Added {user.username} ({user.role}, {user.agency}).")
                self.stdout.write(f"Invitation link (works once): {link}")
            elif verb == "list":
                for user in User.objects.select_related("agency").order_by("username"):
                    state = "active" if user.is_active else "disabled"
                    self.stdout.write(f"{user.username}\t{user.role}\t{user.agency}\t{state}")
            elif verb == "disable":
                user = services.user_set_active(
                    actor=None, user=find_user(options["username"]), active=False
                )
                self.stdout.write(f"Disabled {user.username}; their sessions and tokens ended.")
            elif verb == "reset-password":
                link = reset_password(find_user(options["username"]))
                self.stdout.write(f"Invitation link (works once): {link}")
        except ValidationError as exc:
            raise fail(exc) from exc


def reset_password(user: User) -> str:
    now = timezone.now()
    if user.has_usable_password():
        return services.user_password_reset(actor=None, user=user, now=now)
    return services.invitation_create(actor=None, user=user, now=now)
