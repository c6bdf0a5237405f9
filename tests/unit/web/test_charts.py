"""The one chart helper: bar lengths, a month per point with gaps filled, the trend's
points on the drawing area and its text in Indonesian form."""

from __future__ import annotations

from datetime import date

from datusoban.formatting import angka
from datusoban.web import charts


def test_lengths_are_shares_of_the_largest_written_with_a_point():
    assert charts.lengths([50, None, 200, 0]) == ["25.0", "0.0", "100.0", "0.0"]
    assert charts.lengths([]) == []
    assert charts.lengths([None, 0]) == ["0.0", "0.0"]


def test_months_fill_the_gaps_between_the_first_and_the_last():
    counted = {date(2025, 11, 1): 3, date(2026, 2, 1): 1}
    assert charts.months(counted) == [
        (date(2025, 11, 1), 3), (date(2025, 12, 1), 0), (date(2026, 1, 1), 0),
        (date(2026, 2, 1), 1),
    ]  # fmt: skip
    assert charts.months({}) == []


def test_a_month_is_labelled_in_indonesian():
    assert charts.month_label(date(2026, 12, 1)) == "Des 2026"
    assert charts.month_label(date(2026, 5, 1)) == "Mei 2026"


def test_a_trend_has_one_point_per_value_inside_the_drawing_area():
    labels = [f"Tahap {i}" for i in range(1, 5)]
    chart = charts.trend("t", "KPM per tahap", labels, [1200, 0, 3000, 2500], angka, unit=" KPM")
    assert len(chart.points) == 4
    xs = [float(p.x) for p in chart.points]
    ys = [float(p.y) for p in chart.points]
    assert xs == sorted(xs) and xs[0] == charts.LEFT and xs[-1] == charts.WIDTH - charts.RIGHT
    base = charts.HEIGHT - charts.BOTTOM
    assert ys[1] == base  # zero sits on the axis
    assert min(ys) >= charts.TOP  # the top of the axis is at or above the peak
    assert chart.line.split(" ")[2] == f"{chart.points[2].x},{chart.points[2].y}"
    assert [p.text for p in chart.points] == ["1.200", "0", "3.000", "2.500"]
    assert [t.text for t in chart.ticks] == ["0", "2.000", "4.000"]
    assert "4 titik, Tahap 1 sampai Tahap 4" in chart.desc
    assert "tertinggi 3.000 KPM" in chart.desc and "terakhir 2.500 KPM" in chart.desc


def test_many_points_label_only_some_and_one_point_sits_in_the_middle():
    labels = [str(i) for i in range(36)]
    chart = charts.trend("t", "x", labels, list(range(36)), angka)
    assert len(chart.points) == 36
    assert sum(p.labelled for p in chart.points) <= charts.MAX_X_LABELS
    one = charts.trend("t", "x", ["Jan 2026"], [5], angka)
    assert len(one.points) == 1
    assert float(one.points[0].x) == charts.LEFT + (charts.WIDTH - charts.LEFT - charts.RIGHT) / 2


def test_no_values_no_chart():
    assert charts.trend("t", "x", [], [], angka) is None
