"""KPI health, trend and staleness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from okrsite.compute.status import AMBER, GREEN, RED
from okrsite.model import Kpi, Snapshot

_CADENCE = {"daily": (1, 0), "weekly": (7, 0), "monthly": (0, 1), "quarterly": (0, 3)}  # (days, months)


@dataclass(frozen=True, slots=True)
class KpiResult:
    value: float | None
    on: date | None
    health: str | None  # green | amber | red; None without data
    stale: bool
    trend: str | None  # up | down | flat; None with fewer than two snapshots
    improving: bool | None  # the trend is in the KPI's good direction
    snapshots: tuple[Snapshot, ...]  # those counted at as_of


def health(value: float, kpi: Kpi) -> str:
    """Green at or better than target, red at or worse than alert, amber between."""
    better = (lambda a, b: a >= b) if kpi.direction == "higher" else (lambda a, b: a <= b)
    if better(value, kpi.target):
        return GREEN
    if better(kpi.alert, value):
        return RED
    return AMBER


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def stale_after(newest: date, cadence: str) -> date:
    """The last day a snapshot from `newest` is still fresh: two cadences later."""
    days, months = _CADENCE[cadence]
    return _add_months(newest, 2 * months) + timedelta(days=2 * days)


def compute_kpi(kpi: Kpi, as_of: date) -> KpiResult:
    counted = tuple(s for s in kpi.snapshots if s.date <= as_of)
    if not counted:
        return KpiResult(None, None, None, True, None, None, counted)
    newest = counted[-1]
    trend = improving = None
    if len(counted) >= 2:
        previous = counted[-2].value
        trend = "up" if newest.value > previous else "down" if newest.value < previous else "flat"
        if trend != "flat":
            improving = (trend == "up") == (kpi.direction == "higher")
    stale = as_of > stale_after(newest.date, kpi.cadence)
    return KpiResult(newest.value, newest.date, health(newest.value, kpi), stale, trend, improving, counted)
