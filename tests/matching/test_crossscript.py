"""Cross-script evaluation on the synthetic test set (see docs/matching.md)."""

from __future__ import annotations

from .crossscript import evaluate


def test_cross_script_queries_find_the_person() -> None:
    f = evaluate(n_register=10_000, n_queries=1_000, seed=3)
    assert f.top5 >= 0.95
    assert f.top1 >= 0.90
    assert f.wrong_first_sure < 0.02  # wrong person first with p >= 0.9
    assert f.absent_sure < 0.05  # someone not in the register with p >= 0.9
