"""Inline SVG charts made at build time: no JavaScript, colours from CSS, a text alternative each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape

from okrsite.i18n import Language

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 14, 30
LABEL_GAP = 22  # the height of a label at its largest (phones), in the chart's units


@dataclass(frozen=True, slots=True)
class Point:
    on: date
    value: float
    label: str


def _frame(chart_id: str, title: str, description: str, body: list[str], css: str) -> str:
    return (
        f'<svg class="chart {css}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>'
        + "".join(body) + "</svg>"
    )


class _Scale:
    def __init__(self, first: date, last: date, low: float, high: float) -> None:
        self.first, self.days = first, max(1, (last - first).days)
        self.low, self.span = low, (high - low) or 1.0

    def x(self, day: date) -> float:
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - self.first).days / self.days, 1)

    def y(self, value: float) -> float:
        return round(HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (value - self.low) / self.span, 1)


def _axes(scale: _Scale, ticks: list[tuple[float, str]], first: date, last: date, label: "callable",
          inside: bool = False) -> list[str]:
    """Grid lines at `ticks` with their labels (left of the plot, or `inside` it above each line, for
    long labels), and the first and last dates below."""
    parts = []
    left: list[float] = []  # where inside labels sit at the left; one too close to another goes right
    for value, text in ticks:
        y = scale.y(value)
        if not inside:
            where = f'x="{LEFT - 6}" y="{y + 4}" text-anchor="end"'
        elif any(abs(y - other) < LABEL_GAP for other in left):
            where = f'x="{WIDTH - RIGHT - 4}" y="{y - 5}" text-anchor="end"'
        else:
            left.append(y)
            where = f'x="{LEFT + 4}" y="{y - 5}"'
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
                     f'<text class="tick" {where}>{escape(text)}</text>')
    base = HEIGHT - BOTTOM + 18
    parts.append(f'<text class="tick" x="{LEFT}" y="{base}">{escape(label(first))}</text>'
                 f'<text class="tick" x="{WIDTH - RIGHT}" y="{base}" text-anchor="end">{escape(label(last))}</text>')
    return parts


def _today(words: Language, scale: _Scale, start: date, end: date, as_of: date) -> list[str]:
    """The vertical line at `as_of`, when it falls inside the chart's dates."""
    if not start <= as_of <= end:
        return []
    x = scale.x(as_of)
    label = escape(words._("as of %(day)s") % {"day": words.short_day(as_of)})
    return [f'<line class="today" x1="{x}" x2="{x}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>'
            f'<text class="tick" x="{x + 4}" y="{TOP + 10}">{label}</text>']


def _latest(words: Language, points: list[Point], unit: str) -> str:
    if not points:
        return words._("no values yet")
    return words._("latest %(value)s on %(day)s") % {"value": words.number(points[-1].value, unit),
                                                      "day": words.short_day(points[-1].on)}


def _line_with_dots(scale: _Scale, points: list[Point], radius: float = 3.5) -> list[str]:
    """The values as a line, each a dot whose tooltip is its label."""
    if not points:
        return []
    at = [(scale.x(p.on), scale.y(p.value)) for p in points]  # each point placed once, used twice
    coordinates = " ".join(f"{x},{y}" for x, y in at)
    return [f'<polyline class="actual" points="{coordinates}"/>',
            *(f'<circle class="dot" cx="{x}" cy="{y}" r="{radius}"><title>{escape(p.label)}</title></circle>'
              for (x, y), p in zip(at, points))]


def milestone_chart(words: Language, chart_id: str, start: date, end: date, as_of: date, due: date, points: list[Point],
                    title: str) -> str:
    """A milestone's state over its period, as steps (it is done or not, never 40 % done), against the
    day it is due: before that day not done yet is on plan."""
    scale = _Scale(start, end, -0.15, 1.15)  # room for each line's label above it, and for the dates below
    body = _axes(scale, [(0.0, words._("not done")), (1.0, words._("done"))], start, end, words.short_day, inside=True)
    if start <= due <= end:
        x = scale.x(due)
        label = escape(words._("due %(day)s") % {"day": words.short_day(due)})
        body.append(f'<line class="pace" x1="{x}" x2="{x}" y1="{TOP}" y2="{HEIGHT - BOTTOM}"/>'
                    f'<text class="tick" x="{x - 4}" y="{scale.y(0.5)}" text-anchor="end">{label}</text>')
    body.extend(_today(words, scale, start, end, as_of))
    if points:
        steps = [f"{scale.x(points[0].on)},{scale.y(points[0].value)}"]
        for before, point in zip(points, points[1:]):
            steps.append(f"{scale.x(point.on)},{scale.y(before.value)} {scale.x(point.on)},{scale.y(point.value)}")
        if points[-1].on < min(as_of, end):  # the state holds until the page's day
            steps.append(f"{scale.x(min(as_of, end))},{scale.y(points[-1].value)}")
        body.append(f'<polyline class="actual" points="{" ".join(steps)}"/>')
        body.extend(f'<circle class="dot" cx="{scale.x(p.on)}" cy="{scale.y(p.value)}" r="3.5">'
                    f"<title>{escape(p.label)}</title></circle>" for p in points)
    done = next((p.on for p in points if p.value >= 1), None)
    if done:
        state = words._("done on %(day)s") % {"day": words.short_day(done)}
    elif points:
        state = words._("not done as of %(day)s") % {"day": words.short_day(min(as_of, end))}
    else:
        state = words._("no check-ins yet")
    description = words._("Due %(day)s; %(state)s.") % {"day": words.short_day(due), "state": state}
    return _frame(chart_id, title, description, body, "progress-chart")


