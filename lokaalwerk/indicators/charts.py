"""Server-side SVG charts: no script, no CDN, styled by classes from indicators.css.

The chart is a picture of the table beside it; screen readers get the table, so the SVG is
labelled as an image with a short summary."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 24, 34


def _ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high == low:
        high = low + 1
    step = (high - low) / count
    return [low + step * i for i in range(count + 1)]


class _Frame:
    """Maps periods and values onto the drawing area."""

    def __init__(self, days: list[dt.date], values: list[float]):
        self.first, self.last = min(days), max(days)
        self.span = max((self.last - self.first).days, 1)
        self.low = min(0.0, min(values))
        self.high = max(values) * 1.08 or 1.0

    def x(self, day: dt.date) -> float:
        day = min(max(day, self.first), self.last)
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - self.first).days / self.span

    def y(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - self.low) / (self.high - self.low))


def _axes(frame: _Frame) -> list[str]:
    parts = []
    for tick in _ticks(frame.low, frame.high):
        parts.append(
            format_html(
                '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart__label" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                f"{frame.y(tick):.1f}",
                f"{frame.y(tick):.1f}",
                LEFT - 6,
                f"{frame.y(tick) + 4:.1f}",
                number_format(
                    Decimal(str(round(tick, 1))), decimal_pos=0 if frame.high > 20 else 1
                ),
            )
        )
    for year in range(frame.first.year, frame.last.year + 1):
        day = max(dt.date(year, 1, 1), frame.first)
        parts.append(
            format_html(
                '<text class="chart__label" x="{}" y="{}" text-anchor="middle">{}</text>',
                f"{frame.x(day):.1f}",
                HEIGHT - 12,
                year,
            )
        )
    return parts


def _breaks(series, frame: _Frame) -> list[str]:
    return [
        format_html(
            '<line class="chart__break" x1="{0}" x2="{0}" y1="{1}" y2="{2}"/>'
            '<text class="chart__label" x="{3}" y="{4}">{5}</text>',
            f"{frame.x(version.valid_from):.1f}",
            TOP,
            HEIGHT - BOTTOM,
            f"{frame.x(version.valid_from) + 3:.1f}",
            TOP + 10,
            _("break: %(label)s") % {"label": version.label},
        )
        for version in series.breaks
        if frame.first < version.valid_from <= frame.last
    ]


def _target_steps(targets, frame: _Frame) -> list[str]:
    if not targets:
        return []
    steps = []
    for year, value in sorted(targets):
        start, end = frame.x(year), frame.x(dt.date(year.year, 12, 31))
        steps.append(f"{start:.1f},{frame.y(value):.1f} {end:.1f},{frame.y(value):.1f}")
    return [
        format_html(
            '<polyline class="chart__target" points="{}"><title>{}</title></polyline>',
            " ".join(steps),
            _("Target"),
        )
    ]


def line_chart(series) -> str:
    """The series as a line, the comparisons on the same scale as dashed lines, the targets as
    a stepped line, breaks in the series as vertical marks."""
    points = [(p.period, float(p.value)) for p in series.points if p.value is not None]
    if not points:
        return format_html('<p class="chart-empty">{}</p>', _("No figures for this area yet."))
    comparison_lines = {
        label: [(p.period, float(p.value)) for p in pts if p.value is not None]
        for label, pts in series.comparisons.items()
    }
    # Flanders is an order of magnitude above a municipality's counts: only comparisons on
    # the same scale (rates, shares) are drawn; the table always holds them all.
    if not series.indicator.is_computed and series.indicator.unit == "count":
        comparison_lines = {}
    days = [d for d, _ in points] + [d for line in comparison_lines.values() for d, _ in line]
    # A target for a year without figures (a year ahead) is listed under the chart, not drawn
    # as a mark squeezed against the edge.
    targets = [
        (dt.date(year, 1, 1), float(value))
        for year, value in series.targets
        if min(days).year <= year <= max(days).year
    ]
    lines = [points, targets, *comparison_lines.values()]
    frame = _Frame(days, [v for line in lines for _, v in line])
    chart_id = f"chart-{series.code}-{series.area.code}"
    parts = [
        format_html(
            '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
            'xmlns="http://www.w3.org/2000/svg">',
            WIDTH,
            HEIGHT,
            chart_id,
        ),
        format_html(
            '<title id="{}-title">{}: {}</title>',
            chart_id,
            series.indicator.name,
            series.area.name_nl,
        ),
        *_axes(frame),
        *_breaks(series, frame),
    ]
    for index, (label, line) in enumerate(comparison_lines.items()):
        if line:
            css = f"chart__line chart__line--compare{index}"
            parts.append(_polyline(line, frame.x, frame.y, css, label))
    parts += _target_steps(targets, frame)
    parts.append(
        _polyline(points, frame.x, frame.y, "chart__line chart__line--main", series.area.name_nl)
    )
    if series.synthetic:
        parts.append(
            format_html(
                '<text class="chart__synthetic" x="{}" y="{}">{}</text>',
                LEFT + 4,
                TOP - 8,
                _("synthetic demo data"),
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part is escaped


def _polyline(line, x, y, css: str, label: str) -> str:
    coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in line)
    return format_html(
        '<polyline class="{}" points="{}"><title>{}</title></polyline>', css, coords, escape(label)
    )


def bar_chart(title: str, values: list[tuple[str, Decimal | None]]) -> str:
    """Horizontal bars for one breakdown at the latest period."""
    known = [(label, float(v)) for label, v in values if v is not None]
    if not known:
        return ""
    top = max(v for _, v in known) or 1.0
    row = 22
    height = row * len(known) + 8
    parts = [
        format_html(
            '<svg class="chart chart--bars" viewBox="0 0 320 {}" role="img" aria-label="{}" '
            'xmlns="http://www.w3.org/2000/svg">',
            height,
            title,
        )
    ]
    for index, (label, value) in enumerate(known):
        width = 200 * value / top
        parts.append(
            format_html(
                '<text class="chart__label" x="0" y="{}">{}</text>'
                '<rect class="chart__bar" x="70" y="{}" width="{}" height="14"/>'
                '<text class="chart__label" x="{}" y="{}">{}</text>',
                index * row + 15,
                label,
                index * row + 4,
                f"{width:.1f}",
                f"{74 + width:.1f}",
                index * row + 15,
                number_format(Decimal(str(value)), decimal_pos=0),
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 - a constant closing tag
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part is escaped
