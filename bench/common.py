"""Helpers shared by the benchmarks: timing, pair metrics, tables, JSON output.

The benchmarks are scripts (``python bench/linkage.py``), so this module is imported
as a sibling (``import common``); it imports nothing from Haven.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import time
import traceback
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    """An unordered pair of record ids, as a canonical tuple."""
    return (a, b) if a <= b else (b, a)


def pair_set(pairs: Iterable[tuple[str, str]]) -> set[Pair]:
    return {pair(a, b) for a, b in pairs if a != b}


def pair_metrics(predicted: set[Pair], truth: set[Pair]) -> dict[str, float]:
    """Precision, recall and F1 of predicted pairs against the true pairs."""
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


class Stopwatch:
    """Wall-clock seconds of a ``with`` block (``perf_counter``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._start = 0.0

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation, as numpy's default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def load_haven_matching() -> tuple[ModuleType | None, str]:
    """Import ``haven.matching``; return (module, "") or (None, reason)."""
    try:
        module = importlib.import_module("haven.matching")
        for name in ("Record", "Index", "link", "dedupe"):
            getattr(module, name)
    except Exception as exc:  # the engine may not exist yet, or be half-written
        return None, f"haven.matching not usable: {type(exc).__name__}: {exc}"
    return module, ""


@contextmanager
def quiet_splink() -> Iterator[None]:
    """Silence Splink's INFO chatter (it logs every EM iteration)."""
    logger = logging.getLogger("splink")
    previous = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


def error_row(exc: BaseException) -> dict[str, Any]:
    traceback.print_exception(exc)
    return {"error": f"{type(exc).__name__}: {exc}"}


def fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return f"{value:.4f}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _line(cells: list[str], widths: list[int]) -> str:
    """Tool name left-aligned, figures right-aligned."""
    first = cells[0].ljust(widths[0])
    return "  ".join([first, *(c.rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True))])


def print_table(title: str, rows: Mapping[str, Mapping[str, Any]], columns: list[str]) -> None:
    """Print one row per tool; a row with an ``error`` key shows the error instead."""
    head = ["tool", *columns]
    body = {
        tool: [tool, *(fmt(row.get(column)) for column in columns)]
        for tool, row in rows.items()
        if "error" not in row
    }
    widths = [max([len(h)] + [len(line[i]) for line in body.values()]) for i, h in enumerate(head)]
    widths[0] = max([widths[0]] + [len(tool) for tool in rows])
    print(f"\n{title}")
    print(_line(head, widths))
    print("  ".join("-" * w for w in widths))
    for tool, row in rows.items():
        if "error" in row:
            print(f"{tool.ljust(widths[0])}  ERROR: {row['error']}")
        else:
            print(_line(body[tool], widths))


def write_json(name: str, data: Mapping[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
