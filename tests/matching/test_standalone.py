"""The engine stands alone: no Django anywhere in it, and mypy --strict clean."""

from __future__ import annotations

import importlib.util
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import haven.matching

PACKAGE_DIR = Path(haven.matching.__file__).parent
MODULES = sorted(f"haven.matching.{m.name}" for m in pkgutil.iter_modules([str(PACKAGE_DIR)]))


def test_no_module_imports_django_at_runtime() -> None:
    code = (
        "import sys, importlib\n"
        f"for m in {['haven.matching', *MODULES]!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_no_source_mentions_a_django_import() -> None:
    pattern = re.compile(r"^\s*(import\s+django|from\s+django)\b", re.MULTILINE)
    offenders = [p.name for p in PACKAGE_DIR.rglob("*.py") if pattern.search(p.read_text())]
    assert not offenders


@pytest.mark.skipif(importlib.util.find_spec("mypy") is None, reason="mypy not installed")
def test_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(PACKAGE_DIR)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
