"""Key result values and scores, objective scores, means: pure functions of the model and `as_of`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from okrsite.model import CheckIn, KeyResult, Kpi
from okrsite.periods import Period


@dataclass(frozen=True, slots=True)
class Measure:
    """A key result's value at `as_of` and where it came from (for provenance)."""

    value: float | None  # metric or maintain value; None for a milestone (and a maintain one without any)
    done: bool | None  # milestone state; None for a metric
    source: str  # checkin | kpi | current | start | done | none
    on: date | None  # date of the check-in or snapshot that gave it
    held: int = 0  # maintain: how many of the period's values held the line
    observed: int = 0  # maintain: how many values the period has had so far


_VALUE, _DONE, _CONFIDENCE = CheckIn._fields.index("value"), CheckIn._fields.index("done"), \
    CheckIn._fields.index("confidence")


def _latest_counted(key_result: KeyResult, period: Period, as_of: date, field: int) -> CheckIn | None:
    """The most recent counted check-in (inside the period, on or before `as_of`; later ones never
    count) that gives `field` (an index of CheckIn), or None. Check-ins are sorted by date."""
    last = min(as_of, period.end)
    for checkin in reversed(key_result.checkins):
        if checkin.date > last:
            continue
        if checkin.date < period.start:
            return None
        if checkin[field] is not None:
            return checkin
    return None


def holds(key_result: KeyResult, value: float) -> bool:
    """Whether a maintain key result's value is on the good side of its threshold (the line itself included)."""
    assert key_result.threshold is not None
    return value <= key_result.threshold if key_result.direction == "lower" else value >= key_result.threshold


def _maintain_measure(key_result: KeyResult, period: Period, kpi: Kpi | None, as_of: date) -> Measure:
    """The period's values so far (KPI snapshots when linked, else check-ins; else `current`), the latest
    of them, and how many held the line."""
    last = min(as_of, period.end)
    source = "kpi" if kpi is not None else "checkin"
    series = [(s.date, s.value) for s in kpi.snapshots if period.start <= s.date <= last] if kpi is not None else \
        [(c.date, c.value) for c in key_result.checkins if c.value is not None and period.start <= c.date <= last]
    if not series and key_result.current is not None:
        series, source = [(None, key_result.current)], "current"
    if not series:
        return Measure(None, None, "none", None)
    held = sum(1 for _, value in series if holds(key_result, value))
    return Measure(series[-1][1], None, source, series[-1][0], held, len(series))


def measure(key_result: KeyResult, period: Period, kpi: Kpi | None, as_of: date) -> Measure:
    """Latest KPI snapshot in the period (KPI-linked), else latest check-in, else `current`, else `start`."""
    if key_result.type == "maintain":
        return _maintain_measure(key_result, period, kpi, as_of)
    if key_result.type == "milestone":
        stated = _latest_counted(key_result, period, as_of, _DONE)
        if stated is not None:
            return Measure(None, stated.done, "checkin", stated.date)
        return Measure(None, key_result.done, "done", None)
    if kpi is not None:
        inside = [s for s in kpi.snapshots if period.start <= s.date <= min(period.end, as_of)]
        if inside:
            return Measure(inside[-1].value, None, "kpi", inside[-1].date)
    valued = _latest_counted(key_result, period, as_of, _VALUE)
    if valued is not None:
        return Measure(valued.value, None, "checkin", valued.date)
    if key_result.current is not None:
        return Measure(key_result.current, None, "current", None)
    return Measure(key_result.start, None, "start", None)


def clamp(value: float, low: float = 0.0, high: float = 1.0) -> float:
    return min(high, max(low, value))


def metric_score(value: float, start: float, target: float) -> float:
    """clamp((value - start) / (target - start), 0, 1); lower-is-better falls out of the signs."""
    return clamp((value - start) / (target - start))


def key_result_score(key_result: KeyResult, found: Measure) -> float:
    if key_result.type == "milestone":
        return 1.0 if found.done else 0.0
    if key_result.type == "maintain":  # the share of the period's values that held the line
        return found.held / found.observed if found.observed else 0.0
    assert found.value is not None and key_result.start is not None and key_result.target is not None
    return metric_score(found.value, key_result.start, key_result.target)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float:
    """Mean of `(score, weight)` pairs weighted by weight."""
    pairs = list(pairs)
    total = sum(weight for _, weight in pairs)
    return sum(score * weight for score, weight in pairs) / total


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def latest_confidence(key_result: KeyResult, period: Period, as_of: date) -> float | None:
    """The confidence of the most recent counted check-in that states one."""
    stated = _latest_counted(key_result, period, as_of, _CONFIDENCE)
    return stated.confidence if stated is not None else None
