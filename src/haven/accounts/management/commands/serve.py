"""``haven serve``: serve Haven with Django's threaded server and say how to sign in.

For production use gunicorn (see docs/operations.md); this is for the embedded demo
and for a single laptop in the field.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Haven on HOST:PORT and print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        url = f"http://{host}:{port}/"
        lines = ["", f"Haven is serving on {url}"]
        credentials = settings.VAR_DIR / "demo-credentials.txt"
        if os.environ.get("HAVEN_DEMO_PASSWORD"):
            lines.append(
                "Sign in as 'caseworker' (or any role name, e.g. 'supervisor', "
                "'auditor') with the password in HAVEN_DEMO_PASSWORD."
            )
        elif credentials.exists():
            lines.append(f"Sign in as 'caseworker' (or any role name); passwords: {credentials}")
            for line in credentials.read_text().splitlines():
                if line.lower().startswith("password"):
                    lines.append(f"  {line}")
        lines.append("Press Ctrl-C to stop.")
        self.stdout.write("\n".join(lines) + "\n")
        call_command("runserver", f"{host}:{port}", use_reloader=False, use_threading=True)
