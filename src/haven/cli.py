"""The ``haven`` command: Django's management verbs under one name.

``haven demo``, ``haven serve``, ``haven audit verify``, ``haven link`` ... are
management commands; this wrapper only points Django at Haven's settings.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["link"]:
        from haven import linkfiles

        if linkfiles.two_files(args[1:]):  # two files: no database, no server secrets
            sys.exit(linkfiles.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["haven", *args])


if __name__ == "__main__":
    main()
