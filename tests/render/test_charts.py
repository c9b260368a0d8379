"""Charts of real values (issue 17, part 2): a worsening metric goes the wrong way on its chart."""

from __future__ import annotations

import re
from datetime import date

from okrsite.render.charts import Point, kpi_chart, value_chart
from okrsite.render.formatting import month

Q3 = (date(2026, 7, 1), date(2026, 9, 30))


def dots(svg: str) -> list[float]:
    return [float(y) for y in re.findall(r'<circle class="dot" cx="[\d.]+" cy="([\d.]+)"', svg)]


def test_a_worsening_metric_climbs_away_from_its_target_instead_of_lying_flat_at_zero():
    """First response time, lower is better: 2 -> 5.2 hours against a target of 1.5 (progress clamps to 0)."""
    values = [2.0, 2.9, 4.1, 5.2]
    points = [Point(date(2026, 7, 1 + 7 * n), v, "") for n, v in enumerate(values)]
    svg = value_chart("c", *Q3, date(2026, 8, 19), points, 2.0, 1.5, 0.7, "hours", "t")
    ys = dots(svg)
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 4  # each value higher on the chart than the last
    target_y = float(re.search(r'<line class="target" x1="\d+" x2="\d+" y1="([\d.]+)"', svg).group(1))
    assert all(y < target_y for y in ys)  # all above (worse than) the target line
    assert "start 2 hours" in svg and "target 1.5 hours" in svg and "latest 5.2 hours" in svg


def test_kpi_charts_name_months_unambiguously():
    assert month(date(2025, 8, 31)) == "Aug 2025"
    points = [Point(date(2025, 8, 31), 99.86, ""), Point(date(2026, 7, 31), 99.93, "")]
    svg = kpi_chart("k", points, 99.9, 99.5, "higher", "%", "Uptime")
    assert ">Aug 2025<" in svg and ">Jul 2026<" in svg and "Aug 25" not in svg


def test_a_kpi_chart_shows_its_stretch_line_and_includes_it_in_its_range():
    points = [Point(date(2025, 8, 31), 99.86, ""), Point(date(2026, 7, 31), 99.93, "")]
    svg = kpi_chart("k", points, 99.9, 99.5, "higher", "%", "Uptime", stretch=99.95)
    stretch_y = float(re.search(r'<line class="stretch" x1="\d+" x2="\d+" y1="([\d.]+)"', svg).group(1))
    assert 0 < stretch_y < min(dots(svg)) and "stretch 99.95%" in svg
