"""Charts drawn from a ``model.Chart``: SVG (screen, PDF) and PNG (DOCX), from the same geometry.

No JavaScript; lines differ by dash pattern and markers as well as colour, and the values are
printed at the last point, so a chart reads without colour.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from xml.sax.saxutils import escape

from uppsikt.core.formatting import format_number

from .document import Chart

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 20, 36, 54
COLOURS = ["#1f4e79", "#b35900", "#2e7d32", "#6a1b9a"]
DASHES = [None, (6, 4), (2, 3), (8, 3, 2, 3)]
GRID = "#d0d7de"
INK = "#1b1f24"


@dataclass
class _Geometry:
    lo: float
    hi: float
    ticks: list[float]

    def y(self, v: float) -> float:
        span = (self.hi - self.lo) or 1.0
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v - self.lo) / span)


def _nice_ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi == lo:
        hi = lo + 1
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    v = start
    while v <= hi + step * 0.001:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < hi:
        ticks.append(ticks[-1] + step)
    return ticks


def _geometry(chart: Chart) -> _Geometry:
    values = [v for s in chart.series for v in s.values if v is not None]
    if not values:
        values = [0.0, 1.0]
    lo, hi = min(values), max(values)
    if chart.kind == "bar":
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    pad = (hi - lo) * 0.15 or 1.0
    lo = lo if lo == 0 else lo - pad
    ticks = _nice_ticks(lo, hi + pad)
    return _Geometry(ticks[0], ticks[-1], ticks)


def _x(chart: Chart, i: int) -> float:
    n = max(len(chart.labels), 1)
    inner = WIDTH - LEFT - RIGHT
    if chart.kind == "bar":
        return LEFT + inner * (i + 0.5) / n
    return LEFT + (inner * i / (n - 1) if n > 1 else inner / 2)


def _label_every(chart: Chart) -> int:
    return max(1, math.ceil(len(chart.labels) / 12))


CHAR_WIDTH = 6.7  # DejaVu Sans at 11 px: the widest digits and letters the labels use
LINE_GAP = 13  # px between two end-of-line labels, so that they never overlap


def _axis_labels(chart: Chart) -> list[tuple[float, str, str]]:
    """(x, anchor, text) of the category axis' labels: centred under their point, except that
    a label that would cross the chart's edge is aligned with that edge instead (the last month
    of a line chart is never clipped)."""
    every = _label_every(chart)
    out = []
    for i, label in enumerate(chart.labels):
        if not (i % every == 0 or i == len(chart.labels) - 1):
            continue
        x, half = _x(chart, i), len(label) * CHAR_WIDTH / 2
        if x + half > WIDTH - 2:
            out.append((WIDTH - 2, "end", label))
        elif x - half < 2:
            out.append((2, "start", label))
        else:
            out.append((x, "middle", label))
    return out


def _end_labels(chart: Chart, g: _Geometry) -> list[tuple[int, float, float, float, float]]:
    """(series, value, x, y of the point, y of the label's baseline) of each line's last value.
    A label stands above its point; where it would overlap the label above it (a result close to
    its target), it stands below its point instead."""
    ends = []
    for k, s in enumerate(chart.series):
        last = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if last:
            i, v = last[-1]
            ends.append((k, v, _x(chart, i), g.y(v)))
    placed: list[tuple[int, float, float, float, float]] = []
    for k, v, x, y in sorted(ends, key=lambda e: e[3]):  # top to bottom on the page
        label_y = y - 8  # above the point
        if placed and label_y < placed[-1][4] + LINE_GAP:
            label_y = max(y + 16, placed[-1][4] + LINE_GAP)  # below the point instead
        placed.append((k, v, x, y, label_y))
    return sorted(placed)


def svg(chart: Chart, ident: str = "chart") -> str:
    """The chart as an SVG element with a title and description (role="img")."""
    g = _geometry(chart)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{ident}-t {ident}-d" class="doc-chart" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="11">',
        f'<title id="{ident}-t">{escape(chart.title)}</title>'
        f'<desc id="{ident}-d">{escape(chart.alt)}</desc>',
    ]
    for t in g.ticks:
        y = g.y(t)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        out.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
            f"{escape(format_number(t, chart.decimals if t != int(t) else 0))}</text>"
        )
    for x, anchor, label in _axis_labels(chart):
        out.append(
            f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="{anchor}" '
            f'fill="{INK}">{escape(label)}</text>'
        )
    if chart.kind == "bar":
        out.extend(_svg_bars(chart, g))
    else:
        out.extend(_svg_lines(chart, g))
    # Legend.
    x = LEFT
    for k, s in enumerate(chart.series):
        colour, dash = COLOURS[k % 4], DASHES[k % 4]
        y = HEIGHT - 14
        if chart.kind == "bar":
            out.append(f'<rect x="{x}" y="{y - 8}" width="12" height="10" fill="{colour}"/>')
        else:
            d = f' stroke-dasharray="{",".join(map(str, dash))}"' if dash else ""
            out.append(
                f'<line x1="{x}" x2="{x + 22}" y1="{y - 3}" y2="{y - 3}" stroke="{colour}" '
                f'stroke-width="2.5"{d}/>'
            )
        out.append(f'<text x="{x + 28}" y="{y + 1}" fill="{INK}">{escape(s.label)}</text>')
        x += 40 + 7 * len(s.label)
    if chart.unit:
        out.append(f'<text x="{LEFT - 6}" y="{TOP - 14}" text-anchor="end" fill="{INK}">')
        out.append(f"{escape(chart.unit)}</text>")
    out.append("</svg>")
    return "".join(out)


def _svg_lines(chart: Chart, g: _Geometry) -> list[str]:
    out = []
    for k, s in enumerate(chart.series):
        colour, dash = COLOURS[k % 4], DASHES[k % 4]
        points = [(_x(chart, i), g.y(v)) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        d = f' stroke-dasharray="{",".join(map(str, dash))}"' if dash else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"{d}/>'
        )
    for k, value, lx, ly, label_y in _end_labels(chart, g):
        colour = COLOURS[k % 4]
        out.append(f'<circle cx="{lx:.1f}" cy="{ly:.1f}" r="3.5" fill="{colour}"/>')
        out.append(
            f'<text x="{lx - 4:.1f}" y="{label_y:.1f}" text-anchor="end" fill="{colour}" '
            f'font-weight="bold">{escape(format_number(value, chart.decimals))}</text>'
        )
    return out


def _svg_bars(chart: Chart, g: _Geometry) -> list[str]:
    out = []
    n_series = max(len(chart.series), 1)
    slot = (WIDTH - LEFT - RIGHT) / max(len(chart.labels), 1)
    bar = slot * 0.7 / n_series
    zero = g.y(0)
    for k, s in enumerate(chart.series):
        colour = COLOURS[k % 4]
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x = _x(chart, i) - slot * 0.35 + k * bar
            y = g.y(v)
            top, h = min(y, zero), abs(zero - y)
            out.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"/>'
            )
            ty = top - 4 if v >= 0 else top + h + 12
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{ty:.1f}" text-anchor="middle" fill="{INK}">'
                f"{escape(format_number(v, chart.decimals, signed=True))}</text>"
            )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="{INK}"/>'
    )
    return out


def png(chart: Chart, scale: int = 2) -> bytes | None:
    """The chart as PNG (for DOCX), drawn with Pillow from the same geometry; None without it."""
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError:  # pragma: no cover - Pillow comes with WeasyPrint
        return None
    img = Image.new("RGB", (WIDTH * scale, HEIGHT * scale), "white")
    draw = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("DejaVuSans.ttf", 11 * scale)
        bold = ImageFont.truetype("DejaVuSans-Bold.ttf", 11 * scale)
    except OSError:
        font = bold = ImageFont.load_default()

    def p(x, y):
        return (x * scale, y * scale)

    g = _geometry(chart)
    for t in g.ticks:
        y = g.y(t)
        draw.line([p(LEFT, y), p(WIDTH - RIGHT, y)], fill=GRID, width=scale)
        text = format_number(t, chart.decimals if t != int(t) else 0)
        draw.text(p(LEFT - 6, y), text, fill=INK, font=font, anchor="rm")
    png_anchor = {"middle": "mm", "end": "rm", "start": "lm"}
    for x, anchor, label in _axis_labels(chart):
        draw.text(p(x, HEIGHT - BOTTOM + 12), label, fill=INK, font=font, anchor=png_anchor[anchor])
    if chart.kind == "bar":
        _png_bars(draw, chart, g, p, font, scale)
    else:
        _png_lines(draw, chart, g, p, bold, scale)
    x = LEFT
    for k, s in enumerate(chart.series):
        y = HEIGHT - 14
        draw.line([p(x, y - 3), p(x + 22, y - 3)], fill=COLOURS[k % 4], width=3 * scale)
        draw.text(p(x + 28, y - 3), s.label, fill=INK, font=font, anchor="lm")
        x += 40 + 7 * len(s.label)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=False)
    return buf.getvalue()


def _png_bars(draw, chart: Chart, g, p, font, scale: int) -> None:
    """Bars side by side per label, each with its signed value, and the zero line."""
    n_series = max(len(chart.series), 1)
    slot = (WIDTH - LEFT - RIGHT) / max(len(chart.labels), 1)
    bar = slot * 0.7 / n_series
    zero = g.y(0)
    for k, s in enumerate(chart.series):
        for i, v in enumerate(s.values):
            if v is None:
                continue
            x = _x(chart, i) - slot * 0.35 + k * bar
            y = g.y(v)
            draw.rectangle([p(x, min(y, zero)), p(x + bar, max(y, zero))], fill=COLOURS[k % 4])
            ty = min(y, zero) - 8 if v >= 0 else max(y, zero) + 8
            text = format_number(v, chart.decimals, signed=True)
            draw.text(p(x + bar / 2, ty), text, fill=INK, font=font, anchor="mm")
    draw.line([p(LEFT, zero), p(WIDTH - RIGHT, zero)], fill=INK, width=scale)


def _png_lines(draw, chart: Chart, g, p, bold, scale: int) -> None:
    """A line per series (dashed where its style says), its last value marked and labelled."""
    for k, s in enumerate(chart.series):
        colour, dash = COLOURS[k % 4], DASHES[k % 4]
        points = [p(_x(chart, i), g.y(v)) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        if dash:
            for a, b in zip(points, points[1:], strict=False):
                _dashed(draw, a, b, [d * scale for d in dash], colour, 3 * scale // 2 + 1)
        else:
            draw.line(points, fill=colour, width=3 * scale // 2 + 1)
    r = 3.5 * scale
    for k, value, lx, ly, label_y in _end_labels(chart, g):
        colour = COLOURS[k % 4]
        (px, py), (_tx, ty) = p(lx, ly), p(lx - 4, label_y)
        draw.ellipse([px - r, py - r, px + r, py + r], fill=colour)
        text = format_number(value, chart.decimals)
        draw.text((px - 4 * scale, ty), text, fill=colour, font=bold, anchor="rs")


def _dashed(draw, a, b, pattern, colour, width):
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0:
        return
    pos, k, on = 0.0, 0, True
    while pos < length:
        seg = min(pattern[k % len(pattern)], length - pos)
        if on:
            s, e = pos / length, (pos + seg) / length
            draw.line(
                [
                    (x1 + (x2 - x1) * s, y1 + (y2 - y1) * s),
                    (x1 + (x2 - x1) * e, y1 + (y2 - y1) * e),
                ],
                fill=colour,
                width=width,
            )
        pos += seg
        k += 1
        on = not on
