"""What the authorization matrices cover, gathered from every matrix module.

Each module's matrix tests live beside its other tests in a file named
``test_*matrix*.py`` and declare ``COVERED_API`` (API route names under /api/v1/) and
``COVERED_PAGES`` (web route names) that they check for every role × own, other-agency,
assigned and shared records. A route that no matrix module covers fails the suite.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

TESTS = Path(__file__).resolve().parent


def _matrix_modules() -> list[object]:
    modules = []
    for path in sorted(TESTS.rglob("test_*matrix*.py")):
        dotted = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        modules.append(importlib.import_module(dotted))
    return modules


def covered(attribute: str) -> set[str]:
    """The union of ``attribute`` (COVERED_API or COVERED_PAGES) over every matrix module."""
    names: set[str] = set()
    for module in _matrix_modules():
        names |= set(getattr(module, attribute, ()))
    return names


def route_names(prefix: str = "", urlconf: str | None = None) -> set[str]:
    """Names of every route whose path starts with ``prefix``."""
    names: set[str] = set()

    def walk(patterns: list[object], path: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, path + str(p.pattern))
            elif isinstance(p, URLPattern) and (path + str(p.pattern)).startswith(prefix):
                names.add(p.name or "")

    walk(get_resolver(urlconf).url_patterns, "")
    return names
