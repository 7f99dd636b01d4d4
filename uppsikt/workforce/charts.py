"""Server-rendered SVG line charts (no script, no inline style: the site's CSP forbids both).

``line_chart`` returns plain numbers for the template ``workforce/partials/_chart.svg.html``,
which draws them with presentation attributes and CSS classes from ``workforce/workforce.css``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from uppsikt.core.formatting import format_percent

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    # Coordinates are strings with a decimal point: a template would localise a float ("220,0"),
    # which is no SVG length.
    segments: list[str] = field(default_factory=list)  # polyline "x,y x,y" runs
    points: list[tuple[str, str, str]] = field(default_factory=list)  # x, y, label
    y_ticks: list[tuple[str, str]] = field(default_factory=list)
    x_ticks: list[tuple[str, str]] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    empty: bool = True


def _nice_step(top: float) -> float:
    raw = top / 4 if top > 0 else 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def line_chart(labels: list[str], values: list[float | None], *, decimals: int = 1) -> Chart:
    chart = Chart()
    known = [v for v in values if v is not None]
    if not known:
        return chart
    chart.empty = False
    step = _nice_step(max(known) * 1.1)
    y_max = step * max(1, math.ceil(max(known) * 1.1 / step))
    plot_w = chart.right - chart.left
    plot_h = chart.bottom - chart.top
    count = len(values)

    def x_of(i: int) -> str:
        return f"{chart.left + plot_w * (i + 0.5) / count:.1f}"

    def y_of(v: float) -> str:
        return f"{chart.bottom - plot_h * v / y_max:.1f}"

    tick = 0.0
    while tick <= y_max + 1e-9:
        chart.y_ticks.append((y_of(tick), format_percent(tick, 0 if step >= 1 else 1)))
        tick += step
    every = max(1, math.ceil(count / 8))
    for i, label in enumerate(labels):
        if (count - 1 - i) % every == 0:
            chart.x_ticks.append((x_of(i), label))
    _draw_series(chart, labels, values, x_of, y_of, decimals)
    return chart


def _draw_series(chart: Chart, labels, values, x_of, y_of, decimals: int) -> None:
    """The line, broken where a value is missing, and a labelled point for every value."""
    run: list[str] = []
    for i, v in enumerate(values):
        if v is None:
            if run:
                chart.segments.append(" ".join(run))
            run = []
            continue
        run.append(f"{x_of(i)},{y_of(v)}")
        chart.points.append((x_of(i), y_of(v), f"{labels[i]}: {format_percent(v, decimals)}"))
    if run:
        chart.segments.append(" ".join(run))
