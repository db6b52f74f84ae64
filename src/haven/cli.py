"""The ``haven`` command: Django's management verbs under one name.

``haven demo``, ``haven serve``, ``haven audit verify``, ``haven link`` ... are
management commands; this wrapper points Django at Haven's settings, recognises the
demo's checkout, and turns a configuration problem into one clear line and exit 78.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SECRETS = ("HAVEN_SECRET_KEY", "HAVEN_FIELD_KEYS", "HAVEN_AUDIT_KEY")
# sysexits.h EX_CONFIG: the configuration is missing or wrong.
EXIT_CONFIG = 78
HELP = {"help", "--help", "-h", "--version", "version"}


def demo_checkout(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """Whether ``haven`` runs in a checkout that ``make run`` made a demo: no production
    setting is given (no secret, no DATABASE_URL, HAVEN_DEMO unset) and the demo's own
    secrets are in var/. Production, which sets its secrets and its database, never
    becomes a demo this way, and without them it still refuses to start."""
    if "HAVEN_DEMO" in environ or environ.get("DATABASE_URL"):
        return False
    if any(environ.get(name) or environ.get(f"{name}_FILE") for name in SECRETS):
        return False
    var = Path(environ.get("HAVEN_VAR_DIR") or Path.cwd() / "var")
    return (var / "demo-secrets.json").is_file()


def _fail(message: str, code: int = EXIT_CONFIG) -> None:
    sys.stderr.write(f"haven: {' '.join(message.split())}\n")
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["link"]:
        from haven import linkfiles

        if linkfiles.two_files(args[1:]):  # two files: no database, no server secrets
            sys.exit(linkfiles.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    if demo_checkout():
        os.environ["HAVEN_DEMO"] = "1"
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        if not (set(args[:1]) & HELP):
            from django.conf import settings

            try:
                settings.INSTALLED_APPS  # noqa: B018 -- reads the settings: a missing secret stops here
            except OSError as exc:
                _fail(f"cannot read the settings: {exc}")
        execute_from_command_line(["haven", *args])
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    except OperationalError as exc:
        _fail(f"cannot use the database: {exc}", 1)


if __name__ == "__main__":
    main()