def threshold_chart(words: Language, chart_id: str, start: date, end: date, as_of: date, points: list[Point], threshold: float,
                    direction: str, unit: str, title: str) -> str:
    """A maintain key result's values over its period, the side of its threshold that holds shaded."""
    values = [p.value for p in points] + [threshold]
    low, high = min(values), max(values)
    pad = (high - low) * 0.15 or abs(threshold) * 0.05 or 1.0
    low, high = low - pad, high + pad
    scale = _Scale(start, end, low, high)
    good, bad = (high, low) if direction != "lower" else (low, high)
    body = []
    for css, edge in (("band-green", good), ("band-red", bad)):
        y1, y2 = sorted((scale.y(threshold), scale.y(edge)))
        body.append(f'<rect class="{css}" x="{LEFT}" y="{y1}" width="{WIDTH - LEFT - RIGHT}" height="{round(y2 - y1, 1)}"/>')
    line = words._("the line %(value)s") % {"value": words.number(threshold, unit)}
    body.extend(_axes(scale, [(threshold, line)], start, end, words.short_day, inside=True))
    y = scale.y(threshold)
    body.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}">'
                f"<title>{escape(line)}</title></line>")
    body.extend(_today(words, scale, start, end, as_of))
    body.extend(_line_with_dots(scale, points))
    held = sum(1 for p in points if (p.value <= threshold if direction == "lower" else p.value >= threshold))
    values = {"held": held, "count": len(points), "start": words.short_day(start), "end": words.short_day(end),
              "line": words.number(threshold, unit), "latest": _latest(words, points, unit)}
    description = (words._("%(held)s of %(count)s values from %(start)s to %(end)s held at or below %(line)s; "
                           "%(latest)s.") if direction == "lower" else
                   words._("%(held)s of %(count)s values from %(start)s to %(end)s held at or above %(line)s; "
                           "%(latest)s.")) % values
    return _frame(chart_id, title, description, body, "kpi-chart")


def value_chart(words: Language, chart_id: str, start: date, end: date, as_of: date, points: list[Point], baseline: float,
                target: float, goal: float, unit: str, title: str) -> str:
    """A metric key result's values on a value axis, with its start and target lines and the expected
    pace from the start to `goal` of the way by the end: a worsening metric shows as worsening."""
    paced = baseline + goal * (target - baseline)
    values = [p.value for p in points] + [baseline, target]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1.0
    scale = _Scale(start, end, low - pad, high + pad)
    ticks = [(baseline, words._("start %(value)s") % {"value": words.number(baseline, unit)}),
             (target, words._("target %(value)s") % {"value": words.number(target, unit)})]
    body = _axes(scale, ticks, start, end, words.short_day, inside=True)
    body.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale.y(target)}" y2="{scale.y(target)}"/>')
    body.append(f'<line class="pace" x1="{scale.x(start)}" y1="{scale.y(baseline)}" x2="{scale.x(end)}" '
                f'y2="{scale.y(paced)}"><title>'
                + escape(words._("expected pace: %(value)s by %(day)s") % {"value": words.number(paced, unit),
                                                                            "day": words.short_day(end)})
                + "</title></line>")
    body.extend(_today(words, scale, start, end, as_of))
    body.extend(_line_with_dots(scale, points))
    description = words._("Values from %(start)s to %(end)s, from the start %(baseline)s to the target "
                          "%(target)s: %(latest)s; the expected pace reaches %(paced)s at the end of the period.") % {
        "start": words.short_day(start), "end": words.short_day(end), "baseline": words.number(baseline, unit),
        "target": words.number(target, unit), "latest": _latest(words, points, unit),
        "paced": words.number(paced, unit)}
    return _frame(chart_id, title, description, body, "value-chart")


