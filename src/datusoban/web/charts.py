"""The one chart helper of the pages: figures scaled for server-drawn SVG, no script.

Two shapes: ``lengths`` (a bar per row, as long as its share of the largest: the
dashboard's bars) and ``trend`` (a line over time: KPM per tahap, cases per month,
quarantined rows per month, independence after discharge). Coordinates are returned as
text with a point, never localised ("54.2", not "54,2" as the id locale would write it),
and the page keeps the table the chart is drawn from: the chart is a picture of the
table, its title and description say what it shows (role="img", <title>, <desc>).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import formats

# The drawing area in SVG units; the chart scales to the width of its panel.
WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 36
GRID = 2  # grid lines above the zero line: the middle and the top
MAX_X_LABELS = 12  # more points than this: every n-th label only, so they do not collide


def _n(value: float) -> str:
    return f"{value:.1f}"


def months(counts: Mapping[date, int]) -> list[tuple[date, int]]:
    """Every month from the first counted to the last (its first day), 0 where nothing
    was counted: a month without cases is a point on the line, not a gap."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = date(year, month, 1)
        out.append((day, counts.get(day, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def month_label(day: date) -> str:
    """A month as the axis and the table write it: "Jan 2026" (the id locale's names)."""
    return formats.date_format(day, "M Y")


def _whole(value: float) -> float | int:
    """A whole number as an int, so that "2" is not written "2,0"."""
    return int(value) if float(value).is_integer() else value


def lengths(values: Sequence[float | None]) -> list[str]:
    """Each value's length (0-100) as a share of the largest; None and 0 are 0."""
    peak = max((v for v in values if v is not None), default=0) or 1
    return [_n(100 * (v or 0) / peak) for v in values]


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    label: str  # the x label ("Tahap 1", "Jan 2026")
    text: str  # the value as the table writes it
    labelled: bool  # whether the x axis shows this point's label


@dataclass(frozen=True)
class Tick:
    y: str
    text: str


@dataclass(frozen=True)
class Trend:
    id: str
    title: str
    desc: str
    points: list[Point]
    ticks: list[Tick]
    line: str  # the polyline's points attribute
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    base: str = _n(HEIGHT - BOTTOM)
    label_y: str = _n(HEIGHT - BOTTOM + 18)


def _nice_top(peak: float) -> float:
    """A round top for the y axis at or above ``peak`` (1, 2, 4, 6, 8 or 10 × 10^k, at
    least 2), so that its half, the middle grid line, is a whole number too."""
    step = 10 ** (len(str(int(peak))) - 1) if peak >= 1 else 1
    for factor in (1, 2, 4, 6, 8, 10):
        if factor * step >= peak:
            return max(2, factor * step)
    return 10 * step


def trend(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    fmt: Callable[[float], str],
    *,
    unit: str = "",
) -> Trend | None:
    """A line through ``values`` (one per label, in order); None without any value, so
    that a page shows its table's own "nothing yet" and no empty chart."""
    if not values:
        return None
    top = _nice_top(max(values))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / (len(values) - 1) if len(values) > 1 else 0
    every = max(1, -(-len(values) // MAX_X_LABELS))
    points = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + (i * step if len(values) > 1 else inner_w / 2)
        y = TOP + inner_h * (1 - value / top)
        points.append(Point(_n(x), _n(y), label, fmt(_whole(value)), i % every == 0))
    ticks = [
        Tick(_n(TOP + inner_h * (1 - k / GRID)), fmt(_whole(top * k / GRID)))
        for k in range(GRID + 1)
    ]
    low, high = min(values), max(values)
    first, last = labels[0], labels[-1]
    desc = (
        f"{len(values)} titik, {first} sampai {last}: terendah {fmt(_whole(low))}{unit}, "
        f"tertinggi {fmt(_whole(high))}{unit}, terakhir {fmt(_whole(values[-1]))}{unit}. "
        "Angka lengkapnya ada di tabel."
    )
    return Trend(
        id=chart_id, title=title, desc=desc, points=points, ticks=ticks,
        line=" ".join(f"{p.x},{p.y}" for p in points),
    )  # fmt: skip
