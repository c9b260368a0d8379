"""Charts of real values (issue 17, part 2): a worsening metric goes the wrong way on its chart."""

from __future__ import annotations

import re
from datetime import date

from okrsite.render.charts import Point, kpi_chart, milestone_chart, value_chart
from okrsite.i18n import ENGLISH

Q3 = (date(2026, 7, 1), date(2026, 9, 30))


def dots(svg: str) -> list[float]:
    return [float(y) for y in re.findall(r'<circle class="dot" cx="[\d.]+" cy="([\d.]+)"', svg)]


def test_a_worsening_metric_climbs_away_from_its_target_instead_of_lying_flat_at_zero():
    """First response time, lower is better: 2 -> 5.2 hours against a target of 1.5 (progress clamps to 0)."""
    values = [2.0, 2.9, 4.1, 5.2]
    points = [Point(date(2026, 7, 1 + 7 * n), v, "") for n, v in enumerate(values)]
    svg = value_chart(ENGLISH, "c", *Q3, date(2026, 8, 19), points, 2.0, 1.5, 0.7, "hours", "t")
    ys = dots(svg)
    assert ys == sorted(ys, reverse=True) and len(set(ys)) == 4  # each value higher on the chart than the last
    target_y = float(re.search(r'<line class="target" x1="\d+" x2="\d+" y1="([\d.]+)"', svg).group(1))
    assert all(y < target_y for y in ys)  # all above (worse than) the target line
    assert "start 2 hours" in svg and "target 1.5 hours" in svg and "latest 5.2 hours" in svg


def test_kpi_charts_name_months_unambiguously():
    assert ENGLISH.month(date(2025, 8, 31)) == "Aug 2025"
    points = [Point(date(2025, 8, 31), 99.86, ""), Point(date(2026, 7, 31), 99.93, "")]
    svg = kpi_chart(ENGLISH, "k", points, 99.9, 99.5, "higher", "%", "Uptime")
    assert ">Aug 2025<" in svg and ">Jul 2026<" in svg and "Aug 25" not in svg


def test_a_kpi_chart_shows_its_stretch_line_and_includes_it_in_its_range():
    points = [Point(date(2025, 8, 31), 99.86, ""), Point(date(2026, 7, 31), 99.93, "")]
    svg = kpi_chart(ENGLISH, "k", points, 99.9, 99.5, "higher", "%", "Uptime", stretch=99.95)
    stretch_y = float(re.search(r'<line class="stretch" x1="\d+" x2="\d+" y1="([\d.]+)"', svg).group(1))
    assert 0 < stretch_y < min(dots(svg)) and "stretch 99.95%" in svg


def test_a_milestone_is_drawn_as_steps_against_its_due_date_not_as_a_pace():
    svg = milestone_chart(ENGLISH, "m", date(2026, 7, 1), date(2026, 9, 30), date(2026, 8, 19), date(2026, 8, 31),
                          [Point(date(2026, 7, 10), 0.0, "not done"), Point(date(2026, 8, 14), 1.0, "done")], "t")
    line = svg.split('class="actual" points="')[1].split('"')[0].split()
    xs, ys = zip(*((float(x), float(y)) for x, y in (p.split(",") for p in line)))
    assert ys[0] == ys[1] > ys[2] == ys[3]  # flat at not done, then straight up on the day it was done
    assert xs[1] == xs[2]  # a step, not a slope
    assert "due 31 Aug" in svg and 'class="pace" x1' in svg
    assert "Due 31 Aug; done on 14 Aug." in svg


def test_labels_of_lines_close_together_do_not_overlap():
    svg = kpi_chart(ENGLISH, "k", [Point(date(2026, 1, 31), 99.93, ""), Point(date(2026, 2, 28), 99.95, "")], 99.9, 99.5,
                    "higher", "%", "t", stretch=99.95)
    labels = dict(re.findall(r'<text class="tick" x="([\d.]+)" y="[\d.]+"(?: text-anchor="end")?>((?:target|stretch)[^<]*)<', svg))
    assert len(set(labels)) == 2  # target at the left, stretch (a hair above it) at the right
