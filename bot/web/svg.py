"""Small server-rendered SVG charts: a line chart over time and a horizontal bar chart over names.

No script: every point and bar carries a `<title>` (shown on hover), and the chart's `<desc>` says
every value in words for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

COLOURS = ("#b71c1c", "#1565c0", "#2e7d32", "#ef6c00")
WIDTH = 640
LABELS_ALL_UP_TO = 6
"""Beyond this many points, every other label (counted back from the latest) is written on the axis."""
FONTS = "PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"
Format = Callable[[float], str]


def as_percent(value: float) -> str:
    return f"{value:.0%}"


def as_count(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    """One value per label; None where there is nothing to show (no matter to rate, no household due)."""


@dataclass(frozen=True)
class Chart:
    title: str
    labels: Sequence[str]
    series: Sequence[Series]
    axis: str
    """What the values are (the value axis' label), e.g. "比率" or "件数"."""
    percent: bool = False

    @property
    def fmt(self) -> Format:
        return as_percent if self.percent else as_count

    @property
    def top(self) -> float:
        if self.percent:
            return 1.0
        highest = max((v for s in self.series for v in s.values if v is not None), default=0.0)
        return 4 * _nice(highest / 4)  # four whole-numbered steps between the grid lines

    def describe(self) -> str:
        """Every value in words: what a screen reader says instead of drawing."""
        parts = []
        for series in self.series:
            values = "，".join(
                f"{label} {self.fmt(v) if v is not None else '—'}"
                for label, v in zip(self.labels, series.values, strict=True)
            )
            parts.append(f"{series.name}：{values}")
        return "；".join(parts)


def _nice(value: float) -> float:
    """A round axis maximum at or above `value` (1, 2, 5 × 10ⁿ), at least 1."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def _text(x: float, y: float, content: str, *, anchor: str = "middle", size: int = 14, extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="#444"{extra}>'
        f"{escape(content)}</text>"
    )


def _frame(chart: Chart, height: int, body: list[str], chart_id: str, fonts: str) -> Markup:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    legend = [
        f'<rect x="{64 + i * 130}" y="{height - 18}" width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/>'
        + _text(80 + i * 130, height - 8, s.name, anchor="start")
        for i, s in enumerate(chart.series)
    ]
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="{title_id} {desc_id}" font-family="{escape(fonts)}">'
        f'<title id="{title_id}">{escape(chart.title)}</title>'
        f'<desc id="{desc_id}">{escape(chart.describe())}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>'
        + _text(WIDTH / 2, 22, chart.title, size=16, extra=' font-weight="bold"')
        + "".join(body)
        + ("".join(legend) if len(chart.series) > 1 else "")
        + "</svg>"
    )


def line_chart(chart: Chart, chart_id: str, *, fonts: str = FONTS) -> Markup:
    """Values over consecutive labels (months), one line per series; a None leaves a gap."""
    height, left, right, top, bottom = 300, 60, WIDTH - 32, 40, 300 - 64
    steps = max(len(chart.labels) - 1, 1)

    def x(i: int) -> float:
        return left + (right - left) * i / steps

    def y(value: float) -> float:
        return bottom - (bottom - top) * value / chart.top

    body = _value_grid(chart, left, right, top, bottom)
    every = 1 if len(chart.labels) <= LABELS_ALL_UP_TO else 2
    shown = [i for i in range(len(chart.labels)) if (len(chart.labels) - 1 - i) % every == 0]
    body += [_text(x(i), bottom + 20, chart.labels[i]) for i in shown]
    body.append(_text(14, (top + bottom) / 2, chart.axis, extra=f' transform="rotate(-90 14 {(top + bottom) / 2})"'))
    for n, series in enumerate(chart.series):
        colour = COLOURS[n % len(COLOURS)]
        for run in _runs(series.values):
            points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in run)
            body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for i, value in enumerate(series.values):
            if value is not None:
                hover = f"{series.name} · {chart.labels[i]}：{chart.fmt(value)}"
                body.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(value):.1f}" r="4" fill="{colour}" data-value="{value:g}">'
                    f"<title>{escape(hover)}</title></circle>"
                )
    return _frame(chart, height, body, chart_id, fonts)


def bar_chart(chart: Chart, chart_id: str, *, fonts: str = FONTS) -> Markup:
    """Horizontal bars, one row per label (a member, a topic), one bar per series; the value is written at its end."""
    row = 10 + 16 * len(chart.series)
    left, right, top = 120, WIDTH - 56, 40
    bottom = top + row * max(len(chart.labels), 1)
    height = bottom + (64 if len(chart.series) > 1 else 40)

    def width(value: float) -> float:
        return (right - left) * value / chart.top

    body = _value_grid(chart, left, right, top, bottom, horizontal=True)
    body.append(_text(right, bottom + 28, chart.axis, anchor="end", size=13))
    for i, label in enumerate(chart.labels):
        y0 = top + i * row + 5
        body.append(_text(left - 8, y0 + row / 2, label, anchor="end"))
        for n, series in enumerate(chart.series):
            value = series.values[i]
            y = y0 + n * 16
            shown = chart.fmt(value) if value is not None else "—"
            hover = f"{label} · {series.name}：{shown}"
            body.append(
                f'<rect x="{left}" y="{y:.1f}" width="{width(value or 0):.1f}" height="13" '
                f'fill="{COLOURS[n % len(COLOURS)]}" data-value="{"" if value is None else f"{value:g}"}">'
                f"<title>{escape(hover)}</title></rect>"
            )
            body.append(_text(left + width(value or 0) + 4, y + 11, shown, anchor="start", size=13))
    return _frame(chart, height, body, chart_id, fonts)


def _value_grid(
    chart: Chart, left: float, right: float, top: float, bottom: float, *, horizontal: bool = False
) -> list[str]:
    lines = []
    for k in range(5):
        value = chart.top * k / 4
        if horizontal:
            at = left + (right - left) * k / 4
            lines.append(f'<line x1="{at:.1f}" y1="{top}" x2="{at:.1f}" y2="{bottom}" stroke="#e5e5e5"/>')
            lines.append(_text(at, bottom + 14, chart.fmt(value), size=13))
        else:
            at = bottom - (bottom - top) * k / 4
            lines.append(f'<line x1="{left}" y1="{at:.1f}" x2="{right}" y2="{at:.1f}" stroke="#e5e5e5"/>')
            lines.append(_text(left - 6, at + 4, chart.fmt(value), anchor="end", size=13))
    return lines


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Consecutive non-empty values, each run drawn as its own line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for i, value in enumerate(values):
        if value is None:
            runs.append([])
        else:
            runs[-1].append((i, value))
    return [run for run in runs if len(run) > 1]
