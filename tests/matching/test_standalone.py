"""The engine stands alone: no Django anywhere in it, and mypy --strict clean."""

from __future__ import annotations

import ast
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


def _engine_imports(path: Path) -> set[str]:
    """The engine modules a source file imports (relative imports, anywhere in it)."""
    package = "haven.matching" + "".join(
        f".{p}" for p in path.relative_to(PACKAGE_DIR).parent.parts
    )
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            target = f"{base}.{node.module}" if node.module else base
            out.add(target)
            if not node.module:
                out.update(f"{base}.{a.name}" for a in node.names)
    return out


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE_DIR).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(["haven.matching", *parts])


def test_no_import_cycle_between_engine_modules() -> None:
    """``batch``, ``model`` and ``explain`` (and every other module) import each
    other one way only, also through imports inside functions."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE_DIR.rglob("*.py"):
        name = _module_name(path)
        if path.name == "__init__.py":
            continue  # a package's __init__ only re-exports its modules
        graph[name] = {m for m in _engine_imports(path) if m != name}
    modules = set(graph)
    # an import of a package means its modules' names: resolve to modules we know
    graph = {m: {d for d in deps if d in modules} for m, deps in graph.items()}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, stack: list[str]) -> bool:
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycle.extend([*stack[stack.index(d) :], d] if d in stack else [m, d])
                return True
            if d not in state and visit(d, [*stack, d]):
                return True
        state[m] = 2
        return False

    for m in sorted(graph):
        if m not in state and visit(m, [m]):
            break
    assert not cycle, " -> ".join(cycle)
