"""Finding each module's privacy hooks: ``<app>.privacy`` for every installed app."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

from django.apps import apps

REQUIRED = ("RETENTION", "expired", "anonymise", "erase_person", "export_person")


@cache
def discover() -> tuple[ModuleType, ...]:
    """The privacy modules of the installed apps, the audit log's last (erasing the
    values of the entries the others' erasures wrote goes last)."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("haven.") or config.name == "haven.privacy":
            continue
        try:
            module = importlib.import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.privacy":
                raise
            continue
        missing = [name for name in REQUIRED if not hasattr(module, name)]
        if missing:
            raise ImportError(f"{module.__name__} lacks {', '.join(missing)}")
        found.append(module)
    found.sort(key=lambda m: m.__name__ == "haven.audit.privacy")
    return tuple(found)


def retention_kinds() -> list[tuple[ModuleType, dict[str, Any]]]:
    return [(module, spec) for module in discover() for spec in module.RETENTION]


def retention_days(spec: dict[str, Any]) -> int:
    from django.conf import settings

    return int(getattr(settings, spec["setting"], spec["days"]))
