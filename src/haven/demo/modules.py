"""The demo's module loaders: each module's synthetic data, loaded after the register.

A loader is ``load(ctx: DemoContext) -> dict[str, int]`` in ``haven.demo.<module>``: it
writes through the module's audited services (never ``.save()``), draws every random
choice from ``ctx.rng`` so that a seed gives the same demo, and returns the counts
that ``haven demo`` prints. Loaders run in this order, in the demo's one transaction.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from random import Random
from typing import Any

# dotted paths of the loaders, in the order they run
LOADERS: list[str] = [
    "haven.demo.tracing",
    "haven.demo.oversight",
    "haven.demo.referrals",
    "haven.demo.safety",
    "haven.demo.sharing",
]


@dataclass
class DemoContext:
    rng: Random
    today: dt.date
    agencies: dict[str, Any]  # key (see generator.AGENCIES) -> Agency
    users: dict[str, Any]  # username -> User
    people: list[Any]  # the register's people, in the order they were created
    # what earlier loaders made that later ones may use, e.g. "interviews"
    made: dict[str, Any] = field(default_factory=dict)


def run_loaders(ctx: DemoContext) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for dotted in LOADERS:
        load: Callable[[DemoContext], dict[str, int]] = importlib.import_module(dotted).load
        counts[dotted.rsplit(".", 1)[-1]] = load(ctx)
    return counts
