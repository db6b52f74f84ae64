"""Small charts drawn on the server as SVG: no script, no style attribute, no CDN.
Colours come from classes in haven.css; every chart has a text alternative (a table)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str  # a class naming the series
    title: str  # shown on hover, read by screen readers


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    rects: list[Rect]
    labels: list[Label]
    max_value: int
    axis_y: float


def stacked_bars(
    bars: Sequence[tuple[str, Sequence[tuple[str, int, str]]]],
    *,
    width: int = 480,
    height: int = 160,
    label_height: int = 18,
) -> BarChart:
    """One column per ``(label, [(css class, value, title), ...])``, the series stacked
    from the bottom; heights scale to the tallest column."""
    top = max((sum(v for _, v, _ in series) for _, series in bars), default=0) or 1
    plot = height - label_height
    n = max(len(bars), 1)
    slot = width / n
    bar_width = max(min(slot * 0.7, 48), 4)
    rects: list[Rect] = []
    labels: list[Label] = []
    for i, (label, series) in enumerate(bars):
        x = i * slot + (slot - bar_width) / 2
        y = float(plot)
        for css, value, title in series:
            if value <= 0:
                continue
            h = plot * value / top
            y -= h
            rects.append(
                Rect(round(x, 1), round(y, 1), round(bar_width, 1), round(h, 1), css, title)
            )
        labels.append(Label(round(i * slot + slot / 2, 1), height - 4, label))
    return BarChart(width, height, rects, labels, top, float(plot))