def kpi_chart(words: Language, chart_id: str, points: list[Point], target: float, alert: float, direction: str, unit: str,
              title: str, stretch: float | None = None) -> str:
    """A KPI's values over time with its green, amber and red bands (and its stretch line)."""
    if not points:
        return ""
    values = [p.value for p in points] + [target, alert] + ([stretch] if stretch is not None else [])
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    first, last = points[0].on, points[-1].on
    scale = _Scale(first, last if last > first else date.fromordinal(first.toordinal() + 1), low, high)
    good_top = direction == "higher"
    bands = [("band-green", target, high if good_top else low), ("band-amber", alert, target),
             ("band-red", low if good_top else high, alert)]
    body = []
    for css, a, b in bands:
        y1, y2 = sorted((scale.y(a), scale.y(b)))
        body.append(f'<rect class="{css}" x="{LEFT}" y="{y1}" width="{WIDTH - LEFT - RIGHT}" height="{round(y2 - y1, 1)}"/>')
    ticks = [(alert, words._("alert %(value)s") % {"value": words.number(alert, unit)}),
             (target, words._("target %(value)s") % {"value": words.number(target, unit)})]
    if stretch is not None:
        ticks.append((stretch, words._("stretch %(value)s") % {"value": words.number(stretch, unit)}))
    body.extend(_axes(scale, ticks, first, last, words.month, inside=True))
    body.append(f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale.y(target)}" y2="{scale.y(target)}"/>')
    if stretch is not None:
        body.append(f'<line class="stretch" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale.y(stretch)}" '
                    f'y2="{scale.y(stretch)}"/>')
    body.extend(_line_with_dots(scale, points, radius=3))
    values = {"count": len(points), "first": words.month(first), "last": words.month(last),
              "latest": words.number(points[-1].value, unit), "target": words.number(target, unit),
              "alert": words.number(alert, unit)}
    if stretch is None:
        description = words._("%(count)s values from %(first)s to %(last)s, latest %(latest)s; target %(target)s, "
                              "alert %(alert)s.") % values
    else:
        description = words._("%(count)s values from %(first)s to %(last)s, latest %(latest)s; target %(target)s, "
                              "alert %(alert)s, stretch %(stretch)s.") % {**values, "stretch": words.number(stretch, unit)}
    return _frame(chart_id, title, description, body, "kpi-chart")


def distribution_chart(words: Language, chart_id: str, scores: list[float], title: str) -> str:
    """How ended objectives scored, in bins of 0.1, with the 0.6-0.7 sweet spot marked."""
    bins = [0] * 10
    for value in scores:
        bins[min(9, int(value * 10 + 1e-9))] += 1
    tallest = max(bins) or 1
    scale_x = (WIDTH - LEFT - RIGHT) / 10
    plot = HEIGHT - TOP - BOTTOM
    band = escape(words._("the 0.6–0.7 sweet spot of aspirational objectives"))
    body = [f'<rect class="sweet-spot" x="{LEFT + 6 * scale_x}" y="{TOP - 4}" width="{scale_x}" height="{plot + 4}">'
            f"<title>{band}</title></rect>"]
    for index, count in enumerate(bins):
        height = plot * count / tallest
        x = LEFT + index * scale_x
        label = words.n_("%(count)s objective scored %(low)s–%(high)s", "%(count)s objectives scored %(low)s–%(high)s",
                         count) % {"count": count, "low": words.score(index / 10), "high": words.score((index + 1) / 10)}
        body.append(f'<rect class="hist-bar" x="{x + 3}" y="{HEIGHT - BOTTOM - height}" width="{scale_x - 6}" '
                    f'height="{height}"><title>{escape(label)}</title></rect>')
        if count:
            body.append(f'<text class="tick" x="{x + scale_x / 2}" y="{HEIGHT - BOTTOM - height - 4}" '
                        f'text-anchor="middle">{count}</text>')
        body.append(f'<text class="tick" x="{x}" y="{HEIGHT - BOTTOM + 16}">{index / 10:.1f}</text>')
    body.append(f'<text class="tick" x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 16}" text-anchor="end">1.0</text>')
    spot = words._("sweet spot")
    # drawn over the bars too, so that the band shows where a tall bar would hide it
    body.append(f'<rect class="sweet-spot-frame" x="{LEFT + 6 * scale_x}" y="{TOP}" width="{scale_x}" height="{plot}"/>'
                f'<text class="tick sweet-spot-label" x="{LEFT + 6.5 * scale_x}" y="{HEIGHT - BOTTOM + 28}" '
                f'text-anchor="middle">{escape(spot)}</text>')
    in_spot = bins[6]
    description = (words._("%(count)s objectives; %(spot)s in the 0.6–0.7 sweet spot; ") % {"count": len(scores),
                                                                                          "spot": in_spot}
                   + ", ".join(f"{words.score(i / 10)}–{words.score((i + 1) / 10)}: {c}"
                               for i, c in enumerate(bins) if c) + ".")
    return _frame(chart_id, title, description, body, "distribution-chart")
